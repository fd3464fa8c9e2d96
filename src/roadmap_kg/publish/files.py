"""Serialise the release graph. Files are written into a fresh temporary folder and swapped
in only when all of them are complete, so a failed build never leaves half a release."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..rdf import PREFIXES, Lit, Triple


def write_turtle(graph: Graph, path: Path) -> None:
    path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))


def write_trig(graphs: Iterable[tuple[URIRef, Iterable[Triple]]], path: Path) -> None:
    """TriG with one named graph per report, triples sorted so that output is stable.

    Written with pyoxigraph: rdflib's TriG writer is slower and calls deprecated API."""
    quads: list[ox.Quad] = []
    for name, triples in graphs:
        graph = ox.NamedNode(str(name))
        unique = {
            (ox.NamedNode(str(s)), ox.NamedNode(str(p)), _ox(o)) for s, p, o in triples
        }  # releases have no blank nodes: subjects and predicates are IRIs
        quads.extend(ox.Quad(s, p, o, graph) for s, p, o in sorted(unique, key=_order))
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    assert data is not None  # serialize returns bytes when given no output
    path.write_bytes(data)


def _ox(term: Node | Lit) -> ox.NamedNode | ox.Literal:
    if isinstance(term, Lit):
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        if term.datatype:
            return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term.value)
    if isinstance(term, str) and not isinstance(term, Literal):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"no blank nodes in a release: {term!r}")


def _order(triple: tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]) -> tuple[str, ...]:
    return tuple(str(term) for term in triple)


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

