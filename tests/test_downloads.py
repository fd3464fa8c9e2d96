"""The downloads of a release hold one graph in every RDF format; events.csv has a row per
event and its CSV on the Web metadata describes exactly its columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF

from roadmap_kg.pipeline import build
from roadmap_kg.publish.downloads import COLUMNS
from roadmap_kg.settings import Settings
from roadmap_kg.vocab import SCHEMA

from conftest import FIXTURES, SEED

FORMATS = {
    "dataset.ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "dataset.nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "dataset.jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("downloads") / "dist"
    sources = (
        SEED,
        FIXTURES / "small" / "spb-smolensk-2022.txt",
        FIXTURES / "reports" / "spb-pskov-2022.txt",
    )
    assert build(Settings(sources=sources, out_dir=out)).files
    return out


@pytest.fixture(scope="module")
def turtle(release: Path) -> Graph:
    return Graph().parse(
        data=(release / "dataset.ttl").read_text(encoding="utf-8"), format="turtle"
    )


# rdflib 7.6 reads JSON-LD and TriG through its own deprecated ConjunctiveGraph API
RDFLIB_DATASETS = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
)


@pytest.mark.slow
@RDFLIB_DATASETS
@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_rdf_download_is_the_same_graph_in_rdflib_and_pyoxigraph(
    release: Path, turtle: Graph, name: str
) -> None:
    rdflib_format, ox_format = FORMATS[name]
    data = (release / name).read_bytes()
    parsed = Graph().parse(data=data.decode("utf-8"), format=rdflib_format)
    assert to_isomorphic(parsed) == to_isomorphic(turtle)
    triples = {(t.subject, t.predicate, t.object) for t in pyoxigraph.parse(data, format=ox_format)}
    assert len(triples) == len(turtle)


@RDFLIB_DATASETS
def test_the_trig_union_is_the_same_graph(release: Path, turtle: Graph) -> None:
    dataset = Dataset()
    dataset.parse(data=(release / "dataset.trig").read_text(encoding="utf-8"), format="trig")
    union = Graph()
    for graph in dataset.graphs():
        for triple in graph:
            union.add(triple)
    assert to_isomorphic(union) == to_isomorphic(turtle)


def test_events_csv_has_one_row_per_event(release: Path, turtle: Graph) -> None:
    with (release / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    events = {str(e) for e in turtle.subjects(RDF.type, SCHEMA.Event)}
    assert len(rows) == len(events) == 50 + 4 + 13
    assert {row["iri"] for row in rows} == events
    spbu_conference = next(
        r
        for r in rows
        if r["iri"].endswith(
            "2021-04-08-mezhdunarodnaya-konferentsiya-politicheskaya-geografiya-25eaa3"
        )
    )
    assert spbu_conference["hosts"] == "Санкт-Петербургский государственный университет"
    assert spbu_conference["city"] == "Санкт-Петербург"
    assert spbu_conference["precision"] == "day"
    assert spbu_conference["source"] == "000_5ce0ec11d6e227b6.txt:174-180"
    names = {
        str(n)
        for e in turtle.subjects(RDF.type, SCHEMA.Event)
        for n in turtle.objects(e, SCHEMA.name)
    }
    assert {row["name"] for row in rows} == names


def test_csvw_metadata_describes_exactly_the_csv_columns(release: Path) -> None:
    metadata = json.loads((release / "events.csv-metadata.json").read_text(encoding="utf-8"))
    header = (release / "events.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert metadata["url"] == "events.csv"
    assert (
        [c["name"] for c in metadata["tableSchema"]["columns"]] == header == [c[0] for c in COLUMNS]
    )
    assert all(c.get("datatype") for c in metadata["tableSchema"]["columns"])


def test_jsonld_uses_the_published_context(release: Path) -> None:
    document = json.loads((release / "dataset.jsonld").read_text(encoding="utf-8"))
    context = json.loads((release / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == context["@context"]
    assert context["@context"]["schema"] == "https://schema.org/"
    assert all(
        node["@id"].startswith("https://w3id.org/roadmap-kg/id/") for node in document["@graph"]
    )


@pytest.mark.slow
def test_a_second_build_is_byte_identical(release: Path, tmp_path: Path) -> None:
    again = tmp_path / "dist"
    sources = (
        SEED,
        FIXTURES / "small" / "spb-smolensk-2022.txt",
        FIXTURES / "reports" / "spb-pskov-2022.txt",
    )
    build(Settings(sources=sources, out_dir=again))
    names = sorted(p.name for p in release.iterdir() if p.is_file())
    assert names == sorted(p.name for p in again.iterdir() if p.is_file())
    for name in names:
        assert (again / name).read_bytes() == (release / name).read_bytes(), name


# --- JSON-LD nodes written as text -------------------------------------------------------------


def _reference_node(subject: str, by_predicate: dict) -> dict:
    """The node as a dict, built the plain way (the text writer must say the same)."""
    from roadmap_kg.publish.downloads import compact
    from roadmap_kg.terms import Lit

    def value(term: object) -> object:
        if isinstance(term, Lit):
            if term.lang:
                return {"@value": term.value, "@language": term.lang}
            if term.datatype and term.datatype != "http://www.w3.org/2001/XMLSchema#string":
                return {"@value": term.value, "@type": compact(term.datatype)}
            return term.value
        return {"@id": compact(str(term))}

    node: dict = {"@id": compact(subject)}
    types = sorted(compact(str(t)) for t in by_predicate.get(str(RDF.type), ()))
    if types:
        node["@type"] = types if len(types) > 1 else types[0]
    for predicate in sorted(by_predicate, key=compact):
        if predicate == str(RDF.type):
            continue
        values = [value(v) for v in by_predicate[predicate]]
        node[compact(predicate)] = (
            values[0]
            if len(values) == 1
            else sorted(values, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        )
    return node


def test_jsonld_node_text_is_the_sorted_node() -> None:
    from roadmap_kg.publish.downloads import node_json
    from roadmap_kg.terms import Lit

    ex, xsd = "http://example.org/", "http://www.w3.org/2001/XMLSchema#"
    by_predicate = {
        str(RDF.type): ["https://schema.org/Event", "http://data.europa.eu/m8g/PublicEvent"],
        "https://schema.org/name": [Lit('«Кавычки» "quotes" \\ \n\t', "ru"), Lit("b"), Lit("a")],
        "https://schema.org/startDate": [Lit("2021-05-01", None, xsd + "date")],
        f"{ex}mixed": [f"{ex}z", Lit("z", "en"), Lit("1", None, xsd + "integer"), Lit("y")],
        f"{ex}one": [Lit("x", None, xsd + "string")],
        "https://schema.org/attendee": [f"{ex}b", f"{ex}a"],
    }
    text = node_json(f"{ex}s", by_predicate)
    assert json.loads(text) == _reference_node(f"{ex}s", by_predicate)
    reference = json.dumps(_reference_node(f"{ex}s", by_predicate), ensure_ascii=False)
    assert text == reference  # the same bytes, key order included
    one_type = node_json(f"{ex}t", {str(RDF.type): ["https://schema.org/Place"]})
    assert one_type == '{"@id": "http://example.org/t", "@type": "schema:Place"}'


def test_jsonld_nodes_of_a_release_are_the_sorted_nodes(release: Path) -> None:
    from roadmap_kg.publish.downloads import node_json
    from roadmap_kg.publish.nodes import by_subject
    from roadmap_kg.terms import light_term

    graph = Graph().parse(release / "dataset.nt", format="nt")
    by_subject = by_subject(sorted((str(s), str(p), light_term(o)) for s, p, o in graph))
    assert len(by_subject) == len(set(graph.subjects()))
    for subject, by_predicate in by_subject.items():
        expected = json.dumps(_reference_node(subject, by_predicate), ensure_ascii=False)
        assert node_json(subject, by_predicate) == expected
