"""What every reader produces: the report's title and its table, each row with its source span."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..model import SourceRef, Warning_

# A cell (or the title) longer than this is refused: the longest cell of the reports at hand
# has under 700 characters, and refusing more keeps extraction's time per cell bounded.
MAX_CELL_CHARS = 100_000


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]  # cell texts as read: line breaks kept, format artefacts removed
    source: SourceRef

    @property
    def is_section(self) -> bool:
        """A one-cell row spanning the table: the body responsible for the rows below it."""
        return len(self.cells) == 1


@dataclass(frozen=True)
class Table:
    file: str
    title: str  # the paragraphs above the table, joined by spaces
    title_source: SourceRef
    header: Row
    rows: tuple[Row, ...]  # data rows and section rows, in document order
    # what the reader kept but could not read with confidence (a cell Excel made a number, a
    # file whose content contradicts its extension): the report's warnings
    warnings: tuple[Warning_, ...] = ()

    def __post_init__(self) -> None:
        if len(self.title) > MAX_CELL_CHARS:
            raise _too_long(self.file, self.title_source.first, "the title", len(self.title))
        for row in (self.header, *self.rows):
            for cell in row.cells:
                if len(cell) > MAX_CELL_CHARS:
                    raise _too_long(row.source.file, row.source.first, "a cell", len(cell))


def _too_long(file: str, line: int, what: str, length: int) -> InputError:
    return InputError(
        file, line, f"{what} has {length:,} characters; the limit is {MAX_CELL_CHARS:,}"
    )


def make_row(cells: list[str], source: SourceRef) -> Row:
    """A row from its cells; a row with text in its first cell only is a section whose
    merge was lost ('Департамент …', '', '', …)."""
    lone = len(cells) > 1 and not any(c.strip() for c in cells[1:])
    if lone and any(ch.isalpha() for ch in cells[0]):
        return Row((cells[0],), source)
    return Row(tuple(cells), source)
