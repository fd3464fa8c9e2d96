"""The index page's timeline: events per month of their start date, as the numbers an SVG bar
chart is drawn from (one bar per month with events; empty months between keep their place
on the axis), each bar a link to its month's page (site/months/YYYY/MM/), which lists the
events that start in that month: every event with a start date is on one of them, however
many the release holds (an events table shows the latest TABLE_ROWS, parts.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ...terms import lexical
from ...vocab import SCHEMA
from .graph import Link, SiteGraph
from .parts import EventsTable, PartPlan, beside, events_table
from .paths import relative
from .words import MONTHS, MONTHS_SHORT, events_word

SLOT, LEFT, TOP, HEIGHT = 34, 34, 24, 160  # pixels: a month's width, the margins, the bars
BOTTOM = TOP + HEIGHT


@dataclass(frozen=True, slots=True)
class Bar:
    x: int
    y: float
    width: int
    height: float
    count: int
    count_y: float  # where the count above the bar stands
    tip: str  # 'апрель 2021: 3 мероприятия'
    href: str  # the month's page


@dataclass(frozen=True, slots=True)
class Month:
    key: str  # '2021-04'
    centre: float
    name: str  # 'апр'
    year: int | None  # written under January and under the first month
    bar: Bar | None


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    bottom: int
    left: int
    top: int
    tallest: int
    months: list[Month]


_START = str(SCHEMA.startDate)
# what a month's page says of the dates it goes by (the index's timeline says it too)
ABOUT_START = "По дате начала; у мероприятий с неточной датой (квартал, год) это начало интервала."


def month_folder(year: int, month: int) -> str:
    return f"months/{year:04d}/{month:02d}/"


def by_month(site: SiteGraph) -> dict[tuple[int, int], list[str]]:
    """The release's events that have a start date, by its (year, month), months in order:
    grouped once for the chart and the months' pages."""

    def group() -> dict[tuple[int, int], list[str]]:
        found: dict[tuple[int, int], list[str]] = defaultdict(list)
        for event in site.of_category("event"):
            start = site.first(event, _START)
            if start is not None:
                day = date.fromisoformat(lexical(start))
                found[(day.year, day.month)].append(event)
        return dict(sorted(found.items()))

    return site.remembered(("events by month",), group)


def month_plans(site: SiteGraph) -> list[PartPlan]:
    """A page per month with events: its events, and links to the months before and after
    that have events (the tables made as each page is, parts.PartPlan)."""
    grouped = by_month(site)
    months = [(month_folder(year, month), f"{MONTHS[month - 1]} {year}") for year, month in grouped]
    plans = []
    for i, (found, (here, name)) in enumerate(zip(grouped.values(), months, strict=True)):
        previous, next_ = beside(here, months, i)
        plans.append(
            PartPlan(
                here=here,
                title=f"Мероприятия: {name}",
                note=ABOUT_START,
                heading="Мероприятия месяца",
                count=len(found),
                items=tuple(found),
                up=Link("Все месяцы — на главной странице", relative(here, "index.html"), ""),
                previous=previous,
                next=next_,
                table=every_event,
            )
        )
    return plans


def every_event(site: SiteGraph, here: str, events: Sequence[str]) -> EventsTable:
    """A month's table: all its events (where all of them are listed)."""
    return events_table(site, here, events, every=True)


def timeline(site: SiteGraph, here: str) -> Timeline | None:
    """The chart of the release's events, None when none has a start date."""
    counts = {month: len(found) for month, found in by_month(site).items()}
    if not counts:
        return None
    months = _months(min(counts), max(counts))
    tallest = max(counts.values())
    width = LEFT + SLOT * len(months) + 10
    return Timeline(
        width=width,
        height=BOTTOM + 44,
        bottom=BOTTOM,
        left=LEFT,
        top=TOP,
        tallest=tallest,
        months=[
            _month(i, year, month, counts.get((year, month), 0), tallest, here)
            for i, (year, month) in enumerate(months)
        ],
    )


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month(i: int, year: int, month: int, count: int, tallest: int, here: str) -> Month:
    x = LEFT + i * SLOT
    key = f"{year:04d}-{month:02d}"
    bar = None
    if count:
        height = round(HEIGHT * count / tallest, 1)
        bar = Bar(
            x=x + 4,
            y=round(BOTTOM - height, 1),
            width=SLOT - 8,
            height=height,
            count=count,
            count_y=round(BOTTOM - height - 4, 1),
            tip=f"{MONTHS[month - 1]} {year}: {events_word(count)}",
            href=relative(here, month_folder(year, month) + "index.html"),
        )
    return Month(
        key=key,
        centre=x + SLOT / 2,
        name=MONTHS_SHORT[month - 1],
        year=year if month == 1 or i == 0 else None,
        bar=bar,
    )
