"""The release as a static web site: one page per resource at the path its IRI names.

    site/index.html                 what the dataset is, counts, a timeline, every event, downloads
    site/id/event/K/index.html      the page of <base>event/K, with index.ttl and index.jsonld
    site/ontology/index.html        the vocabulary, generated from ontology/roadmap.ttl
    .htaccess, nginx.conf           content negotiation when the release is deployed

Pages are plain HTML in Russian with inline CSS, SVG and one small script (the event filter),
from the Jinja2 templates in templates/ (render.py); Python prepares plain data for them
(graph.py, parts.py, resources.py, index.py, timeline.py, ontology.py). Output is
deterministic: everything is sorted and nothing is dated by the clock.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from ...graphindex import TripleIndex
from ...workers import Workers
from ..model import Release
from .graph import Link, SiteGraph, describe
from .index import dataset_jsonld, index_page, listing_sections, web_link
from .ontology import HERE as ONTOLOGY_HERE
from .ontology import ontology_page
from .paths import REPRESENTATIONS, SITE, page_dir, relative, site_prefix
from .render import compile_all, render, static
from .representations import description_jsonld, description_turtle
from .resources import resource_page
from .words import search_text

__all__ = [
    "REPRESENTATIONS",
    "SITE",
    "page_dir",
    "pages",
    "search_text",
    "site_prefix",
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
    written: list[Path] = field(default_factory=list)
    # Folders already made: a resource's three files share one (one mkdir per page, not
    # three, saved a tenth of the time resource pages take to write).
    folders: set[str] = field(default_factory=set)

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
        # paths as text, made Path once each: tens of thousands of files
        path = f"{self.root}/{relative_path}"
        folder = relative_path.rpartition("/")[0]
        if folder not in self.folders:
            os.makedirs(f"{self.root}/{folder}", exist_ok=True)
            self.folders.add(folder)
        with open(path, "wb") as out:
            out.write(text.encode("utf-8"))
        self.written.append(Path(path))


def _resources(writer: _Writer, subjects: list[URIRef]) -> list[Path]:
    """Write the pages of these resources; the paths written."""
    site = writer.site
    before = len(writer.written)
    for subject in subjects:
        source = site.ontology if site.category(subject) == "concept" else site.graph
        here = site.pages[subject]
        description = describe(site, subject)
        document = description_jsonld(description)
        writer.write(here + "index.ttl", description_turtle(description))
        writer.write(here + "index.jsonld", document)
        page = resource_page(site, here, subject, source)
        writer.page(
            here, "resource.html", page.title, page=page, jsonld=document.strip(), alternates=True
        )
    return writer.written[before:]


# Processes writing resource pages. Four were measured against two on 60 reports (2 cores,
# shared): no clear gain on tmpfs (8.3 s against 9.5 s, one run each) nor on ext4, where the
# other I/O of the machine decides.
PAGE_PROCESSES = 2


def _all_resources(writer: _Writer) -> None:
    """The resource pages, independent of each other: a slice of them in each of
    PAGE_PROCESSES processes (this one and children forked after the look-ups are built)."""
    subjects = sorted(writer.site.pages, key=str)
    compile_all()
    # the children read what this process built (index, labels, templates): frozen, the cycle
    # collector's writes to those objects do not copy their memory pages into the children
    gc.freeze()
    try:
        with Workers() as workers:  # on an error, the other slices stop before cleanup
            others = [
                workers.start(partial(_resources, writer, subjects[i::PAGE_PROCESSES]))
                for i in range(1, PAGE_PROCESSES)
            ]
            _resources(writer, subjects[0::PAGE_PROCESSES])
            for job in others:
                writer.written.extend(job.result())
    finally:
        gc.unfreeze()


def _index(writer: _Writer, release: Release, folder: Path, downloads: list[Path]) -> None:
    config = release.config
    page = index_page(writer.site, config, folder, downloads, writer.root)
    writer.page(
        "",
        "index.html",
        config.title_ru,
        page=page,
        jsonld=dataset_jsonld(config).strip(),
        description=config.description_ru,
        script=static("filter.js"),
    )


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


def write_site(release: Release, folder: Path, downloads: list[Path]) -> list[Path]:
    """Write folder/site/ (the pages), folder/.htaccess and folder/nginx.conf; return every
    path written, sorted. `downloads` are the data files the index page offers; other files
    already in `folder` (the catalogue) are offered too."""
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
    writer = _Writer(SiteGraph(graph, ontology, release.base_iri), root, footer)
    _all_resources(writer)
    _index(writer, release, folder, downloads)
    if site_prefix(writer.site.base):
        here = site_prefix(writer.site.base)
        sections = listing_sections(writer.site, here)
        writer.page(
            here, "listing.html", "Ресурсы набора", base=writer.site.base, sections=sections
        )
    _ontology(writer, ontology_file)
    return sorted(writer.written + _server_files(release, folder))


def pages(folder: Path) -> Iterator[Path]:
    """Every HTML page of a written site."""
    yield from sorted((folder / SITE).rglob("*.html"))
