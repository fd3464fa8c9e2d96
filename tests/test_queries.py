"""The canned queries of queries/, run the way the CLI runs them (load_queries, bindings,
with_values, run_local) on two releases built here: the seed report alone, and the seed with
the 2022 report of the same roadmap (tests/fixtures/small) and a report of the Pskov roadmap.

Expected values on the seed come from the independent hand annotation
tests/expected/000_5ce0ec11d6e227b6.json wherever it can give them; where it cannot (IRIs,
the other releases), the facts asserted were read from the report texts."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from roadmap_kg.pipeline import build
from roadmap_kg.query import (
    Parameter,
    QueryError,
    bindings,
    load_queries,
    load_store,
    render,
    run_local,
    sort_lists,
    term,
    with_values,
)
from roadmap_kg.settings import Settings, resource_dir

from conftest import FIXTURES, ROOT, SEED

QUERIES = resource_dir("queries")
LIBRARY = load_queries(QUERIES)
ID = "https://w3id.org/roadmap-kg/id/"
SMOLENSK = "ru-smo_ru-spe_2021-2023"
PSKOV = "ru-psk_ru-spe_2022-2024"
ANNOTATION: list[dict[str, Any]] = json.loads(
    (ROOT / "tests" / "expected" / "000_5ce0ec11d6e227b6.json").read_text(encoding="utf-8")
)
PSKOV_ANNOTATION: list[dict[str, Any]] = json.loads(
    (FIXTURES / "reports" / "spb-pskov-2022.json").read_text(encoding="utf-8")
)
SOURCES = (
    SEED,
    FIXTURES / "small" / "spb-smolensk-2022.txt",
    FIXTURES / "reports" / "spb-pskov-2022.txt",
)
HOSTILE_IRI = "http://example.org/x> } ; DROP ALL"
HOSTILE_STRING = 'x" ) } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
ROLES = {
    "hosts": "asHost",
    "organizers": "asOrganizer",
    "participants": "asAttendee",
    "sponsors": "asSponsor",
}


def _release(tmp_path_factory: pytest.TempPathFactory, sources: tuple[Path, ...]) -> Path:
    out = tmp_path_factory.mktemp("release") / "dist"
    result = build(Settings(sources=sources, out_dir=out))
    assert result.validation.conforms
    return out


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return load_store([_release(tmp_path_factory, (SEED,)) / "dataset.trig"])


@pytest.fixture(scope="module")
def multi_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _release(tmp_path_factory, SOURCES)


@pytest.fixture(scope="module")
def multi(multi_release: Path) -> ox.Store:
    return load_store([multi_release / "dataset.trig"])


@pytest.fixture(scope="module")
def multi_turtle(multi_release: Path) -> ox.Store:
    return load_store([multi_release / "dataset.ttl"])


def results(store: ox.Store, name: str, **params: str) -> dict[str, Any]:
    query = LIBRARY[name]
    return sort_lists(run_local(with_values(query.text, bindings(query, params)), store), query)


def rows(store: ox.Store, name: str, **params: str) -> list[dict[str, str]]:
    """The solutions as {variable: lexical value}."""
    found = results(store, name, **params)["results"]["bindings"]
    return [{var: value["value"] for var, value in row.items()} for row in found]


def key(iri: str, kind: str) -> str:
    assert iri.startswith(f"{ID}{kind}/"), iri
    return iri[len(f"{ID}{kind}/") :]


# --- the library ---------------------------------------------------------------------------


def test_the_library_has_these_queries_each_with_a_title_and_description() -> None:
    assert sorted(LIBRARY) == sorted(p.stem for p in QUERIES.glob("*.rq"))
    assert set(LIBRARY) == {
        "attendance-by-responsible-body",
        "bodies-by-partner-regions",
        "region-partners",
        "events-by-plan-item",
        "events-in-place",
        "events-timeline",
        "hosted-events-with-participants-from",
        "online-share",
        "organisations-by-activity",
        "organisations-in-several-roadmaps",
        "plan-item-coverage",
        "spbu-hosted-conferences-with-smolensk-participants",
    }
    for query in LIBRARY.values():
        assert query.title.strip(), query.name
        assert ":" not in query.title, query.name  # the README table separates it with one
        assert len(query.description) > 40, query.name
        head = (QUERIES / f"{query.name}.rq").read_text(encoding="utf-8").splitlines()
        assert head[0].startswith("# title: "), query.name
        assert head[1].startswith("# description: "), query.name


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_declared_parameter_is_used_in_the_where_clause(name: str) -> None:
    query = LIBRARY[name]
    where = re.search(r"\bWHERE\s*\{", query.text, re.IGNORECASE)
    assert where is not None
    for param in query.parameters:
        assert re.search(rf"\?{param.name}\b", query.text[where.end() :]), (name, param.name)
        if param.default is not None:
            term(param, param.default)  # every default is a value of its type
    for fixed in query.preset:
        assert fixed in {p.name for p in query.parameters}, (name, fixed)  # no silent typo


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_is_a_readable_select_over_the_union(name: str) -> None:
    text = LIBRARY[name].text
    assert text.startswith("PREFIX "), name
    assert re.search(r"^SELECT\b", text, re.MULTILINE), name
    assert re.search(r"^ORDER BY\b", text, re.MULTILINE), name
    assert not re.search(r"\bGRAPH\b", text), name
    # with_values puts the block after the first WHERE {: it must not be in a comment
    first = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    assert first is not None
    assert "#" not in text[text.rfind("\n", 0, first.start()) : first.start()]


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_is_portable(name: str) -> None:
    """What made stores disagree (issue 14): sub-query order read by GROUP_CONCAT, integer
    division, language-tagged sort keys and ties, untyped sums."""
    query = LIBRARY[name]
    code = "\n".join(line.split("#", 1)[0] for line in query.text.splitlines())
    assert len(re.findall(r"\bORDER BY\b", code)) == 1, name  # the outer one only
    assert code.rstrip().rsplit("\n", 1)[-1].startswith("ORDER BY"), name
    concatenated = re.findall(r"GROUP_CONCAT\(.*?\)\)?\s*AS \?(\w+)", code)
    assert {v for v, _ in query.lists} == set(concatenated), name
    assert not re.search(r"(?<![\d.])\d+ \* \?", code), name  # 1000.0 * ?n, never 1000 * ?n
    assert not re.search(r"\bSUM\(", code) or re.search(r"xsd:integer\(SUM\(", code), name
    order = code.rsplit("ORDER BY", 1)[1]
    assert not re.search(r"(?<![(\w])\?name\b", order), name  # STR(?name), never ?name


def test_a_preset_file_has_no_query_of_its_own() -> None:
    preset = LIBRARY["spbu-hosted-conferences-with-smolensk-participants"]
    target = LIBRARY["hosted-events-with-participants-from"]
    assert preset.text == target.text
    assert preset.open_parameters == ()
    own = (QUERIES / f"{preset.name}.rq").read_text(encoding="utf-8")
    assert all(line.startswith("#") for line in own.splitlines() if line.strip())


def _readme_table() -> dict[str, tuple[str, str]]:
    text = (QUERIES / "README.md").read_text(encoding="utf-8")
    section = text.split("## Queries", 1)[1]
    table: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            table[cells[0].strip("`")] = (cells[1], cells[2])
    return table


def test_the_readme_table_lists_exactly_the_queries_with_their_titles_and_parameters() -> None:
    table = _readme_table()
    assert sorted(table) == sorted(LIBRARY)
    for name, (answers, params) in table.items():
        query = LIBRARY[name]
        assert answers.split(":", 1)[0] == query.title, name
        if query.preset:
            assert all(f"{k}={v}" in params for k, v in query.preset.items()), name
        elif not query.parameters:
            assert params == "—", name
        for p in query.open_parameters:
            assert f"`{p.name}` ({p.type}" in params, (name, p.name)
            if p.default is not None:
                assert f"default `{p.default}`" in params, (name, p.name)


def test_the_readme_documents_every_parameter_type() -> None:
    from roadmap_kg.query import TYPES

    text = (QUERIES / "README.md").read_text(encoding="utf-8")
    for kind in TYPES:
        assert f"| `{kind}` |" in text, kind


# --- rendering, and the same answers from the TriG and the Turtle of a release -------------


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_renders_in_every_format(multi: ox.Store, name: str) -> None:
    found = results(multi, name)
    variables = found["head"]["vars"]
    solutions = found["results"]["bindings"]
    assert solutions, name  # every query has an answer on the multi-report release
    assert json.loads(render(found, "json")) == found
    table = list(csv.reader(io.StringIO(render(found, "csv"))))
    assert table[0] == variables
    assert len(table) == len(solutions) + 1
    assert table[1] == [solutions[0][v]["value"] if v in solutions[0] else "" for v in variables]
    tsv = render(found, "tsv").splitlines()
    assert tsv[0].split("\t") == [f"?{v}" for v in variables]
    assert len(tsv) == len(solutions) + 1
    shown = render(found, "table").splitlines()
    assert shown[0].split() == variables
    assert shown[-1] == f"({len(solutions)} row{'s' if len(solutions) != 1 else ''})"
    with pytest.raises(QueryError):
        render(found, "xml")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_the_union_of_report_graphs_gives_the_answers_of_the_turtle(
    multi: ox.Store, multi_turtle: ox.Store, name: str
) -> None:
    # pyoxigraph's union default graph yields a triple once per report graph stating it
    # (a plan item, an organisation, a place): the queries must not count those copies
    assert rows(multi, name) == rows(multi_turtle, name)


# --- parameters: values are terms, never text ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "param"),
    [
        (q.name, p.name)
        for q in LIBRARY.values()
        for p in q.open_parameters
        if p.type in ("iri", "org", "place", "event")
    ],
)
def test_a_hostile_iri_is_rejected(name: str, param: str) -> None:
    for value in (HOSTILE_IRI, "x> } ; DROP ALL", f"<{HOSTILE_IRI}>"):
        with pytest.raises(QueryError, match=param):
            bindings(LIBRARY[name], {param: value})


def test_a_hostile_iri_is_rejected_for_every_iri_type() -> None:
    for kind in ("iri", "org", "place", "event"):
        with pytest.raises(QueryError):
            term(Parameter("x", kind, None, ""), HOSTILE_IRI)


@pytest.mark.slow
def test_a_hostile_string_is_bound_as_one_literal(multi: ox.Store) -> None:
    bound = term(Parameter("s", "string", None, ""), HOSTILE_STRING)
    assert isinstance(bound, ox.Literal)
    assert bound.value == HOSTILE_STRING
    size = len(multi)
    assert rows(multi, "events-by-plan-item", roadmap=HOSTILE_STRING) == []
    assert len(multi) == size
    text = with_values(LIBRARY["events-by-plan-item"].text, {"roadmap": bound})
    assert text.count("DROP ALL") == 1
    assert '\\"' in text


def test_values_of_the_wrong_type_or_name_are_rejected() -> None:
    hosted = LIBRARY["hosted-events-with-participants-from"]
    with pytest.raises(QueryError, match="kind"):
        bindings(hosted, {"kind": "conference } ; DROP ALL"})
    with pytest.raises(QueryError, match="no parameter 'guest'"):
        bindings(hosted, {"guest": "RU-SMO"})
    with pytest.raises(QueryError, match="no parameter 'region'"):
        bindings(
            LIBRARY["spbu-hosted-conferences-with-smolensk-participants"], {"region": "RU-PSK"}
        )
    with pytest.raises(QueryError, match="year"):
        term(Parameter("y", "year", None, ""), "2021 } ;")


def test_a_place_parameter_takes_an_iso_code_a_key_or_an_iri() -> None:
    place = LIBRARY["events-in-place"].parameters[0]
    assert str(term(place, "RU-SMO")) == f"<{ID}place/ru-smo>"
    assert str(term(place, "ru-smo/smolensk")) == f"<{ID}place/ru-smo/smolensk>"
    assert str(term(place, f"<{ID}place/ru-spe>")) == f"<{ID}place/ru-spe>"


# --- events-by-plan-item -------------------------------------------------------------------


def test_events_by_plan_item_on_the_seed(seed: ox.Store) -> None:
    found = rows(seed, "events-by-plan-item")
    expected = Counter(
        (c, r["name"], r["start"], r["end"], r["kind"]) for r in ANNOTATION for c in r["plan_items"]
    )
    assert (
        Counter((r["code"], r["name"], r["start"], r["end"], r["kind"]) for r in found) == expected
    )
    assert len(found) == 51
    assert len({r["event"] for r in found}) == 50
    assert {r["roadmapKey"] for r in found} == {SMOLENSK}
    order = [(r["roadmapKey"], r["code"], r["start"], r["name"]) for r in found]
    assert order == sorted(order)
    assert rows(seed, "events-by-plan-item", roadmap=SMOLENSK) == found
    assert rows(seed, "events-by-plan-item", roadmap=PSKOV) == []


@pytest.mark.slow
def test_events_by_plan_item_restricted_to_one_roadmap(multi: ox.Store) -> None:
    everything = rows(multi, "events-by-plan-item")
    pskov = rows(multi, "events-by-plan-item", roadmap=PSKOV)
    # 13 rows of the Pskov report, one of them under the two items 1.1 and 1.3
    assert len(pskov) == sum(len(r["plan_items"]) for r in PSKOV_ANNOTATION) == 14
    assert {r["roadmapKey"] for r in pskov} == {PSKOV}
    smolensk = rows(multi, "events-by-plan-item", roadmap=SMOLENSK)
    assert len(smolensk) == 51 + 4
    assert everything == pskov + smolensk  # ordered by roadmap key first


# --- plan-item-coverage --------------------------------------------------------------------


def test_plan_item_coverage_on_the_seed(seed: ox.Store) -> None:
    found = rows(seed, "plan-item-coverage")
    expected = Counter(c for r in ANNOTATION for c in r["plan_items"])
    assert {r["code"]: int(r["events"]) for r in found} == dict(expected)
    assert len(found) == len(expected) == 19
    assert {(r["roadmapKey"], r["year"]) for r in found} == {(SMOLENSK, "2021")}


@pytest.mark.slow
def test_plan_item_coverage_shows_zero_for_a_year_without_events(multi: ox.Store) -> None:
    found = {
        (r["roadmapKey"], r["code"], r["year"]): int(r["events"])
        for r in rows(multi, "plan-item-coverage")
    }
    # 1.1 (a working meeting) is only in the 2021 report; 9.9 (a seminar) only in 2022
    assert found[(SMOLENSK, "1.1", "2021")] == 1
    assert found[(SMOLENSK, "1.1", "2022")] == 0
    assert found[(SMOLENSK, "9.9", "2021")] == 0
    assert found[(SMOLENSK, "9.9", "2022")] == 1
    assert found[(SMOLENSK, "4.2", "2021")] == 22
    assert found[(SMOLENSK, "4.2", "2022")] == 2
    assert found[(SMOLENSK, "8.2", "2022")] == 1
    # every Smolensk item in both years; Pskov items only in 2022, the one year reported
    assert {y for (m, _, y) in found if m == SMOLENSK} == {"2021", "2022"}
    assert {y for (m, _, y) in found if m == PSKOV} == {"2022"}
    smolensk_codes = {c for (m, c, _) in found if m == SMOLENSK}
    assert all((SMOLENSK, c, y) in found for c in smolensk_codes for y in ("2021", "2022"))
    pskov_items = Counter(c for r in PSKOV_ANNOTATION for c in r["plan_items"])
    assert {c: n for (m, c, _), n in found.items() if m == PSKOV} == dict(pskov_items)
    assert sum(found.values()) == 51 + 4 + 14


# --- events-timeline -----------------------------------------------------------------------


def test_events_timeline_on_the_seed(seed: ox.Store) -> None:
    found = rows(seed, "events-timeline")
    expected: dict[tuple[int, int], Counter[str]] = {}
    for r in ANNOTATION:
        month = (int(r["start"][:4]), int(r["start"][5:7]))
        expected.setdefault(month, Counter())[r["attendance"]] += 1
    got = {
        (int(r["year"]), int(r["month"])): (
            int(r["events"]),
            int(r["online"]),
            int(r["offline"]),
            int(r["mixed"]),
        )
        for r in found
    }
    assert got == {
        m: (sum(c.values()), c["online"], c["offline"], c["mixed"]) for m, c in expected.items()
    }
    assert [(int(r["year"]), int(r["month"])) for r in found] == sorted(expected)


@pytest.mark.slow
def test_events_timeline_counts_mixed_events(multi: ox.Store) -> None:
    found = {(r["year"], r["month"]): r for r in rows(multi, "events-timeline")}
    # April 2022: the Smolensk SPbU conference, and in the Pskov report the mixed working-group
    # meeting (14 April) and the webinars of the II quarter (online, from 1 April)
    april = found[("2022", "4")]
    assert (april["events"], april["online"], april["offline"], april["mixed"]) == (
        "3",
        "1",
        "1",
        "1",
    )
    assert sum(int(r["events"]) for r in found.values()) == 50 + 4 + 13


# --- organisations-by-activity -------------------------------------------------------------


def test_organisations_by_activity_on_the_seed(seed: ox.Store) -> None:
    found = rows(seed, "organisations-by-activity")
    by_name = {r["name"]: r for r in found}
    assert len(by_name) == len(found)
    # the responsible bodies: names and counts agree with the annotation exactly
    responsible = Counter(r["responsible_body"] for r in ANNOTATION)
    assert {
        n: int(r["asResponsibleBody"]) for n, r in by_name.items() if r["asResponsibleBody"] != "0"
    } == dict(responsible)
    # every role of every organisation whose canonical name the annotation spells the same way
    annotated = {n for r in ANNOTATION for role in ROLES for n in r[role]}
    same = annotated & set(by_name)
    assert len(same) >= 40
    for name in same:
        expected = {col: sum(name in r[role] for r in ANNOTATION) for role, col in ROLES.items()}
        expected["events"] = sum(any(name in r[role] for role in ROLES) for r in ANNOTATION)
        assert {col: int(by_name[name][col]) for col in expected} == expected, name
    # organizers, sponsors and (up to spelling) hosts agree in total too
    for role, col in ROLES.items():
        if role != "participants":
            assert sum(int(r[col]) for r in found) == sum(len(r[role]) for r in ANNOTATION), role
    top = found[0]
    assert top["name"] == "Смоленский государственный университет"
    assert int(top["events"]) == sum(
        "Смоленский государственный университет" in r["participants"] for r in ANNOTATION
    )
    events = [int(r["events"]) for r in found]
    assert events == sorted(events, reverse=True)
    for r in found:  # an event in two roles counts once
        roles = [int(r[c]) for c in ROLES.values()]
        assert max(roles) <= int(r["events"]) <= sum(roles), r["name"]


@pytest.mark.slow
def test_organisations_by_activity_adds_up_across_reports(multi: ox.Store) -> None:
    by_org = {key(r["org"], "org"): r for r in rows(multi, "organisations-by-activity")}
    museum = by_org["gosudarstvennyy-russkiy-muzey"]  # organiser 2021 and 2022, Pskov sponsor
    assert (museum["events"], museum["asOrganizer"], museum["asSponsor"]) == ("3", "2", "1")
    education = by_org["departament-smolenskoy-oblasti-po-obrazovaniyu-i-nauke"]
    assert education["asResponsibleBody"] == str(25 + 2)


# --- events-in-place -----------------------------------------------------------------------


def _annotated_in(field: str, value: str) -> set[tuple[str, str]]:
    return {
        (r["name"], r["start"]) for r in ANNOTATION if r["place"] and r["place"][field] == value
    }


def test_events_in_place_on_the_seed(seed: ox.Store) -> None:
    found = rows(seed, "events-in-place")  # default: RU-SMO
    assert {(r["name"], r["start"]) for r in found} == _annotated_in("region", "Смоленская область")
    assert len(found) == 9
    assert [(r["start"], r["name"]) for r in found] == sorted(
        (r["start"], r["name"]) for r in found
    )
    tenishev = [r for r in found if "Тенишевых" in r["locations"]]
    assert (
        len(tenishev)
        == sum(bool(r["hosts"]) and "Тенишевых" in r["hosts"][0] for r in ANNOTATION)
        == 5
    )
    spb = rows(seed, "events-in-place", place="RU-SPE")
    assert {(r["name"], r["start"]) for r in spb} == _annotated_in("region", "Санкт-Петербург")
    city = rows(seed, "events-in-place", place="ru-smo/smolensk")
    assert {(r["name"], r["start"]) for r in city} == _annotated_in("city", "Смоленск")
    assert rows(seed, "events-in-place", place="RU-PSK") == []


@pytest.mark.slow
def test_events_in_place_of_another_region(multi: ox.Store) -> None:
    pskov = rows(multi, "events-in-place", place="RU-PSK")
    expected = {
        (r["name"], r["start"])
        for r in PSKOV_ANNOTATION
        if r["place"] and r["place"]["region"] == "Псковская область"
    }
    assert {(r["name"], r["start"]) for r in pskov} == expected
    assert len(rows(multi, "events-in-place", place=f"{ID}place/ru-psk/pskov")) == 4


# --- attendance-by-responsible-body --------------------------------------------------------


def test_attendance_by_responsible_body_on_the_seed(seed: ox.Store) -> None:
    found = rows(seed, "attendance-by-responsible-body")
    expected: dict[str, list[int]] = {}
    for r in ANNOTATION:
        sums = expected.setdefault(r["responsible_body"], [0, 0, 0, 0])
        sums[0] += 1
        for i, count in enumerate(
            ("participant_count", "visitor_count", "delegation_size"), start=1
        ):
            sums[i] += r[count] or 0
    got = {
        r["name"]: [int(r[c]) for c in ("events", "participants", "visitors", "delegations")]
        for r in found
    }
    assert got == expected
    assert got["Департамент Смоленской области по культуре"] == [6, 70, 366 * 4 + 57, 0]
    counts = [int(r["events"]) for r in found]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.slow
def test_attendance_sums_are_integers_and_absent_counts_add_zero(multi: ox.Store) -> None:
    found = results(multi, "attendance-by-responsible-body")["results"]["bindings"]
    for row in found:
        for column in ("participants", "visitors", "delegations"):
            assert row[column]["datatype"].endswith("#integer"), row
    by_body = {key(r["body"]["value"], "org"): r for r in found}
    culture = by_body["departament-smolenskoy-oblasti-po-kulture"]
    assert (culture["events"]["value"], culture["visitors"]["value"]) == ("8", str(1521 + 410))
    # the tourism committee of Pskov Oblast: one press tour, no count at all
    tourism = by_body["komitet-po-turizmu-pskovskoy-oblasti"]
    assert [tourism[c]["value"] for c in ("events", "participants", "visitors", "delegations")] == [
        "1",
        "0",
        "0",
        "0",
    ]


# --- online-share --------------------------------------------------------------------------


def _share(part: int, total: int) -> Decimal:
    return (Decimal(part) / Decimal(total)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def test_online_share_on_the_seed(seed: ox.Store) -> None:
    found = results(seed, "online-share")["results"]["bindings"]
    modes = Counter(r["attendance"] for r in ANNOTATION)
    assert len(found) == 1
    row = {k: v["value"] for k, v in found[0].items()}
    assert row["year"] == "2021"
    assert [int(row[c]) for c in ("events", "online", "offline", "mixed")] == [
        len(ANNOTATION),
        modes["online"],
        modes["offline"],
        modes["mixed"],
    ]
    assert (
        Decimal(row["onlineShare"]) == _share(modes["online"], len(ANNOTATION)) == Decimal("0.24")
    )
    assert Decimal(row["mixedShare"]) == 0
    assert found[0]["onlineShare"]["datatype"].endswith("#decimal")


@pytest.mark.slow
def test_online_share_per_year(multi: ox.Store) -> None:
    found = {r["year"]: r for r in rows(multi, "online-share")}
    assert sorted(found) == ["2021", "2022"]
    year = found["2022"]
    # 4 small-fixture rows (1 online) and 13 Pskov rows (3 online, 1 mixed)
    assert [year[c] for c in ("events", "online", "offline", "mixed")] == ["17", "4", "12", "1"]
    assert Decimal(year["onlineShare"]) == _share(4, 17) == Decimal("0.235")
    assert Decimal(year["mixedShare"]) == _share(1, 17) == Decimal("0.059")


# --- organisations-in-several-roadmaps -----------------------------------------------------


def test_no_organisation_is_in_several_roadmaps_of_the_seed(seed: ox.Store) -> None:
    assert rows(seed, "organisations-in-several-roadmaps") == []


@pytest.mark.slow
def test_organisations_in_the_smolensk_and_the_pskov_roadmaps(multi: ox.Store) -> None:
    found = rows(multi, "organisations-in-several-roadmaps")
    # read from the reports: the Russian Museum organised Smolensk exhibitions and sponsored a
    # Pskov one; Pushkin House hosted Smolensk conferences and took part in a Pskov one; the
    # St Petersburg investment committee took part in both
    assert {key(r["org"], "org") for r in found} == {
        "gosudarstvennyy-russkiy-muzey",
        "institut-russkoy-literatury-pushkinskiy-dom-rossiyskoy-akademii-nauk",
        "komitet-po-investitsiyam-sankt-peterburga",
    }

    # the same three by the two hand annotations (which abbreviate РАН)
    def names(annotation: list[dict[str, Any]]) -> set[str]:
        return {n for r in annotation for role in ROLES for n in r[role]} | {
            r["responsible_body"] for r in annotation
        }

    in_both = names(ANNOTATION) & names(PSKOV_ANNOTATION)
    assert {r["name"] for r in found} == {
        n.replace(" РАН", " Российской академии наук") for n in in_both
    }
    for r in found:
        assert r["roadmaps"] == "2"
        assert r["roadmapKeys"] == f"{PSKOV} | {SMOLENSK}"  # sorted by the tool
    assert [r["name"] for r in found] == sorted(r["name"] for r in found)


@pytest.mark.slow
def test_st_petersburg_bodies_by_partner_regions(multi: ox.Store) -> None:
    found = rows(multi, "bodies-by-partner-regions")
    # the three bodies the Smolensk and Pskov roadmaps share (see the test above) are St
    # Petersburg's, so they lead with two partner regions; no Smolensk or Pskov body appears
    assert {key(r["org"], "org") for r in found if r["partners"] == "2"} == {
        "gosudarstvennyy-russkiy-muzey",
        "institut-russkoy-literatury-pushkinskiy-dom-rossiyskoy-akademii-nauk",
        "komitet-po-investitsiyam-sankt-peterburga",
    }
    assert all(r["partners"] in ("1", "2") for r in found)
    assert not [r for r in found if "Смоленск" in r["name"] or "Псков" in r["name"]]
    for r in found:
        assert "Санкт-Петербург" not in r["partnerNames"]
    pskov = rows(multi, "bodies-by-partner-regions", home="RU-PSK")
    assert pskov
    assert {r["partnerNames"] for r in pskov} == {"Санкт-Петербург"}


def test_smolensk_partners_on_the_seed(seed: ox.Store) -> None:
    found = {r["name"]: int(r["events"]) for r in rows(seed, "region-partners")}
    # from the hand annotation: the St Petersburg company organised three exhibitions in
    # Smolensk, the university of industrial technologies and design hosted two conferences
    assert found["Арт-центр в Перинных рядах"] == 3
    assert (
        found["Санкт-Петербургский государственный университет промышленных технологий и дизайна"]
        == 2
    )
    assert not [n for n in found if "Смоленск" in n]
    assert {r["partnerRegion"] for r in rows(seed, "region-partners")} == {"Санкт-Петербург"}


# --- hosted-events-with-participants-from and its preset -----------------------------------

POLITICAL_GEOGRAPHY = "Международная конференция «Политическая география и геополитика в России"


def test_spbu_hosted_conferences_with_smolensk_participants_on_the_seed(seed: ox.Store) -> None:
    found = rows(seed, "spbu-hosted-conferences-with-smolensk-participants")
    # SPbU hosted one conference (8-9 April) with Smolensk State University taking part; the
    # forum of its journalism institute is not a conference, and the universities of industrial
    # technologies and design and of architecture are other bodies
    assert len(found) == 1
    assert found[0]["name"].startswith(POLITICAL_GEOGRAPHY)
    assert (found[0]["start"], found[0]["end"]) == ("2021-04-08", "2021-04-09")
    assert found[0]["hostName"] == "Санкт-Петербургский государственный университет"
    expected = [
        r
        for r in ANNOTATION
        if r["kind"] == "conference"
        and "Санкт-Петербургский государственный университет" in r["hosts"] + r["organizers"]
        and "Смоленский государственный университет" in r["participants"]
    ]
    assert [(r["name"], r["start"]) for r in expected] == [(found[0]["name"], found[0]["start"])]
    assert found == rows(seed, "hosted-events-with-participants-from")


@pytest.mark.slow
def test_the_preset_stays_right_on_several_reports(multi: ox.Store) -> None:
    found = rows(multi, "spbu-hosted-conferences-with-smolensk-participants")
    # the 2022 report adds SPbU's conference of 14-15 April 2022 with Smolensk State
    # University; its design conference of 20 May is at another university, and no SPbU event
    # of the Pskov report counts
    assert [r["start"] for r in found] == ["2021-04-08", "2022-04-14"]
    assert found[0]["name"].startswith(POLITICAL_GEOGRAPHY)
    assert (
        found[1]["name"]
        == "Международная научная конференция «Историческая память и региональная идентичность»"
    )
    assert all("/2021/ru-smo/" in r["event"] or "/2022/ru-smo/" in r["event"] for r in found)
    assert {r["hostName"] for r in found} == {"Санкт-Петербургский государственный университет"}


@pytest.mark.slow
def test_participants_from_another_region_never_count(multi: ox.Store) -> None:
    assert rows(multi, "hosted-events-with-participants-from", region="RU-PSK") == []
    # the region may be any place: Smolensk State University is located in the city itself
    in_city = rows(multi, "hosted-events-with-participants-from", region="ru-smo/smolensk")
    assert in_city == rows(multi, "spbu-hosted-conferences-with-smolensk-participants")
    assert (
        rows(multi, "hosted-events-with-participants-from", region="RU-PSK", kind="exhibition")
        == []
    )


@pytest.mark.slow
def test_other_universities_are_not_spbu(seed: ox.Store, multi: ox.Store) -> None:
    design = "sankt-peterburgskiy-gosudarstvennyy-universitet-promyshlennykh-tekhnologiy-i-dizayna"
    architecture = "sankt-peterburgskiy-gosudarstvennyy-arkhitekturno-stroitelnyy-universitet"
    spbu = {r["event"] for r in rows(multi, "spbu-hosted-conferences-with-smolensk-participants")}
    theirs = rows(multi, "hosted-events-with-participants-from", host=design)
    assert "2022-05-20" in {r["start"] for r in theirs}  # «Дизайн и технологии»
    assert len(rows(seed, "hosted-events-with-participants-from", host=architecture)) == 1
    theirs += rows(multi, "hosted-events-with-participants-from", host=architecture)
    assert theirs
    assert not spbu & {r["event"] for r in theirs}


def test_units_count_for_their_parent(seed: ox.Store) -> None:
    found = rows(seed, "hosted-events-with-participants-from", kind="forum")
    assert [r["hostName"] for r in found] == [
        "Институт «Высшая школа журналистики и массовых коммуникаций»"
    ]


def test_values_open_the_where_clause_whatever_comments_and_strings_say() -> None:
    from roadmap_kg.query import Parameter, term

    text = (
        "# an example: SELECT * WHERE { ?x ?y ?z }\n"
        "PREFIX s: <https://schema.org/>\n"
        'SELECT ?e WHERE { ?e s:name "{ not a brace }" ; s:about ?topic }\n'
    )
    bound = with_values(text, {"topic": term(Parameter("topic", "string", None, ""), " x ")})
    assert bound.index("VALUES (?topic)") > bound.index("SELECT ?e WHERE {")
    assert 'VALUES (?topic) { (" x ") }' in bound
