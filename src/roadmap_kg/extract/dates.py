"""Read the hand-written "dates" cell of a regional report into a :class:`DateSpan`.

``parse_date(text, report_year)`` returns the span and a warning (``None`` when the text was
understood). It is a pure function: no I/O, no clock, no guessing.

Normalisation (applied before anything is matched):

* all whitespace (newlines, NBSP U+00A0, narrow NBSP U+202F, ...) collapses to one space;
* case is ignored, "ё" reads as "е", and compatibility characters read as their plain form
  (Unicode NFKC: "Ⅳ" is "IV", full-width digits are digits);
* any hyphen, dash or minus ("-", "‐", "‒", "–", "—", "−"), with or without spaces around it,
  separates the two ends of a range;
* a missing space between a number and a word is tolerated ("31мая", "2021г.");
* "г.", "г", "гг.", "год", "года", "году" after a four-digit year are optional;
* ordinal endings after a number are dropped ("4-й квартал", "1-е полугодие");
* a trailing period (or comma, semicolon) is ignored;
* leading "в течение" / "в течении" / "на протяжении" / "в период" / "в" / "во" are dropped,
  and "с X по Y" reads as the range "X - Y".

One end of a range (or the whole text when it is not a range) is one of:

* a day: "3 июня 2021", "30 март 2021" (month in the genitive, nominative or prepositional
  form), "01.09.2022" or "01.09";
* a month: "март 2021", "октябрь", "в марте";
* a quarter: "IV квартал 2021", "2 квартал", "в течение III квартала" (I-IV or 1-4);
* a half-year: "1 полугодие", "I полугодие", "второе полугодие 2022", "во втором полугодии";
* a year: "2023" (with its optional "год"/"года"/"г.").

The left end of a range may be a bare number or roman numeral that borrows its unit from the
right end: "22-23 апреля", "1-2 квартал", "I-II квартал", "I-II полугодие".

Whole-text forms without a calendar unit:

* "в течение года", "весь год", "в течение отчетного года": the reporting year, precision "year";
* "в течение всего периода", "весь период", "в течение отчетного периода": precision "period";
* recurring activity ("ежемесячно", "ежеквартально", "постоянно", "регулярно", ...): it runs
  through the reporting year, precision "period".

Years: a year missing from the whole expression is the reporting year. When only one end of a
range names its year, the other end takes it, except that a range whose start month is later
than its end month crosses a year end ("28 декабря - 10 января 2023" starts in 2022). A range
that crosses a year end but names no year at all is ambiguous and therefore unreadable.

Precision: the unit of the ends ("day" for any day range, "month" for "февраль-март", ...);
when the two ends differ in unit, the wider one.

Anything else is unreadable, and so are impossible calendar dates ("31 февраля") and ranges that
end before they start ("25-20 мая"). Unreadable text is never guessed: the span keeps the text,
gets the reporting year as bounds and precision "unknown", and a warning names the text.
Not understood on purpose: open-ended "до 30 мая" / "с 1 мая" (one bound is missing), month
abbreviations ("сент."), two-digit years ("01.09.22"), ISO dates ("2021-05-01"), and any text
with a remark beside the date ("март 2021 (перенесено)").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from roadmap_kg.model import PRECISIONS, DatePrecision, DateSpan

__all__ = ["parse_date"]

# --- vocabulary tables ------------------------------------------------------------------------

# Month stems with the endings people write: nominative ("март", "май"), genitive ("марта",
# "мая") and prepositional ("марте", "мае").
_MONTH_FORMS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "январ", ("ь", "я", "е")),
    (2, "феврал", ("ь", "я", "е")),
    (3, "март", ("", "а", "е")),
    (4, "апрел", ("ь", "я", "е")),
    (5, "ма", ("й", "я", "е")),
    (6, "июн", ("ь", "я", "е")),
    (7, "июл", ("ь", "я", "е")),
    (8, "август", ("", "а", "е")),
    (9, "сентябр", ("ь", "я", "е")),
    (10, "октябр", ("ь", "я", "е")),
    (11, "ноябр", ("ь", "я", "е")),
    (12, "декабр", ("ь", "я", "е")),
)
_MONTHS: dict[str, int] = {
    stem + ending: number for number, stem, endings in _MONTH_FORMS for ending in endings
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_ROMAN: dict[str, int] = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_RE = "iv|iii|ii|i"
# Words for "first"/"second" half-year, in the cases a dates cell uses.
_HALF_WORDS: dict[str, int] = {
    "первое": 1,
    "первого": 1,
    "первом": 1,
    "второе": 2,
    "второго": 2,
    "втором": 2,
}

_YEAR = r"(?: (?P<y>[0-9]{4}))?"

# --- normalisation ----------------------------------------------------------------------------

_DASHES = re.compile(r"[\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_LOOKALIKES = str.maketrans({"ё": "е", "і": "i"})  # Cyrillic "і" typed for a roman "I"
_ORDINAL_SUFFIX = re.compile(
    r"([0-9])(?:-|(?=[ыийое]))(?:ый|ий|ой|й|ого|его|го|ое|ом|ем|е)(?![а-я])"
)
_DIGIT_LETTER = re.compile(r"(?<=[0-9])(?=[а-я])|(?<=[а-я])(?=[0-9])")
_YEAR_SUFFIX = re.compile(r"([0-9]{4}) ?(?:годах|году|года|год|г\. ?г|гг|г)\.?(?![а-я])")
_RANGE_SEPARATOR = re.compile(r" ?- ?")
_PREFIX = re.compile(r"^(?:в течени[еи]|на протяжении|в период|в|во) ")
_FROM_TO = re.compile(r"^с (?P<a>.+) по (?P<b>.+)$")


def _collapse(text: str) -> str:
    """Whitespace of any kind (NBSP and newlines included) to single spaces, ends stripped."""
    return " ".join(text.split())


def _normalise(collapsed: str) -> str:
    """The matching form: lower case, one kind of dash, spaced numbers, no optional words."""
    s = unicodedata.normalize("NFKC", collapsed).lower().translate(_LOOKALIKES)
    s = _DASHES.sub("-", s)
    s = _ORDINAL_SUFFIX.sub(r"\1", s)
    s = _DIGIT_LETTER.sub(" ", s)
    s = _YEAR_SUFFIX.sub(r"\1", s)
    s = _RANGE_SEPARATOR.sub(" - ", s)
    s = _collapse(s).rstrip(".,; ")
    s = _PREFIX.sub("", s)
    return _FROM_TO.sub(r"\g<a> - \g<b>", s)


# --- one end of a range -----------------------------------------------------------------------


class _Unreadable(Exception):
    """Raised inside the parser; ``reason`` (may be empty) goes into the warning."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Point:
    """One end of a range as written; ``year`` is None when the text does not name it."""

    kind: DatePrecision | Literal["bare"]  # "bare": a lone number, its unit not written
    year: int | None = None
    month: int | None = None  # day and month
    day: int | None = None  # day; also the number of a "bare" point
    index: int | None = None  # quarter 1-4 or half 1-2; also a bare roman numeral
    roman: bool = False  # a bare point written as a roman numeral

    def first_month(self) -> int:
        """The month this point starts in (to tell whether a range crosses a year end)."""
        if self.kind == "quarter":
            return 3 * (self.index or 1) - 2
        if self.kind == "half-year":
            return 6 * (self.index or 1) - 5
        return self.month or 1

    def bounds(self, year: int) -> tuple[date, date]:
        """Inclusive bounds of this point in ``year``; ValueError for impossible dates."""
        if self.kind == "day":
            assert self.month is not None
            assert self.day is not None
            day = date(year, self.month, self.day)
            return day, day
        if self.kind == "month":
            assert self.month is not None
            return date(year, self.month, 1), _month_end(year, self.month)
        if self.kind == "quarter":
            assert self.index is not None
            return date(year, 3 * self.index - 2, 1), _month_end(year, 3 * self.index)
        if self.kind == "half-year":
            assert self.index is not None
            return date(year, 6 * self.index - 5, 1), _month_end(year, 6 * self.index)
        if self.kind == "year":
            return date(year, 1, 1), date(year, 12, 31)
        raise _Unreadable()  # a bare number on its own


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _year(m: re.Match[str]) -> int | None:
    y = m.groupdict().get("y")
    return int(y) if y else None


def _half_number(word: str) -> int:
    return _HALF_WORDS.get(word) or _ROMAN.get(word) or int(word)


# Each entry: a regex matched against the whole end, and a function building the point.
_POINT_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Point]], ...] = (
    (
        re.compile(rf"(?P<d>[0-9]{{1,2}}) (?P<m>{_MONTH_RE}){_YEAR}"),
        lambda m: _Point("day", _year(m), month=_MONTHS[m["m"]], day=int(m["d"])),
    ),
    (
        re.compile(r"(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})(?:\.(?P<y>[0-9]{4}))?"),
        lambda m: _Point("day", _year(m), month=int(m["m"]), day=int(m["d"])),
    ),
    (
        re.compile(rf"(?P<m>{_MONTH_RE}){_YEAR}"),
        lambda m: _Point("month", _year(m), month=_MONTHS[m["m"]]),
    ),
    (
        re.compile(rf"(?P<q>{_ROMAN_RE}|[1-4]) квартал(?:ы|ов|ах|а|е)?{_YEAR}"),
        lambda m: _Point("quarter", _year(m), index=_ROMAN.get(m["q"]) or int(m["q"])),
    ),
    (
        re.compile(rf"(?P<h>{'|'.join(_HALF_WORDS)}|ii|i|[12]) полугоди(?:ях|ям|е|я|и|й){_YEAR}"),
        lambda m: _Point("half-year", _year(m), index=_half_number(m["h"])),
    ),
    (
        re.compile(r"(?P<y>[0-9]{4})"),
        lambda m: _Point("year", _year(m)),
    ),
    (
        re.compile(r"(?P<n>[0-9]{1,2})"),
        lambda m: _Point("bare", day=int(m["n"])),
    ),
    (
        re.compile(rf"(?P<r>{_ROMAN_RE})"),
        lambda m: _Point("bare", index=_ROMAN[m["r"]], roman=True),
    ),
)


def _point(text: str) -> _Point:
    for pattern, build in _POINT_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            return build(m)
    raise _Unreadable()


# --- whole expressions ------------------------------------------------------------------------

_PERIOD = re.compile(
    r"(?:(?:весь|всего|всей) )?"
    r"(?:(?:отчетный|отчетного|указанный|указанного) )?период(?:а|е)?"
)
_RECURRING = re.compile(
    r"ежедневно|еженедельно|ежемесячно|ежеквартально|ежегодно|постоянно|регулярно"
    r"|круглогодично|на постоянной основе"
)
_WHOLE_YEAR = re.compile(
    r"(?:(?:весь|всего|целый|целого|текущий|текущего|отчетный|отчетного) )?(?:год|года|году)"
)


def _complete_left(left: _Point, right: _Point) -> _Point:
    """A bare number on the left of a range takes its unit from the right end."""
    if left.kind != "bare":
        return left
    if right.kind == "day" and not left.roman:
        return _Point("day", None, month=right.month, day=left.day)
    number = left.index if left.roman else left.day
    if right.kind == "quarter" and number in (1, 2, 3, 4):
        return _Point("quarter", None, index=number)
    if right.kind == "half-year" and number in (1, 2):
        return _Point("half-year", None, index=number)
    raise _Unreadable()


def _range_years(left: _Point, right: _Point, report_year: int) -> tuple[int, int]:
    """The years of both ends: stated, borrowed from the other end, or the reporting year."""
    crosses = (
        left.kind != "year" and right.kind != "year" and left.first_month() > right.first_month()
    )
    if left.year is not None and right.year is not None:
        return left.year, right.year
    if right.year is not None:
        return (right.year - 1 if crosses else right.year), right.year
    if left.year is not None:
        return left.year, (left.year + 1 if crosses else left.year)
    if crosses:
        raise _Unreadable("the range crosses a year end but names no year")
    return report_year, report_year


def _precision(point: _Point) -> DatePrecision:
    """The precision of an end of a range; a bare number on its own has none."""
    if point.kind == "bare":
        raise _Unreadable()
    return point.kind


def _wider(a: DatePrecision, b: DatePrecision) -> DatePrecision:
    return a if PRECISIONS.index(a) >= PRECISIONS.index(b) else b


def _calendar_span(text: str, report_year: int) -> tuple[date, date, DatePrecision]:
    parts = text.split(" - ")
    if len(parts) == 1:
        point = _point(parts[0])
        start, end = point.bounds(point.year if point.year is not None else report_year)
        return start, end, _precision(point)
    if len(parts) != 2:
        raise _Unreadable()
    right = _point(parts[1])
    if right.kind == "bare":
        raise _Unreadable()
    left = _complete_left(_point(parts[0]), right)
    left_year, right_year = _range_years(left, right, report_year)
    start = left.bounds(left_year)[0]
    end = right.bounds(right_year)[1]
    if end < start:
        raise _Unreadable("the range ends before it starts")
    return start, end, _wider(_precision(left), _precision(right))


def _span(text: str, report_year: int) -> tuple[date, date, DatePrecision]:
    """Bounds and precision of a normalised text, or _Unreadable."""
    whole_year = (date(report_year, 1, 1), date(report_year, 12, 31))
    if _PERIOD.fullmatch(text) or _RECURRING.fullmatch(text):
        return (*whole_year, "period")
    if _WHOLE_YEAR.fullmatch(text):
        return (*whole_year, "year")
    try:
        return _calendar_span(text, report_year)
    except ValueError as error:  # date() refused: 31 февраля, month 13, year 0 ...
        raise _Unreadable("no such calendar date") from error


def parse_date(text: str, report_year: int) -> tuple[DateSpan, str | None]:
    """Read a dates cell; return the span and a warning (None when the text was understood).

    ``report_year`` is the year the report covers: it fills a year the text leaves out, and it
    bounds the span when the text cannot be read (precision "unknown", with a warning).
    """
    span, reason = read_date(text, report_year)
    return span, None if reason is None else unreadable_message(span, reason, report_year)


def unreadable_message(span: DateSpan, reason: str, report_year: int) -> str:
    """The warning about a dates cell read_date could not read, for the command line."""
    because = f" ({reason})" if reason else ""
    return (
        f'cannot read date "{span.text}"{because}; kept as text, '
        f"bounds set to the reporting year {report_year}"
    )


# Why a dates cell is unreadable, in Russian for the fix-list (the reasons _Unreadable gives;
# a test keeps the two in step).
REASONS_RU = {
    "": "",
    "no such calendar date": "такого дня нет в календаре",
    "the range ends before it starts": "период заканчивается раньше, чем начинается",
    "the range crosses a year end but names no year": (
        "период переходит через конец года, но год не указан"
    ),
}


@lru_cache(maxsize=65536)
def read_date(text: str, report_year: int) -> tuple[DateSpan, str | None]:
    """The span of a dates cell, and None when it was read, else why it could not be ('' when
    no particular reason is known)."""
    if not 1 <= report_year <= 9999:
        raise ValueError(f"report year {report_year} is outside 1..9999")
    collapsed = _collapse(text)
    try:
        start, end, precision = _span(_normalise(collapsed), report_year)
    except _Unreadable as unreadable:
        span = DateSpan(date(report_year, 1, 1), date(report_year, 12, 31), "unknown", collapsed)
        return span, unreadable.reason
    return DateSpan(start, end, precision, collapsed), None
