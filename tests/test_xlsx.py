"""The .xlsx reader: a report typed into a spreadsheet, as the Table every reader gives. The
workbooks are written here with openpyxl, each showing one thing a spreadsheet does."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_kg.errors import InputError
from roadmap_kg.extract import extract_report
from roadmap_kg.model import SourceRef
from roadmap_kg.read import read_source

TITLE = (
    "Отчет об исполнении в 2021 году Плана мероприятий между Санкт-Петербургом и Смоленской "
    "областью на 2021-2023 годы"
)
HEADER = ["№ п/п Плана", "Наименование", "Сроки проведения", "Место проведения"]
SECTION = "Департамент Смоленской области по культуре"


def workbook(
    *rows: list[object],
) -> tuple[openpyxl.Workbook, openpyxl.worksheet.worksheet.Worksheet]:
    """A workbook whose first sheet holds the title (merged across), the header and rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.merge_cells("A1:D1")
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    return book, sheet


def read(book: openpyxl.Workbook, path: Path):
    book.save(path)
    return read_source(path)


def test_sections_merges_down_line_breaks_and_row_numbers(tmp_path: Path) -> None:
    book, sheet = workbook(
        [SECTION],
        ["8.2", "Выставка «А»", "март 2021 года", "г. Смоленск,\nКВЦ им. Тенишевых"],
        [None, "Выставка «Б»", "май 2021 года", "г. Санкт-Петербург"],
        ["Департамент Смоленской области по образованию и науке"],  # not merged: still a section
        ["4.1", "Семинар", "июнь 2021 года", "онлайн"],
    )
    sheet.merge_cells("A3:D3")
    sheet.merge_cells("A4:A5")
    table = read(book, tmp_path / "report.xlsx")
    assert table.title == TITLE
    assert table.title_source == SourceRef("report.xlsx", 1, 1, "row")
    assert table.header.cells == tuple(HEADER)
    assert table.header.source == SourceRef("report.xlsx", 2, 2, "row")
    assert [r.cells for r in table.rows] == [
        (SECTION,),
        ("8.2", "Выставка «А»", "март 2021 года", "г. Смоленск,\nКВЦ им. Тенишевых"),
        ("8.2", "Выставка «Б»", "май 2021 года", "г. Санкт-Петербург"),
        ("Департамент Смоленской области по образованию и науке",),
        ("4.1", "Семинар", "июнь 2021 года", "онлайн"),
    ]
    assert [r.source.first for r in table.rows] == [3, 4, 5, 6, 7]
    assert table.warnings == ()


def test_plan_items_excel_made_numbers_or_dates_are_read_as_shown_and_named(tmp_path: Path) -> None:
    book, sheet = workbook(
        [1.1, "Встреча", "март 2021 года", "онлайн"],
        [dt.datetime(2021, 2, 7), "Форум", "май 2021 года", "онлайн"],
        [1.1, "Конференция", "июнь 2021 года", "онлайн"],
        ["1.10", "Семинар", "июль 2021 года", "онлайн"],
        [3, "Выставка", "август 2021 года", "онлайн"],
    )
    sheet["A5"].number_format = "0.00"  # the number shows as 1.10
    table = read(book, tmp_path / "report.xlsx")
    assert [r.cells[0] for r in table.rows] == ["1.1", "7.2", "1.10", "1.10", "3"]
    assert [str(w) for w in table.warnings] == [
        "report.xlsx:row 3: warning: cell A3 holds a number (1.1), not the text of a plan item; "
        "read as '1.1' (was it '1.10'?): type it as text",
        "report.xlsx:row 4: warning: cell A4 holds a date (07.02.2021), not the text of a plan "
        "item; read as '7.2' (Excel makes '7.2' a date): type it as text",
        "report.xlsx:row 5: warning: cell A5 holds a number (1.10), not the text of a plan item; "
        "read as '1.10': type it as text",
        "report.xlsx:row 7: warning: cell A7 holds a number (3), not the text of a plan item; "
        "read as '3': type it as text",
    ]


def test_the_reader_warnings_are_the_reports_warnings(tmp_path: Path, reference) -> None:
    book, _ = workbook(
        [SECTION],
        [8.2, "Выставка «Смоленские мастера»", "22 апреля 2021 года", "г. Смоленск"],
    )
    report = extract_report(read(book, tmp_path / "report.xlsx"), reference)
    assert report.events[0].plan_items == ("8.2",)
    assert "cell A4 holds a number (8.2)" in report.warnings[0].message


def test_dates_and_numbers_of_other_columns_read_as_shown_without_warning(tmp_path: Path) -> None:
    book, sheet = workbook(
        ["1.1", "Встреча", dt.datetime(2021, 4, 22), 150],
        ["1.2", "Форум", dt.datetime(2021, 5, 1), 2.5],
        ["1.3", "Выставка", dt.datetime(2021, 6, 1, 10, 30), True],
    )
    sheet["C4"].number_format = "mmmm yyyy"
    table = read(book, tmp_path / "report.xlsx")
    assert [r.cells[2:] for r in table.rows] == [
        ("22.04.2021", "150"),
        ("май 2021", "2.5"),
        ("01.06.2021 10:30", "ИСТИНА"),
    ]
    assert table.warnings == ()


def test_the_table_may_stand_on_a_later_sheet_and_start_in_a_later_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Пояснения"
    notes.append(["Отчет подготовлен отделом"])
    sheet = book.create_sheet("Отчет")
    sheet.append([None, TITLE])
    sheet.append([None, *HEADER])
    sheet.append([None, "1.1", "Встреча", "май 2021 года", "онлайн", None, "заметка на полях"])
    table = read(book, tmp_path / "report.xlsx")
    assert table.header.cells == tuple(HEADER)
    assert [r.cells for r in table.rows] == [("1.1", "Встреча", "май 2021 года", "онлайн")]
    assert [str(w) for w in table.warnings] == [
        "report.xlsx:row 3: warning: cell G3 and 0 other(s) beside the table's columns (B–E) "
        "are not read"
    ]


def test_a_hidden_sheet_is_read_only_when_no_visible_one_has_a_table(tmp_path: Path) -> None:
    book, sheet = workbook(["1.1", "Встреча", "май 2021 года", "онлайн"])
    draft = book.create_sheet("Черновик", 0)
    draft.sheet_state = "hidden"
    for values in ([TITLE], HEADER, ["9.9", "Старый черновик", "2020", "—"]):
        draft.append(values)
    table = read(book, tmp_path / "report.xlsx")
    assert [r.cells[0] for r in table.rows] == ["1.1"]


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([["только", "два"]], "no table found: no row of its sheets has 3 filled cells"),
        ([HEADER, ["1.1", "Встреча", "май", "онлайн"]], "no title above the table"),
    ],
)
def test_sheets_without_a_report_table_are_refused(tmp_path: Path, rows, words) -> None:
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    path = tmp_path / "report.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"^report.xlsx: ") as error:
        read_source(path)
    assert words in str(error.value)


def test_a_damaged_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook><unclosed>")
    with pytest.raises(InputError, match=r"^report.xlsx: not a readable .xlsx file"):
        read_source(path)


def test_a_workbook_over_the_limit_is_refused_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("roadmap_kg.read.xlsx.MAX_SHEET_BYTES", 1000)
    book, sheet = workbook(*[["1.1", "Встреча " * 20, "май", "онлайн"]] * 20)
    path = tmp_path / "big.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"^big.xlsx: the .xlsx unpacks to [\d,]+ bytes"):
        read_source(path)


def test_a_workbook_under_another_extension_is_read_by_its_content(tmp_path: Path) -> None:
    book, _ = workbook(["1.1", "Встреча", "май 2021 года", "онлайн"])
    table = read(book, tmp_path / "report.txt")
    assert [r.cells[0] for r in table.rows] == ["1.1"]
    assert "the file is xlsx, not what its extension '.txt' says" in str(table.warnings[0])


def test_a_stray_cell_far_away_does_not_make_the_sheet_huge(tmp_path: Path) -> None:
    book, sheet = workbook(["1.1", "Встреча", "май 2021 года", "онлайн"])
    sheet["XFD1048576"] = "x"  # the last cell of a sheet
    table = read(book, tmp_path / "report.xlsx")
    assert [r.cells for r in table.rows] == [("1.1", "Встреча", "май 2021 года", "онлайн")]
    assert "cell XFD1048576 and 0 other(s)" in str(table.warnings[0])


# --- any sheet either reads or is refused in our own words ----------------------------------

_VALUE = st.one_of(
    st.none(),
    st.sampled_from(["1.1", "Встреча", "Департамент культуры", "май 2021 года", "a\nb"]),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1)),
)
_RANGE = st.tuples(
    st.integers(1, 6), st.integers(1, 5), st.integers(0, 3), st.integers(0, 4)
)  # first row, first column, rows more, columns more


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    grid=st.lists(st.lists(_VALUE, min_size=1, max_size=5), max_size=6),
    merges=st.lists(_RANGE, max_size=3),
)
def test_any_sheet_reads_or_is_refused_in_one_line(tmp_path: Path, grid, merges) -> None:
    book = openpyxl.Workbook()
    for values in grid:
        book.active.append(values)
    taken: set[tuple[int, int]] = set()
    for row, column, down, across in merges:
        cells = {
            (r, c) for r in range(row, row + down + 1) for c in range(column, column + across + 1)
        }
        if len(cells) > 1 and not cells & taken:  # merged ranges of a sheet do not overlap
            taken |= cells
            book.active.merge_cells(
                start_row=row, start_column=column, end_row=row + down, end_column=column + across
            )
    path = tmp_path / "report.xlsx"
    book.save(path)
    try:
        table = read_source(path)
    except InputError as error:
        refused = str(error)
    else:
        width = len(table.header.cells)
        assert all(len(r.cells) in (1, width) for r in table.rows)
        return
    assert refused.startswith("report.xlsx")
