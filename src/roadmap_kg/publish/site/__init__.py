"""The release as a static web site: one page per resource at the path its IRI names.

    site/index.html                 what the dataset is, counts, a timeline, every event, downloads
    site/id/event/K/index.html      the page of <base>event/K, with index.ttl and index.jsonld
    site/ontology/index.html        the vocabulary, generated from ontology/roadmap.ttl
    site/changes/index.html         what changed since the previous release, when there is one
    .htaccess, nginx.conf           content negotiation when the release is deployed

Pages are plain HTML in Russian with inline CSS, SVG and one small script (the event filter),
from the Jinja2 templates in templates/ (render.py); Python prepares plain data for them
(graph.py, parts.py, resources.py, index.py, timeline.py, ontology.py). Output is
deterministic: everything is sorted and nothing is dated by the clock.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, cast

from rdflib import Graph

from ...graphindex import TripleIndex
from ...workers import Shared, Workers, allowed
from ..fixlist import fix_list_warnings, fix_rows
from ..model import Release
from .changes import HERE as CHANGES_HERE
from .changes import changes_page, changes_title
from .fixes import HERE as FIX_LIST_HERE
from .fixes import fix_list_page
from .graph import Link, SiteGraph, describe
from .index import dataset_jsonld, index_page, listing_plans, listing_sections, web_link
from .ontology import HERE as ONTOLOGY_HERE
from .ontology import ontology_page
from .parts import PartPlan
from .paths import REPRESENTATIONS, SITE, page_dir, relative, site_prefix
from .quality import quality_section
from .render import compile_all, forget, render, static
from .representations import description_jsonld, description_turtle
from .resources import LISTS_EVENTS, resource_page
from .reuse import FILES, Kept, PageCache, RecordingSiteGraph
from .timeline import month_plans
from .words import search_text

__all__ = [
    "REPRESENTATIONS",
    "SITE",
    "page_dir",
    "pages",
    "search_text",
    "site_prefix",
    "site_started",
    "write_site",
]


@dataclass(frozen=True, slots=True)
class Footer:
    """The dataset's title and licence, under every page."""

    title: str
    publisher: str
    licence: Link


@dataclass
class _Writer:
    site: SiteGraph
    root: Path  # folder/site
    footer: Footer
    # the paths written, as text: made Path only once, sorted (a build with pages writes tens
    # of thousands of files; a Path each, sent from the children and sorted, took 0.15 s of
    # the 3,000-event build's last, serial part)
    written: list[str] = field(default_factory=list)
    # The folder made last: a page's files share one, written one after another (one mkdir
    # per page, not three, saved a tenth of the time resource pages take to write). Only the
    # last: a set of every folder made held 100,000 paths in a page child at 50,000 events.
    folder: str | None = None
    # A rebuild over a previous release: its site/, where a file that would be written with
    # the same bytes is kept as it is (and listed among the written).
    previous: Path | None = None

    def __getstate__(self) -> dict[str, object]:
        """What a process writing pages is handed: not the paths written so far."""
        return {
            "site": self.site,
            "root": self.root,
            "footer": self.footer,
            "previous": self.previous,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def page(self, here: str, template: str, title: str, **context: Any) -> None:
        """Write the page in folder `here` (under site/) from a template and its data."""
        context = {"jsonld": None, "description": None, "alternates": False, **context}
        text = render(
            template,
            title=title,
            root=relative(here, "index.html"),
            ontology=relative(here, "ontology/index.html"),
            footer=self.footer,
            **context,
        )
        self.write(here + "index.html", text)

    def write(self, relative_path: str, text: str) -> None:
        data = text.encode("utf-8")
        if self.previous is not None and _holds(self.previous / relative_path, data):
            self.written.append(f"{self.previous}/{relative_path}")
            return
        # paths as text, made Path once each: tens of thousands of files
        path = f"{self.root}/{relative_path}"
        folder = relative_path.rpartition("/")[0]
        if folder != self.folder:
            _make_folder(f"{self.root}/{folder}")
            self.folder = folder
        _create(path, data)
        self.written.append(path)


def _make_folder(path: str) -> None:
    """A folder whose parent is most often there already (a resource's, beside the others
    of its kind): one mkdir, where os.makedirs first asks whether the parent exists."""
    try:
        os.mkdir(path)
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        pass


def _create(path: str, data: bytes) -> None:
    """Write a new file: by the descriptor, as open() would less its buffer and terminal
    checks (a third of the time of writing one of the site's small files, on tmpfs)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly these bytes."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _resources(writer: _Writer, subjects: Sequence[str]) -> tuple[list[str], dict[str, Kept]]:
    """Write the pages of these resources; those of their files kept from the previous
    release (paths under site/: in a rebuild, a file that would be the same), and what each
    page read (when the site graph records it). The paths written are not kept:
    _Resources.finish makes them once, when every page is written (each process held its
    own and a child sent its to this one, in all 385,000 at 50,000 events: 150 MB of the
    build's peak, which is as the pages end)."""
    site = writer.site
    recorder = site.recorder if isinstance(site, RecordingSiteGraph) else None
    reads: dict[str, Kept] = {}
    before = len(writer.written)
    if recorder is not None:
        recorder.start()
    for subject in subjects:
        here = site.folder(subject)
        description = describe(site, subject)
        document = description_jsonld(description)
        writer.write(here + "index.ttl", description_turtle(description))
        writer.write(here + "index.jsonld", document)
        page = resource_page(site, here, subject)
        writer.page(
            here, "resource.html", page.title, page=page, jsonld=document.strip(), alternates=True
        )
        if recorder is not None:
            reads[subject] = recorder.next_page()
    if recorder is not None:
        recorder.stop()
    written = writer.written[before:]
    del writer.written[before:]
    if writer.previous is None:
        return [], reads
    previous = f"{writer.previous}/"
    return [path[len(previous) :] for path in written if path.startswith(previous)], reads


# How many pages each process writing resource pages (this one and forked children, as many
# as the build's --jobs: workers.allowed()) takes at a time. Four processes were measured
# against two on 60 reports (2 cores, shared): no clear gain on tmpfs (8.3 s against 9.5 s,
# one run each) nor on ext4.
PAGES_AT_A_TIME = 64


def _start_resources(writer: _Writer, subjects: list[str], workers: Workers) -> _Resources:
    """The resource pages, independent of each other, shared out between the build's
    processes (this one and fresh children, as many more as the build's --jobs allows:
    workers.share_out) once the look-ups are built: the children are handed the look-ups
    (SiteGraph.__getstate__, streamed as they load them) and start writing pages at once,
    and this process joins them at _Resources.finish, after writing the data files, doing
    the build's later work (validation among it) and writing the release's own pages
    (StartedSite.finish). Fresh, not forked: a forked child kept mapped every page of memory
    this process then wrote to (reference counts), so that at 50,000 events one that did
    nothing at all came to 551 MiB of PSS, and a working one to 650-695 MiB."""
    subjects = shared_order(writer.site, subjects)
    shared = workers.share_out(
        subjects, partial(_resources, writer), allowed(), PAGES_AT_A_TIME, fresh=True
    )
    return _Resources(shared, list(writer.written))


def shared_order(site: SiteGraph, subjects: list[str]) -> list[str]:
    """The pages in the order they are shared out, children taking them from the start and
    this process from the end (workers.Shared): the pages of the kinds that list events
    (LISTS_EVENTS) last. This process makes every events-table row for the months' pages
    before it joins: it writes most of those pages, and a child makes few rows again (at
    10,000 events each process made and kept all 10,000, 0.4 s of CPU). Each part is heaviest
    first from its outer end (a page's work grows with what links to it), so that the chunks
    taken last, where the processes meet, are small pages: in IRI order, the ontology's
    concepts came last, at 50,000 events 18 pages of 0.1 s each in one process's last chunk
    while the other waited."""
    heaviest = sorted(subjects, key=lambda s: -site.link_count(s))  # stable: then IRI order
    plain = [s for s in heaviest if site.category(s) not in LISTS_EVENTS]
    lists = [s for s in heaviest if site.category(s) in LISTS_EVENTS]
    return plain + lists[::-1]


@dataclass(frozen=True, slots=True)
class _Resources:
    """The resource pages being written: the chunks shared out, and the paths listed
    before them."""

    shared: Shared[str, tuple[list[str], dict[str, Kept]]]
    before: list[str]

    def finish(self, writer: _Writer) -> dict[str, Kept]:
        """Join in writing the pages left, wait for the rest; what each page read, when the
        site graph records it."""
        # what this process wrote since the pages were begun (the release's own pages); the
        # resource pages it writes now come back with the children's, among `made`
        since = writer.written[len(self.before) :]
        made = self.shared.finish()
        kept = {path for paths, _ in made for path in paths}
        writer.written = self.before + since + _resource_paths(writer, self.shared.items, kept)
        return {subject: read for _, reads in made for subject, read in reads.items()}


def _resource_paths(writer: _Writer, subjects: Sequence[str], kept: set[str]) -> list[str]:
    """The paths of the files of these resources' pages, as _Writer.write lists them: in the
    previous release those kept (`kept`, paths under site/), else in this one."""
    root, previous, folder = writer.root, writer.previous, writer.site.folder
    return [
        f"{previous}/{path}" if path in kept else f"{root}/{path}"
        for subject in subjects
        for path in [folder(subject) + name for name in FILES]
    ]


def _index(writer: _Writer, release: Release, folder: Path, downloads: list[Path]) -> None:
    config = release.config
    changes = changes_title(release.changes) if release.changes is not None else None
    page = index_page(writer.site, config, folder, downloads, writer.root, changes)
    page = replace(page, quality=quality_section(writer.site, "", release.quality))
    page = replace(page, fix_list=len(fix_list_warnings(release)))
    writer.page(
        "",
        "index.html",
        config.title_ru,
        page=page,
        jsonld=dataset_jsonld(config).strip(),
        description=config.description_ru,
        script=static("filter.js"),
    )


def _fix_list(writer: _Writer, release: Release) -> None:
    page = fix_list_page(fix_rows(fix_list_warnings(release)))
    writer.page(FIX_LIST_HERE, "fix_list.html", "Замечания к отчётам", page=page)


def _ontology(writer: _Writer, ontology_file: Path) -> None:
    page = ontology_page(writer.site)
    writer.page(ONTOLOGY_HERE, "ontology.html", page.title.label or "Онтология", page=page)
    writer.write(ONTOLOGY_HERE + "index.ttl", ontology_file.read_text(encoding="utf-8"))


def _server_files(release: Release, folder: Path) -> list[Path]:
    """.htaccess and nginx.conf: content negotiation where the release is deployed."""
    base = release.base_iri
    values = {
        "root": base.removesuffix("id/") if site_prefix(base) else base,
        "base": base,
        "prefix": site_prefix(base),
    }
    written = []
    for name, template in ((".htaccess", "htaccess"), ("nginx.conf", "nginx.conf")):
        path = folder / name
        path.write_bytes(render(template, **values).encode("utf-8"))
        written.append(path)
    return written


def write_site(
    release: Release, folder: Path, downloads: list[Path], cache: PageCache | None = None
) -> list[Path]:
    """Write folder/site/ (the pages), folder/.htaccess and folder/nginx.conf; return every
    path written, sorted. `downloads` are the data files the index page offers; other files
    already in `folder` (the catalogue) are offered too. With a cache, the resource pages of
    the previous release that would be the same are kept there (cache.kept), not written,
    and what each page made reads is recorded in the cache (reuse.py)."""
    with site_started(release, folder, cache) as site:
        site.release_pages(release)
        return [Path(path) for path in site.finish(release, downloads)]


@contextmanager
def site_started(
    release: Release, folder: Path, cache: PageCache | None = None
) -> Iterator[StartedSite]:
    """write_site begun: the resource pages are being written by forked processes while
    the block runs (the data files, say), and `finish(release, downloads)` writes the rest
    as write_site does. Leaving the block, on an error too, stops those processes first
    (before the caller's cleanup removes the folder they write into)."""
    try:
        # the page child's interpreter started now, importing the page makers and compiling
        # the templates while this process builds the look-ups it is then given
        # (_start_resources); this process compiles those it renders as it renders them
        preload = f"{compile_all.__module__}:{compile_all.__name__}"
        with Workers(fresh=1, preload=preload) as workers:
            yield _start_site(release, folder, cache, workers)
    finally:
        forget()  # the markup shared by this site's pages


def _start_site(
    release: Release, folder: Path, cache: PageCache | None, workers: Workers
) -> StartedSite:
    root = folder / SITE
    if root.exists():
        shutil.rmtree(root)
    ontology_file = release.ontology_dir / "roadmap.ttl"
    ontology = Graph().parse(ontology_file, format="turtle")
    config = release.config
    footer = Footer(
        config.title_ru, config.publisher_name_ru, web_link(config.license, "license external")
    )
    graph = release.graph if isinstance(release.graph, TripleIndex) else TripleIndex(release.graph)
    made = RecordingSiteGraph if cache is not None else SiteGraph
    writer = _Writer(made(graph, ontology, release.base_iri), root, footer)
    subjects = writer.site.with_pages()
    if cache is not None:
        cache.site = cast(RecordingSiteGraph, writer.site)
        if cache.found:  # a rebuild in place over the previous release
            subjects = cache.keep(cache.site, subjects)
            writer.previous = cache.release / SITE
            writer.written.extend(cache.kept)
    resources = _start_resources(writer, subjects, workers)
    return StartedSite(writer, resources, folder, ontology_file, cache)


@dataclass(frozen=True, slots=True)
class StartedSite:
    """A site whose resource pages are being written (site_started)."""

    writer: _Writer
    resources: _Resources
    folder: Path
    ontology_file: Path
    cache: PageCache | None

    def release_pages(self, release: Release) -> None:
        """Write the pages of the release as a whole that list none of its files (the
        fix-list, the months' events, the listing of every resource, the ontology), and make
        the digest of every resource that the record of what each page read needs (5 s at
        50,000 events together with the index): while the children are still writing
        resource pages, and in a rebuild while a worker writes the data files."""
        writer, cache = self.writer, self.cache
        _fix_list(writer, release)
        for plan in month_plans(writer.site):
            _part(writer, plan, cache)
        if site_prefix(writer.site.base):
            here = site_prefix(writer.site.base)
            sections = listing_sections(writer.site, here)
            writer.page(
                here, "listing.html", "Ресурсы набора", base=writer.site.base, sections=sections
            )
            for plan in listing_plans(writer.site, here):
                _part(writer, plan, cache)
        _ontology(writer, self.ontology_file)
        if cache is not None:
            cache.digest_all()

    def finish(self, release: Release, downloads: list[Path]) -> list[str]:
        """Write the pages that list the release's files (the index) or what changed, once
        release_pages() has written the others, then join in writing the resource pages;
        every path written, as text, in the order sorted() gives Paths. release: as written
        (with its changes), the same graph as the site was started with."""
        writer, cache = self.writer, self.cache
        _index(writer, release, self.folder, downloads)
        if release.changes is not None:
            page = changes_page(writer.site, release.changes, release.quality)
            writer.page(CHANGES_HERE, "changes.html", page.title, page=page)
        reads = self.resources.finish(writer)
        if cache is not None:
            cache.made.update(reads)  # its record (manifest) is made as the cache is written
            # which needs the digests alone: the site graph's memory (the links to every
            # resource, what pages shared) is free for the validation and the build cache
            cache.site = None
        written = writer.written + [str(path) for path in _server_files(release, self.folder)]
        return sorted(written, key=_parts)


def _part(writer: _Writer, plan: PartPlan, cache: PageCache | None) -> None:
    """A part page (a month's, a part of the listing): with a cache, kept from the previous
    release when it would be the same, else made with what its table reads recorded."""
    path = plan.here + "index.html"
    if cache is None or cache.site is None:
        writer.page(plan.here, "part.html", plan.title, page=plan.page(writer.site))
        return
    shape = plan.shape()
    if cache.keeps_part(path, shape):
        writer.written.append(f"{writer.previous}/{path}")
        return
    recorder = cache.site.recorder
    recorder.start()
    try:
        page = plan.page(writer.site)
    finally:
        reads = recorder.stop()
    cache.parts_made[path] = (shape, reads)
    writer.page(plan.here, "part.html", plan.title, page=page)


def _parts(path: str) -> str:
    """A path as a key that sorts paths as text in the order sorted() gives Paths (by their
    parts): '/' made the lowest character (no page's path holds NUL, paths.page_dir); a key
    made by one replace, not a list of parts (150,000 paths at 50,000 events)."""
    return path.replace("/", "\0")


def pages(folder: Path) -> Iterator[Path]:
    """Every HTML page of a written site."""
    yield from sorted((folder / SITE).rglob("*.html"))
