"""Shared fixtures: the reference data, the seed report extracted once, its graph, a
release of several reports; helpers to run the Oxigraph server on 127.0.0.1."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

from roadmap_kg.extract import extract_report
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
