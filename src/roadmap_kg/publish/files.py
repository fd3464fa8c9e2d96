"""Serialise the release graph, and write a release atomically: files are written into a
fresh temporary folder and swapped in only when all of them are complete, so a failed build
never leaves half a release."""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from ..terms import Triple, nt_term
from ..vocab import PREFIXES
from .nodes import Nodes
from .turtle import write_trig_lines, write_turtle_lines

CACHE_FOLDER = ".build"  # the build cache in a release (buildcache.py), none of its files
PAGES_CACHE = "pages.json"  # in CACHE_FOLDER: what each page showed (publish/site/reuse.py)


def _same_bytes(one: str | Path, other: str | Path) -> bool:
    return filecmp.cmp(one, other, shallow=False)


def nt_lines(triples: Iterable[Triple]) -> list[str]:
    """The distinct triples as N-Triples lines, sorted: the stable order of every dump."""
    lines: set[str] = set()
    add = lines.add
    for s, p, o in triples:
        if o.__class__ is str:  # an IRI (the common case, written without a call)
            add(f"<{s}> <{p}> <{o}> .\n")
        else:
            add(f"<{s}> <{p}> {nt_term(o)} .\n")
    return sorted(lines)


def subject_lines(nodes: Nodes) -> Iterator[str]:
    """The N-Triples lines of the nodes' triples, sorted and distinct (nt_lines of them all),
    made a subject at a time. A line begins with its subject as written, "<s>", and no IRI
    holds ">": so two subjects' lines sort as "s>" sorts, and the lines of all are each
    subject's sorted, the subjects in that order. At 50,000 events the lines of the whole
    release were 315 MB of text, held at once, with the union of them, while the
    N-Triples and TriG files were written: the largest part of the build's peak."""
    for subject in sorted(nodes, key=_written):
        lines: set[str] = set()
        add = lines.add
        for predicate, objects in nodes[subject].items():
            for o in objects:
                if o.__class__ is str:  # as nt_lines
                    add(f"<{subject}> <{predicate}> <{o}> .\n")
                else:
                    add(f"<{subject}> <{predicate}> {nt_term(o)} .\n")
        yield from sorted(lines)


def _written(subject: str) -> str:
    """What decides where a subject's N-Triples lines sort (subject_lines)."""
    return subject + ">"


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def write_ntriples(lines: Iterable[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(lines)


def write_turtle(lines: Iterable[str], path: Path) -> None:
    """Turtle with the vocabulary's prefixes from the sorted N-Triples lines, a subject's
    triples together and a blank line between subjects."""
    with path.open("w", encoding="utf-8") as out:
        write_turtle_lines(lines, _prefixes(), out)


def write_turtle_of_dump(ntriples: Path, path: Path) -> None:
    """Turtle of an N-Triples file write_ntriples wrote (sorted, distinct lines), read line
    by line: for a process that holds no triples (a line ends only at "\n": write_ntriples
    escapes every other line break a literal holds)."""
    with ntriples.open(encoding="utf-8", newline="\n") as lines:
        write_turtle(lines, path)


def write_trig(graphs: Iterable[tuple[str, list[str]]], path: Path) -> None:
    """TriG from each named graph's sorted N-Triples lines: the prefixes once, then each
    graph in braces."""
    with path.open("w", encoding="utf-8") as out:
        write_trig_lines(graphs, _prefixes(), out)


class ReleaseFiles(Sequence[Path]):
    """The files of a committed release, each a Path when taken out: kept as text (one
    string per file), made a Path only when asked for. A release with pages has tens of
    thousands of files: making every one a Path as the release was committed was 1.1 s of
    the serial end of a build of 15,000 events (cProfile), for a command that shows a few."""

    __slots__ = ("texts",)

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.texts = list(texts)

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> ReleaseFiles: ...

    def __getitem__(self, index: int | slice) -> Path | ReleaseFiles:
        if isinstance(index, slice):
            return ReleaseFiles(self.texts[index])
        return Path(self.texts[index])

    def __len__(self) -> int:
        return len(self.texts)

    def __iter__(self) -> Iterator[Path]:
        return map(Path, self.texts)

    def top(self) -> list[Path]:
        """The files directly in the release's folder (that of the first file), not in a
        folder of it (site/): found by their text, one separator more than the folder's."""
        if not self.texts:
            return []
        depth = os.path.dirname(self.texts[0]).count(os.sep) + 1
        return [Path(text) for text in self.texts if text.count(os.sep) == depth]


class StagedRelease:
    """A release being written into its staging folder beside out_dir; commit() puts it in
    out_dir's place, whole."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        prefix = f".{self.out_dir.name}."
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=self.out_dir.parent))
        self.committed = False

    def commit(
        self, written: Iterable[Path | str], in_place: bool = False, found: Found | None = None
    ) -> ReleaseFiles:
        """Replace out_dir by the staging folder; written (files in the staging folder, as
        Paths or text) are returned as they are found now, in out_dir. in_place: update
        out_dir instead (a rebuild over it), leaving its files whose bytes are those written
        untouched; then written may also name files of out_dir, kept as they are, and found
        may be what out_dir held when the build began (found_in), listed then once for both
        (the pages' cache looks its kept pages up in it). Not in place, written may name
        files of the release found lists (one given with --previous), kept as they are
        there: they are linked into the new release (_bring_in)."""
        written = list(written)
        if in_place and self.out_dir.is_dir():
            if found is None or found.root != str(self.out_dir):
                found = found_in(self.out_dir)
            release = self._update(written, found)
            self.committed = True
            shutil.rmtree(self.folder, ignore_errors=True)
            return release
        if found is not None:
            written = self._bring_in(written, found.root)
        os.chmod(self.folder, 0o755)  # mkdtemp makes it private; a release is for reading
        old = None
        if self.out_dir.exists():
            old_prefix = f".{self.out_dir.name}.old."
            old = Path(tempfile.mkdtemp(prefix=old_prefix, dir=self.out_dir.parent))
            self.out_dir.rename(old / self.out_dir.name)
        self.folder.rename(self.out_dir)
        self.committed = True
        if old is not None:
            remove_tree(old)
        staged, out = f"{self.folder}{os.sep}", f"{self.out_dir}{os.sep}"
        return ReleaseFiles(out + os.fspath(path)[len(staged) :] for path in written)

    def _bring_in(self, written: list[Path | str], other: str) -> list[Path | str]:
        """written, with its files of the release in `other` put in the staging folder where
        they belong: hard-linked (the same bytes, and the time they were written, as an
        update in place keeps them; roadmap-kg replaces a release's files, never writes into
        them, so neither release changes the other), or copied where the file system links
        no file there (another device)."""
        prefix, staged = other + os.sep, f"{self.folder}{os.sep}"
        made: set[str] = set()
        brought: list[Path | str] = []
        for path in written:
            text = os.fspath(path)
            if text.startswith(staged) or not text.startswith(prefix):
                brought.append(path)
                continue
            target = staged + text[len(prefix) :]
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            try:
                os.link(text, target, follow_symlinks=False)
            except OSError:
                shutil.copy2(text, target, follow_symlinks=False)
            brought.append(target)
        return brought

    def _update(self, written: list[Path | str], before: Found) -> ReleaseFiles:
        """out_dir made to hold exactly this release: each file written moved in where its
        bytes differ from the file there (so a web server's caches of the others stay valid),
        and files of the previous release this one does not have removed (the build cache
        in CACHE_FOLDER is the cache's own), with the folders they leave empty; the files of
        the release, in out_dir. Paths are handled as text: a release with pages has tens of
        thousands of files, and making a Path of each several times was most of the time a
        rebuild took to commit."""
        staged, out = f"{self.folder}{os.sep}", f"{self.out_dir}{os.sep}"
        wanted: set[str] = set()
        found: list[str] = []
        for path in written:
            text = os.fspath(path)
            if not text.startswith(staged):  # a file of out_dir, kept
                wanted.add(text)
                found.append(text)
                continue
            target = out + text[len(staged) :]
            wanted.add(target)
            found.append(target)
            _move_in(text, target)
        cache = out + CACHE_FOLDER
        left = [p for p in before.files if p not in wanted and not _within(p, cache)]
        for there in left:
            with contextlib.suppress(FileNotFoundError):  # in a folder a file replaced
                os.unlink(there)
        emptied = {os.path.dirname(p) for p in left}.union(before.empty)
        _remove_empty(emptied, str(self.out_dir), cache)
        return ReleaseFiles(found)


@dataclass(frozen=True, slots=True)
class Found:
    """What a folder held when it was listed (found_in), as text."""

    root: str
    files: list[str]  # everything but folders: files, links, …
    empty: list[str]  # folders that held nothing


def found_in(root: Path) -> Found:
    """Every file under root and every empty folder, listed by one scandir per folder: at
    26,000 files (3,000 events with pages, tmpfs) 0.06 s of CPU, where os.walk, which
    joins each name apart, took 0.10 s, and asking whether each of them is a file 0.07 s."""
    files: list[str] = []
    empty: list[str] = []
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                found = [(e.path, e.is_dir(follow_symlinks=False)) for e in entries]
        except OSError:  # gone or unreadable: as os.walk, nothing of it is listed
            continue
        if not found and folder != str(root):
            empty.append(folder)
        for path, is_folder in found:
            (folders if is_folder else files).append(path)
    return Found(str(root), files, empty)


def _remove_empty(folders: Iterable[str], root: str, keep: str) -> None:
    """Remove these folders where they are empty, and then their parents up to root (not
    root, nor keep)."""
    for folder in sorted(folders, key=lambda f: -f.count(os.sep)):  # the deepest first
        while folder != root and _within(folder, root) and not _within(folder, keep):
            try:
                os.rmdir(folder)
            except OSError:  # not empty: it holds files of the release
                break
            folder = os.path.dirname(folder)


def _move_in(path: str, target: str) -> None:
    """The file at path moved to target, unless target already holds the same bytes (a
    folder there is removed first)."""
    try:
        kind = os.lstat(target).st_mode
    except FileNotFoundError:
        kind = 0
    if stat.S_ISDIR(kind):
        shutil.rmtree(target)
    elif stat.S_ISREG(kind) and _same_bytes(path, target):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.replace(path, target)


def _within(path: str, folder: str) -> bool:
    """Whether path is folder or lies in it."""
    return path == folder or path.startswith(folder + os.sep)


def remove_tree(folder: Path) -> None:
    """Remove a folder and everything in it, ignoring errors. A release with pages holds tens
    of thousands of files; unlinking them is kernel work that releases the GIL, so the
    folders three levels down (site/id/event/…) are removed by four threads at once: the
    previous release of 3,000 events went in 1.3 s instead of 2.5 s (ext4 in a VM)."""
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(_remove_quietly, _folders_at(folder, 3)))
    _remove_quietly(folder)


def _remove_quietly(folder: str | Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _folders_at(folder: Path, depth: int) -> list[str]:
    """The folders `depth` levels below `folder` (not following links)."""
    level = [str(folder)]
    for _ in range(depth):
        below = []
        for parent in level:
            try:
                with os.scandir(parent) as entries:
                    below += [e.path for e in entries if e.is_dir(follow_symlinks=False)]
            except OSError:
                continue
        level = below
    return level


@contextmanager
def staged_release(out_dir: Path) -> Iterator[StagedRelease]:
    """A fresh staging folder beside out_dir, for the files of a release. Unless the release
    is committed before the block is left (on an error, or when the data does not conform),
    the folder is removed and out_dir stays as it was."""
    staged = StagedRelease(out_dir)
    try:
        yield staged
    finally:
        if not staged.committed:
            remove_tree(staged.folder)
