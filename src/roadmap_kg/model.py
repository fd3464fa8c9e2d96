"""The typed model between extraction and RDF: plain frozen data, no behaviour.

Everything the mapping to RDF needs is here; nothing here knows the vocabulary.
Organisations and places are referred to by their *key* (the local part of their IRI,
minted in ``ids.py``), so events stay small and hashable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

# Each closed set of values below is a Literal of today's strings (they are what the RDF and
# the pages write); the tuple beside it is the same set in order, for code that walks it.

# Date precisions, in the order of increasing width (skos:notation of rm:DatePrecision concepts).
DatePrecision = Literal["day", "month", "quarter", "half-year", "year", "period", "unknown"]
PRECISIONS: tuple[DatePrecision, ...] = get_args(DatePrecision)

# Event kinds (skos:notation of rm:EventKind concepts); the words that name each but
# 'cooperation' are data/reference/event-kinds.csv (a test keeps the two in step).
Kind = Literal[
    "conference",
    "forum",
    "exhibition",
    "competition",
    "sports",
    "training",
    "meeting",
    "discussion",
    "tour",
    "business-mission",
    "cooperation",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

AttendanceMode = Literal["online", "offline", "mixed"]
ATTENDANCE_MODES: tuple[AttendanceMode, ...] = get_args(AttendanceMode)

# What a source span counts: lines of a text export, rows or paragraphs of a .docx, or the
# whole file (a fact about its format, say).
SourceUnit = Literal["line", "row", "paragraph", "file"]

# A count as the report qualifies it, normalised to one of four words (None: exact).
CountQualifier = Literal["более", "около", "не менее", "не более"]

PlaceKind = Literal["country", "region", "city", "venue", "virtual"]

# The org_type column of data/reference/organisations.csv (its README says what each means;
# a test keeps the two in step).
OrgType = Literal[
    "state-body",
    "university",
    "institute",
    "academy",
    "school",
    "museum",
    "library",
    "cultural-institution",
    "company",
    "public-institution",
    "association",
    "religious-organisation",
    "other",
]
ORG_TYPES: tuple[OrgType, ...] = get_args(OrgType)

# What placed an organisation where it is: its authority-file entry, its name, a city its
# report names beside it, or its parent organisation's location.
LocationEvidence = Literal["authority-file", "name", "report", "parent"]


@dataclass(frozen=True)
class SourceRef:
    """Where a fact came from: a file and a span of its lines (or table rows for .docx)."""

    file: str  # file name as published (no directories), so output does not depend on cwd
    first: int  # 1-based
    last: int
    unit: SourceUnit = "line"
    pages: tuple[int, int] | None = None  # the first and last page (PDF), 1-based

    def __str__(self) -> str:
        if self.unit == "file":  # a fact about the whole file (its format, say)
            return self.file
        span = f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"
        where = span if self.unit == "line" else f"{self.unit} {span}"
        if self.pages is not None:
            first, last = self.pages
            where = f"page {first}, {where}" if first == last else f"pages {first}-{last}, {where}"
        return f"{self.file}:{where}"


# What a warning is about: a closed set, so the fix-list (extract/problems.py) can tell the
# report's authors in Russian what is wrong and how to fix it.
Problem = Literal[
    "file-format",  # the file's content is not the format its extension says
    "plan-item-number",  # a spreadsheet cell holds a number where a plan item is written
    "plan-item-date",  # a spreadsheet cell holds a date where a plan item is written
    "plan-item-inherited",  # an empty plan-item cell, taken from the row above
    "cells-outside-table",  # filled spreadsheet cells beside the table's columns
    "reporting-region-unknown",  # nothing tells which party wrote the report
    "date-unreadable",  # a dates cell no rule reads
    "organisation-ambiguous",  # a body named without its region that both parties have
    "organisation-not-in-authority",  # a body new to the authority file
    "organisation-unplaced",  # a body nothing places in a city or region
    "count-ambiguous",  # a participants cell whose number of participants is not one number
    "shacl-warning",  # a SHACL result of severity sh:Warning (validate.py)
]
PROBLEMS: tuple[Problem, ...] = get_args(Problem)


@dataclass(frozen=True)
class Warning_:
    """Something extraction kept but could not read with confidence: where, what kind of
    problem, in which column (its header as written, where known), the text concerned, and
    the specifics the fix-list's Russian texts name (details: name → value pairs)."""

    source: SourceRef
    message: str  # English, for the command line
    problem: Problem
    column: str | None = None
    cell: str = ""
    details: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return f"{self.source}: warning: {self.message}"


@dataclass(frozen=True)
class DateSpan:
    """A date expression: inclusive bounds, how precise they are, and the text as written."""

    start: date
    end: date
    precision: DatePrecision
    text: str


@dataclass(frozen=True)
class Count:
    value: int
    qualifier: CountQualifier | None = None  # None: exact


@dataclass(frozen=True)
class Counts:
    participants: Count | None = None
    visitors: Count | None = None
    delegation: Count | None = None  # people from the reporting region
    regions: Count | None = None  # number of regions the participants came from


@dataclass(frozen=True)
class Place:
    """A region, a city, a venue or a virtual location."""

    key: str  # IRI local part under place/
    name: str
    kind: PlaceKind
    parent: str | None = None  # key of the place it lies in
    iso_code: str | None = None  # regions: ISO 3166-2
    okato: str | None = None
    oktmo: str | None = None
    federal_city: bool = False  # a city that is itself a federal subject (Moscow, St Petersburg)
    same_as: tuple[str, ...] = ()  # verified Wikidata IRIs
    alt_labels: tuple[str, ...] = ()  # other spellings (a venue named after its host body)
    organization: str | None = None  # a venue that is a body's premises: that body's key


@dataclass(frozen=True)
class Organization:
    key: str  # IRI local part under org/
    name: str  # canonical, nominative
    alt_labels: tuple[str, ...] = ()  # every other spelling seen
    legal_form: str | None = None
    org_type: OrgType | None = None
    location: str | None = None  # key of a Place (city or region)
    location_evidence: LocationEvidence | None = None  # what placed it there
    parent: str | None = None  # key of the parent Organization (org:subOrganizationOf)
    same_as: tuple[str, ...] = ()  # verified Wikidata IRIs


@dataclass(frozen=True)
class Event:
    plan_items: tuple[str, ...]  # codes such as "7.2"; none when the table has no such column
    name: str
    date: DateSpan
    attendance: AttendanceMode
    locations: tuple[str, ...]  # Place keys, most specific first
    hosts: tuple[str, ...]  # Organization keys
    organizers: tuple[str, ...]
    participants: tuple[str, ...]
    sponsors: tuple[str, ...]
    counts: Counts
    kind: Kind
    description: str
    responsible_bodies: tuple[str, ...]  # Organization keys: the section row's body, every
    # body of the row's responsible-body column, or the body the row names as its
    # 'Ответственный исполнитель'/'Организатор'; none when nothing names one
    source: SourceRef
    cells: tuple[str, ...] = field(default=(), compare=False)  # the row as read, for provenance
    theme: str | None = None  # the theme section row above it, as written ('Раздел 1. Наука')


@dataclass(frozen=True)
class Roadmap:
    parties: tuple[str, str]  # ISO 3166-2 codes of the two regions, sorted
    start_year: int
    end_year: int
    name: str = field(default="", compare=False)  # as the report's title names it


@dataclass(frozen=True)
class Report:
    title: str
    roadmap: Roadmap
    year: int  # reporting year
    # ISO 3166-2 code of the party whose bodies wrote the report; None when nothing tells
    reporting_region: str | None
    source_file: str
    events: tuple[Event, ...]
    organisations: tuple[Organization, ...]  # every organisation the report refers to
    places: tuple[Place, ...]  # every place the report refers to, with their containers
    warnings: tuple[Warning_, ...] = ()
    has_plan_item_column: bool = True  # False: its table has none, its events no plan items
    # False: no section row names a body and it has no responsible-body column, so an event
    # has a responsible body only where its row names one
    names_responsible_bodies: bool = True
    # the index of the participants column in each event's cells (None: the table has none),
    # so data-quality measures can tell which rows state numbers of people
    participants_column: int | None = field(default=None, compare=False)
