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
