"""Tests of the dates-cell parser (roadmap_kg.extract.dates.parse_date)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_kg.extract.dates import parse_date
from roadmap_kg.model import PRECISIONS

NBSP = "\u00a0"
NNBSP = "\u202f"

# (text, report year, start, end, precision)
READABLE: list[tuple[str, int, date, date, str]] = [
    # --- report year 2021 -----------------------------------------------------------------
    ("22-23 апреля 2021 года", 2021, date(2021, 4, 22), date(2021, 4, 23), "day"),
    ("3 июня 2021 года", 2021, date(2021, 6, 3), date(2021, 6, 3), "day"),
    ("3 июня \n2021 года", 2021, date(2021, 6, 3), date(2021, 6, 3), "day"),
    ("29 сентября- 1 октября 2021 года", 2021, date(2021, 9, 29), date(2021, 10, 1), "day"),
    ("20 апреля -25 июля 2021 года", 2021, date(2021, 4, 20), date(2021, 7, 25), "day"),
    (
        "18 декабря 2021 года - 8 марта 2022 года",
        2021,
        date(2021, 12, 18),
        date(2022, 3, 8),
        "day",
    ),
    ("18 июня - \n5 сентября 2021 года", 2021, date(2021, 6, 18), date(2021, 9, 5), "day"),
    ("март 2021 года", 2021, date(2021, 3, 1), date(2021, 3, 31), "month"),
    ("март\n2021 года", 2021, date(2021, 3, 1), date(2021, 3, 31), "month"),
    ("30 март 2021 года", 2021, date(2021, 3, 30), date(2021, 3, 30), "day"),
    ("31мая - 1 июля 2021 года", 2021, date(2021, 5, 31), date(2021, 7, 1), "day"),
    ("31мая -\n1 июля\n2021 года", 2021, date(2021, 5, 31), date(2021, 7, 1), "day"),
    ("в течении IV квартала 2021 года", 2021, date(2021, 10, 1), date(2021, 12, 31), "quarter"),
    ("октябрь 2021 года", 2021, date(2021, 10, 1), date(2021, 10, 31), "month"),
    ("в течение всего периода", 2021, date(2021, 1, 1), date(2021, 12, 31), "period"),
    # --- report year 2022 -----------------------------------------------------------------
    ("с 15 января по 20 марта 2022 г.", 2022, date(2022, 1, 15), date(2022, 3, 20), "day"),
    ("01.09.2022 – 30.10.2022", 2022, date(2022, 9, 1), date(2022, 10, 30), "day"),
    ("01.09.2022", 2022, date(2022, 9, 1), date(2022, 9, 1), "day"),
    (f"12–14{NBSP}мая 2022{NBSP}года", 2022, date(2022, 5, 12), date(2022, 5, 14), "day"),
    ("24 марта 2022 г.", 2022, date(2022, 3, 24), date(2022, 3, 24), "day"),
    ("II квартал 2022 года", 2022, date(2022, 4, 1), date(2022, 6, 30), "quarter"),
    ("в течение III квартала", 2022, date(2022, 7, 1), date(2022, 9, 30), "quarter"),
    ("1 полугодие 2022 года", 2022, date(2022, 1, 1), date(2022, 6, 30), "half-year"),
    ("I полугодие", 2022, date(2022, 1, 1), date(2022, 6, 30), "half-year"),
    ("2 полугодие", 2022, date(2022, 7, 1), date(2022, 12, 31), "half-year"),
    ("второе полугодие 2022 года", 2022, date(2022, 7, 1), date(2022, 12, 31), "half-year"),
    ("в течение года", 2022, date(2022, 1, 1), date(2022, 12, 31), "year"),
    ("в течение 2023 года", 2022, date(2023, 1, 1), date(2023, 12, 31), "year"),
    ("2023 год", 2022, date(2023, 1, 1), date(2023, 12, 31), "year"),
    ("февраль–март 2023 года", 2022, date(2023, 2, 1), date(2023, 3, 31), "month"),
    ("декабрь 2022 – январь 2023 года", 2022, date(2022, 12, 1), date(2023, 1, 31), "month"),
    ("28 декабря – 10 января 2023", 2022, date(2022, 12, 28), date(2023, 1, 10), "day"),
    ("1-2 квартал 2022", 2022, date(2022, 1, 1), date(2022, 6, 30), "quarter"),
    # --- as Belarusian and Kazakh reports write them (issue 18) ---------------------------
    ("10–12.10.2022", 2022, date(2022, 10, 10), date(2022, 10, 12), "day"),
    ("12-13.05.2022", 2022, date(2022, 5, 12), date(2022, 5, 13), "day"),
    ("25.03.2022 г.", 2022, date(2022, 3, 25), date(2022, 3, 25), "day"),
    ("с 10.10 по 12.10.2022", 2022, date(2022, 10, 10), date(2022, 10, 12), "day"),
    ("30.12 – 02.01.2023", 2022, date(2022, 12, 30), date(2023, 1, 2), "day"),
    ("I-II квартал 2022 года", 2022, date(2022, 1, 1), date(2022, 6, 30), "quarter"),
    ("ноябрь-декабрь", 2022, date(2022, 11, 1), date(2022, 12, 31), "month"),
    ("весь период", 2022, date(2022, 1, 1), date(2022, 12, 31), "period"),
    ("в течение отчетного периода", 2022, date(2022, 1, 1), date(2022, 12, 31), "period"),
    ("ежемесячно", 2022, date(2022, 1, 1), date(2022, 12, 31), "period"),
    ("постоянно", 2022, date(2022, 1, 1), date(2022, 12, 31), "period"),
    ("ежеквартально", 2022, date(2022, 1, 1), date(2022, 12, 31), "period"),
    # --- variants of the normalisation rules ----------------------------------------------
    ("3 ИЮНЯ 2021 Г.", 2021, date(2021, 6, 3), date(2021, 6, 3), "day"),
    ("3 июня 2021г", 2021, date(2021, 6, 3), date(2021, 6, 3), "day"),
    ("3 июня 2021.", 2021, date(2021, 6, 3), date(2021, 6, 3), "day"),
    ("3 июня", 2021, date(2021, 6, 3), date(2021, 6, 3), "day"),
    (f"12{NNBSP}—{NNBSP}14 мая", 2022, date(2022, 5, 12), date(2022, 5, 14), "day"),
    ("12−14 мая 2022", 2022, date(2022, 5, 12), date(2022, 5, 14), "day"),
    ("в 2023 году", 2022, date(2023, 1, 1), date(2023, 12, 31), "year"),
    ("в марте", 2022, date(2022, 3, 1), date(2022, 3, 31), "month"),
    ("1 мая", 2022, date(2022, 5, 1), date(2022, 5, 1), "day"),
    ("май", 2022, date(2022, 5, 1), date(2022, 5, 31), "month"),
    ("сентябрь - октябрь 2021", 2021, date(2021, 9, 1), date(2021, 10, 31), "month"),
    ("Ноябрь-Декабрь 2021 года", 2021, date(2021, 11, 1), date(2021, 12, 31), "month"),
    ("\u2163 квартал 2021", 2021, date(2021, 10, 1), date(2021, 12, 31), "quarter"),  # "Ⅳ"
    ("\u0406\u0406 квартал 2021", 2021, date(2021, 4, 1), date(2021, 6, 30), "quarter"),  # "ІІ"
    ("4-й квартал 2021 г.", 2021, date(2021, 10, 1), date(2021, 12, 31), "quarter"),
    ("во втором полугодии", 2021, date(2021, 7, 1), date(2021, 12, 31), "half-year"),
    ("1-е полугодие 2021", 2021, date(2021, 1, 1), date(2021, 6, 30), "half-year"),
    ("I-II полугодие 2021", 2021, date(2021, 1, 1), date(2021, 12, 31), "half-year"),
    ("с 1 по 5 мая", 2021, date(2021, 5, 1), date(2021, 5, 5), "day"),
    ("в период с 1 по 5 мая", 2021, date(2021, 5, 1), date(2021, 5, 5), "day"),
    ("18 декабря 2021 - 8 марта", 2021, date(2021, 12, 18), date(2022, 3, 8), "day"),
    ("01.09 - 30.10.2022", 2022, date(2022, 9, 1), date(2022, 10, 30), "day"),
    ("март - 15 апреля 2021", 2021, date(2021, 3, 1), date(2021, 4, 15), "month"),
    ("2021-2022 гг.", 2021, date(2021, 1, 1), date(2022, 12, 31), "year"),
    ("29 февраля 2024", 2024, date(2024, 2, 29), date(2024, 2, 29), "day"),
    ("в течение отчётного периода", 2021, date(2021, 1, 1), date(2021, 12, 31), "period"),
    ("в течение отчетного года", 2021, date(2021, 1, 1), date(2021, 12, 31), "year"),
]

UNREADABLE: list[tuple[str, int]] = [
    ("в скором времени", 2021),
    ("31 февраля 2021 года", 2021),
    ("25-20 мая 2021", 2021),
    ("", 2021),
    ("2021-13-01", 2021),
    ("29 февраля 2023", 2023),
    ("31.04.2022", 2022),
    ("декабрь-январь", 2022),  # crosses a year end, names no year: which one is not known
    ("до 30 мая 2021 года", 2021),  # open-ended
    ("15", 2021),
    ("22-23", 2021),
    ("V квартал 2021", 2021),
    ("3 полугодие", 2021),
    ("март 2021 (перенесено)", 2021),
    ("1 - 2 - 3 мая", 2021),
    ("   \n\u00a0 ", 2021),
]


def _ids(cases: list[tuple[object, ...]]) -> list[str]:
    return [repr(case[0]) for case in cases]


@pytest.mark.parametrize(
    ("text", "year", "start", "end", "precision"), READABLE, ids=_ids(READABLE)
)
def test_readable(text: str, year: int, start: date, end: date, precision: str) -> None:
    span, warning = parse_date(text, year)
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert warning is None


@pytest.mark.parametrize(("text", "year"), UNREADABLE, ids=_ids(UNREADABLE))
def test_unreadable(text: str, year: int) -> None:
    span, warning = parse_date(text, year)
    collapsed = " ".join(text.split())
    assert span.precision == "unknown"
    assert (span.start, span.end) == (date(year, 1, 1), date(year, 12, 31))
    assert span.text == collapsed
    assert warning is not None
    assert f'"{collapsed}"' in warning
    assert str(year) in warning


def test_warning_wording() -> None:
    _, warning = parse_date("в скором времени", 2021)
    assert warning == (
        'cannot read date "в скором времени"; kept as text, bounds set to the reporting year 2021'
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31 февраля 2021 года", "no such calendar date"),
        ("25-20 мая 2021", "the range ends before it starts"),
        ("декабрь-январь", "crosses a year end"),
    ],
)
def test_warning_gives_the_reason(text: str, reason: str) -> None:
    _, warning = parse_date(text, 2021)
    assert warning is not None
    assert reason in warning


@pytest.mark.parametrize(
    ("text", "collapsed"),
    [
        ("3 июня \n2021 года", "3 июня 2021 года"),
        ("31мая -\n1 июля\n2021 года", "31мая - 1 июля 2021 года"),
        (f"  12–14{NBSP}мая{NNBSP}2022\tгода ", "12–14 мая 2022 года"),
        ("В течении IV квартала 2021 года.", "В течении IV квартала 2021 года."),
        ("в  скором\n\nвремени", "в скором времени"),
    ],
)
def test_text_is_the_collapsed_original(text: str, collapsed: str) -> None:
    span, _ = parse_date(text, 2021)
    assert span.text == collapsed


def test_invalid_report_year_is_an_error() -> None:
    with pytest.raises(ValueError, match="report year"):
        parse_date("март", 0)


# --- properties -------------------------------------------------------------------------------

_FRAGMENTS = [
    "1", "3", "12", "22", "29", "30", "31", "2021", "2022", "0000", "9999", "13",
    "января", "февраля", "март", "марта", "мая", "май", "31мая", "декабря", "январь",
    "I", "II", "IV", "V", "квартал", "квартала", "полугодие", "первое", "второе",
    "года", "г.", "год", "в", "течение", "течении", "с", "по", "весь", "период",
    "ежемесячно", "-", "–", "—", " - ", ".", "01.09.2022", "31.02.2021", "1-й", "\n", NBSP,
]  # fmt: skip

_date_like = st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map(" ".join)


def _check_total(text: str, year: int) -> None:
    span, warning = parse_date(text, year)
    assert span.precision in PRECISIONS
    assert span.text == " ".join(text.split())
    if span.precision == "unknown":
        assert warning is not None
        assert (span.start, span.end) == (date(year, 1, 1), date(year, 12, 31))
    else:
        assert warning is None
        assert span.start <= span.end


@given(text=st.text(), year=st.integers(min_value=1900, max_value=2100))
def test_any_text_gives_a_span_or_a_warning(text: str, year: int) -> None:
    _check_total(text, year)


@given(text=_date_like, year=st.integers(min_value=1, max_value=9999))
def test_any_date_like_text_gives_a_span_or_a_warning(text: str, year: int) -> None:
    _check_total(text, year)


_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


@st.composite
def _ordered_days(draw: st.DrawFn) -> tuple[date, date]:
    first = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
    second = draw(st.dates(min_value=first, max_value=date(first.year, 12, 31)))
    return first, second


@given(days=_ordered_days(), report_year=st.integers(min_value=1900, max_value=2100))
def test_day_range_round_trip(days: tuple[date, date], report_year: int) -> None:
    d1, d2 = days
    text = f"{d1.day} {_GENITIVE[d1.month - 1]} - {d2.day} {_GENITIVE[d2.month - 1]} {d2.year} года"
    span, warning = parse_date(text, report_year)
    assert warning is None
    assert (span.start, span.end, span.precision) == (d1, d2, "day")
