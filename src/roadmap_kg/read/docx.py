"""Reader for .docx originals (python-docx).

The title is the text in the paragraphs above the table (or, when there are none, a first
table row of one merged cell). Cells may hold several paragraphs; they are joined by line
breaks, as the text export writes them. A row whose cells are merged across the table (one
distinct cell) is a section; a cell continuing a vertical merge repeats the text it continues.
A header row repeated on later pages, or at the top of a second table, is skipped. Rows are
numbered across all tables in document order, and that number is each row's provenance.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import InputError
from .grid import table_from_grid
from .table import Table

_SOFT_HYPHEN = "\u00ad"
_ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]")


# A .docx whose parts unpack to more than this is refused before it is unpacked (a real
# report, photographs included, is far smaller; a zip bomb is not).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def read_docx(path: Path) -> Table:
    import docx  # imported here: only .docx input pays for it
    from docx.oxml.ns import qn

    unpacked = _unpacked_size(path)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            path.name,
            None,
            f"the .docx unpacks to {unpacked:,} bytes; the limit is {MAX_UNPACKED_BYTES:,}",
        )
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path.name, None, f"not a readable .docx file ({exc})") from None
    except Exception as exc:  # lxml and python-docx raise many kinds for a damaged package
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path.name, None, f"not a readable .docx file ({message})") from None

    body = getattr(document.element, "body", None)  # a damaged part may have another root
    if body is None:
        raise InputError(path.name, None, "not a readable .docx file (it has no document body)")
    title_parts: list[str] = []
    grids: list[list[list[str]]] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p") and not grids:
            text = _paragraph_text(child, qn)
            if text.strip():
                title_parts.append(text.strip())
        elif child.tag == qn("w:tbl"):
            grids.append(_table_rows(child, qn))
    rows = [row for grid in grids for row in grid]
    if not rows:
        raise InputError(path.name, None, "no table found in the document")
    return _table(path.name, title_parts, rows)


def _unpacked_size(path: Path) -> int:
    """The sizes its zip directory declares for the parts (0 when it is no zip: python-docx
    says why)."""
    try:
        with zipfile.ZipFile(path) as package:
            return sum(item.file_size for item in package.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return 0


def _paragraph_text(paragraph, qn) -> str:  # type: ignore[no-untyped-def]
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif node.tag == qn("w:tab"):
            parts.append(" ")  # a tab inside a cell is spacing, not a column
        elif node.tag == qn("w:softHyphen"):
            continue
        elif node.tag == qn("w:noBreakHyphen"):
            parts.append("-")
    return "".join(parts).replace(_SOFT_HYPHEN, "")


def _cell_text(cell, qn) -> str:  # type: ignore[no-untyped-def]
    paragraphs = [_paragraph_text(p, qn) for p in cell.iterchildren(qn("w:p"))]
    text = "\n".join(line.rstrip() for p in paragraphs for line in p.split("\n"))
    return _ARTEFACTS.sub("", text).strip()


def _table_rows(table, qn) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each row as its distinct cells, left to right; vertical merges repeat the text above."""
    above: dict[int, str] = {}  # grid column → text of the cell that starts a vertical merge
    rows: list[list[str]] = []
    for tr in table.iterchildren(qn("w:tr")):
        cells: list[str] = []
        column = 0
        for tc in tr.iterchildren(qn("w:tc")):
            properties = tc.find(qn("w:tcPr"))
            span, merge = 1, None
            h_merge = properties.find(qn("w:hMerge")) if properties is not None else None
            if h_merge is not None and h_merge.get(qn("w:val"), "continue") == "continue":
                column += 1  # an old-style horizontal merge: part of the cell before
                continue
            if properties is not None:
                grid_span = properties.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = _positive(grid_span.get(qn("w:val"), "1"))
                v_merge = properties.find(qn("w:vMerge"))
                if v_merge is not None:
                    merge = v_merge.get(qn("w:val"), "continue")
            text = _cell_text(tc, qn)
            if merge == "continue":
                text = above.get(column, "")
            elif merge == "restart":
                above[column] = text
            cells.append(text)
            column += span
        rows.append(cells)
    return rows


def _positive(value: str) -> int:
    """A span as written, or 1 when a damaged file writes no positive whole number."""
    try:
        return max(1, int(value))
    except ValueError:
        return 1


def _table(file: str, title_parts: list[str], rows: list[list[str]]) -> Table:
    return table_from_grid(file, title_parts, list(enumerate(rows, start=1)))
