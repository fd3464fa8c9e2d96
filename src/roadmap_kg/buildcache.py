"""The build cache a release keeps in `.build/` for the next build over it (issue 16).

A build over a previous release re-reads and re-extracts only the source files whose bytes
changed: the others' drafts (extract/draft.py: a draft depends on its file's name and bytes
and on the reference data alone) come from `.build/drafts.json`, which holds, per source
file, the SHA-256 of its bytes with its draft and what drafting it learnt of organisations.
The drafts are plain JSON, rebuilt value by value from the model's types (plain.py), never
unpickled: a release folder may come from someone else. They are used only when the cache
was made by the same code and reference data (`code_key`); anything else, a damaged or
foreign file included, is a full extraction, never an error.

The file is JSON Lines: a first line with the format and the code key, then one line per
source file, `[name and digest, draft, state]`. A line depends on its source's bytes and the
code key alone, so a rebuild decodes only the lines of this build's sources, and writes the
lines of its unchanged sources back as they were read instead of encoding their drafts again
(at 60 reports, one changed: 0.08 s of CPU to encode them all).

`.build/lemmas.json` holds the lemmas of the words the previous builds looked up
(lang/morph.py), a function of the word and of pymorphy's dictionaries, which the code key
covers too: settling a release's organisation names needs a thousand of them.

`.build/` is not a download: no catalogue, checksum, passport or page names it, and
`roadmap-kg serve` serves no hidden file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from . import plain
from .extract.draft import Drafted
from .extract.registry import RegistryState
from .model import Report
from .publish.files import CACHE_FOLDER
from .settings import Settings

FOLDER = CACHE_FOLDER  # ".build"
DRAFTS = "drafts.json"
LEMMAS = "lemmas.json"
FORMAT = 2  # of the files in FOLDER: bumped when their layout changes
_PACKAGE = Path(__file__).resolve().parent
_STRING = json.JSONDecoder()


def previous_release(settings: Settings) -> Path:
    """The release a build is made over, whose cache it reads: the one in the output folder
    (updated in place), else, with --reuse, the release folder given with --previous (the
    new release is then written into a folder of its own, with the files it keeps linked
    from that one: StagedRelease.commit). Either is the publisher's own: what its cache says
    is taken as it is (a release given with --previous alone may come from elsewhere, and is
    only compared with)."""
    given = settings.previous
    if not settings.reuse_previous or given is None or not given.is_dir():
        return settings.out_dir
    if (settings.out_dir / FOLDER).is_dir():  # a release of ours there: updated in place
        return settings.out_dir
    return given


def over_out(settings: Settings) -> bool:
    """Whether the release the build is made over is the one in its output folder (then
    updated in place, when its cache is usable: pipeline.Caches.in_place)."""
    return previous_release(settings) == settings.out_dir


@dataclass(frozen=True)
class Previous:
    """What the previous release's cache offers this build."""

    drafts: Mapping[str, Drafted] = field(default_factory=dict)  # by source_key
    found: bool = False  # a cache of this code and reference data was there
    # the line of DRAFTS each of drafts was read from, by source_key (see drafts_file)
    lines: Mapping[str, bytes] = field(default_factory=dict)

    def kept(self, keys: Sequence[str | None]) -> dict[int, Drafted]:
        """The drafts this build can keep, by the index of their source file."""
        return {
            i: self.drafts[key]
            for i, key in enumerate(keys)
            if key is not None and key in self.drafts
        }


def load(release: Path, key: str, wanted: Collection[str | None] = ()) -> Previous:
    """The cache of the release in folder `release`, if made by code and data of key: the
    drafts of the source files of wanted (source_key), the others' lines left undecoded."""
    try:
        with (release / FOLDER / DRAFTS).open("rb") as file:
            header = json.loads(file.readline())
            if not isinstance(header, dict) or header != {"format": FORMAT, "key": key}:
                return Previous()
            lines = _wanted_lines(file, set(wanted))
        drafts = {name: _decoded(line) for name, line in lines.items()}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return Previous()  # no cache, or none this build can trust: a full build
    return Previous(drafts=drafts, found=True, lines=lines)


def _wanted_lines(file: IO[bytes], wanted: set[str | None]) -> dict[str, bytes]:
    """The lines of an open DRAFTS after its first, by the source_key each begins with, of
    the source files in wanted."""
    lines = {}
    for line in file:
        text = line.rstrip(b"\n").decode("utf-8")
        if not text.startswith("["):
            raise ValueError("not a line of drafts")
        name, _ = _STRING.raw_decode(text, 1)  # the source's key only, not the whole line
        if name in wanted:
            lines[plain.decode(str, name)] = line.rstrip(b"\n")
    return lines


def _decoded(line: bytes) -> Drafted:
    entry = json.loads(line)
    if type(entry) is not list or len(entry) != 3:
        raise ValueError("not a line of drafts")
    return plain.decode(Report, entry[1]), plain.decode(RegistryState, entry[2])


def drafts_file(
    keys: Sequence[str | None],
    drafted: Sequence[Drafted],
    key: str,
    lines: Mapping[str, bytes] | None = None,
) -> list[bytes]:
    """The text of DRAFTS for the drafts of this build's source files, a line at a time (68 MB
    at 50,000 events: never joined into one). lines: those of the previous cache
    (Previous.lines), written back as read for the sources whose drafts were kept: a line is
    the same function of its source's bytes and of key as the encoding here."""
    lines = lines or {}
    header = json.dumps({"format": FORMAT, "key": key}, separators=(",", ":")).encode()
    out = [header]
    for name, (draft, state) in zip(keys, drafted, strict=True):
        if name is None:
            continue
        line = lines.get(name)
        if line is None:
            entry = [name, plain.encode(draft), plain.encode(state)]
            line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        out.append(line)
    return [piece for line in out for piece in (line, b"\n")]


def load_lemmas(release: Path, key: str) -> dict[str, str]:
    """The lemmas the cache of the release in folder `release` holds, if made by code and data
    of key (else none: a damaged or foreign file is no error)."""
    try:
        document = json.loads((release / FOLDER / LEMMAS).read_bytes())
        if not isinstance(document, dict) or document.get("key") != key:
            return {}
        if document.get("format") != FORMAT:
            return {}
        return plain.decode(dict[str, str], document["lemmas"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}


def lemmas_file(lemmas: Mapping[str, str], key: str) -> bytes:
    """The text of LEMMAS: words and their lemmas, by word."""
    document = {"format": FORMAT, "key": key, "lemmas": sorted(lemmas.items())}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


Content = bytes | Iterable[bytes] | BinaryIO  # a cache file's bytes, in pieces, or spooled


def write(release: Path, files: Mapping[str, Content]) -> None:
    """Write the cache files into release/FOLDER, each replaced whole (a build stopped
    half-way leaves the old file or the new, never a part); a file given in pieces is written
    as they are made, one spooled (spool) copied from where it waits."""
    folder = release / FOLDER
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        os.fchmod(handle, 0o644)  # as the release's other files
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            elif isinstance(data, io.IOBase):
                with data:
                    shutil.copyfileobj(data, out, _COPIED)
            else:
                out.writelines(data)
        os.replace(temporary, folder / name)


_COPIED = 1 << 20  # bytes at a time, copying a spooled file


def spool(files: Mapping[str, bytes | Iterable[bytes]]) -> dict[str, BinaryIO]:
    """The cache files made now and written later, each waiting in a temporary file of its
    own (unnamed: gone with the build, however it ends) rather than in memory: the drafts
    of 50,000 events are 68 MB, made as the pages begin and written as the build ends."""
    spooled: dict[str, BinaryIO] = {}
    for name, data in files.items():
        waiting = tempfile.TemporaryFile()  # noqa: SIM115 - returned open; write() closes it
        if isinstance(data, bytes):
            waiting.write(data)
        else:
            waiting.writelines(data)
        waiting.seek(0)
        spooled[name] = cast(BinaryIO, waiting)
    return spooled


def remove(release: Path, names: Iterable[str]) -> None:
    for name in names:
        (release / FOLDER / name).unlink(missing_ok=True)


def source_key(path: Path) -> str | None:
    """A source file's name and the SHA-256 of its bytes (None if it cannot be read: reading
    it will say why)."""
    try:  # opened without waiting (a named pipe), hashed only if it is a regular file
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return None
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        except OSError:
            return None
    return f"{path.name}\t{digest}"


def pages_key(settings: Settings) -> str:
    """What the pages depend on besides the data: code and templates, the ontology, the
    catalogue settings (titles, licence in every footer) and the base IRI."""
    digest = hashlib.sha256(code_key(settings.ontology_dir).encode())
    try:
        digest.update(settings.config_path.read_bytes())
    except OSError:
        return ""  # reading the settings will say why
    digest.update(settings.base_iri.encode("utf-8"))
    return digest.hexdigest()


def code_key(*folders: Path) -> str:
    """A digest of this package's code, templates and data, of the given folders (the
    reference data) and of the morphology dictionaries: a cache made by other code or data
    is not used."""
    digest = hashlib.sha256(f"{FORMAT} {_dependencies()}".encode())
    digest.update(_package_digest().encode())
    for folder in folders:
        digest.update(_folder_digest(folder).encode())
    return digest.hexdigest()


@cache
def _package_digest() -> str:
    return _folder_digest(_PACKAGE)


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _dependencies() -> str:
    versions: list[Any] = []
    for name in ("pymorphy3", "pymorphy3-dicts-ru"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} none")
    return ", ".join(versions)
