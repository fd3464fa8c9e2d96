#!/usr/bin/env python3
"""Check the PDF reader on reports as their PDFs are published: each text export given is
typed into a .docx as a regional administration would (A4 landscape, Times New Roman 12,
Russian hyphenation on, the header repeated on every page, ruled cells; or six 1-inch
columns, Letter portrait) and saved as PDF by LibreOffice, untagged and tagged; then the
release of each PDF is compared with the text export's, field by field, and cell by cell as
extraction reads them.

    python tools/pdf_twins.py tests/fixtures/*/*.txt --out /tmp/pdf-twins

Needs LibreOffice (`soffice`) and its Russian hyphenation patterns (Debian: hyphen-ru);
the tests do not (they read the seed's PDFs in tests/fixtures/formats/). Measured on the 11
reports of tests/fixtures/{family,reports,heldout}: every row found, 4943 of 4953 event
fields and 2679 of 2688 cells as the text export's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import fields
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from roadmap_kg.extract import extract_report
from roadmap_kg.lang.text import clean
from roadmap_kg.model import SourceRef
from roadmap_kg.read import read_source
from roadmap_kg.read.text import parse_text
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings

NOWHERE = SourceRef("-", 1, 1)
A4_WIDTHS = [2.0, 5.0, 3.0, 3.0, 4.7, 8.0, 3.0]  # cm, as the seed's columns


def write_docx(text_path: Path, out: Path, narrow: bool) -> None:
    text = text_path.read_text(encoding="utf-8")
    table = parse_text(text, text_path.name)
    document = docx.Document()
    _page(document, narrow)
    for line in text.splitlines()[: table.title_source.last]:
        if line.strip():
            document.add_paragraph(line.strip())
    width = len(table.header.cells)
    grid = document.add_table(rows=0, cols=width)
    grid.style = "Table Grid"
    header = _row(grid, table.header.cells)
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page
    for row in table.rows:
        if row.is_section:
            cells = grid.add_row().cells
            cells[0].merge(cells[-1]).text = row.cells[0]
        else:
            _row(grid, row.cells)
    widths = [Cm(2.54)] * width if narrow else [Cm(w) for w in A4_WIDTHS[:width]]
    for table_row in grid.rows:
        for cell, cell_width in zip(table_row.cells, widths, strict=False):
            cell.width = cell_width
    document.save(str(out))


def _page(document, narrow: bool) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    if not narrow:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(11 if narrow else 12)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "ru-RU")  # hyphenation follows the text's language
    normal.element.get_or_add_rPr().append(language)
    document.settings.element.append(OxmlElement("w:autoHyphenation"))


def _row(grid, cells):  # type: ignore[no-untyped-def]
    row = grid.add_row()
    for cell, value in zip(row.cells, cells, strict=True):
        lines = value.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    return row


def to_pdf(source: Path, folder: Path, tagged: bool, profile: Path) -> Path:
    value = "true" if tagged else "false"
    export = f'pdf:writer_pdf_Export:{{"UseTaggedPDF":{{"type":"boolean","value":"{value}"}}}}'
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            export,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / f"{source.stem}.pdf"


def compare(text_path: Path, pdf: Path, reference: Reference) -> tuple[int, int, int, int]:
    """(fields, fields differing, cells, cells differing) of the PDF against the export."""
    text, read = read_source(text_path), read_source(pdf)
    cells = [
        clean(x) != clean(y)
        for a, b in zip((read.header, *read.rows), (text.header, *text.rows), strict=True)
        for x, y in zip(a.cells, b.cells, strict=True)
    ]
    want, got = extract_report(text, reference), extract_report(read, reference)
    names = [f.name for f in fields(want.events[0]) if f.name not in ("source", "cells")]
    differing = [
        getattr(x, name) != getattr(y, name)
        for x, y in zip(got.events, want.events, strict=True)
        for name in names
    ]
    return len(differing), sum(differing), len(cells), sum(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="pdf-twins-")))
    args = parser.parse_args()
    reference = Reference(Settings().reference_dir)
    totals = [0, 0, 0, 0]
    for source in args.sources:
        for layout, tagged in (("a4", False), ("a4", True), ("narrow", False)):
            twin = args.out / layout / f"{source.stem}.docx"
            twin.parent.mkdir(parents=True, exist_ok=True)
            write_docx(source, twin, layout == "narrow")
            pdf = to_pdf(
                twin, twin.parent / ("tagged" if tagged else "plain"), tagged, args.out / "profile"
            )
            counts = compare(source, pdf, reference)
            totals = [t + c for t, c in zip(totals, counts, strict=True)]
            print(
                f"{pdf.relative_to(args.out)}: {counts[1]} of {counts[0]} fields and "
                f"{counts[3]} of {counts[2]} cells differ",
                flush=True,
            )
    print(
        f"all: {totals[0] - totals[1]} of {totals[0]} fields, "
        f"{totals[2] - totals[3]} of {totals[2]} cells as the text exports'"
    )


if __name__ == "__main__":
    sys.exit(main())
