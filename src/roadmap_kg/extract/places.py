"""The venue cell: attendance mode, places (virtual, region, city, venue) and host bodies.

The cell is a comma-separated list ('РГПУ им. А.И. Герцена, Музей Анны Ахматовой
(Фонтанный дом), г. Санкт-Петербург'). Each part is one of:
- an online or remote marker ('онлайн', 'ВКС', 'по средствам электронной связи') → virtual;
- a city ('г. Смоленск'), or a region ('Смоленская область') → the place of the event;
- a body ('СОГБУК «…»', 'Санкт-Петербургский государственный университет') → a host, on
  whose premises the event is held ('X при поддержке Y': Y is a sponsor);
- anything else ('Таврический дворец') → a named building inside the city.
A lone abbreviation after a body ('Институт истории, РАН') belongs to that body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ids import slug
from ..lang.text import starting_with
from ..reference import City, Reference
from .organisations import Mention, MentionFinder, _split_outside

ONLINE = starting_with(
    "одвизпoz",
    r"онлайн|он-лайн|online|дистанционн|видеоконференц|\bВКС\b|вебинар|веб-?конференц"
    r"|в режиме видео|интернет|\bzoom\b|(?:по\s*средствам|посредством)\s+[^,]*связи"
    r"|в онлайн-формате|в формате онлайн|заочн|виртуальн",
    re.IGNORECASE,
)
MIXED = starting_with(
    "сго",
    r"смешанн|гибридн|очно[\s-]*(?:и|/|-)\s*(?:заочно|онлайн|дистанционно)",
    re.IGNORECASE,
)
_CITY_MARK = re.compile(r"^\s*(?:г\.|гор\.|город|г\s)\s*", re.IGNORECASE)
_SPONSOR = re.compile(r"\s+при\s+поддержке\s+", re.IGNORECASE)
_LONE_ABBREVIATION = re.compile(r"^\s*[А-ЯЁ]{2,6}\s*$")


@dataclass
class Venue:
    attendance: str | None = None  # None when the cell says nothing either way
    virtual: list[str] = field(default_factory=list)  # texts of virtual locations
    regions: list[str] = field(default_factory=list)  # ISO codes
    cities: list[City] = field(default_factory=list)
    buildings: list[str] = field(default_factory=list)
    hosts: list[Mention] = field(default_factory=list)
    sponsors: list[Mention] = field(default_factory=list)


def parse_venue(
    text: str, reference: Reference, finder: MentionFinder, parties: tuple[str, ...]
) -> Venue:
    venue = Venue()
    parts = [text[a:b].strip() for a, b in _split_outside(text, 0, len(text), ",;")]
    merged: list[str] = []
    for part in parts:
        if merged and _LONE_ABBREVIATION.match(part) and not _CITY_MARK.match(part):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    online = False
    for part in merged:
        if not part:
            continue
        if ONLINE.search(part) or MIXED.search(part):
            online = True
            venue.virtual.append(part)
            if MIXED.search(part):
                venue.attendance = "mixed"
            continue
        city_mark = _CITY_MARK.match(part)
        if city_mark:
            city = find_city(part[city_mark.end() :], reference, parties)
            if city:
                venue.cities.append(city)
                continue
        region = _whole_region(part, reference)
        if region:
            venue.regions.append(region)
            continue
        city = _whole_city(part, reference, parties)
        if city:
            venue.cities.append(city)
            continue
        sponsor_split = _SPONSOR.split(part, maxsplit=1)
        host_text = sponsor_split[0]
        mentions = finder.find(host_text)
        if mentions:
            venue.hosts.extend(mentions)
        else:
            venue.buildings.append(host_text.strip(" ."))
        if len(sponsor_split) > 1:
            venue.sponsors.extend(finder.find(sponsor_split[1]))
    physical = bool(venue.regions or venue.cities or venue.buildings or venue.hosts)
    if venue.attendance is None:
        if online and physical:
            venue.attendance = "mixed"
        elif online:
            venue.attendance = "online"
        elif physical:
            venue.attendance = "offline"
    return venue


def _whole_region(part: str, reference: Reference) -> str | None:
    found = reference.find_regions(part)
    if len(found) == 1:
        iso, start, end = found[0]
        if not part[:start].strip() and not part[end:].strip(" ."):
            return iso
    return None


def _whole_city(part: str, reference: Reference, parties: tuple[str, ...]) -> City | None:
    found = reference.find_cities(part)
    if len(found) == 1:
        cities, start, end = found[0]
        if not part[:start].strip() and not part[end:].strip(" ."):
            return _prefer(cities, parties)
    return None


def find_city(text: str, reference: Reference, parties: tuple[str, ...]) -> City | None:
    """The city a name ('Смоленск', 'Санкт-Петербурга') refers to, preferring the roadmap's
    regions, then the most populous namesake."""
    found = reference.find_cities(text)
    if found and not text[: found[0][1]].strip():
        return _prefer(found[0][0], parties)
    return None


def _prefer(cities: tuple[City, ...], parties: tuple[str, ...]) -> City:
    for city in cities:
        if city.region_iso in parties:
            return city
    return cities[0]


def spell_out(name: str, reference: Reference) -> str:
    """A venue's name with the abbreviation of its kind spelt out: 'КВЦ «Экспофорум»' →
    'Конгрессно-выставочный центр «Экспофорум»'."""
    first, _, rest = name.partition(" ")
    expansion = reference.venue_abbreviations.get(first)
    return f"{expansion} {rest}" if expansion and rest else name


def virtual_key(text: str) -> str:
    return f"online/{slug(text, 48)}"


class RegionNames:
    """Region names in running text, for counting the reporting region's delegation."""

    _GAP = re.compile(r"^(?:\s*,\s*|\s+и\s+|\s*;\s*)$")

    def __init__(self, reference: Reference, reporting: str) -> None:
        self.reference = reference
        self.reporting = reporting

    def _mentions(self, text: str) -> list[tuple[str, int, int]]:
        found = list(self.reference.find_regions(text))
        # a city counts after 'г.' or 'город' only: a text without them is not looked through
        if "г." in text or "город" in text:
            for cities, start, end in self.reference.find_cities(text):
                if re.search(r"(?:г\.|город\w*)\s*$", text[:start]):
                    found.append((cities[0].region_iso, start, end))
        return sorted(found, key=lambda m: m[1])

    def leading_regions(self, text: str) -> list[str]:
        mentions = self._mentions(text)
        if not mentions or text[: mentions[0][1]].strip(" –—-:(г.") != "":
            return []
        listed = [mentions[0][0]]
        for (_, _, end), (iso, start, _) in zip(mentions, mentions[1:], strict=False):
            if not self._GAP.match(text[end:start]):
                break
            listed.append(iso)
        return listed

    def regions_in(self, text: str) -> set[str]:
        return {iso for iso, _, _ in self._mentions(text)}
