"""A PDF table read from its ruled lines (pdfplumber's table finder), page by page.

Each page's table is a grid of cells. Its rows are laid on the columns of the first page's
header: a cell spanning every column is a section, a cell reaching down from the row above
(a vertical merge) repeats its text, as the .docx reader does. Across pages, a header
repeated at the top of a page is dropped, and a row the page break cut in two is joined
back: the first row of a page continues the last row of the page before when its first cell
is empty and that last row reached the bottom of the table's area (a row cut by the page
break fills its page; a real row whose plan-item cell is empty is not the first on its page,
or follows a row that ended short of the page's end).
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .pdf_text import Char, PdfRow, cell_text, draws_spaces, lines_of, paragraphs

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# a header repeated on each page may be its titles and a row numbering the columns, or two
MAX_HEADER_ROWS = 3


@dataclass(eq=False)
class _Cell:
    """One ruled cell of one page and the glyphs inside it."""

    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    chars: list[Char] = field(default_factory=list)
    right: float | None = None  # how far right its text may reach (set once pads are known)


@dataclass(eq=False)
class _Draft:
    """A table row as one page draws it; slots hold, per header column, the cells (one per
    page the row runs over) that cover it."""

    slots: list[list[_Cell]]
    pages: list[int]
    bottom: float
    first_on_page: bool


def ruled_rows(pdf: Any) -> tuple[str, list[PdfRow]] | None:
    """The title above the table and its rows (the header first), or None when no page has a
    table drawn with lines."""
    found = [(page, t) for page in pdf.pages for t in _tables(page)]
    if not found:
        return None
    first_page, first_table = found[0]
    columns = _columns(first_table)
    drafts: list[_Draft] = []
    area_bottom = max(table.bbox[3] for _, table in found)
    for page, table in found:
        if _overlap(table.bbox, columns) > 0.5:  # another table beside the report's: not ours
            drafts += _page_drafts(page, table, columns)
    _set_right_edges(drafts, len(columns) - 1)
    text = _Texts(drafts)
    rows = _joined(drafts, area_bottom, _line_height(first_page), text)
    title = _title(first_page, first_table.bbox[1])
    return title, [PdfRow(tuple(_distinct(d, text)), (min(d.pages), max(d.pages))) for d in rows]


def _tables(page: Any) -> list[Any]:
    tables = page.find_tables(TABLE_SETTINGS)
    return sorted((t for t in tables if len(t.cells) > 1), key=lambda t: t.bbox[1])


def _columns(table: Any) -> list[float]:
    """The x edges of the header's columns: its first row's cells."""
    top = min(cell[1] for cell in table.cells)
    cells = sorted(cell for cell in table.cells if abs(cell[1] - top) < 1.0)
    return [cells[0][0], *(cell[2] for cell in cells)]


def _overlap(bbox: tuple[float, float, float, float], columns: list[float]) -> float:
    """The share of the header's width a table covers."""
    inside = min(bbox[2], columns[-1]) - max(bbox[0], columns[0])
    return max(0.0, inside) / (columns[-1] - columns[0])


def _page_drafts(page: Any, table: Any, columns: list[float]) -> list[_Draft]:
    """The rows of one page's table, each as its cells over the header's columns."""
    number = page.page_number
    cells = [_Cell(x0, top, x1, bottom, number) for x0, top, x1, bottom in table.cells]
    xs = sorted({c.x0 for c in cells} | {c.x1 for c in cells})
    ys = sorted({c.top for c in cells} | {c.bottom for c in cells})
    grid: dict[tuple[int, int], _Cell] = {}
    for cell in cells:
        for row in range(bisect_right(ys, cell.top) - 1, bisect_right(ys, cell.bottom - 0.1)):
            for col in range(bisect_right(xs, cell.x0) - 1, bisect_right(xs, cell.x1 - 0.1)):
                grid[row, col] = cell
    for char in page.chars:  # by its middle: a glyph's box may cross a rule in a tight cell
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        home = grid.get((bisect_right(ys, y) - 1, bisect_right(xs, x) - 1))
        if home is not None:
            home.chars.append(char)
    middles = [(a + b) / 2 for a, b in zip(columns, columns[1:], strict=False)]
    drafts: list[_Draft] = []
    for row in range(len(ys) - 1):
        slots = [grid.get((row, bisect_right(xs, m) - 1)) for m in middles]
        if all(s is None for s in slots) or not any(s and s.top == ys[row] for s in slots):
            continue  # no cell starts here: the band is inside merged cells
        filled = [[s] if s else [] for s in slots]
        drafts.append(_Draft(filled, [number], ys[row + 1], not drafts))
    return drafts


def _set_right_edges(drafts: list[_Draft], width: int) -> None:
    """Where text may end in each cell: its right rule less the column's padding, measured
    on the left, where text starts (left-aligned lines start at the padding)."""
    pads: list[list[float]] = [[] for _ in range(width)]
    for draft in drafts:
        for index, slot in enumerate(draft.slots):
            pads[index] += [_left(cell) - cell.x0 for cell in slot if cell.chars]
    for draft in drafts:
        for index, slot in enumerate(draft.slots):
            pad = max(0.0, min(pads[index], default=0.0))
            for cell in slot:
                cell.right = cell.x1 - pad


def _left(cell: _Cell) -> float:
    return float(min(char["x0"] for char in cell.chars))


def _line_height(page: Any) -> float:
    sizes = [c["size"] for c in page.chars[:2000] if not c["text"].isspace()]
    return 1.2 * (statistics.median(sizes) if sizes else 12.0)


class _Texts:
    """Cell texts, each made once (a header is compared on every page)."""

    def __init__(self, drafts: list[_Draft]) -> None:
        cells = {id(c): c for d in drafts for slot in d.slots for c in slot}.values()
        self._lines = {id(c): lines_of(_reading_order(c.chars), c.page, c.right) for c in cells}
        self.spaces_drawn = draws_spaces(line for ls in self._lines.values() for line in ls)
        self._done: dict[tuple[int, ...], str] = {}

    def __call__(self, slot: Sequence[_Cell]) -> str:
        key = tuple(id(cell) for cell in slot)
        if key not in self._done:
            lines = [line for cell in slot for line in self._lines[id(cell)]]
            self._done[key] = cell_text(paragraphs(lines), spaces_drawn=self.spaces_drawn)
        return self._done[key]


def _reading_order(chars: list[Char]) -> list[Char]:
    """Glyphs line by line (baselines within half a glyph's size), left to right: the order a
    PDF writes them in is not always the order they are read in."""
    ordered: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c["bottom"]):
        if ordered and char["bottom"] - ordered[-1][0]["bottom"] < 0.5 * max(char["size"], 1.0):
            ordered[-1].append(char)
        else:
            ordered.append([char])
    return [char for line in ordered for char in sorted(line, key=lambda c: c["x0"])]


def _joined(
    drafts: list[_Draft], area_bottom: float, line_height: float, text: _Texts
) -> list[_Draft]:
    """Rows with repeated headers dropped and rows cut by a page break joined back."""
    opening = _header_rows(drafts, text)
    full_below = area_bottom - 2 * line_height  # a row ending below this filled its page
    rows: list[_Draft] = [drafts[0]]
    repeated: int | None = 0  # header rows repeated at the top of this page; None: past it
    for draft in drafts[1:]:
        repeated = 0 if draft.first_on_page else repeated
        texts = [text(slot) for slot in draft.slots]
        if repeated is not None and repeated < len(opening) and texts == opening[repeated]:
            repeated += 1
            continue  # the header repeated at the top of a new page
        if repeated is not None and _continues(rows[-1], draft, full_below, text):
            _append(rows[-1], draft)
        else:
            rows.append(draft)
        repeated = None
    return rows


def _header_rows(drafts: list[_Draft], text: _Texts) -> list[list[str]]:
    """The texts of the header's rows: the first row, and a row numbering the columns under
    it ('1', '2', … or empty cells), which word processors repeat with it."""
    rows = [[text(slot) for slot in d.slots] for d in drafts[:MAX_HEADER_ROWS]]
    numbering = 1
    while numbering < len(rows) and all(c.isdigit() or not c for c in rows[numbering]):
        numbering += 1
    return rows[:numbering]


def _continues(before: _Draft, draft: _Draft, full_below: float, text: _Texts) -> bool:
    """The first row of a page goes on with the last row of the page before: its first cell
    is drawn but empty, and the row before filled its page to the bottom."""
    first = draft.slots[0]
    return bool(first) and not text(first) and before.bottom >= full_below


def _append(row: _Draft, part: _Draft) -> None:
    for slot, more in zip(row.slots, part.slots, strict=True):
        slot += [cell for cell in more if cell not in slot]
    row.pages += part.pages
    row.bottom = part.bottom


def _distinct(draft: _Draft, text: _Texts) -> list[str]:
    """A row's cells left to right: a cell spanning several columns once, in its first; a row
    of one cell spanning them all is a section."""
    heads = [slot[0] if slot else None for slot in draft.slots]
    if len({id(h) for h in heads}) == 1 and heads[0] is not None and len(heads) > 1:
        return [text(draft.slots[0])]
    cells = []
    for index, slot in enumerate(draft.slots):
        spanned = index > 0 and heads[index] is not None and heads[index] is heads[index - 1]
        cells.append("" if spanned or not slot else text(slot))
    return cells


def _title(page: Any, table_top: float) -> str:
    """The text above the table on its first page: within_bbox keeps only glyphs wholly above
    the table's top rule, so the header's first line (whose glyphs may reach over the rule)
    stays out."""
    above = page.within_bbox((0, 0, page.width, max(table_top, 0.1)))
    lines = lines_of(_reading_order(above.chars), page.page_number)
    return " ".join(cell_text([lines]).split())
