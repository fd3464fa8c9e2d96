"""The canned queries of queries/, on the seed report."""

from __future__ import annotations

import re

from rdflib import URIRef

from roadmap_kg.settings import resource_dir

QUERIES = resource_dir("queries")
ID = "https://w3id.org/roadmap-kg/id/"


def load(name: str) -> tuple[str, dict[str, URIRef]]:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    defaults = {
        m.group(1): URIRef(m.group(2))
        for m in re.finditer(r"^# param: \?(\w+) \(IRI, default <([^>]+)>\)", text, re.MULTILINE)
    }
    return text, defaults


def test_every_query_has_a_title_and_description() -> None:
    for path in sorted(QUERIES.glob("*.rq")):
        head = path.read_text(encoding="utf-8").splitlines()
        assert head[0].startswith("# title: "), path.name
        assert head[1].startswith("# description: "), path.name


def test_events_by_plan_item_lists_every_event_once(seed_graph) -> None:
    text, _ = load("events-by-plan-item")
    rows = list(seed_graph.query(text))
    # the row with plan items 10.1 and 10.2 appears under both
    assert len(rows) == 51
    assert len({row.event for row in rows}) == 50
    assert [str(r.code) for r in rows][:3] == ["1.1", "1.2", "10.1"]


def test_spbu_hosted_conferences_with_smolensk_participants(seed_graph) -> None:
    text, defaults = load("hosted-events-with-participants-from")
    rows = list(seed_graph.query(text, initBindings=defaults))
    names = [str(r.name) for r in rows]
    # SPbU hosted one conference (8-9 April) with Smolensk State University taking part; the
    # forum of its journalism institute is not a conference, and the universities of industrial
    # technologies and of architecture are other bodies.
    assert len(rows) == 1
    assert names[0].startswith("Международная конференция «Политическая география")
    assert str(rows[0].start) == "2021-04-08"


def test_units_count_for_their_parent(seed_graph) -> None:
    text, defaults = load("hosted-events-with-participants-from")
    forums = {**defaults, "kind": URIRef("https://w3id.org/roadmap-kg/ontology/kind/forum")}
    rows = list(seed_graph.query(text, initBindings=forums))
    assert [str(r.hostName) for r in rows] == ["Институт «Высшая школа журналистики и массовых коммуникаций»"]


def test_participants_from_another_region_do_not_count(seed_graph) -> None:
    text, defaults = load("hosted-events-with-participants-from")
    pskov = {**defaults, "region": URIRef(ID + "place/ru-psk")}
    assert list(seed_graph.query(text, initBindings=pskov)) == []
