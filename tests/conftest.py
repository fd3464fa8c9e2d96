"""Shared fixtures: the reference data, the seed report extracted once, its graph."""

from __future__ import annotations

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
