"""Source formats → Table. Readers do I/O and layout only; meaning is extraction's job."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .docx import read_docx
from .table import Row, Table
from .text import read_text

__all__ = ["Row", "Table", "read_source"]


def read_source(path: Path) -> Table:
    """Read one report file, choosing the reader by its extension."""
    if not path.is_file():
        raise InputError(str(path), None, "no such file")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".tsv", ".text", ""):
        return read_text(path)
    if suffix == ".docx":
        return read_docx(path)
    raise InputError(
        path.name, None, f"unsupported format {suffix!r}; expected a .docx or its .txt export"
    )
