"""The .docx original and its text export give the same report; only provenance differs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pytest

from roadmap_kg.errors import InputError
from roadmap_kg.extract import extract_report
from roadmap_kg.model import SourceRef
from roadmap_kg.read import read_source

from conftest import FIXTURES, SEED
from docx_twin import write_docx_twin

NOWHERE = SourceRef("-", 1, 1)


def _facts(report):
    return [replace(event, source=NOWHERE) for event in report.events]


@pytest.mark.parametrize(
    "source", [SEED, *sorted((FIXTURES / "reports").glob("*.txt"))], ids=lambda p: p.stem
)
def test_docx_twin_gives_the_same_events_and_facts(tmp_path: Path, reference, source: Path) -> None:
    twin = tmp_path / f"{source.stem}.docx"
    write_docx_twin(source, twin)
    from_text = extract_report(read_source(source), reference)
    from_docx = extract_report(read_source(twin), reference)
    assert _facts(from_docx) == _facts(from_text)
    assert (from_docx.roadmap, from_docx.year, from_docx.reporting_region) == (
        from_text.roadmap,
        from_text.year,
        from_text.reporting_region,
    )
    assert [o.key for o in from_docx.organisations] == [o.key for o in from_text.organisations]
    assert all(event.source.unit == "row" for event in from_docx.events)


def test_docx_rows_are_numbered_in_the_table(tmp_path: Path, reference) -> None:
    twin = tmp_path / "seed.docx"
    write_docx_twin(SEED, twin)
    table = read_source(twin)
    assert table.header.source.first == 1
    assert table.rows[0].is_section
    assert table.rows[1].source == SourceRef("seed.docx", 3, 3, "row")
    assert table.rows[1].cells[0] == "7.2"


def test_vertical_merges_repeat_the_cell_above(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(
        "Отчет об исполнении в 2021 году Плана между Санкт-Петербургом и Смоленской областью на 2021-2023 годы"
    )
    grid = document.add_table(rows=4, cols=3)
    for cell, text in zip(
        grid.rows[0].cells, ["№ п/п", "Наименование", "Сроки проведения"], strict=True
    ):
        cell.text = text
    grid.rows[1].cells[0].merge(
        grid.rows[1].cells[2]
    ).text = "Департамент Смоленской области по культуре"
    grid.rows[2].cells[0].merge(grid.rows[3].cells[0]).text = "8.2"
    grid.rows[2].cells[1].text = "Выставка «А»"
    grid.rows[2].cells[2].text = "март 2021 года"
    grid.rows[3].cells[1].text = "Выставка «Б»"
    grid.rows[3].cells[2].text = "май 2021 года"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    table = read_source(path)
    assert [row.cells for row in table.rows] == [
        ("Департамент Смоленской области по культуре",),
        ("8.2", "Выставка «А»", "март 2021 года"),
        ("8.2", "Выставка «Б»", "май 2021 года"),
    ]


def test_a_broken_docx_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(InputError, match="broken.docx: not a readable .docx"):
        read_source(path)


def test_a_docx_without_a_table_is_an_input_error(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Отчет")
    path = tmp_path / "empty.docx"
    document.save(str(path))
    with pytest.raises(InputError, match="no table"):
        read_source(path)


def test_a_section_row_whose_merge_was_lost_is_still_a_section(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(
        "Отчет об исполнении в 2021 году Плана между Санкт-Петербургом и Смоленской областью на 2021-2023 годы"
    )
    grid = document.add_table(rows=3, cols=3)
    for cell, text in zip(
        grid.rows[0].cells, ["№ п/п", "Наименование", "Сроки проведения"], strict=True
    ):
        cell.text = text
    grid.rows[1].cells[0].text = "Департамент Смоленской области по культуре"  # not merged
    for cell, text in zip(
        grid.rows[2].cells, ["8.2", "Выставка «А»", "март 2021 года"], strict=True
    ):
        cell.text = text
    path = tmp_path / "unmerged.docx"
    document.save(str(path))
    assert [row.is_section for row in read_source(path).rows] == [True, False]
