"""Everything a release holds, written in order: the data files, then the descriptions of
them (passport, catalogue), then the pages that link to all of them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..graphs import NamedGraphs
from ..workers import Job, Workers, do_later_work
from .catalog import write_catalog
from .changes import Changes, compare_with, write_changes
from .downloads import (
    write_context,
    write_csv_text,
    write_events_csv,
    write_events_csv_metadata,
    write_jsonld,
)
from .files import nt_lines, subject_lines, write_ntriples, write_trig, write_turtle_of_dump
from .fixlist import (
    FIX_LIST,
    FIX_LIST_METADATA,
    fix_list_warnings,
    fix_rows,
    write_fix_list,
    write_fix_list_metadata,
)
from .model import Release, Statistics
from .nodes import Nodes, by_subject
from .passport import write_passport

if TYPE_CHECKING:  # the pages' modules are imported only by a build with pages
    from .site.reuse import PageCache

# The data files, in the order the catalogue lists them.
DATA_FILES = (
    "dataset.ttl",
    "dataset.nt",
    "dataset.jsonld",
    "dataset.trig",
    "context.jsonld",
    "events.csv",
    "events.csv-metadata.json",
    FIX_LIST,
    FIX_LIST_METADATA,
    "ontology.ttl",
    "shapes.ttl",
)

Step = Callable[[str], None]  # told the name of each part of the data as it is done


def write_data(
    release: Release,
    folder: Path,
    step: Step = lambda _: None,
    parallel: bool = True,
) -> tuple[list[Path], Statistics]:
    """The downloads: the same graph in four RDF formats, the events as CSV, vocabulary;
    and the statistics of the graph for the catalogue, gathered from the JSON-LD's nodes.
    step(name) is called as each is done (the benchmark times them; with parallel=False
    one after another)."""
    path = {name: folder / name for name in DATA_FILES}
    graphs = release.named_graphs()
    # Everything that reads the triples is done in this process, one file after another;
    # only Turtle, made from the N-Triples file, is written beside the rest, by a fresh
    # interpreter started now (ready when the file is). Forked workers that read the
    # triples (JSON-LD) or the N-Triples lines (Turtle) copied them as they touched them:
    # at 50,000 events all processes peaked at 1.6-1.8 GiB of PSS, and at 1.15 GiB now, for
    # 1 s less CPU time but, on two idle cores, up to 3-5 s more wall time (a forked worker
    # writing JSON-LD from nodes made here, beside the CSV, still copied 590 MiB: 1.47 GiB in
    # all). The triples are grouped by subject once (nodes), for the N-Triples lines (made a
    # subject at a time), the JSON-LD and the statistics; TriG's lines are made a graph at a
    # time: no file's lines are all held at once.
    with Workers(parallel, fresh=1) as workers:  # leaving it ends what writes into the folder
        nodes = by_subject(t for _, triples in graphs for t in triples)
        turtle = _write_line_dumps(graphs, nodes, path, step, workers)
        write_jsonld(nodes, path["dataset.jsonld"])
        step("write JSON-LD")
        statistics = Statistics.of_nodes(nodes)
        step("gather statistics")
        del nodes
        write_context(path["context.jsonld"])
        _write_events_csv(release, path, step)
        turtle.result()
    _write_descriptions(release, path)
    return [path[name] for name in DATA_FILES], statistics


def _write_events_csv(release: Release, path: dict[str, Path], step: Step) -> None:
    if release.events_csv is not None:
        write_csv_text(release.events_csv.take(), path["events.csv"])
    else:
        write_events_csv(release.reports, release.base_iri, path["events.csv"])
    step("write CSV")


def _write_line_dumps(
    graphs: NamedGraphs, nodes: Nodes, path: dict[str, Path], step: Step, workers: Workers
) -> Job[None]:
    """N-Triples (from the nodes, a subject at a time) and TriG (a graph at a time) here,
    Turtle started from the N-Triples file (its job is returned: its result is to be taken
    before the folder is used)."""
    write_ntriples(subject_lines(nodes), path["dataset.nt"])
    step("write N-Triples")
    turtle = workers.start(
        partial(write_turtle_of_dump, path["dataset.nt"], path["dataset.ttl"]), fresh=True
    )
    if not workers.parallel:
        turtle.result()
        step("write Turtle")
    write_trig(((name, nt_lines(triples)) for name, triples in graphs), path["dataset.trig"])
    step("write TriG")
    return turtle


def _write_descriptions(release: Release, path: dict[str, Path]) -> None:
    """The fix-list, the CSVW metadata of events.csv and of the fix-list, and the ontology
    and shapes the data follows."""
    write_events_csv_metadata(
        path["events.csv-metadata.json"], "events.csv", release.config.title_ru
    )
    write_fix_list(fix_rows(fix_list_warnings(release)), path[FIX_LIST])
    write_fix_list_metadata(path[FIX_LIST_METADATA], release.config.title_ru)
    shutil.copyfile(release.ontology_dir / "roadmap.ttl", path["ontology.ttl"])
    shutil.copyfile(release.shapes_dir / "roadmap.ttl", path["shapes.ttl"])


def write_release(
    release: Release, folder: Path, pages: PageCache | None = None
) -> tuple[list[Path | str], Statistics]:
    """Data first, then the files that describe it (sizes and checksums of what is written;
    what changed since the previous release), then the pages that link to all of them (those
    of the previous release that would be the same kept, with a cache); and the statistics
    of the data (the pages' paths as text: tens of thousands of them, made Paths once, as
    the release is committed). The resource pages need none of the files: with pages, they
    are begun first, by forked processes that write them while this one writes the data (a
    worker does, in a rebuild: _DataFiles), and this one joins them after."""
    if not release.pages:
        files, statistics, _ = _write_files(release, folder)
        return [*files], statistics
    from .site import site_started  # Jinja and the page makers: only a build with pages

    with Workers() as workers:
        data = _DataFiles.begin(release, folder, workers, rebuild=pages is not None and pages.found)
        with site_started(release, folder, pages) as site:
            # the release's pages that list none of its files: after the data files, or
            # while a worker writes them
            files, statistics, release = data.written(partial(site.release_pages, release))
            written: list[Path | str] = [*files, *site.finish(release, files)]
    return written, statistics


@dataclass(frozen=True, slots=True)
class _DataFiles:
    """The data files of a release with pages, and the files that describe them
    (_write_files): written by this process while the page children write the pages, or, in a
    rebuild, by a forked worker begun before the site. A rebuild keeps most pages: its page
    children have little to do, and this process alone wrote the data files after the site's
    look-ups; the worker writes them beside the look-ups, the pages and the later work (one
    report of 1,000 changed, 50,000 events on tmpfs: 29.4 -> 24.1 s, all processes' PSS 1.8
    -> 2.2 GiB, below the full build's; 60 reports: 2.13 -> 1.97 s). In a full build, beside
    the data files the second core had only the Turtle writer's 0.2 s of work: the page child
    starts 0.6 s sooner (3,000 events on tmpfs, median of 8 builds with pages 5.75 -> 5.63 s;
    the data files take 0.5 -> 0.7 s, three processes on two cores)."""

    release: Release
    folder: Path
    job: Job[tuple[list[Path], Statistics, Changes | None]] | None

    @classmethod
    def begin(cls, release: Release, folder: Path, workers: Workers, rebuild: bool) -> _DataFiles:
        # a fix-list that lists SHACL warnings waits for the validation, which the worker
        # would then run again: such a release's files are written here
        if not (rebuild and workers.parallel and release.validation is None):
            return cls(release, folder, None)
        job = workers.start(partial(_files_written, release, folder))
        if release.events_csv is not None:
            release.events_csv.cancel()  # the worker makes events.csv: not made here too
        return cls(release, folder, job)

    def written(self, meanwhile: Callable[[], None]) -> tuple[list[Path], Statistics, Release]:
        """The files, the statistics and the release as written (_write_files), and
        meanwhile() done: after the files when this process writes them (what it makes is
        then not held while the data files are written: at 50,000 events with `--jobs 1`,
        1,385 MiB of PSS against 1,496 MiB the other way round, tmpfs, one run each), before
        the worker's answer is waited for when a worker does."""
        if self.job is None:
            written = _write_files(self.release, self.folder)
            # the validation and the build cache's drafts, now that the data files' memory is
            # free and before the pages' is taken: at 50,000 events done as this process
            # joined the page children, they raised all processes' PSS by 100 MiB for a
            # second, to the build's peak
            do_later_work()
            meanwhile()
            return written
        meanwhile()
        do_later_work()  # the validation, say, rather than wait for the worker
        files, statistics, changes = self.job.result()
        return (
            files,
            statistics,
            replace(self.release, known_statistics=statistics, changes=changes),
        )


def _files_written(release: Release, folder: Path) -> tuple[list[Path], Statistics, Changes | None]:
    """_write_files in a worker: what the release as written needs, not the release."""
    files, statistics, written = _write_files(release, folder)
    return files, statistics, written.changes


def _write_files(release: Release, folder: Path) -> tuple[list[Path], Statistics, Release]:
    """The data files, the passport, the catalogue and the changes; the release as written
    (with its statistics and changes)."""
    files, statistics = write_data(release, folder)
    changes = None
    if release.previous is not None:  # compared with the data as written
        changes = compare_with(release.previous, folder / "dataset.trig")
    release = replace(release, known_statistics=statistics, changes=changes)
    files += write_passport(release, folder, files)
    files += write_catalog(release, folder, files)
    if changes is not None:
        files += write_changes(changes, release.config, release.base_iri, folder, release.quality)
    return files, statistics, release
