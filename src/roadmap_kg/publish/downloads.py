"""The downloads of a release besides Turtle and TriG: N-Triples, JSON-LD, and events.csv
with its CSV on the Web metadata. All are written in a stable order, so the same input gives
byte-identical files."""

from __future__ import annotations

import csv
import io
import json
import json.encoder
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib.namespace import RDF, XSD

from .. import ids
from ..model import Report
from ..rdf import Minter
from ..terms import Lit
from ..vocab import PREFIXES
from .formulas import CSV_NOTE, inert_cell
from .nodes import Nodes

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


def write_jsonld(nodes: Nodes, path: Path) -> None:
    """The release (its nodes, as nodes.by_subject groups them) as one JSON-LD document: the
    context, then one node object per line (subjects, keys and values sorted), so large
    releases are written and diffed quickly."""
    context_text = json.dumps(context()["@context"], ensure_ascii=False, sort_keys=True)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"@context": ' + context_text + ',\n "@graph": [\n')
        # node by node: the document of a large release is hundreds of megabytes
        out.writelines(_separated(node_json(s, nodes[s]) for s in sorted(nodes)))
        out.write("\n]}\n")


def _separated(texts: Iterable[str]) -> Iterator[str]:
    """texts with ',\n' between them."""
    separator = ""
    for text in texts:
        yield separator + text
        separator = ",\n"


_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)


def node_json(subject: str, by_predicate: dict[str, list[str | Lit]]) -> str:
    """One node object as compact JSON text: its @id, its @type (sorted), then one key per
    predicate (sorted), a list where there are several values, sorted by their JSON text
    with sorted keys. Written from cached pieces: a release has millions of values."""
    parts = ['{"@id": ' + iri_json(subject)]
    keyed = []
    for predicate, values in by_predicate.items():
        if predicate == _TYPE:
            types = sorted(_compact(t) for t in values)
            if len(types) == 1:
                parts.append('"@type": ' + _encode(types[0]))
            else:
                parts.append('"@type": [' + ", ".join(map(_encode, types)) + "]")
        else:
            keyed.append((_compact(predicate), values))
    keyed.sort(key=_first)
    for key, values in keyed:
        if len(values) == 1:
            text = _value_json(values[0])[0]
        else:
            texts = sorted(map(_value_json, values), key=_second)
            text = "[" + ", ".join([value for value, _ in texts]) + "]"
        parts.append(_key_json(key) + text)
    return ", ".join(parts) + "}"


def _first(pair: tuple[str, object]) -> str:
    return pair[0]


def _second(pair: tuple[str, str]) -> str:
    return pair[1]


_encode = json.encoder.encode_basestring  # a str as JSON text, non-ASCII kept


def _value_json(term: str | Lit) -> tuple[str, str]:
    """A value as JSON text, and as JSON text with sorted keys (the order of a list)."""
    if term.__class__ is str:
        return _id_json(term)
    value = _encode(term.value)  # type: ignore[union-attr]
    if term.lang:  # type: ignore[union-attr]
        lang = _encode(term.lang)  # type: ignore[union-attr]
        return (
            '{"@value": ' + value + ', "@language": ' + lang + "}",
            '{"@language": ' + lang + ', "@value": ' + value + "}",
        )
    datatype = term.datatype  # type: ignore[union-attr]
    if datatype and datatype != _XSD_STRING:
        compacted = iri_json(datatype)
        return (
            '{"@value": ' + value + ', "@type": ' + compacted + "}",
            '{"@type": ' + compacted + ', "@value": ' + value + "}",
        )
    return value, value


@lru_cache(maxsize=1 << 18)
def _id_json(iri: str) -> tuple[str, str]:
    text = '{"@id": ' + iri_json(iri) + "}"
    return text, text


@lru_cache(maxsize=1024)
def _key_json(key: str) -> str:
    return _encode(key) + ": "


@lru_cache(maxsize=1 << 18)
def iri_json(iri: str) -> str:
    """An IRI as node_json writes it: compacted, as JSON text."""
    return _encode(compact(iri))


def value_order(term: str | Lit) -> str:
    """What node_json orders the values of a list by: a value's JSON text, its keys sorted."""
    return _value_json(term)[1]


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
    (
        "responsible_body",
        "responsible body",
        "string",
        "the bodies responsible (the section row's, or each of the responsible-body column's)",
    ),
    ("theme", "theme", "string", "the theme section row the event stands under, as written"),
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
    "responsible_body",
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
        for event, key in zip(report.events, ids.event_key_list(report), strict=True):
            venues, cities, regions = _places(event.locations, places)
            counts = event.counts
            qualifiers = [
                c.qualifier
                for c in (counts.participants, counts.visitors, counts.delegation, counts.regions)
                if c and c.qualifier
            ]
            rows.append(
                {
                    "iri": str(iri("event", key)),
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
                    "responsible_body": SEPARATOR.join(names[k] for k in event.responsible_bodies),
                    "theme": event.theme or "",
                    "roadmap": str(iri("roadmap", ids.roadmap_key(report.roadmap))),
                    "report_year": str(report.year),
                    "reporting_region": region_names.get(
                        report.reporting_region, report.reporting_region
                    )
                    if report.reporting_region
                    else "",
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
        while place is not None and place.kind != "country":  # events.csv has no country column
            target = {"venue": venues, "city": cities, "region": regions, "virtual": venues}[
                place.kind
            ]
            if place.name not in target:
                target.append(place.name)
            if place.kind == "region" and place.federal_city and place.name not in cities:
                cities.append(place.name)
            place = places.get(place.parent) if place.parent else None
    return venues, cities, regions


def events_csv(reports: Iterable[Report], base: str) -> str:
    """events.csv as text: a header, then one row per event, CRLF line ends; report text
    that a spreadsheet would run as a formula is written as text (publish/formulas.py)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c[0] for c in COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        {name: inert_cell(cell) for name, cell in row.items()} for row in event_rows(reports, base)
    )
    return out.getvalue()


def write_events_csv(reports: Iterable[Report], base: str, path: Path) -> None:
    write_csv_text(events_csv(reports, base), path)


def write_csv_text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8", newline="")


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
        "rdfs:comment": {"@value": CSV_NOTE, "@language": "en"},
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
        "tableSchema": {"columns": columns, "primaryKey": "iri", "aboutUrl": "{+iri}"},
    }
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
