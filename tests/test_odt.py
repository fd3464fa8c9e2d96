"""The .odt reader: content.xml's tables as the Table every reader gives. The documents are
written here with zipfile, each showing one thing an .odt can do."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_kg.errors import InputError
from roadmap_kg.model import SourceRef
from roadmap_kg.read import read_source
from roadmap_kg.read.odt import MAX_CONTENT_BYTES

from conftest import FIXTURES

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)
TITLE = (
    "<text:p>Отчет об исполнении в 2021 году Плана между Санкт-Петербургом</text:p>"
    "<text:p>и Смоленской областью на 2021-2023 годы</text:p>"
)
HEADER = (
    "<table:table-header-rows><table:table-row>"
    "<table:table-cell><text:p>№ п/п</text:p></table:table-cell>"
    "<table:table-cell><text:p>Наименование</text:p></table:table-cell>"
    "<table:table-cell><text:p>Сроки проведения</text:p></table:table-cell>"
    "</table:table-row></table:table-header-rows>"
)


def write_odt(path: Path, body: str, kind: str = "text", mimetype: str = "text") -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}>'
        f"<office:body><office:{kind}>{body}</office:{kind}></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "mimetype", f"application/vnd.oasis.opendocument.{mimetype}", zipfile.ZIP_STORED
        )
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def row(*cells: str) -> str:
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def cell(text: str, attributes: str = "") -> str:
    return f"<table:table-cell {attributes}><text:p>{text}</text:p></table:table-cell>"


COVERED = "<table:covered-table-cell/>"


def test_sections_spans_and_merges_down(tmp_path: Path) -> None:
    body = (
        TITLE
        + "<table:table>"
        + HEADER
        + row(
            cell("Департамент Смоленской области по культуре", 'table:number-columns-spanned="3"'),
            COVERED,
            COVERED,
        )
        + row(
            cell("8.2", 'table:number-rows-spanned="2"'),
            cell("Выставка «А»"),
            cell("март 2021 года"),
        )
        + row(COVERED, cell("Выставка «Б»"), cell("май 2021 года"))
        + row(cell("8.3"), cell("Концерт и выставка", 'table:number-columns-spanned="2"'), COVERED)
        + "</table:table>"
    )
    table = read_source(write_odt(tmp_path / "report.odt", body))
    assert table.title == (
        "Отчет об исполнении в 2021 году Плана между Санкт-Петербургом и Смоленской областью "
        "на 2021-2023 годы"
    )
    assert table.title_source == SourceRef("report.odt", 1, 2, "paragraph")
    assert table.header.cells == ("№ п/п", "Наименование", "Сроки проведения")
    assert table.header.source == SourceRef("report.odt", 1, 1, "row")
    assert [r.cells for r in table.rows[:3]] == [
        ("Департамент Смоленской области по культуре",),
        ("8.2", "Выставка «А»", "март 2021 года"),
        ("8.2", "Выставка «Б»", "май 2021 года"),
    ]
    assert table.rows[0].is_section
    assert [r.source.first for r in table.rows[:3]] == [2, 3, 4]
    # a cell spanning two of three columns gives its text to the first: the row keeps its width
    assert table.rows[3].cells == ("8.3", "Концерт и выставка", "")


def test_a_cell_merged_across_and_down_repeats_once_per_row(tmp_path: Path) -> None:
    body = (
        TITLE
        + "<table:table>"
        + HEADER.replace(
            "<table:table-cell><text:p>Сроки",
            "<table:table-cell><text:p>Место</text:p>"
            "</table:table-cell><table:table-cell><text:p>Сроки",
        )
        + row(
            cell("4.2"),
            cell("Семинар", 'table:number-columns-spanned="2" table:number-rows-spanned="2"'),
            COVERED,
            cell("май"),
        )
        + row(cell("4.3"), COVERED, COVERED, cell("июнь"))
        + "</table:table>"
    )
    table = read_source(write_odt(tmp_path / "report.odt", body))
    assert [r.cells for r in table.rows] == [
        ("4.2", "Семинар", "", "май"),
        ("4.3", "Семинар", "", "июнь"),
    ]


def test_cell_text_paragraphs_breaks_spaces_and_what_is_no_text(tmp_path: Path) -> None:
    text = (
        '<text:p>Конферен\u00adция<text:s text:c="3"/>«Наука»<text:tab/>и<text:line-break/>'
        "вто\u2011рая строка<text:note><text:note-citation>1</text:note-citation>"
        "<text:note-body><text:p>сноска</text:p></text:note-body></text:note>"
        "<office:annotation><text:p>замечание</text:p></office:annotation>"
        "<draw:frame><draw:text-box><text:p>надпись</text:p></draw:text-box></draw:frame>"
        "<text:span>, <text:a>ссылка</text:a></text:span><!-- comment -->!</text:p>"
        "<text:list><text:list-item><text:p>пункт списка</text:p></text:list-item></text:list>"
        "<text:p>   </text:p><text:p>последний абзац  </text:p>"
    )
    body = (
        TITLE
        + "<table:table>"
        + HEADER
        + row(cell("1.1"), f"<table:table-cell>{text}</table:table-cell>", cell("2021"))
        + "</table:table>"
    )
    table = read_source(write_odt(tmp_path / "report.odt", body))
    assert table.rows[0].cells[1] == (
        "Конференция   «Наука» и\nвто-рая строка, ссылка!\nпункт списка\n\nпоследний абзац"
    )


def test_header_rows_of_later_tables_are_skipped_and_rows_numbered_across(tmp_path: Path) -> None:
    data = row(cell("1.1"), cell("Встреча"), cell("май 2021 года"))
    later = row(cell("1.2"), cell("Форум"), cell("июнь 2021 года"))
    body = (
        TITLE
        + "<table:table>"
        + HEADER
        + data
        + "</table:table>"
        + "<text:p>текст между таблицами</text:p>"
        + "<table:table>"
        + HEADER
        + "<table:table-rows>"
        + later
        + "</table:table-rows>"
        + "</table:table>"
    )
    table = read_source(write_odt(tmp_path / "report.odt", body))
    assert [r.cells[0] for r in table.rows] == ["1.1", "1.2"]
    assert [r.source.first for r in table.rows] == [2, 4]
    assert "текст между" not in table.title


def test_a_title_in_a_section_and_the_table_in_a_section_are_found(tmp_path: Path) -> None:
    body = (
        f"<text:section>{TITLE}<table:table>{HEADER}"
        + row(cell("1.1"), cell("Встреча"), cell("май 2021 года"))
        + "</table:table></text:section>"
    )
    table = read_source(write_odt(tmp_path / "report.odt", body))
    assert table.title.startswith("Отчет об исполнении")
    assert [r.cells[0] for r in table.rows] == ["1.1"]


def test_without_header_rows_the_first_row_of_several_cells_is_the_header(tmp_path: Path) -> None:
    header = HEADER.replace("<table:table-header-rows>", "").replace(
        "</table:table-header-rows>", ""
    )
    body = (
        TITLE
        + "<table:table>"
        + header
        + row(cell("1.1"), cell("Встреча"), cell("май 2021 года"))
        + header
        + "</table:table>"
    )  # the header typed again at the top of a page
    table = read_source(write_odt(tmp_path / "report.odt", body))
    assert table.header.cells[0] == "№ п/п"
    assert [r.cells[0] for r in table.rows] == ["1.1"]


@pytest.mark.parametrize(
    ("body", "kind", "words"),
    [
        ("<text:p>Отчет</text:p>", "text", "no table found"),
        ("<table:table/>", "spreadsheet", "an OpenDocument spreadsheet (.ods) is not read"),
        ("<draw:page/>", "presentation", "not an OpenDocument text"),
        (
            TITLE
            + "<table:table>"
            + row(cell("1.1"), cell("Встреча"), cell("май"))
            + '<table:table-row table:number-rows-repeated="5000">'
            + cell("1.1")
            + "</table:table-row></table:table>",
            "text",
            "repeated 5,000 times",
        ),
    ],
)
def test_documents_that_hold_no_report_table_are_refused(tmp_path: Path, body, kind, words) -> None:
    path = write_odt(tmp_path / "report.odt", body, kind)
    with pytest.raises(InputError, match=r"^report.odt: ") as error:
        read_source(path)
    assert words in str(error.value)


def test_a_damaged_package_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "report.odt"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("content.xml", "<office:document-content><unclosed>")
    with pytest.raises(InputError, match=r"^report.odt: not a readable .odt file"):
        read_source(path)


def test_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("СЕКРЕТ", encoding="utf-8")
    path = tmp_path / "report.odt"
    content = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        f"<office:document-content {NAMESPACES}><office:body><office:text>{TITLE}"
        f"<table:table>{HEADER}{row(cell('1.1'), cell('&x;'), cell('май'))}</table:table>"
        "</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("content.xml", content)
    try:
        table = read_source(path)
    except InputError:
        return  # refused: fine too
    assert "СЕКРЕТ" not in table.rows[0].cells[1]


def test_a_content_part_over_the_limit_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("roadmap_kg.read.odt.MAX_CONTENT_BYTES", 1000)
    path = write_odt(tmp_path / "big.odt", TITLE + "<text:p>" + "а" * 2000 + "</text:p>")
    with pytest.raises(InputError, match=r"^big.odt: the .odt's content.xml is over 1,000 bytes"):
        read_source(path)
    assert MAX_CONTENT_BYTES == 200 * 1024 * 1024


def test_an_odt_under_another_extension_is_read_as_odt_with_a_warning(tmp_path: Path) -> None:
    renamed = tmp_path / "report.docx"
    renamed.write_bytes((FIXTURES / "formats" / "seed.odt").read_bytes())
    table = read_source(renamed)
    assert len(table.rows) == 61
    assert str(table.warnings[0]) == (
        "report.docx: warning: the file is odt, not what its extension '.docx' says; read as odt"
    )


# --- any table either reads or is refused in our own words ----------------------------------

_CELL = st.one_of(
    st.just(COVERED),
    st.builds(
        lambda text, across, down, repeat: cell(
            text,
            f'table:number-columns-spanned="{across}" table:number-rows-spanned="{down}" '
            f'table:number-columns-repeated="{repeat}"',
        ),
        st.sampled_from(["", "1.1", "Встреча", "Департамент культуры", "май 2021 года"]),
        st.sampled_from(["1", "2", "4", "0", "-3", "x"]),
        st.sampled_from(["1", "2", "3", "0", "x"]),
        st.sampled_from(["1", "2"]),
    ),
)


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(_CELL, min_size=1, max_size=6), max_size=6), header=st.booleans())
def test_any_table_reads_or_is_refused_in_one_line(tmp_path: Path, rows, header: bool) -> None:
    body = TITLE + "<table:table>" + (HEADER if header else "")
    body += "".join(row(*cells) for cells in rows) + "</table:table>"
    path = write_odt(tmp_path / "report.odt", body)
    try:
        table = read_source(path)
    except InputError as error:
        refused = str(error)
    else:
        width = len(table.header.cells)
        assert all(len(r.cells) in (1, width) for r in table.rows)
        return
    assert refused.startswith("report.odt")
