"""Model → RDF: the one module that knows the vocabulary (ontology/README.md documents it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import ids
from .model import AttendanceMode, Event, Kind, Organization, Place, PlaceKind, Report
from .terms import Lit, Triple, rdflib_graph
from .vocab import CV, ORG, PPLAN, PREFIXES, RM, RMK, RMP, SCHEMA

# The schema.org subtype each kind adds to schema:Event (also stated in the ontology as
# rm:eventClass of each kind concept; a test keeps the two in step).
KIND_CLASSES: dict[Kind, URIRef | None] = {
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
ATTENDANCE: dict[AttendanceMode, URIRef] = {
    "online": SCHEMA.OnlineEventAttendanceMode,
    "offline": SCHEMA.OfflineEventAttendanceMode,
    "mixed": SCHEMA.MixedEventAttendanceMode,
}
PLACE_CLASSES: dict[PlaceKind, tuple[URIRef, ...]] = {
    # a partner country abroad (its regions lie in it); not typed AdministrativeArea, which
    # the queries and shapes take for a region with an ISO 3166-2 code
    "country": (SCHEMA.Place, SCHEMA.Country),
    "region": (SCHEMA.Place, SCHEMA.AdministrativeArea),
    "city": (SCHEMA.Place, SCHEMA.City),
    "venue": (SCHEMA.Place,),
    "virtual": (SCHEMA.VirtualLocation,),
}


_XSD_DATE = str(XSD.date)
_XSD_YEAR = str(XSD.gYear)
_XSD_COUNT = str(XSD.nonNegativeInteger)
_XSD_POSITIVE = str(XSD.positiveInteger)
_XSD_BOOLEAN = str(XSD.boolean)


class Minter:
    """IRIs of one release under its base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, kind: str, key: str) -> str:
        return f"{self.base}{kind}/{key}"


def ru(text: str) -> Lit:
    return Lit(text, "ru")


def report_triples(report: Report, base: str = ids.DEFAULT_BASE) -> Iterator[Triple]:
    """Every triple of one report, self-contained: its roadmap and plan items, its events, and
    the organisations and places it names (a release's TriG puts the shared ones in its
    registry graph: graphs.py named_graphs)."""
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
    triples = (t for report in reports for t in report_triples(report, base))
    return rdflib_graph(triples, PREFIXES)


class _Terms:
    """A namespace whose terms are plain str, made once: the mapping below makes millions of
    triples, and an rdflib Namespace builds a new URIRef on every attribute access."""

    def __init__(self, namespace: str) -> None:
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self._namespace + name
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> str:
        return self._namespace + name


_rdf, _rdfs = _Terms(str(RDF)), _Terms(str(RDFS))
_rm, _rmk, _rmp = _Terms(RM), _Terms(RMK), _Terms(RMP)
_schema, _cv, _org, _pplan = _Terms(SCHEMA), _Terms(CV), _Terms(ORG), _Terms(PPLAN)
_prov, _skos = _Terms(str(PROV)), _Terms(str(SKOS))
_owl, _dcterms = _Terms(str(OWL)), _Terms(str(DCTERMS))
_KIND_CLASSES: dict[Kind, str | None] = {
    kind: str(cls) if cls else None for kind, cls in KIND_CLASSES.items()
}
_ATTENDANCE: dict[AttendanceMode, str] = {mode: str(term) for mode, term in ATTENDANCE.items()}
_PLACE_CLASSES: dict[PlaceKind, tuple[str, ...]] = {
    kind: tuple(str(c) for c in classes) for kind, classes in PLACE_CLASSES.items()
}


def _report(report: Report, iri: Minter) -> Iterator[Triple]:
    roadmap = iri("roadmap", ids.roadmap_key(report.roadmap))
    yield roadmap, _rdf.type, _rm.Roadmap
    yield roadmap, _schema.name, ru(report.roadmap.name or report.title)
    for party in report.roadmap.parties:
        yield roadmap, _rm.party, iri("place", party.lower())
    yield roadmap, _rm.startYear, Lit(str(report.roadmap.start_year), None, _XSD_YEAR)
    yield roadmap, _rm.endYear, Lit(str(report.roadmap.end_year), None, _XSD_YEAR)

    report_iri = iri("report", ids.report_key(report))
    yield report_iri, _rdf.type, _rm.ImplementationReport
    yield report_iri, _schema.name, ru(report.title)
    yield report_iri, _rm.roadmap, roadmap
    yield report_iri, _rm.reportingYear, Lit(str(report.year), None, _XSD_YEAR)
    if report.reporting_region is not None:  # None: nothing in the report tells
        yield report_iri, _rm.reportingRegion, iri("place", report.reporting_region.lower())
    # stated only when false: a report says so when its table has no plan-item column, or
    # names no responsible body for its rows (the shapes then ask its events for none)
    if not report.has_plan_item_column:
        yield report_iri, _rm.hasPlanItemColumn, Lit("false", None, _XSD_BOOLEAN)
    if not report.names_responsible_bodies:
        yield report_iri, _rm.namesResponsibleBodies, Lit("false", None, _XSD_BOOLEAN)
    yield report_iri, _dcterms.source, Lit(report.source_file)

    plan_items: set[str] = set()
    themes: set[str] = set()
    for event, key in zip(report.events, ids.event_key_list(report), strict=True):
        if event.theme is not None and event.theme not in themes:
            themes.add(event.theme)
            yield from _theme(event.theme, report, iri)
        for code in event.plan_items:
            if code not in plan_items:
                plan_items.add(code)
                item = iri("roadmap", ids.plan_item_key(report.roadmap, code))
                yield item, _rdf.type, _rm.PlanItem
                yield item, _rm.code, Lit(code)
                yield item, _rdfs.label, ru(f"Пункт {code}")
                yield item, _rm.roadmap, roadmap
                yield item, _pplan.isStepOfPlan, roadmap
        yield from _event(event, iri("event", key), report, report_iri, iri)


def _theme(label: str, report: Report, iri: Minter) -> Iterator[Triple]:
    """A theme section row's concept, in its roadmap's scheme of themes."""
    scheme = iri("roadmap", ids.theme_scheme_key(report.roadmap))
    yield scheme, _rdf.type, _skos.ConceptScheme
    yield scheme, _skos.prefLabel, ru(f"Разделы: {report.roadmap.name or report.title}")
    concept = iri("roadmap", ids.theme_key(report.roadmap, label))
    yield concept, _rdf.type, _skos.Concept
    yield concept, _skos.prefLabel, ru(label)
    yield concept, _skos.inScheme, scheme


def _event(
    event: Event, subject: str, report: Report, report_iri: str, iri: Minter
) -> Iterator[Triple]:
    """An event's triples, then its source row's, step by step (the steps keep the order the
    triples have always come in)."""
    yield from _event_types(event, subject)
    yield subject, _schema.name, ru(event.name)
    if event.description:
        yield subject, _schema.description, ru(event.description)
    yield from _event_date(event, subject)
    yield subject, _schema.eventAttendanceMode, _ATTENDANCE[event.attendance]
    for place in event.locations:
        yield subject, _schema.location, iri("place", place)
    yield from _event_parties(event, subject, iri)
    yield from _event_counts(event, subject)
    yield subject, _rm.kind, _rmk[event.kind]
    yield from _event_in_roadmap(event, subject, report, iri)
    yield subject, _rm.report, report_iri
    yield from _event_source(event, subject, iri)


def _event_types(event: Event, subject: str) -> Iterator[Triple]:
    yield subject, _rdf.type, _schema.Event
    yield subject, _rdf.type, _cv.PublicEvent
    kind_class = _KIND_CLASSES[event.kind]
    if kind_class is not None:
        yield subject, _rdf.type, kind_class


def _event_date(event: Event, subject: str) -> Iterator[Triple]:
    yield subject, _schema.startDate, Lit(event.date.start.isoformat(), None, _XSD_DATE)
    yield subject, _schema.endDate, Lit(event.date.end.isoformat(), None, _XSD_DATE)
    yield subject, _rm.datePrecision, _rmp[event.date.precision]
    yield subject, _rm.dateText, Lit(event.date.text)


def _event_parties(event: Event, subject: str, iri: Minter) -> Iterator[Triple]:
    """The organisations an event names, by the part they play in it."""
    for predicate, keys in (
        (_rm.host, event.hosts),
        (_schema.organizer, event.organizers),
        (_schema.attendee, event.participants),
        (_schema.sponsor, event.sponsors),
    ):
        for key in keys:
            yield subject, predicate, iri("org", key)


def _event_counts(event: Event, subject: str) -> Iterator[Triple]:
    """The numbers an event states, then each qualifier once: «более», «около» are stated of
    the event, not of one number (a literal cannot carry them)."""
    qualifiers: list[str] = []
    for predicate, count in (
        (_rm.participantCount, event.counts.participants),
        (_rm.visitorCount, event.counts.visitors),
        (_rm.delegationSize, event.counts.delegation),
        (_rm.regionCount, event.counts.regions),
    ):
        if count is not None:
            yield subject, predicate, Lit(str(count.value), None, _XSD_COUNT)
            if count.qualifier and count.qualifier not in qualifiers:
                qualifiers.append(count.qualifier)
    for qualifier in qualifiers:
        yield subject, _rm.countQualifier, Lit(qualifier)


def _event_in_roadmap(event: Event, subject: str, report: Report, iri: Minter) -> Iterator[Triple]:
    """Where an event stands in its roadmap: plan items, responsible bodies, theme."""
    for code in event.plan_items:
        yield subject, _rm.planItem, iri("roadmap", ids.plan_item_key(report.roadmap, code))
    for key in event.responsible_bodies:
        yield subject, _rm.responsibleBody, iri("org", key)
    if event.theme is not None:
        yield subject, _rm.theme, iri("roadmap", ids.theme_key(report.roadmap, event.theme))


def _event_source(event: Event, subject: str, iri: Minter) -> Iterator[Triple]:
    """The row of the report an event was read from: its file, lines or rows, pages and text."""
    source = event.source
    row = iri("source", ids.source_key(source.file, source.first, source.last, source.unit))
    yield subject, _prov.wasDerivedFrom, row
    yield row, _rdf.type, _rm.SourceRow
    yield row, _rm.sourceFile, Lit(source.file)
    first, last = (
        (_rm.firstLine, _rm.lastLine) if source.unit == "line" else (_rm.firstRow, _rm.lastRow)
    )
    yield row, first, Lit(str(source.first), None, _XSD_POSITIVE)
    yield row, last, Lit(str(source.last), None, _XSD_POSITIVE)
    if source.pages is not None:  # a PDF's row: the page(s) it is on
        yield row, _rm.firstPage, Lit(str(source.pages[0]), None, _XSD_POSITIVE)
        yield row, _rm.lastPage, Lit(str(source.pages[1]), None, _XSD_POSITIVE)
    if event.cells:
        yield row, _rm.sourceText, Lit("\t".join(event.cells))


def _organisation(org: Organization, iri: Minter) -> Iterator[Triple]:
    subject = iri("org", org.key)
    yield subject, _rdf.type, _schema.Organization
    yield subject, _schema.name, ru(org.name)
    for label in org.alt_labels:
        yield subject, _skos.altLabel, ru(label)
    if org.legal_form:
        yield subject, _rm.legalForm, Lit(org.legal_form)
    if org.org_type:
        yield subject, _rm.organizationType, Lit(org.org_type)
    if org.location:
        yield subject, _schema.location, iri("place", org.location)
        if org.location_evidence:
            yield subject, _rm.locationEvidence, Lit(org.location_evidence)
    if org.parent:
        yield subject, _org.subOrganizationOf, iri("org", org.parent)
    for item in org.same_as:
        yield subject, _owl.sameAs, item


def _place(place: Place, iri: Minter) -> Iterator[Triple]:
    subject = iri("place", place.key)
    for cls in _PLACE_CLASSES[place.kind]:
        yield subject, _rdf.type, cls
    if place.federal_city:
        yield subject, _rdf.type, _schema.City
    yield subject, _schema.name, ru(place.name)
    for label in place.alt_labels:
        yield subject, _skos.altLabel, ru(label)
    if place.parent:
        yield subject, _schema.containedInPlace, iri("place", place.parent)
    if place.iso_code:
        yield subject, _rm.isoCode, Lit(place.iso_code)
    if place.okato:
        yield subject, _rm.okato, Lit(place.okato)
    if place.oktmo:
        yield subject, _rm.oktmo, Lit(place.oktmo)
    for item in place.same_as:
        yield subject, _owl.sameAs, item
