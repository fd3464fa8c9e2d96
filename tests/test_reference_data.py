"""Consistency checks of the reference data in data/reference/ (see its README.md)."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
REFERENCE = ROOT / "data" / "reference"
SCRIPT = ROOT / "tools" / "make_reference.py"

ORG_TYPES = {
    "state-body", "university", "institute", "academy", "school", "museum", "library",
    "cultural-institution", "company", "public-institution", "association",
    "religious-organisation", "other",
}  # fmt: skip
REGION_TYPES = {
    "область", "край", "республика", "автономный округ", "автономная область",
    "город федерального значения",
}  # fmt: skip


def read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def split_aliases(value: str) -> list[str]:
    return [a.strip() for a in value.split(" | ") if a.strip()]


def load_script():
    spec = importlib.util.spec_from_file_location("make_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regions() -> list[dict[str, str]]:
    return read("regions.csv")


@pytest.fixture(scope="module")
def cities() -> list[dict[str, str]]:
    return read("cities.csv")


@pytest.fixture(scope="module")
def orgs() -> list[dict[str, str]]:
    return read("organisations.csv")


@pytest.fixture(scope="module")
def verified_qids() -> set[str]:
    entities = {r["wikidata"] for r in read("wikidata-entities.csv")}
    subjects = {r["wikidata"] for r in read("wikidata-federal-subjects.csv")}
    return entities | subjects


# --- regions ---------------------------------------------------------------------------
def test_regions_are_the_85_federal_subjects(regions):
    assert len(regions) == 85
    codes = [r["iso_code"] for r in regions]
    assert len(set(codes)) == 85
    assert codes == sorted(codes)
    for r in regions:
        assert r["name"].strip(), r
        assert r["short_name"].strip(), r
        assert r["okato"].isdigit(), r
        assert r["oktmo"].isdigit(), r
        assert r["type"] in REGION_TYPES, r


def test_region_names_spot_checks(regions):
    names = {r["iso_code"]: r["name"] for r in regions}
    assert names["RU-SMO"] == "Смоленская область"
    assert names["RU-SPE"] == "Санкт-Петербург"
    assert names["RU-KR"] == "Республика Карелия"
    assert names["RU-UD"] == "Удмуртская Республика"
    assert names["RU-KHM"] == "Ханты-Мансийский автономный округ — Югра"
    assert names["RU-SA"] == "Республика Саха (Якутия)"
    assert names["UA-40"] == "Севастополь"


# --- cities ----------------------------------------------------------------------------
def test_city_keys_unique_and_regions_exist(cities, regions):
    keys = [c["key"] for c in cities]
    assert len(set(keys)) == len(keys)
    assert keys == sorted(keys)
    isos = {r["iso_code"] for r in regions}
    for c in cities:
        assert c["region_iso"] in isos, c
        assert c["key"].startswith(c["region_iso"].lower() + "/"), c
        assert c["name"].strip(), c


def test_city_spot_checks(cities):
    by_key = {c["key"]: c for c in cities}
    assert by_key["ru-smo/smolensk"]["wikidata"] == "Q2337"
    assert by_key["ru-spe/sankt-peterburg"]["region_iso"] == "RU-SPE"
    assert "ru-mow/moskva" in by_key
    assert "ua-40/sevastopol" in by_key


# --- Wikidata --------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["regions.csv", "cities.csv", "organisations.csv"])
def test_wikidata_only_from_verified_lists(name, verified_qids):
    for row in read(name):
        if row["wikidata"]:
            assert row["wikidata"] in verified_qids, row


# --- organisations ---------------------------------------------------------------------
def test_organisation_keys_are_slugs_of_names(orgs):
    slugify = load_script().slugify
    keys = [o["key"] for o in orgs]
    assert len(set(keys)) == len(keys)
    assert keys == sorted(keys)
    for o in orgs:
        assert o["key"] == slugify(o["name"]), o


def test_organisation_parents_exist_without_cycles(orgs):
    parent = {o["key"]: o["parent"] for o in orgs}
    for key, p in parent.items():
        if p:
            assert p in parent, (key, p)
    for start in parent:
        seen = {start}
        node = parent[start]
        while node:
            assert node not in seen, f"cycle through {start}"
            seen.add(node)
            node = parent[node]


def test_organisation_aliases_do_not_collide(orgs):
    owner: dict[str, str] = {}
    for o in orgs:
        for label in {o["name"].lower(), *(a.lower() for a in split_aliases(o["aliases"]))}:
            assert owner.setdefault(label, o["key"]) == o["key"], (label, owner[label], o["key"])


def test_organisation_fields(orgs, regions, cities):
    # partner bodies abroad lie in the regions and cities of the files abroad
    isos = {r["iso_code"] for r in [*regions, *read("foreign-regions.csv")]}
    city_keys = {c["key"] for c in [*cities, *read("foreign-cities.csv")]}
    legal_forms = {r["abbreviation"] for r in read("legal-forms.csv")}
    for o in orgs:
        assert o["org_type"] in ORG_TYPES, o
        assert not o["region_iso"] or o["region_iso"] in isos, o
        assert not o["city_key"] or o["city_key"] in city_keys, o
        assert not o["legal_form"] or o["legal_form"] in legal_forms, o
        assert o["note"].startswith(("2021 report:", "not in the 2021 report")), o


def test_distinct_organisations_stay_distinct(orgs):
    keys = {o["key"] for o in orgs}
    for key in [
        "sankt-peterburgskiy-gosudarstvennyy-universitet",
        "sankt-peterburgskiy-gosudarstvennyy-universitet-promyshlennykh-tekhnologiy-i-dizayna",
        "sankt-peterburgskiy-gosudarstvennyy-arkhitekturno-stroitelnyy-universitet",
        "muzey-anny-akhmatovoy-v-fontannom-dome",
        "rossiyskiy-gosudarstvennyy-pedagogicheskiy-universitet-imeni-a-i-gertsena",
    ]:
        assert key in keys


def test_legal_forms_unique():
    rows = read("legal-forms.csv")
    abbreviations = [r["abbreviation"] for r in rows]
    assert len(set(abbreviations)) == len(abbreviations)
    assert all(r["meaning"].strip() for r in rows)


# --- the slug function -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Смоленск", "smolensk"),
        ("Санкт-Петербург", "sankt-peterburg"),
        ("Щёлково", "shchelkovo"),
        ("Подъячий Объезд", "podyachiy-obezd"),
        ("Смоленский областной информационный центр туризма «Смоленский терем»",
         "smolenskiy-oblastnoy-informatsionnyy-tsentr-turizma-smolenskiy-terem"),
        ("  Турцентр «На 7 холмах» ", "turtsentr-na-7-kholmakh"),
    ],
)  # fmt: skip
def test_slugify(text, slug):
    assert load_script().slugify(text) == slug


# --- regeneration ----------------------------------------------------------------------
def test_make_reference_is_reproducible(tmp_path):
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, cwd=ROOT)
    for name in ["regions.csv", "cities.csv"]:
        assert (tmp_path / name).read_bytes() == (REFERENCE / name).read_bytes(), name
