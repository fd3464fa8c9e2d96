"""Model → RDF: the one module that knows the vocabulary (ontology/README.md documents it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import ids
from .model import Event, Organization, Place, Report

RM = Namespace(ids.ONTOLOGY)
RMK = Namespace(ids.KIND_NS)
RMP = Namespace(ids.PRECISION_NS)
SCHEMA = Namespace("https://schema.org/")
CV = Namespace("http://data.europa.eu/m8g/")
ORG = Namespace("http://www.w3.org/ns/org#")
PPLAN = Namespace("http://purl.org/net/p-plan#")

PREFIXES = {
    "rm": RM,
    "rmk": RMK,
    "rmp": RMP,
    "schema": SCHEMA,
    "cv": CV,
    "org": ORG,
    "p-plan": PPLAN,
    "prov": PROV,
    "skos": SKOS,
    "owl": OWL,
    "dcterms": DCTERMS,
    "xsd": XSD,
    "rdfs": RDFS,
}

# The schema.org subtype each kind adds to schema:Event (also stated in the ontology as
# rm:eventClass of each kind concept; a test keeps the two in step).
KIND_CLASSES = {
    "conference": SCHEMA.EducationEvent,
    "forum": SCHEMA.BusinessEvent,
    "exhibition": SCHEMA.ExhibitionEvent,
    "competition": None,
    "sports": SCHEMA.SportsEvent,
    "training": SCHEMA.EducationEvent,
    "meeting": SCHEMA.BusinessEvent,
    "discussion": SCHEMA.SocialEvent,
    "tour": SCHEMA.BusinessEvent,
    "business-mission": SCHEMA.BusinessEvent,
    "cooperation": None,
}
ATTENDANCE = {
    "online": SCHEMA.OnlineEventAttendanceMode,
    "offline": SCHEMA.OfflineEventAttendanceMode,
    "mixed": SCHEMA.MixedEventAttendanceMode,
}
PLACE_CLASSES = {
    "region": (SCHEMA.Place, SCHEMA.AdministrativeArea),
    "city": (SCHEMA.Place, SCHEMA.City),
    "venue": (SCHEMA.Place,),
    "virtual": (SCHEMA.VirtualLocation,),
}


class Lit(NamedTuple):
    """A literal, as light as a tuple: releases hold millions of them."""

    value: str
    lang: str | None = None
    datatype: str | None = None


# A triple of a release: IRIs are plain strings (a URIRef is one too), literals are Lit.
Triple = tuple[str, str, "str | Lit"]

_XSD_DATE = str(XSD.date)
_XSD_YEAR = str(XSD.gYear)
_XSD_COUNT = str(XSD.nonNegativeInteger)
_XSD_POSITIVE = str(XSD.positiveInteger)


class Minter:
    """IRIs of one release under its base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, kind: str, key: str) -> str:
        return f"{self.base}{kind}/{key}"


def ru(text: str) -> Lit:
    return Lit(text, "ru")


def rdflib_term(term: str | Lit) -> URIRef | Literal:
    if isinstance(term, Lit):
        datatype = URIRef(term.datatype) if term.datatype else None
        return Literal(term.value, lang=term.lang, datatype=datatype)
    return URIRef(term)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: str | Lit) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, Lit):
        text = f'"{term.value.translate(_ESCAPES)}"'
        if term.lang:
            return f"{text}@{term.lang}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    return f"<{term}>"


def nt_line(triple: Triple) -> str:
    s, p, o = triple
    return f"<{s}> <{p}> {nt_term(o)} .\n"


def light(term: object) -> str | Lit:
    """An rdflib term as a light term (for graphs read from elsewhere)."""
    if isinstance(term, Literal):
        return Lit(str(term), term.language, str(term.datatype) if term.datatype else None)
    return str(term)


def report_triples(report: Report, base: str = ids.DEFAULT_BASE) -> Iterator[Triple]:
    """Every triple of one report, self-contained: its roadmap and plan items, its events, and
    the organisations and places it names (so a store can replace one report's graph whole)."""
    iri = Minter(base)
    yield from _report(report, iri)
    for org in report.organisations:
        yield from _organisation(org, iri)
    for place in report.places:
        yield from _place(place, iri)


def report_graph_iri(report: Report, base: str = ids.DEFAULT_BASE) -> str:
    """The named graph of a report in a dataset: the report's own IRI."""
    return Minter(base)("report", ids.report_key(report))


def to_graph(reports: Iterable[Report], base: str = ids.DEFAULT_BASE) -> Graph:
    """The union of the reports' graphs (extraction makes shared resources agree), as an
    rdflib Graph (for pySHACL and tests; releases are written from the light triples)."""
    return light_graph(t for report in reports for t in report_triples(report, base))


def light_graph(triples: Iterable[Triple]) -> Graph:
    """An rdflib Graph of light triples."""
    graph = Graph()
    _bind(graph)
    for s, p, o in triples:
        graph.add((URIRef(s), URIRef(p), rdflib_term(o)))
    return graph


def _bind(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)


def _report(report: Report, iri: Minter) -> Iterator[Triple]:
    roadmap = iri("roadmap", ids.roadmap_key(report.roadmap))
    yield roadmap, RDF.type, RM.Roadmap
    yield roadmap, SCHEMA.name, ru(report.roadmap.name or report.title)
    for party in report.roadmap.parties:
        yield roadmap, RM.party, iri("place", party.lower())
    yield roadmap, RM.startYear, Lit(str(report.roadmap.start_year), None, _XSD_YEAR)
    yield roadmap, RM.endYear, Lit(str(report.roadmap.end_year), None, _XSD_YEAR)

    report_iri = iri("report", ids.report_key(report))
    yield report_iri, RDF.type, RM.ImplementationReport
    yield report_iri, SCHEMA.name, ru(report.title)
    yield report_iri, RM.roadmap, roadmap
    yield report_iri, RM.reportingYear, Lit(str(report.year), None, _XSD_YEAR)
    yield report_iri, RM.reportingRegion, iri("place", report.reporting_region.lower())
    yield report_iri, DCTERMS.source, Lit(report.source_file)

    plan_items: set[str] = set()
    for event, key in ids.event_keys(report).items():
        for code in event.plan_items:
            if code not in plan_items:
                plan_items.add(code)
                item = iri("roadmap", ids.plan_item_key(report.roadmap, code))
                yield item, RDF.type, RM.PlanItem
                yield item, RM.code, Lit(code)
                yield item, RDFS.label, ru(f"Пункт {code}")
                yield item, RM.roadmap, roadmap
                yield item, PPLAN.isStepOfPlan, roadmap
        yield from _event(event, iri("event", key), report, report_iri, iri)


def _event(
    event: Event, subject: str, report: Report, report_iri: str, iri: Minter
) -> Iterator[Triple]:
    yield subject, RDF.type, SCHEMA.Event
    yield subject, RDF.type, CV.PublicEvent
    kind_class = KIND_CLASSES[event.kind]
    if kind_class is not None:
        yield subject, RDF.type, kind_class
    yield subject, SCHEMA.name, ru(event.name)
    if event.description:
        yield subject, SCHEMA.description, ru(event.description)
    yield subject, SCHEMA.startDate, Lit(event.date.start.isoformat(), None, _XSD_DATE)
    yield subject, SCHEMA.endDate, Lit(event.date.end.isoformat(), None, _XSD_DATE)
    yield subject, RM.datePrecision, RMP[event.date.precision]
    yield subject, RM.dateText, Lit(event.date.text)
    yield subject, SCHEMA.eventAttendanceMode, ATTENDANCE[event.attendance]
    for place in event.locations:
        yield subject, SCHEMA.location, iri("place", place)
    for predicate, keys in (
        (RM.host, event.hosts),
        (SCHEMA.organizer, event.organizers),
        (SCHEMA.attendee, event.participants),
        (SCHEMA.sponsor, event.sponsors),
    ):
        for key in keys:
            yield subject, predicate, iri("org", key)
    qualifiers: list[str] = []
    for predicate, count in (
        (RM.participantCount, event.counts.participants),
        (RM.visitorCount, event.counts.visitors),
        (RM.delegationSize, event.counts.delegation),
        (RM.regionCount, event.counts.regions),
    ):
        if count is not None:
            yield subject, predicate, Lit(str(count.value), None, _XSD_COUNT)
            if count.qualifier and count.qualifier not in qualifiers:
                qualifiers.append(count.qualifier)
    for qualifier in qualifiers:
        yield subject, RM.countQualifier, Lit(qualifier)
    yield subject, RM.kind, RMK[event.kind]
    for code in event.plan_items:
        yield subject, RM.planItem, iri("roadmap", ids.plan_item_key(report.roadmap, code))
    yield subject, RM.responsibleBody, iri("org", event.responsible_body)
    yield subject, RM.report, report_iri

    source = event.source
    row = iri("source", ids.source_key(source.file, source.first, source.last, source.unit))
    yield subject, PROV.wasDerivedFrom, row
    yield row, RDF.type, RM.SourceRow
    yield row, RM.sourceFile, Lit(source.file)
    first, last = (
        (RM.firstLine, RM.lastLine) if source.unit == "line" else (RM.firstRow, RM.lastRow)
    )
    yield row, first, Lit(str(source.first), None, _XSD_POSITIVE)
    yield row, last, Lit(str(source.last), None, _XSD_POSITIVE)
    if event.cells:
        yield row, RM.sourceText, Lit("\t".join(event.cells))


def _organisation(org: Organization, iri: Minter) -> Iterator[Triple]:
    subject = iri("org", org.key)
    yield subject, RDF.type, SCHEMA.Organization
    yield subject, SCHEMA.name, ru(org.name)
    for label in org.alt_labels:
        yield subject, SKOS.altLabel, ru(label)
    if org.legal_form:
        yield subject, RM.legalForm, Lit(org.legal_form)
    if org.org_type:
        yield subject, RM.organizationType, Lit(org.org_type)
    if org.location:
        yield subject, SCHEMA.location, iri("place", org.location)
    if org.parent:
        yield subject, ORG.subOrganizationOf, iri("org", org.parent)
    for item in org.same_as:
        yield subject, OWL.sameAs, item


def _place(place: Place, iri: Minter) -> Iterator[Triple]:
    subject = iri("place", place.key)
    for cls in PLACE_CLASSES[place.kind]:
        yield subject, RDF.type, cls
    if place.federal_city:
        yield subject, RDF.type, SCHEMA.City
    yield subject, SCHEMA.name, ru(place.name)
    for label in place.alt_labels:
        yield subject, SKOS.altLabel, ru(label)
    if place.parent:
        yield subject, SCHEMA.containedInPlace, iri("place", place.parent)
    if place.iso_code:
        yield subject, RM.isoCode, Lit(place.iso_code)
    if place.okato:
        yield subject, RM.okato, Lit(place.okato)
    if place.oktmo:
        yield subject, RM.oktmo, Lit(place.oktmo)
    for item in place.same_as:
        yield subject, OWL.sameAs, item
