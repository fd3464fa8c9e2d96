"""The seed report as published in other formats gives the release its text export gives,
field by field; only provenance (file name, row numbers) may differ. And `build` reads a
folder of reports in mixed formats."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from roadmap_kg.cli import cli
from roadmap_kg.extract import extract_report
from roadmap_kg.model import Report, SourceRef
from roadmap_kg.read import read_source, report_files
from roadmap_kg.read.doc import find_soffice

from conftest import FIXTURES, SEED, assert_same_release

FORMATS = FIXTURES / "formats"
NOWHERE = SourceRef("-", 1, 1)
NEEDS_LIBREOFFICE = pytest.mark.skipif(
    find_soffice() is None, reason="converting .doc needs LibreOffice (soffice), not installed"
)
SEED_FILES = [
    FORMATS / "seed.odt",
    FORMATS / "seed.xlsx",
    pytest.param(FORMATS / "seed.doc", marks=[NEEDS_LIBREOFFICE, pytest.mark.slow]),
]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.suffix)
def test_the_seed_in_each_format_reads_the_same_cells(path: Path) -> None:
    text, other = read_source(SEED), read_source(path)
    assert other.title == text.title
    assert other.header.cells == text.header.cells
    assert [row.cells for row in other.rows] == [row.cells for row in text.rows]
    assert {row.source.file for row in other.rows} == {path.name}
    assert all(row.source.unit == "row" for row in other.rows)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.suffix)
def test_the_seed_in_each_format_gives_the_seed_release(
    path: Path, reference, seed_report: Report
) -> None:
    table = read_source(path)
    report = extract_report(table, reference)
    assert len(report.events) == 50
    assert_same_release(report, seed_report, path.name, reader_warnings=len(table.warnings))


def test_the_seed_spreadsheet_names_each_plan_item_excel_made_a_number() -> None:
    # the seed's .xlsx was typed with plan items such as 7.2 left as numbers: each is read
    # as what it shows, and named
    table = read_source(FORMATS / "seed.xlsx")
    assert len(table.warnings) == 49  # every data row but the one of two items ('10.1\n10.2')
    first = table.warnings[0]
    assert str(first) == (
        "seed.xlsx:row 4: warning: cell A4 holds a number (7.2), not the text of a plan item; "
        "read as '7.2' (was it '7.20'?): type it as text"
    )


# --- folders -------------------------------------------------------------------------------


def _invoke(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _mixed_folder(folder: Path) -> Path:
    """Two reports in two formats, with files that are no reports beside them."""
    folder.mkdir()
    shutil.copy(FORMATS / "seed.odt", folder / "smolensk-2021.odt")
    shutil.copy(FIXTURES / "reports" / "spb-pskov-2022.txt", folder / "pskov-2022.txt")
    shutil.copy(FIXTURES / "reports" / "spb-pskov-2022.json", folder / "pskov-2022.json")
    (folder / "README.md").write_text("# Reports received\n", encoding="utf-8")
    (folder / ".~lock.smolensk-2021.odt#").write_text("lock", encoding="utf-8")
    (folder / "~$lensk-2021.docx").write_bytes(b"\x00 a Word lock file")
    (folder / "older").mkdir()
    (folder / "older" / "ignored.txt").write_text("not looked into", encoding="utf-8")
    return folder


def test_report_files_of_a_folder_are_its_files_in_a_report_format(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path / "received")
    assert [p.name for p in report_files(folder)] == ["pskov-2022.txt", "smolensk-2021.odt"]


def test_build_reads_a_folder_of_mixed_formats(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path / "received")
    out = tmp_path / "out"
    result = _invoke("build", folder, "--out", out, "-q", "--no-pages")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("2 report(s), 63 events, ")
    graph = Graph().parse(data=(out / "dataset.ttl").read_text(encoding="utf-8"), format="turtle")
    files = {str(o) for o in graph.objects(None, URIRef("http://purl.org/dc/terms/source"))}
    assert files == {"smolensk-2021.odt", "pskov-2022.txt"}


def test_build_without_sources_reads_the_report_files_of_data_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "data" / "source"
    source.mkdir(parents=True)
    shutil.copy(FORMATS / "seed.odt", source / "seed.odt")
    (source / "README.md").write_text("Reports go here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _invoke("build", "--out", tmp_path / "out", "-q", "--no-pages")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 report(s), 50 events, ")


def test_a_folder_without_report_files_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "README.md").write_text("nothing yet\n", encoding="utf-8")
    result = _invoke("build", folder, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"error: {folder}: is a folder with no report file in it (.txt, .docx …)"
    ]


# --- more reports: typed into a spreadsheet ------------------------------------------------


def write_xlsx_twin(text_path: Path, xlsx_path: Path) -> None:
    """The report typed into a sheet as text: title rows, the header, one sheet row per table
    row, section rows merged across."""
    import openpyxl

    table = read_source(text_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([table.title])
    width = len(table.header.cells)
    for row in (table.header, *table.rows):
        sheet.append(list(row.cells))
        if row.is_section:
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
            )
    book.save(xlsx_path)


@pytest.mark.parametrize(
    "source", [SEED, *sorted((FIXTURES / "reports").glob("*.txt"))], ids=lambda p: p.stem
)
def test_a_report_typed_into_a_spreadsheet_gives_the_same_report(
    tmp_path: Path, reference, source: Path
) -> None:
    twin = tmp_path / f"{source.stem}.xlsx"
    write_xlsx_twin(source, twin)
    table = read_source(twin)
    assert table.warnings == ()
    from_text, from_sheet = (
        extract_report(read_source(source), reference),
        extract_report(table, reference),
    )
    assert [replace(e, source=NOWHERE) for e in from_sheet.events] == [
        replace(e, source=NOWHERE) for e in from_text.events
    ]
    assert from_sheet.organisations == from_text.organisations
