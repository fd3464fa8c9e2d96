"""Charts of canned-query results (a query's `# chart:` header), as the numbers an inline SVG
is drawn from: the approach of the site's timeline (publish/site/timeline.py), geometry here
and the SVG in a template, where every label is escaped.

`bar` draws one column per row, `hbar` one horizontal bar per row (for long labels such as
organisation names); with several `y` variables each bar is their values stacked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .query import Chart

# pixels: a column's width, a bar's height, the margins, the longest bar or tallest column
SLOT, ROW, TOP, SPAN = 48, 22, 24, 160
LEFT = {"bar": 40, "hbar": 330}
LABEL_CHARS = 48  # an hbar label longer than this is cut, whole in its tooltip


@dataclass(frozen=True, slots=True)
class Part:
    x: float
    y: float
    width: float
    height: float
    series: int  # which y variable: its colour
    tip: str  # 'name — events: 12'


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # as shown (an hbar label cut to LABEL_CHARS)
    full: str  # the whole label
    total: str  # the sum of its parts, as text
    total_x: float
    total_y: float
    label_x: float
    label_y: float
    parts: list[Part]


@dataclass(frozen=True, slots=True)
class Figure:
    kind: str
    width: int
    height: int
    left: int
    top: int
    base: int  # the axis: y of the columns' foot, or x of the bars' start
    tallest: str
    series: list[str]  # the y variables' headings, for the legend
    bars: list[Bar]
    left_out: int  # rows beyond the chart's limit


def figure(
    chart: Chart, results: dict[str, Any], headings: dict[str, str] | None = None
) -> Figure | None:
    """The chart of these results, its legend in the query's column headings; None when no
    row has a value above zero."""
    rows: list[dict[str, dict[str, str]]] = results["results"]["bindings"]
    shown = rows[: chart.limit] if chart.limit else rows
    values = [[_number(row.get(v)) for v in chart.y] for row in shown]
    tallest = max((sum(v) for v in values), default=0.0)
    if tallest <= 0:
        return None
    labels = [_label(row, chart.x) for row in shown]
    left = LEFT[chart.kind]
    draw = _column if chart.kind == "bar" else _row
    names = tuple((headings or {}).get(y, y) for y in chart.y)
    bars = [draw(i, labels[i], values[i], names, tallest, left) for i in range(len(shown))]
    if chart.kind == "bar":
        width, height, base = left + SLOT * len(bars) + 10, TOP + SPAN + 40, TOP + SPAN
    else:
        width, height, base = left + SPAN * 2 + 60, TOP + ROW * len(bars) + 10, left
    return Figure(
        kind=chart.kind,
        width=width,
        height=height,
        left=left,
        top=TOP,
        base=base,
        tallest=_text(tallest),
        series=list(names),
        bars=bars,
        left_out=len(rows) - len(shown),
    )


def _column(
    i: int, label: str, values: list[float], names: tuple[str, ...], tallest: float, left: int
) -> Bar:
    x, foot, parts = left + i * SLOT, float(TOP + SPAN), []
    for series, (name, value) in enumerate(zip(names, values, strict=True)):
        height = round(SPAN * value / tallest, 1)
        if height > 0:
            foot = round(foot - height, 1)
            tip = f"{label} — {name}: {_text(value)}"
            parts.append(Part(x + 6, foot, SLOT - 12, height, series, tip))
    centre = x + SLOT / 2
    return Bar(label, label, _text(sum(values)), centre, foot - 4, centre, TOP + SPAN + 15, parts)


def _row(
    i: int, label: str, values: list[float], names: tuple[str, ...], tallest: float, left: int
) -> Bar:
    y, start, parts = TOP + i * ROW, float(left), []
    span = SPAN * 2
    for series, (name, value) in enumerate(zip(names, values, strict=True)):
        width = round(span * value / tallest, 1)
        if width > 0:
            tip = f"{label} — {name}: {_text(value)}"
            parts.append(Part(start, y + 3, width, ROW - 6, series, tip))
            start = round(start + width, 1)
    cut = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
    middle = y + ROW / 2 + 4
    return Bar(cut, label, _text(sum(values)), start + 4, middle, left - 6, middle, parts)


def _label(row: dict[str, dict[str, str]], variables: tuple[str, ...]) -> str:
    """The x values joined by '-'; a whole number under 100 with two digits, so that a year
    and a month read 2021-03."""
    texts = []
    for variable in variables:
        text = row[variable]["value"] if variable in row else ""
        texts.append(text.zfill(2) if text.isdigit() and int(text) < 100 else text)
    return "-".join(texts)


def _number(value: dict[str, str] | None) -> float:
    try:
        number = float(value["value"]) if value is not None else 0.0
    except ValueError:
        return 0.0
    return number if number > 0 else 0.0


def _text(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"
