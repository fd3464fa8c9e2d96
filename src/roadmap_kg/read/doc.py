"""Reader for Word 97–2003 (.doc) reports: converted to .docx by LibreOffice, then read as one.

No pure-Python reader of .doc tables exists, so the conversion needs LibreOffice (`soffice`)
on the PATH; without it the file is refused in one line saying what to do. Each conversion
runs headless with a profile of its own (two builds at once, or a LibreOffice the user has
open, do not share one), in a temporary folder removed afterwards, and is stopped after
CONVERSION_TIMEOUT seconds. The table keeps the .doc's name: provenance names the file the
publisher gave, and its rows are the .docx reader's table rows.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..model import SourceRef
from .docx import read_docx
from .table import Row, Table

CONVERSION_TIMEOUT = 120  # seconds; the seed converts in about two
MAX_BYTES = 200 * 1024 * 1024  # a larger .doc is refused before LibreOffice is started
NO_LIBREOFFICE = (
    "reading .doc needs LibreOffice (apt-get install libreoffice-writer-nogui), or save it as .docx"
)
# the name of the stream a Word document keeps its text in, as its compound file writes it
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def find_soffice() -> str | None:
    """The LibreOffice command on the PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path) -> Table:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(path.name, None, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
    if _WORD_STREAM not in path.read_bytes():
        raise InputError(
            path.name, None, "an OLE file that is no Word document (an .xls?); save it as .docx"
        )
    soffice = find_soffice()
    if soffice is None:
        raise InputError(path.name, None, NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="roadmap-kg-doc-") as folder:
        converted = _convert(soffice, path, Path(folder))
        try:
            table = read_docx(converted)
        except InputError as exc:  # named after the file the publisher gave, not our copy
            raise InputError(path.name, exc.line, exc.message) from None
    return _renamed(table, path.name)


def _convert(soffice: str, path: Path, folder: Path) -> Path:
    """The .docx LibreOffice makes of path, in folder."""
    source = folder / "report.doc"  # a plain name: the user's may start with '-' or hold ':'
    shutil.copyfile(path, source)
    out = folder / "out"
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    failure = _run(command, path.name)
    converted = out / "report.docx"
    if not converted.is_file():
        raise InputError(path.name, None, f"LibreOffice could not convert it to .docx{failure}")
    return converted


def _run(command: list[str], file: str) -> str:
    """Run the conversion in a process group of its own, killed whole on timeout (soffice
    starts soffice.bin, which a kill of soffice alone would leave running). Returns what
    LibreOffice said on failure, as ' (…)', or ''."""
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=CONVERSION_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise InputError(
                file, None, f"LibreOffice did not convert it within {CONVERSION_TIMEOUT} s"
            ) from None
        except BaseException:  # interrupted: leave no LibreOffice behind
            _kill_group(process)
            raise
    lines = output.decode("utf-8", "replace").strip().splitlines()
    errors = [line for line in lines if "error" in line.lower()]
    return f" ({errors[0].strip()})" if errors else ""


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended already
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _renamed(table: Table, file: str) -> Table:
    """The same table with every source naming file."""

    def ref(source: SourceRef) -> SourceRef:
        return replace(source, file=file)

    def row(r: Row) -> Row:
        return Row(r.cells, ref(r.source))

    return replace(
        table,
        file=file,
        title_source=ref(table.title_source),
        header=row(table.header),
        rows=tuple(row(r) for r in table.rows),
        warnings=tuple(replace(w, source=ref(w.source)) for w in table.warnings),
    )
