"""Bad input gives roadmap_kg.errors.InputError naming the file and a line, never another error.

Fixtures are in tests/fixtures/bad/; most are tests/fixtures/small/compact.txt broken in one
way (the title, a header cell, a row). The property tests feed arbitrary text and bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_kg.errors import InputError, RoadmapError
from roadmap_kg.extract import extract_report
from roadmap_kg.model import Report
from roadmap_kg.read import Table, read_source
from roadmap_kg.read.text import decode, parse_text
from roadmap_kg.reference import Reference

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "bad"
SMALL = ROOT / "tests" / "fixtures" / "small" / "compact.txt"

# file, line the error must name, words the message must contain
READER_ERRORS = [
    ("empty.txt", 1, "no table"),
    ("title_only.txt", 3, "no table"),
    ("cut_in_row.txt", 18, "cut short"),  # the row of 8.3 starts at 18, the file ends at 20
    ("binary.txt", 1, "binary"),
    ("random.txt", 1, "UTF-8"),
    ("cp1251.txt", 1, "not UTF-8"),
]
EXTRACTION_ERRORS = [
    ("title_no_regions.txt", 1, "two regions"),
    ("title_no_year.txt", 1, "reporting year"),
    ("title_no_period.txt", 1, "period"),
    ("header_no_name.txt", 4, "Наименование"),
    ("header_no_date.txt", 4, "Сроки"),
    ("row_without_name.txt", 18, "no name"),
]


def load(path: Path, reference: Reference) -> Report:
    return extract_report(read_source(path), reference)


@pytest.mark.parametrize(("name", "line", "words"), READER_ERRORS)
def test_reader_rejects_bad_file(name: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_source(BAD / name)
    error = caught.value
    assert error.file == name
    assert error.line == line
    assert words in error.message
    assert str(error).startswith(f"{name}:{line}: ")


@pytest.mark.parametrize(("name", "line", "words"), EXTRACTION_ERRORS)
def test_extraction_rejects_bad_report(
    reference: Reference, name: str, line: int, words: str
) -> None:
    table = read_source(BAD / name)  # the layout is fine: only extraction can tell
    with pytest.raises(InputError) as caught:
        extract_report(table, reference)
    error = caught.value
    assert error.file == name
    assert error.line == line
    assert words in error.message
    assert str(error).startswith(f"{name}:{line}: ")


def test_a_table_without_a_plan_item_column_builds(reference: Reference) -> None:
    # no column the header calls '№ п/п' (issue 18): its events have no plan items
    report = load(SMALL.parent / "no_plan_item_column.txt", reference)
    assert report.events
    assert not report.has_plan_item_column
    assert all(event.plan_items == () for event in report.events)


def test_the_unbroken_small_report_extracts(reference: Reference) -> None:
    report = load(SMALL, reference)
    assert len(report.events) == 5
    assert report.year == 2021
    assert report.roadmap.parties == ("RU-SMO", "RU-SPE")
    assert report.reporting_region == "RU-SMO"


def test_cp1251_message_says_not_utf8() -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        read_source(BAD / "cp1251.txt")


def test_cp1251_error_names_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_bytes(b"ascii\nascii\n" + "Отчет".encode("cp1251") + b"\n")
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert (caught.value.file, caught.value.line) == ("late.txt", 3)


def test_nul_bytes_in_otherwise_valid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(SMALL.read_bytes().replace(b"\t8.3", b"\t8\x00.3"))
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert (caught.value.file, caught.value.line) == ("nul.txt", 18)
    assert "binary" in caught.value.message


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_random_bytes(tmp_path: Path, seed: int) -> None:
    path = tmp_path / f"random{seed}.txt"
    path.write_bytes(random.Random(seed).randbytes(4096))
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert caught.value.file == path.name
    assert caught.value.line is not None


def test_truncated_utf16_names_a_line() -> None:
    """A UTF-16 file cut at an odd byte is bad input too: the error must name a line."""
    with pytest.raises(InputError) as caught:
        read_source(BAD / "utf16_truncated.txt")
    assert caught.value.file == "utf16_truncated.txt"
    assert caught.value.line is not None, str(caught.value)


def test_nonexistent_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "missing.txt")


def test_header_of_one_cell() -> None:
    with pytest.raises(InputError) as caught:
        parse_text("Отчет\n\n\tОдна колонка\n\n\t1.1\n", "one.txt")
    assert (caught.value.file, caught.value.line) == ("one.txt", 3)


def test_table_without_title() -> None:
    with pytest.raises(InputError) as caught:
        parse_text("\t№\n\tНаименование\n\n\t1.1\n\tВстреча\n", "untitled.txt")
    assert (caught.value.file, caught.value.line) == ("untitled.txt", 1)


def test_table_with_header_only(reference: Reference) -> None:
    lines = SMALL.read_text(encoding="utf-8").split("\n")
    table = parse_text("\n".join(lines[:10]), "header_only.txt")
    assert table.rows == ()
    with pytest.raises(InputError) as caught:
        extract_report(table, reference)
    assert caught.value.file == "header_only.txt"
    assert caught.value.line == 9


def test_input_error_is_a_roadmap_error() -> None:
    error = InputError("a.txt", 7, "broken")
    assert isinstance(error, RoadmapError)
    assert str(error) == "a.txt:7: broken"


# --- properties ----------------------------------------------------------------------------

TITLE_FRAGMENT = (
    "Отчет об исполнении в 2021 году Плана мероприятий «Дорожной карты» по развитию "
    "сотрудничества между Санкт-Петербургом и Смоленской областью на 2021-2023 годы"
)
FRAGMENTS = [
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "7.2",
    "10.1\n10.2",
    "п. 4.2",
    TITLE_FRAGMENT,
    "Отчет об исполнении в 2021 году",
    "между Санкт-Петербургом и Смоленской областью",
    "на 2021-2023 годы",
    "№ п/п Плана",
    "Наименование",
    "Сроки проведения",
    "Место проведения",
    "Участники",
    "Содержание и результат",
    "Департамент Смоленской области по культуре",
    "Межрегиональная конференция «Служба занятости населения России»",
    "22-23 апреля 2021 года",
    "в течение всего периода",
    "март\n2021 года",
    "г. Санкт-Петербург",
    "онлайн",
    "Всего 602 участника из 33 регионов",
    "[bookmark: _GoBack]",
    "\x00",
]
fragment_text = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=400), fragment_text)

# a title and a header that extraction accepts, followed by arbitrary rows
GOOD_START = SMALL.read_text(encoding="utf-8").split("\n")[:10]
ROW_FRAGMENTS = [f for f in FRAGMENTS if f != TITLE_FRAGMENT]
row_text = st.lists(st.sampled_from(ROW_FRAGMENTS), max_size=60).map("".join)


def check_table(table: Table, text: str) -> None:
    """What a returned table promises, whatever the text was."""
    width = len(table.header.cells)
    assert width >= 2
    n_lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    previous = 0
    for row in (table.header, *table.rows):
        assert len(row.cells) in (1, width) or row is table.header
        assert 1 <= row.source.first <= row.source.last <= n_lines
        assert row.source.first > previous
        previous = row.source.last


def check_error(error: InputError, file: str) -> None:
    assert error.file == file
    assert isinstance(error.line, int)
    assert error.line >= 1


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(any_text)
def test_parse_text_returns_a_table_or_raises_input_error(text: str) -> None:
    try:
        table = parse_text(text, "fuzz.txt")
    except InputError as error:
        check_error(error, "fuzz.txt")
    else:
        check_table(table, text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decoding_and_parsing_bytes_raises_only_input_error(data: bytes) -> None:
    try:
        table = parse_text(decode(data, "bytes.txt"), "bytes.txt")
    except InputError as error:
        failure = error
    else:
        assert isinstance(table, Table)
        return
    assert failure.file == "bytes.txt"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(row_text)
def test_extraction_returns_a_report_or_raises_input_error(reference: Reference, rows: str) -> None:
    text = "\n".join(GOOD_START) + "\n" + rows
    try:
        table = parse_text(text, "fuzz.txt")
        report = extract_report(table, reference)
    except InputError as error:
        check_error(error, "fuzz.txt")
    else:
        assert isinstance(report, Report)
        assert report.events


def test_letters_without_a_unicode_name_do_not_crash_extraction(reference: Reference) -> None:
    """Tangut ideographs are letters (str.isalpha) without a unicodedata.name.

    A cell holding one must still give a report or an InputError, not a ValueError.
    """
    small = SMALL.read_text(encoding="utf-8")
    text = small.replace("\tг. Смоленск\n", "\tг. Смоленск \U00017000\n")
    table = parse_text(text, "tangut.txt")
    try:
        report = extract_report(table, reference)
    except InputError as error:
        check_error(error, "tangut.txt")
    else:
        assert len(report.events) == 5
