"""The vocabulary, in one place: the namespaces, and every term the code shows to a person with
what it is called (Russian on pages, English in validation messages), the kind of page a
member of a class gets, and the order of facts on a page (ontology/README.md documents the
terms themselves)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import ids

RM = Namespace(ids.ONTOLOGY)
RMK = Namespace(ids.KIND_NS)
RMP = Namespace(ids.PRECISION_NS)
SCHEMA = Namespace("https://schema.org/")
CV = Namespace("http://data.europa.eu/m8g/")
ORG = Namespace("http://www.w3.org/ns/org#")
PPLAN = Namespace("http://purl.org/net/p-plan#")
# the data-quality vocabulary: catalog.ttl and the ontology use it, the data does not (so it is
# not among the data's PREFIXES)
DQV = Namespace("http://www.w3.org/ns/dqv#")

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


@dataclass(frozen=True)
class Term:
    """A term as people meet it. A label left None is the ontology's own rdfs:label."""

    iri: URIRef
    ru: str | None = None  # on pages
    en: str | None = None  # what a validation message calls a member of the class
    category: str | None = None  # the kind of page a member of the class gets


# The facts of a resource, in the order its page lists them; other properties follow them,
# sorted by IRI.
FACTS = (
    Term(SCHEMA.name, "название"),
    Term(RDFS.label, "метка"),
    Term(SKOS.prefLabel, "название"),
    Term(RM.code),
    Term(SCHEMA.description, "описание"),
    Term(SKOS.definition, "определение"),
    Term(RM.kind),
    Term(SCHEMA.startDate, "дата начала"),
    Term(SCHEMA.endDate, "дата окончания"),
    Term(RM.dateText),
    Term(RM.datePrecision),
    Term(SCHEMA.eventAttendanceMode, "формат участия"),
    Term(SCHEMA.location, "место"),
    Term(RM.responsibleBody),
    Term(RM.host),
    Term(SCHEMA.organizer, "организатор"),
    Term(SCHEMA.attendee, "участник"),
    Term(SCHEMA.sponsor, "поддержка (спонсор)"),
    Term(RM.participantCount),
    Term(RM.visitorCount),
    Term(RM.delegationSize),
    Term(RM.regionCount),
    Term(RM.countQualifier),
    Term(RM.planItem),
    Term(RM.report),
    Term(RM.roadmap),
    Term(PPLAN.isStepOfPlan, "шаг плана"),
    Term(RM.reportingYear),
    Term(RM.reportingRegion),
    Term(RM.party),
    Term(RM.startYear),
    Term(RM.endYear),
    Term(SKOS.altLabel, "другие написания"),
    Term(RM.legalForm),
    Term(RM.organizationType),
    Term(SCHEMA.containedInPlace, "входит в"),
    Term(ORG.subOrganizationOf, "входит в организацию"),
    Term(RM.isoCode),
    Term(RM.okato),
    Term(RM.oktmo),
    Term(OWL.sameAs, "то же, что"),
    Term(RM.sourceFile),
    Term(RM.firstLine),
    Term(RM.lastLine),
    Term(RM.firstRow),
    Term(RM.lastRow),
    Term(RM.firstPage),
    Term(RM.lastPage),
    Term(RM.sourceText),
    Term(DCTERMS.source, "исходный файл"),
    Term(PROV.wasDerivedFrom, "источник сведений"),
)
# Properties a page names but does not list among the facts in an order of their own.
OTHER_PROPERTIES = (
    Term(RDF.type, "тип"),
    Term(SCHEMA.identifier, "идентификатор"),
    Term(SKOS.notation, "обозначение"),
    Term(SKOS.inScheme, "схема понятий"),
    Term(SKOS.topConceptOf, "верхнее понятие схемы"),
)
# The classes whose members get a page of their kind, first match wins; then the classes
# and individuals pages only name.
CLASSES = (
    Term(SCHEMA.Event, "мероприятие", "event", "event"),
    Term(SCHEMA.Organization, "организация", "organisation", "org"),
    Term(RM.PlanItem, None, "plan item", "item"),
    Term(RM.ImplementationReport, None, "report", "report"),
    Term(RM.Roadmap, None, "roadmap", "roadmap"),
    Term(RM.SourceRow, None, "source row", "source"),
    Term(SCHEMA.Place, "место", "place", "place"),
    Term(SCHEMA.VirtualLocation, "виртуальное место (онлайн)", "virtual location", "place"),
    Term(SCHEMA.AdministrativeArea, "административно-территориальная единица", "place", "place"),
    Term(SCHEMA.City, "город", "place", "place"),
    Term(CV.PublicEvent, "публичное мероприятие"),
    Term(SCHEMA.EducationEvent, "образовательное мероприятие"),
    Term(SCHEMA.BusinessEvent, "деловое мероприятие"),
    Term(SCHEMA.ExhibitionEvent, "выставка"),
    Term(SCHEMA.SportsEvent, "спортивное мероприятие"),
    Term(SCHEMA.SocialEvent, "общественное мероприятие"),
    Term(SCHEMA.OnlineEventAttendanceMode, "онлайн"),
    Term(SCHEMA.OfflineEventAttendanceMode, "очно"),
    Term(SCHEMA.MixedEventAttendanceMode, "смешанный (очно и онлайн)"),
    Term(SKOS.Concept, "понятие SKOS"),
)

FACT_ORDER = {term.iri: i for i, term in enumerate(FACTS)}
PROPERTY_LABELS = {t.iri: t.ru for t in (*FACTS, *OTHER_PROPERTIES) if t.ru is not None}
CLASS_LABELS = {t.iri: t.ru for t in CLASSES if t.ru is not None}
CATEGORIES = tuple((t.iri, t.category) for t in CLASSES if t.category is not None)
MEMBER_NAMES = tuple((t.iri, t.en) for t in CLASSES if t.en is not None)
# The things the data is about, VoID's entities: source rows are provenance records.
ENTITY_CLASSES = tuple(iri for iri, category in CATEGORIES if category != "source")

# What names a resource in a description of another one.
NAME_PREDICATES = (SCHEMA.name, RDFS.label, SKOS.prefLabel)

# How another publisher's dataset names and types the bodies and places it links to ours.
LINKED_NAMES = (
    SCHEMA.name,
    SKOS.prefLabel,
    SKOS.altLabel,
    RDFS.label,
    FOAF.name,
    SCHEMA.alternateName,
)
LINKED_ORGANISATIONS = (
    SCHEMA.Organization,
    ORG.Organization,
    FOAF.Organization,
    ORG.FormalOrganization,
)
LINKED_PLACES = (SCHEMA.Place, SCHEMA.City, SCHEMA.AdministrativeArea)


# the predicates of a row's span, made once (a namespace's attribute makes a new term each
# time, and every event's page and every source row's name reads a span)
_SPAN_TERMS = (
    RM.sourceFile,
    RM.firstLine,
    RM.lastLine,
    RM.firstRow,
    RM.lastRow,
    RM.firstPage,
    RM.lastPage,
)


@dataclass(frozen=True)
class RowSpan:
    """Where a source row stands: lines of a text export or rows of a table, and for a PDF
    its pages. Values are the literals' text, None when the row lacks one."""

    file: str | None
    first: str | None
    last: str | None
    by_line: bool  # lines of a text export, not rows of a table
    first_page: str | None
    last_page: str | None

    @classmethod
    def read(cls, value: Callable[[URIRef], str | None]) -> RowSpan:
        """The span of a row, given how to read one of its values."""
        file, first_line, last_line, first_row, last_row, first_page, last_page = _SPAN_TERMS
        found_line = value(first_line)
        by_line = found_line is not None
        return cls(
            file=value(file),
            first=found_line if by_line else value(first_row),
            last=value(last_line) if by_line else value(last_row),
            by_line=by_line,
            first_page=value(first_page),
            last_page=value(last_page),
        )

    def span(self, dash: str) -> str:
        """'12' or '12–14' (the dash given)."""
        return f"{self.first}" if self.first == self.last else f"{self.first}{dash}{self.last}"

    def pages(self) -> str | None:
        """The page or pages of a PDF the row is on ('3', '3–4'), or None."""
        if self.first_page is None:
            return None
        if self.last_page in (None, self.first_page):
            return self.first_page
        return f"{self.first_page}–{self.last_page}"
