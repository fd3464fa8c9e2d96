"""Where an event took place, as places of the report: its virtual locations, venues (a host
body's premises, a building), cities and regions; and where its host bodies are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..ids import slug
from ..model import Place
from ..reference import City
from .context import ReportContext
from .organisations import Mention
from .places import Venue, spell_out, virtual_key


def event_locations(
    venue: Venue, hosts: list[tuple[str, Mention]], context: ReportContext
) -> list[str]:
    """Place keys of an event, most specific first: venues, then cities, then regions.

    A host body's premises are a venue named after it, inside the city of the cell."""
    keys: list[str] = []
    for text in venue.virtual:
        keys.append(add_place(context, Place(key=virtual_key(text), name=text, kind="virtual")))
    city_keys = [add_city(context, city) for city in venue.cities]
    region_keys = [add_region(context, iso) for iso in venue.regions]
    container = city_keys[0] if city_keys else (region_keys[0] if region_keys else None)
    venue_keys = [
        *_premises(hosts, container, context),
        *_buildings(venue.buildings, container, context),
    ]
    keys += venue_keys
    if not venue_keys:
        keys += city_keys or region_keys
    return list(dict.fromkeys(keys))


def _premises(
    hosts: list[tuple[str, Mention]], container: str | None, context: ReportContext
) -> list[str]:
    """A venue for each host body, named after it, in the venue cell's city or region or
    else where the authority file places the body (none when nothing places it)."""
    keys: list[str] = []
    for host, mention in hosts:
        place_container = container or _host_location(host, context)
        if place_container is None:
            continue
        name = context.registry.name_of(host)
        spellings = tuple(sorted({mention.surface, mention.name} - {name}))
        venue_place = Place(
            key=f"{place_container}/{host}",
            name=name,
            kind="venue",
            parent=place_container,
            alt_labels=spellings,
            organization=host,
        )
        keys.append(add_place(context, venue_place))
    return keys


def _buildings(buildings: list[str], container: str | None, context: ReportContext) -> list[str]:
    """A venue for each building the venue cell names, its abbreviations spelt out."""
    keys: list[str] = []
    for building in buildings:
        if not building:
            continue
        name = spell_out(building, context.reference)
        key = f"{container}/{slug(name, 64)}" if container else f"venue/{slug(name, 64)}"
        spellings = (building,) if name != building else ()
        place = Place(key=key, name=name, kind="venue", parent=container, alt_labels=spellings)
        keys.append(add_place(context, place))
    return keys


def held_away(locations: list[str], context: ReportContext) -> bool:
    """Whether an event's places lie outside the reporting region."""
    regions = set()
    for key in locations:
        place = context.places[key]
        while place.parent is not None and place.kind != "region":
            place = context.places[place.parent]
        if place.kind == "region" and place.iso_code:
            regions.add(place.iso_code)
    reporting = context.reporting_region
    return bool(regions) and reporting is not None and reporting not in regions


def note_host_places(hosts: Sequence[str], venue: Venue, context: ReportContext) -> None:
    """'ФГБОУ ВО «…», г. Тверь': the one city (or else region) of a venue cell is where its
    host bodies are, as evidence of their location."""
    cities = {context.reference.city_place(city).key for city in venue.cities}
    regions = {context.reference.regions[iso].key for iso in venue.regions}
    places = cities or regions
    if len(places) == 1:
        (place,) = places
        for host in hosts:
            context.registry.note_place(host, place)


def add_region(context: ReportContext, iso: str) -> str:
    place, *containers = context.reference.region_places(iso)  # abroad: and its country
    for known in (place, *containers):
        context.places.setdefault(known.key, known)
    return place.key


def add_city(context: ReportContext, city: City) -> str:
    place = context.reference.city_place(city)
    context.places.setdefault(place.key, place)
    if place.parent:
        add_region(context, context.reference.cities[city.key].region_iso)
    return place.key


def add_place(context: ReportContext, place: Place) -> str:
    known = context.places.get(place.key)
    if known is not None:
        labels = tuple(sorted(set(known.alt_labels) | set(place.alt_labels)))
        place = replace(known, alt_labels=labels)
    context.places[place.key] = place
    return place.key


def _host_location(host: str, context: ReportContext) -> str | None:
    if host in context.reference.authority:
        org = context.reference.organisation(host)
        if org.location:
            _add_known_location(org.location, context)
            return org.location
    return None


def _add_known_location(key: str, context: ReportContext) -> None:
    if key in context.reference.cities:
        add_city(context, context.reference.cities[key])
    elif key.upper() in context.reference.regions:
        add_region(context, key.upper())
