"""The staged pipeline: read → extract → map → validate → publish.

- read and extract: source files (settings.sources) → reports, the typed model
  (`extract`; for a large release the two overlap in two processes);
- map: reports → the release's named graphs of light triples (`graphs.named_graphs`), and
  links to other datasets (`link`) with the index every look-up uses (`Mapped`);
- validate: the report graphs and the SHACL shapes → a `ValidationReport`, once the release
  is written (in the build's process: a worker of its own copied half a gigabyte at 50,000
  events for two seconds saved);
- publish: a `Release` → its files, written into a staging folder that replaces the output
  folder only if the data conforms (`publish`).

`build` runs them in that order and gives a `BuildResult`.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from rdflib import Graph, URIRef
from rdflib.util import guess_format

from . import buildcache
from .errors import InputError
from .extract import draft_files, settle_drafted
from .extract.draft import Drafted
from .graphindex import TripleIndex
from .graphs import Linkset, NamedGraphs, linkset_graphs, named_graphs, union
from .ids import slug
from .lang import morph
from .link import external_links, linkset_graph
from .memory import Choice, budget, page_processes
from .model import Report, Warning_
from .previous import find_previous
from .publish import downloads
from .publish.config import load_config
from .publish.files import PAGES_CACHE as PAGES
from .publish.files import ReleaseFiles, staged_release
from .publish.model import Release
from .publish.release import write_release
from .quality import Measurements, measure
from .read import read_source
from .reference import Reference
from .settings import Settings
from .validate import ValidationReport, load_shapes, may_warn, validate
from .workers import Job, at_most, later

if TYPE_CHECKING:  # the pages' modules are imported only by a build with pages
    from .publish.site.reuse import PageCache


@dataclass(frozen=True, kw_only=True)
class BuildResult:
    reports: tuple[Report, ...]
    graph: TripleIndex  # the union of the release
    validation: ValidationReport
    new_organisations: tuple[str, ...]  # keys of organisations not in the authority file
    files: ReleaseFiles  # empty when nothing was written
    triples: int = 0  # distinct triples of the release
    notes: tuple[str, ...] = ()  # how the build was run, when not as asked (memory.py)

    @property
    def warnings(self) -> tuple[Warning_, ...]:
        return tuple(w for report in self.reports for w in report.warnings)

    @property
    def fix_list(self) -> int:
        """Rows of the fix-list: every extraction warning and every SHACL warning."""
        shacl = sum(v.severity == "Warning" for v in self.validation.violations)
        return len(self.warnings) + shacl

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


def build(settings: Settings) -> BuildResult:
    """Read, extract, map and validate; publish the release only if it conforms (and, with
    strict settings, only if extraction raised no warning). What needs only the work done so
    far is done as soon as it can be, or when its result is wanted where a worker would copy
    much memory for little time (events.csv, validation: workers.later)."""
    base = settings.base_iri
    # read before anything is written: the default is the release the new one will replace
    previous = find_previous(settings.previous, settings.out_dir)
    with _cycle_collector_resting(), at_most(settings.jobs):
        reference = Reference(settings.reference_dir)
        extracted = extract_over_previous(settings, reference)
        reports = extracted.reports
        publishing = not (settings.strict and any(report.warnings for report in reports))
        # events.csv in this process while the data files are written: a worker of its own
        # touched every report (at 50,000 events 440 MiB more for all processes, no time saved)
        events_csv = later(partial(downloads.events_csv, reports, base)) if publishing else None
        graphs = named_graphs(reports, base)
        checking = later(partial(_validate, graphs, settings.shapes_dir))  # once written
        mapped = link(graphs, settings, reference)
        processes = _processes(settings, graphs)
        if publishing:
            quality = measure(reports, reference, base)
            release = replace(
                _release(settings, reports, mapped, events_csv, quality), previous=previous
            )
            if may_warn(settings.shapes_dir):  # the fix-list lists SHACL warnings too
                release = replace(release, validation=checking)
            caches = Caches(
                drafts_found=extracted.previous.found,
                over_out=buildcache.over_out(settings),
                # encoded as later work: with pages, while the pages are being written
                # (1.5 s at 50,000 events, in this process before it joins them), and
                # spooled to wait for the end (buildcache.spool)
                drafts=later(partial(_spooled, extracted.cache_files)),
                pages=_page_cache(settings),
            )
            # the drafts are held by the later work that encodes them, and let go once done
            del extracted
            with at_most(processes.processes):
                outcome = publish(release, settings.out_dir, checking, caches)
        else:
            outcome = Outcome(validation=checking.result(), triples=_distinct(mapped.graphs))
    return BuildResult(
        reports=reports,
        graph=mapped.index,
        validation=outcome.validation,
        new_organisations=_new_organisations(reports, reference),
        files=outcome.files,
        triples=outcome.triples,
        notes=() if processes.why is None else (processes.why,),
    )


@dataclass(frozen=True, kw_only=True)
class Extracted:
    """The reports of a release, and what the build cache keeps of them for the next build."""

    reports: tuple[Report, ...]
    drafted: list[Drafted]  # each source file's draft, in order
    sources: tuple[str | None, ...]  # each source file's name and digest (buildcache)
    code: str  # the digest of the code and reference data that drafted them
    previous: buildcache.Previous  # what the previous release's cache offered
    lemmas: dict[str, str] = field(default_factory=dict)  # those known once extracted

    def cache_files(self) -> dict[str, bytes | list[bytes]]:
        return {
            buildcache.DRAFTS: buildcache.drafts_file(
                self.sources, self.drafted, self.code, self.previous.lines
            ),
            buildcache.LEMMAS: buildcache.lemmas_file(self.lemmas, self.code),
        }


def extract(settings: Settings, reference: Reference) -> tuple[Report, ...]:
    """Read the sources and extract their reports (reading is I/O only, extraction pure; a
    large release does both in two processes)."""
    return extract_over_previous(settings, reference).reports


def extract_over_previous(settings: Settings, reference: Reference) -> Extracted:
    """The reports, as extract gives them: a source file whose bytes the previous release's
    build cache holds is neither read nor drafted again."""
    code = buildcache.code_key(settings.reference_dir)
    sources = tuple(buildcache.source_key(path) for path in settings.sources)
    release = buildcache.previous_release(settings)
    previous = buildcache.load(release, code, sources)
    morph.remember_lemmas(buildcache.load_lemmas(release, code))
    drafted = draft_files(settings.sources, read_source, reference, previous.kept(sources))
    return Extracted(
        reports=settle_drafted(drafted, reference),
        drafted=drafted,
        sources=sources,
        code=code,
        previous=previous,
        lemmas=morph.lemmas(),
    )


@dataclass(frozen=True, kw_only=True)
class Mapped:
    """The release as RDF: its named graphs, with the link sets, and the index of them all."""

    graphs: NamedGraphs  # the reports', the registry of shared resources, the link sets'
    index: TripleIndex  # the union of the graphs, for look-ups
    linksets: tuple[Linkset, ...]  # one per dataset of settings.link_with


def link(graphs: NamedGraphs, settings: Settings, reference: Reference) -> Mapped:
    """The report graphs linked to the datasets of settings.link_with: each link set is
    found by looking our organisations and places up in the index, which then holds the
    links too (it is built once)."""
    index = TripleIndex.from_light(union(graphs))
    linksets = tuple(
        _linkset(path, index, reference, settings.base_iri) for path in settings.link_with
    )
    links = linkset_graphs(linksets)
    index.extend(union(links))
    return Mapped(graphs=graphs + links, index=index, linksets=linksets)


def _processes(settings: Settings, graphs: NamedGraphs) -> Choice:
    """How many processes publish the release: those --jobs allows, fewer when a release
    with pages would need more memory than the build may use (memory.py)."""
    if not settings.pages:  # the data files' second process is a fresh one, holding little
        return Choice(settings.jobs)
    triples = sum(len(triples) for _, triples in graphs)
    return page_processes(triples, settings.jobs, budget(settings.memory))


def _validate(graphs: NamedGraphs, shapes_dir: Path) -> ValidationReport:
    return validate(union(graphs), load_shapes(shapes_dir))


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What publishing gave: the validation it waited for, and the files written."""

    validation: ValidationReport
    triples: int  # distinct triples of the release
    # in the output folder; none when nothing was written
    files: ReleaseFiles = field(default_factory=ReleaseFiles)


@dataclass(frozen=True, kw_only=True)
class Caches:
    """What a build found of the previous release's build cache, and makes for the next."""

    drafts_found: bool  # the previous release's drafts were usable
    # the previous release is the one in the output folder (else one given with --previous)
    over_out: bool
    # this build's buildcache.DRAFTS, encoded in this process as later work (workers.later):
    # a forked worker would touch every draft and copy the memory holding them (at 15,000
    # events 340 MiB more for all processes together, for 1.3 s saved); and the lemmas
    # (Extracted.cache_files), taken once, each waiting in a temporary file (spooled)
    drafts: Job[dict[str, BinaryIO]]
    pages: PageCache | None  # None: a release without pages

    @property
    def in_place(self) -> bool:
        """Whether the release is a rebuild over the previous one in its folder (updated in
        place)."""
        found = self.pages.found if self.pages is not None else self.drafts_found
        return found and self.over_out

    def write(self, out_dir: Path) -> None:
        # a file at a time, each let go before the next is made (at 50,000 events the drafts
        # are 68 MB and the record of pages 67 MB, made at the build's end)
        buildcache.write(out_dir, self.drafts.take())
        if self.pages is not None:
            buildcache.write(out_dir, {PAGES: self.pages.manifest()})
        else:
            buildcache.remove(out_dir, [PAGES])

    def discard(self) -> None:
        """Close the spooled files of a build cache made and not written (a release not
        committed)."""
        if self.drafts.waiting:  # never to be done: a later build would spool them
            self.drafts.cancel()
            return
        with contextlib.suppress(Exception):  # taken (written), or its work failed
            for file in self.drafts.result().values():
                file.close()


def publish(
    release: Release, out_dir: Path, checking: Job[ValidationReport], caches: Caches | None = None
) -> Outcome:
    """Write the release into a staging folder beside out_dir while the validation runs;
    it replaces out_dir only if the data conforms. A rebuild over a previous release with
    a build cache updates out_dir in place instead: only files whose bytes changed are
    replaced, and pages that would be the same are kept. The build cache is written last."""
    pages = caches.pages if caches is not None else None
    try:
        with staged_release(out_dir) as staged:
            written, statistics = write_release(release, staged.folder, pages)
            validation = checking.result()
            files = ReleaseFiles()
            if validation.conforms:
                in_place = caches is not None and caches.in_place
                if in_place:  # an update stopped half-way must leave no cache of pages
                    buildcache.remove(out_dir, [PAGES])
                listed = caches.pages.listed if caches is not None and caches.pages else None
                files = staged.commit(written, in_place=in_place, found=listed)
        if files and caches is not None:
            caches.write(out_dir)
    finally:
        if caches is not None:
            caches.discard()
    return Outcome(validation=validation, triples=statistics.triples, files=files)


def _page_cache(settings: Settings) -> PageCache | None:
    """The previous release's record of its pages (empty when unusable), for a release with
    pages."""
    if not settings.pages:
        return None
    from .publish.site.reuse import PageCache

    return PageCache.load(buildcache.previous_release(settings), buildcache.pages_key(settings))


def _release(
    settings: Settings,
    reports: tuple[Report, ...],
    mapped: Mapped,
    events_csv: Job[str] | None,
    quality: Measurements,
) -> Release:
    return Release(
        reports=reports,
        graph=mapped.index,
        config=load_config(settings.config_path),
        base_iri=settings.base_iri,
        ontology_dir=settings.ontology_dir,
        shapes_dir=settings.shapes_dir,
        linksets=mapped.linksets,
        light_graphs=mapped.graphs,
        pages=settings.pages,
        events_csv=events_csv,
        quality=quality,
    )


def _spooled(make: Callable[[], dict[str, bytes | list[bytes]]]) -> dict[str, BinaryIO]:
    return buildcache.spool(make())


def _new_organisations(reports: tuple[Report, ...], reference: Reference) -> tuple[str, ...]:
    """Keys of the organisations the reports name that the authority file does not hold."""
    return tuple(
        sorted(
            {o.key for r in reports for o in r.organisations if o.key not in reference.authority}
        )
    )


def _distinct(graphs: NamedGraphs) -> int:
    return len({triple for _, triples in graphs for triple in triples})


@contextmanager
def _cycle_collector_resting() -> Iterator[None]:
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


def _linkset(path: Path, ours: TripleIndex, reference: Reference, base: str) -> Linkset:
    """owl:sameAs links to another publisher's dataset, as a named graph of the release."""
    other = Graph()
    try:
        other.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises many kinds; all mean "not readable RDF"
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path.name, None, f"not readable as RDF ({message})") from None
    name = URIRef(f"{base}linkset/{slug(path.stem)}")
    return name, linkset_graph(external_links(other, ours, reference))
