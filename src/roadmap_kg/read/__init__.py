"""Source formats → Table. Readers do I/O and layout only; meaning is extraction's job.

The reader is chosen by what the file is (its first bytes, and for a ZIP package the part
that names its kind), not by its extension alone: a file whose content contradicts its
extension is read by its content, with a warning that says so.
"""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import cast

from ..errors import InputError
from ..model import SourceRef, Warning_
from .table import Row, Table

__all__ = ["Row", "Table", "read_source", "report_files", "sniff"]

# format → the module of its reader (read_FORMAT) and the extensions it is published with.
# A reader is imported when a file of its format is read: the PDF, Word and Excel readers
# and their libraries cost a build of text reports a tenth of its start-up.
READERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "text": ("text", (".txt", ".tsv", ".text", "")),
    "docx": ("docx", (".docx",)),
    "odt": ("odt", (".odt",)),
    "xlsx": ("xlsx", (".xlsx",)),
    "doc": ("doc", (".doc",)),
    "pdf": ("pdf", (".pdf",)),
}


def reader(kind: str) -> Callable[[Path], Table]:
    """The reader of a format of READERS."""
    module = importlib.import_module(f"{__name__}.{READERS[kind][0]}")
    return cast(Callable[[Path], Table], getattr(module, f"read_{kind}"))


_EXPECTED = "a .docx, .doc, .odt, .xlsx or .pdf report, or its .txt export"


def read_source(path: Path) -> Table:
    """Read one report file with the reader its content calls for."""
    if path.is_dir():
        raise InputError(str(path), None, "is a folder, not a report file")
    if not path.exists():
        raise InputError(str(path), None, "no such file")
    if not path.is_file():  # a pipe or a device: reading it could wait for ever
        raise InputError(str(path), None, "is not a regular file")
    suffix = path.suffix.lower()
    try:
        found = sniff(path)
    except OSError as exc:  # the file, not the release folder: name it
        raise InputError(path.name, None, f"cannot read it ({exc.strerror or exc})") from None
    if found is None:  # nothing recognised (a damaged package): the extension decides
        found = next((kind for kind, (_, sfx) in READERS.items() if suffix in sfx), None)
    if found not in READERS:
        what = f"a {found} file" if found else f"format {suffix!r}"
        raise InputError(path.name, None, f"unsupported: {what}; expected {_EXPECTED}")
    suffixes = READERS[found][1]
    try:
        table = reader(found)(path)
    except OSError as exc:
        raise InputError(path.name, None, f"cannot read it ({exc.strerror or exc})") from None
    if suffix not in suffixes:
        warning = Warning_(
            SourceRef(path.name, 1, 1, unit="file"),
            f"the file is {found}, not what its extension {suffix!r} says; read as {found}",
            problem="file-format",
            details=(("format", found), ("extension", suffix)),
        )
        table = replace(table, warnings=(warning, *table.warnings))
    return table


def report_files(folder: Path) -> list[Path]:
    """The report files of a folder, sorted by name: its files with the extension of a format
    read here. Hidden files, office lock files ('~$report.docx') and other files (README.md,
    annotations, notes) are not reports; subfolders are not looked into."""
    suffixes = {suffix for _, known in READERS.values() for suffix in known if suffix}
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in suffixes
        and not path.name.startswith((".", "~$"))
        and path.is_file()
    )


# the first bytes of each kind of file
_PDF = b"%PDF-"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 .doc, Excel .xls
_ZIP_KINDS = (  # a part that only that kind of package has
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "xlsx"),
    ("content.xml", "odt"),
)


def sniff(path: Path) -> str | None:
    """What a file is: 'text', 'docx', 'xlsx', 'odt', 'pdf', 'doc' or None (unknown)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_PDF):
        return "pdf"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        return next((kind for part, kind in _ZIP_KINDS if part in names), None)
    return "text"  # the text reader names what is wrong with a file that is no text
