"""Partners abroad: the regions and cities of foreign-regions.csv, foreign-cities.csv and
countries.csv (see data/reference/README.md), found in titles, venues and body names as
Russia's are, and placed city → region → country."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import Namespace, URIRef
from rdflib.namespace import RDF

from roadmap_kg.extract.title import parse_title
from roadmap_kg.ids import slug
from roadmap_kg.model import Organization, Report, SourceRef
from roadmap_kg.rdf import to_graph
from roadmap_kg.reference import COUNTRY_KEYS, Reference, _geo_key
from roadmap_kg.settings import resource_dir
from roadmap_kg.validate import load_shapes, validate

from inline import inline_report

REFERENCE = Path(__file__).parents[1] / "data" / "reference"
SCHEMA = Namespace("https://schema.org/")
BASE = "https://w3id.org/roadmap-kg/id/"
GOMEL_TITLE = (
    "Отчет об исполнении в 2022 году Плана мероприятий «дорожной карты» по развитию "
    "сотрудничества между Санкт-Петербургом и Гомельской областью Республики Беларусь "
    "на 2022–2024 годы"
)
KARAGANDA_TITLE = (
    "Отчет об исполнении в 2023 году Плана мероприятий по реализации Соглашения между "
    "Санкт-Петербургом и Карагандинской областью Республики Казахстан на 2023-2025 годы"
)
COLUMNS = (
    "№ п/п",
    "Наименование мероприятия",
    "Сроки проведения",
    "Место проведения",
    "Участники",
    "Ответственный исполнитель",
    "Информация об исполнении",
)


def read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def report(reference: Reference, title: str, venue: str, participants: str) -> Report:
    """A one-row report (cells in COLUMNS order)."""
    cells = (
        "1.1",
        "Научная конференция «Наука без границ»",
        "12 октября 2022 года",
        venue,
        participants,
        "Комитет по науке и высшей школе",
        "Проведена",
    )
    return inline_report(reference, title, COLUMNS, cells)


def orgs(found: Report) -> dict[str, Organization]:
    return {org.name: org for org in found.organisations}


def chain(found: Report, key: str) -> list[str]:
    """A place's key and the keys of the places it lies in, innermost first."""
    places = {p.key: p for p in found.places}
    keys = [key]
    while places[keys[-1]].parent:
        keys.append(places[keys[-1]].parent)
    return keys


# --- titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "parties"),
    [
        (GOMEL_TITLE, ("BY-HO", "RU-SPE")),
        (KARAGANDA_TITLE, ("KZ-35", "RU-SPE")),
        # Минском is also a form of the adjective минский
        (
            "Отчет за 2022 год о сотрудничестве между Санкт-Петербургом и Минском "
            "на 2022-2024 годы",
            ("BY-HM", "RU-SPE"),
        ),
        (
            "Отчет за 2022 год о сотрудничестве между Санкт-Петербургом и Минской областью "
            "на 2022-2024 годы",
            ("BY-MI", "RU-SPE"),
        ),
        (
            "Отчет за 2022 год о сотрудничестве между Санкт-Петербургом и Витебской областью "
            "Республики Беларусь на 2021-2023 годы",
            ("BY-VI", "RU-SPE"),
        ),
        (
            "Отчет за 2022 год о сотрудничестве между Санкт-Петербургом и городом Алматы "
            "на 2022-2024 годы",
            ("KZ-75", "RU-SPE"),
        ),
        (
            "Отчет за 2022 год о сотрудничестве между Санкт-Петербургом и Самаркандской областью "
            "Республики Узбекистан на 2022-2024 годы",
            ("RU-SPE", "UZ-SA"),
        ),
    ],
)
def test_a_partner_abroad_is_found_in_the_title_beside_its_country(reference, title, parties):
    # the country's name is neither a region nor a third party
    _, roadmap = parse_title(title, SourceRef("inline.txt", 1, 1), reference)
    assert roadmap.parties == parties


# --- venues and bodies --------------------------------------------------------------------


def test_a_town_of_the_partner_oblast_is_placed_in_it_and_in_belarus(reference):
    found = report(reference, GOMEL_TITLE, "г. Мозырь", "")
    event = found.events[0]
    assert "by-ho/mozyr" in event.locations
    assert chain(found, "by-ho/mozyr") == ["by-ho/mozyr", "by-ho", "by"]
    places = {p.key: p for p in found.places}
    assert (places["by-ho"].kind, places["by-ho"].iso_code) == ("region", "BY-HO")
    assert (places["by"].kind, places["by"].name) == ("country", "Республика Беларусь")


def test_an_oblast_executive_committee_is_an_organisation_in_its_city(reference):
    found = orgs(
        report(
            reference,
            GOMEL_TITLE,
            "г. Гомель",
            "Представители Гомельского облисполкома, Мозырского райисполкома",
        )
    )
    # the authority file names it in full, with the short name as an alias
    gomel = found["Гомельский областной исполнительный комитет"]
    assert gomel.location == "by-ho/gomel"
    assert "Гомельский облисполком" in gomel.alt_labels
    # a body outside the authority file is named with its abbreviated word spelt out
    # (data/reference/word-abbreviations.csv), the word as written kept as a spelling
    mozyr = found["Мозырский районный исполнительный комитет"]
    assert mozyr.location == "by-ho/mozyr"
    assert "Мозырского райисполкома" in mozyr.alt_labels


def test_an_akimat_in_lower_case_is_a_body(reference):
    found = orgs(
        report(
            reference,
            KARAGANDA_TITLE,
            "г. Караганда",
            "Представители акимата Карагандинской области",
        )
    )
    assert found["Акимат Карагандинской области"].location == "kz-35/karaganda"


def test_a_kazakh_oblast_partner(reference):
    found = report(
        reference, KARAGANDA_TITLE, "г. Караганда", "Специалисты Карагандинского областного акимата"
    )
    assert found.roadmap.parties == ("KZ-35", "RU-SPE")
    assert chain(found, "kz-35/karaganda") == ["kz-35/karaganda", "kz-35", "kz"]
    assert orgs(found)["Карагандинский областной акимат"].location == "kz-35/karaganda"


def test_a_russian_town_comes_before_its_namesake_abroad(reference):
    # Светлогорск: a town of Kaliningrad Oblast and a larger one of Gomel Oblast
    ((cities, _, _),) = reference.find_cities("Светлогорск")
    assert [c.key for c in cities] == ["ru-kgd/svetlogorsk", "by-ho/svetlogorsk"]


def test_a_belarusian_oblast_by_its_popular_name(reference):
    # as Смоленщина is Smolensk Oblast
    named = reference.find_regions("Гомельщина и Петербург, на Могилевщине")
    assert [iso for iso, _, _ in named] == ["BY-HO", "RU-SPE", "BY-MA"]


def test_russian_regions_have_no_country_place(reference):
    assert reference.region_places("RU-SMO") == [reference.region_place("RU-SMO")]
    assert reference.region_place("RU-SMO").parent is None


def test_the_graph_runs_city_region_country_and_conforms(reference):
    found = report(reference, GOMEL_TITLE, "г. Мозырь", "")
    graph = to_graph([found], BASE)
    mozyr, gomel, belarus = (URIRef(BASE + "place/" + k) for k in ("by-ho/mozyr", "by-ho", "by"))
    assert (mozyr, SCHEMA.containedInPlace, gomel) in graph
    assert (gomel, SCHEMA.containedInPlace, belarus) in graph
    assert (belarus, RDF.type, SCHEMA.Country) in graph
    assert (belarus, RDF.type, SCHEMA.AdministrativeArea) not in graph
    result = validate(graph, load_shapes(resource_dir("shapes")))
    assert result.conforms, result.violations


# --- the reference rows -------------------------------------------------------------------


def test_foreign_regions_rows():
    rows = read("foreign-regions.csv")
    countries = {r["iso_code"] for r in read("countries.csv")}
    cities = {r["key"]: r for r in read("foreign-cities.csv")}
    russian = {r["iso_code"] for r in read("regions.csv")}
    codes = [r["iso_code"] for r in rows]
    assert codes == sorted(set(codes))
    assert not set(codes) & russian
    for r in rows:
        assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", r["iso_code"]), r
        assert r["country"] == r["iso_code"][:2], r
        assert r["country"] in countries, r
        assert all(r[column].strip() for column in ("name", "short_name", "type")), r
        assert r["wikidata"] == "", r  # none verified yet: see data/reference/README.md
        capital = cities[r["capital"]]
        # an oblast whose centre is a city of its own (Minsk, Bishkek, Osh) says so
        assert capital["region_iso"] == r["iso_code"] or capital["region_iso"] in r["note"], r
    assert {"BY-BR", "BY-HM", "BY-HO", "BY-HR", "BY-MA", "BY-MI", "BY-VI"} <= set(codes)
    assert {c[:2] for c in codes} == {"AM", "BY", "KG", "KZ", "UZ"}


def test_foreign_cities_rows():
    regions = {r["iso_code"] for r in read("foreign-regions.csv")}
    rows = read("foreign-cities.csv")
    keys = [r["key"] for r in rows]
    assert keys == sorted(set(keys))
    for r in rows:
        assert r["region_iso"] in regions, r
        assert r["key"] == f"{r['region_iso'].lower()}/{slug(r['name'])}", r
        assert int(r["population"]) > 0, r
        assert r["wikidata"] == "", r


def test_every_country_name_is_a_country_key():
    for r in read("countries.csv"):
        for name in (r["name"], r["short_name"], *filter(None, r["aliases"].split(" | "))):
            assert _geo_key(name) in COUNTRY_KEYS, name


def test_places_abroad_have_keys_under_their_region(reference):
    gomel = reference.cities["by-ho/gomel"]
    assert reference.city_place(gomel).key == "by-ho/gomel"
    assert reference.city_place(gomel).parent == "by-ho"
    assert reference.region_place("BY-HO").key == "by-ho"
    # Minsk is a region of its own, as a Russian federal city is
    assert reference.city_place(reference.cities["by-hm/minsk"]).key == "by-hm"
