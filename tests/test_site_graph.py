"""The site's look-ups (publish/site/graph.py) on light terms: built from the release's index
without making an rdflib term, the index's own dicts as what each resource says, the links to
each resource in a stable order, and names, kinds and orders read from light terms (a
literal's text, never its tuple's repr) and from the ontology read into the same form."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import PROV, RDF, SKOS, XSD

from roadmap_kg.graphindex import TripleIndex
from roadmap_kg.publish.site.graph import Date, SiteGraph, Text, describe
from roadmap_kg.publish.site.paths import ONTOLOGY_IRI, PROJECT_ROOT, page_dir, site_prefix
from roadmap_kg.publish.site.resources import NO_PLAN_ITEM, resource_page
from roadmap_kg.settings import Settings
from roadmap_kg.terms import Lit, Triple
from roadmap_kg.vocab import RM, RMK, SCHEMA

BASE = "https://example.org/id/"
E1, E2 = BASE + "event/e1", BASE + "event/e2"
PLACE, ORG, ROW = BASE + "place/p1", BASE + "org/o1", BASE + "source/r1"
REPORT, ROADMAP = BASE + "report/r1", BASE + "roadmap/m1"
FORUM = str(RMK.forum)
TYPE, NAME, START = str(RDF.type), str(SCHEMA.name), str(SCHEMA.startDate)
LOCATION, HOST, ORGANIZER = str(SCHEMA.location), str(RM.host), str(SCHEMA.organizer)
DATE = str(XSD.date)


def _triples() -> list[Triple]:
    return [
        (E1, TYPE, str(SCHEMA.Event)),
        (E1, NAME, Lit("Форум «Смоленск»", "ru")),
        (E1, START, Lit("2021-04-08", None, DATE)),
        (E1, LOCATION, PLACE),
        (E1, str(RM.kind), FORUM),
        (E1, str(RM.report), REPORT),
        (E1, str(PROV.wasDerivedFrom), ROW),
        (E2, TYPE, str(SCHEMA.Event)),
        (E2, NAME, Lit("Конференция", "ru")),
        (E2, START, Lit("2021-03-01", None, DATE)),  # earlier: listed first
        (E2, LOCATION, PLACE),
        (E2, HOST, ORG),
        (E2, ORGANIZER, ORG),
        (PLACE, TYPE, str(SCHEMA.Place)),
        (PLACE, NAME, Lit("Смоленск", "ru")),
        (ORG, TYPE, str(SCHEMA.Organization)),
        (ORG, NAME, Lit("Университет", "ru")),
        (ROW, TYPE, str(RM.SourceRow)),
        (ROW, str(RM.sourceFile), Lit("report.txt")),
        (ROW, str(RM.firstLine), Lit("12", None, str(XSD.integer))),
        (ROW, str(RM.lastLine), Lit("14", None, str(XSD.integer))),
        (ROW, str(RM.sourceText), Lit("1\tФорум «Смоленск»")),
        (REPORT, TYPE, str(RM.ImplementationReport)),
        (REPORT, str(RM.roadmap), ROADMAP),
        (ROADMAP, TYPE, str(RM.Roadmap)),
    ]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(Settings().ontology_dir / "roadmap.ttl", format="turtle")


@pytest.fixture
def built(ontology: Graph) -> tuple[SiteGraph, TripleIndex]:
    index = TripleIndex.from_light(_triples())
    return SiteGraph(index, ontology, BASE), index


def test_building_the_look_ups_and_every_page_makes_no_rdflib_term(
    built: tuple[SiteGraph, TripleIndex],
) -> None:
    site, index = built
    assert index._source is not None  # the release's index is not built for the pages
    for subject in site.with_pages():
        describe(site, subject)
        resource_page(site, site.folder(subject), subject)
    assert index._terms == {}  # the index's cache of the rdflib terms it made
    keys = [*site._out, *site._inc, *site._pages]
    assert {type(k) for k in keys} == {str}


def test_the_site_graph_says_of_each_resource_what_the_index_says(ontology: Graph) -> None:
    """Each resource's statements kept as one tuple (predicates, then objects) read back
    as the index holds them: objects in the index's order, the first one its value()."""
    more = [
        (E1, NAME, Lit("Forum", "en")),  # a second name, a second place: lists of objects
        (E1, LOCATION, BASE + "place/p0"),
        (ORG, str(RM.kind), NAME),  # an object equal to a predicate the subject has,
        (ORG, str(RM.kind), str(RM.sourceFile)),  # and one equal to a predicate it has not
    ]
    index = TripleIndex.from_light([*_triples(), *more])
    site = SiteGraph(index, ontology, BASE)
    assert site.first(ROW, str(RM.sourceFile)) == Lit("report.txt")
    assert site.first(ORG, NAME) == Lit("Университет", "ru")
    assert site.first(ORG, str(RM.sourceFile)) is None
    for subject in [*index.statements(), ROW + "-not-there"]:
        assert site.about(subject) == index.light(subject), subject
        facts = site.light_facts(subject)
        assert facts == sorted(index.light(subject).items()), subject
        for predicate, objects in facts:
            assert site.first(subject, predicate) == objects[0]
    assert site.first(E1, str(SCHEMA.name) + "-not-there") is None


def test_the_links_to_a_resource_are_in_subject_then_predicate_order(
    built: tuple[SiteGraph, TripleIndex],
) -> None:
    site, _ = built
    assert site.links_to(ORG) == sorted([(E2, HOST), (E2, ORGANIZER)])
    assert site.links_to(PLACE) == [(E1, LOCATION), (E2, LOCATION)]
    assert site.link_count(PLACE) == 2
    assert TYPE not in {p for o in site._inc for _, p in site.links_to(o)}  # types apart
    assert site.source_rows == {ROW}
    assert site.incoming(ORG, HOST, "event") == [E2]
    assert site.incoming(PLACE, LOCATION, "org") == []


def test_kinds_names_and_orders_are_read_from_light_terms(
    built: tuple[SiteGraph, TripleIndex],
) -> None:
    site, _ = built
    categories = {s: site.category(s) for s in (E1, PLACE, ORG, ROW, REPORT, ROADMAP, FORUM)}
    assert categories == {
        E1: "event",
        PLACE: "place",
        ORG: "org",
        ROW: "source",
        REPORT: "report",
        ROADMAP: "roadmap",
        FORUM: "concept",  # from the ontology
    }
    assert site.label(E1) == "Форум «Смоленск»"
    assert site.label(FORUM) == "форум"
    assert site.label(FORUM, "en") == "forum"
    assert site.label(ROW) == "report.txt, строки 12–14"
    assert site.predicate_label(str(RM.kind)) == "вид мероприятия"  # the ontology's label
    assert site.of_category("event") == [E2, E1]  # by start date
    assert site.sort_key(E1)[0] == "2021-04-08"
    assert site.value("", Lit("2021-04-08", None, DATE)) == Date("2021-04-08", "8 апреля 2021")
    assert site.value("", Lit("12", None, str(XSD.integer))) == Text("12")
    assert site.concepts() == sorted(site.concepts())
    assert FORUM in site.concepts()
    assert site._pages[FORUM] == "ontology/kind/forum/"


def test_a_page_shows_texts_dates_and_the_way_up_from_light_terms(
    built: tuple[SiteGraph, TripleIndex],
) -> None:
    site, _ = built
    page = resource_page(site, site.folder(E1), E1)
    assert page.title == "Форум «Смоленск»"
    assert [link.iri for link in page.breadcrumbs] == [ROADMAP, REPORT]
    assert [link.iri for link in page.types] == [str(SCHEMA.Event)]
    facts = {fact.title: fact.values for fact in page.facts.content.facts}  # type: ignore[union-attr]
    assert facts["schema:startDate"] == [Date("2021-04-08", "8 апреля 2021")]
    assert facts["rm:planItem"] == [Text(NO_PLAN_ITEM)]  # no plan item in the report
    source = next(s.content for s in page.sections if s.title == "Источник")
    assert source.cells == ["1", "Форум «Смоленск»"]  # type: ignore[union-attr]
    concept = resource_page(site, site.folder(FORUM), FORUM)
    assert [link.iri for link in concept.breadcrumbs] == [str(RM.EventKindScheme)]
    shown = {fact.title for fact in concept.facts.content.facts}  # type: ignore[union-attr]
    assert {"skos:prefLabel", "skos:notation", "skos:inScheme"} <= shown
    assert concept.title == "форум"
    assert str(SKOS.Concept) in [link.iri for link in concept.types]


def _page_dir_decoded(iri: str, base: str) -> str | None:
    """page_dir as it was before its shortcut for IRIs with nothing to decode: every segment
    decoded and checked."""
    if iri.startswith(base) and len(iri) > len(base):
        local, prefix = iri[len(base) :], site_prefix(base)
    elif iri.startswith(ONTOLOGY_IRI + "/"):
        local, prefix = iri[len(PROJECT_ROOT) :], ""
    else:
        return None
    segments = [unquote(s) for s in local.split("/")]
    if any(s in ("", ".", "..") or "/" in s or "\\" in s or "\0" in s for s in segments):
        return None
    return prefix + "/".join(segments) + "/"


@given(
    local=st.lists(
        st.sampled_from(["", ".", "..", "a", "é", "%2F", "%41", "\\", "\0", "x.y", "..."]),
        max_size=5,
    ).map("/".join)
    | st.text(max_size=12),
    base=st.sampled_from([BASE, "https://example.org/data/", ONTOLOGY_IRI + "/"]),
)
def test_a_page_s_folder_is_the_one_decoding_every_segment_gives(local: str, base: str) -> None:
    for iri in (base + local, ONTOLOGY_IRI + "/" + local):
        assert page_dir(iri, base) == _page_dir_decoded(iri, base)
