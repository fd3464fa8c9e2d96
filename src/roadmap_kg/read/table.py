"""What every reader produces: the report's title and its table, each row with its source span."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import SourceRef


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


def make_row(cells: list[str], source: SourceRef) -> Row:
    """A row from its cells; a row with text in its first cell only is a section whose
    merge was lost ('Департамент …', '', '', …)."""
    lone = len(cells) > 1 and not any(c.strip() for c in cells[1:])
    if lone and any(ch.isalpha() for ch in cells[0]):
        return Row((cells[0],), source)
    return Row(tuple(cells), source)
