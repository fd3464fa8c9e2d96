"""The staged pipeline: read → extract → map → validate → publish."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.util import guess_format

from .errors import InputError
from .extract import extract_files
from .graphindex import TripleIndex
from .ids import slug
from .link import external_links, linkset_graph
from .model import Report, Warning_
from .publish import downloads
from .publish.catalog import Statistics
from .publish.config import load_config
from .publish.files import atomic_release
from .publish.release import Release, named_graphs, write_release
from .read import read_source
from .reference import Reference
from .settings import Settings
from .validate import ValidationReport, load_shapes, validate
from .workers import Workers


@dataclass(frozen=True)
class BuildResult:
    reports: tuple[Report, ...]
    graph: TripleIndex  # the union of the release
    validation: ValidationReport
    new_organisations: tuple[str, ...]  # keys of organisations not in the authority file
    files: tuple[Path, ...]  # empty when nothing was written
    triples: int = 0  # distinct triples of the release

    @property
    def warnings(self) -> tuple[Warning_, ...]:
        return tuple(w for report in self.reports for w in report.warnings)

    @property
    def events(self) -> int:
        return sum(len(report.events) for report in self.reports)

    @property
    def organisations(self) -> int:
        return len({org.key for report in self.reports for org in report.organisations})

    @property
    def unplaced(self) -> int:
        """Organisations no evidence places in a city or region (each one is warned about)."""
        return len(
            {org.key for r in self.reports for org in r.organisations if org.location is None}
        )

    @property
    def dates_as_text(self) -> int:
        """Events whose date could not be read and is kept only as written."""
        return sum(
            event.date.precision == "unknown" for report in self.reports for event in report.events
        )


def extract(settings: Settings, reference: Reference) -> tuple[Report, ...]:
    # reading is I/O only, extraction pure; a large release does both in two processes
    return extract_files(settings.sources, read_source, reference)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A build makes millions of long-lived objects and no reference cycles to speak of;
    Python's cycle collector would walk them again and again (a third of the time of a large
    build), so it rests during the build and resumes after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(settings: Settings) -> BuildResult:
    """Extract, map and validate; write the release only if it conforms (and, with strict
    settings, only if extraction raised no warning)."""
    with _without_cycle_collection():
        return _build(settings)


def _build(settings: Settings) -> BuildResult:
    reference = Reference(settings.reference_dir)
    reports = extract(settings, reference)
    with Workers() as workers:
        return _publish(settings, reference, reports, workers)


def _publish(
    settings: Settings,
    reference: Reference,
    reports: tuple[Report, ...],
    workers: Workers,
) -> BuildResult:
    """Map, validate and write extracted reports. Work that does not depend on the rest runs
    in other processes (started by workers), started as soon as what it needs is made:
    events.csv needs only the reports, validation only the triples."""
    base = settings.base_iri
    writing = not (settings.strict and any(report.warnings for report in reports))
    events_csv = workers.start(partial(downloads.events_csv, reports, base)) if writing else None
    report_graphs = named_graphs(reports, base)
    union = [t for _, triples in report_graphs for t in triples]
    # validation runs in another process beside the writing of the release into its staging
    # folder; the release replaces the previous one only if the data conforms
    checking = workers.start(lambda: validate(union, load_shapes(settings.shapes_dir)))
    index = TripleIndex.from_light(union)
    linksets = tuple(_linkset(path, index, reference, base) for path in settings.link_with)
    if linksets:
        graphs = report_graphs + named_graphs((), base, linksets)
        index = TripleIndex.from_light(t for _, triples in graphs for t in triples)
    else:
        graphs = report_graphs
    new = tuple(
        sorted(
            {o.key for r in reports for o in r.organisations if o.key not in reference.authority}
        )
    )
    if not writing:
        triples = len({t for _, light in graphs for t in light})
        return BuildResult(reports, index, checking.result(), new, (), triples)
    release = Release(
        reports,
        index,
        load_config(settings.config_path),
        base,
        settings.ontology_dir,
        settings.shapes_dir,
        linksets,
        graphs,
        settings.pages,
        events_csv=events_csv,
    )
    outcome: list[ValidationReport] = []
    gathered: list[Statistics] = []

    def write(folder: Path) -> list[Path]:
        files, statistics = write_release(release, folder)
        gathered.append(statistics)
        return files

    def conforms() -> bool:
        outcome.append(checking.result())
        return outcome[0].conforms

    files = atomic_release(settings.out_dir, write, conforms)
    return BuildResult(reports, index, outcome[0], new, tuple(files), gathered[0].triples)


def _linkset(
    path: Path, ours: TripleIndex, reference: Reference, base: str
) -> tuple[URIRef, Graph]:
    """owl:sameAs links to another publisher's dataset, as a named graph of the release."""
    other = Graph()
    try:
        other.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises many kinds; all mean "not readable RDF"
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path.name, None, f"not readable as RDF ({message})") from None
    name = URIRef(f"{base}linkset/{slug(path.stem)}")
    return name, linkset_graph(external_links(other, ours, reference))
