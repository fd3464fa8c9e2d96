"""The values a canned query's parameters may take, by parameter type, drawn from the release:
what `roadmap-kg serve` offers in each parameter's choice list. A choice shows a name
(an organisation's with its number of events, a region's, a kind's label, a roadmap's) and
carries the value the query takes today (an organisation's key, a region's ISO 3166-2 code),
so that the URL of a result stays short, stable and shareable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import SKOS

from .ids import KIND_NS
from .publish.site.words import events_word, search_text
from .vocab import RM, SCHEMA

ISO_CODE = re.compile(r"[a-z]{2}-[a-z0-9]{1,3}")


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Group:
    label: str  # the <optgroup>'s label; '' for options without a group
    options: tuple[Option, ...]


_ORGS = f"""SELECT ?org (MIN(STR(?name)) AS ?label) (COUNT(DISTINCT ?event) AS ?events) WHERE {{
  ?org a <{SCHEMA.Organization}> ; <{SCHEMA.name}> ?name .
  OPTIONAL {{
    ?event <{RM.host}>|<{SCHEMA.organizer}>|<{SCHEMA.attendee}>|<{SCHEMA.sponsor}> ?org
  }}
}} GROUP BY ?org"""
_PLACES = f"""SELECT ?place (MIN(STR(?name)) AS ?label) WHERE {{
  ?place a <{{kind}}> ; <{SCHEMA.name}> ?name .
}} GROUP BY ?place"""
_KINDS = f"SELECT DISTINCT ?kind WHERE {{ ?event <{RM.kind}> ?kind }}"
_ROADMAPS = f"""SELECT ?roadmap (MIN(STR(?name)) AS ?label) WHERE {{
  ?roadmap a <{RM.Roadmap}> . OPTIONAL {{ ?roadmap <{SCHEMA.name}> ?name }}
}} GROUP BY ?roadmap"""
_YEARS = f"SELECT DISTINCT ?year WHERE {{ ?report <{RM.reportingYear}> ?year }}"


def release_choices(store: ox.Store, base: str, kinds: dict[str, str]) -> dict[str, list[Group]]:
    """The choices of every parameter type that has them (org, place, kind, roadmap, year),
    each list sorted by what it shows; `kinds` are the kinds' Russian labels by IRI."""
    orgs = [
        Option(
            _key(row["org"], base + "org/"), f"{row['label']} ({events_word(int(row['events']))})"
        )
        for row in _rows(store, _ORGS)
    ]
    places = [
        Group(title, _sorted(_places(store, base, kind, skip)))
        for title, kind, skip in (
            ("Регионы", SCHEMA.AdministrativeArea, None),
            ("Города", SCHEMA.City, SCHEMA.AdministrativeArea),
        )
    ]
    used = [row["kind"] for row in _rows(store, _KINDS) if row["kind"].startswith(KIND_NS)]
    kind_options = [Option(k[len(KIND_NS) :], kinds.get(k, k[len(KIND_NS) :])) for k in used]
    roadmaps = [
        Option(_key(row["roadmap"], base + "roadmap/"), row.get("label") or row["roadmap"])
        for row in _rows(store, _ROADMAPS)
    ]
    years = [Option(row["year"], row["year"]) for row in _rows(store, _YEARS)]
    return {
        "org": [Group("", _sorted(orgs))],
        "place": [group for group in places if group.options],
        "kind": [Group("", _sorted(kind_options))],
        "roadmap": [
            Group("", (Option("all", "все дорожные карты"),)),
            Group("Дорожные карты", _sorted(roadmaps)),
        ],
        "year": [Group("", tuple(sorted(years, key=lambda o: o.value)))],
    }


def _places(store: ox.Store, base: str, kind: str, skip: str | None) -> list[Option]:
    """Places of a class (not of class `skip`), their value a region's ISO code in capitals
    (RU-SMO) or their key under the base (ru-smo/smolensk)."""
    options = []
    skipped = {r["place"] for r in _rows(store, _PLACES.replace("{kind}", skip))} if skip else set()
    for row in _rows(store, _PLACES.replace("{kind}", kind)):
        if row["place"] in skipped:
            continue
        key = _key(row["place"], base + "place/")
        options.append(Option(key.upper() if ISO_CODE.fullmatch(key) else key, row["label"]))
    return options


def _key(iri: str, prefix: str) -> str:
    """What a parameter takes for an IRI: its key under the prefix, else the whole IRI."""
    return iri[len(prefix) :] if iri.startswith(prefix) and len(iri) > len(prefix) else iri


def _sorted(options: list[Option]) -> tuple[Option, ...]:
    return tuple(sorted(options, key=lambda o: (search_text(o.label), o.label, o.value)))


def _rows(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [
        {name: term.value for name in names if (term := solution[name]) is not None}
        for solution in solutions
    ]


def kind_labels(files: list[Path]) -> dict[str, str]:
    """The Russian labels of the event kinds (skos:prefLabel@ru), from ontology files."""
    labels: dict[str, str] = {}
    for path in files:
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            value = triple.object
            if (
                triple.predicate.value == str(SKOS.prefLabel)
                and triple.subject.value.startswith(KIND_NS)
                and isinstance(value, ox.Literal)
                and value.language == "ru"
            ):
                labels[triple.subject.value] = value.value
    return labels
