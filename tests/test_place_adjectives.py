"""Checks of data/reference/place-adjectives.csv on its own (see data/reference/README.md):
the adjective of a city or federal subject → the place it names, or nothing."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

REFERENCE = Path(__file__).parents[1] / "data" / "reference"
COLUMNS = ["adjective", "place", "status", "note"]
STATUSES = {"reviewed", "generated", "ambiguous"}


def read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read("place-adjectives.csv")


@pytest.fixture(scope="module")
def cities() -> dict[str, dict[str, str]]:
    return {r["key"]: r for r in read("cities.csv")}


@pytest.fixture(scope="module")
def regions() -> dict[str, dict[str, str]]:
    return {r["iso_code"]: r for r in read("regions.csv")}


@pytest.fixture(scope="module")
def table(rows) -> dict[str, dict[str, str]]:
    return {r["adjective"]: r for r in rows}


def region_of(place: str, cities) -> str:
    """The federal subject a place is in: itself for an ISO code."""
    return cities[place]["region_iso"] if place in cities else place


def test_columns_exactly():
    with (REFERENCE / "place-adjectives.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == COLUMNS


def test_file_is_utf8_with_lf_line_ends():
    data = (REFERENCE / "place-adjectives.csv").read_bytes()
    data.decode("utf-8")
    assert b"\r" not in data
    assert data.endswith(b"\n")


def test_statuses_and_notes(rows):
    for r in rows:
        assert r["status"] in STATUSES, r
        assert r["note"].strip(), r
        for value in r.values():
            assert value == value.strip(), r


def test_adjectives_are_lemmas(rows):
    for r in rows:
        adjective = r["adjective"]
        assert adjective == adjective.lower(), r
        assert "ё" not in adjective, r
        assert " " not in adjective, r
        # an adjective, or one with the river of a city "X-на-Y" (комсомольский-на-амуре)
        assert re.fullmatch(r"[а-я]+(?:-[а-я]+)*(?:ий|ый|ой)(?:-на-[а-я]+)?", adjective), r


def test_sorted_by_adjective_then_place(rows):
    keys = [(r["adjective"], r["place"]) for r in rows]
    assert keys == sorted(keys)


def test_places_exist(rows, cities, regions):
    # rows of places abroad name the cities and regions of foreign-cities.csv and
    # foreign-regions.csv; the coverage tests below are about Russia's federal subjects only
    abroad = {r["key"] for r in read("foreign-cities.csv")}
    abroad |= {r["iso_code"] for r in read("foreign-regions.csv")}
    for r in rows:
        if r["place"]:
            assert r["place"] in cities or r["place"] in regions or r["place"] in abroad, r


def test_cities_abroad_that_are_regions_are_named_by_iso_code(rows):
    city_regions = {
        r["iso_code"] for r in read("foreign-regions.csv") if r["type"].startswith("город")
    }
    for r in rows:
        assert r["place"].split("/")[0].upper() not in city_regions or "/" not in r["place"], r


def test_federal_cities_are_named_by_iso_code(rows, cities, regions):
    federal = {iso for iso, r in regions.items() if r["type"] == "город федерального значения"}
    for r in rows:
        if r["place"] in cities:
            assert cities[r["place"]]["region_iso"] not in federal, r


def test_ambiguous_rows_place_nothing(rows):
    for r in rows:
        if r["status"] == "ambiguous":
            assert r["place"] == "", r
        else:
            assert r["place"] != "", r


def test_one_row_per_adjective(rows):
    # Policy: one row per adjective. Where a city's adjective is also its region's, the
    # city is the row (it answers region queries too); places that do not contain each
    # other share no adjective: the row is ambiguous or names the intended place.
    seen: dict[str, str] = {}
    for r in rows:
        assert r["adjective"] not in seen, (r, seen.get(r["adjective"]))
        seen[r["adjective"]] = r["place"]


def test_every_federal_subject_is_covered(rows, cities, regions):
    covered = {region_of(r["place"], cities) for r in rows if r["place"]}
    assert set(regions) - covered == set()


def test_every_federal_subject_has_a_reviewed_row(rows, cities, regions):
    covered = {region_of(r["place"], cities) for r in rows if r["status"] == "reviewed"}
    assert set(regions) - covered == set()


def test_large_cities_are_placed_or_explained(rows, cities, regions):
    # Every city of 100,000 or more is placed by a reviewed row, or an ambiguous row says
    # why its adjective places nothing (naming its key in the note).
    federal = {iso for iso, r in regions.items() if r["type"] == "город федерального значения"}
    reviewed = {r["place"] for r in rows if r["status"] == "reviewed"}
    explained = " ".join(r["note"] for r in rows if r["status"] == "ambiguous")
    for key, city in cities.items():
        if int(city["population"] or 0) < 100_000:
            continue
        place = city["region_iso"] if city["region_iso"] in federal else key
        assert place in reviewed or key in explained, key


@pytest.mark.parametrize(
    ("adjective", "place"),
    [
        ("казанский", "ru-ta/kazan"),
        ("татарстанский", "RU-TA"),
        ("тверской", "ru-tve/tver"),
        ("югорский", "RU-KHM"),
        ("ханты-мансийский", "ru-khm/khanty-mansiysk"),
        ("смоленский", "ru-smo/smolensk"),
        ("петербургский", "RU-SPE"),
        ("санкт-петербургский", "RU-SPE"),
        ("ленинградский", "RU-LEN"),
        ("марийский", "RU-ME"),
        ("московский", "RU-MOW"),
        ("подмосковный", "RU-MOS"),
        ("башкирский", "RU-BA"),
        ("башкортостанский", "RU-BA"),
        ("якутский", "ru-sa/yakutsk"),
        ("кузбасский", "RU-KEM"),
        ("кемеровский", "ru-kem/kemerovo"),
        ("ямальский", "RU-YAN"),
        ("нижегородский", "ru-niz/nizhniy-novgorod"),
        ("новгородский", "ru-ngr/velikiy-novgorod"),
        ("челнинский", "ru-ta/naberezhnye-chelny"),
        ("орловский", "ru-orl/orel"),
        ("севастопольский", "UA-40"),
        ("крымский", "UA-43"),
    ],
)
def test_required_rows(table, adjective, place):
    row = table[adjective]
    assert (row["place"], row["status"]) == (place, "reviewed")


@pytest.mark.parametrize(
    "adjective",
    [
        "северный", "уральский", "сибирский", "дальневосточный", "южный", "центральный",
        "приволжский", "российский", "волжский", "советский", "кавказский", "приморский",
        "октябрьский", "братский", "королевский", "еврейский", "железногорский",
    ],
)  # fmt: skip
def test_generic_adjectives_place_nothing(table, adjective):
    assert table[adjective]["status"] == "ambiguous"
    assert table[adjective]["place"] == ""
