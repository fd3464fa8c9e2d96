"""Reader for OpenDocument text (.odt): content.xml of the package, read with lxml.

The title is the text of the paragraphs above the first table. A row of one cell spanning
the table (`table:number-columns-spanned`, followed by `table:covered-table-cell`s) is a
section; a cell spanning some columns gives its text to the first of them; a cell spanning rows
(`table:number-rows-spanned`) repeats its text in the rows it covers, as the .docx reader
does. Rows of `table:table-header-rows` are the header (the first with several cells), the
others header repeats. A cell's paragraphs and `text:line-break`s are line breaks, `text:s`
spaces, `text:tab` a space; soft hyphens, notes, comments and drawings are no part of the
text. Rows are numbered across all tables in document order, and that number is each row's
provenance.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .grid import SOFT_HYPHEN, cell_text, table_from_grid
from .table import Table

if TYPE_CHECKING:
    from lxml import etree

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _o(name: str) -> str:
    return f"{{{_OFFICE}}}{name}"


def _t(name: str) -> str:
    return f"{{{_TEXT}}}{name}"


def _tb(name: str) -> str:
    return f"{{{_TABLE}}}{name}"


_PARAGRAPHS = (_t("p"), _t("h"))
_CONTAINERS = (_t("section"), _t("list"), _t("list-item"), _t("list-header"))
# inline elements whose text is not the paragraph's: footnotes, comments, drawings, change marks
_NOT_TEXT = {_t("note"), _o("annotation"), _t("tracked-changes"), _t("ruby-text")}
_NOT_TEXT_NAMESPACES = (
    "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}",
    "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}",
)
_ROW_GROUPS = (_tb("table-header-rows"), _tb("table-rows"), _tb("table-row-group"))
_CELLS = (_tb("table-cell"), _tb("covered-table-cell"))

# content.xml larger than this is refused before it is parsed (a real report's is well under
# a megabyte; a zip bomb's is not)
MAX_CONTENT_BYTES = 200 * 1024 * 1024
# a row or cell repeated more often than this is no report table (a hostile file's is)
_MAX_REPEAT = 1000
_MAX_SPACES = 1000  # `text:s text:c="…"`: more spaces than this are one run of spaces anyway


def read_odt(path: Path) -> Table:
    body = _document_text(path)
    title_parts: list[str] = []
    numbered: list[tuple[int, list[str]]] = []
    header_rows: set[int] = set()
    for node in _blocks(body):
        if node.tag in _PARAGRAPHS:
            if not numbered:
                text = " ".join(_inline(node).replace(SOFT_HYPHEN, "").split())
                if text:
                    title_parts.append(text)
            continue
        for cells, is_header in _table_rows(node, path.name):
            numbered.append((len(numbered) + 1, cells))
            if is_header:
                header_rows.add(len(numbered))
    if not numbered:
        raise InputError(path.name, None, "no table found in the document")
    return table_from_grid(path.name, title_parts, numbered, header_rows=header_rows)


def _document_text(path: Path) -> etree._Element:
    """office:text of content.xml, parsed without entities, network or huge trees."""
    from lxml import etree  # imported here: only .odt input pays for it

    try:
        with zipfile.ZipFile(path) as package, package.open("content.xml") as part:
            data = part.read(MAX_CONTENT_BYTES + 1)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise InputError(path.name, None, f"not a readable .odt file ({exc})") from None
    if len(data) > MAX_CONTENT_BYTES:
        raise InputError(
            path.name, None, f"the .odt's content.xml is over {MAX_CONTENT_BYTES:,} bytes"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(path.name, None, f"not a readable .odt file ({exc})") from None
    body = root.find(_o("body"))
    kind = body[0].tag.rsplit("}", 1)[-1] if body is not None and len(body) else None
    if kind == "spreadsheet":
        raise InputError(
            path.name, None, "an OpenDocument spreadsheet (.ods) is not read; save it as .xlsx"
        )
    text = body.find(_o("text")) if body is not None else None
    if text is None:
        raise InputError(path.name, None, f"not an OpenDocument text (its body is {kind})")
    return text


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in document order, also inside sections and lists."""
    for node in parent.iterchildren():
        if node.tag in _PARAGRAPHS or node.tag == _tb("table"):
            yield node
        elif node.tag in _CONTAINERS:
            yield from _blocks(node)


def _inline(node: etree._Element) -> str:
    parts: list[str] = []
    _collect(node, parts)
    return "".join(parts)


def _collect(node: etree._Element, parts: list[str]) -> None:
    if node.text:
        parts.append(node.text)
    for child in node.iterchildren():
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction: no text
            pass
        elif tag == _t("s"):
            parts.append(" " * min(_count(child, _t("c")), _MAX_SPACES))
        elif tag == _t("tab"):
            parts.append(" ")  # a tab inside a cell is spacing, not a column
        elif tag == _t("line-break"):
            parts.append("\n")
        elif tag not in _NOT_TEXT and not tag.startswith(_NOT_TEXT_NAMESPACES):
            _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


def _count(node: etree._Element, attribute: str) -> int:
    """A count attribute as written, or 1 when it is missing or no positive whole number."""
    try:
        return max(1, int(node.get(attribute, "1")))
    except ValueError:
        return 1


def _paragraphs(cell: etree._Element) -> Iterator[str]:
    for node in _blocks(cell):
        if node.tag in _PARAGRAPHS:  # a table nested in a cell is not read, as in .docx
            yield _inline(node)


def _rows(table: etree._Element, header: bool = False) -> Iterator[tuple[etree._Element, bool]]:
    for node in table.iterchildren():
        if node.tag == _tb("table-row"):
            yield node, header
        elif node.tag in _ROW_GROUPS:
            yield from _rows(node, header or node.tag == _tb("table-header-rows"))


class _Merge:
    """A cell spanning rows: its text, how many columns it spans and rows it still covers."""

    __slots__ = ("text", "columns", "rows_left")

    def __init__(self, text: str, columns: int, rows_left: int) -> None:
        self.text, self.columns, self.rows_left = text, columns, rows_left


def _table_rows(table: etree._Element, file: str) -> Iterator[tuple[list[str], bool]]:
    """Each row as its distinct cells, left to right; vertical merges repeat their text."""
    above: dict[int, _Merge] = {}  # first column of a cell spanning rows → that cell
    for row, is_header in _rows(table):
        cells = _row_cells(row, above, file)
        repeat = _repeat(row, _tb("number-rows-repeated"), file)
        for _ in range(repeat if any(cells) else 1):  # repeated empty rows are skipped anyway
            yield cells, is_header


def _repeat(node: etree._Element, attribute: str, file: str) -> int:
    repeat = _count(node, attribute)
    if repeat > _MAX_REPEAT:
        raise InputError(file, None, f"a table row or cell is repeated {repeat:,} times")
    return repeat


def _row_cells(row: etree._Element, above: dict[int, _Merge], file: str) -> list[str]:
    """The row's cells, one per column: a cell spanning columns gives its text to the first
    and '' to the others, unless it is the row's only cell (a section: one cell)."""
    cells: list[str] = []
    distinct = 0  # cells of their own (not covered by one to their left)
    skip = 0  # covered cells still to come of a cell spanning columns
    for node in row.iterchildren(*_CELLS):
        for _ in range(_repeat(node, _tb("number-columns-repeated"), file)):
            column = len(cells)
            if node.tag == _tb("table-cell"):
                above.pop(column, None)
                text = cell_text(_paragraphs(node))
                rows = _count(node, _tb("number-rows-spanned"))
                skip = _count(node, _tb("number-columns-spanned")) - 1
                if rows > 1:
                    above[column] = _Merge(text, skip + 1, rows - 1)
                cells.append(text)
                distinct += 1
            elif skip:
                skip -= 1
                cells.append("")
            else:
                cells.append(_continued(above, column))
                skip = above[column].columns - 1 if column in above else 0
                _consume(above, column)
                distinct += 1
    return cells[:1] if distinct == 1 else cells


def _continued(above: dict[int, _Merge], column: int) -> str:
    """The text of the cell above that this covered cell continues ('' when none does)."""
    merge = above.get(column)
    return merge.text if merge is not None else ""


def _consume(above: dict[int, _Merge], column: int) -> None:
    merge = above.get(column)
    if merge is not None:
        merge.rows_left -= 1
        if merge.rows_left <= 0:
            del above[column]
