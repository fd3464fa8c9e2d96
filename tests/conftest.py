"""Shared fixtures: the reference data, the seed report extracted once, its graph, a
release of several reports; helpers to run the Oxigraph server on 127.0.0.1."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from roadmap_kg.extract import extract_report
from roadmap_kg.model import Report, SourceRef
from roadmap_kg.query import load_queries
from roadmap_kg.rdf import to_graph
from roadmap_kg.read import read_source
from roadmap_kg.reference import Reference
from roadmap_kg.serve import ReleaseServer
from roadmap_kg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "source" / "000_5ce0ec11d6e227b6.txt"
FIXTURES = ROOT / "tests" / "fixtures"
# the seed and the four annotated fixture reports: five report graphs, three roadmaps
MULTI_SOURCES = (SEED, *sorted((FIXTURES / "reports").glob("*.txt")))
# the Oxigraph server of the PyPI package `oxigraph` (a test dependency), beside our Python
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
# seconds: a server, a command or a worker that takes longer is taken to hang. Generous, so
# that a loaded machine never fails a test; deadlines only catch hangs, never measure speed.
HANG = 60.0


def free_port() -> int:
    """A port nothing listens on now, which another program may take before ours binds it:
    only for servers that cannot be asked for port 0 and tell which port they got (Virtuoso's
    ports are written into its configuration file), and these are started again on a clash."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def refused_port() -> Iterator[int]:
    """A port on 127.0.0.1 where every connection is refused while the block runs: bound but
    never listening, so that no other program can start listening there meanwhile."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def listening_port(process: subprocess.Popen[bytes], seconds: float = HANG) -> int:
    """The TCP port a server started with `--bind 127.0.0.1:0` listens on. The Oxigraph server
    binds port 0 but prints `:0` as its address, so the port is read back from the sockets the
    process holds (Linux's /proc): no other program can take it between our choice and its bind."""
    sockets_of = Path(f"/proc/{process.pid}/fd")
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        inodes = set()
        for fd in sockets_of.iterdir():
            with suppress(OSError):  # a descriptor closed while we look
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[len("socket:[") : -1])
        for table in Path(f"/proc/{process.pid}/net/tcp"), Path(f"/proc/{process.pid}/net/tcp6"):
            for line in table.read_text().splitlines()[1:] if table.exists() else []:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                    return int(fields[1].rsplit(":", 1)[1], 16)
        time.sleep(0.02)
    raise RuntimeError(f"{process.args!r} listens on no port (exit code {process.poll()})")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def reference(settings: Settings) -> Reference:
    return Reference(settings.reference_dir)


@pytest.fixture(scope="session")
def seed_report(reference: Reference) -> Report:
    return extract_report(read_source(SEED), reference)


def assert_same_release(
    report: Report, expected: Report, file: str, reader_warnings: int = 0
) -> None:
    """report, read from another format of expected's source, says the same field by field
    (names, dates, places, organisations, plan items, counts, kinds); only provenance differs,
    and the reader's own warnings come first."""
    assert (report.title, report.roadmap, report.year, report.reporting_region) == (
        expected.title,
        expected.roadmap,
        expected.year,
        expected.reporting_region,
    )
    assert len(report.events) == len(expected.events)
    for got, want in zip(report.events, expected.events, strict=True):
        assert replace(got, source=NOWHERE) == replace(want, source=NOWHERE), want.source
        assert got.source.file == file
    assert report.organisations == expected.organisations
    assert report.places == expected.places
    assert [w.message for w in report.warnings[reader_warnings:]] == [
        w.message for w in expected.warnings
    ]
    assert without_provenance(to_graph([report])) == without_provenance(to_graph([expected]))


NOWHERE = SourceRef("-", 1, 1)


def without_provenance(graph: Graph) -> set[tuple[object, object, object]]:
    """The triples that say nothing about where a fact was read: no source rows, no file."""
    source_rows = {s for s in graph.subjects() if "/id/source/" in str(s)}
    file = URIRef("http://purl.org/dc/terms/source")
    return {
        (s, p, o)
        for s, p, o in graph
        if s not in source_rows and o not in source_rows and p != file
    }


@pytest.fixture(scope="session")
def seed_graph(seed_report: Report) -> Graph:
    graph: Graph = to_graph([seed_report])
    return graph


@pytest.fixture(scope="session")
def multi_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A conforming release built from MULTI_SOURCES (built once, not to be changed)."""
    from roadmap_kg.pipeline import build

    out = tmp_path_factory.mktemp("multi-release") / "dist"
    result = build(Settings(sources=MULTI_SOURCES, out_dir=out))
    assert result.validation.conforms, [str(v) for v in result.validation.violations]
    return out


# --- Debian's Virtuoso, stock configuration but for its database folder and ports ----------

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_DB = "/var/lib/virtuoso-opensource-7/db"


def virtuoso_ini(stock: str, folder: Path, sql_port: int, http_port: int) -> str:
    """Debian's virtuoso.ini with only the database paths and the ports changed."""
    text = stock.replace(VIRTUOSO_DB, str(folder))
    sections = re.split(r"(?m)^(?=\[)", text)
    out = []
    for section in sections:
        if section.startswith("[Parameters]"):
            section = re.sub(
                r"(?m)^ServerPort\s*=.*$", f"ServerPort = 127.0.0.1:{sql_port}", section
            )
            section = re.sub(r"(?m)^(DirsAllowed\s*=.*)$", rf"\1, {folder}", section)
        elif section.startswith("[HTTPServer]"):
            section = re.sub(
                r"(?m)^ServerPort\s*=.*$", f"ServerPort = 127.0.0.1:{http_port}", section
            )
        elif section.startswith("[URIQA]"):
            section = re.sub(
                r"(?m)^DefaultHost\s*=.*$", f"DefaultHost = 127.0.0.1:{http_port}", section
            )
        out.append(section)
    return "".join(out)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throw-away Virtuoso on 127.0.0.1: its HTTP base URL. Skipped where Debian's
    virtuoso-opensource is not installed, except in CI (CI is set), which installs it."""
    import shutil

    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.is_file():
        if "CI" in os.environ:
            pytest.fail("CI is set but virtuoso-t is not installed: .ci/run installs it")
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso-db")
    process, http_port = start_virtuoso(binary, folder)
    try:
        yield f"http://127.0.0.1:{http_port}"
    finally:
        process.terminate()
        process.wait(timeout=HANG)


def start_virtuoso(
    binary: str, folder: Path, tries: int = 3
) -> tuple[subprocess.Popen[bytes], int]:
    """Virtuoso on two ports that were free a moment before (its configuration file names them,
    it cannot be given port 0): started again on other ports when another program took one of
    them meanwhile. The process and its HTTP port."""
    for _ in range(tries):
        sql_port, http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(virtuoso_ini(VIRTUOSO_INI.read_text(), folder, sql_port, http_port))
        log = folder / "console.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(ini)],
                cwd=folder,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if _online(process, log):
            return process, http_port
        process.kill()
        process.wait()
        if not re.search(rb"Failed .*listen", log.read_bytes()):
            break  # not a port clash ("Failed HTTP listen at …"): another try would fail alike
    raise RuntimeError(f"Virtuoso did not start: {log.read_text(errors='replace')[-2000:]}")


def _online(process: subprocess.Popen[bytes], log: Path, seconds: float = 90) -> bool:
    """Whether Virtuoso says it is online before it exits or the time (a hang's) is up."""
    deadline = time.monotonic() + seconds
    while b"Server online at" not in log.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@contextmanager
def serving(folder: Path) -> Iterator[ReleaseServer]:
    """`roadmap-kg serve` of a release folder on a free loopback port, in a thread of this
    process, with the library's queries; stopped on leaving."""
    settings = Settings()
    running = ReleaseServer(
        folder, load_queries(settings.queries_dir), ("127.0.0.1", 0), settings.base_iri
    )
    thread = threading.Thread(target=running.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.shutdown()
        running.server_close()
