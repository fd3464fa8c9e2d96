"""TripleIndex.extend: an index given more triples after it was built answers as one built
from all of them (the pipeline builds a release's index once and adds its link sets)."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF

from roadmap_kg.graphindex import TripleIndex
from roadmap_kg.terms import Lit
from roadmap_kg.vocab import SCHEMA

EX = "http://example.org/"
OURS = [
    (EX + "b", str(RDF.type), str(SCHEMA.Organization)),
    (EX + "b", str(SCHEMA.name), Lit("Бета", "ru", None)),
    (EX + "a", str(RDF.type), str(SCHEMA.Organization)),
]
LINKS = [
    ("http://other.example/b", str(OWL.sameAs), EX + "b"),
    ("http://other.example/a", str(OWL.sameAs), EX + "a"),
    (EX + "a", str(RDF.type), str(SCHEMA.Organization)),  # already held: counted once
    ("http://a.example/x", str(RDF.type), str(SCHEMA.Organization)),  # sorts before ours
]


def answers(index: TripleIndex) -> tuple[object, ...]:
    return (
        list(index),
        len(index),
        list(index.subjects(OWL.sameAs, URIRef(EX + "b"))),
        list(index.subjects(RDF.type, SCHEMA.Organization)),
        list(index.subject_objects(OWL.sameAs)),
        list(index.objects()),
        (URIRef("http://other.example/a"), OWL.sameAs, URIRef(EX + "a")) in index,
        index.value(URIRef(EX + "b"), SCHEMA.name) == Literal("Бета", lang="ru"),
    )


def test_extending_a_built_index_is_building_it_from_all_the_triples() -> None:
    extended = TripleIndex.from_light(OURS)
    assert list(extended.subjects(OWL.sameAs)) == []  # built by this look-up
    extended.extend(LINKS)
    assert answers(extended) == answers(TripleIndex.from_light(OURS + LINKS))


def test_extending_an_index_not_built_yet() -> None:
    extended = TripleIndex.from_light(OURS)
    extended.extend(LINKS)
    assert answers(extended) == answers(TripleIndex.from_light(OURS + LINKS))


RDFLIB_LINKS = [tuple(URIRef(t) if isinstance(t, str) else t for t in triple) for triple in LINKS]


def test_a_light_index_extended_with_rdflib_terms_before_it_is_built() -> None:
    # a light index converts nothing when built: what extend() adds is made light first
    extended = TripleIndex.from_light(OURS)
    extended.extend(RDFLIB_LINKS)
    assert answers(extended) == answers(TripleIndex.from_light(OURS + LINKS))


def test_the_index_by_predicate_made_late_holds_what_was_added_before() -> None:
    # built by subject only (the pages' look-ups), extended, then asked by predicate
    extended = TripleIndex.from_light(OURS)
    assert extended.value(URIRef(EX + "a"), RDF.type) == SCHEMA.Organization
    extended.extend(RDFLIB_LINKS)
    assert answers(extended) == answers(TripleIndex(OURS + RDFLIB_LINKS))


def test_duplicates_are_one_triple_whether_given_at_once_or_added_again() -> None:
    # the index keeps no set of its triples: its dicts hold each once, and count them
    twice = TripleIndex.from_light(OURS + OURS[:2])
    assert len(twice) == len(OURS)
    assert answers(twice) == answers(TripleIndex.from_light(OURS))
    twice.extend(OURS + LINKS + LINKS)
    assert len(twice) == len(set(OURS + LINKS)) == len(OURS) + len(LINKS) - 1
    assert answers(twice) == answers(TripleIndex.from_light(OURS + LINKS))
    assert (URIRef(EX + "a"), RDF.type, SCHEMA.Organization) in twice
    assert (URIRef(EX + "a"), RDF.type, SCHEMA.Place) not in twice
