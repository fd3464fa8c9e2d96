"""Everything a release holds, written in order: the data files, then the descriptions of
them (passport, catalogue), then the pages that link to all of them."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from ..graphindex import TripleIndex
from ..model import Report
from ..rdf import Minter, report_graph_iri, report_triples
from ..terms import Triple, light_term
from ..workers import Job, Workers
from .config import ReleaseConfig

if TYPE_CHECKING:  # catalog.py imports this module
    from .catalog import Statistics
from .downloads import (
    by_subject,
    write_context,
    write_csv_text,
    write_events_csv,
    write_events_csv_metadata,
    write_jsonld,
)
from .files import nt_lines, union_lines, write_ntriples, write_trig, write_turtle


@dataclass(frozen=True)
class Release:
    reports: tuple[Report, ...]
    graph: Graph | TripleIndex  # the union of the reports, for look-ups
    config: ReleaseConfig
    base_iri: str
    ontology_dir: Path
    shapes_dir: Path
    # owl:sameAs links to other publishers' datasets, one named graph per dataset linked to
    linksets: tuple[tuple[URIRef, Graph], ...] = ()
    # the named graphs as light triples (reports, then link sets), when already made
    light_graphs: tuple[tuple[str, tuple[Triple, ...]], ...] | None = None
    pages: bool = True  # write the browsable site/
    known_statistics: Statistics | None = None  # gathered while the dumps were written
    # events.csv, being made by another process since the reports were extracted (it needs
    # nothing else); without it write_data makes it
    events_csv: Job[str] | None = None

    @cached_property
    def statistics(self) -> Statistics:
        """Counts for the catalogue and VoID, gathered once in one pass over the triples."""
        from .catalog import Statistics

        if self.known_statistics is not None:
            return self.known_statistics
        return Statistics.of(t for _, triples in self.named_graphs() for t in triples)

    def named_graphs(self) -> tuple[tuple[str, tuple[Triple, ...]], ...]:
        if self.light_graphs is not None:
            return self.light_graphs
        return named_graphs(self.reports, self.base_iri, self.linksets)


def registry_graph_iri(base: str) -> str:
    """The named graph of a release's shared resources (organisations, places, roadmaps and
    their plan items), described once beside the report graphs."""
    return Minter(base)("graph", "registry")


def named_graphs(
    reports: Iterable[Report], base: str, linksets: Iterable[tuple[URIRef, Graph]] = ()
) -> tuple[tuple[str, tuple[Triple, ...]], ...]:
    """A named graph per report (the report, its events and their source rows), one graph of
    the resources reports share (each triple once, however many reports state it), and one
    per link set, as light triples. A store's union of these graphs then holds every shared
    triple once: with self-contained report graphs it held one copy per report, and queries
    joining organisations across reports slowed with the number of copies (issue 14)."""
    iri = Minter(base)
    own = tuple(iri(kind, "") for kind in ("report", "event", "source"))
    graphs: list[tuple[str, tuple[Triple, ...]]] = []
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
    graphs += [
        (str(name), tuple((str(s), str(p), light_term(o)) for s, p, o in linkset))
        for name, linkset in linksets
    ]
    return tuple(graphs)


# The data files, in the order the catalogue lists them.
DATA_FILES = (
    "dataset.ttl",
    "dataset.nt",
    "dataset.jsonld",
    "dataset.trig",
    "context.jsonld",
    "events.csv",
    "events.csv-metadata.json",
    "ontology.ttl",
    "shapes.ttl",
)


def write_data(
    release: Release,
    folder: Path,
    step: Callable[[str], None] = lambda _: None,
    parallel: bool = True,
) -> tuple[list[Path], Statistics]:
    """The downloads: the same graph in four RDF formats, the events as CSV, vocabulary;
    and the statistics of the graph for the catalogue, gathered from the JSON-LD's nodes.
    step(name) is called as each is done (the benchmark times them; with parallel=False
    one after another)."""
    from .catalog import Statistics

    path = {name: folder / name for name in DATA_FILES}
    graphs = release.named_graphs()

    def jsonld_and_csv() -> Statistics:
        nodes = by_subject(t for _, triples in graphs for t in triples)
        write_jsonld(nodes, path["dataset.jsonld"])
        step("write JSON-LD")
        if release.events_csv is None:
            write_events_csv(release.reports, release.base_iri, path["events.csv"])
            step("write CSV")
        statistics = Statistics.of_nodes(nodes)
        step("gather statistics")
        return statistics

    # JSON-LD (and CSV) in a second process, Turtle in a third once the union of the lines
    # is made, beside the N-Triples and TriG (the files do not depend on each other; a
    # process for TriG, too, was measured to cost half a gigabyte and to gain nothing)
    with Workers(parallel) as workers:  # leaving it ends what still writes into the folder
        jsonld = workers.start(jsonld_and_csv)
        graph_lines = [(name, nt_lines(triples)) for name, triples in graphs]
        lines = union_lines(lines for _, lines in graph_lines)
        turtle = workers.start(partial(write_turtle, lines, path["dataset.ttl"]))
        write_ntriples(lines, path["dataset.nt"])
        step("write N-Triples")
        if not parallel:
            turtle.result()
            step("write Turtle")
        del lines
        write_trig(graph_lines, path["dataset.trig"])
        step("write TriG")
        del graph_lines
        write_context(path["context.jsonld"])
        if release.events_csv is not None:
            write_csv_text(release.events_csv.result(), path["events.csv"])
        statistics = jsonld.result()
        turtle.result()
    write_events_csv_metadata(
        path["events.csv-metadata.json"], "events.csv", release.config.title_ru
    )
    shutil.copyfile(release.ontology_dir / "roadmap.ttl", path["ontology.ttl"])
    shutil.copyfile(release.shapes_dir / "roadmap.ttl", path["shapes.ttl"])
    return [path[name] for name in DATA_FILES], statistics


def write_release(release: Release, folder: Path) -> tuple[list[Path], Statistics]:
    """Data first, then the files that describe it (sizes and checksums of what is written),
    then the pages that link to all of them; and the statistics of the data."""
    from .catalog import write_catalog
    from .passport import write_passport
    from .site import write_site

    files, statistics = write_data(release, folder)
    release = replace(release, known_statistics=statistics)
    files += write_passport(release, folder, files)
    files += write_catalog(release, folder, files)
    if release.pages:
        files += write_site(release, folder, files)
    return files, statistics
