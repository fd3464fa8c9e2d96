"""The release's web site: a page per resource at the path its IRI names, with Turtle and
JSON-LD beside it; no broken internal link; the index's timeline and event table agree with
the data; output is byte-identical; the server negotiates HTML, Turtle and JSON-LD."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from roadmap_kg.graphindex import TripleIndex
from roadmap_kg.pipeline import extract
from roadmap_kg.publish.config import load_config
from roadmap_kg.publish.model import Release
from roadmap_kg.publish.release import write_data
from roadmap_kg.publish.site import _parts, parts, search_text, shared_order, write_site
from roadmap_kg.publish.site import graph as site_graph
from roadmap_kg.publish.site.graph import SiteGraph
from roadmap_kg.publish.site.resources import LISTS_EVENTS
from roadmap_kg.query import load_queries
from roadmap_kg.rdf import to_graph
from roadmap_kg.reference import Reference
from roadmap_kg.serve import ReleaseServer
from roadmap_kg.settings import Settings
from roadmap_kg.vocab import RM, SCHEMA
from roadmap_kg.workers import at_most

from conftest import FIXTURES, SEED, serving

ID = "https://w3id.org/roadmap-kg/id/"
MULTI = (
    SEED,
    FIXTURES / "small" / "spb-smolensk-2022.txt",
    FIXTURES / "reports" / "spb-pskov-2022.txt",
)
PAGE_TYPES = (
    SCHEMA.Event,
    SCHEMA.Organization,
    SCHEMA.Place,
    RM.PlanItem,
    RM.ImplementationReport,
    RM.Roadmap,
)


def make_release(sources: tuple[Path, ...], base: str = ID) -> Release:
    settings = Settings(sources=sources, base_iri=base)
    reports = extract(settings, Reference(settings.reference_dir))
    return Release(
        reports=reports,
        graph=to_graph(reports, base),
        config=load_config(settings.config_path),
        base_iri=base,
        ontology_dir=settings.ontology_dir,
        shapes_dir=settings.shapes_dir,
    )


def build_site(release: Release, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return write_site(release, folder, write_data(release, folder)[0])


class Site:
    def __init__(self, release: Release, folder: Path, written: list[Path]) -> None:
        self.release, self.folder, self.written = release, folder, written
        self.graph = release.graph
        self.root = folder / "site"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Site:
    release = make_release((SEED,))
    folder = tmp_path_factory.mktemp("seed") / "dist"
    return Site(release, folder, build_site(release, folder))


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Site:
    release = make_release(MULTI)
    folder = tmp_path_factory.mktemp("multi") / "dist"
    return Site(release, folder, build_site(release, folder))


# the site of five reports is built once more than the seed's: a slow test's worth
@pytest.fixture(params=["seed", pytest.param("multi", marks=pytest.mark.slow)])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(request.param)


# --- reading pages -------------------------------------------------------------------------


class Page(HTMLParser):
    """What a test needs of a page: its links, ids, JSON-LD, table rows and chart bars."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.jsonld: list[str] = []
        self.rows: list[dict[str, str | None]] = []  # rows of the events table (#events)
        self.row_links: list[list[str]] = []
        self.bars: list[dict[str, str | None]] = []
        self.bar_titles: list[str] = []
        self.h1: list[str] = []
        self.lang: str | None = None
        self._script: list[str] | None = None
        self._in_events = False
        self._in_bar = False
        self._title: list[str] | None = None
        self._h1: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key] or "")
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "script" and a.get("type") == "application/ld+json":
            self._script = []
        if tag == "table" and a.get("id") == "events":
            self._in_events = True
        if tag == "tr" and self._in_events and "data-search" in a:
            self.rows.append(a)
            self.row_links.append([])
        if tag == "a" and self._in_events and self.row_links:
            self.row_links[-1].append(a.get("href") or "")
        if tag == "rect" and "bar" in (a.get("class") or "").split():
            self.bars.append(a)
            self._in_bar = True
        if tag == "title" and self._in_bar:
            self._title = []
        if tag == "h1":
            self._h1 = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.jsonld.append("".join(self._script))
            self._script = None
        if tag == "table":
            self._in_events = False
        if tag == "title" and self._title is not None:
            self.bar_titles.append("".join(self._title))
            self._title = None
        if tag == "rect":
            self._in_bar = False
        if tag == "h1" and self._h1 is not None:
            self.h1.append("".join(self._h1).strip())
            self._h1 = None

    def handle_data(self, data: str) -> None:
        for buffer in (self._script, self._title, self._h1):
            if buffer is not None:
                buffer.append(data)


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def mirrored(root: Path, iri: URIRef, base: str = ID, prefix: str = "id/") -> Path:
    assert str(iri).startswith(base)
    return root / (prefix + str(iri)[len(base) :]) / "index.html"


def resources(graph: Graph) -> list[URIRef]:
    found = {s for cls in PAGE_TYPES for s in graph.subjects(RDF.type, cls)}
    return sorted((s for s in found if isinstance(s, URIRef)), key=str)


def jsonld_graph(text: str) -> Graph:
    """JSON-LD read by pyoxigraph (rdflib 7.6's JSON-LD parser goes through its own deprecated
    ConjunctiveGraph), handed to rdflib as N-Triples."""
    quads = pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.JSON_LD)
    data = pyoxigraph.serialize(
        [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads],
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    return Graph().parse(data=(data or b"").decode("utf-8"), format="nt")


def about(graph: Graph, subject: URIRef) -> set[tuple]:
    return {(subject, p, o) for p, o in graph.predicate_objects(subject)}


def broken_links(root: Path) -> list[str]:
    """Every internal href/src of every page that does not resolve to a file (or to an id of
    the page it points into); external links are not followed."""
    pages: dict[Path, Page] = {p: read_page(p) for p in sorted(root.rglob("*.html"))}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(root)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else read_page(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(root)}: {link} (no such id)")
    return broken


# --- pages at the IRIs' paths -------------------------------------------------------------


def test_every_resource_has_a_page_at_the_path_of_its_iri(site: Site) -> None:
    found = resources(site.graph)
    kinds = Counter(
        next(
            str(c).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            for c in PAGE_TYPES
            if (s, RDF.type, c) in site.graph
        )
        for s in found
    )
    assert set(kinds) == {
        "Event",
        "Organization",
        "Place",
        "PlanItem",
        "ImplementationReport",
        "Roadmap",
    }
    for subject in found:
        page = mirrored(site.root, subject)
        assert page.is_file(), subject
        assert (page.parent / "index.ttl").is_file(), subject
        assert (page.parent / "index.jsonld").is_file(), subject
    event = next(iter(site.graph.subjects(RDF.type, SCHEMA.Event)))
    assert mirrored(site.root, event).relative_to(site.folder).parts[:3] == ("site", "id", "event")
    written = set(site.written)
    assert site.written == sorted(site.written)
    assert {p for p in site.root.rglob("*") if p.is_file()} | {
        site.folder / ".htaccess",
        site.folder / "nginx.conf",
    } == written


def test_pages_are_russian_utf8_and_use_no_external_asset(seed: Site) -> None:
    for path in sorted(seed.root.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        page = Page(text)
        assert page.lang == "ru", path
        assert '<meta charset="utf-8">' in text
        assert '<link rel="stylesheet"' not in text
        for link in page.links:
            # the only absolute links are to other vocabularies and data (plain <a>), never assets
            if urlsplit(link).scheme:
                assert not link.endswith((".css", ".js")), (path, link)
        assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", text), path


def test_the_pages_do_not_depend_on_how_many_links_are_kept(
    seed: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # links are kept among the recent ones only (graph.RECENT): with two kept, most are made
    # again for each page that shows them
    monkeypatch.setattr(site_graph, "RECENT", 2)
    with at_most(1):  # every page in this process, which the patch reaches
        again = build_site(make_release((SEED,)), tmp_path / "dist")
    assert [p.relative_to(tmp_path / "dist") for p in again] == [
        p.relative_to(seed.folder) for p in seed.written
    ]
    for first, second in zip(seed.written, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first


@pytest.mark.slow
def test_no_internal_link_is_broken(site: Site) -> None:
    assert broken_links(site.root) == []


def test_each_page_embeds_its_json_ld_and_serves_it_beside(site: Site) -> None:
    for subject in resources(site.graph):
        page_path = mirrored(site.root, subject)
        page = read_page(page_path)
        assert len(page.jsonld) == 1, subject
        embedded = jsonld_graph(page.jsonld[0])
        assert about(embedded, subject) == about(site.graph, subject), subject
        beside = (page_path.parent / "index.jsonld").read_text(encoding="utf-8")
        assert json.loads(page.jsonld[0]) == json.loads(beside)
        assert f'"@id": "{subject}"' in beside  # data IRIs whole; schema.org terms as in the data
        assert '"schema:name"' in beside


def test_each_turtle_description_holds_the_resources_triples_and_names_its_links(
    site: Site,
) -> None:
    for subject in resources(site.graph):
        path = mirrored(site.root, subject).parent / "index.ttl"
        described = Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")
        assert about(described, subject) == about(site.graph, subject), subject
        for _, _, linked in about(site.graph, subject):
            name = site.graph.value(linked, SCHEMA.name) if isinstance(linked, URIRef) else None
            if name is not None:
                assert (linked, SCHEMA.name, name) in described, (subject, linked)


def test_an_event_page_shows_labels_links_and_its_source_lines(seed: Site) -> None:
    g = seed.graph
    derived = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    event = sorted(
        s
        for s in g.subjects(RDF.type, SCHEMA.Event)
        if g.value(g.value(s, derived), RM.sourceText) is not None
    )[0]
    text = mirrored(seed.root, event).read_text(encoding="utf-8")
    page = Page(text)
    assert page.h1 == [str(g.value(event, SCHEMA.name))]
    ontology = Graph().parse(Settings().ontology_dir / "roadmap.ttl")
    kind, precision = g.value(event, RM.kind), g.value(event, RM.datePrecision)
    for concept in (kind, precision):
        label = next(
            str(o) for o in ontology.objects(concept, SKOS.prefLabel) if o.language == "ru"
        )
        assert f">{label}</a>" in text
    row = g.value(event, derived)
    assert str(g.value(row, RM.sourceFile)) in text
    first, last = g.value(row, RM.firstLine), g.value(row, RM.lastLine)
    assert f"строки {first}–{last}" in text or f"строки {first}" in text
    for cell in str(g.value(row, RM.sourceText)).split("\t"):
        assert f"<li>{escape(cell)}</li>" in text
    assert 'href="index.ttl"' in text
    assert 'href="index.jsonld"' in text
    reached = _reached(mirrored(seed.root, event), text)
    for org in g.objects(event, RM.responsibleBody):
        assert mirrored(seed.root, org).resolve() in reached


def _reached(page: Path, text: str) -> set[Path]:
    """The files the page's relative links lead to."""
    hrefs = re.findall(r'href="([^"#:]+)', text)
    return {(page.parent / unquote(href)).resolve() for href in hrefs}


def escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


@pytest.mark.slow
def test_resource_pages_list_what_points_to_them(multi: Site) -> None:
    g = multi.graph

    def links_of(subject: URIRef) -> set[Path]:
        path = mirrored(multi.root, subject)
        return {
            (path.parent / unquote(link)).resolve()
            for link in read_page(path).links
            if not urlsplit(link).scheme
        }

    for org in g.subjects(RDF.type, SCHEMA.Organization):
        events = {
            s
            for p in (
                RM.responsibleBody,
                RM.host,
                SCHEMA.organizer,
                SCHEMA.attendee,
                SCHEMA.sponsor,
            )
            for s in g.subjects(p, org)
        }
        assert {mirrored(multi.root, e).resolve() for e in events} <= links_of(org), org
    for item in g.subjects(RDF.type, RM.PlanItem):
        assert {
            mirrored(multi.root, e).resolve() for e in g.subjects(RM.planItem, item)
        } <= links_of(item)
    for report in g.subjects(RDF.type, RM.ImplementationReport):
        assert {
            mirrored(multi.root, e).resolve() for e in g.subjects(RM.report, report)
        } <= links_of(report)
    for roadmap in g.subjects(RDF.type, RM.Roadmap):
        reports = set(g.subjects(RM.roadmap, roadmap))
        events = {e for r in reports for e in g.subjects(RM.report, r)}
        assert {mirrored(multi.root, x).resolve() for x in reports | events} <= links_of(roadmap)
    for place in g.subjects(RDF.type, SCHEMA.Place):
        inside = {p for p in g.subjects(SCHEMA.containedInPlace, place)}
        here = {e for e in g.subjects(SCHEMA.location, place) if (e, RDF.type, SCHEMA.Event) in g}
        assert {mirrored(multi.root, x).resolve() for x in inside | here} <= links_of(place), place
    region = URIRef(ID + "place/ru-smo")
    text = mirrored(multi.root, region).read_text(encoding="utf-8")
    assert "Места внутри" in text
    assert "Мероприятия здесь и в местах внутри" in text


# --- the index page -------------------------------------------------------------------------


def test_the_timeline_has_a_bar_per_month_with_events(site: Site) -> None:
    page = read_page(site.root / "index.html")
    starts = [str(o) for o in site.graph.objects(None, SCHEMA.startDate)]
    events = list(site.graph.subjects(RDF.type, SCHEMA.Event))
    assert len(starts) == len(events)
    expected = Counter(start[:7] for start in starts)
    drawn = {bar["data-month"]: int(bar["data-count"] or 0) for bar in page.bars}
    assert len(page.bars) == len(expected)
    assert drawn == dict(expected)
    assert len(page.bar_titles) == len(page.bars)
    for bar, title in zip(page.bars, page.bar_titles, strict=True):
        assert re.search(rf"\b{bar['data-count']} мероприяти", title), title


def test_the_table_has_a_row_per_event_linking_its_page(site: Site) -> None:
    page = read_page(site.root / "index.html")
    events = sorted(site.graph.subjects(RDF.type, SCHEMA.Event), key=str)
    assert len(page.rows) == len(events)
    linked = {(site.root / unquote(links[0])).resolve() for links in page.row_links}
    assert linked == {mirrored(site.root, e).resolve() for e in events}
    for row in page.rows:
        assert row["data-search"] == search_text(row["data-search"] or "")
    text = (site.root / "index.html").read_text(encoding="utf-8")
    assert 'id="q"' in text
    assert "URLSearchParams" in text
    assert "row.hidden" in text


def test_the_index_describes_the_dataset_and_offers_every_download(seed: Site) -> None:
    text = (seed.root / "index.html").read_text(encoding="utf-8")
    config = seed.release.config
    assert escape(config.title_ru) in text
    assert escape(config.description_ru) in text
    for n, word in ((1, "отчёт"), (50, "мероприятий"), (68, "организаций")):
        assert f"<b>{n}</b> {word}" in text
    places = {s for s in seed.graph.subjects(RDF.type, SCHEMA.Place)} | set(
        seed.graph.subjects(RDF.type, SCHEMA.VirtualLocation)
    )
    assert f"<b>{len(places)}</b> мест" in text
    for name in (
        "dataset.ttl",
        "dataset.nt",
        "dataset.jsonld",
        "dataset.trig",
        "events.csv",
        "ontology.ttl",
        "shapes.ttl",
    ):
        size = (seed.folder / name).stat().st_size
        assert f'href="../{name}"' in text
        assert f"{size:,} байт".replace(",", "\u00a0") in text
    json.loads(Page(text).jsonld[0])


@pytest.mark.slow
def test_catalogue_files_in_the_folder_are_offered_too(tmp_path: Path) -> None:
    release = make_release((SEED,))
    downloads, _ = write_data(release, tmp_path)
    (tmp_path / "catalog.ttl").write_text("# a catalogue\n", encoding="utf-8")
    write_site(release, tmp_path, downloads)
    text = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="../catalog.ttl"' in text
    assert "описание набора" in text
    assert ".htaccess" not in text.split("Скачать", 1)[1]


def test_the_ontology_is_documented(seed: Site) -> None:
    path = seed.root / "ontology" / "index.html"
    text = path.read_text(encoding="utf-8")
    page = Page(text)
    ontology = Graph().parse(Settings().ontology_dir / "roadmap.ttl")
    terms = {s for s in ontology.subjects(RDFS.isDefinedBy, None) if str(s).startswith(str(RM))}
    assert len(terms) > 30
    for term in terms:
        assert str(term)[len(str(RM)) :] in page.ids, term
        for label in ontology.objects(term, RDFS.label):
            assert escape(str(label)) in text, label
    for concept in ontology.subjects(RDF.type, SKOS.Concept):
        for label in ontology.objects(concept, SKOS.prefLabel):
            assert escape(str(label)) in text
    assert "rm:PlanItem</code>" in text
    assert "∪" in text
    assert (seed.root / "ontology" / "index.ttl").read_bytes() == (
        Settings().ontology_dir / "roadmap.ttl"
    ).read_bytes()


@pytest.mark.slow
def test_two_writes_are_byte_identical(seed: Site, tmp_path: Path) -> None:
    again = build_site(make_release((SEED,)), tmp_path / "dist")
    assert [p.relative_to(tmp_path / "dist") for p in again] == [
        p.relative_to(seed.folder) for p in seed.written
    ]
    for first, second in zip(seed.written, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first
    rewritten = write_site(
        seed.release, tmp_path / "dist", write_data(seed.release, tmp_path / "dist")[0]
    )
    assert rewritten == again
    assert all(
        a.read_bytes() == b.read_bytes() for a, b in zip(seed.written, rewritten, strict=True)
    )


@pytest.mark.slow
def test_a_base_without_id_maps_to_the_site_root(tmp_path: Path) -> None:
    base = "https://example.org/roadmaps/"
    release = make_release((SEED,), base)
    build_site(release, tmp_path)
    root = tmp_path / "site"
    for subject in resources(release.graph)[:40]:
        assert mirrored(root, subject, base, prefix="").is_file()
    assert not (root / "id").exists()
    assert broken_links(root) == []


# --- content negotiation ----------------------------------------------------------------


def test_server_configurations_negotiate_the_three_media_types(seed: Site) -> None:
    htaccess = (seed.folder / ".htaccess").read_text(encoding="utf-8")
    nginx = (seed.folder / "nginx.conf").read_text(encoding="utf-8")
    for text in (htaccess, nginx):
        for media in ("text/turtle", "application/ld+json", "text/html"):
            assert media.replace("+", "\\+") in text or media in text
        assert "index.ttl" in text
        assert "index.jsonld" in text
        assert "index.html" in text
        assert "Where to deploy" in text
    for line in (
        "AddType text/turtle .ttl",
        "AddType application/ld+json .jsonld",
        "AddType text/html .html",
    ):
        assert line in htaccess
    assert "RewriteEngine On" in htaccess
    assert "%{HTTP_ACCEPT}" in htaccess
    assert "map $http_accept" in nginx
    assert "location " in nginx
    assert nginx.count("{") == nginx.count("}")


@pytest.fixture(scope="module")
def server(multi: Site) -> Iterator[ReleaseServer]:
    with serving(multi.folder) as running:
        yield running


def get(url: str, accept: str = "*/*") -> tuple[str, bytes, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.headers["Content-Type"], answer.read(), answer.url


@pytest.mark.slow
def test_serve_answers_an_iri_path_by_the_accept_header(server: ReleaseServer, multi: Site) -> None:
    event = sorted(multi.graph.subjects(RDF.type, SCHEMA.Event), key=str)[0]
    url = server.url + "id/" + quote(str(event)[len(ID) :])
    name = str(multi.graph.value(event, SCHEMA.name))

    mime, body, final = get(url, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert mime.startswith("text/html")
    assert final == url + "/"  # sent to the folder, so that relative links resolve
    assert escape(name).encode() in body
    assert b'href="/queries/"' in body

    mime, body, final = get(url, "text/turtle")
    assert mime.startswith("text/turtle")
    assert final == url
    assert about(Graph().parse(data=body.decode(), format="turtle"), event) == about(
        multi.graph, event
    )

    mime, body, _ = get(url, "application/ld+json")
    assert mime.startswith("application/ld+json")
    assert about(jsonld_graph(body.decode()), event) == about(multi.graph, event)

    mime, _, _ = get(url + "?format=ttl", "text/html")
    assert mime.startswith("text/turtle")
    mime, _, _ = get(url, "text/html;q=0.5, application/ld+json")
    assert mime.startswith("application/ld+json")
    mime, _, _ = get(url, "*/*")
    assert mime.startswith("text/html")


@pytest.mark.slow
def test_serve_keeps_the_site_the_downloads_and_the_queries_apart(
    server: ReleaseServer, multi: Site
) -> None:
    mime, body, _ = get(server.url)
    assert mime.startswith("text/html")
    assert escape(multi.release.config.title_ru).encode() in body
    mime, body, _ = get(server.url + "queries/")
    for name in load_queries(Settings().queries_dir):
        assert f'href="/queries/{name}"'.encode() in body
    assert b'<a href="/">' in body
    mime, body, _ = get(server.url + "dataset.ttl")
    assert mime.startswith("text/turtle")
    assert body == (multi.folder / "dataset.ttl").read_bytes()
    mime, body, _ = get(server.url + "ontology/index.ttl")
    assert mime.startswith("text/turtle")
    mime, body, _ = get(server.url + "queries/events-by-plan-item")
    assert b'href="/id/event/' in body  # result IRIs link to the pages served here
    for path in ("nothing/here", "..%2F..%2Fetc/passwd", "site/../../x"):
        with pytest.raises(urllib.error.HTTPError) as error:
            get(server.url + path)
        assert error.value.code == 404
        error.value.close()


def test_paths_kept_as_text_sort_as_paths_do() -> None:
    # a page writer keeps the paths it wrote as text and sorts them so (site._parts): the
    # order must be the one sorted() gives the Paths, '-', '.' and ' ' sorting after '/'
    names = ["a/b", "a-1/c", "a.b/c", "a/b-c", "a b/x", "a/b/c", "ab", "a", "a/b.ttl", "A/z"]
    texts = [f"/x/site/{name}" for name in names]
    assert [Path(t) for t in sorted(texts, key=_parts)] == sorted(Path(t) for t in texts)


def test_pages_are_shared_out_those_listing_events_last_heaviest_at_either_end() -> None:
    # children take pages from the start, the build's process from the end (site.shared_order):
    # pages that list no events first, heaviest first; then those that list events, heaviest
    # last; by how much links to each, ties in IRI order; every page once
    graph = make_release((SEED,)).graph
    site = SiteGraph(graph if isinstance(graph, TripleIndex) else TripleIndex(graph), Graph(), ID)
    subjects = sorted(site._pages, key=str)
    order = shared_order(site, subjects)
    assert sorted(order, key=str) == subjects
    lists = [site.category(s) in LISTS_EVENTS for s in order]
    assert lists == sorted(lists)  # plain pages, then those that list events
    assert 0 < lists.index(True) < len(order)
    plain, listing = order[: lists.index(True)], order[lists.index(True) :]
    for part in (plain, listing[::-1]):  # each heaviest first from its outer end
        weights = [len(site._inc.get(s, ())) for s in part]
        assert weights == sorted(weights, reverse=True)
        assert weights[0] > weights[-1]
    for a, b in zip(plain, plain[1:], strict=False):
        if len(site._inc.get(a, ())) == len(site._inc.get(b, ())):
            assert str(a) < str(b)


def test_the_kinds_that_list_events_are_those_whose_pages_have_an_events_table(
    tmp_path: Path,
) -> None:
    # shared_order puts the pages with events tables last: LISTS_EVENTS must name their kinds
    release = make_release((SEED,))
    write_site(release, tmp_path, [])
    graph = release.graph
    site = SiteGraph(graph if isinstance(graph, TripleIndex) else TripleIndex(graph), Graph(), ID)
    tabled = set()
    for subject, folder in site._pages.items():
        page = tmp_path / "site" / folder / "index.html"
        if page.is_file() and '<table class="events"' in page.read_text(encoding="utf-8"):
            tabled.add(site.category(subject))
    assert tabled
    assert tabled <= LISTS_EVENTS
    assert {"org", "place", "item", "report", "roadmap"} <= tabled


# --- months, and tables of many events ------------------------------------------------------

BAR = re.compile(
    r'<a href="([^"]+)"><rect class="bar"[^>]* data-month="([^"]+)" data-count="(\d+)"'
)


def linked_events(site: Site, page: Path) -> list[URIRef]:
    """The events a page links to, in the order of its links (an events table's rows)."""
    pages = {
        mirrored(site.root, e).resolve(): e for e in site.graph.subjects(RDF.type, SCHEMA.Event)
    }
    targets = (
        (page.parent / unquote(href)).resolve()
        for href in read_page(page).links
        if "/event/" in href
    )
    return [pages[target] for target in targets if target in pages]


def test_each_bar_opens_the_page_of_its_month_listing_every_event_starting_then(site: Site) -> None:
    index = (site.root / "index.html").read_text(encoding="utf-8")
    starts = {
        e: str(site.graph.value(e, SCHEMA.startDate))
        for e in site.graph.subjects(RDF.type, SCHEMA.Event)
    }
    months = Counter(start[:7] for start in starts.values())
    bars = BAR.findall(index)
    assert {month: int(count) for _, month, count in bars} == dict(months)
    for href, month, count in bars:
        page = site.root / href
        assert page.parent.relative_to(site.root) == Path("months", *month.split("-"))
        listed = linked_events(site, page)
        assert sorted(listed, key=str) == sorted(
            (e for e, s in starts.items() if s[:7] == month), key=str
        )
        assert len(listed) == int(count)
    # from the first month, the links to the next one visit every month, in order
    page, seen = site.root / bars[0][0], []
    while page is not None:
        seen.append(page.parent.relative_to(site.root).as_posix())
        found = re.search(r'<a href="([^"]+)" rel="next">', page.read_text(encoding="utf-8"))
        page = (page.parent / found.group(1)).resolve() if found else None
    assert seen == [f"months/{m.replace('-', '/')}" for m in sorted(months)]


def test_an_events_table_shows_the_latest_rows_and_says_how_many_there_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a table of more events than TABLE_ROWS (on the index, on a place's page) shows the
    # latest of them and a note; the months' pages still list every event
    monkeypatch.setattr(parts, "TABLE_ROWS", 5)
    release = make_release((SEED,))
    with at_most(1):  # every page in this process, which the patch reaches
        site = Site(release, tmp_path / "dist", build_site(release, tmp_path / "dist"))
    starts = {
        e: str(site.graph.value(e, SCHEMA.startDate))
        for e in site.graph.subjects(RDF.type, SCHEMA.Event)
    }
    index = site.root / "index.html"
    shown = linked_events(site, index)
    assert len(read_page(index).rows) == len(shown) == 5
    assert min(starts[e] for e in shown) >= max(s for e, s in starts.items() if e not in shown)
    text = index.read_text(encoding="utf-8")
    assert f'Все мероприятия <span class="muted">({len(starts)})</span>' in text
    assert f"Показаны последние 5 из {len(starts)} " in text
    spb = mirrored(site.root, URIRef(ID + "place/ru-spe"))
    here = [
        e
        for e in starts
        if URIRef(ID + "place/ru-spe") in set(site.graph.objects(e, SCHEMA.location))
    ]
    assert len(linked_events(site, spb)) == 5 < len(here)
    assert "Показаны последние 5 из " in spb.read_text(encoding="utf-8")
    months = sorted((site.root / "months").glob("*/*/index.html"))
    assert sum(len(linked_events(site, page)) for page in months) == len(starts)
    # the listing of every resource links the parts of each kind, 5 to a page, which list
    # every event once, in the listing's order
    listing = read_page(site.root / "id" / "index.html").links
    parts_of_events = [
        site.root / "listing" / "event" / str(n) / "index.html" for n in range(1, 11)
    ]
    assert [f"../{p.relative_to(site.root).as_posix()}" for p in parts_of_events] == [
        link for link in listing if link.startswith("../listing/event/")
    ]
    listed = [e for page in parts_of_events for e in linked_events(site, page)]
    assert len(listed) == len(set(listed)) == len(starts) == 50
    assert [starts[e] for e in listed] == sorted(starts.values())  # by start date
    assert not (site.root / "listing" / "event" / "11").exists()
    assert broken_links(site.root) == []
