"""Shared fixtures: the reference data, the seed report extracted once, its graph, a
release of several reports; helpers to run the Oxigraph server on 127.0.0.1."""

from __future__ import annotations

import socket
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from roadmap_kg.extract import extract_report
from roadmap_kg.model import Report, SourceRef
from roadmap_kg.rdf import to_graph
from roadmap_kg.read import read_source
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "source" / "000_5ce0ec11d6e227b6.txt"
FIXTURES = ROOT / "tests" / "fixtures"
# the seed and the four annotated fixture reports: five report graphs, three roadmaps
MULTI_SOURCES = (SEED, *sorted((FIXTURES / "reports").glob("*.txt")))
# the Oxigraph server of the PyPI package `oxigraph` (a test dependency), beside our Python
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def reference(settings: Settings) -> Reference:
    return Reference(settings.reference_dir)


@pytest.fixture(scope="session")
def seed_report(reference: Reference):
    return extract_report(read_source(SEED), reference)


def assert_same_release(report: Report, expected: Report, file: str, reader_warnings: int = 0) -> None:
    """report, read from another format of expected's source, says the same field by field
    (names, dates, places, organisations, plan items, counts, kinds); only provenance differs,
    and the reader's own warnings come first."""
    assert (report.title, report.roadmap, report.year, report.reporting_region) == (
        expected.title, expected.roadmap, expected.year, expected.reporting_region,
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


def without_provenance(graph: Graph) -> set[tuple]:
    """The triples that say nothing about where a fact was read: no source rows, no file."""
    source_rows = {s for s in graph.subjects() if "/id/source/" in str(s)}
    file = URIRef("http://purl.org/dc/terms/source")
    return {
        (s, p, o)
        for s, p, o in graph
        if s not in source_rows and o not in source_rows and p != file
    }


@pytest.fixture(scope="session")
def seed_graph(seed_report):
    return to_graph([seed_report])


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
    import re

    text = stock.replace(VIRTUOSO_DB, str(folder))
    sections = re.split(r"(?m)^(?=\[)", text)
    out = []
    for section in sections:
        if section.startswith("[Parameters]"):
            section = re.sub(r"(?m)^ServerPort\s*=.*$", f"ServerPort = 127.0.0.1:{sql_port}", section)
            section = re.sub(r"(?m)^(DirsAllowed\s*=.*)$", rf"\1, {folder}", section)
        elif section.startswith("[HTTPServer]"):
            section = re.sub(r"(?m)^ServerPort\s*=.*$", f"ServerPort = 127.0.0.1:{http_port}", section)
        elif section.startswith("[URIQA]"):
            section = re.sub(r"(?m)^DefaultHost\s*=.*$", f"DefaultHost = 127.0.0.1:{http_port}", section)
        out.append(section)
    return "".join(out)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory):
    """A throw-away Virtuoso on 127.0.0.1: its HTTP base URL. Skipped where Debian's
    virtuoso-opensource is not installed, except in CI (CI is set), which installs it."""
    import os
    import shutil
    import subprocess

    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.is_file():
        if "CI" in os.environ:
            pytest.fail("CI is set but virtuoso-t is not installed: .ci/run installs it")
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso-db")
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_ini(VIRTUOSO_INI.read_text(), folder, sql_port, http_port))
    log = folder / "console.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 90
        while b"Server online at" not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{http_port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
