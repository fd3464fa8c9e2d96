"""The index page's timeline: events per month of their start date, as the numbers an SVG bar
chart is drawn from (one bar per month with events; empty months between keep their place
on the axis)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ...terms import lexical
from ...vocab import SCHEMA
from .graph import SiteGraph
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
    href: str  # the index page, filtered to the month


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


def timeline(site: SiteGraph, here: str, events: list[str]) -> Timeline | None:
    """The chart of these events, None when none has a start date."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for event in events:
        start = site.first(event, _START)
        if start is not None:
            day = date.fromisoformat(lexical(start))
            counts[(day.year, day.month)] += 1
    if not counts:
        return None
    months = _months(min(counts), max(counts))
    tallest = max(counts.values())
    index = relative(here, "index.html")
    width = LEFT + SLOT * len(months) + 10
    return Timeline(
        width=width,
        height=BOTTOM + 44,
        bottom=BOTTOM,
        left=LEFT,
        top=TOP,
        tallest=tallest,
        months=[
            _month(i, year, month, counts.get((year, month), 0), tallest, index)
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


def _month(i: int, year: int, month: int, count: int, tallest: int, index: str) -> Month:
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
            href=f"{index}?q={key}#events",
        )
    return Month(
        key=key,
        centre=x + SLOT / 2,
        name=MONTHS_SHORT[month - 1],
        year=year if month == 1 or i == 0 else None,
        bar=bar,
    )
