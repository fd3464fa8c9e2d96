"""Reports written by other hands (tests/fixtures/family/: the St Petersburg side on a
republic with a responsible-body column, an autonomous okrug's side, a third layout), built
into one release as a portal would, and asked the users' questions.

Each report's facts sidecar (X.expected.json, written by hand with the report) says which
rows answer "conferences hosted by St Petersburg State University or one of its units with
participants from the partner region", where its organisations are, and which are units of
which. The per-field accuracy of the same reports is checked in tests/test_annotations.py.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from roadmap_kg.lang.names import match_key
from roadmap_kg.pipeline import build
from roadmap_kg.query import bindings, load_queries, load_store, run_local, with_values
from roadmap_kg.settings import Settings, resource_dir

from conftest import FIXTURES, SEED

FAMILY = FIXTURES / "family"
# every report of the family folder, and the held-out reports that have a facts sidecar
REPORTS = [
    path
    for folder in (FAMILY, FIXTURES / "heldout", FIXTURES / "abroad")
    for path in sorted(folder.iterdir())
    if path.suffix in (".txt", ".docx") and path.with_suffix(".expected.json").exists()
]
LIBRARY = load_queries(resource_dir("queries"))
SPBU = "sankt-peterburgskiy-gosudarstvennyy-universitet"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
RM = "https://w3id.org/roadmap-kg/ontology#"


def facts(report: Path) -> dict[str, Any]:
    return json.loads(report.with_suffix(".expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    out = tmp_path_factory.mktemp("family") / "dist"
    result = build(Settings(sources=(SEED, *REPORTS), out_dir=out, pages=False))
    assert result.validation.conforms
    return load_store([out / "dataset.trig"])


def first_lines(store: ox.Store, name: str, **params: str) -> list[tuple[str, int]]:
    """(source file, first line) of each event a canned query returns."""
    query = LIBRARY[name]
    found = run_local(with_values(query.text, bindings(query, params)), store)
    events = sorted({row["event"]["value"] for row in found["results"]["bindings"]})
    lines = []
    for event in events:
        (solution,) = store.query(
            f"SELECT DISTINCT ?file ?line WHERE {{ <{event}> <{PROV}wasDerivedFrom> ?row . "
            f"?row <{RM}sourceFile> ?file ; <{RM}firstLine>|<{RM}firstRow> ?line }}"
        )
        lines.append((solution["file"].value, int(solution["line"].value)))
    return lines


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_spbu_conferences_with_participants_from_the_partner(store, report) -> None:
    expected = facts(report)
    (partner,) = [p for p in expected["parties"] if p != "RU-SPE"]
    found = first_lines(
        store, "hosted-events-with-participants-from", host=SPBU, region=partner, kind="conference"
    )
    assert sorted(line for file, line in found if file == report.name) == sorted(
        expected["spbu_conferences_with_partner_participants"]
    )


def test_the_seed_query_still_returns_exactly_its_conference(store) -> None:
    found = first_lines(store, "spbu-hosted-conferences-with-smolensk-participants")
    assert [line for file, line in found if file == SEED.name] == [174]  # 8–9 April, with SmolGU


def _organisations_by_name(store: ox.Store) -> dict[tuple[str, ...], str]:
    """Organisation IRIs by the match key of any of their names ('им. В.В.' = 'имени В. В.')."""
    names = store.query(
        f"SELECT ?org ?name WHERE {{ ?org a <{SCHEMA}Organization> ; <{SCHEMA}name>|"
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?name }"
    )
    return {match_key(row["name"].value): row["org"].value for row in names}


def _regions_of(store: ox.Store, org: str) -> set[str]:
    found = store.query(
        f"SELECT ?iso WHERE {{ <{org}> <{SCHEMA}location>/<{SCHEMA}containedInPlace>* ?r . "
        f"?r <{RM}isoCode> ?iso }}"
    )
    return {row["iso"].value for row in found}


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_organisations_are_placed_where_the_annotator_says(store, report) -> None:
    by_name = _organisations_by_name(store)
    expected = facts(report)["organisation_locations"]
    wrong, unplaced, missing = [], [], []
    for name, region in expected.items():
        org = by_name.get(match_key(name))
        if org is None:
            missing.append(name)
            continue
        regions = _regions_of(store, org)
        if not regions:
            unplaced.append(name)
        elif region not in regions:
            wrong.append(f"{name}: {sorted(regions)} (expected {region})")
    placed = len(expected) - len(missing) - len(unplaced) - len(wrong)
    print(f"\n{report.stem}: {placed}/{len(expected)} placed as annotated")
    assert wrong == []  # a wrong place is worse than none
    assert placed >= 0.9 * len(expected), (unplaced, missing)


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_units_belong_to_their_parents(store, report) -> None:
    by_name = _organisations_by_name(store)
    for unit, parent in facts(report).get("units", {}).items():
        if match_key(unit) not in by_name or match_key(parent) not in by_name:
            continue  # named otherwise, or a parent the report never names as a body
        parents = {
            row["p"].value
            for row in store.query(
                f"SELECT ?p WHERE {{ <{by_name[match_key(unit)]}> <{ORG}subOrganizationOf>+ ?p }}"
            )
        }
        assert by_name.get(match_key(parent)) in parents, unit


def test_several_responsible_bodies_reach_the_csv_and_the_pages(tmp_path) -> None:
    report = FAMILY / "spb-tatarstan-2022-spbside.txt"
    result = build(Settings(sources=(report,), out_dir=tmp_path / "dist"))
    assert result.validation.conforms
    bodies = "Комитет по науке и высшей школе Санкт-Петербурга | Комитет по внешним связям Санкт-Петербурга"
    with (tmp_path / "dist" / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["source"]: row for row in csv.DictReader(handle)}
    assert rows[f"{report.name}:36-43"]["responsible_body"] == bodies
    index = (tmp_path / "dist" / "site" / "index.html").read_text(encoding="utf-8")
    (line,) = [tr for tr in index.split("<tr") if "диалог двух столиц" in tr]
    assert "Комитет по науке и высшей школе" in line
    assert "Комитет по внешним связям" in line
