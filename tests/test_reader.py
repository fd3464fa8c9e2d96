"""The text-export reader: title, header, rows and their source spans.

The seed report (data/source/000_5ce0ec11d6e227b6.txt) is read once per module; the small
layouts the seed does not contain (a section glued to the next row, a row glued to the next
row, a whole row on one line) are in tests/fixtures/small/compact.txt and in inline texts.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_kg.read import Row, Table, read_source, sniff
from roadmap_kg.read.text import parse_text

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "source" / "000_5ce0ec11d6e227b6.txt"
SMALL = ROOT / "tests" / "fixtures" / "small" / "compact.txt"

SEED_TITLE = (
    "Отчет об исполнении в 2021 году Плана мероприятий «Дорожной карты» по развитию "
    "сотрудничества между Санкт-Петербургом и Смоленской областью на 2021-2023 годы"
)
SEED_HEADER = (
    "№ п/п Плана",
    "Наименование",
    "Сроки проведения",
    "Место проведения",
    "Участники",
    "Содержание и результат",
)
# first line of every section row (a department) in the seed
SEED_SECTION_LINES = [12, 28, 61, 116, 324, 345, 356, 374, 386, 403, 416]


@pytest.fixture(scope="module")
def seed() -> Table:
    return read_source(SEED)


@pytest.fixture(scope="module")
def small() -> Table:
    return read_source(SMALL)


def row_at(table: Table, first: int) -> Row:
    found = [r for r in table.rows if r.source.first == first]
    starts = [r.source.first for r in table.rows]
    assert found, f"no row starts at line {first}; rows start at {starts}"
    return found[0]


def all_cells(table: Table) -> list[str]:
    return [c for r in (table.header, *table.rows) for c in r.cells]


# --- the seed report ---------------------------------------------------------------------------


def test_seed_title_is_the_title_lines_joined(seed: Table) -> None:
    assert seed.title == SEED_TITLE
    assert (seed.title_source.first, seed.title_source.last) == (1, 3)


def test_seed_header_has_six_cells_without_trailing_spaces(seed: Table) -> None:
    assert seed.header.cells == SEED_HEADER
    assert (seed.header.source.first, seed.header.source.last) == (5, 10)
    assert not seed.header.is_section


def test_seed_has_50_data_rows_and_11_section_rows(seed: Table) -> None:
    data = [r for r in seed.rows if not r.is_section]
    sections = [r for r in seed.rows if r.is_section]
    assert len(data) == 50
    assert len(sections) == 11
    assert all(len(r.cells) == 6 for r in data)


def test_seed_section_rows_name_departments(seed: Table) -> None:
    sections = [r for r in seed.rows if r.is_section]
    assert [r.source.first for r in sections] == SEED_SECTION_LINES
    assert all(r.source.first == r.source.last for r in sections)
    assert sections[0].cells[0].startswith("Департамент государственной службы занятости")
    assert sections[-1].cells == ("Главное управление спорта Смоленской области",)


@pytest.mark.parametrize(
    ("first", "last", "plan_item"),
    [
        (14, 19, "7.2"),
        (190, 198, "4.2"),  # a blank line inside the row, at 195
        (307, 314, "4.3"),  # blank lines at 310 and 312 inside the row
        (405, 414, "12.2"),  # blank lines at 410 and 413 inside the row
        (440, 445, "9.1"),  # the last row; the file ends with blank lines
    ],
)
def test_seed_row_spans(seed: Table, first: int, last: int, plan_item: str) -> None:
    row = row_at(seed, first)
    assert (row.source.first, row.source.last) == (first, last)
    assert len(row.cells) == 6
    assert row.cells[0] == plan_item


def test_seed_last_row_is_the_row_at_440(seed: Table) -> None:
    assert (seed.rows[-1].source.first, seed.rows[-1].source.last) == (440, 445)


def test_seed_row_with_blank_line_inside_keeps_its_cells(seed: Table) -> None:
    row = row_at(seed, 190)
    assert row.cells[2] == "19 мая\n2021 года"
    assert row.cells[3] == "онлайн"
    assert row.cells[4].startswith("Организатор мероприятия Санкт-Петербургский")
    assert "\nОт Смоленской области" in row.cells[4]
    assert row.cells[5].startswith("Студент 2 курса")


def test_seed_multi_line_plan_item_cell(seed: Table) -> None:
    row = row_at(seed, 376)
    assert row.cells[0] == "10.1\n10.2"
    assert (row.source.first, row.source.last) == (376, 384)


def test_seed_cells_keep_internal_line_breaks(seed: Table) -> None:
    assert row_at(seed, 30).cells[2] == "3 июня\n2021 года"  # "3 июня " + "2021 года"
    assert row_at(seed, 38).cells[4] == "Представители\nтуристско-информационных центров"


def test_seed_bookmark_artefact_is_removed(seed: Table) -> None:
    row = row_at(seed, 299)
    assert row.cells[5].startswith("Сотрудники осуществлял")
    assert not any("[bookmark:" in cell for cell in all_cells(seed))


def test_seed_cells_have_no_trailing_spaces(seed: Table) -> None:
    for cell in all_cells(seed):
        for line in cell.split("\n"):
            assert line == line.rstrip(), repr(cell)


def test_seed_source_refs_name_the_file_without_directories(seed: Table) -> None:
    assert seed.file == SEED.name
    refs = [seed.title_source, seed.header.source, *(r.source for r in seed.rows)]
    assert {ref.file for ref in refs} == {SEED.name}
    assert {ref.unit for ref in refs} == {"line"}


def test_seed_rows_are_in_document_order_and_do_not_overlap(seed: Table) -> None:
    spans = [(r.source.first, r.source.last) for r in (seed.header, *seed.rows)]
    assert all(first <= last for first, last in spans)
    pairs = zip(spans, spans[1:], strict=False)
    assert all(a_last < b_first for (_, a_last), (b_first, _) in pairs)
    assert spans[0][0] > seed.title_source.last


# --- layouts of tests/fixtures/small/compact.txt -----------------------------------------------


def test_small_rows_and_spans(small: Table) -> None:
    spans = [(r.source.first, r.source.last, len(r.cells)) for r in small.rows]
    assert spans == [
        (11, 11, 1),  # section, directly followed by a data row (no blank line)
        (12, 17, 6),  # data row, directly followed by the next data row
        (18, 24, 6),  # data row with a blank line inside (21)
        (26, 26, 6),  # a whole row on one line, cells separated by TABs
        (27, 27, 6),  # the same, directly after the previous one
        (28, 28, 1),  # section directly after a one-line data row
        (29, 36, 6),  # continuation lines without a TAB
    ]
    assert small.header.cells == SEED_HEADER
    assert (small.title_source.first, small.title_source.last) == (1, 2)


def test_small_tab_separated_cells_on_one_line(small: Table) -> None:
    assert row_at(small, 26).cells == (
        "8.4",
        "Онлайн-форум «Культура регионов»",
        "3 июня 2021 года",
        "онлайн",
        "Сотрудники музеев",
        "Подведены итоги",
    )
    assert row_at(small, 27).cells[5] == "Согласован план гастролей"  # bookmark removed


def test_small_section_then_data_row_without_blank_line(small: Table) -> None:
    assert small.rows[0].cells == ("Департамент Смоленской области по культуре",)
    assert small.rows[1].cells[0] == "8.2"
    assert small.rows[1].cells[1] == "Выставка печатной графики «Поп-арт»"
    assert small.rows[5].cells == ("Департамент Смоленской области по образованию и науке",)


def test_small_continuation_lines_and_trailing_spaces(small: Table) -> None:
    row = row_at(small, 29)
    assert row.cells[0] == "4.1\n4.2"
    assert row.cells[1] == "Семинар для преподавателей"
    assert row.cells[2] == "март\n2021 года"
    assert row_at(small, 18).cells[5] == "Обмен опытом"


# --- inline layouts ------------------------------------------------------------------------------

TITLE = (
    "Отчет об исполнении в 2021 году\n"
    "между Санкт-Петербургом и Смоленской областью на 2021-2023 годы\n\n"
)
HEADER3 = "\t№\n\tНаименование\n\tСроки\n\n"


def test_rows_end_by_cell_count_not_by_blank_lines() -> None:
    text = TITLE + HEADER3 + "\t1.1\n\n\tВстреча\n\n\t3 июня\n\n\t1.2\n\tФорум\n\tмай\n"
    table = parse_text(text, "t.txt")
    assert [r.cells for r in table.rows] == [("1.1", "Встреча", "3 июня"), ("1.2", "Форум", "май")]
    assert [(r.source.first, r.source.last) for r in table.rows] == [(8, 12), (14, 16)]


def test_section_followed_by_data_row_without_blank_line() -> None:
    text = TITLE + HEADER3 + "\tКомитет по культуре\n\t1.1\n\tВстреча\n\t3 июня\n"
    table = parse_text(text, "t.txt")
    assert [r.cells for r in table.rows] == [
        ("Комитет по культуре",),
        ("1.1", "Встреча", "3 июня"),
    ]
    assert [(r.source.first, r.source.last) for r in table.rows] == [(8, 8), (9, 11)]


def test_section_followed_by_data_row_with_empty_plan_item() -> None:
    text = TITLE + HEADER3 + "\tКомитет по культуре\n\t\n\tВстреча\n\t3 июня\n"
    table = parse_text(text, "t.txt")
    assert [r.cells for r in table.rows] == [("Комитет по культуре",), ("", "Встреча", "3 июня")]


def test_data_rows_without_blank_lines_between_them() -> None:
    text = (
        TITLE
        + HEADER3
        + "\t1.1\n\tВстреча\n\t3 июня\n\t1.2\n\tФорум\n\tмай\n"
        + "\tКомитет по спорту\n\t9.1\n\tТурнир\n\tиюль\n"
    )
    table = parse_text(text, "t.txt")
    assert [r.cells for r in table.rows] == [
        ("1.1", "Встреча", "3 июня"),
        ("1.2", "Форум", "май"),
        ("Комитет по спорту",),
        ("9.1", "Турнир", "июль"),
    ]
    assert [(r.source.first, r.source.last) for r in table.rows] == [
        (8, 10),
        (11, 13),
        (14, 14),
        (15, 17),
    ]


def test_tab_separated_cells_on_one_line() -> None:
    text = TITLE + "\t№\tНаименование\tСроки\n\n\t1.1\tВстреча\t3 июня\n\t1.2\tФорум \tмай\n"
    table = parse_text(text, "t.txt")
    assert table.header.cells == ("№", "Наименование", "Сроки")
    assert [r.cells for r in table.rows] == [("1.1", "Встреча", "3 июня"), ("1.2", "Форум", "май")]
    assert [(r.source.first, r.source.last) for r in table.rows] == [(6, 6), (7, 7)]


def test_cell_text_with_continuation_lines_and_artefacts() -> None:
    cells = "\t1.1  \n1.2\n\t[bookmark: _GoBack]Встреча  \nпредставителей   \n\t3 июня \n"
    text = TITLE + HEADER3 + cells
    table = parse_text(text, "t.txt")
    assert table.rows[0].cells == ("1.1\n1.2", "Встреча\nпредставителей", "3 июня")
    assert (table.rows[0].source.first, table.rows[0].source.last) == (8, 12)


def test_title_lines_are_joined_with_spaces() -> None:
    table = parse_text(TITLE + HEADER3 + "\t1.1\n\tВстреча\n\t3 июня\n", "t.txt")
    assert table.title == (
        "Отчет об исполнении в 2021 году между Санкт-Петербургом и Смоленской областью "
        "на 2021-2023 годы"
    )
    assert (table.title_source.first, table.title_source.last) == (1, 2)


# --- encodings and line endings ------------------------------------------------------------


def _same_table_from(tmp_path: Path, data: bytes) -> Table:
    path = tmp_path / SEED.name  # same file name, so the tables compare equal
    path.write_bytes(data)
    return read_source(path)


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom-native"),
        pytest.param(lambda t: b"\xff\xfe" + t.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(lambda t: b"\xfe\xff" + t.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8-sig"), id="crlf-utf-8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-16"), id="crlf-utf-16-bom"),
    ],
)
def test_encodings_and_line_endings_read_the_same_table(
    tmp_path: Path, seed: Table, encode: Callable[[str], bytes]
) -> None:
    text = SEED.read_text(encoding="utf-8")
    table = _same_table_from(tmp_path, encode(text))
    assert table == seed


def test_small_fixture_reads_the_same_with_crlf_and_bom(tmp_path: Path, small: Table) -> None:
    path = tmp_path / SMALL.name
    path.write_bytes(SMALL.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8-sig"))
    assert read_source(path) == small


def test_soft_hyphens_and_stray_tabs_are_artefacts_not_text() -> None:
    text = (
        "Отчет\n\n\tА\n\tБ\n\n\tДепартамент культуры\n\n"
        "\t1.1\t\n\tВы\u00adставка\nв цен\u00adтре\tи в зале\n"
    )
    table = parse_text(text, "t.txt")
    assert [row.cells for row in table.rows] == [
        ("Департамент культуры",),
        ("1.1", "Выставка\nв центре и в зале"),
    ]


def test_a_file_is_read_by_its_content_and_a_contradicting_extension_is_warned_about(
    tmp_path,
) -> None:
    # a .docx saved under a .txt name is read as the .docx it is
    source = FIXTURES / "family" / "sevastopol-spb-2023.docx"
    renamed = tmp_path / "report.txt"
    shutil.copy(source, renamed)
    table = read_source(renamed)
    assert [r.cells for r in table.rows] == [r.cells for r in read_source(source).rows]
    (warning,) = table.warnings
    assert (
        str(warning)
        == "report.txt: warning: the file is docx, not what its extension '.txt' says; read as docx"
    )


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "doc"),
        ("Отчет\n".encode(), "text"),
    ],
)
def test_sniff_knows_a_file_by_its_first_bytes(tmp_path, head, kind) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(head)
    assert sniff(path) == kind
