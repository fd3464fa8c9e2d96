"""Benchmark: a release in triple stores, as a user runs the commands (issue 14).

A generated release of BENCH_STORE_REPORTS reports (default 60: 3,000 events, organisations
recurring across roadmaps) is published into the Oxigraph server (PyPI `oxigraph`) with and
without --union-default-graph, and into Debian's Virtuoso in its stock configuration when
`virtuoso-t` is installed. Per store: the wall time of `roadmap-kg publish` the first time,
again unchanged, after one report changed, and with --all (every graph sent, as publish did
before it compared hashes), five times each to show whether the store slows as it is
rewritten; then the heavy canned queries through `--endpoint` against the same query on
`--data dataset.trig` (parse included), median of three runs, and whether the rows agree.

    python bench/stores.py            # or as part of `make bench` (BENCH_STORES=0 skips it)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
CLI = str(BIN / "roadmap-kg")
HEAVY = (
    "organisations-by-activity",
    "region-partners",
    "bodies-by-partner-regions",
    "organisations-in-several-roadmaps",
)
REPEAT = 5


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int) -> None:
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


@contextmanager
def oxigraph(folder: Path, union: bool) -> Iterator[tuple[str, str]]:
    port = _free_port()
    command = [str(BIN / "oxigraph"), "serve", "--location", str(folder)]
    command += ["--bind", f"127.0.0.1:{port}"] + (["--union-default-graph"] if union else [])
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port)
        yield f"http://127.0.0.1:{port}/store", f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def virtuoso(folder: Path) -> Iterator[tuple[str, str]]:
    """Debian's Virtuoso with only its database folder and ports changed (tests/conftest.py)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import VIRTUOSO_INI, virtuoso_ini

    sql, http = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_ini(VIRTUOSO_INI.read_text(), folder, sql, http))
    log = folder / "console.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        while b"Server online at" not in log.read_bytes():
            if process.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace")[-2000:])
            time.sleep(0.1)
        base = f"127.0.0.1:{http}"
        yield f"http://dba:dba@{base}/sparql-graph-crud-auth", f"http://{base}/sparql"
    finally:
        process.terminate()
        process.wait(timeout=60)


def _timed(*args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([CLI, *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"roadmap-kg {' '.join(args[:2])}: {done.stderr.strip()}")
    return wall, done.stdout


def _changed_copy(release: Path, into: Path, mark: str) -> Path:
    """The release with the name of the first event of its last report graph changed."""
    copy = into / f"changed-{mark}"
    if not copy.exists():
        shutil.copytree(release, copy)
    trig = copy / "dataset.trig"
    text = (release / "dataset.trig").read_text(encoding="utf-8")
    at = text.index('schema:name "', text.rindex("/id/report/")) + len('schema:name "')
    trig.write_text(text[:at] + f"{mark}: " + text[at:], encoding="utf-8")
    return copy


def publishing(release: Path, store: str, scratch: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"first": [], "unchanged": [], "one changed": [], "--all": []}
    times["first"].append(_timed("publish", str(release), "--store", store)[0])
    for round_ in range(REPEAT):
        times["unchanged"].append(_timed("publish", str(release), "--store", store)[0])
        changed = _changed_copy(release, scratch, f"v{round_}")
        times["one changed"].append(_timed("publish", str(changed), "--store", store)[0])
    for _ in range(REPEAT):
        times["--all"].append(_timed("publish", str(release), "--store", store, "--all")[0])
    return times


def querying(release: Path, endpoint: str) -> list[tuple[str, float, float, bool]]:
    rows = []
    for name in HEAVY:
        local, remote = [], []
        for _ in range(3):
            wall, here = _timed(
                "query", name, "--data", str(release / "dataset.trig"), "--format", "json"
            )
            local.append(wall)
            wall, there = _timed("query", name, "--endpoint", endpoint, "--format", "json")
            remote.append(wall)
        same = json.loads(here) == json.loads(there)
        rows.append((name, statistics.median(local), statistics.median(remote), same))
    return rows


def main() -> None:
    sys.path.insert(0, str(HERE))
    from generate import generate

    reports = int(os.environ.get("BENCH_STORE_REPORTS", "60"))
    stores = [("Oxigraph --union-default-graph", "union"), ("Oxigraph (default)", "plain")]
    if shutil.which("virtuoso-t"):
        stores.append(("Virtuoso 7.2 (stock)", "virtuoso"))
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        generate(reports, scratch / "corpus")
        release = scratch / "dist"
        sources = sorted(str(p) for p in (scratch / "corpus").glob("*.txt"))
        subprocess.run(
            [CLI, "build", *sources, "--out", str(release), "--no-pages", "-q"], check=True
        )
        print(
            f"stores: {reports} reports, {len(sources) * 50:,} events (median of 3 runs; "
            f"publish rounds 1..{REPEAT})"
        )
        for label, kind in stores:
            folder = scratch / kind
            folder.mkdir()
            server = virtuoso(folder) if kind == "virtuoso" else oxigraph(folder, kind == "union")
            with server as (store, endpoint):
                times = publishing(release, store, scratch)
                answers = querying(release, endpoint)
            print(f"\n{label}")
            for what, walls in times.items():
                print(f"  publish {what:<12} " + "  ".join(f"{w:6.2f} s" for w in walls))
            for name, local, remote, same in answers:
                print(
                    f"  {name:<36} local {local:6.2f} s  --endpoint {remote:6.2f} s  "
                    f"({remote / local:4.2f}×)  {'same rows' if same else 'ROWS DIFFER'}"
                )


if __name__ == "__main__":
    main()
