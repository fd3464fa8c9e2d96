"""The site's own pages besides the resources: the index (what the dataset is, counts, the
timeline, every event, downloads) and the listing of every resource at the base IRI."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..config import ReleaseConfig
from . import parts
from .graph import Link, SiteGraph
from .parts import EventsTable, LinkList, PartPlan, Section, beside, events_table, link_list
from .paths import is_web, relative, site_prefix
from .quality import QualitySection
from .timeline import Timeline, timeline
from .words import human_size, plural, ru_date, thousands

DOWNLOAD_NOTES = {
    "dataset.ttl": "весь набор, Turtle",
    "dataset.nt": "весь набор, N-Triples",
    "dataset.jsonld": "весь набор, JSON-LD",
    "dataset.trig": "весь набор, TriG: по именованному графу на отчёт и граф общих ресурсов",
    "context.jsonld": "контекст JSON-LD (префиксы)",
    "events.csv": "мероприятия, таблица CSV",
    "events.csv-metadata.json": "описание таблицы events.csv (CSV on the Web)",
    "fix-list.csv": "замечания к отчётам: что не удалось прочитать и как это исправить, CSV",
    "fix-list.csv-metadata.json": "описание таблицы fix-list.csv (CSV on the Web)",
    "ontology.ttl": "онтология, Turtle",
    "shapes.ttl": "формы SHACL для проверки данных",
    "changes.json": "изменения по сравнению с предыдущим выпуском, JSON",
    "changes.ttl": "изменения по сравнению с предыдущим выпуском, Turtle",
}
FORMAT_NOTES = {
    ".ttl": "Turtle",
    ".nt": "N-Triples",
    ".jsonld": "JSON-LD",
    ".trig": "TriG",
    ".csv": "CSV",
    ".json": "JSON",
    ".xml": "XML",
    ".rdf": "RDF/XML",
}
OWN_FILES = (".htaccess", "nginx.conf")
# What the listing page groups resources by, in its order.
LISTED = (
    ("roadmap", "Дорожные карты"),
    ("report", "Отчёты об исполнении"),
    ("item", "Пункты планов"),
    ("event", "Мероприятия"),
    ("org", "Организации"),
    ("place", "Места"),
    ("source", "Строки источников"),
)


@dataclass(frozen=True, slots=True)
class Download:
    href: str
    name: str
    note: str
    size: int
    size_text: str  # '1,5 КБ'
    bytes_text: str  # '1 536'


@dataclass(frozen=True, slots=True)
class IndexPage:
    config: ReleaseConfig
    publisher: Link
    licence: Link
    issued: str  # the release's date, in Russian
    listing: str | None  # the link to the listing page, when the site has one
    counts: list[tuple[int, str]]
    timeline: Timeline | None
    events: EventsTable
    downloads: list[Download]
    roadmaps: Section
    reports: Section
    quality: QualitySection | None = None  # the «Качество данных» section, when measured
    fix_list: int = 0  # rows of the fix-list (site/fix-list/)
    changes: str | None = None  # the title of site/changes/, when the release has one


def web_link(iri: str, rel: str) -> Link:
    """A link to an address the publisher configured: text only unless it is a web address."""
    return Link(iri, iri if is_web(iri) else None, iri, rel)


def index_page(
    site: SiteGraph,
    config: ReleaseConfig,
    folder: Path,
    downloads: list[Path],
    root: Path,
    changes: str | None = None,
) -> IndexPage:
    here = ""
    events = site.of_category("event")
    reports = site.of_category("report")
    roadmaps = site.of_category("roadmap")
    counted = [
        (reports, ("отчёт", "отчёта", "отчётов")),
        (events, ("мероприятие", "мероприятия", "мероприятий")),
        (site.of_category("org"), ("организация", "организации", "организаций")),
        (site.of_category("place"), ("место", "места", "мест")),
        (roadmaps, ("дорожная карта", "дорожные карты", "дорожных карт")),
    ]
    prefix = site_prefix(site.base)
    return IndexPage(
        config=config,
        publisher=Link(
            config.publisher_name_ru,
            config.publisher_homepage if is_web(config.publisher_homepage) else None,
            config.publisher_homepage,
            "external",
        ),
        licence=web_link(config.license, "license external"),
        issued=ru_date(config.modified.isoformat()),
        listing=relative(here, prefix + "index.html") if prefix else None,
        counts=[(len(found), plural(len(found), *words)) for found, words in counted],
        timeline=timeline(site, here),
        events=events_table(site, here, events, searchable=True),
        downloads=_downloads(folder, downloads, root),
        roadmaps=Section("Дорожные карты", link_list(site, here, roadmaps), len(roadmaps)),
        reports=Section("Отчёты об исполнении", link_list(site, here, reports), len(reports)),
        changes=changes,
    )


def _downloads(folder: Path, downloads: list[Path], root: Path) -> list[Download]:
    """The data files, then the catalogue's files already in the folder."""
    seen = {p.resolve() for p in downloads}
    catalogue = sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.name not in OWN_FILES
        and p.resolve() not in seen
    )
    rows = []
    for path, group in [(p, "data") for p in downloads] + [(p, "catalogue") for p in catalogue]:
        size = path.stat().st_size
        href = posixpath.relpath(path.resolve().as_posix(), root.resolve().as_posix())
        note = DOWNLOAD_NOTES.get(path.name) or FORMAT_NOTES.get(path.suffix, "")
        if group == "catalogue":
            note = "описание набора" + (f", {note}" if note else "")
        rows.append(
            Download(
                href=quote(href, safe="/-._~"),
                name=path.name,
                note=note,
                size=size,
                size_text=human_size(size),
                bytes_text=thousands(size),
            )
        )
    return rows


def dataset_jsonld(config: ReleaseConfig) -> str:
    """The dataset as schema.org describes it, for search engines."""
    node = {
        "@context": {"schema": "https://schema.org/"},
        "@type": "schema:Dataset",
        "@id": config.landing_page,
        "schema:name": [
            {"@value": config.title_ru, "@language": "ru"},
            {"@value": config.title_en, "@language": "en"},
        ],
        "schema:description": [
            {"@value": config.description_ru, "@language": "ru"},
            {"@value": config.description_en, "@language": "en"},
        ],
        "schema:keywords": list(config.keywords),
        "schema:license": {"@id": config.license},
        "schema:datePublished": config.issued.isoformat(),
        "schema:dateModified": config.modified.isoformat(),
        "schema:publisher": {
            "@type": "schema:Organization",
            "schema:name": config.publisher_name_ru,
            "schema:url": {"@id": config.publisher_homepage},
        },
    }
    return json.dumps(node, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def listing_sections(site: SiteGraph, here: str) -> list[Section]:
    """site/id/index.html: every resource of the release, by kind (the base IRI's page); a
    kind of more than TABLE_ROWS resources as links to its parts' pages (listing_parts)."""
    sections = []
    for name, title in LISTED:
        items = site.of_category(name)
        if len(items) > parts.TABLE_ROWS:
            pieces = [
                Link(f"{first}–{last}", relative(here, _part(name, n) + "index.html"), "")
                for n, (first, last) in enumerate(_spans(len(items)), 1)
            ]
            sections.append(Section(title, LinkList(pieces), len(items)))
        elif items:
            sections.append(Section(title, link_list(site, here, items), len(items)))
    return sections


def listing_plans(site: SiteGraph, listing: str) -> list[PartPlan]:
    """The pages of the kinds of more than TABLE_ROWS resources, TABLE_ROWS to a page, in the
    listing's order (at 50,000 events the listing of every resource on one page was 20 MB)."""
    plans = []
    for name, title in LISTED:
        items = site.of_category(name)
        if len(items) <= parts.TABLE_ROWS:
            continue
        spans = _spans(len(items))
        pieces = [(_part(name, n), f"часть {n}") for n in range(1, len(spans) + 1)]
        for i, ((here, _), (first, last)) in enumerate(zip(pieces, spans, strict=True)):
            previous, next_ = beside(here, pieces, i)
            plans.append(
                PartPlan(
                    here=here,
                    title=f"{title}: {first}–{last} из {len(items)}",
                    note="В том порядке, в каком их перечисляет страница всех ресурсов набора.",
                    heading=title,
                    count=None,
                    items=tuple(items[first - 1 : last]),
                    up=Link("Все ресурсы набора", relative(here, listing + "index.html"), ""),
                    previous=previous,
                    next=next_,
                    table=link_list,
                )
            )
    return plans


def _spans(count: int) -> list[tuple[int, int]]:
    """The first and last place (from 1) of each part of a kind of `count` resources."""
    rows = parts.TABLE_ROWS  # read when asked: tests make it small
    return [(start + 1, min(start + rows, count)) for start in range(0, count, rows)]


def _part(name: str, n: int) -> str:
    return f"listing/{name}/{n}/"
