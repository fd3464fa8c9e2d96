"""Round trips: every RDF file of a release of five reports reads back, in rdflib and in
pyoxigraph alike, as the same graph; and the formats of the same data hold the same graph:
dataset.ttl = dataset.nt = the union of dataset.trig = dataset.jsonld, and each resource
page's index.ttl = index.jsonld = the JSON-LD inside its index.html, all of it in the release.

pyoxigraph's terms are turned into rdflib's so that graphs with blank nodes (catalogue,
ontology, shapes) are compared up to blank node names (rdflib.compare)."""

from __future__ import annotations

import html.parser
import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import XSD
from rdflib.term import Node

from roadmap_kg.pipeline import build
from roadmap_kg.settings import Settings

from conftest import FIXTURES

# rdflib 7.6 reads JSON-LD and TriG through its own deprecated ConjunctiveGraph API
RDFLIB_DATASETS = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
)
SYNTAX = {
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
    ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
    ".trig": ("trig", ox.RdfFormat.TRIG),
    ".jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
}
DOWNLOADS = (
    "dataset.ttl",
    "dataset.nt",
    "dataset.trig",
    "dataset.jsonld",
    "catalog.ttl",
    "void.ttl",
    "ontology.ttl",
    "shapes.ttl",
)
# the folders of resource pages: a few pages of each are read (the first, the last, between)
PAGE_KINDS = (
    "id/event",
    "id/org",
    "id/place",
    "id/report",
    "id/roadmap",
    "id/source",
    "ontology/kind",
    "ontology/precision",
)
Quad = tuple[Node, Node, Node, Node]


# --- reading with either parser ---------------------------------------------------------------


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Node:
    """pyoxigraph's term as rdflib's; a simple literal is one without a datatype in rdflib."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return URIRef("urn:x-rdflib:default")
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype == ox.NamedNode(str(XSD.string)):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def oxigraph_quads(data: bytes, suffix: str) -> set[Quad]:
    parsed = ox.parse(data, format=SYNTAX[suffix][1])
    return {
        (
            rdflib_term(q.subject),
            rdflib_term(q.predicate),
            rdflib_term(q.object),
            rdflib_term(q.graph_name),
        )
        for q in parsed
    }


def oxigraph_graph(data: bytes, suffix: str) -> Graph:
    graph = Graph()
    for s, p, o, _ in oxigraph_quads(data, suffix):
        graph.add((s, p, o))  # type: ignore[arg-type]
    return graph


def rdflib_quads(data: bytes) -> set[Quad]:
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format="trig")
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}  # type: ignore[misc]


def rdflib_graph(data: bytes, suffix: str) -> Graph:
    """The graph (for TriG: the union of its graphs) rdflib reads."""
    graph = Graph()
    if suffix == ".trig":
        for s, p, o, _ in rdflib_quads(data):
            graph.add((s, p, o))  # type: ignore[arg-type]
        return graph
    return graph.parse(data=data.decode("utf-8"), format=SYNTAX[suffix][0])


def assert_same(a: Graph, b: Graph, what: str) -> None:
    assert len(a) == len(b), f"{what}: {len(a)} and {len(b)} triples"
    if not isomorphic(a, b):
        ia, ib = to_isomorphic(a), to_isomorphic(b)
        only_a, only_b = sorted(ia - ib)[:3], sorted(ib - ia)[:3]  # type: ignore[operator]
        raise AssertionError(
            f"{what}: different graphs; only in the first {only_a}, only in the second {only_b}"
        )


# --- the downloads -------------------------------------------------------------------------------


@pytest.mark.slow
@RDFLIB_DATASETS
@pytest.mark.parametrize("name", DOWNLOADS)
def test_every_download_reads_as_the_same_graph_in_rdflib_and_pyoxigraph(
    multi_release: Path, name: str
) -> None:
    path = multi_release / name
    data = path.read_bytes()
    by_rdflib = rdflib_graph(data, path.suffix)
    assert len(by_rdflib) > 20
    assert_same(by_rdflib, oxigraph_graph(data, path.suffix), name)


@pytest.mark.slow
@RDFLIB_DATASETS
def test_the_dataset_is_one_graph_in_every_format(multi_release: Path) -> None:
    names = ("dataset.ttl", "dataset.nt", "dataset.trig", "dataset.jsonld")
    graphs = {
        name: rdflib_graph((multi_release / name).read_bytes(), Path(name).suffix) for name in names
    }
    reference = graphs["dataset.nt"]
    assert not any(isinstance(term, BNode) for triple in reference for term in triple)
    for name, graph in graphs.items():
        assert set(graph) == set(reference), name  # no blank nodes: the very same triples
    # and so in pyoxigraph
    for name in names:
        triples = {
            q[:3] for q in oxigraph_quads((multi_release / name).read_bytes(), Path(name).suffix)
        }
        assert triples == set(reference), name


@RDFLIB_DATASETS
def test_the_trig_quads_read_the_same_in_both_parsers(multi_release: Path) -> None:
    data = (multi_release / "dataset.trig").read_bytes()
    by_rdflib = rdflib_quads(data)
    by_oxigraph = oxigraph_quads(data, ".trig")
    assert by_rdflib == by_oxigraph
    graphs = {q[3] for q in by_oxigraph}
    # a graph per report and the registry of the resources they share
    assert len(graphs) == 6
    assert all(isinstance(g, URIRef) for g in graphs)
    assert sorted("/id/report/" in g for g in graphs) == [False] + [True] * 5
    assert URIRef("https://w3id.org/roadmap-kg/id/graph/registry") in graphs


def test_the_ontology_page_is_the_ontology(multi_release: Path) -> None:
    page = (multi_release / "site" / "ontology" / "index.ttl").read_bytes()
    ontology = (multi_release / "ontology.ttl").read_bytes()
    assert_same(
        rdflib_graph(page, ".ttl"), rdflib_graph(ontology, ".ttl"), "site/ontology/index.ttl"
    )
    assert_same(
        oxigraph_graph(page, ".ttl"), rdflib_graph(ontology, ".ttl"), "site/ontology/index.ttl"
    )


# --- the resource pages --------------------------------------------------------------------------


class _JsonLdScripts(html.parser.HTMLParser):
    """The text of every <script type="application/ld+json"> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.scripts[-1] += data


def page_jsonld(page: Path) -> list[str]:
    reader = _JsonLdScripts()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader.scripts


def sample(site: Path) -> list[Path]:
    """Resource folders: a few of each kind, and every one whose Turtle escapes characters
    (source rows: tabs, line ends, quotes)."""
    chosen: list[Path] = []
    for kind in PAGE_KINDS:
        folders = sorted(p.parent for p in (site / kind).rglob("index.ttl"))
        assert folders, kind
        picks = sorted({0, len(folders) // 3, 2 * len(folders) // 3, len(folders) - 1})
        chosen += [folders[i] for i in picks]
    escaping = sorted(
        p.parent
        for p in (site / "id" / "source").rglob("index.ttl")
        if "\\" in p.read_text(encoding="utf-8")
    )
    assert escaping
    return sorted(set(chosen) | set(escaping[:6]))


@pytest.fixture(scope="module")
def release_triples(multi_release: Path) -> set[tuple[Node, Node, Node]]:
    """What a page may say: the dataset and the ontology (no blank nodes in the dataset; the
    ontology's are left out: pages describe named resources)."""
    dataset = rdflib_graph((multi_release / "dataset.nt").read_bytes(), ".nt")
    ontology = rdflib_graph((multi_release / "ontology.ttl").read_bytes(), ".ttl")
    return set(dataset) | {t for t in ontology if not any(isinstance(x, BNode) for x in t)}


@RDFLIB_DATASETS
def test_each_resource_page_is_one_graph_in_turtle_jsonld_and_its_html(
    multi_release: Path, release_triples: set[tuple[Node, Node, Node]]
) -> None:
    folders = sample(multi_release / "site")
    assert len(folders) > 30
    for folder in folders:
        where = str(folder.relative_to(multi_release))
        ttl, jsonld = (folder / "index.ttl").read_bytes(), (folder / "index.jsonld").read_bytes()
        graphs = {
            "ttl/rdflib": rdflib_graph(ttl, ".ttl"),
            "ttl/pyoxigraph": oxigraph_graph(ttl, ".ttl"),
            "jsonld/rdflib": rdflib_graph(jsonld, ".jsonld"),
            "jsonld/pyoxigraph": oxigraph_graph(jsonld, ".jsonld"),
        }
        scripts = page_jsonld(folder / "index.html")
        assert len(scripts) == 1, where
        embedded = json.dumps(json.loads(scripts[0])).encode()  # '<\/' is '</' in JSON
        graphs["html/rdflib"] = rdflib_graph(embedded, ".jsonld")
        graphs["html/pyoxigraph"] = oxigraph_graph(embedded, ".jsonld")
        reference = graphs["ttl/rdflib"]
        assert len(reference) > 0, where
        for name, graph in graphs.items():
            assert set(graph) == set(reference), f"{where} {name}"
        assert set(reference) <= release_triples, f"{where}: says what the release does not"
        subject = URIRef("https://w3id.org/roadmap-kg/" + where.split("/", 1)[1])
        assert (subject, None, None) in reference, where


@RDFLIB_DATASETS
def test_the_dataset_description_on_the_front_page_reads_the_same_in_both_parsers(
    multi_release: Path,
) -> None:
    scripts = page_jsonld(multi_release / "site" / "index.html")
    assert len(scripts) == 1
    data = json.dumps(json.loads(scripts[0])).encode()
    by_rdflib = rdflib_graph(data, ".jsonld")
    assert len(by_rdflib) > 5
    assert_same(by_rdflib, oxigraph_graph(data, ".jsonld"), "site/index.html")


# --- a source file whose name is no IRI as it is ------------------------------------------------

HOSTILE_NAME = "Отчёт 2022 #1 (итог) 100%20 <a>.txt"


@pytest.fixture(scope="module")
def hostile_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of a report whose file name has spaces, '#', '%', '<' and Cyrillic letters,
    as officials name their files; source-row IRIs are made from the file name."""
    folder = tmp_path_factory.mktemp("hostile-name")
    source = folder / HOSTILE_NAME
    shutil.copyfile(FIXTURES / "reports" / "tricky-2022.txt", source)
    out = folder / "dist"
    assert build(Settings(sources=(source,), out_dir=out)).files
    return out


@RDFLIB_DATASETS
def test_a_file_name_that_is_no_iri_gives_a_release_that_round_trips(hostile_release: Path) -> None:
    reference = rdflib_graph((hostile_release / "dataset.nt").read_bytes(), ".nt")
    rows = sorted(
        {str(s) for s in reference.subjects() if isinstance(s, URIRef) and "/id/source/" in s}
    )
    assert len(rows) == 6
    for name in ("dataset.ttl", "dataset.trig", "dataset.jsonld"):
        data = (hostile_release / name).read_bytes()
        assert set(rdflib_graph(data, Path(name).suffix)) == set(reference), name
        assert {q[:3] for q in oxigraph_quads(data, Path(name).suffix)} == set(reference), name
    for row in rows:
        # percent-encoded where an IRI may not hold the character; the letters kept
        assert row.startswith(
            "https://w3id.org/roadmap-kg/id/source/Отчёт%202022%20%231%20(итог)%20100%2520%20%3Ca%3E.txt/L"
        )
        # the page is where a web server looks for the decoded path of the IRI
        folder = (
            hostile_release / "site" / unquote(row.removeprefix("https://w3id.org/roadmap-kg/"))
        )
        page = oxigraph_graph((folder / "index.ttl").read_bytes(), ".ttl")
        about = set(page.triples((URIRef(row), None, None)))
        assert about
        assert about == set(reference.triples((URIRef(row), None, None)))
