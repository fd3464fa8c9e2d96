"""What a resource page records it read (publish/site/reuse.py): the recorder keeps the terms
read while a page is made and gives them as text once, at stop()."""

from __future__ import annotations

import ast
import gc
import hashlib
import json
import weakref
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from roadmap_kg.graphindex import TripleIndex
from roadmap_kg.publish.site import reuse
from roadmap_kg.publish.site.resources import resource_page
from roadmap_kg.publish.site.reuse import (
    INCOMING,
    NOTHING,
    Recorder,
    RecordingSiteGraph,
    _pairs_digest,
    _term_text,
)
from roadmap_kg.terms import Lit, Term
from roadmap_kg.vocab import RM, SCHEMA, RowSpan

BASE = "https://example.org/id/"
# resources as the site graph names them: light terms (an IRI is a str)
EVENT = BASE + "event/e1"
ROW = BASE + "source/r1"
PLACE = BASE + "place/p1"


def test_own_and_incoming_reads_are_kept_apart_and_given_once_as_text() -> None:
    recorder = Recorder()
    recorder.read(PLACE)  # before start(): no page is being made
    recorder.start()
    for _ in range(3):
        recorder.read(EVENT)
        recorder.read_incoming(PLACE)
    first = recorder.stop()
    recorder.read(ROW)  # after stop(): not this page's
    recorder.start()
    recorder.read(URIRef(EVENT))  # another term object, the same resource
    second = recorder.stop()
    assert first is not None
    assert first == tuple(sorted([EVENT, INCOMING + PLACE]))  # sorted, as kept
    assert second == (EVENT,)
    assert second[0] is next(r for r in first if r == EVENT)  # one string for both pages


def test_pages_one_after_another_are_recorded_apart_without_a_new_start() -> None:
    recorder = Recorder()
    recorder.start()
    recorder.read(EVENT)
    recorder.read_incoming(PLACE)
    first = recorder.next_page()
    recorder.read(URIRef(ROW))  # rdflib's term and the plain IRI: one resource
    recorder.read(ROW)
    second = recorder.next_page()
    recorder.read_all()
    third = recorder.next_page()
    recorder.read(PLACE)
    fourth = recorder.stop()
    recorder.read(EVENT)  # after stop(): no page's
    recorder.start()
    assert first == (INCOMING + PLACE, EVENT)
    assert second == (ROW,)
    assert third is None  # a walk over everything marks that page alone
    assert fourth == (PLACE,)
    assert recorder.stop() == ()


def test_a_walk_over_everything_makes_the_page_read_everything() -> None:
    recorder = Recorder()
    recorder.start()
    recorder.read(EVENT)
    recorder.read_all()
    assert recorder.stop() is None


def test_a_part_made_once_is_recorded_on_every_page_that_shows_it() -> None:
    recorder = Recorder()
    recorder.start()
    recorder.read(EVENT)

    def part() -> str:
        recorder.read(PLACE)
        recorder.read_incoming(ROW)
        return "row"

    value, reads = recorder.apart(part)
    assert value == "row"
    assert reads == ((PLACE,), (ROW,))
    assert recorder.stop() == (EVENT,)  # made apart: not the page's own read
    recorder.start()
    recorder.replay(reads)
    assert sorted(recorder.stop() or ()) == sorted([PLACE, INCOMING + ROW])
    recorder.start()
    recorder.replay(None)  # a part that walked over everything
    assert recorder.stop() is None


def _event_site(first_line: str) -> RecordingSiteGraph:
    event, row, place = URIRef(EVENT), URIRef(ROW), URIRef(PLACE)
    triples = [
        (event, RDF.type, SCHEMA.Event),
        (event, SCHEMA.name, Literal("Форум", lang="ru")),
        (event, SCHEMA.location, place),
        (event, PROV.wasDerivedFrom, row),
        (row, RDF.type, RM.SourceRow),
        (row, RM.sourceFile, Literal("report.txt")),
        (row, RM.firstLine, Literal(first_line)),
        (row, RM.firstLine, Literal("99")),  # a second value: the first is the span's
        (row, RM.lastLine, Literal("14")),
        (place, RDF.type, SCHEMA.Place),
        (place, SCHEMA.name, Literal("Смоленск", lang="ru")),
    ]
    return RecordingSiteGraph(TripleIndex(triples), Graph(), BASE)


def test_an_event_page_records_its_source_row_whose_span_it_shows() -> None:
    """The span is read from the row's pairs at once (SiteGraph.row_span): the page still
    records the row, so that a change of its lines makes the page again."""
    site = _event_site("12")
    site.recorder.start()
    page = resource_page(site, site.folder(EVENT), EVENT)
    reads = site.recorder.stop()
    assert reads is not None
    assert ROW in reads
    assert PLACE in reads
    source = next(s.content for s in page.sections if s.title == "Источник")
    assert source.span == "12–14"  # type: ignore[union-attr]

    def value(predicate: URIRef) -> str | None:  # the span read look-up by look-up
        found = site.graph.value(URIRef(ROW), predicate)
        return None if found is None else str(found)

    assert site.row_span(ROW) == RowSpan.read(value)
    moved = _event_site("13")
    assert moved.fingerprint(ROW) != site.fingerprint(ROW)
    assert moved.fingerprint(EVENT) == site.fingerprint(EVENT)


def test_a_page_sorting_what_another_page_sorted_before_records_it_too() -> None:
    """A sort key is kept once made (a listing of 50,000 events sorts most of them again);
    every page that sorts by it reads the resource, whichever page made the key first: what
    a page records must not depend on the pages made before it in the same process (one
    process making every page, or two sharing them, record the same)."""
    site = _event_site("12")
    site.recorder.start()
    first = site.sort_key(EVENT)
    assert EVENT in (site.recorder.stop() or ())
    site.recorder.start()
    assert site.sort_key(EVENT) == first
    assert site.recorder.stop() == (EVENT,)


def test_a_digest_reads_every_kind_of_object_as_term_text_writes_it() -> None:
    """The digests of caches written before stay comparable: an IRI object (written
    without a call) is read as _term_text reads it, as are the other kinds."""
    name = "https://schema.org/name"
    statements: dict[str, list[Term]] = {
        str(RDF.type): [str(SCHEMA.Event)],
        name: [
            Lit("Форум «IT»", "ru"),
            Lit("12", None, "http://www.w3.org/2001/XMLSchema#integer"),
        ],
    }
    text = "\n".join(f"{p} {_term_text(o)}" for p in sorted(statements) for o in statements[p])
    expected = hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()
    pairs = [(p, o) for p in sorted(statements) for o in statements[p]]
    assert _pairs_digest(pairs) == expected
    assert _term_text(str(SCHEMA.Event)) == f"I:{SCHEMA.Event}"
    assert NOTHING == hashlib.blake2b(b"", digest_size=12).hexdigest() != expected
    # what manifest() gives a resource the graph holds nothing about, as fingerprint() does
    site = _event_site("12")
    assert site.fingerprint(BASE + "org/none") == NOTHING
    assert site.fingerprint(INCOMING + BASE + "org/none") == NOTHING
    assert site.fingerprint(EVENT) != NOTHING


def test_the_record_of_pages_is_written_in_pieces_as_json_dumps_writes_it_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reuse, "_SLICE", 3)
    document = {
        "key": "k«ключ»",
        "resources": [[f"{BASE}event/{n}", f"{n:024x}"] for n in range(10)],
        "unread": 0,
        "pages": [],
        "parts": [["months/2021/03/index.html", "s", "0 1"]],
    }
    pieces = list(reuse._json_pieces(document))
    assert len(pieces) > 5  # the resources a slice at a time
    whole = json.dumps(document, separators=(",", ":")).encode("utf-8")
    assert b"".join(pieces) == whole
    # an iterator is written as the list it gives
    lazily = {**document, "resources": iter(document["resources"]), "pages": iter([])}
    assert b"".join(reuse._json_pieces(lazily)) == whole


# The site graph's dicts, which only its own methods read (each telling the recorder what it
# reads), and the modules that may touch them: the site graph and its recording subclass.
_DICTS = {"_out", "_inc", "_pages"}
_OWNERS = {"graph.py", "reuse.py"}


def _dict_reads(path: Path) -> list[str]:
    """Where a module reads one of the site graph's dicts (`line: name`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        f"{node.lineno}: {node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in _DICTS
    ]


def test_pages_read_the_site_graph_only_through_the_methods_that_record_it() -> None:
    """A page that read a dict of the site graph directly would not record the resource,
    and a rebuild would keep the page when that resource changed."""
    site_package = Path(reuse.__file__).parent
    modules = [p for p in sorted(site_package.glob("*.py")) if p.name not in _OWNERS]
    assert len(modules) > 5  # the page makers are there to be read
    assert {p.name: _dict_reads(p) for p in modules} == {p.name: [] for p in modules}


def test_a_direct_read_of_a_site_dict_is_found(tmp_path: Path) -> None:
    module = tmp_path / "page.py"
    module.write_text("def make(site):\n    return site._inc.get('x')\n", encoding="utf-8")
    assert _dict_reads(module) == ["2: _inc"]


def test_a_recording_site_graph_is_freed_when_let_go_with_the_cycle_collector_resting() -> None:
    """A build rests the cycle collector (pipeline) and lets the site graph go once its
    pages are written: the recorder, which the site graph holds, must not hold it back."""
    gc.collect()
    gc.disable()
    try:
        site = _event_site("12")
        site.recorder.start()
        site.label(EVENT)
        assert site.recorder.stop() == (EVENT,)
        gone = weakref.ref(site)
        del site
        assert gone() is None
    finally:
        gc.enable()
