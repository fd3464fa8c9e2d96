"""Serialise the release graph, and write a release atomically: files are written into a
fresh temporary folder and swapped in only when all of them are complete, so a failed build
never leaves half a release."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from itertools import chain
from pathlib import Path

from ..rdf import Triple, nt_term
from ..vocab import PREFIXES
from .turtle import write_trig_lines, write_turtle_lines


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


def union_lines(sorted_runs: Iterable[list[str]]) -> list[str]:
    """The distinct lines of several sorted lists, sorted (the lists are runs that Python's
    sort merges instead of sorting anew)."""
    return list(dict.fromkeys(sorted(chain.from_iterable(sorted_runs))))


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def write_ntriples(lines: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(lines)


def write_turtle(lines: list[str], path: Path) -> None:
    """Turtle with the vocabulary's prefixes from the sorted N-Triples lines, a subject's
    triples together and a blank line between subjects."""
    with path.open("w", encoding="utf-8") as out:
        write_turtle_lines(lines, _prefixes(), out)


def write_trig(graphs: Iterable[tuple[str, list[str]]], path: Path) -> None:
    """TriG from each named graph's sorted N-Triples lines: the prefixes once, then each
    graph in braces."""
    with path.open("w", encoding="utf-8") as out:
        write_trig_lines(graphs, _prefixes(), out)


def atomic_release(
    out_dir: Path,
    write: Callable[[Path], list[Path]],
    keep: Callable[[], bool] = lambda: True,
) -> list[Path]:
    """Run write(tmp) in a temporary folder beside out_dir, then, if keep() agrees, replace
    out_dir by it; otherwise drop it and leave out_dir as it was (return no files)."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        written = write(staging)
        if not keep():
            shutil.rmtree(staging, ignore_errors=True)
            return []
        os.chmod(staging, 0o755)
        old = None
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
            out_dir.rename(old / out_dir.name)
        staging.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / p.relative_to(staging) for p in written]
