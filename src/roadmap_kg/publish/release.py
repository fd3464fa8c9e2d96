"""Everything a release holds, written in order: the data files, then the descriptions of
them (passport, catalogue), then the pages that link to all of them."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from ..background import Background
from ..graphindex import TripleIndex
from ..model import Report
from ..rdf import Triple, light, report_graph_iri, report_triples
from .config import ReleaseConfig

if TYPE_CHECKING:  # catalog.py imports this module
    from .catalog import Statistics
from .downloads import (
    write_context,
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

    @cached_property
    def statistics(self) -> Statistics:
        """Counts for the catalogue and VoID, gathered once in one pass over the triples."""
        from .catalog import Statistics

        return Statistics.of(t for _, triples in self.named_graphs() for t in triples)

    def named_graphs(self) -> tuple[tuple[str, tuple[Triple, ...]], ...]:
        if self.light_graphs is not None:
            return self.light_graphs
        return named_graphs(self.reports, self.base_iri, self.linksets)


def named_graphs(
    reports: Iterable[Report], base: str, linksets: Iterable[tuple[URIRef, Graph]] = ()
) -> tuple[tuple[str, tuple[Triple, ...]], ...]:
    """A named graph per report (self-contained) and per link set, as light triples."""
    graphs = [(report_graph_iri(r, base), tuple(report_triples(r, base))) for r in reports]
    graphs += [
        (str(name), tuple((str(s), str(p), light(o)) for s, p, o in linkset))
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
) -> list[Path]:
    """The downloads: the same graph in four RDF formats, the events as CSV, vocabulary.
    step(name) is called as each is done (the benchmark times them; with parallel=False
    one after another)."""
    path = {name: folder / name for name in DATA_FILES}
    graphs = release.named_graphs()

    def jsonld_and_csv() -> None:
        write_jsonld((t for _, triples in graphs for t in triples), path["dataset.jsonld"])
        step("write JSON-LD")
        write_events_csv(release.reports, release.base_iri, path["events.csv"])
        step("write CSV")

    # JSON-LD and CSV in a second process, beside the N-Triples, Turtle and TriG
    others = Background(jsonld_and_csv) if parallel else None
    try:
        graph_lines = [(name, nt_lines(triples)) for name, triples in graphs]
        lines = union_lines(lines for _, lines in graph_lines)
        write_ntriples(lines, path["dataset.nt"])
        step("write N-Triples")
        write_turtle(lines, path["dataset.ttl"])
        del lines
        step("write Turtle")
        write_trig(graph_lines, path["dataset.trig"])
        del graph_lines
        step("write TriG")
        write_context(path["context.jsonld"])
    except BaseException:
        if others is not None:
            others.cancel()  # it writes into the folder the caller is about to remove
        raise
    if others is None:
        jsonld_and_csv()
    else:
        others.result()
    write_events_csv_metadata(
        path["events.csv-metadata.json"], "events.csv", release.config.title_ru
    )
    shutil.copyfile(release.ontology_dir / "roadmap.ttl", path["ontology.ttl"])
    shutil.copyfile(release.shapes_dir / "roadmap.ttl", path["shapes.ttl"])
    return [path[name] for name in DATA_FILES]


def write_release(release: Release, folder: Path) -> list[Path]:
    """Data first, then the files that describe it (sizes and checksums of what is written),
    then the pages that link to all of them."""
    from .catalog import write_catalog
    from .passport import write_passport
    from .site import write_site

    files = write_data(release, folder)
    files += write_passport(release, folder, files)
    files += write_catalog(release, folder, files)
    return files + write_site(release, folder, files) if release.pages else files
