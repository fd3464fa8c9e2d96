"""What the page of one resource shows: its facts, the lists of what links to it (by the kind
of resource it is), the way up to what contains it, and for an event its source row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS
from rdflib.term import Node

from ...graphindex import TripleIndex
from ...vocab import FACT_ORDER, ORG, PPLAN, RM, SCHEMA
from ..downloads import compact
from .graph import Link, SiteGraph
from .parts import (
    Fact,
    FactsTable,
    Section,
    Sections,
    SourceBlock,
    events_table,
    link_list,
)

# every fact of every page names its predicate by its compact IRI: a few dozen, made once
_compact = lru_cache(maxsize=1024)(compact)

# terms every page asks for, made once (a namespace's attribute makes a new term each time)
_TYPE, _PLAN_ITEM, _EVENT = RDF.type, RM.planItem, SCHEMA.Event
_REPORT, _ROADMAP, _ROW, _ROW_TEXT = RM.report, RM.roadmap, PROV.wasDerivedFrom, RM.sourceText

NO_PLAN_ITEM = "не указан"  # shown for an event whose report gives no plan items

# The roles an organisation has in events, in the order its page lists them.
ROLES = (
    (RM.responsibleBody, "Ответственный орган"),
    (RM.host, "Площадка (принимающая сторона)"),
    (SCHEMA.organizer, "Организатор"),
    (SCHEMA.attendee, "Участник"),
    (SCHEMA.sponsor, "Поддержка (спонсор)"),
)


@dataclass(frozen=True, slots=True)
class ResourcePage:
    title: str
    iri: str
    breadcrumbs: list[Link]
    types: list[Link]
    facts: Section
    sections: list[Section]
    others: Section | None  # links to the resource that no section above covers


def resource_page(
    site: SiteGraph, here: str, subject: URIRef, source: Graph | TripleIndex
) -> ResourcePage:
    sections, shown = _sections(site, here, subject)
    by_predicate = _by_predicate(site, subject, source)
    # the types are shown apart from the facts
    types = sorted((t for t in by_predicate.pop(_TYPE, []) if isinstance(t, URIRef)), key=str)
    if _PLAN_ITEM not in by_predicate and _EVENT in types:
        # a report whose table has no plan-item column (rm:hasPlanItemColumn false)
        by_predicate[_PLAN_ITEM] = [Literal(NO_PLAN_ITEM)]
    return ResourcePage(
        title=site.label(subject),
        iri=str(subject),
        breadcrumbs=[site.link(here, c) for c in _breadcrumbs(site, subject)],
        types=[site.link(here, t) for t in types],
        facts=Section("Сведения", FactsTable(_facts(site, here, by_predicate))),
        sections=sections,
        others=_others(site, here, subject, shown),
    )


def _by_predicate(
    site: SiteGraph, subject: URIRef, source: Graph | TripleIndex
) -> dict[URIRef, list[Node]]:
    """The subject's objects by predicate, in the source: for the data, from the site
    graph's list of its pairs (the same pairs in the same order, not made again per page)."""
    pairs = site.out.get(subject, []) if source is site.graph else source.predicate_objects(subject)
    by_predicate: dict[URIRef, list[Node]] = defaultdict(list)
    for p, o in pairs:
        if isinstance(p, URIRef):
            by_predicate[p].append(o)
    return by_predicate


def _facts(site: SiteGraph, here: str, by_predicate: dict[URIRef, list[Node]]) -> list[Fact]:
    facts = []
    for predicate in sorted(by_predicate, key=_fact_rank):
        values = by_predicate[predicate]
        if len(values) > 1:  # most facts have one value: no order to look up
            values.sort(key=lambda o: site.sort_key(o) if isinstance(o, URIRef) else (str(o),))
        facts.append(
            Fact(
                predicate=site.link(here, predicate, site.predicate_label(predicate)),
                title=_compact(str(predicate)),
                values=[site.value(here, v) for v in values],
                listed=len(values) != 1,
            )
        )
    return facts


@lru_cache(maxsize=1024)
def _fact_rank(predicate: URIRef) -> tuple[int, str]:
    """Where a predicate's fact stands on a page: by FACT_ORDER, then by IRI. Ranked once
    for all pages (a few dozen predicates): FACT_ORDER's terms are not the data's, so each
    look-up there is a comparison by rdflib's ==, a Python call."""
    return (FACT_ORDER.get(predicate, len(FACT_ORDER)), str(predicate))


def _others(
    site: SiteGraph, here: str, subject: URIRef, shown: set[tuple[URIRef, URIRef]]
) -> Section | None:
    others: dict[URIRef, list[URIRef]] = defaultdict(list)
    for s, p in site.inc.get(subject, []):
        if (s, p) not in shown and s != subject:
            others[p].append(s)
    if not others:
        return None
    by_predicate = [
        Section(
            f"Ссылаются как «{site.predicate_label(p)}»",
            link_list(site, here, others[p]),
            len(others[p]),
            3,
        )
        for p in sorted(others, key=str)
    ]
    return Section("Другие ссылки на этот ресурс", Sections(by_predicate, separator=""))


def _breadcrumbs(site: SiteGraph, subject: URIRef) -> list[URIRef]:
    """What contains the resource, outermost first."""
    category = site.category(subject)
    g = site.graph
    if category == "event":
        report = g.value(subject, _REPORT)
        if isinstance(report, URIRef):
            return [r for r in (g.value(report, _ROADMAP), report) if isinstance(r, URIRef)]
    elif category in ("report", "item"):
        roadmap = g.value(subject, _ROADMAP)
        return [roadmap] if isinstance(roadmap, URIRef) else []
    elif category == "place":
        chain: list[URIRef] = []
        parent = g.value(subject, SCHEMA.containedInPlace)
        seen: set[Node] = {subject}
        while isinstance(parent, URIRef) and parent not in seen:
            seen.add(parent)
            chain.insert(0, parent)
            parent = g.value(parent, SCHEMA.containedInPlace)
        return chain
    elif category == "concept":
        scheme = site.ontology.value(subject, SKOS.inScheme)
        return [scheme] if isinstance(scheme, URIRef) else []
    return []


def source_block(site: SiteGraph, here: str, row: URIRef) -> SourceBlock:
    where = site.row_span(row)
    pages = where.pages()
    if pages is not None:  # a PDF's row: 'стр. 3–4, строка 12'
        unit = f"стр. {pages}, строка"
    else:
        unit = "строки" if where.by_line else "строки таблицы"
    text = site.graph.value(row, _ROW_TEXT)
    return SourceBlock(
        file=where.file,
        unit=unit,
        span=where.span("–"),
        row=site.link(here, row, "описание строки источника"),
        cells=None if text is None else str(text).split("\t"),
    )


# --- the lists each kind of resource shows -----------------------------------------------


class _Shown:
    """The incoming links the sections of a page cover (the rest go under 'other links')."""

    def __init__(self) -> None:
        self.links: set[tuple[URIRef, URIRef]] = set()

    def __call__(self, items: Iterable[URIRef], predicate: URIRef) -> list[URIRef]:
        found = list(items)
        self.links.update((s, predicate) for s in found)
        return found


_Lister = Callable[[SiteGraph, str, URIRef, _Shown], list[Section]]


def _sections(
    site: SiteGraph, here: str, subject: URIRef
) -> tuple[list[Section], set[tuple[URIRef, URIRef]]]:
    """The lists a page shows besides its facts, and the incoming links they cover."""
    shown = _Shown()
    lister = _LISTERS.get(site.category(subject))
    sections = lister(site, here, subject, shown) if lister else []
    return sections, shown.links


def _event(site: SiteGraph, here: str, subject: URIRef, shown: _Shown) -> list[Section]:
    row = site.graph.value(subject, _ROW)
    if isinstance(row, URIRef):
        return [Section("Источник", source_block(site, here, row))]
    return []


def _organisation(site: SiteGraph, here: str, subject: URIRef, shown: _Shown) -> list[Section]:
    parts = []
    roles = []
    for predicate, title in ROLES:
        events = shown(site.incoming(subject, predicate, "event"), predicate)
        if events:
            roles.append(Section(title, events_table(site, here, events), len(events), 3))
    if roles:
        parts.append(Section("Мероприятия по ролям", Sections(roles)))
    units = shown(site.incoming(subject, ORG.subOrganizationOf), ORG.subOrganizationOf)
    if units:
        title = "Входящие и подведомственные организации"
        parts.append(Section(title, link_list(site, here, units), len(units)))
    return parts


def _inside(site: SiteGraph, place: URIRef) -> set[URIRef]:
    """The place and every place inside it, at any depth."""
    found, todo = {place}, [place]
    while todo:
        for inner in site.incoming(todo.pop(), SCHEMA.containedInPlace):
            if inner not in found:
                found.add(inner)
                todo.append(inner)
    return found


def _place(site: SiteGraph, here: str, subject: URIRef, shown: _Shown) -> list[Section]:
    parts = []
    inner = shown(site.incoming(subject, SCHEMA.containedInPlace), SCHEMA.containedInPlace)
    if inner:
        parts.append(Section("Места внутри", link_list(site, here, inner), len(inner)))
    area = _inside(site, subject)
    events = sorted(
        {s for place in area for s in site.incoming(place, SCHEMA.location, "event")}, key=str
    )
    shown(site.incoming(subject, SCHEMA.location, "event"), SCHEMA.location)
    if events:
        title = "Мероприятия здесь" + (" и в местах внутри" if len(area) > 1 else "")
        parts.append(Section(title, events_table(site, here, events), len(events)))
    orgs = shown(site.incoming(subject, SCHEMA.location, "org"), SCHEMA.location)
    if orgs:
        parts.append(Section("Организации", link_list(site, here, orgs), len(orgs)))
    roadmaps = shown(site.incoming(subject, RM.party), RM.party)
    if roadmaps:
        title = "Дорожные карты, где регион — сторона"
        parts.append(Section(title, link_list(site, here, roadmaps)))
    reports = shown(site.incoming(subject, RM.reportingRegion), RM.reportingRegion)
    if reports:
        parts.append(Section("Отчёты органов региона", link_list(site, here, reports)))
    return parts


def _plan_item(site: SiteGraph, here: str, subject: URIRef, shown: _Shown) -> list[Section]:
    events = shown(site.incoming(subject, _PLAN_ITEM), _PLAN_ITEM)
    return [Section("Мероприятия по пункту", events_table(site, here, events), len(events))]


def _report(site: SiteGraph, here: str, subject: URIRef, shown: _Shown) -> list[Section]:
    events = shown(site.incoming(subject, RM.report), RM.report)
    return [Section("Мероприятия отчёта", events_table(site, here, events), len(events))]


def _roadmap(site: SiteGraph, here: str, subject: URIRef, shown: _Shown) -> list[Section]:
    parts = []
    reports = shown(site.incoming(subject, RM.roadmap, "report"), RM.roadmap)
    items = shown(site.incoming(subject, RM.roadmap, "item"), RM.roadmap)
    shown(site.incoming(subject, PPLAN.isStepOfPlan), PPLAN.isStepOfPlan)
    if reports:
        parts.append(Section("Отчёты об исполнении", link_list(site, here, reports), len(reports)))
    if items:
        parts.append(Section("Пункты плана", link_list(site, here, items), len(items)))
    events = sorted({e for r in reports for e in site.incoming(r, RM.report, "event")}, key=str)
    if events:
        parts.append(Section("Мероприятия", events_table(site, here, events), len(events)))
    return parts


def _source_row(site: SiteGraph, here: str, subject: URIRef, shown: _Shown) -> list[Section]:
    events = shown(site.incoming(subject, PROV.wasDerivedFrom), PROV.wasDerivedFrom)
    if not events:
        return []
    return [Section("Мероприятия, извлечённые из этих строк", link_list(site, here, events))]


def _concept(site: SiteGraph, here: str, subject: URIRef, shown: _Shown) -> list[Section]:
    parts = []
    for predicate, title in (
        (RM.kind, "Мероприятия этого вида"),
        (RM.datePrecision, "Мероприятия с такой точностью даты"),
    ):
        events = shown(site.incoming(subject, predicate), predicate)
        if events:
            parts.append(Section(title, events_table(site, here, events), len(events)))
    return parts


_LISTERS: dict[str, _Lister] = {
    "event": _event,
    "org": _organisation,
    "place": _place,
    "item": _plan_item,
    "report": _report,
    "roadmap": _roadmap,
    "source": _source_row,
    "concept": _concept,
}
