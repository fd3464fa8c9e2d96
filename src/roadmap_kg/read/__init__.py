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
    if path.is_dir():
        raise InputError(str(path), None, "is a folder, not a report file")
    if not path.exists():
        raise InputError(str(path), None, "no such file")
    if not path.is_file():  # a pipe or a device: reading it could wait for ever
        raise InputError(str(path), None, "is not a regular file")
    suffix = path.suffix.lower()
    try:
        path.open("rb").close()  # unreadable (permissions): say so before any reader tries
        if suffix in (".txt", ".tsv", ".text", ""):
            return read_text(path)
        if suffix == ".docx":
            return read_docx(path)
    except OSError as exc:  # the file, not the release folder: name it
        raise InputError(path.name, None, f"cannot read it ({exc.strerror or exc})") from None
    raise InputError(
        path.name, None, f"unsupported format {suffix!r}; expected a .docx or its .txt export"
    )
