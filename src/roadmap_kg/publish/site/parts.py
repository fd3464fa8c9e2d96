"""The parts pages are made of, as plain data: sections, tables of events, lists of links.
Templates (templates/parts.html) show them; nothing here is HTML, but for the rows of the
events tables, kept as the markup their macro made (rows are shared by many pages)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import ClassVar

from markupsafe import Markup

from ...terms import Term, is_iri, lexical
from ...vocab import RM, SCHEMA
from .graph import Link, SiteGraph, Value, first
from .paths import depth, is_web, relative
from .render import shown_by
from .words import search_text, short_date


@dataclass(frozen=True, slots=True)
class EventRow:
    start: str
    start_text: str
    end: str | None  # only when the event ends on another day
    end_text: str
    date_text: str  # the report's own words for the date, as a tooltip
    event: Link
    kind: Link | None
    places: list[Link]
    bodies: list[Link]
    search: str | None  # what the index page's filter matches


@dataclass(frozen=True, slots=True)
class EventsTable:
    kind: ClassVar[str] = "events"
    rows: list[Markup]  # each an EventRow as the macro event_row shows it
    searchable: bool = False  # the index page's table, which the filter script finds by id
    total: int = 0  # the events the table is of: more than its rows when it shows the latest
    downloads: str = ""  # the link to the index page's downloads, where all of them are


# The most rows an events table shows: the latest, by date. A page lists the events of a
# place, a body, a kind; in a programme of tens of thousands of events, one place's are
# too: a table of all of them (20 MB for St Petersburg at 50,000 events) opens in no
# browser and is read by no one. The months' pages (timeline.py) and the downloads give them
# all.
TABLE_ROWS = 1000


@dataclass(frozen=True, slots=True)
class LinkList:
    kind: ClassVar[str] = "list"
    links: list[Link]


@dataclass(frozen=True, slots=True)
class SourceBlock:
    """Where an event's row is in its report, and the row's text cell by cell."""

    kind: ClassVar[str] = "source"
    file: str | None
    unit: str  # 'строки', 'строки таблицы', 'стр. 3–4, строка'
    span: str
    row: Link
    cells: list[str] | None


@dataclass(frozen=True, slots=True)
class Fact:
    predicate: Link
    title: str  # the predicate's compact IRI
    values: list[Value]
    listed: bool  # several values, shown as a list


@dataclass(frozen=True, slots=True)
class FactsTable:
    kind: ClassVar[str] = "facts"
    facts: list[Fact]


@dataclass(frozen=True, slots=True)
class Sections:
    kind: ClassVar[str] = "sections"
    sections: list[Section]
    separator: str = "\n"


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    content: EventsTable | LinkList | SourceBlock | FactsTable | Sections
    count: int | None = None
    level: int = 2


@dataclass(frozen=True, slots=True)
class PartPage:
    """A page of one part of what a release holds too much of for one page: a month's
    events (timeline.py), a thousand of the resources of a kind (index.py)."""

    here: str  # its folder, 'months/2021/04/'
    title: str
    note: str
    section: Section
    up: Link  # the page of the whole: the index, the listing
    previous: Link | None  # the part before, with rel="prev"
    next: Link | None


# what makes a part page's table from its items: events_table's kind or link_list
Table = Callable[["SiteGraph", str, Sequence[str]], "EventsTable | LinkList"]


@dataclass(frozen=True, slots=True)
class PartPlan:
    """A part page before its table is made: all it shows besides the table, and the
    resources the table lists, from which alone `table` makes it (reading them, and what
    they name, from the site graph). A rebuild keeps the page of a plan the previous build
    made alike (`shape`) when nothing that making its table read has changed (reuse.py):
    the part pages were 0.13 s of CPU of every rebuild at 3,000 events, a month's page and a
    listing part or two changed by one report."""

    here: str
    title: str
    note: str
    heading: str  # its section's title
    count: int | None  # shown beside the heading
    items: tuple[str, ...]
    up: Link
    previous: Link | None
    next: Link | None
    table: Table

    def shape(self) -> str:
        """A digest of all the page is made from but the site graph's answers."""
        table = f"{self.table.__module__}.{self.table.__qualname__}"
        fields = (self.here, self.title, self.note, self.heading, self.count, self.items)
        text = repr((*fields, self.up, self.previous, self.next, table))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()

    def page(self, site: SiteGraph) -> PartPage:
        table = self.table(site, self.here, self.items)
        section = Section(self.heading, table, self.count)
        here, title, note = self.here, self.title, self.note
        return PartPage(here, title, note, section, self.up, self.previous, self.next)


def beside(here: str, parts: Sequence[tuple[str, str]], i: int) -> tuple[Link | None, Link | None]:
    """The links from the page of part i (in the folder `here`) to the parts before and
    after it, of `parts` given as (folder, name) in their order."""

    def link(j: int) -> Link | None:
        if not 0 <= j < len(parts):
            return None
        folder, name = parts[j]
        return Link(name, relative(here, folder + "index.html"), "")

    return link(i - 1), link(i + 1)


def events_table(
    site: SiteGraph,
    here: str,
    events: Iterable[str],
    *,
    searchable: bool = False,
    every: bool = False,
) -> EventsTable:
    """An event's row is made once for all pages as deep as this one (links from a page
    depend on nothing else): an event is listed on the pages of its bodies, places, plan
    item, report, roadmap and kind, and making its row again for each was the most of what
    these pages took. The latest TABLE_ROWS events have rows (only theirs are made), or
    with `every` all of them (a month's page)."""
    up = 'href="' + "../" * depth(here)
    listed = sorted(set(events), key=site.sort_key)
    rows = [
        Markup(
            site.remembered(
                ("events-table row", e, searchable), partial(_row_markup, site, e, searchable)
            ).replace(_FROM_ROOT, up)
        )
        for e in (listed if every else listed[-TABLE_ROWS:])
    ]
    return EventsTable(rows, searchable, len(listed), relative(here, "index.html") + "#downloads")


@dataclass(frozen=True, slots=True)
class _EventFacts:
    """What a row of an events table says of an event, whichever page shows it: an event is
    listed on the pages of its bodies, places, plan item, report and kind, and its facts
    were looked up and sorted again for each (a fifth of the time of preparing pages)."""

    name: str
    start: str
    end: str
    text: str
    kind: Term | None
    places: list[str]
    bodies: list[Term]


# the predicates of an event's row, as the light terms the site graph holds (graph.py)
_START, _END, _DATE_TEXT = str(SCHEMA.startDate), str(SCHEMA.endDate), str(RM.dateText)
_KIND, _LOCATION, _BODY = str(RM.kind), str(SCHEMA.location), str(RM.responsibleBody)


def _event_facts(site: SiteGraph, event: str) -> _EventFacts:
    key = ("event row", event)
    found = site.memo.get(key)
    if found is None:
        # the event's objects by predicate, as the index holds them (the first of each is
        # what graph.value() gives), its statements looked up once
        statements = site.about(event)
        found = site.memo[key] = _EventFacts(
            name=site.label(event),
            start=_text(statements.get(_START)),
            end=_text(statements.get(_END)),
            text=_text(statements.get(_DATE_TEXT)),
            kind=first(statements, _KIND),
            places=sorted(o for o in statements.get(_LOCATION, ()) if is_iri(o)),
            bodies=sorted(statements.get(_BODY, ()), key=site.label),
        )
    return found  # type: ignore[return-value]


def _text(objects: list[Term] | None) -> str:
    """The first object's text, "" when there is none."""
    return lexical(objects[0]) if objects else ""


# a row's dates as shown, made once a date: the events of a release fall on a few thousand
# days, and every row of every events table shows two
_short_date = lru_cache(maxsize=1 << 12)(short_date)


# How a row kept for pages of every depth begins each link to a page of the site: the
# page's way up to the root takes its place. It is found nowhere else in a row: a quote
# in text or an attribute's value is escaped, and a link out of the site is an address.
_FROM_ROOT = 'href="./'


def _row_markup(site: SiteGraph, event: str, searchable: bool) -> str:
    """An event's row as markup, its links to the site's pages made from the root and
    marked (_FROM_ROOT): one row for pages of every depth, kept as text only (at 50,000
    events, 127,000 rows kept with their links held 100 MiB more in each process writing
    pages; one per depth, a row was kept two to four times)."""
    return str(shown_by("event_row", _event_row(site, event, searchable)))


def _marked(link: Link) -> Link:
    """A link from the root to a page of the site, marked as such (_FROM_ROOT). Made
    by its constructor: dataclasses.replace, which looks the fields up again on every
    call, was a sixth of the time of making a row."""
    if link.href is None or is_web(link.href):
        return link
    return Link(link.text, "./" + link.href, link.iri, link.rel)


def _event_row(site: SiteGraph, event: str, searchable: bool) -> EventRow:
    """The row of an event, its links made from the root and marked."""
    facts = _event_facts(site, event)
    name, start, end, kind = facts.name, facts.start, facts.end, facts.kind
    search = None
    if searchable:
        words = [
            name,
            start,
            facts.text,
            site.label(kind) if kind is not None else "",
            *(site.label(p) for p in facts.places),
            *(site.label(b) for b in facts.bodies),
        ]
        search = search_text(" ".join(words))
    return EventRow(
        start=start,
        start_text=_short_date(start),
        end=end if end and end != start else None,
        end_text=_short_date(end),
        date_text=facts.text,
        event=_marked(site.link("", event, name)),
        kind=_marked(site.link("", kind)) if kind is not None else None,
        places=[_marked(site.link("", p)) for p in facts.places],
        bodies=[_marked(site.link("", b)) for b in facts.bodies],
        search=search,
    )


def link_list(site: SiteGraph, here: str, items: Iterable[str]) -> LinkList:
    return LinkList([site.link(here, i) for i in sorted(set(items), key=site.sort_key)])
