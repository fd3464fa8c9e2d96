"""A tagged PDF's table read from its structure tree: Table → TR → TH/TD (with ColSpan and
RowSpan) → paragraphs → marked content, whose glyphs pdfplumber tags with their MCID.

The tree says what geometry can only guess: where rows and cells are, which paragraphs a
cell holds, that a row runs on over a page break (one TR), that a header repeated on a page
is an artifact (not in the tree), and which hyphens the word processor added (a span whose
ActualText is a soft hyphen).

The tree is walked here rather than with pdfplumber's PDFStructTree, which files every
marked-content reference under its element's page: a paragraph running over a page break
refers to content on the next page by an MCR dictionary with a page of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .pdf_text import SOFT_HYPHEN, Char, Line, PdfRow, cell_text, draws_spaces, lines_of

_CELLS = ("TH", "TD")
_ROW_GROUPS = ("THead", "TBody", "TFoot")
# elements inside a paragraph: their text runs on in it
_INLINE = {
    "Span",
    "Link",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Annot",
    "Em",
    "Strong",
    "Sub",
    "Ruby",
    "Warichu",
    "Lbl",
}
MAX_ELEMENTS = 1_000_000  # a tree larger than this is no report's: the geometry is read instead
_Key = tuple[int, int]  # (page number, marked-content id)


@dataclass(eq=False)
class _Element:
    type: str
    attributes: dict[str, Any]
    actual_text: str | None
    content: list[_Element | _Key] = field(default_factory=list)  # in the tree's order

    @property
    def children(self) -> list[_Element]:
        return [item for item in self.content if isinstance(item, _Element)]

    def marks(self) -> Iterator[_Key]:
        """Its marked content, its children's included, in order."""
        for item in self.content:
            if isinstance(item, _Element):
                yield from item.marks()
            else:
                yield item


def tagged_rows(pdf: Any) -> tuple[str, list[PdfRow]] | None:
    """The title and the rows (header first) of the tagged PDF's tables, or None when the PDF
    has no structure tree or no table in it (then its geometry is read)."""
    try:
        elements = _tree(pdf)
    except Exception:  # a damaged tree: the geometry still holds the table
        return None
    before, tables = _title_and_tables(elements)
    if not tables:
        return None
    glyphs = _glyphs(pdf)
    rows = [_row_cells(tr, glyphs) for table in tables for tr in _table_rows(table)]
    if not rows:
        return None
    title_lines = [_lines(paragraph, glyphs) for paragraph in before]
    marked = _marks_hyphens(elements)
    spaces = draws_spaces(
        line for cells, _ in rows for cell in cells for p in cell.paragraphs for line in p
    )
    title = " ".join(cell_text(title_lines, marked, spaces).split())
    return title, _laid_out(rows, marked, spaces)


def _tree(pdf: Any) -> list[_Element]:
    """The structure tree's top elements, or [] for an untagged PDF."""
    from pdfminer.pdftypes import resolve1

    root = resolve1(pdf.doc.catalog.get("StructTreeRoot"))
    if not isinstance(root, dict) or "K" not in root:
        return []
    pages = {page.page_obj.pageid: page.page_number for page in pdf.pages}
    walker = _Walker(pages, resolve1(root.get("RoleMap")) or {})
    holder = _Element("", {}, None)
    walker.add(holder, root["K"], None)
    return holder.children


class _Walker:
    """Turns the tree's dictionaries into _Elements (iteratively: a hostile file may nest
    deeper than Python recurses, or loop)."""

    def __init__(self, pages: dict[int, int], role_map: dict[str, Any]) -> None:
        self.pages = pages
        self.role_map = role_map
        self.seen: set[int] = set()

    def add(self, parent: _Element, kids: Any, page: int | None) -> None:
        from pdfminer.pdftypes import PDFObjRef, resolve1

        stack: list[tuple[_Element, Any, int | None]] = [(parent, kids, page)]
        while stack:
            parent, kids, page = stack.pop()
            kids = resolve1(kids)
            if not isinstance(kids, list):
                kids = [kids]
            later: list[tuple[_Element, Any, int | None]] = []
            for kid in kids:
                if isinstance(kid, PDFObjRef):
                    if kid.objid in self.seen or len(self.seen) > MAX_ELEMENTS:
                        continue
                    self.seen.add(kid.objid)
                later += self._item(parent, resolve1(kid), page)
            stack += reversed(later)

    def _item(
        self, parent: _Element, obj: Any, page: int | None
    ) -> list[tuple[_Element, Any, int | None]]:
        """Adds one kid to parent; returns the elements whose kids are still to be read."""
        if isinstance(obj, int) and page is not None:
            parent.content.append((page, obj))
        elif isinstance(obj, dict) and "MCID" in obj:  # a marked-content reference
            mcid, where = obj["MCID"], self._page(obj, page)
            if isinstance(mcid, int) and where is not None:
                parent.content.append((where, mcid))
        elif isinstance(obj, dict) and "S" in obj:
            element = _Element(self._type(obj), _attributes(obj), _text(obj.get("ActualText")))
            parent.content.append(element)
            if "K" in obj:
                return [(element, obj["K"], self._page(obj, page))]
        return []  # an object reference (annotation, image) or something damaged

    def _page(self, obj: dict[str, Any], page: int | None) -> int | None:
        objid = getattr(obj.get("Pg"), "objid", None)
        return self.pages.get(objid, page) if isinstance(objid, int) else page

    def _type(self, obj: dict[str, Any]) -> str:
        name = _name(obj["S"])
        mapped = self.role_map.get(name)
        return _name(mapped) if mapped is not None else name


def _name(value: Any) -> str:
    return str(getattr(value, "name", value))


def _text(value: Any) -> str | None:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(value)
    return decode_text(value) if isinstance(value, bytes) else None


def _attributes(obj: dict[str, Any]) -> dict[str, Any]:
    """Its attribute dictionaries merged (ColSpan and RowSpan are what is read of them)."""
    from pdfminer.pdftypes import resolve1

    found = resolve1(obj.get("A"))
    merged: dict[str, Any] = {}
    for item in found if isinstance(found, list) else [found]:
        item = resolve1(item)
        if isinstance(item, dict):
            merged.update({key: resolve1(value) for key, value in item.items()})
    return merged


def _marks_hyphens(elements: list[_Element]) -> bool:
    """Whether the tree marks the hyphens the word processor added (a span whose ActualText
    is a soft hyphen, as LibreOffice writes them): then a plain hyphen was typed; a tree that
    marks none leaves its hyphens to the dictionary, as an untagged PDF does."""
    stack = list(elements)
    while stack:
        element = stack.pop()
        if element.actual_text is not None and SOFT_HYPHEN in element.actual_text:
            return True
        stack += element.children
    return False


def _title_and_tables(elements: list[_Element]) -> tuple[list[_Element], list[_Element]]:
    """The paragraphs before the first table on its first page, and the tables."""
    before: list[_Element] = []
    tables: list[_Element] = []
    for element in _walk(elements):
        if element.type == "Table":
            tables.append(element)
        elif not tables and _is_paragraph(element):
            before.append(element)
    if tables:
        first_page = min((page for page, _ in tables[0].marks()), default=0)
        before = [p for p in before if any(page == first_page for page, _ in p.marks())]
    return before, tables


def _walk(elements: list[_Element]) -> Iterator[_Element]:
    """Elements depth first, not looking inside tables or paragraphs."""
    stack = list(reversed(elements))
    while stack:
        element = stack.pop()
        yield element
        if element.type != "Table" and not _is_paragraph(element):
            stack += reversed(element.children)


def _is_paragraph(element: _Element) -> bool:
    """An element holding text and inline elements only: one paragraph."""
    return (
        bool(element.content)
        and all(child.type in _INLINE for child in element.children)
        and element.type not in _INLINE
    )


def _table_rows(table: _Element) -> Iterator[_Element]:
    for child in table.children:
        if child.type == "TR":
            yield child
        elif child.type in _ROW_GROUPS:
            yield from (row for row in child.children if row.type == "TR")


def _glyphs(pdf: Any) -> dict[_Key, list[Char]]:
    """Every page's glyphs by the marked content they are in, in the order drawn."""
    found: dict[_Key, list[Char]] = defaultdict(list)
    for page in pdf.pages:
        for char in page.chars:
            if char.get("mcid") is not None:
                found[page.page_number, char["mcid"]].append(char)
    return found


@dataclass(frozen=True)
class _Cell:
    paragraphs: list[list[Line]]
    colspan: int
    rowspan: int


def _row_cells(tr: _Element, glyphs: dict[_Key, list[Char]]) -> tuple[list[_Cell], tuple[int, int]]:
    cells = [
        _Cell(
            [_lines(p, glyphs) for p in _paragraphs(td)],
            _span(td.attributes.get("ColSpan")),
            _span(td.attributes.get("RowSpan")),
        )
        for td in tr.children
        if td.type in _CELLS
    ]
    pages = [page for page, _ in tr.marks()] or [0]
    return cells, (min(pages), max(pages))


def _span(value: Any) -> int:
    """A span as the file writes it, or 1 when a damaged file writes no positive integer."""
    return value if isinstance(value, int) and 0 < value < 1000 else 1


def _paragraphs(element: _Element) -> Iterator[_Element]:
    """A cell's paragraphs; text of its own beside block elements is a paragraph of its own."""
    if _is_paragraph(element):
        yield element
        return
    loose: list[_Element | _Key] = []
    for item in element.content:
        if isinstance(item, _Element) and not _is_paragraph(item) and item.type not in _INLINE:
            yield from _paragraphs(item)
        elif isinstance(item, _Element) and _is_paragraph(item):
            if loose:
                yield _Element("P", {}, None, loose)
                loose = []
            yield item
        else:
            loose.append(item)
    if loose:
        yield _Element("P", {}, None, loose)


def _lines(paragraph: _Element, glyphs: dict[_Key, list[Char]]) -> list[Line]:
    """A paragraph's lines, page by page: its glyphs in marked-content order, each span with
    an ActualText (a soft hyphen the word processor added) read as that text."""
    replaced = _actual_texts(paragraph)
    by_page: dict[int, list[Char]] = defaultdict(list)
    for key in paragraph.marks():
        chars = glyphs.get(key, [])
        if key in replaced and chars:  # one glyph of the text it stands for, or none
            actual = replaced[key]
            chars = [{**chars[0], "text": actual, "x1": chars[-1]["x1"]}] if actual else []
        by_page[key[0]] += chars
    lines = [line for page, chars in sorted(by_page.items()) for line in lines_of(chars, page)]
    reach = max((line.x1 for line in lines), default=None)  # the cell's edge is at least there
    return [replace(line, reach=reach) for line in lines]


def _actual_texts(element: _Element) -> dict[_Key, str]:
    """The marked content of spans with an ActualText, the first carrying the text."""
    found: dict[_Key, str] = {}
    stack = [element]
    while stack:
        current = stack.pop()
        if current.actual_text is not None:
            for index, key in enumerate(current.marks()):
                found[key] = current.actual_text if index == 0 else ""
            continue
        stack += current.children
    return found


def _laid_out(
    rows: list[tuple[list[_Cell], tuple[int, int]]], marked: bool, spaces: bool
) -> list[PdfRow]:
    """Rows as distinct cells over the header's columns: a cell spanning them all is a
    section; a cell spanning some is followed by empty ones; a cell spanning rows down is
    repeated in each, as the .docx reader does."""
    width = sum(cell.colspan for cell in rows[0][0])
    above: dict[int, tuple[int, str]] = {}  # column → rows it still covers, its text
    laid: list[PdfRow] = []
    for cells, pages in rows:
        if len(cells) == 1 and cells[0].colspan >= width > 1 and not above:
            laid.append(PdfRow((cell_text(cells[0].paragraphs, marked, spaces),), pages))
            continue
        texts: list[str] = []
        queue = list(cells)
        while queue or len(texts) in above:
            column = len(texts)
            if column in above:
                left, text = above.pop(column)
                if left > 1:
                    above[column] = (left - 1, text)
                texts.append(text)
                continue
            cell = queue.pop(0)
            text = cell_text(cell.paragraphs, marked, spaces)
            spanned = [text, *[""] * (cell.colspan - 1)]
            if cell.rowspan > 1:
                above.update({column + i: (cell.rowspan - 1, t) for i, t in enumerate(spanned)})
            texts += spanned
        laid.append(PdfRow(tuple(texts), pages))
    return laid
