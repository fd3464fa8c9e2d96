"""Serialise the release graph, and write a release atomically: files are written into a
fresh temporary folder and swapped in only when all of them are complete, so a failed build
never leaves half a release."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from ..rdf import PREFIXES, Triple, nt_line


def nt_lines(triples: Iterable[Triple]) -> list[str]:
    """The distinct triples as N-Triples lines, sorted: the stable order of every dump."""
    return sorted({nt_line(t) for t in triples})


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def write_ntriples(lines: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(lines)


def write_turtle(ntriples: Path, path: Path) -> None:
    """Turtle with the vocabulary's prefixes, a subject's triples together. Written by
    pyoxigraph from the sorted N-Triples file: many times faster than rdflib's writer."""
    triples = ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    assert data is not None  # serialize returns bytes when given no output
    # a blank line before each subject (and after the prefixes), for people reading it
    path.write_bytes(_SUBJECT_START.sub(b" .\n\n", data))


_SUBJECT_START = re.compile(rb" \.\n(?=[^\t@])")


def write_trig_lines(graphs: Iterable[tuple[str, list[str]]], path: Path) -> None:
    """TriG from each named graph's sorted N-Triples lines, written graph by graph (a
    release of any size needs the memory of one graph): the prefixes once, then each graph
    as pyoxigraph writes it."""
    prefixes = _prefixes()
    header: bytes | None = None
    with path.open("wb") as out:
        for name, lines in graphs:
            graph = f" <{name}> .\n"
            quads = "".join(line[:-3] + graph for line in lines).encode()
            parsed = ox.parse(quads, format=ox.RdfFormat.N_QUADS)
            data = ox.serialize(parsed, format=ox.RdfFormat.TRIG, prefixes=prefixes)
            assert data is not None
            body = _PREFIX_LINES.match(data)
            assert body is not None
            if header is None:
                header = body.group(0)
                out.write(header)
            assert body.group(0) == header  # every graph comes with the same prefixes
            out.write(data[body.end() :])


_PREFIX_LINES = re.compile(rb"(?:@prefix [^\n]*\n)*")


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
