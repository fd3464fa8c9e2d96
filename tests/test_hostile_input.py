"""Hostile input, end to end: `roadmap-kg build FILE --out DIR -q`, run as a real subprocess,
ends either in a release or in exactly one line `error: FILE[:LINE]: …` on stderr with exit
code 2 — never a traceback, never a hang (each run has a timeout), and a refused input leaves
the release already in DIR byte for byte as it was.

Then properties: the .docx reader and the extractors that read cell text (dates, title, venue,
organisations, counts, kinds) return a value or raise InputError for any text, control
characters included — never another exception.

What tests/test_errors.py already covers (reader errors on fixtures, CP1251 and NUL bytes by
line, parse_text and extract_report on arbitrary text) is not repeated here. The build of a
10,000-row report takes about a minute, so it runs only with ROADMAP_KG_SLOW=1.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pyoxigraph as ox
import pytest
from docx.exceptions import InvalidSpanError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_kg.errors import InputError
from roadmap_kg.extract.counts import extract_counts
from roadmap_kg.extract.dates import parse_date
from roadmap_kg.extract.kinds import classify
from roadmap_kg.extract.organisations import MentionFinder
from roadmap_kg.extract.places import RegionNames, parse_venue
from roadmap_kg.extract.registry import OrganisationRegistry
from roadmap_kg.extract.title import parse_title
from roadmap_kg.model import KINDS, SourceRef
from roadmap_kg.read import Row, Table
from roadmap_kg.read.docx import MAX_UNPACKED_BYTES, read_docx
from roadmap_kg.read.table import MAX_CELL_CHARS
from roadmap_kg.read.text import decode, parse_text
from roadmap_kg.reference import Reference

from conftest import HANG, SEED

SCRIPT = Path(sys.executable).parent / "roadmap-kg"
Release = tuple[Path, dict[str, str]]  # a release folder and the digest of its files
TIMEOUT = HANG  # seconds: a run that takes longer counts as a hang
SEED_BYTES = SEED.read_bytes()
SEED_TEXT = SEED_BYTES.decode("utf-8")
SEED_LINES = SEED_TEXT.split("\n")
SEED_TABLE = parse_text(SEED_TEXT, SEED.name)
TITLE = SEED_TABLE.title
HEADER = list(SEED_TABLE.header.cells)


def _cell_lines(row: Row) -> list[str]:
    """The lines that start the row's cells, as written (one cell on each)."""
    lines = SEED_LINES[row.source.first - 1 : row.source.last]
    return [line for line in lines if line.startswith("\t") and line.count("\t") == 1]


def _breakable(row: Row) -> bool:
    starts = _cell_lines(row)
    return (
        len(row.cells) == len(HEADER) == len(starts)
        and all(SEED_TEXT.count(line + "\n") == 1 for line in starts)
        and row.cells[0][:1].isdigit()
    )


# a data row of one cell per line, each line unique in the seed, with rows after it: the
# cases below break one of its cells
ROW = next(row for row in SEED_TABLE.rows[5:] if _breakable(row))
PLAN_ITEM_LINE, NAME_LINE, _, _, PARTICIPANTS_LINE, _ = _cell_lines(ROW)


def seed_with(line: str, new: str) -> str:
    """The seed with one of its lines replaced (or dropped, for an empty `new`)."""
    return SEED_TEXT.replace(line + "\n", new + "\n" if new else "", 1)


# --- running the installed script --------------------------------------------------------


def run_build(
    source: Path, out: Path, *extra: str, timeout: float = TIMEOUT, user: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """`roadmap-kg build SOURCE --out OUT -q` in its own process group, killed whole (with its
    validating child) and failed when it outlives the timeout; `user` is a command prefix that
    runs it as another user."""
    command = [*user, str(SCRIPT), "build", str(source), "--out", str(out), "-q", *extra]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"roadmap-kg build {source.name} gave no answer within {timeout} s")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def digest(folder: Path) -> dict[str, str]:
    """Every file under folder (and every folder, as an empty entry) by its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else ""
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """The seed's release, with its pages, and the digest of every file in it (a pristine copy
    beside it restores it when a test fails by changing it, so later tests are not blamed)."""
    out = tmp_path_factory.mktemp("release") / "dist"
    done = run_build(SEED, out)
    assert done.returncode == 0, done.stderr[-2000:]
    shutil.copytree(out, out.parent / "pristine")
    return out, digest(out)


def refused(
    source: Path,
    release: Release,
    line: int | None = None,
    words: str = "",
    user: tuple[str, ...] = (),
) -> str:
    """Build source over the existing release: it must be refused in one line naming the file
    (by its name, or its path when it is no readable file) and, if given, the line; the
    release must be untouched and no staging folder left. Returns the message."""
    out, before = release
    done = run_build(source, out, user=user)
    # compared first: a check failing below must not leave later tests a changed release
    changed = _changed_and_restored(out, before)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert done.returncode == 2, (done.returncode, done.stdout[-1000:], done.stderr[-3000:])
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr[-3000:]
    match = re.match(
        rf"error: (?:{re.escape(source.name)}|{re.escape(str(source))})(?::(\d+))?: (.+)", lines[0]
    )
    assert match, lines[0][:500]
    if line is not None:
        assert match.group(1) == str(line), lines[0][:500]
    assert words in match.group(2), lines[0][:500]
    assert changed == [], f"{out} changed although {source.name} was refused"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    return match.group(2)


def _changed_and_restored(out: Path, before: dict[str, str]) -> list[str]:
    """The files of out that differ from before; out is restored from its pristine copy."""
    after = digest(out)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    pristine = out.parent / "pristine"
    if changed and pristine.is_dir():
        shutil.rmtree(out)
        shutil.copytree(pristine, out)
    return changed


def released(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Build source into a new folder, without pages (faster): a release is written."""
    done = run_build(source, out, "--no-pages")
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out / "dataset.nt").is_file()
    return done


def write(folder: Path, name: str, content: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# --- nothing, noise, a cut -----------------------------------------------------------------


@pytest.mark.slow
def test_an_empty_file_is_refused(tmp_path: Path, release: Release) -> None:
    refused(write(tmp_path, "empty.txt", b""), release, 1, "no table")


@pytest.mark.slow
def test_random_bytes_are_refused(tmp_path: Path, release: Release) -> None:
    data = random.Random(20211231).randbytes(20_000)
    refused(write(tmp_path, "noise.txt", data), release)


@pytest.mark.slow
def test_a_file_cut_in_the_middle_of_a_row_is_refused_at_that_row(
    tmp_path: Path, release: Release
) -> None:
    cut = "\n".join(SEED_LINES[: ROW.source.first + 2])  # the row's first three cells
    refused(write(tmp_path, "cut.txt", cut), release, ROW.source.first, "cut short")


@pytest.mark.slow
def test_a_file_cut_inside_a_character_is_called_cut_not_cp1251(
    tmp_path: Path, release: Release
) -> None:
    data = SEED_BYTES[
        : SEED_BYTES.index((NAME_LINE + "\n").encode()) + 2
    ]  # the TAB and half a letter
    message = refused(write(tmp_path, "cut.txt", data), release, data.count(b"\n") + 1)
    assert "cut short" in message
    assert "CP1251" not in message


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.slow
def test_cp1251_is_refused_naming_the_encoding_to_use(tmp_path: Path, release: Release) -> None:
    message = refused(write(tmp_path, "ansi.txt", SEED_TEXT.encode("cp1251")), release, 1)
    assert "UTF-8" in message


@pytest.mark.slow
@pytest.mark.parametrize(
    ("encoding", "name"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")]
)
def test_utf16_without_a_bom_is_refused_naming_both_encodings(
    tmp_path: Path, release: Release, encoding: str, name: str
) -> None:
    message = refused(write(tmp_path, "wide.txt", SEED_TEXT.encode(encoding)), release)
    assert name in message
    assert "UTF-8" in message


@pytest.mark.slow
@pytest.mark.parametrize(
    "bom_and_encoding",
    [
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xef\xbb\xbf", "utf-8"),
    ],
    ids=["utf16le-bom", "utf16be-bom", "utf8-bom"],
)
def test_a_bom_names_the_encoding_and_the_release_is_the_seeds(
    tmp_path: Path, release: Release, bom_and_encoding: tuple[bytes, str]
) -> None:
    bom, encoding = bom_and_encoding
    source = write(tmp_path / "in", SEED.name, bom + SEED_TEXT.encode(encoding))
    released(source, tmp_path / "dist")
    assert (tmp_path / "dist" / "dataset.nt").read_bytes() == (
        release[0] / "dataset.nt"
    ).read_bytes()


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be"])
def test_utf32_with_a_bom_is_read(encoding: str) -> None:
    data = (
        SEED_TEXT.encode(encoding)
        if encoding == "utf-32"
        else b"\x00\x00\xfe\xff" + SEED_TEXT.encode(encoding)
    )
    assert decode(data, "wide.txt") == SEED_TEXT


def test_decoding_after_a_bom_names_the_line_of_the_first_bad_byte() -> None:
    data = b"\xef\xbb\xbf" + b"one\ntwo\n" + "три".encode("cp1251")
    with pytest.raises(InputError) as caught:
        decode(data, "bom.txt")
    assert caught.value.line == 3


# --- fake and broken .docx -----------------------------------------------------------------


def word_document(rows: list[list[str]], title: str = TITLE) -> docx.Document:
    document = docx.Document()
    if title:
        document.add_paragraph(title)
    if rows:
        grid = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for row, cells in zip(grid.rows, rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=False):
                cell.text = text
    return document


def docx_bytes(document: docx.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repacked(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(buffer, "w") as new:
        for item in old.infolist():
            new.writestr(item, change(item.filename, old.read(item.filename)))
    return buffer.getvalue()


def a_zip(**parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


GOOD_ROWS = [HEADER, list(SEED_TABLE.rows[0].cells) * 6, list(ROW.cells)]

FAKE_DOCX: dict[str, Callable[[], bytes]] = {
    "broken-zip": lambda: b"PK\x03\x04" + random.Random(1).randbytes(3000),
    "zip-not-word": lambda: a_zip(**{"hello.txt": "hello", "data/x.csv": "a,b"}),
    "no-table": lambda: docx_bytes(word_document([])),
    "document-of-another-root": lambda: repacked(
        docx_bytes(word_document(GOOD_ROWS)),
        lambda name, data: b"<?xml version='1.0'?><root/>" if name == "word/document.xml" else data,
    ),
    "document-without-body": lambda: repacked(
        docx_bytes(word_document(GOOD_ROWS)),
        lambda name, data: (
            data[: data.index(b"<w:body>")] + b"</w:document>"
            if name == "word/document.xml"
            else data
        ),
    ),
    "control-character-in-xml": lambda: repacked(
        docx_bytes(word_document(GOOD_ROWS)),
        lambda name, data: (
            data.replace(HEADER[1].encode(), b"\x01", 1) if name == "word/document.xml" else data
        ),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(FAKE_DOCX))
def test_a_fake_or_broken_docx_is_refused(tmp_path: Path, release: Release, kind: str) -> None:
    refused(write(tmp_path, "report.docx", FAKE_DOCX[kind]()), release)


@pytest.mark.slow
def test_a_docx_row_with_a_cell_too_few_is_refused_at_that_row(
    tmp_path: Path, release: Release
) -> None:
    document = word_document(GOOD_ROWS)
    tr = document.tables[0].rows[2]._tr
    tr.remove(tr.tc_lst[-1])
    path = write(tmp_path, "short.docx", docx_bytes(document))
    refused(path, release, 3, "has 5 cells, the header has 6")


@pytest.mark.slow
def test_a_docx_row_with_a_cell_too_many_is_refused_at_that_row(
    tmp_path: Path, release: Release
) -> None:
    document = word_document(GOOD_ROWS)
    tr = document.tables[0].rows[2]._tr
    tr.append(copy.deepcopy(tr.tc_lst[-1]))
    path = write(tmp_path, "long.docx", docx_bytes(document))
    refused(path, release, 3, "has 7 cells, the header has 6")


@pytest.mark.slow
def test_a_docx_that_unpacks_to_more_than_the_limit_is_refused_unread(
    tmp_path: Path, release: Release
) -> None:
    """The zip directory declares a part bigger than the limit (a zip bomb's trick)."""
    data = bytearray(docx_bytes(word_document(GOOD_ROWS)))
    central = data.index(b"PK\x01\x02")  # the first part's entry; its size is at offset 24
    data[central + 24 : central + 28] = (MAX_UNPACKED_BYTES + 1).to_bytes(4, "little")
    message = refused(write(tmp_path, "bomb.docx", bytes(data)), release)
    assert f"{MAX_UNPACKED_BYTES:,}" in message


# --- rows, cells and lines -----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "by",
    [PARTICIPANTS_LINE + "\n\tЛишняя ячейка", ""],
    ids=["one-cell-too-many", "one-cell-too-few"],
)
def test_a_text_row_with_a_wrong_number_of_cells_gives_a_release_or_one_error(
    tmp_path: Path, release: Release, by: str
) -> None:
    """The text export has no row delimiter: a row is as many cells as the header. A cell too
    many or too few on lines of their own is found only when the table no longer adds up; the
    build must still end in a release or in one error line naming the file."""
    source = write(tmp_path, "cells.txt", seed_with(PARTICIPANTS_LINE, by))
    done = run_build(source, tmp_path / "dist", "--no-pages")
    assert "Traceback" not in done.stderr + done.stdout
    if done.returncode == 2:
        refused(source, release)
    else:
        assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize(
    "extra",
    ["\tЛишняя ячейка\tи ещё одна", "\t" + "\t".join(f"Ячейка {i}" for i in range(2_000))],
    ids=["two-cells", "two-thousand-cells"],
)
def test_cells_of_two_rows_on_one_line_are_refused_at_that_line(
    tmp_path: Path, release: Release, extra: str
) -> None:
    """More cells on a row's line than the header has: two rows would share a line span, the
    identity of a row's source."""
    source = write(tmp_path, "cells.txt", seed_with(PARTICIPANTS_LINE, PARTICIPANTS_LINE + extra))
    line = SEED_TEXT[: SEED_TEXT.index(PARTICIPANTS_LINE + "\n")].count("\n") + 1
    refused(source, release, line, "two rows on one line")


def five_mb_of(text: str) -> str:
    return text * (5 * 1024 * 1024 // len(text.encode()) + 1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("replace", "filler"),
    [
        (NAME_LINE, "Межрегиональная конференция АО «Ромашка», ООО «Лютик» (12 человек). "),
        (PARTICIPANTS_LINE, "АО «Ромашка», "),
        (NAME_LINE, "ж"),  # one word of 5 MB
    ],
    ids=["name-of-sentences", "participants-of-bodies", "one-word"],
)
def test_a_cell_of_5_mb_is_refused_at_its_row(
    tmp_path: Path, release: Release, replace: str, filler: str
) -> None:
    source = write(tmp_path, "big-cell.txt", seed_with(replace, "\t" + five_mb_of(filler)))
    message = refused(source, release, ROW.source.first)
    assert f"the limit is {MAX_CELL_CHARS:,}" in message


@pytest.mark.slow
def test_a_cell_just_under_the_limit_gives_a_release_in_time(tmp_path: Path) -> None:
    """The densest text extraction knows (a body after every few words) at the limit."""
    bodies = "АО «Ромашка», ООО «Лютик» и ФГБОУ ВО «Смоленский университет», "
    cell = (bodies * (MAX_CELL_CHARS // len(bodies)))[: MAX_CELL_CHARS - 10]
    source = write(tmp_path / "in", "dense.txt", seed_with(PARTICIPANTS_LINE, "\t" + cell))
    released(source, tmp_path / "dist")  # in time: the run fails as a hang after HANG seconds


@pytest.mark.slow
def test_a_title_line_of_a_million_characters_is_refused(tmp_path: Path, release: Release) -> None:
    long_title = SEED_LINES[0] + " очень" * 200_000
    source = write(tmp_path, "title.txt", "\n".join([long_title, *SEED_LINES[1:]]))
    refused(source, release, 1, "the title has")


@pytest.mark.slow
def test_a_plan_item_number_too_long_for_an_iri_is_refused(
    tmp_path: Path, release: Release
) -> None:
    source = write(tmp_path, "item.txt", seed_with(PLAN_ITEM_LINE, "\t" + "7." * 200 + "1"))
    refused(source, release, ROW.source.first, "plan item number")


@pytest.mark.slow
def test_names_too_long_or_without_latin_or_cyrillic_letters_get_iris_of_their_own(
    tmp_path: Path,
) -> None:
    """A key names the folder of its page: it must fit a file name (255 bytes), and a name a
    slug keeps nothing of (Greek, legal forms only) must not get its container's IRI."""
    name = "ООО «" + " ".join(["Научно-производственное объединение исследований"] * 8) + "»"
    text = seed_with(PARTICIPANTS_LINE, f"\tСотрудники {name}, АО АО, Ελληνικό Ινστιτούτο")
    venue = _cell_lines(ROW)[3]
    text = text.replace(venue + "\n", f"{venue}, Ακρόπολη\n", 1)
    source = write(tmp_path / "in", "names.txt", text)
    done = run_build(source, tmp_path / "dist")  # with the pages: their folders are the point
    assert done.returncode == 0, done.stderr[-3000:]
    longest = max(len(p.name.encode()) for p in (tmp_path / "dist").rglob("*"))
    assert longest <= 255
    subjects = {
        t.subject.value
        for t in ox.parse(path=str(tmp_path / "dist" / "dataset.nt"), format=ox.RdfFormat.N_TRIPLES)
        if isinstance(t.subject, ox.NamedNode)
    }
    assert [iri for iri in subjects if iri.endswith("/")] == []


QUOTES = [
    "«" * 10_000 + "Ромашка" + "»" * 10_000,
    '"' * 10_000 + "Ромашка" + '"' * 10_000,
    "«" * 10_000 + "Ромашка",  # never closed
    "«„" * 5_000 + "Ромашка" + "“»" * 5_000,
]


@pytest.mark.slow
def test_ten_thousand_levels_of_quotes_in_organisation_names_give_a_release(
    tmp_path: Path,
) -> None:
    """Each way of nesting in the participants of another row, one also in an event name."""
    participants = [
        lines[4]
        for lines in map(_cell_lines, SEED_TABLE.rows)
        if len(lines) == len(HEADER) and SEED_TEXT.count(lines[4] + "\n") == 1
    ]
    text = SEED_TEXT.replace(NAME_LINE + "\n", f"{NAME_LINE} в АО {QUOTES[0]}\n", 1)
    for line, quoted in zip(participants, QUOTES, strict=False):
        text = text.replace(line + "\n", f"\tСотрудники АО {quoted} и ООО {quoted}\n", 1)
    assert text.count("Ромашка") == 2 * len(QUOTES) + 1
    done = released(write(tmp_path / "in", "quotes.txt", text), tmp_path / "dist")
    assert "50 events" in done.stdout


CONTROLS = "".join(chr(c) for c in [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F])
CONTROLS += "\u2028\u2029\u200b\u202e\ufeff"


@pytest.mark.slow
def test_control_characters_in_cells_give_a_readable_release(tmp_path: Path) -> None:
    text = SEED_TEXT
    for line in _cell_lines(ROW)[1:]:  # not the plan item
        text = text.replace(line + "\n", line[:6] + CONTROLS + line[6:] + "\n", 1)
    done = released(write(tmp_path / "in", SEED.name, text), tmp_path / "dist")
    assert "50 events" in done.stdout
    triples = list(
        ox.parse(path=str(tmp_path / "dist" / "dataset.nt"), format=ox.RdfFormat.N_TRIPLES)
    )
    assert any("\x1b" in t.object.value for t in triples if isinstance(t.object, ox.Literal))


@pytest.mark.slow
def test_control_characters_in_a_header_cell_are_refused_at_the_header(
    tmp_path: Path, release: Release
) -> None:
    header_line = "\t" + HEADER[1]
    source = write(
        tmp_path,
        "header.txt",
        SEED_TEXT.replace(header_line, "\t" + HEADER[1][:3] + "\x1b" + HEADER[1][3:], 1),
    )
    refused(source, release, SEED_TABLE.header.source.first)


# --- not a readable file -------------------------------------------------------------------


@pytest.mark.slow
def test_a_directory_is_refused_in_one_line(tmp_path: Path, release: Release) -> None:
    folder = tmp_path / "report.txt"
    (folder / "inner").mkdir(parents=True)
    assert "folder" in refused(folder, release)


@pytest.mark.slow
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, release: Release
) -> None:
    pipe = tmp_path / "report.txt"
    os.mkfifo(pipe)
    assert "not a regular file" in refused(pipe, release)


NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")


def why_nobody_cannot_run_the_command() -> str | None:
    """None when user nobody can run the installed command by the route the test takes
    (NOBODY, then SCRIPT, as run_build runs it); otherwise why not: setpriv is missing, or the
    checkout or its virtualenv lies in a folder nobody may enter (root's home, a `mktemp -d`
    folder), where the build would fail on our own modules rather than on the locked file."""
    try:
        probe = subprocess.run(
            [*NOBODY, str(SCRIPT), "--help"], capture_output=True, text=True, timeout=TIMEOUT
        )
    except OSError as exc:
        return f"{NOBODY[0]} cannot be run ({exc.strerror})"
    if probe.returncode != 0:
        said = (probe.stderr.strip().splitlines() or ["no message"])[-1]
        return f"`{SCRIPT.name} --help` as nobody exits with {probe.returncode}: {said}"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("name", ["locked.txt", "locked.docx"])
def test_an_unreadable_file_is_refused_naming_it(release: Release, name: str) -> None:
    """A file of mode 000. Root reads it all the same, so as root the build runs as `nobody`
    (when it can run the command there), on a copy of the release in a folder of its own that
    nobody may enter (mode 755), so that only the file's own mode stands in the way."""
    user: tuple[str, ...] = ()
    if os.geteuid() == 0:
        reason = why_nobody_cannot_run_the_command()
        if reason is not None:
            pytest.skip(
                f"as root the locked file is read all the same, and nobody cannot run the build: {reason}"
            )
        user = NOBODY
    folder = Path(tempfile.mkdtemp(prefix="roadmap-kg-hostile-"))
    try:
        folder.chmod(0o755)
        shutil.copytree(release[0], folder / "dist")
        source = write(folder, name, SEED_BYTES)
        source.chmod(0)
        message = refused(source, (folder / "dist", release[1]), words="cannot read", user=user)
        assert "ermission" in message
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- 10,000 rows ---------------------------------------------------------------------------

MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()


def big_report(events: int) -> str:
    """The seed's data rows over and over, each with its own name and date, a section row
    before every fiftieth: `events` events."""
    data_rows = [row.cells for row in SEED_TABLE.rows if len(row.cells) == len(HEADER)]
    section = next(row.cells for row in SEED_TABLE.rows if row.is_section)

    def cells(values: tuple[str, ...] | list[str]) -> str:
        return "\n".join("\t" + value for value in values)

    blocks = [TITLE, cells(HEADER)]
    for n in range(events):
        if n % 50 == 0:
            blocks.append(cells(section))
        values = list(data_rows[n % len(data_rows)])
        values[1] = f"{values[1]} (этап {n + 1})"
        values[2] = f"{n % 28 + 1} {MONTHS[n // 28 % 12]} 2021 года"
        blocks.append(cells(values))
    return "\n\n".join(blocks) + "\n"


@pytest.mark.slow
def test_a_report_of_10000_rows_is_read_in_time(tmp_path: Path) -> None:
    """Reading is linear: the reader alone, in a subprocess with a timeout."""
    source = write(tmp_path, "big.txt", big_report(10_000))
    code = (
        "import sys; from pathlib import Path; from roadmap_kg.read import read_source;"
        "t = read_source(Path(sys.argv[1])); print(sum(len(r.cells) > 1 for r in t.rows))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(source)], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "10000"


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("ROADMAP_KG_SLOW"), reason="about a minute: ROADMAP_KG_SLOW=1"
)
def test_a_report_of_10000_rows_builds(tmp_path: Path) -> None:
    source = write(tmp_path, "big.txt", big_report(10_000))
    started = time.monotonic()
    done = run_build(source, tmp_path / "dist", timeout=600)
    elapsed = time.monotonic() - started
    print(f"10,000 rows, {source.stat().st_size:,} bytes: built in {elapsed:.0f} s")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("1 report(s), 10000 events"), done.stdout[:300]


# --- properties: the .docx reader ----------------------------------------------------------

# Characters XML 1.0 cannot hold: python-docx refuses them, so they are put into the saved
# document.xml afterwards, where a private-use marker stands.
XML_FORBIDDEN = [chr(c) for c in [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20)]]
MARK = "\ue000"
cell_text = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "7.2",
            "1.1\n1.2",
            *HEADER,
            "Выставка «Поп-арт»",
            "22 апреля 2021 года",
            "г. Смоленск",
            "\u00ad",
            "\t",
            MARK,
        ]
    ),
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8", exclude_categories=["Cs", "Co", "Cn"]).filter(
                lambda c: c not in XML_FORBIDDEN and c != "\x00"
            ),
            st.sampled_from(["\t", "\n", "\r", "\x7f", "\x85", "\u2028", "«", "»"]),
        ),
        max_size=30,
    ),
)


def check_input_error(error: InputError, file: str, line: int | None) -> None:
    assert error.file == file
    if line is not None:
        assert error.line == line
    assert error.message
    assert "\n" not in str(error)  # the CLI prints it as one line
    assert len(str(error)) < 3000  # a long title or cell is shortened in it


@st.composite
def word_files(draw: st.DrawFn) -> bytes:
    document = docx.Document()
    for _ in range(draw(st.integers(0, 2))):
        document.add_paragraph(draw(st.sampled_from([TITLE, TITLE, "", "Отчет", MARK])))
    n_rows, n_cols = draw(st.integers(1, 5)), draw(st.integers(1, 7))
    grid = document.add_table(rows=n_rows, cols=n_cols)
    for row in grid.rows:
        for cell in row.cells:
            cell.text = draw(cell_text)
    for _ in range(draw(st.integers(0, 2))):  # merged cells, across or down
        a = (draw(st.integers(0, n_rows - 1)), draw(st.integers(0, n_cols - 1)))
        b = (draw(st.integers(0, n_rows - 1)), draw(st.integers(0, n_cols - 1)))
        # python-docx refuses a span that is no rectangle, or starts inside an earlier merge
        with contextlib.suppress(InvalidSpanError, ValueError):
            grid.cell(*a).merge(grid.cell(*b))
    control = draw(st.sampled_from(XML_FORBIDDEN)).encode() if draw(st.booleans()) else b""
    return repacked(
        docx_bytes(document),
        lambda name, data: (
            data.replace(MARK.encode(), control) if name == "word/document.xml" else data
        ),
    )


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(word_files())
def test_the_docx_reader_returns_a_table_or_raises_input_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("docx") / "fuzz.docx"
    path.write_bytes(data)
    try:
        table = read_docx(path)
    except InputError as error:
        check_input_error(error, "fuzz.docx", None)
    else:
        assert isinstance(table, Table)
        width = len(table.header.cells)
        assert width >= 2
        assert all(len(row.cells) in (1, width) for row in table.rows)
        assert all(row.source.unit == "row" for row in table.rows)


# --- properties: the extractors on cell text ----------------------------------------------

PIECES = [
    "«",
    "»",
    "“",
    "”",
    "„",
    '"',
    "(",
    ")",
    ",",
    ";",
    ":",
    ".",
    " ",
    "\n",
    "-",
    "–",
    "—",
    "2021",
    "22-23",
    "31",
    "февраля",
    "апреля",
    "года",
    "г.",
    "I",
    "квартал",
    "полугодие",
    "в течение года",
    "г. Смоленск",
    "Санкт-Петербург",
    "онлайн",
    "АО",
    "ООО",
    "ФГБОУ ВО",
    "Комитет",
    "по",
    "культуре",
    "университет",
    "Смоленский",
    "им.",
    "А.И.",
    "человек",
    "участников",
    "12",
    "1 000",
    "из",
    "регионов",
    "в",
    "на базе",
    "при поддержке",
    "Организатор:",
    "между",
    "и",
    "Смоленской областью",
    "Отчет об исполнении в 2021 году",
    "на 2021-2023 годы",
    *CONTROLS,
    "\x00",
    "\U00017000",
    "İ",
    "ß",
    "ǅ",
    "Ⅻ",
    "٣",
    "²",
    "½",
    "\u00ad",
]
cell_texts = st.one_of(
    st.text(max_size=150),
    st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
)
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HERE = SourceRef("cell.txt", 7, 7)


@pytest.fixture(scope="module")
def finder(reference: Reference) -> MentionFinder:
    return MentionFinder(reference)


@PROPERTY
@given(cell_texts, st.integers(1990, 2040))
def test_parse_date_returns_a_span_within_its_bounds(text: str, year: int) -> None:
    span, warning = parse_date(text, year)
    assert span.start <= span.end
    assert (warning is None) == (span.precision != "unknown")


@PROPERTY
@given(cell_texts)
def test_parse_title_returns_a_roadmap_or_raises_input_error(
    reference: Reference, text: str
) -> None:
    try:
        year, roadmap = parse_title(text, HERE, reference)
    except InputError as error:
        check_input_error(error, "cell.txt", 7)
    else:
        assert roadmap.start_year <= roadmap.end_year
        assert len(roadmap.parties) == 2
        assert 1900 <= year <= 2099


@PROPERTY
@given(cell_texts)
def test_parse_venue_returns_a_venue(
    reference: Reference, finder: MentionFinder, text: str
) -> None:
    venue = parse_venue(text, reference, finder, ("RU-SMO", "RU-SPE"))
    assert venue.attendance in (None, "online", "offline", "mixed")
    for mention in venue.hosts + venue.sponsors:
        assert 0 <= mention.start < mention.end


@PROPERTY
@given(cell_texts)
def test_found_organisations_lie_in_the_text_and_resolve(
    reference: Reference, finder: MentionFinder, text: str
) -> None:
    registry = OrganisationRegistry(reference)
    mentions = finder.find(text)
    spans = sorted((m.start, m.end) for m in mentions)
    assert all(a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))  # disjoint
    for mention in mentions:
        key = registry.resolve(mention, HERE)
        assert key
        assert len(key.encode()) <= 255  # the folder of its page


@PROPERTY
@given(cell_texts, cell_texts, st.booleans())
def test_extract_counts_returns_non_negative_counts(
    reference: Reference, participants: str, result: str, away: bool
) -> None:
    counts = extract_counts(participants, result, RegionNames(reference, "RU-SMO"), away)
    for count in (counts.participants, counts.visitors, counts.delegation, counts.regions):
        assert count is None or count.value >= 0


@PROPERTY
@given(cell_texts)
def test_classify_returns_a_kind(text: str) -> None:
    assert classify(text) in KINDS
