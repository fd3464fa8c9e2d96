"""Reader for the tab-separated text export of a report table.

The export writes each table cell on a line that starts with a TAB (a line may also hold
several TAB-separated cells); further lines of the same cell follow without a TAB, and a TAB
inside them is spacing. Soft hyphens and `[bookmark: …]` markers are artefacts, not text.
Blank lines usually end a row, but also occur inside rows, so a row ends when it holds as
many cells as the header, not at a blank line. A row of one cell (a merged row) is a
section: the department responsible for the rows below it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import SourceRef
from .table import Row, Table, make_row

# Artefacts of .docx → text converters that are not part of the report's text.
_ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]")
_SOFT_HYPHEN = "\u00ad"  # an optional hyphen of the word processor, not text
# The first cell of a data row is a plan-item number ("7.2", "10.1\n10.2", "п. 4.2"), or empty.
_WORD = re.compile(r"[^\W\d_]{3,}")

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused rather than read into memory


_NUMBER_COLUMN = re.compile(r"№|п/п|пункт|номер|код", re.IGNORECASE)


def looks_like_section(text: str) -> bool:
    """True for a lone cell that names a body rather than a plan item number."""
    return bool(_WORD.search(text))


def decode(data: bytes, file: str) -> str:
    """Decode a text export: UTF-8 (with or without BOM), and UTF-16 or UTF-32 with a BOM (the
    BOM says which). Anything else is refused with the encoding to re-save it in."""
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", "utf-8"))
    body = data[len(bom) :]
    if not bom and b"\x00" in body[:_SAMPLE]:
        guess = _utf16_without_bom(body)
        if guess:
            raise InputError(
                file,
                None,
                f"looks like {guess} text without a byte-order mark; re-save the export as UTF-8",
            )
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = _line_at(body[: exc.start].decode(encoding, errors="ignore"))
        if exc.end == len(body) and exc.reason in ("unexpected end of data", "truncated data"):
            message = "the file ends inside a character: it may be cut short"
        elif encoding == "utf-8":
            message = "not UTF-8 text; re-save the export as UTF-8 (it may be CP1251)"
        else:
            message = f"broken {encoding.upper()} text ({exc.reason})"
        raise InputError(file, line, message) from None


# longest first: the UTF-32 LE mark begins with the UTF-16 LE one
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_SAMPLE = 65536


def _utf16_without_bom(data: bytes) -> str | None:
    """'UTF-16LE' or 'UTF-16BE' when the start of data reads as text in that encoding: tabs,
    line breaks and spaces between words (random bytes decode to hardly any), else None."""
    sample = data[:_SAMPLE]
    for encoding, name in (("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")):
        text = sample.decode(encoding, errors="replace")
        spacing = text.count(" ") + text.count("\t") + text.count("\n")
        if "\t" in text and "\n" in text and spacing >= 0.05 * len(text):
            return name
    return None


def _line_at(text_before: str) -> int:
    """The 1-based line a position falls on, counting line breaks as the parser does."""
    return len(text_before.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def read_text(path: Path) -> Table:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(path.name, None, f"file is {size} bytes; the limit is {MAX_BYTES}")
    return parse_text(decode(path.read_bytes(), path.name), path.name)


class _Cell:
    __slots__ = ("lines", "first", "last")

    def __init__(self, text: str, line: int) -> None:
        self.lines = [text]
        self.first = line
        self.last = line

    @property
    def text(self) -> str:
        joined = "\n".join(line.rstrip() for line in self.lines).replace(_SOFT_HYPHEN, "")
        return _ARTEFACTS.sub("", joined).strip()


def parse_text(text: str, file: str) -> Table:
    if "\x00" in text:
        raise InputError(file, _line_at(text[: text.index("\x00")]), "binary data, not text")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    title_lines: list[tuple[int, str]] = []
    cells: list[_Cell | None] = []  # in order, with None marking a blank line
    current: _Cell | None = None
    for number, raw in enumerate(lines, start=1):
        if raw.startswith("\t"):
            pieces = raw.split("\t")[1:]
            while len(pieces) > 1 and not pieces[-1].strip():
                pieces.pop()  # stray tabs at the end of a line are not empty cells
            for piece in pieces:
                current = _Cell(piece, number)
                cells.append(current)
        elif not raw.strip():
            if current is not None:
                cells.append(None)
        elif current is None:
            title_lines.append((number, raw.replace("\t", " ").strip()))
        else:  # a further line of the cell; a tab inside it is spacing, not a new cell
            current.lines.append(raw.replace("\t", " "))
            current.last = number

    if not cells:
        raise InputError(file, len(lines), "no table found: no line starts with a TAB")
    if not title_lines:
        raise InputError(file, 1, "no title above the table")
    title_source = SourceRef(file, title_lines[0][0], title_lines[-1][0])
    title = " ".join(t for _, t in title_lines)
    header, rows = _rows(cells, file)
    return Table(file, title, title_source, header, tuple(rows))


def _rows(cells: list[_Cell | None], file: str) -> tuple[Row, list[Row]]:
    ended = 0  # the line the last row ended on

    def row(pending: list[_Cell]) -> Row:
        nonlocal ended
        if pending[0].first <= ended:  # a row's line span is its identity: rows never share one
            raise InputError(
                file,
                pending[0].first,
                f"cells of two rows on one line: more cells than the header's {width}",
            )
        ended = pending[-1].last
        source = SourceRef(file, pending[0].first, pending[-1].last)
        return make_row([c.text for c in pending], source)

    # The header is the first run of cells before a blank line.
    end = cells.index(None) if None in cells else len(cells)
    header_cells = [c for c in cells[:end] if c is not None]
    width = len(header_cells)
    if sum(1 for c in header_cells if c.text.strip()) < 2:  # empty cells title nothing
        raise InputError(
            file, header_cells[0].first, "the table header has one cell; expected column titles"
        )
    header = row(header_cells)
    # a section row directly followed by a data row is told by the row's first cell, a plan
    # item number; a table without that column starts its rows with a name, which could be a
    # section: there only a blank line ends a section
    numbered = bool(_NUMBER_COLUMN.search(header_cells[0].text))

    rows: list[Row] = []
    pending: list[_Cell] = []
    for cell in cells[end:]:
        if cell is None:  # a blank line: ends a complete row or a section, else lies inside a row
            if len(pending) == width or (len(pending) == 1 and looks_like_section(pending[0].text)):
                rows.append(row(pending))
                pending = []
            continue
        if len(pending) == width:  # a new cell after a full row starts the next row
            rows.append(row(pending))
            pending = []
        elif (
            numbered
            and len(pending) == 1
            and looks_like_section(pending[0].text)
            and not looks_like_section(cell.text)
        ):  # a section row directly followed by a data row
            rows.append(row(pending))
            pending = []
        pending.append(cell)
    if len(pending) == width or (len(pending) == 1 and looks_like_section(pending[0].text)):
        rows.append(row(pending))
    elif pending:
        raise InputError(
            file,
            pending[0].first,
            f"row has {len(pending)} cells, the header has {width}; the file may be cut short",
        )
    return header, rows
