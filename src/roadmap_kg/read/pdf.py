"""Reader for PDF reports (pdfplumber), as word processors' "Save as PDF" writes them.

A tagged PDF is read from its structure tree (table, rows, cells, spans), which says exactly
what the table is; an untagged one from the lines its table is drawn with (pdf_ruled.py).
Either way the result is the Table the .docx reader gives: the title above the table, the
header, data rows and one-cell section rows, each row's provenance its row number in the
table and the pages it is on. A PDF with no text to read (a scan, or glyphs without a
Unicode mapping) is refused: guessing at it would publish nonsense.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import SourceRef
from .grid import table_from_grid
from .pdf_ruled import ruled_rows
from .pdf_tagged import tagged_rows
from .pdf_text import PdfRow
from .table import Row, Table

NO_TEXT = "the PDF has no text layer (a scan?); OCR it or publish the .docx"
# A PDF whose glyphs are this share or more undecodable is refused as having no text layer.
UNDECODABLE_SHARE = 0.05
# A PDF of more pages is refused before its pages are read (a report has tens; reading takes
# about a second per 15 pages, so the limit keeps a hostile file from taking hours).
MAX_PAGES = 1000
MIN_LETTERS_PER_PAGE = 20  # a scan may carry a page number or a stamp as text, not a table

# pdfminer logs what it makes of a damaged file ('Could not get FontBBox …'); with no handler
# of its own, Python would print that to stderr beside our one-line error
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


def read_pdf(path: Path) -> Table:
    import pdfplumber  # imported here: only PDF input pays for it

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise InputError(path.name, None, f"not a readable PDF file ({_reason(exc)})") from None
    with pdf:
        try:
            title, rows = _rows(pdf, path.name)
        except InputError:
            raise
        except Exception as exc:  # a damaged page or object deep in the file
            raise InputError(path.name, None, f"not a readable PDF file ({_reason(exc)})") from None
    return _table(path.name, title, rows)


def _rows(pdf: Any, file: str) -> tuple[str, list[PdfRow]]:
    """The title and the table's rows, from the structure tree or else the ruled lines."""
    if len(pdf.pages) > MAX_PAGES:
        message = f"the PDF has {len(pdf.pages):,} pages; the limit is {MAX_PAGES:,}"
        raise InputError(file, None, message)
    _require_text(pdf, file)
    found = tagged_rows(pdf) or ruled_rows(pdf)
    if found is None:
        raise InputError(file, None, "no table found: no page has a table drawn with lines")
    return found


def _reason(exc: Exception) -> str:
    message = str(exc).splitlines()[0] if str(exc).strip() else ""
    return message[:200] or type(exc).__name__


def _require_text(pdf: Any, file: str) -> None:
    """Refuse a PDF without readable text: no glyphs, or glyphs without a Unicode mapping
    (pdfminer writes them as '(cid:N)') or mapped into the private-use area."""
    letters = undecodable = visible = 0
    for page in pdf.pages:
        for char in page.chars:
            text = char["text"]
            if text.isspace():
                continue
            visible += 1
            if text.startswith("(cid:") or any(_private(ch) for ch in text):
                undecodable += 1
            elif text.isalpha():
                letters += 1
    pages = max(len(pdf.pages), 1)
    if letters < MIN_LETTERS_PER_PAGE * pages or undecodable >= UNDECODABLE_SHARE * visible:
        raise InputError(file, None, NO_TEXT)


def _private(ch: str) -> bool:
    code = ord(ch)
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


def _table(file: str, title: str, rows: list[PdfRow]) -> Table:
    """The Table of the rows read, numbered in the table from 1 (the header) as the .docx
    reader numbers them, each row's source also naming its pages."""
    width = max((len(row.cells) for row in rows), default=0)
    numbered = [(n, _width(row.cells, width)) for n, row in enumerate(rows, start=1)]
    table = table_from_grid(file, [title] if title else [], numbered)
    pages = {n: row.pages for n, row in enumerate(rows, start=1)}

    def paged(row: Row) -> Row:
        return replace(row, source=replace(row.source, pages=pages[row.source.first]))

    title_source = SourceRef(file, 1, 1, "paragraph", (rows[0].pages[0],) * 2)
    return replace(
        table,
        title_source=title_source,
        header=paged(table.header),
        rows=tuple(paged(row) for row in table.rows),
    )


def _width(cells: tuple[str, ...], width: int) -> list[str]:
    """A row of one cell (a section) as it is; others padded to the widest row (a cell merged
    over some columns only, which the header does not have)."""
    if len(cells) in (1, width):
        return list(cells)
    return [*cells, *[""] * (width - len(cells))]
