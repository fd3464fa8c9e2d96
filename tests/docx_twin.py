"""Write a .docx twin of a text-export report, as regional administrations publish them:
title paragraphs above one table, section rows merged across all columns, cells of several
paragraphs. Used to check that both formats give the same report."""

from __future__ import annotations

from pathlib import Path

import docx

from roadmap_kg.read.text import parse_text


def write_docx_twin(text_path: Path, docx_path: Path, soft_hyphens: bool = True) -> None:
    text = text_path.read_text(encoding="utf-8")
    table = parse_text(text, text_path.name)
    document = docx.Document()
    for line in text.splitlines()[: table.title_source.last]:
        if line.strip():
            document.add_paragraph(line.strip())
    width = len(table.header.cells)
    grid = document.add_table(rows=0, cols=width)
    _add_row(grid, table.header.cells)
    for index, row in enumerate(table.rows):
        if row.is_section:
            cells = grid.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = row.cells[0]
            continue
        cells = list(row.cells)
        if soft_hyphens and index % 7 == 3:
            # Word keeps optional hyphens as U+00AD inside words: they are not text
            cells[1] = cells[1].replace("ние", "ни\u00adе", 1)
        _add_row(grid, cells)
        if index == len(table.rows) // 2:
            _add_row(grid, table.header.cells)  # the header repeated at the top of a page
    document.save(str(docx_path))


def _add_row(grid, cells) -> None:  # type: ignore[no-untyped-def]
    row = grid.add_row().cells
    for cell, value in zip(row, cells, strict=True):
        lines = value.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
