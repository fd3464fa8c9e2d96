"""The release as a static web site: one page per resource at the path its IRI names.

    site/index.html                 what the dataset is, counts, a timeline, every event, downloads
    site/id/event/K/index.html      the page of <base>event/K, with index.ttl and index.jsonld
    site/ontology/index.html        the vocabulary, generated from ontology/roadmap.ttl
    .htaccess, nginx.conf           content negotiation when the release is deployed

The base IRI maps to site/id/ when it ends with /id/ (the site root is then the base's parent,
https://w3id.org/roadmap-kg/ by default, where the ontology's IRIs live too), otherwise to
site/. Pages are plain HTML in Russian with inline CSS, SVG and one small script (the event
filter); links between pages are relative, so the site reads from disk (file://) as well as
from a server. Output is deterministic: everything is sorted and nothing is dated by the clock.
"""

from __future__ import annotations

import html
import json
import posixpath
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ..graphindex import TripleIndex
from ..model import KINDS
from ..rdf import CV, ORG, PPLAN, PREFIXES, RM, SCHEMA
from ..workers import Workers
from .downloads import compact, jsonld_document, sorted_triples
from .model import Release

SITE = "site"
# Where the ontology's own IRIs live; its pages mirror them under site/ontology/.
PROJECT_ROOT = "https://w3id.org/roadmap-kg/"
ONTOLOGY_IRI = PROJECT_ROOT + "ontology"
VANN = "http://purl.org/vocab/vann/"

# The three representations of a resource, by the file beside its page.
REPRESENTATIONS = {
    "html": ("index.html", "text/html"),
    "ttl": ("index.ttl", "text/turtle"),
    "jsonld": ("index.jsonld", "application/ld+json"),
}


def site_prefix(base: str) -> str:
    """Where the base IRI sits in the site: 'id/' when it ends with /id/, else the root."""
    return "id/" if base.endswith("/id/") else ""


def page_dir(iri: str, base: str) -> str | None:
    """The folder (relative to site/, ending with '/') that holds a resource's page, or None
    when the IRI is neither under the base nor an ontology concept. Percent-encoded
    characters are decoded, as a web server decodes the path it is asked for."""
    if iri.startswith(base) and len(iri) > len(base):
        local, prefix = iri[len(base) :], site_prefix(base)
    elif iri.startswith(ONTOLOGY_IRI + "/"):
        local, prefix = iri[len(PROJECT_ROOT) :], ""
    else:
        return None
    segments = [unquote(s) for s in local.split("/")]
    if any(s in ("", ".", "..") or "/" in s or "\\" in s or "\0" in s for s in segments):
        return None  # never a path outside the site
    return prefix + "/".join(segments) + "/"


# --- labels -------------------------------------------------------------------------------

NO_PLAN_ITEM = "не указан"  # shown for an event whose report gives no plan items

PREDICATE_LABELS = {
    RDF.type: "тип",
    SCHEMA.name: "название",
    SCHEMA.description: "описание",
    SCHEMA.startDate: "дата начала",
    SCHEMA.endDate: "дата окончания",
    SCHEMA.eventAttendanceMode: "формат участия",
    SCHEMA.location: "место",
    SCHEMA.organizer: "организатор",
    SCHEMA.attendee: "участник",
    SCHEMA.sponsor: "поддержка (спонсор)",
    SCHEMA.containedInPlace: "входит в",
    SCHEMA.identifier: "идентификатор",
    SKOS.altLabel: "другие написания",
    SKOS.prefLabel: "название",
    SKOS.definition: "определение",
    SKOS.notation: "обозначение",
    SKOS.inScheme: "схема понятий",
    SKOS.topConceptOf: "верхнее понятие схемы",
    ORG.subOrganizationOf: "входит в организацию",
    OWL.sameAs: "то же, что",
    PROV.wasDerivedFrom: "источник сведений",
    PPLAN.isStepOfPlan: "шаг плана",
    RDFS.label: "метка",
    DCTERMS.source: "исходный файл",
}
CLASS_LABELS = {
    SCHEMA.Event: "мероприятие",
    CV.PublicEvent: "публичное мероприятие",
    SCHEMA.EducationEvent: "образовательное мероприятие",
    SCHEMA.BusinessEvent: "деловое мероприятие",
    SCHEMA.ExhibitionEvent: "выставка",
    SCHEMA.SportsEvent: "спортивное мероприятие",
    SCHEMA.SocialEvent: "общественное мероприятие",
    SCHEMA.Organization: "организация",
    SCHEMA.Place: "место",
    SCHEMA.City: "город",
    SCHEMA.AdministrativeArea: "административно-территориальная единица",
    SCHEMA.VirtualLocation: "виртуальное место (онлайн)",
    SCHEMA.OnlineEventAttendanceMode: "онлайн",
    SCHEMA.OfflineEventAttendanceMode: "очно",
    SCHEMA.MixedEventAttendanceMode: "смешанный (очно и онлайн)",
    SKOS.Concept: "понятие SKOS",
}
# The order of facts on a page; other predicates follow, sorted by IRI.
PREDICATE_ORDER = [
    SCHEMA.name,
    RDFS.label,
    SKOS.prefLabel,
    RM.code,
    SCHEMA.description,
    SKOS.definition,
    RM.kind,
    SCHEMA.startDate,
    SCHEMA.endDate,
    RM.dateText,
    RM.datePrecision,
    SCHEMA.eventAttendanceMode,
    SCHEMA.location,
    RM.responsibleBody,
    RM.host,
    SCHEMA.organizer,
    SCHEMA.attendee,
    SCHEMA.sponsor,
    RM.participantCount,
    RM.visitorCount,
    RM.delegationSize,
    RM.regionCount,
    RM.countQualifier,
    RM.planItem,
    RM.report,
    RM.roadmap,
    PPLAN.isStepOfPlan,
    RM.reportingYear,
    RM.reportingRegion,
    RM.party,
    RM.startYear,
    RM.endYear,
    SKOS.altLabel,
    RM.legalForm,
    RM.organizationType,
    SCHEMA.containedInPlace,
    ORG.subOrganizationOf,
    RM.isoCode,
    RM.okato,
    RM.oktmo,
    OWL.sameAs,
    RM.sourceFile,
    RM.firstLine,
    RM.lastLine,
    RM.firstRow,
    RM.lastRow,
    RM.firstPage,
    RM.lastPage,
    RM.sourceText,
    DCTERMS.source,
    PROV.wasDerivedFrom,
]
# What names a resource in a description of another one.
NAME_PREDICATES = (SCHEMA.name, RDFS.label, SKOS.prefLabel)

MONTHS = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
MONTHS_GENITIVE = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)
MONTHS_SHORT = "янв фев мар апр май июн июл авг сен окт ноя дек".split()


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural: 1 мероприятие, 2 мероприятия, 5 мероприятий."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def events_word(n: int) -> str:
    return f"{n} {plural(n, 'мероприятие', 'мероприятия', 'мероприятий')}"


def human_size(size: int) -> str:
    """1536 → '1,5 КБ' (binary units, Russian decimal comma)."""
    if size < 1024:
        return f"{size} Б"
    value = float(size)
    for unit in ("КБ", "МБ", "ГБ"):
        value /= 1024
        if value < 1024 or unit == "ГБ":
            break
    return f"{value:.1f} {unit}".replace(".", ",")


def search_text(text: str) -> str:
    """How the event filter compares text: lower case, ё as е (the script does the same)."""
    return " ".join(text.lower().replace("ё", "е").split())


def _natural(code: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in code.split("."))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# --- the writer ---------------------------------------------------------------------------


@dataclass
class _Site:
    graph: TripleIndex
    ontology: Graph
    base: str
    root: Path  # folder/site
    footer: str = ""  # the dataset's title and licence, under every page
    out: dict[URIRef, list[tuple[URIRef, Node]]] = field(default_factory=dict)
    inc: dict[URIRef, list[tuple[URIRef, URIRef]]] = field(default_factory=dict)
    types: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    pages: dict[URIRef, str] = field(default_factory=dict)  # IRI → folder under site/
    written: list[Path] = field(default_factory=list)
    _labels: dict[tuple[Node, str], str] = field(default_factory=dict)
    _categories: dict[URIRef, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        out: dict[URIRef, list[tuple[URIRef, Node]]] = defaultdict(list)
        inc: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
        types: dict[URIRef, set[URIRef]] = defaultdict(set)
        for s, p, o in sorted(self.graph, key=lambda t: (str(t[0]), str(t[1]), _sort_key(t[2]))):
            if not isinstance(s, URIRef) or not isinstance(p, URIRef):
                continue
            out[s].append((p, o))
            if p == RDF.type and isinstance(o, URIRef):
                types[s].add(o)
            elif isinstance(o, URIRef):
                inc[o].append((s, p))
        self.out, self.inc, self.types = dict(out), dict(inc), dict(types)
        for subject in self.out:
            folder = page_dir(str(subject), self.base)
            if folder is not None:
                self.pages[subject] = folder
        for concept in self.concepts():
            folder = page_dir(str(concept), self.base)
            if folder is not None:
                self.pages[concept] = folder

    # --- vocabulary look-ups ------------------------------------------------------------

    def concepts(self) -> list[URIRef]:
        found = {
            c
            for c in self.ontology.subjects(RDF.type, SKOS.Concept)
            if isinstance(c, URIRef) and str(c).startswith(ONTOLOGY_IRI + "/")
        }
        return sorted(found, key=str)

    def _literal(
        self, graph: Graph | TripleIndex, subject: Node, predicate: URIRef, lang: str
    ) -> str | None:
        values = sorted(
            (o for o in graph.objects(subject, predicate) if isinstance(o, Literal)), key=str
        )
        for value in values:
            if value.language == lang:
                return str(value)
        for value in values:
            if not value.language:
                return str(value)
        return None

    def label(self, iri: Node, lang: str = "ru") -> str:
        """A human name: the data's own name, the ontology's label, or a compact IRI."""
        key = (iri, lang)
        if key not in self._labels:
            self._labels[key] = self._label(iri, lang)
        return self._labels[key]

    def _label(self, iri: Node, lang: str) -> str:
        if isinstance(iri, URIRef):
            for graph in (self.graph, self.ontology):
                for predicate in NAME_PREDICATES:
                    found = self._literal(graph, iri, predicate, lang)
                    if found:
                        return found
            if RM.SourceRow in self.types.get(iri, ()):
                return self.source_label(iri)
            if iri in PREDICATE_LABELS and lang == "ru":
                return PREDICATE_LABELS[iri]
            if iri in CLASS_LABELS and lang == "ru":
                return CLASS_LABELS[iri]
            return compact(str(iri))
        return str(iri)

    def source_label(self, row: URIRef) -> str:
        file = self.graph.value(row, RM.sourceFile)
        first = self.graph.value(row, RM.firstLine)
        last = self.graph.value(row, RM.lastLine)
        unit = "строки"
        if first is None:
            first, last, unit = (
                self.graph.value(row, RM.firstRow),
                self.graph.value(row, RM.lastRow),
                "строки таблицы",
            )
        span = f"{first}" if first == last else f"{first}–{last}"
        pages = _pages(self.graph, row)
        if pages is not None:  # a PDF's row
            return f"{file}, стр. {pages}, строка {span}"
        return f"{file}, {unit} {span}"

    def predicate_label(self, predicate: URIRef) -> str:
        if predicate in PREDICATE_LABELS:
            return PREDICATE_LABELS[predicate]
        found = self._literal(self.ontology, predicate, RDFS.label, "ru")
        return found or compact(str(predicate))

    def category(self, iri: URIRef) -> str:
        if iri not in self._categories:
            self._categories[iri] = self._category(iri)
        return self._categories[iri]

    def _category(self, iri: URIRef) -> str:
        types = self.types.get(iri, set())
        for cls, name in (
            (SCHEMA.Event, "event"),
            (SCHEMA.Organization, "org"),
            (RM.PlanItem, "item"),
            (RM.ImplementationReport, "report"),
            (RM.Roadmap, "roadmap"),
            (RM.SourceRow, "source"),
            (SCHEMA.Place, "place"),
            (SCHEMA.VirtualLocation, "place"),
        ):
            if cls in types:
                return name
        if (iri, RDF.type, SKOS.Concept) in self.ontology:
            return "concept"
        return "other"

    def of_category(self, name: str) -> list[URIRef]:
        return sorted((s for s in self.out if self.category(s) == name), key=self.sort_key)

    def sort_key(self, iri: URIRef) -> tuple[object, ...]:
        category = self.category(iri)
        if category == "event":
            start = self.graph.value(iri, SCHEMA.startDate)
            return (str(start or ""), self.label(iri), str(iri))
        if category == "item":
            roadmap = self.graph.value(iri, RM.roadmap)
            code = str(self.graph.value(iri, RM.code) or "")
            return (str(roadmap or ""), _natural(code), str(iri))
        if category == "report":
            year = self.graph.value(iri, RM.reportingYear)
            return (str(year or ""), self.label(iri), str(iri))
        return (self.label(iri).lower(), str(iri))

    # --- links --------------------------------------------------------------------------

    def href(self, here: str, iri: Node) -> str | None:
        """A relative link from the folder `here` (under site/) to a resource's page."""
        if not isinstance(iri, URIRef):
            return None
        text = str(iri)
        if iri in self.pages:
            return _rel(here, self.pages[iri] + "index.html")
        if text == ONTOLOGY_IRI:
            return _rel(here, "ontology/index.html")
        if text.startswith(str(RM)):
            return _rel(here, "ontology/index.html") + "#" + quote(text[len(str(RM)) :])
        if text.startswith(self.base) or not text.startswith(("http://", "https://")):
            return None  # a resource of the release with no description: no page to link
        return text

    def link(self, here: str, iri: Node, text: str | None = None) -> str:
        shown = _e(text if text is not None else self.label(iri))
        target = self.href(here, iri)
        if target is None:
            return f'<span class="iri" title="{_e(iri)}">{shown}</span>'
        external = ' rel="external"' if target.startswith(("http://", "https://")) else ""
        return f'<a href="{_e(target)}"{external}>{shown}</a>'

    def value(self, here: str, term: Node) -> str:
        if isinstance(term, URIRef):
            return self.link(here, term)
        if isinstance(term, Literal):
            if term.datatype == XSD.date:
                return f'<time datetime="{_e(term)}">{_e(_ru_date(str(term)))}</time>'
            return f'<span class="text">{_e(term)}</span>'
        return _e(term)

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        self.written.append(path)


@lru_cache(maxsize=1 << 16)
def _rel(here: str, target: str) -> str:
    """The relative link from the folder `here` to `target`, both relative to site/."""
    start = [part for part in here.split("/") if part]
    parts = target.split("/")
    common = 0
    while common < min(len(start), len(parts) - 1) and start[common] == parts[common]:
        common += 1
    relative = "/".join([".."] * (len(start) - common) + parts[common:])
    return quote(relative, safe="/-._~")


def _sort_key(term: Node) -> str:
    return str(term)


def _ru_date(iso: str) -> str:
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"


def _short_date(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


# --- descriptions (index.ttl, index.jsonld) ----------------------------------------------


def describe(site: _Site, subject: URIRef, source: Graph | TripleIndex) -> TripleIndex:
    """The resource's own triples, and what names the resources it links to (their source
    rows whole), so that the description reads alone."""
    triples = []
    for p, o in source.predicate_objects(subject):
        triples.append((subject, p, o))
        if not isinstance(o, URIRef) or o == subject:
            continue
        if RM.SourceRow in site.types.get(o, ()):
            triples.extend((o, p2, o2) for p2, o2 in site.graph.predicate_objects(o))
            continue
        for names in (site.graph, site.ontology):
            for predicate in NAME_PREDICATES:
                for name in names.objects(o, predicate):
                    if isinstance(name, Literal):
                        triples.append((o, predicate, name))
    return TripleIndex(triples)


def turtle(graph: Graph | TripleIndex) -> str:
    triples = sorted_triples(graph)
    used = {str(t.value) for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
    used |= {t.datatype.value for triple in triples for t in triple if isinstance(t, ox.Literal)}
    prefixes = {
        prefix: str(ns)
        for prefix, ns in PREFIXES.items()
        if any(iri.startswith(str(ns)) for iri in used)
    }
    data = ox.serialize(
        [ox.Triple(*t) for t in triples], format=ox.RdfFormat.TURTLE, prefixes=prefixes
    )
    assert data is not None
    return data.decode("utf-8")


def _script_json(text: str) -> str:
    """JSON safe inside <script>: no '</' can end the element."""
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


# --- the page frame ----------------------------------------------------------------------

CSS = """
:root{--ink:#1d2330;--muted:#5b6475;--line:#d8dce4;--accent:#1f5fa8;--bar:#3a7bd5;--soft:#f3f5f9}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--ink);margin:0;background:#fff}
header.top{background:var(--soft);border-bottom:1px solid var(--line);padding:.6em 1.5em}
header.top a{margin-right:1em}
main{max-width:72em;margin:0 auto;padding:1em 1.5em 3em}
a{color:var(--accent)}
h1{font-size:1.6em;line-height:1.25;margin:.6em 0 .3em}
h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}
code,.iri-line{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em;
overflow-wrap:anywhere}
.iri-line{color:var(--muted);margin:0 0 .6em}
.muted,.types{color:var(--muted)}
.formats a{margin-right:.8em}
table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border-bottom:1px solid var(--line);padding:.35em .5em;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
table.facts th{width:14em;font-weight:500;color:var(--muted);background:none}
td .text{white-space:pre-wrap}
td ul,td ol{margin:0;padding-left:1.2em}
.counts{display:flex;flex-wrap:wrap;gap:1em;list-style:none;padding:0}
.counts li{background:var(--soft);border:1px solid var(--line);border-radius:.4em;padding:.5em 1em}
.counts b{display:block;font-size:1.6em}
.chart{overflow-x:auto}
svg.timeline .bar{fill:var(--bar)}
svg.timeline a:hover .bar,svg.timeline a:focus .bar{fill:#174a8c}
svg.timeline text{font-size:11px;fill:var(--muted)}
svg.timeline text.count{fill:var(--ink)}
svg.timeline line{stroke:var(--line)}
.filter input{font:inherit;padding:.3em .5em;width:min(30em,100%)}
.source-cells{margin:0;padding-left:1.4em}
.source-cells li{white-space:pre-wrap;margin:.2em 0}
footer{color:var(--muted);font-size:.85em;border-top:1px solid var(--line);margin-top:3em;
padding-top:.6em}
"""


def _frame(
    site: _Site,
    here: str,
    title: str,
    body: str,
    *,
    jsonld: str | None = None,
    alternates: bool = False,
    description: str | None = None,
) -> str:
    root = _rel(here, "index.html")
    ontology = _rel(here, "ontology/index.html")
    head = [
        "<!doctype html>",
        '<html lang="ru">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
    ]
    if description:
        head.append(f'<meta name="description" content="{_e(description)}">')
    if alternates:
        head.append('<link rel="alternate" type="text/turtle" href="index.ttl">')
        head.append('<link rel="alternate" type="application/ld+json" href="index.jsonld">')
    head.append(f"<style>{CSS.strip()}</style>")
    if jsonld is not None:
        head.append(
            f'<script type="application/ld+json">\n{_script_json(jsonld.strip())}\n</script>'
        )
    head.append("</head>")
    nav = (
        '<header class="top"><nav>'
        f'<a href="{_e(root)}">Мероприятия дорожных карт</a>'
        f'<a href="{_e(ontology)}">Онтология</a>'
        "</nav></header>"
    )
    return "\n".join(
        [
            *head,
            "<body>",
            nav,
            f"<main>\n{body}\n{site.footer}\n</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


# --- resource pages ----------------------------------------------------------------------


def _events_table(
    site: _Site, here: str, events: Iterable[URIRef], *, searchable: bool = False
) -> str:
    rows = []
    for event in sorted(set(events), key=site.sort_key):
        g = site.graph
        name = site.label(event)
        start = str(g.value(event, SCHEMA.startDate) or "")
        end = str(g.value(event, SCHEMA.endDate) or "")
        text = str(g.value(event, RM.dateText) or "")
        kind = g.value(event, RM.kind)
        places = sorted(
            (o for o in g.objects(event, SCHEMA.location) if isinstance(o, URIRef)), key=str
        )
        bodies = sorted(g.objects(event, RM.responsibleBody), key=site.label)
        dates = f'<time datetime="{_e(start)}">{_e(_short_date(start))}</time>'
        if end and end != start:
            dates += f'–<time datetime="{_e(end)}">{_e(_short_date(end))}</time>'
        cells = [
            f'<td title="{_e(text)}">{dates}</td>',
            f"<td>{site.link(here, event, name)}</td>",
            f"<td>{site.link(here, kind) if kind is not None else ''}</td>",
            "<td>" + "; ".join(site.link(here, p) for p in places) + "</td>",
            "<td>" + "; ".join(site.link(here, b) for b in bodies) + "</td>",
        ]
        attributes = ""
        if searchable:
            words = [
                name,
                start,
                text,
                site.label(kind) if kind is not None else "",
                *(site.label(p) for p in places),
                *(site.label(b) for b in bodies),
            ]
            attributes = f' data-search="{_e(search_text(" ".join(words)))}"'
        rows.append(f"<tr{attributes}>{''.join(cells)}</tr>")
    head = "".join(
        f"<th>{title}</th>" for title in ("Даты", "Название", "Вид", "Место", "Ответственный орган")
    )
    table_id = ' id="events"' if searchable else ""
    return (
        f'<table class="events"{table_id}><thead><tr>{head}</tr></thead>'
        f"<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )


def _list(site: _Site, here: str, items: Iterable[URIRef]) -> str:
    entries = "".join(
        f"<li>{site.link(here, item)}</li>" for item in sorted(set(items), key=site.sort_key)
    )
    return f"<ul>{entries}</ul>"


def _section(title: str, content: str, count: int | None = None, level: int = 2) -> str:
    number = f' <span class="muted">({count})</span>' if count is not None else ""
    return f"<section><h{level}>{_e(title)}{number}</h{level}>\n{content}\n</section>"


def _facts(site: _Site, here: str, subject: URIRef, source: Graph | TripleIndex) -> str:
    by_predicate: dict[URIRef, list[Node]] = defaultdict(list)
    for p, o in source.predicate_objects(subject):
        if p != RDF.type and isinstance(p, URIRef):
            by_predicate[p].append(o)
    if RM.planItem not in by_predicate and (subject, RDF.type, SCHEMA.Event) in source:
        # a report whose table has no plan-item column (rm:hasPlanItemColumn false)
        by_predicate[RM.planItem].append(Literal(NO_PLAN_ITEM))
    order = {p: i for i, p in enumerate(PREDICATE_ORDER)}
    rows = []
    for predicate in sorted(by_predicate, key=lambda p: (order.get(p, len(order)), str(p))):
        values = sorted(
            by_predicate[predicate],
            key=lambda o: site.sort_key(o) if isinstance(o, URIRef) else (str(o),),
        )
        shown = [site.value(here, v) for v in values]
        cell = (
            shown[0]
            if len(shown) == 1
            else "<ul>" + "".join(f"<li>{v}</li>" for v in shown) + "</ul>"
        )
        rows.append(
            f'<tr><th scope="row" title="{_e(compact(str(predicate)))}">'
            + site.link(here, predicate, site.predicate_label(predicate))
            + f"</th><td>{cell}</td></tr>"
        )
    return f'<table class="facts">{"".join(rows)}</table>'


def _types_line(site: _Site, here: str, subject: URIRef, source: Graph | TripleIndex) -> str:
    types = sorted((t for t in source.objects(subject, RDF.type) if isinstance(t, URIRef)), key=str)
    if not types:
        return ""
    return '<p class="types">' + ", ".join(site.link(here, t) for t in types) + "</p>"


def _incoming(
    site: _Site, subject: URIRef, predicate: URIRef, category: str | None = None
) -> list[URIRef]:
    return [
        s
        for s, p in site.inc.get(subject, [])
        if p == predicate and (category is None or site.category(s) == category)
    ]


def _inside(site: _Site, place: URIRef) -> set[URIRef]:
    """The place and every place inside it, at any depth."""
    found, todo = {place}, [place]
    while todo:
        for inner in _incoming(site, todo.pop(), SCHEMA.containedInPlace):
            if inner not in found:
                found.add(inner)
                todo.append(inner)
    return found


ROLES = (
    (RM.responsibleBody, "Ответственный орган"),
    (RM.host, "Площадка (принимающая сторона)"),
    (SCHEMA.organizer, "Организатор"),
    (SCHEMA.attendee, "Участник"),
    (SCHEMA.sponsor, "Поддержка (спонсор)"),
)


def _sections(site: _Site, here: str, subject: URIRef) -> tuple[str, set[tuple[URIRef, URIRef]]]:
    """The lists a page shows besides its facts, and the incoming links they cover."""
    category = site.category(subject)
    parts: list[str] = []
    shown: set[tuple[URIRef, URIRef]] = set()

    def mark(items: Iterable[URIRef], predicate: URIRef) -> list[URIRef]:
        items = list(items)
        shown.update((s, predicate) for s in items)
        return items

    if category == "event":
        row = site.graph.value(subject, PROV.wasDerivedFrom)
        if isinstance(row, URIRef):
            parts.append(_section("Источник", _source(site, here, row)))
    elif category == "org":
        roles = []
        for predicate, title in ROLES:
            events = mark(_incoming(site, subject, predicate, "event"), predicate)
            if events:
                roles.append(_section(title, _events_table(site, here, events), len(events), 3))
        if roles:
            parts.append(_section("Мероприятия по ролям", "\n".join(roles)))
        units = mark(_incoming(site, subject, ORG.subOrganizationOf), ORG.subOrganizationOf)
        if units:
            parts.append(
                _section(
                    "Входящие и подведомственные организации", _list(site, here, units), len(units)
                )
            )
    elif category == "place":
        inner = mark(_incoming(site, subject, SCHEMA.containedInPlace), SCHEMA.containedInPlace)
        if inner:
            parts.append(_section("Места внутри", _list(site, here, inner), len(inner)))
        area = _inside(site, subject)
        events = sorted(
            {s for place in area for s in _incoming(site, place, SCHEMA.location, "event")},
            key=str,
        )
        mark(_incoming(site, subject, SCHEMA.location, "event"), SCHEMA.location)
        if events:
            title = "Мероприятия здесь" + (" и в местах внутри" if len(area) > 1 else "")
            parts.append(_section(title, _events_table(site, here, events), len(events)))
        orgs = mark(_incoming(site, subject, SCHEMA.location, "org"), SCHEMA.location)
        if orgs:
            parts.append(_section("Организации", _list(site, here, orgs), len(orgs)))
        roadmaps = mark(_incoming(site, subject, RM.party), RM.party)
        if roadmaps:
            parts.append(
                _section("Дорожные карты, где регион — сторона", _list(site, here, roadmaps))
            )
        reports = mark(_incoming(site, subject, RM.reportingRegion), RM.reportingRegion)
        if reports:
            parts.append(_section("Отчёты органов региона", _list(site, here, reports)))
    elif category == "item":
        events = mark(_incoming(site, subject, RM.planItem), RM.planItem)
        parts.append(
            _section("Мероприятия по пункту", _events_table(site, here, events), len(events))
        )
    elif category == "report":
        events = mark(_incoming(site, subject, RM.report), RM.report)
        parts.append(_section("Мероприятия отчёта", _events_table(site, here, events), len(events)))
    elif category == "roadmap":
        reports = mark(_incoming(site, subject, RM.roadmap, "report"), RM.roadmap)
        items = mark(_incoming(site, subject, RM.roadmap, "item"), RM.roadmap)
        mark(_incoming(site, subject, PPLAN.isStepOfPlan), PPLAN.isStepOfPlan)
        if reports:
            parts.append(_section("Отчёты об исполнении", _list(site, here, reports), len(reports)))
        if items:
            parts.append(_section("Пункты плана", _list(site, here, items), len(items)))
        events = sorted(
            {e for r in reports for e in _incoming(site, r, RM.report, "event")}, key=str
        )
        if events:
            parts.append(_section("Мероприятия", _events_table(site, here, events), len(events)))
    elif category == "source":
        events = mark(_incoming(site, subject, PROV.wasDerivedFrom), PROV.wasDerivedFrom)
        if events:
            parts.append(
                _section("Мероприятия, извлечённые из этих строк", _list(site, here, events))
            )
    elif category == "concept":
        for predicate, title in (
            (RM.kind, "Мероприятия этого вида"),
            (RM.datePrecision, "Мероприятия с такой точностью даты"),
        ):
            events = mark(_incoming(site, subject, predicate), predicate)
            if events:
                parts.append(_section(title, _events_table(site, here, events), len(events)))
    return "\n".join(parts), shown


def _pages(g: Graph | TripleIndex, row: URIRef) -> str | None:
    """The page or pages of a PDF a source row is on ('3', '3–4'), or None."""
    first, last = g.value(row, RM.firstPage), g.value(row, RM.lastPage)
    if first is None:
        return None
    return f"{first}" if last in (None, first) else f"{first}–{last}"


def _source(site: _Site, here: str, row: URIRef) -> str:
    g = site.graph
    file = g.value(row, RM.sourceFile)
    first, last = g.value(row, RM.firstLine), g.value(row, RM.lastLine)
    unit = "строки"
    if first is None:
        first, last, unit = g.value(row, RM.firstRow), g.value(row, RM.lastRow), "строки таблицы"
    span = f"{first}" if first == last else f"{first}–{last}"
    where = f"{unit} {_e(span)}"
    pages = _pages(g, row)
    if pages is not None:  # a PDF's row: 'стр. 3–4, строка 12'
        where = f"стр. {_e(pages)}, строка {_e(span)}"
    parts = [
        f"<p>Файл <code>{_e(file)}</code>, {where} "
        f"({site.link(here, row, 'описание строки источника')}).</p>"
    ]
    text = g.value(row, RM.sourceText)
    if text is not None:
        cells = "".join(f"<li>{_e(cell)}</li>" for cell in str(text).split("\t"))
        parts.append(
            f'<p>Текст строки, по ячейкам таблицы:</p><ol class="source-cells">{cells}</ol>'
        )
    return "\n".join(parts)


def _breadcrumbs(site: _Site, here: str, subject: URIRef) -> str:
    chain: list[URIRef] = []
    category = site.category(subject)
    g = site.graph
    if category == "event":
        report = g.value(subject, RM.report)
        if isinstance(report, URIRef):
            roadmap = g.value(report, RM.roadmap)
            chain = [r for r in (roadmap, report) if isinstance(r, URIRef)]
    elif category in ("report", "item"):
        roadmap = g.value(subject, RM.roadmap)
        chain = [roadmap] if isinstance(roadmap, URIRef) else []
    elif category == "place":
        parent = g.value(subject, SCHEMA.containedInPlace)
        seen: set[Node] = {subject}
        while isinstance(parent, URIRef) and parent not in seen:
            seen.add(parent)
            chain.insert(0, parent)
            parent = g.value(parent, SCHEMA.containedInPlace)
    elif category == "concept":
        scheme = site.ontology.value(subject, SKOS.inScheme)
        chain = [scheme] if isinstance(scheme, URIRef) else []
    if not chain:
        return ""
    return '<p class="muted">' + " › ".join(site.link(here, c) for c in chain) + "</p>"


def _resources(site: _Site, subjects: list[URIRef]) -> list[Path]:
    """Write the pages of these resources; the paths written."""
    before = len(site.written)
    for subject in subjects:
        source = site.ontology if site.category(subject) == "concept" else site.graph
        _resource(site, subject, source)
    return site.written[before:]


def _resource(site: _Site, subject: URIRef, source: Graph | TripleIndex) -> None:
    here = site.pages[subject]
    description = describe(site, subject, source)
    document = jsonld_document(description)
    site.write(here + "index.ttl", turtle(description))
    site.write(here + "index.jsonld", document)

    title = site.label(subject)
    sections, shown = _sections(site, here, subject)
    others: dict[URIRef, list[URIRef]] = defaultdict(list)
    for s, p in site.inc.get(subject, []):
        if (s, p) not in shown and s != subject:
            others[p].append(s)
    other = "".join(
        _section(
            f"Ссылаются как «{site.predicate_label(p)}»",
            _list(site, here, others[p]),
            len(others[p]),
            3,
        )
        for p in sorted(others, key=str)
    )
    if other:
        sections += "\n" + _section("Другие ссылки на этот ресурс", other)
    body = "\n".join(
        [
            _breadcrumbs(site, here, subject),
            f"<h1>{_e(title)}</h1>",
            f'<p class="iri-line">{_e(subject)}</p>',
            _types_line(site, here, subject, source),
            '<p class="formats">Этот ресурс как данные: '
            '<a href="index.ttl" type="text/turtle">Turtle</a> '
            '<a href="index.jsonld" type="application/ld+json">JSON-LD</a></p>',
            _section("Сведения", _facts(site, here, subject, source)),
            sections,
        ]
    )
    site.write(
        here + "index.html",
        _frame(site, here, title, body, jsonld=document, alternates=True),
    )


# --- the index page ----------------------------------------------------------------------


def timeline(site: _Site, here: str, events: list[URIRef]) -> str:
    """Events per month of their start date, as an SVG bar chart (one bar per month with
    events; empty months between keep their place on the axis)."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for event in events:
        start = site.graph.value(event, SCHEMA.startDate)
        if start is None:
            continue
        day = date.fromisoformat(str(start))
        counts[(day.year, day.month)] += 1
    if not counts:
        return '<p class="muted">Нет мероприятий с датами.</p>'
    first, last = min(counts), max(counts)
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    slot, left, top, height = 34, 34, 24, 160
    bottom = top + height
    width = left + slot * len(months) + 10
    tallest = max(counts.values())
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="timeline" '
        f'width="{width}" height="{bottom + 44}" '
        f'viewBox="0 0 {width} {bottom + 44}" role="img" aria-labelledby="timeline-title">',
        '<title id="timeline-title">Мероприятия по месяцам (по дате начала)</title>',
        f'<line x1="{left - 4}" y1="{bottom}" x2="{width - 6}" y2="{bottom}"/>',
        f'<text x="{left - 8}" y="{top + 4}" text-anchor="end">{tallest}</text>',
        f'<text x="{left - 8}" y="{bottom}" text-anchor="end">0</text>',
    ]
    index = _rel(here, "index.html")
    for i, (year, month) in enumerate(months):
        x = left + i * slot
        centre = x + slot / 2
        count = counts.get((year, month), 0)
        key = f"{year:04d}-{month:02d}"
        if count:
            bar = round(height * count / tallest, 1)
            tip = f"{MONTHS[month - 1]} {year}: {events_word(count)}"
            parts.append(
                f'<a href="{_e(index)}?q={key}#events">'
                f'<rect class="bar" x="{x + 4}" y="{round(bottom - bar, 1)}" width="{slot - 8}" '
                f'height="{bar}" data-month="{key}" data-count="{count}">'
                f"<title>{_e(tip)}</title></rect>"
                f'<text class="count" x="{centre}" y="{round(bottom - bar - 4, 1)}" '
                f'text-anchor="middle">{count}</text></a>'
            )
        parts.append(
            f'<text class="month" x="{centre}" y="{bottom + 15}" text-anchor="middle">'
            f"{MONTHS_SHORT[month - 1]}</text>"
        )
        if month == 1 or i == 0:
            parts.append(
                f'<text class="year" x="{centre}" y="{bottom + 31}" text-anchor="middle">'
                f"{year}</text>"
            )
    parts.append("</svg>")
    return '<div class="chart">' + "\n".join(parts) + "</div>"


FILTER_SCRIPT = """
(function () {
  var input = document.getElementById("q");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#events tbody tr"));
  function norm(text) { return text.toLowerCase().replace(/ё/g, "е"); }
  function apply() {
    var words = norm(input.value).split(/\\s+/).filter(Boolean);
    var visible = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      var match = words.every(function (word) { return text.indexOf(word) >= 0; });
      row.hidden = !match;
      if (match) { visible += 1; }
    });
    shown.textContent = String(visible);
  }
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.defaultValue = initial; input.value = initial; }
  input.addEventListener("input", apply);
  apply();
})();
"""

DOWNLOAD_NOTES = {
    "dataset.ttl": "весь набор, Turtle",
    "dataset.nt": "весь набор, N-Triples",
    "dataset.jsonld": "весь набор, JSON-LD",
    "dataset.trig": "весь набор, TriG: по именованному графу на отчёт и граф общих ресурсов",
    "context.jsonld": "контекст JSON-LD (префиксы)",
    "events.csv": "мероприятия, таблица CSV",
    "events.csv-metadata.json": "описание таблицы events.csv (CSV on the Web)",
    "ontology.ttl": "онтология, Turtle",
    "shapes.ttl": "формы SHACL для проверки данных",
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


def _downloads(site: _Site, folder: Path, downloads: list[Path]) -> str:
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
        relative = posixpath.relpath(path.resolve().as_posix(), site.root.resolve().as_posix())
        note = DOWNLOAD_NOTES.get(path.name) or FORMAT_NOTES.get(path.suffix, "")
        if group == "catalogue":
            note = "описание набора" + (f", {note}" if note else "")
        rows.append(
            f'<tr><td><a href="{_e(quote(relative, safe="/-._~"))}" download>'
            f"{_e(path.name)}</a></td>"
            f"<td>{_e(note)}</td>"
            f'<td data-bytes="{size}">{_e(human_size(size))} '
            f'<span class="muted">({_e(_thousands(size))} байт)</span></td></tr>'
        )
    return (
        "<table><thead><tr><th>Файл</th><th>Что в нём</th><th>Размер</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _dataset_jsonld(release: Release) -> str:
    config = release.config
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


def _index(site: _Site, release: Release, folder: Path, downloads: list[Path]) -> None:
    config = release.config
    here = ""
    events = site.of_category("event")
    places = site.of_category("place")
    orgs = site.of_category("org")
    reports = site.of_category("report")
    roadmaps = site.of_category("roadmap")
    counts = [
        (len(reports), plural(len(reports), "отчёт", "отчёта", "отчётов")),
        (len(events), plural(len(events), "мероприятие", "мероприятия", "мероприятий")),
        (len(orgs), plural(len(orgs), "организация", "организации", "организаций")),
        (len(places), plural(len(places), "место", "места", "мест")),
        (len(roadmaps), plural(len(roadmaps), "дорожная карта", "дорожные карты", "дорожных карт")),
    ]
    count_items = "".join(f'<li data-count="{n}"><b>{n}</b> {_e(word)}</li>' for n, word in counts)
    listing = ""
    if site_prefix(site.base):
        listing = (
            f' · <a href="{_e(_rel(here, site_prefix(site.base) + "index.html"))}">все ресурсы</a>'
        )
    body = "\n".join(
        [
            f"<h1>{_e(config.title_ru)}</h1>",
            f"<p>{_e(config.description_ru)}</p>",
            f'<p lang="en" class="muted">{_e(config.title_en)}. {_e(config.description_en)}</p>',
            f'<p class="muted">Публикует: <a href="{_e(config.publisher_homepage)}" rel="external">'
            f"{_e(config.publisher_name_ru)}</a>. Лицензия: "
            f'<a href="{_e(config.license)}" rel="license external">{_e(config.license)}</a>. '
            f"Выпуск от {_e(_ru_date(config.modified.isoformat()))}. "
            f'<a href="ontology/index.html">Онтология</a>{listing}.</p>',
            f'<ul class="counts">{count_items}</ul>',
            _section(
                "Мероприятия по месяцам",
                '<p class="muted">По дате начала; у мероприятий с неточной датой (квартал, год) '
                "это начало интервала. Столбец открывает список мероприятий месяца.</p>"
                + timeline(site, here, events),
            ),
            _section(
                "Все мероприятия",
                '<form class="filter" role="search" action="index.html" method="get">'
                '<label>Фильтр: <input id="q" name="q" type="search" '
                'placeholder="слово из названия, места, органа, дата 2021-04" autocomplete="off">'
                "</label> "
                '<span class="muted">показано '
                f'<span id="shown">{len(events)}</span> из {len(events)}'
                "</span></form>\n" + _events_table(site, here, events, searchable=True),
                len(events),
            ),
            _section("Скачать", _downloads(site, folder, downloads)),
            _section("Дорожные карты", _list(site, here, roadmaps), len(roadmaps)),
            _section("Отчёты об исполнении", _list(site, here, reports), len(reports)),
            f"<script>{FILTER_SCRIPT}</script>",
        ]
    )
    site.write(
        "index.html",
        _frame(
            site,
            here,
            config.title_ru,
            body,
            jsonld=_dataset_jsonld(release),
            description=config.description_ru,
        ),
    )


def _listing(site: _Site) -> None:
    """site/id/index.html: every resource of the release, by kind (the base IRI's page)."""
    here = site_prefix(site.base)
    groups = (
        ("roadmap", "Дорожные карты"),
        ("report", "Отчёты об исполнении"),
        ("item", "Пункты планов"),
        ("event", "Мероприятия"),
        ("org", "Организации"),
        ("place", "Места"),
        ("source", "Строки источников"),
    )
    parts = [f'<h1>Ресурсы набора</h1><p class="iri-line">{_e(site.base)}</p>']
    for name, title in groups:
        items = site.of_category(name)
        if items:
            parts.append(_section(title, _list(site, here, items), len(items)))
    site.write(here + "index.html", _frame(site, here, "Ресурсы набора", "\n".join(parts)))


# --- the ontology page -------------------------------------------------------------------


def _ontology(site: _Site, ontology_file: Path) -> None:
    g = site.ontology
    here = "ontology/"
    onto = URIRef(ONTOLOGY_IRI)

    def text(subject: Node, predicate: URIRef, lang: str) -> str:
        return site._literal(g, subject, predicate, lang) or ""

    def term(node: Node) -> str:
        """A class or datatype in a domain or range: linked, or spelt out when anonymous."""
        if isinstance(node, URIRef):
            return site.link(here, node, compact(str(node)))
        members = g.value(node, OWL.unionOf)
        if members is not None:
            return " ∪ ".join(term(m) for m in g.items(members))
        values = g.value(node, OWL.oneOf)
        if values is not None:
            return "одно из: " + ", ".join(f"«{_e(v)}»" for v in g.items(values))
        return _e(node)

    def described(concept: URIRef, lang: str) -> str:
        label, definition = (
            text(concept, SKOS.prefLabel, lang),
            text(concept, SKOS.definition, lang),
        )
        return f"<b>{_e(label)}</b><br>{_e(definition)}"

    def terms(subject: URIRef, predicate: URIRef) -> str:
        nodes = sorted(g.objects(subject, predicate), key=lambda n: (isinstance(n, URIRef), str(n)))
        return ", ".join(term(n) for n in nodes) or "—"

    def own(kind: URIRef) -> list[URIRef]:
        return sorted(
            (
                s
                for s in g.subjects(RDF.type, kind)
                if isinstance(s, URIRef) and str(s).startswith(str(RM))
            ),
            key=lambda s: str(s).lower(),
        )

    def card(subject: URIRef, rows: list[tuple[str, str]]) -> str:
        local = str(subject)[len(str(RM)) :]
        items = [
            ("IRI", f"<code>{_e(subject)}</code>"),
            (
                "по-русски",
                f"<b>{_e(text(subject, RDFS.label, 'ru'))}</b> — "
                f"{_e(text(subject, RDFS.comment, 'ru'))}",
            ),
            (
                "in English",
                f'<span lang="en"><b>{_e(text(subject, RDFS.label, "en"))}</b> — '
                f"{_e(text(subject, RDFS.comment, 'en'))}</span>",
            ),
            *rows,
        ]
        table = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in items)
        return (
            f'<section id="{_e(local)}"><h3><code>rm:{_e(local)}</code></h3>'
            f'<table class="facts">{table}</table></section>'
        )

    classes = []
    for cls in own(OWL.Class):
        rows = [("подкласс", terms(cls, RDFS.subClassOf))]
        domain_of = sorted(
            (p for p in g.subjects(RDFS.domain, cls) if isinstance(p, URIRef)), key=str
        )
        range_of = sorted(
            (p for p in g.subjects(RDFS.range, cls) if isinstance(p, URIRef)), key=str
        )
        if domain_of:
            rows.append(("область определения у", ", ".join(term(p) for p in domain_of)))
        if range_of:
            rows.append(("область значений у", ", ".join(term(p) for p in range_of)))
        classes.append(card(cls, rows))

    def properties(kind: URIRef) -> list[str]:
        cards = []
        for prop in own(kind):
            characteristics = []
            if (prop, RDF.type, OWL.FunctionalProperty) in g:
                characteristics.append("функциональное (не более одного значения)")
            rows = [
                ("домен", terms(prop, RDFS.domain)),
                ("область значений", terms(prop, RDFS.range)),
            ]
            if characteristics:
                rows.append(("характеристики", ", ".join(characteristics)))
            if (prop, RDFS.subPropertyOf, None) in g:
                rows.append(("подсвойство", terms(prop, RDFS.subPropertyOf)))
            if (prop, SKOS.related, None) in g:
                rows.append(("связано с", terms(prop, SKOS.related)))
            cards.append(card(prop, rows))
        return cards

    schemes = []
    for scheme in own(SKOS.ConceptScheme):
        concepts = sorted(
            (c for c in g.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
            key=lambda c: _concept_order(g, c),
        )
        extra = (
            "rm:eventClass" if any((c, RM.eventClass, None) in g for c in concepts) else "rm:order"
        )
        lines: list[str] = []
        for concept in concepts:
            notation = str(g.value(concept, SKOS.notation) or "")
            special = g.value(concept, RM.eventClass if extra == "rm:eventClass" else RM.order)
            shown = term(special) if isinstance(special, URIRef) else _e(special or "—")
            lines.append(
                f'<tr id="{_e(_concept_anchor(concept))}">'
                f"<td>{site.link(here, concept, notation)}</td>"
                f"<td>{described(concept, 'ru')}</td>"
                f'<td lang="en">{described(concept, "en")}</td>'
                f"<td>{shown}</td></tr>"
            )
        local = str(scheme)[len(str(RM)) :]
        schemes.append(
            f'<section id="{_e(local)}"><h3>{_e(text(scheme, SKOS.prefLabel, "ru"))} '
            f'<span lang="en" class="muted">({_e(text(scheme, SKOS.prefLabel, "en"))})</span> '
            f"<code>rm:{_e(local)}</code></h3>"
            f"<p>{_e(text(scheme, RDFS.comment, 'ru'))}</p>"
            f'<p lang="en" class="muted">{_e(text(scheme, RDFS.comment, "en"))}</p>'
            "<table><thead><tr><th>обозначение</th><th>по-русски</th><th>in English</th>"
            f"<th>{extra}</th></tr></thead>"
            f"<tbody>{''.join(lines)}</tbody></table></section>"
        )

    prefixes = "".join(
        f"<tr><td><code>{_e(prefix)}:</code></td><td><code>{_e(ns)}</code></td></tr>"
        for prefix, ns in PREFIXES.items()
    )
    licence = g.value(onto, DCTERMS.license)
    version = g.value(onto, OWL.versionInfo) or ""
    prefix = g.value(onto, URIRef(VANN + "preferredNamespacePrefix")) or "rm"
    parts = [
        ("classes", "Классы", classes),
        ("object-properties", "Объектные свойства", properties(OWL.ObjectProperty)),
        ("datatype-properties", "Свойства-данные", properties(OWL.DatatypeProperty)),
        ("annotation-properties", "Свойства-аннотации", properties(OWL.AnnotationProperty)),
        ("schemes", "Схемы понятий (SKOS)", schemes),
        ("prefixes", "Префиксы", [f"<table>{prefixes}</table>"]),
    ]
    body = "\n".join(
        [
            f"<h1>{_e(text(onto, DCTERMS.title, 'ru'))}</h1>",
            f'<p lang="en" class="muted">{_e(text(onto, DCTERMS.title, "en"))}</p>',
            f'<p class="iri-line">{_e(ONTOLOGY_IRI)} · версия {_e(version)} · '
            f"префикс <code>{_e(prefix)}:</code> = <code>{_e(RM)}</code></p>",
            f"<p>{_e(text(onto, DCTERMS.description, 'ru'))}</p>",
            f'<p lang="en" class="muted">{_e(text(onto, DCTERMS.description, "en"))}</p>',
            '<p class="formats">Онтология как данные: '
            '<a href="index.ttl" type="text/turtle">Turtle</a>'
            + (
                f' · лицензия <a href="{_e(licence)}" rel="license external">{_e(licence)}</a>'
                if licence
                else ""
            )
            + "</p>",
            "<nav>"
            + " · ".join(f'<a href="#{anchor}">{_e(name)}</a>' for anchor, name, _ in parts)
            + "</nav>",
            *(
                f'<section id="{anchor}"><h2>{_e(name)}</h2>{"".join(content)}</section>'
                for anchor, name, content in parts
            ),
        ]
    )
    title = text(onto, DCTERMS.title, "ru") or "Онтология"
    site.write(here + "index.html", _frame(site, here, title, body))
    site.write(here + "index.ttl", ontology_file.read_text(encoding="utf-8"))


def _concept_order(g: Graph, concept: URIRef) -> tuple[int, str]:
    order = g.value(concept, RM.order)
    notation = str(g.value(concept, SKOS.notation) or "")
    if order is not None:
        return (int(str(order)), notation)
    return (KINDS.index(notation) if notation in KINDS else len(KINDS), notation)


def _concept_anchor(concept: URIRef) -> str:
    """rmk:forum → 'kind-forum' (the concept's row on the ontology page)."""
    return str(concept)[len(ONTOLOGY_IRI) + 1 :].replace("/", "-")


# --- content negotiation for a web server ------------------------------------------------

HTACCESS = """\
# roadmap-kg: content negotiation for the linked-data pages of this release (Apache 2.4 with
# mod_rewrite and mod_mime; mod_headers optional).
#
# Where to deploy: copy this whole release folder (the downloads, site/ and this file) to a
# folder the server publishes, e.g. /var/www/roadmap-kg/, with `AllowOverride FileInfo
# Indexes` (or All) for it. The site root is site/: the parent of the base IRI
# ({root}) must lead to .../roadmap-kg/site/ with the rest of the path kept, e.g. in the
# w3id.org redirect of the project:
#     RewriteRule ^(.*)$ https://example.org/roadmap-kg/site/$1 [R=302,L]
# so that the IRI {base}event/K is answered from site/{prefix}event/K/. Served through an
# Alias, add `RewriteBase /the/url/path/of/this/folder/`.
#
# Every resource is a folder holding index.html (people), index.ttl and index.jsonld
# (machines): `Accept: text/turtle` gets index.ttl, `Accept: application/ld+json` gets
# index.jsonld, anything else index.html; ?format=ttl|jsonld|html chooses explicitly.

AddType text/html .html
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/trig .trig
AddType text/csv .csv
AddType application/json .json
AddCharset utf-8 .html .ttl .jsonld .nt .trig .csv .json
DirectoryIndex index.html
# The IRIs have no trailing slash: the rules below answer them, mod_dir must not redirect first.
DirectorySlash Off
Options -MultiViews

<IfModule mod_headers.c>
    Header merge Vary Accept
</IfModule>

RewriteEngine On

# 1. ?format= chooses explicitly (html: the folder, below).
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteCond %{{QUERY_STRING}} (?:^|&)format=(ttl|jsonld)(?:&|$)
RewriteRule ^(.*?)/?$ $1/index.%1 [END]

# 2. RDF by the Accept header: Turtle, then JSON-LD.
RewriteCond %{{QUERY_STRING}} !(?:^|&)format=html(?:&|$)
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteCond %{{REQUEST_FILENAME}}/index.ttl -f
RewriteCond %{{HTTP_ACCEPT}} text/turtle [NC]
RewriteRule ^(.*?)/?$ $1/index.ttl [END]

RewriteCond %{{QUERY_STRING}} !(?:^|&)format=html(?:&|$)
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteCond %{{REQUEST_FILENAME}}/index.jsonld -f
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json [NC]
RewriteRule ^(.*?)/?$ $1/index.jsonld [END]

# 3. Otherwise the page. An IRI has no trailing slash: the browser is sent (303 See Other) to
#    the folder, so that the page's relative links resolve; the folder answers index.html.
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteCond %{{REQUEST_FILENAME}}/index.html -f
RewriteRule ^(.*[^/])$ %{{REQUEST_URI}}/ [R=303,END]
"""

NGINX = """\
# roadmap-kg: content negotiation for the linked-data pages of this release (nginx).
#
# Where to deploy: copy this whole release folder (the downloads and site/) to
# /srv/www/roadmap-kg/ (or change `root` below: the location's path is looked up under it).
# The site root is site/: the parent of the base IRI ({root}) must lead to
# /roadmap-kg/site/ with the rest of the path kept (e.g. the project's w3id.org redirect to
# https://example.org/roadmap-kg/site/$1), so that the IRI {base}event/K is answered from
# site/{prefix}event/K/.
#
# Every resource is a folder holding index.html (people), index.ttl and index.jsonld
# (machines): `Accept: text/turtle` gets index.ttl, `Accept: application/ld+json` gets
# index.jsonld, anything else index.html; ?format=ttl|jsonld|html chooses explicitly.
#
# Two parts: the `map` blocks belong in the http {{ }} context (e.g. a file in conf.d/),
# the `location` block in the server {{ }} that serves the host.

# ---- http {{ }} context -------------------------------------------------------------------

map $http_accept $roadmap_kg_accept {{
    default                   html;
    "~*text/turtle"           ttl;
    "~*application/ld\\+json"  jsonld;
}}

map $arg_format $roadmap_kg_format {{
    default  $roadmap_kg_accept;
    ttl      ttl;
    jsonld   jsonld;
    html     html;
}}

# ---- server {{ }} context -----------------------------------------------------------------

location /roadmap-kg/ {{
    root /srv/www;
    types {{
        text/html              html;
        text/turtle            ttl;
        application/ld+json    jsonld;
        application/n-triples  nt;
        application/trig       trig;
        text/csv               csv;
        application/json       json;
    }}
    charset utf-8;
    charset_types text/turtle application/ld+json application/n-triples application/trig
                  text/csv application/json;  # and text/html, always
    index index.html;
    add_header Vary Accept always;

    # A resource (a folder) asked for as RDF: its index.ttl or index.jsonld, in place.
    # As HTML, nginx itself redirects .../event/K to .../event/K/ (relative links then
    # resolve) and answers index.html.
    set $roadmap_kg_folder "";
    if (-d $request_filename) {{
        set $roadmap_kg_folder "folder";
    }}
    set $roadmap_kg_want "$roadmap_kg_folder:$roadmap_kg_format";
    if ($roadmap_kg_want = "folder:ttl") {{
        rewrite ^(.*?)/?$ $1/index.ttl last;
    }}
    if ($roadmap_kg_want = "folder:jsonld") {{
        rewrite ^(.*?)/?$ $1/index.jsonld last;
    }}
}}
"""


def _server_files(release: Release, folder: Path) -> list[Path]:
    values = {
        "root": release.base_iri.removesuffix("id/")
        if site_prefix(release.base_iri)
        else release.base_iri,
        "base": release.base_iri,
        "prefix": site_prefix(release.base_iri),
    }
    written = []
    for name, template in ((".htaccess", HTACCESS), ("nginx.conf", NGINX)):
        path = folder / name
        path.write_bytes(template.format(**values).encode("utf-8"))
        written.append(path)
    return written


# --- entry point ---------------------------------------------------------------------------


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
    footer = (
        f"<footer>{_e(config.title_ru)} · {_e(config.publisher_name_ru)} · лицензия "
        f'<a href="{_e(config.license)}" rel="license external">{_e(config.license)}</a>'
        "</footer>"
    )
    graph = release.graph if isinstance(release.graph, TripleIndex) else TripleIndex(release.graph)
    site = _Site(graph, ontology, release.base_iri, root, footer)
    # the resource pages are independent: half of them are written in a second process
    subjects = sorted(site.pages, key=str)
    with Workers() as workers:  # on an error, the other half stops writing before cleanup
        other_half = workers.start(lambda: _resources(site, subjects[1::2]))
        _resources(site, subjects[0::2])
        site.written.extend(other_half.result())
    _index(site, release, folder, downloads)
    if site_prefix(site.base):
        _listing(site)
    _ontology(site, ontology_file)
    written = site.written + _server_files(release, folder)
    return sorted(written)


def pages(folder: Path) -> Iterator[Path]:
    """Every HTML page of a written site."""
    yield from sorted((folder / SITE).rglob("*.html"))
