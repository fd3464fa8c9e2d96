"""Reports as the named graphs of a release (the map stage's output): a graph per report,
one of the resources reports share, and one per link set, as light triples."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef

from .model import Report
from .rdf import Minter, report_graph_iri, report_triples
from .terms import Triple, light_term

# (graph IRI, its distinct triples), in the order a release writes them
NamedGraph = tuple[str, tuple[Triple, ...]]
NamedGraphs = tuple[NamedGraph, ...]
# owl:sameAs links to another publisher's dataset: the link set's IRI and its triples
Linkset = tuple[URIRef, Graph]


def registry_graph_iri(base: str) -> str:
    """The named graph of a release's shared resources (organisations, places, roadmaps and
    their plan items), described once beside the report graphs."""
    return Minter(base)("graph", "registry")


def named_graphs(
    reports: Iterable[Report], base: str, linksets: Iterable[Linkset] = ()
) -> NamedGraphs:
    """A named graph per report (the report, its events and their source rows), one graph of
    the resources reports share (each triple once, however many reports state it), and one
    per link set, as light triples. A store's union of these graphs then holds every shared
    triple once: with self-contained report graphs it held one copy per report, and queries
    joining organisations across reports slowed with the number of copies (issue 14)."""
    iri = Minter(base)
    own = tuple(iri(kind, "") for kind in ("report", "event", "source"))
    graphs: list[NamedGraph] = []
    shared: dict[Triple, None] = {}  # insertion-ordered set
    for report in reports:
        mine: list[Triple] = []
        for triple in report_triples(report, base):
            if triple[0].startswith(own):
                mine.append(triple)
            else:
                shared[triple] = None
        graphs.append((report_graph_iri(report, base), tuple(mine)))
    if shared:
        graphs.append((registry_graph_iri(base), tuple(shared)))
    return (*graphs, *linkset_graphs(linksets))


def linkset_graphs(linksets: Iterable[Linkset]) -> NamedGraphs:
    """Link sets as named graphs of light triples, in the order given."""
    return tuple(
        (str(name), tuple((str(s), str(p), light_term(o)) for s, p, o in linkset))
        for name, linkset in linksets
    )


def union(graphs: NamedGraphs) -> list[Triple]:
    """The triples of all graphs, one list (a triple two graphs hold comes twice)."""
    return [triple for _, triples in graphs for triple in triples]
