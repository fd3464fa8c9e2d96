"""Several reports in one release: shared roadmap, plan items, organisations and places;
dataset.trig holds one named graph per report and a registry graph of the resources they
share, and dataset.ttl is their union."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF

from roadmap_kg.pipeline import build
from roadmap_kg.settings import Settings, resource_dir
from roadmap_kg.validate import load_shapes, validate
from roadmap_kg.vocab import RM, SCHEMA

from conftest import FIXTURES, SEED

ID = "https://w3id.org/roadmap-kg/id/"
# rdflib 7.6's TriG parser goes through its own deprecated ConjunctiveGraph and
# Dataset.default_context: warnings of rdflib about rdflib, not about our code or data
RDFLIB_TRIG = pytest.mark.filterwarnings(
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
)
SOURCES = (
    SEED,
    FIXTURES / "small" / "spb-smolensk-2022.txt",
    FIXTURES / "reports" / "spb-pskov-2022.txt",
)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "dist"
    result = build(Settings(sources=SOURCES, out_dir=out))
    assert result.validation.conforms, [str(v) for v in result.validation.violations]
    return out


@pytest.fixture(scope="module")
def union(release: Path) -> Graph:
    return Graph().parse(
        data=(release / "dataset.ttl").read_text(encoding="utf-8"), format="turtle"
    )


def test_two_reports_of_one_roadmap_share_it_and_its_plan_items(union: Graph) -> None:
    roadmap = URIRef(ID + "roadmap/ru-smo_ru-spe_2021-2023")
    reports = sorted(union.subjects(RM.roadmap, roadmap))
    reports = [r for r in reports if (r, RDF.type, RM.ImplementationReport) in union]
    assert [str(r).rsplit("/report/", 1)[1] for r in reports] == [
        "ru-smo_ru-spe_2021-2023/2021/ru-smo",
        "ru-smo_ru-spe_2021-2023/2022/ru-smo",
    ]
    assert len(list(union.objects(roadmap, SCHEMA.name))) == 1
    item = URIRef(ID + "roadmap/ru-smo_ru-spe_2021-2023/item/4.2")
    years = {
        str(union.value(union.value(e, RM.report), RM.reportingYear))
        for e in union.subjects(RM.planItem, item)
    }
    assert years == {"2021", "2022"}
    assert len(list(union.subjects(RDF.type, RM.Roadmap))) == 2  # and the Pskov roadmap


def test_an_organisation_has_one_iri_and_one_name_across_reports(union: Graph) -> None:
    smolgu = URIRef(ID + "org/smolenskiy-gosudarstvennyy-universitet")
    years = {
        str(union.value(union.value(e, RM.report), RM.reportingYear))
        for e in union.subjects(SCHEMA.attendee, smolgu)
    }
    assert years == {"2021", "2022"}
    assert len(list(union.objects(smolgu, SCHEMA.name))) == 1
    for org in union.subjects(RDF.type, SCHEMA.Organization):
        assert len(list(union.objects(org, SCHEMA.name))) == 1, org


REGISTRY = URIRef(ID + "graph/registry")


def _graphs(release: Path) -> dict[URIRef, Graph]:
    dataset = Dataset()
    dataset.parse(data=(release / "dataset.trig").read_text(encoding="utf-8"), format="trig")
    graphs = {}
    for graph in dataset.graphs():
        if len(graph):
            alone = Graph()
            for triple in graph:
                alone.add(triple)
            graphs[graph.identifier] = alone
    return graphs


# The layout changed with issue 14: report graphs used to be self-contained (each repeated the
# organisations, places, roadmap and plan items it named); shared resources now stand once in
# the registry graph, so that a store's union holds each of their triples once.
@RDFLIB_TRIG
def test_trig_has_a_graph_per_report_and_a_registry_and_the_union_is_the_turtle(
    release: Path, union: Graph
) -> None:
    graphs = _graphs(release)
    reports = sorted(str(r) for r in union.subjects(RDF.type, RM.ImplementationReport))
    assert sorted(str(name) for name in graphs if name != REGISTRY) == reports
    assert REGISTRY in graphs
    merged = Graph()
    for graph in graphs.values():
        for triple in graph:
            merged.add(triple)
    assert to_isomorphic(merged) == to_isomorphic(union)
    assert sum(len(g) for g in graphs.values()) == len(union)  # no triple in two graphs


@RDFLIB_TRIG
def test_report_graphs_hold_their_report_events_and_source_rows_and_the_registry_the_rest(
    release: Path,
) -> None:
    for name, graph in _graphs(release).items():
        kinds = {str(s)[len(ID) :].split("/", 1)[0] for s in graph.subjects()}
        if name == REGISTRY:
            assert kinds == {"org", "place", "roadmap"}, kinds
        else:
            assert kinds == {"report", "event", "source"}, (name, kinds)
            assert set(graph.subjects(RDF.type, RM.ImplementationReport)) == {name}


def test_the_union_is_what_self_contained_report_graphs_gave(release: Path, union: Graph) -> None:
    from roadmap_kg.extract import extract_report
    from roadmap_kg.rdf import to_graph
    from roadmap_kg.read import read_source
    from roadmap_kg.reference import Reference

    reference = Reference(Settings().reference_dir)
    reports = [extract_report(read_source(path), reference) for path in SOURCES]
    assert to_isomorphic(to_graph(reports)) == to_isomorphic(union)


@RDFLIB_TRIG
def test_each_report_graph_with_the_registry_conforms(release: Path) -> None:
    graphs = _graphs(release)
    shapes = load_shapes(resource_dir("shapes"))
    for name, graph in graphs.items():
        if name != REGISTRY:
            assert validate(graph + graphs[REGISTRY], shapes).conforms, name


@RDFLIB_TRIG
def test_rdflib_and_pyoxigraph_read_the_same_number_of_triples(release: Path, union: Graph) -> None:
    quads = list(
        pyoxigraph.parse(path=str(release / "dataset.trig"), format=pyoxigraph.RdfFormat.TRIG)
    )
    triples = list(
        pyoxigraph.parse(path=str(release / "dataset.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    )
    assert len(triples) == len(union)
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(union)
    dataset = Dataset()
    dataset.parse(data=(release / "dataset.trig").read_text(encoding="utf-8"), format="trig")
    assert len(quads) == sum(len(g) for g in dataset.graphs())


@pytest.mark.slow
def test_a_second_build_is_byte_identical(release: Path, tmp_path: Path) -> None:
    again = tmp_path / "dist"
    build(Settings(sources=SOURCES, out_dir=again))
    for name in ("dataset.ttl", "dataset.trig"):
        assert (again / name).read_bytes() == (release / name).read_bytes(), name
