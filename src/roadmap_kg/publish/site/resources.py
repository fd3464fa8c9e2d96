"""What the page of one resource shows: its facts, the lists of what links to it (by the kind
of resource it is), the way up to what contains it, and for an event its source row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib.namespace import PROV, RDF, SKOS

from ...terms import Lit, Term, is_iri, lexical
from ...vocab import FACT_ORDER, ORG, PPLAN, RM, SCHEMA
from ..downloads import compact
from .graph import Link, SiteGraph, first
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

# The vocabulary's terms pages ask for, as the light terms the site graph holds (graph.py).
_TYPE, _PLAN_ITEM, _EVENT = str(RDF.type), str(RM.planItem), str(SCHEMA.Event)
_REPORT, _ROADMAP = str(RM.report), str(RM.roadmap)
_ROW, _ROW_TEXT = str(PROV.wasDerivedFrom), str(RM.sourceText)
_CONTAINED_IN, _LOCATION = str(SCHEMA.containedInPlace), str(SCHEMA.location)
_IN_SCHEME, _SUB_ORGANIZATION = str(SKOS.inScheme), str(ORG.subOrganizationOf)
_PARTY, _REPORTING_REGION = str(RM.party), str(RM.reportingRegion)
_STEP_OF_PLAN, _KIND, _PRECISION = str(PPLAN.isStepOfPlan), str(RM.kind), str(RM.datePrecision)
_FACT_ORDER = {str(iri): rank for iri, rank in FACT_ORDER.items()}

NO_PLAN_ITEM = "не указан"  # shown for an event whose report gives no plan items

# The roles an organisation has in events, in the order its page lists them.
ROLES = tuple(
    (str(predicate), title)
    for predicate, title in (
        (RM.responsibleBody, "Ответственный орган"),
        (RM.host, "Площадка (принимающая сторона)"),
        (SCHEMA.organizer, "Организатор"),
        (SCHEMA.attendee, "Участник"),
        (SCHEMA.sponsor, "Поддержка (спонсор)"),
    )
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


def resource_page(site: SiteGraph, here: str, subject: str) -> ResourcePage:
    sections, shown = _sections(site, here, subject)
    # the subject's objects by predicate, as lists of this page's own (sorted in place below)
    by_predicate = {p: list(objects) for p, objects in site.statements(subject).items()}
    # the types are shown apart from the facts
    types = sorted(t for t in by_predicate.pop(_TYPE, []) if is_iri(t))
    if _PLAN_ITEM not in by_predicate and _EVENT in types:
        # a report whose table has no plan-item column (rm:hasPlanItemColumn false)
        by_predicate[_PLAN_ITEM] = [Lit(NO_PLAN_ITEM)]
    return ResourcePage(
        title=site.label(subject),
        iri=subject,
        breadcrumbs=[site.link(here, c) for c in _breadcrumbs(site, subject)],
        types=[site.link(here, t) for t in types],
        facts=Section("Сведения", FactsTable(_facts(site, here, by_predicate))),
        sections=sections,
        others=_others(site, here, subject, shown),
    )


def _facts(site: SiteGraph, here: str, by_predicate: dict[str, list[Term]]) -> list[Fact]:
    facts = []
    for predicate in sorted(by_predicate, key=_fact_rank):
        values = by_predicate[predicate]
        if len(values) > 1:  # most facts have one value: no order to look up
            values.sort(key=lambda o: site.sort_key(o) if is_iri(o) else (lexical(o),))
        facts.append(
            Fact(
                predicate=site.link(here, predicate, site.predicate_label(predicate)),
                title=_compact(predicate),
                values=[site.value(here, v) for v in values],
                listed=len(values) != 1,
            )
        )
    return facts


@lru_cache(maxsize=1024)
def _fact_rank(predicate: str) -> tuple[int, str]:
    """Where a predicate's fact stands on a page: by FACT_ORDER, then by IRI (ranked once
    for all pages: a few dozen predicates)."""
    return (_FACT_ORDER.get(predicate, len(_FACT_ORDER)), predicate)


def _others(
    site: SiteGraph, here: str, subject: str, shown: set[tuple[str, str]]
) -> Section | None:
    others: dict[str, list[str]] = defaultdict(list)
    for s, p in site.links_to(subject):
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
        for p in sorted(others)
    ]
    return Section("Другие ссылки на этот ресурс", Sections(by_predicate, separator=""))


def _breadcrumbs(site: SiteGraph, subject: str) -> list[str]:
    """What contains the resource, outermost first."""
    category = site.category(subject)
    if category == "event":
        report = site.first(subject, _REPORT)
        if report is not None and is_iri(report):
            roadmap = site.first(report, _ROADMAP)
            return [report] if roadmap is None or not is_iri(roadmap) else [roadmap, report]
    elif category in ("report", "item"):
        roadmap = site.first(subject, _ROADMAP)
        return [roadmap] if roadmap is not None and is_iri(roadmap) else []
    elif category == "place":
        chain: list[str] = []
        parent = site.first(subject, _CONTAINED_IN)
        seen: set[Term] = {subject}
        while parent is not None and is_iri(parent) and parent not in seen:
            seen.add(parent)
            chain.insert(0, parent)
            parent = site.first(parent, _CONTAINED_IN)
        return chain
    elif category == "concept":
        scheme = first(site.statements(subject), _IN_SCHEME)
        return [scheme] if scheme is not None and is_iri(scheme) else []
    return []


def source_block(site: SiteGraph, here: str, row: str) -> SourceBlock:
    where = site.row_span(row)
    pages = where.pages()
    if pages is not None:  # a PDF's row: 'стр. 3–4, строка 12'
        unit = f"стр. {pages}, строка"
    else:
        unit = "строки" if where.by_line else "строки таблицы"
    text = site.first(row, _ROW_TEXT)
    return SourceBlock(
        file=where.file,
        unit=unit,
        span=where.span("–"),
        row=site.link(here, row, "описание строки источника"),
        cells=None if text is None else lexical(text).split("\t"),
    )


# --- the lists each kind of resource shows -----------------------------------------------


class _Shown:
    """The incoming links the sections of a page cover (the rest go under 'other links')."""

    def __init__(self) -> None:
        self.links: set[tuple[str, str]] = set()

    def __call__(self, items: Iterable[str], predicate: str) -> list[str]:
        found = list(items)
        self.links.update((s, predicate) for s in found)
        return found


_Lister = Callable[[SiteGraph, str, str, _Shown], list[Section]]


def _sections(
    site: SiteGraph, here: str, subject: str
) -> tuple[list[Section], set[tuple[str, str]]]:
    """The lists a page shows besides its facts, and the incoming links they cover."""
    shown = _Shown()
    lister = _LISTERS.get(site.category(subject))
    sections = lister(site, here, subject, shown) if lister else []
    return sections, shown.links


def _event(site: SiteGraph, here: str, subject: str, shown: _Shown) -> list[Section]:
    row = site.first(subject, _ROW)
    if row is not None and is_iri(row):
        return [Section("Источник", source_block(site, here, row))]
    return []


def _organisation(site: SiteGraph, here: str, subject: str, shown: _Shown) -> list[Section]:
    parts = []
    roles = []
    for predicate, title in ROLES:
        events = shown(site.incoming(subject, predicate, "event"), predicate)
        if events:
            roles.append(Section(title, events_table(site, here, events), len(events), 3))
    if roles:
        parts.append(Section("Мероприятия по ролям", Sections(roles)))
    units = shown(site.incoming(subject, _SUB_ORGANIZATION), _SUB_ORGANIZATION)
    if units:
        title = "Входящие и подведомственные организации"
        parts.append(Section(title, link_list(site, here, units), len(units)))
    return parts


def _inside(site: SiteGraph, place: str) -> set[str]:
    """The place and every place inside it, at any depth."""
    found, todo = {place}, [place]
    while todo:
        for inner in site.incoming(todo.pop(), _CONTAINED_IN):
            if inner not in found:
                found.add(inner)
                todo.append(inner)
    return found


def _place(site: SiteGraph, here: str, subject: str, shown: _Shown) -> list[Section]:
    parts = []
    inner = shown(site.incoming(subject, _CONTAINED_IN), _CONTAINED_IN)
    if inner:
        parts.append(Section("Места внутри", link_list(site, here, inner), len(inner)))
    area = _inside(site, subject)
    events = sorted({s for place in area for s in site.incoming(place, _LOCATION, "event")})
    shown(site.incoming(subject, _LOCATION, "event"), _LOCATION)
    if events:
        title = "Мероприятия здесь" + (" и в местах внутри" if len(area) > 1 else "")
        parts.append(Section(title, events_table(site, here, events), len(events)))
    orgs = shown(site.incoming(subject, _LOCATION, "org"), _LOCATION)
    if orgs:
        parts.append(Section("Организации", link_list(site, here, orgs), len(orgs)))
    roadmaps = shown(site.incoming(subject, _PARTY), _PARTY)
    if roadmaps:
        title = "Дорожные карты, где регион — сторона"
        parts.append(Section(title, link_list(site, here, roadmaps)))
    reports = shown(site.incoming(subject, _REPORTING_REGION), _REPORTING_REGION)
    if reports:
        parts.append(Section("Отчёты органов региона", link_list(site, here, reports)))
    return parts


def _plan_item(site: SiteGraph, here: str, subject: str, shown: _Shown) -> list[Section]:
    events = shown(site.incoming(subject, _PLAN_ITEM), _PLAN_ITEM)
    return [Section("Мероприятия по пункту", events_table(site, here, events), len(events))]


def _report(site: SiteGraph, here: str, subject: str, shown: _Shown) -> list[Section]:
    events = shown(site.incoming(subject, _REPORT), _REPORT)
    return [Section("Мероприятия отчёта", events_table(site, here, events), len(events))]


def _roadmap(site: SiteGraph, here: str, subject: str, shown: _Shown) -> list[Section]:
    parts = []
    reports = shown(site.incoming(subject, _ROADMAP, "report"), _ROADMAP)
    items = shown(site.incoming(subject, _ROADMAP, "item"), _ROADMAP)
    shown(site.incoming(subject, _STEP_OF_PLAN), _STEP_OF_PLAN)
    if reports:
        parts.append(Section("Отчёты об исполнении", link_list(site, here, reports), len(reports)))
    if items:
        parts.append(Section("Пункты плана", link_list(site, here, items), len(items)))
    events = sorted({e for r in reports for e in site.incoming(r, _REPORT, "event")})
    if events:
        parts.append(Section("Мероприятия", events_table(site, here, events), len(events)))
    return parts


def _source_row(site: SiteGraph, here: str, subject: str, shown: _Shown) -> list[Section]:
    events = shown(site.incoming(subject, _ROW), _ROW)
    if not events:
        return []
    return [Section("Мероприятия, извлечённые из этих строк", link_list(site, here, events))]


def _concept(site: SiteGraph, here: str, subject: str, shown: _Shown) -> list[Section]:
    parts = []
    for predicate, title in (
        (_KIND, "Мероприятия этого вида"),
        (_PRECISION, "Мероприятия с такой точностью даты"),
    ):
        events = shown(site.incoming(subject, predicate), predicate)
        if events:
            parts.append(Section(title, events_table(site, here, events), len(events)))
    return parts


# The kinds of resource whose pages list events in tables (events_table): making the rows,
# kept by each process for all its pages, is much of their work (site.shared_order).
LISTS_EVENTS = frozenset({"org", "place", "item", "report", "roadmap", "concept"})

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
