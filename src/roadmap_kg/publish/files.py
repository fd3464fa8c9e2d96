"""Serialise the release graph. Files are written into a fresh temporary folder and swapped
in only when all of them are complete, so a failed build never leaves half a release."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph


def write_turtle(graph: Graph, path: Path) -> None:
    data = graph.serialize(format="turtle", encoding="utf-8")
    path.write_bytes(data)


def atomic_release(out_dir: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Run write(tmp) in a temporary folder beside out_dir, then replace out_dir by it."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        written = write(staging)
        os.chmod(staging, 0o755)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old")
            if old.exists():
                shutil.rmtree(old)
            out_dir.rename(old)
        staging.rename(out_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / p.relative_to(staging) for p in written]
