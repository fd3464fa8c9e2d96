"""A table read cell by cell (.docx, .odt, .xlsx) → Table: the layout rules these readers share.

Each reader turns its format's rows into lists of distinct cell texts (a cell merged across
columns counted once, a cell merged down repeated in every row it covers) numbered by their
row in the document; the title, the header, repeated headers, empty rows and section rows
are then found here, the same way for every format.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from ..errors import InputError
from ..model import SourceRef, Warning_
from .table import Row, Table, make_row

SOFT_HYPHEN = "\u00ad"  # an optional hyphen of the word processor, not text
NO_BREAK_HYPHEN = "\u2011"  # what a word processor writes for a hyphen that keeps a line whole
_ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]")


def cell_text(paragraphs: Iterable[str]) -> str:
    """A cell's paragraphs joined by line breaks, as the text export writes them: trailing
    spaces, soft hyphens and converter artefacts removed."""
    text = "\n".join(line.rstrip() for p in paragraphs for line in p.split("\n"))
    text = text.replace(SOFT_HYPHEN, "").replace(NO_BREAK_HYPHEN, "-")
    return _ARTEFACTS.sub("", text).strip()


def table_from_grid(
    file: str,
    title_parts: list[str],
    numbered: Sequence[tuple[int, list[str]]],
    *,
    header_rows: Collection[int] = (),
    title_source: SourceRef | None = None,
    warnings: tuple[Warning_, ...] = (),
) -> Table:
    """The Table of rows numbered as in the document. The header is the first row the format
    marks as a header (header_rows; the others are repeats, skipped) or else the first row of
    several cells; a first row of one merged cell is the title when no paragraph is."""
    rows = list(numbered)
    if not title_parts and rows and len(rows[0][1]) == 1:
        title_parts = [rows[0][1][0]]  # a title typed into the first, merged row
        rows = rows[1:]
    if not title_parts:
        raise InputError(file, None, "no title above the table")
    start = _header_index(rows, header_rows)
    if start is None:
        raise InputError(file, None, "the table has no header row with column titles")
    header_number, header_cells = rows[start]
    header = Row(tuple(header_cells), SourceRef(file, header_number, header_number, "row"))
    body = [
        _row(file, number, cells, header_cells)
        for number, cells in rows[start + 1 :]
        if number not in header_rows and cells != header_cells and any(cells)
    ]  # a header repeated on a new page, or an empty row, is no row of the report
    title = " ".join(" ".join(title_parts).split())
    if title_source is None:
        title_source = SourceRef(file, 1, len(title_parts), "paragraph")
    return Table(file, title, title_source, header, tuple(body), warnings)


def _header_index(rows: list[tuple[int, list[str]]], header_rows: Collection[int]) -> int | None:
    marked = [i for i, (number, cells) in enumerate(rows) if number in header_rows]
    candidates = marked or range(len(rows))
    return next((i for i in candidates if len(rows[i][1]) > 1), None)


def _row(file: str, number: int, cells: list[str], header_cells: list[str]) -> Row:
    width = len(header_cells)
    if len(set(cells)) == 1 and len(cells) > 1:
        cells = cells[:1]  # merged across the table without a span: a section
    if len(cells) not in (1, width):
        raise InputError(
            file, number, f"table row {number} has {len(cells)} cells, the header has {width}"
        )
    return make_row(cells, SourceRef(file, number, number, "row"))
