"""The downloads of a release besides Turtle and TriG: N-Triples, JSON-LD, and events.csv
with its CSV on the Web metadata. All are written in a stable order, so the same input gives
byte-identical files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, XSD

from .. import ids
from ..graphindex import TripleIndex
from ..model import Report
from ..rdf import PREFIXES, Lit, Minter, Triple


def sorted_triples(
    graph: Graph | TripleIndex,
) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """The graph's triples as pyoxigraph terms, sorted (releases hold no blank nodes)."""
    triples = [(ox.NamedNode(str(s)), ox.NamedNode(str(p)), _object(o)) for s, p, o in graph]
    return sorted(triples, key=lambda t: (t[0].value, t[1].value, str(t[2])))


def _object(term: Any) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


# --- JSON-LD ------------------------------------------------------------------------------


def context() -> dict[str, Any]:
    """The JSON-LD context of the release: the vocabulary's prefixes."""
    return {"@context": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}}


def write_context(path: Path) -> None:
    path.write_text(json.dumps(context(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


_BY_LENGTH = sorted(
    ((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[0])
)


def compact(iri: str) -> str:
    """'https://schema.org/name' → 'schema:name' (the longest matching prefix)."""
    for space, prefix in _BY_LENGTH:
        local = iri[len(space) :]
        # a suffix starting with '//' would read as an absolute IRI: keep such IRIs whole
        if iri.startswith(space) and local and not local.startswith("//"):
            return f"{prefix}:{local}"
    return iri


def jsonld_document(graph: TripleIndex) -> str:
    """A small graph (a resource's description) as one indented JSON-LD document, its nodes
    made as those of dataset.jsonld."""
    nodes = [_light_node(subject, by_predicate) for subject, by_predicate in graph.by_subject()]
    document = {**context(), "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def write_jsonld(triples: Iterable[Triple], path: Path) -> None:
    """The release as one JSON-LD document: the context, then one node object per line
    (subjects, keys and values sorted), so large releases are written and diffed quickly."""
    by_subject: dict[str, dict[str, list[str | Lit]]] = {}
    for s, p, o in set(triples):
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    context_text = json.dumps(context()["@context"], ensure_ascii=False, sort_keys=True)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"@context": ' + context_text + ',\n "@graph": [\n')
        for index, subject in enumerate(sorted(by_subject)):
            node = _light_node(subject, by_subject[subject])
            out.write(("" if index == 0 else ",\n") + json.dumps(node, ensure_ascii=False))
        out.write("\n]}\n")


_TYPE = str(RDF.type)


def _light_node(subject: str, by_predicate: dict[str, list[str | Lit]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": _compact(subject)}
    types = sorted(_compact(str(t)) for t in by_predicate.get(_TYPE, ()))
    if types:
        node["@type"] = types if len(types) > 1 else types[0]
    keyed = sorted((_compact(p), values) for p, values in by_predicate.items() if p != _TYPE)
    for key, values in keyed:
        if len(values) == 1:
            node[key] = _light_value(values[0])
        else:
            node[key] = sorted(
                (_light_value(v) for v in values),
                key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True),
            )
    return node


def _light_value(term: str | Lit) -> Any:
    if isinstance(term, Lit):
        if term.lang:
            return {"@value": term.value, "@language": term.lang}
        if term.datatype and term.datatype != _XSD_STRING:
            return {"@value": term.value, "@type": _compact(term.datatype)}
        return term.value
    return {"@id": _compact(term)}


_XSD_STRING = str(XSD.string)


@lru_cache(maxsize=1 << 18)
def _compact(iri: str) -> str:
    return compact(iri)


# --- events.csv ---------------------------------------------------------------------------

SEPARATOR = " | "
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    # name, title, datatype, description
    ("iri", "IRI", "anyURI", "the event's IRI"),
    ("name", "name", "string", "name of the event"),
    ("kind", "kind", "string", "event kind (skos:notation of rm:EventKind)"),
    ("start", "start", "date", "first day the event may have begun (inclusive bound)"),
    ("end", "end", "date", "last day the event may have ended (inclusive bound)"),
    (
        "precision",
        "date precision",
        "string",
        "how precise the dates are: day, month, quarter, half-year, year, period, unknown",
    ),
    ("date_text", "date as written", "string", "the date as the report writes it"),
    ("attendance", "attendance", "string", "online, offline or mixed"),
    ("venue", "venue", "string", "named venues (buildings, premises of host bodies)"),
    ("city", "city", "string", "cities of the venues"),
    ("region", "region", "string", "federal subjects of the venues"),
    ("hosts", "hosts", "string", "bodies on whose premises the event was held"),
    ("organizers", "organizers", "string", "bodies that organised the event"),
    ("participants", "participants", "string", "bodies that took part"),
    ("sponsors", "sponsors", "string", "bodies that supported the event"),
    ("participant_count", "participants (number)", "nonNegativeInteger", "number of participants"),
    ("visitor_count", "visitors (number)", "nonNegativeInteger", "number of visitors"),
    (
        "delegation_size",
        "delegation (number)",
        "nonNegativeInteger",
        "people from the reporting region",
    ),
    (
        "region_count",
        "regions (number)",
        "nonNegativeInteger",
        "regions the participants came from",
    ),
    (
        "count_qualifier",
        "count qualifier",
        "string",
        "более, около, не менее, не более: the counts are bounds",
    ),
    ("plan_items", "plan items", "string", "codes of the plan items"),
    ("responsible_body", "responsible body", "string", "the department responsible"),
    ("roadmap", "roadmap", "anyURI", "IRI of the roadmap"),
    ("report_year", "report year", "gYear", "reporting year"),
    (
        "reporting_region",
        "reporting region",
        "string",
        "federal subject whose bodies wrote the report",
    ),
    ("source", "source", "string", "file and lines (or table rows) the facts were read from"),
)
MULTI_VALUED = {
    "venue",
    "city",
    "region",
    "hosts",
    "organizers",
    "participants",
    "sponsors",
    "plan_items",
    "count_qualifier",
}


def event_rows(reports: Iterable[Report], base: str) -> list[dict[str, str]]:
    """One row per event, in report and row order."""
    iri = Minter(base)
    rows = []
    for report in reports:
        names = {o.key: o.name for o in report.organisations}
        places = {p.key: p for p in report.places}
        region_names = {p.iso_code: p.name for p in report.places if p.iso_code}
        keys = ids.event_keys(report)
        for event in report.events:
            venues, cities, regions = _places(event.locations, places)
            counts = event.counts
            qualifiers = [
                c.qualifier
                for c in (counts.participants, counts.visitors, counts.delegation, counts.regions)
                if c and c.qualifier
            ]
            rows.append(
                {
                    "iri": str(iri("event", keys[event])),
                    "name": event.name,
                    "kind": event.kind,
                    "start": event.date.start.isoformat(),
                    "end": event.date.end.isoformat(),
                    "precision": event.date.precision,
                    "date_text": event.date.text,
                    "attendance": event.attendance,
                    "venue": SEPARATOR.join(venues),
                    "city": SEPARATOR.join(cities),
                    "region": SEPARATOR.join(regions),
                    "hosts": SEPARATOR.join(names[k] for k in event.hosts),
                    "organizers": SEPARATOR.join(names[k] for k in event.organizers),
                    "participants": SEPARATOR.join(names[k] for k in event.participants),
                    "sponsors": SEPARATOR.join(names[k] for k in event.sponsors),
                    "participant_count": _count(counts.participants),
                    "visitor_count": _count(counts.visitors),
                    "delegation_size": _count(counts.delegation),
                    "region_count": _count(counts.regions),
                    "count_qualifier": SEPARATOR.join(dict.fromkeys(qualifiers)),
                    "plan_items": SEPARATOR.join(event.plan_items),
                    "responsible_body": names[event.responsible_body],
                    "roadmap": str(iri("roadmap", ids.roadmap_key(report.roadmap))),
                    "report_year": str(report.year),
                    "reporting_region": region_names.get(
                        report.reporting_region, report.reporting_region
                    ),
                    "source": str(event.source),
                }
            )
    return rows


def _count(count: Any) -> str:
    return str(count.value) if count is not None else ""


def _places(
    locations: tuple[str, ...], places: dict[str, Any]
) -> tuple[list[str], list[str], list[str]]:
    venues: list[str] = []
    cities: list[str] = []
    regions: list[str] = []
    for key in locations:
        place = places[key]
        while place is not None:
            target = {"venue": venues, "city": cities, "region": regions, "virtual": venues}[
                place.kind
            ]
            if place.name not in target:
                target.append(place.name)
            if place.kind == "region" and place.federal_city and place.name not in cities:
                cities.append(place.name)
            place = places.get(place.parent) if place.parent else None
    return venues, cities, regions


def write_events_csv(reports: Iterable[Report], base: str, path: Path) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c[0] for c in COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(event_rows(reports, base))
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def write_events_csv_metadata(path: Path, csv_name: str, title: str) -> None:
    """CSV on the Web (W3C) metadata describing events.csv: columns, datatypes, separators."""
    columns = []
    for name, label, datatype, description in COLUMNS:
        column: dict[str, Any] = {
            "name": name,
            "titles": label,
            "dc:description": description,
            "datatype": datatype,
        }
        if name in MULTI_VALUED:
            column["separator"] = SEPARATOR
        columns.append(column)
    metadata = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "ru"}],
        "url": csv_name,
        "dc:title": title,
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
        "tableSchema": {"columns": columns, "primaryKey": "iri", "aboutUrl": "{+iri}"},
    }
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
