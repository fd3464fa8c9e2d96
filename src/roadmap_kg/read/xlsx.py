"""Reader for a report typed into a spreadsheet (.xlsx), with openpyxl.

The table is on the first sheet that has one: its header is the first row with three or more
filled cells, its title the rows above it. A row merged across the table is a section; a
range merged down repeats its text in every row it covers, as in .docx. A cell's line breaks
are kept. A number or a date is read as what the cell shows; in the first column (the plan
items) a number (`1.1`, which may have been `1.10`) or a date (`7.2` made 7 February) is
kept as that text with a warning naming the cell, never changed without one. Rows are the
sheet's row numbers, and that number is each row's provenance.

The workbook is opened with values (`data_only`: a formula's last computed result) and not
`read_only`, which would hide the merged ranges.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import SourceRef, Warning_
from .grid import cell_text, table_from_grid
from .table import Table

# A workbook whose parts unpack to more than these is refused before it is opened: openpyxl
# holds every cell in memory (tens of bytes of memory per byte of sheet XML), and a report's
# sheet is well under a megabyte.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_SHEET_BYTES = 50 * 1024 * 1024
_HEADER_CELLS = 3  # the header: the first row with at least this many filled cells
_MONTHS = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
_DECIMALS = re.compile(r"0\.(0+)")


@dataclass
class _Sheet:
    """The filled cells of one sheet as the texts they show, and its merged ranges."""

    name: str
    texts: dict[tuple[int, int], str]  # (row, column) → text, 1-based, filled cells only
    values: dict[tuple[int, int], Any]  # the typed values of the same cells
    merges: list[tuple[int, int, int, int]]  # min_row, min_col, max_row, max_col
    warnings: list[Warning_] = field(default_factory=list)


def read_xlsx(path: Path) -> Table:
    _check_size(path)
    for sheet in _sheets(path):
        header_row = _header_row(sheet)
        if header_row is not None:
            return _table(path.name, sheet, header_row)
    raise InputError(
        path.name, None, f"no table found: no row of its sheets has {_HEADER_CELLS} filled cells"
    )


def _check_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise InputError(path.name, None, f"not a readable .xlsx file ({exc})") from None
    total = sum(part.file_size for part in parts)
    sheets = sum(
        part.file_size
        for part in parts
        if part.filename.startswith("xl/worksheets/") or part.filename == "xl/sharedStrings.xml"
    )
    if total > MAX_UNPACKED_BYTES or sheets > MAX_SHEET_BYTES:
        raise InputError(
            path.name,
            None,
            f"the .xlsx unpacks to {total:,} bytes ({sheets:,} of sheets); the limits are "
            f"{MAX_UNPACKED_BYTES:,} and {MAX_SHEET_BYTES:,}",
        )


def _sheets(path: Path) -> list[_Sheet]:
    """The visible sheets, in order (the hidden ones after them)."""
    import openpyxl  # imported here: only .xlsx input pays for it

    try:
        # a file object, not a name: openpyxl refuses names without its extensions, and a
        # workbook saved under another name is read by its content
        with path.open("rb") as handle, warnings.catch_warnings():
            # openpyxl warns about parts it skips (data validation, extensions): no text
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(handle, data_only=True)
    except OSError:  # the file could not be read, which read_source says in its words
        raise
    except Exception as exc:  # openpyxl, zipfile and the XML parser raise many kinds
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path.name, None, f"not a readable .xlsx file ({message})") from None
    ordered = sorted(workbook.worksheets, key=lambda ws: ws.sheet_state != "visible")
    return [_sheet(path.name, worksheet) for worksheet in ordered]


def _sheet(file: str, worksheet: Any) -> _Sheet:
    texts: dict[tuple[int, int], str] = {}
    values: dict[tuple[int, int], Any] = {}
    # the cells that exist, not iter_rows(): one stray cell at XFD1048576 would make that
    # walk seventeen billion cells long
    for (row, column), cell in worksheet._cells.items():
        text = _shown(cell.value, cell.number_format)
        if text:
            texts[row, column] = text
            values[row, column] = cell.value
    merges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in worksheet.merged_cells.ranges]
    return _Sheet(worksheet.title, texts, values, merges)


def _shown(value: Any, number_format: str) -> str:
    """The text a cell shows."""
    if value is None:
        return ""
    if isinstance(value, str):
        return cell_text([value.replace("\r\n", "\n").replace("\r", "\n")])
    if isinstance(value, bool):
        return "ИСТИНА" if value else "ЛОЖЬ"
    if isinstance(value, int | float):
        return _number(value, number_format)
    if isinstance(value, dt.datetime | dt.date):
        return _date(value, number_format)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _number(value: float, number_format: str) -> str:
    fixed = _DECIMALS.search(number_format or "")
    if fixed and "%" not in number_format:
        return f"{value:.{len(fixed.group(1))}f}"
    if number_format in ("0", "#,##0") or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.10g}"  # 'General': up to eleven characters, no trailing zeros


def _date(value: dt.date, number_format: str) -> str:
    shows = re.sub(r'"[^"]*"|\[[^\]]*\]', "", (number_format or "").lower())  # not literals
    if "d" not in shows and "y" in shows:  # 'mmmm yyyy': the month, as Russian writes it
        return f"{_MONTHS[value.month - 1]} {value.year}"
    text = f"{value.day:02d}.{value.month:02d}.{value.year}"
    if isinstance(value, dt.datetime) and (value.hour, value.minute) != (0, 0):
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text


def _header_row(sheet: _Sheet) -> int | None:
    filled: dict[int, int] = {}
    for row, _ in sheet.texts:
        filled[row] = filled.get(row, 0) + 1
    return next((row for row in sorted(filled) if filled[row] >= _HEADER_CELLS), None)


def _table(file: str, sheet: _Sheet, header_row: int) -> Table:
    header_columns = [column for row, column in sheet.texts if row == header_row]
    first, last = min(header_columns), max(header_columns)
    below = {row for row, column in sheet.texts if row > header_row and first <= column <= last}
    header = sheet.texts.get((header_row, first))
    plan_items, warnings = _plan_items(file, sheet, sorted(below), first, header)
    texts = {**sheet.texts, **plan_items}
    sections, repeated = _merged(texts, sheet.merges, first, last, max(below, default=0))
    texts.update(repeated)
    columns = range(first, last + 1)
    rows = {header_row} | below | {row for row, _ in repeated if row > header_row}
    numbered = [
        (row, [sections[row]] if row in sections else [texts.get((row, c), "") for c in columns])
        for row in sorted(rows)
    ]
    title_rows = sorted({row for row, _ in sheet.texts if row < header_row})
    title_source = SourceRef(file, title_rows[0], title_rows[-1], "row") if title_rows else None
    warnings += _outside(file, sheet, header_row, first, last)
    return table_from_grid(
        file,
        [_row_text(sheet, row) for row in title_rows],
        numbered,
        header_rows={header_row},
        title_source=title_source,
        warnings=tuple(sorted(warnings, key=lambda w: w.source.first)),
    )


def _merged(
    texts: dict[tuple[int, int], str],
    merges: list[tuple[int, int, int, int]],
    first: int,
    last: int,
    last_row: int,
) -> tuple[dict[int, str], dict[tuple[int, int], str]]:
    """Rows merged across the table (row → the section's text), and the cells a range merged
    down covers (each with the text of the range's first cell)."""
    sections: dict[int, str] = {}
    repeated: dict[tuple[int, int], str] = {}
    for min_row, min_col, max_row, max_col in merges:
        text = texts.get((min_row, min_col), "")
        if min_col <= first and max_col >= last:
            if text:
                sections[min_row] = text  # the rows below it in the range are empty
            continue
        for row in range(min_row + 1, min(max_row, last_row) + 1):
            repeated[row, min_col] = text
    return sections, repeated


def _plan_items(
    file: str, sheet: _Sheet, rows: list[int], column: int, header: str | None
) -> tuple[dict[tuple[int, int], str], list[Warning_]]:
    """The plan-item cells Excel typed as numbers or dates, as the text they most likely
    were, and a warning naming each (header: the column's title)."""
    texts: dict[tuple[int, int], str] = {}
    warnings: list[Warning_] = []
    for row in rows:
        found = _plan_item(file, sheet, row, column, header)
        if found is not None:
            texts[row, column], warning = found
            warnings.append(warning)
    return texts, warnings


def _plan_item(
    file: str, sheet: _Sheet, row: int, column: int, header: str | None
) -> tuple[str, Warning_] | None:
    """A plan-item cell that Excel typed as a number or a date: the text it most likely was,
    and a warning naming the cell (None for a cell of text)."""
    value = sheet.values.get((row, column))
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date):
        return None
    from openpyxl.utils import get_column_letter

    cell = f"{get_column_letter(column)}{row}"
    shown = sheet.texts[row, column]
    guessed: tuple[tuple[str, str], ...] = ()
    if isinstance(value, dt.date):
        text = f"{value.day}.{value.month}"
        message = (
            f"cell {cell} holds a date ({shown}), not the text of a plan item; read as "
            f"'{text}' (Excel makes '{text}' a date): type it as text"
        )
    else:
        text = shown
        # 'General' drops a last zero ('1.10' shows 1.1); a format with fixed decimals does not
        guess = f" (was it '{shown}0'?)" if "." in shown and not shown.endswith("0") else ""
        guessed = (("guess", f"{shown}0"),) if guess else ()
        message = (
            f"cell {cell} holds a number ({shown}), not the text of a plan item; read as "
            f"'{shown}'{guess}: type it as text"
        )
    return text, Warning_(
        SourceRef(file, row, row, "row"),
        message,
        problem="plan-item-date" if isinstance(value, dt.date) else "plan-item-number",
        column=header,
        cell=shown,
        details=(("cell_ref", cell), ("read", text), *guessed),
    )


def _outside(file: str, sheet: _Sheet, header_row: int, first: int, last: int) -> list[Warning_]:
    """A warning for the first filled cell beside the table's columns: it is not read."""
    beside = sorted(
        (row, column)
        for row, column in sheet.texts
        if row >= header_row and not first <= column <= last
    )
    if not beside:
        return []
    from openpyxl.utils import get_column_letter

    row, column = beside[0]
    message = (
        f"cell {get_column_letter(column)}{row} and {len(beside) - 1} other(s) beside the "
        f"table's columns ({get_column_letter(first)}–{get_column_letter(last)}) are not read"
    )
    return [
        Warning_(
            SourceRef(file, row, row, "row"),
            message,
            problem="cells-outside-table",
            cell=sheet.texts[row, column],
            details=(
                ("cell_ref", f"{get_column_letter(column)}{row}"),
                ("others", str(len(beside) - 1)),
                ("columns", f"{get_column_letter(first)}–{get_column_letter(last)}"),
            ),
        )
    ]


def _row_text(sheet: _Sheet, row: int) -> str:
    columns = sorted(column for r, column in sheet.texts if r == row)
    return " ".join(sheet.texts[row, column] for column in columns)
