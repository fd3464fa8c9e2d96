"""A read-only SPARQL endpoint over a release, on 127.0.0.1, for users without a store, and
the release's web site with the content negotiation a deployment under the base IRI has.

    /            the site's index page (site/index.html) when the release has a site/ folder,
                 else the canned queries
    /queries/    the canned queries, each one click away, with a form for its parameters
    /queries/N   a canned query run with the given parameters (HTML, or ?format=csv|tsv|json)
    /sparql      the SPARQL 1.1 Protocol (GET ?query=…, POST form or application/sparql-query);
                 a browser (Accept: text/html first) gets the SPARQL editor (YASGUI) instead
    /-/…         the editor's own files (the vendored YASGUI and its configuration script)
    /id/event/K  any other path: site/id/event/K/ answers index.html, index.ttl or index.jsonld
                 by the Accept header (or ?format=html|ttl|jsonld); files of the site, then the
                 release's own top-level files (dataset.ttl …), as they are

The site root is the parent of the base IRI when the base ends with /id/, else the base
itself (as in publish/site.py), so the path of an IRI here is its path under that root.

The release's report graphs are loaded into an embedded pyoxigraph store; every query sees
their union as its default graph.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlparse

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, VOID

from . import __version__
from .charts import figure
from .choices import Group, Option, kind_labels, release_choices
from .errors import RoadmapError, system_reason
from .publish.site import REPRESENTATIONS, SITE, site_prefix
from .publish.site.render import render as render_page
from .publish.site.render import template
from .publish.site.words import plural, thousands
from .query import (
    CannedQuery,
    QueryError,
    bindings,
    load_store,
    render,
    run_local,
    sort_lists,
    with_values,
)
from .settings import resource_dir
from .vocab import PREFIXES

# The editor's files, shipped in the package (static/yasgui/README.md says where from).
STATIC = Path(__file__).parent / "static"
# The editor's page may load and ask this server only: no font, CDN or vocabulary lookup
# elsewhere (YASGUI's inline styles need 'unsafe-inline' for styles, never for scripts).
EDITOR_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORMAT_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# Static files of a release and its site, by extension.
FILE_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".nt": "application/n-triples; charset=utf-8",
    ".trig": "application/trig; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".conf": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
# The representations of a resource, in the order a tie in the Accept header is broken.
PAGE_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
}


class ServeError(RoadmapError):
    """The server cannot start: the port is taken or not ours to take."""


class ReleaseServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, folder: Path, queries: dict[str, CannedQuery], address: tuple[str, int], base: str
    ) -> None:
        files = [folder / "dataset.trig"] if (folder / "dataset.trig").is_file() else []
        if not files and (folder / "dataset.ttl").is_file():
            files = [folder / "dataset.ttl"]
        if not files:
            raise QueryError(f"{folder}: no dataset.trig or dataset.ttl; build the release first")
        self.store = load_store(files)
        self.queries = queries
        ontology = folder / "ontology.ttl"
        kinds = kind_labels(
            [ontology] if ontology.is_file() else sorted(resource_dir("ontology").glob("*.ttl"))
        )
        # the choice lists of the query forms: the release does not change while served
        self.choices = release_choices(self.store, base, kinds)
        counted = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(counted, ox.QuerySolutions)
        self.triples = int(next(iter(counted))["n"].value)  # the default graph: the union
        self.base = base
        self.folder = folder.resolve()
        site = self.folder / SITE
        self.site: Path | None = site if (site / "index.html").is_file() else None
        try:
            super().__init__(address, _Handler)
        except OSError as exc:
            host, port = address
            raise ServeError(f"cannot listen on {host}:{port} ({system_reason(exc)})") from None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    server: ReleaseServer
    server_version = f"roadmap-kg/{__version__}"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        pass  # quiet: the command prints its address, not every request

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlparse(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path == "/sparql":
            if wants_html(self.headers.get("Accept") or ""):
                self._editor(params.get("query"))
            elif "query" not in params:
                self._error(HTTPStatus.BAD_REQUEST, "a SPARQL query is given as ?query=…")
            else:
                self._sparql(params["query"])
        elif url.path.startswith("/-/"):
            self._own(url.path.removeprefix("/-/"))
        elif url.path == "/queries":
            self._redirect("/queries/")
        elif url.path == "/queries/" or (url.path == "/" and self.server.site is None):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self._index().encode())
        elif url.path.startswith("/queries/"):
            self._canned(url.path.removeprefix("/queries/"), params)
        elif url.path == "/void.ttl" and (self.server.folder / "void.ttl").is_file():
            self._void()
        else:
            self._file(url.path, url.query, params.get("format"))

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        if urlparse(self.path).path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, "POST goes to /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if kind == "application/sparql-query":
            self._sparql(body)
        elif kind == "application/x-www-form-urlencoded":
            form = {k: v[-1] for k, v in parse_qs(body).items()}
            if "query" in form:
                self._sparql(form["query"])
            else:
                self._error(HTTPStatus.BAD_REQUEST, "the form has no 'query' field")
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"cannot read a {kind or 'typeless'} body"
            )

    # --- SPARQL protocol ------------------------------------------------------------------

    def _sparql(self, text: str) -> None:
        try:
            result = self.server.store.query(text)
        except SyntaxError as exc:
            self._error(HTTPStatus.BAD_REQUEST, f"the query does not parse: {exc}")
            return
        accept = self.headers.get("Accept") or ""
        if isinstance(result, ox.QueryTriples):
            mime = _choose(accept, GRAPH_TYPES, "text/turtle")
            data = result.serialize(format=GRAPH_TYPES[mime])
        else:
            mime = _choose(accept, RESULT_TYPES, "application/sparql-results+json")
            data = result.serialize(format=RESULT_TYPES[mime])
        self._send(HTTPStatus.OK, f"{mime}; charset=utf-8", data or b"")

    # --- the site and the release's files ---------------------------------------------------

    def _file(self, path: str, query: str, fmt: str | None) -> None:
        """A path of the site (a resource's folder by content negotiation, or a file), else a
        top-level file of the release (the downloads the site links to as ../dataset.ttl)."""
        relative = posixpath.normpath(unquote(path)).lstrip("/")
        if relative == ".":
            relative = ""
        if relative.startswith("..") or "\0" in relative or "\\" in relative:
            self._error(HTTPStatus.NOT_FOUND, f"no page {path}")
            return
        site = self.server.site
        if site is not None:
            target = site / relative
            if target.is_dir():
                self._resource(target, path, query, fmt)
                return
            if target.is_file():
                self._static(target)
                return
        top = self.server.folder / relative
        if relative and "/" not in relative and not relative.startswith(".") and top.is_file():
            self._static(top)
            return
        self._error(HTTPStatus.NOT_FOUND, f"no page {path}")

    def _void(self) -> None:
        """The release's VoID, naming this endpoint as the dataset's void:sparqlEndpoint."""
        void = Graph().parse(self.server.folder / "void.ttl", format="turtle")
        endpoint = URIRef(self.server.url + "sparql")
        for dataset in set(void.subjects(VOID.triples)):
            if (dataset, RDF.type, VOID.Dataset) in void and (
                dataset,
                RDF.type,
                VOID.Linkset,
            ) not in void:
                void.add((dataset, VOID.sparqlEndpoint, endpoint))
        body = void.serialize(format="turtle", encoding="utf-8")
        self._send(HTTPStatus.OK, "text/turtle; charset=utf-8", body)

    def _resource(self, folder: Path, path: str, query: str, fmt: str | None) -> None:
        if fmt is not None and fmt not in REPRESENTATIONS:
            self._error(
                HTTPStatus.BAD_REQUEST,
                f"format is one of {', '.join(REPRESENTATIONS)}, not {fmt!r}",
            )
            return
        chosen = fmt or _negotiate(self.headers.get("Accept") or "")
        name, _mime = REPRESENTATIONS[chosen]
        file = folder / name
        if not file.is_file():
            if fmt is not None or not (folder / "index.html").is_file():
                self._error(HTTPStatus.NOT_ACCEPTABLE, f"{path} has no {chosen} representation")
                return
            chosen, file = "html", folder / "index.html"
        if chosen == "html" and not path.endswith("/"):
            # the page's relative links resolve from its folder: send the browser there
            self._redirect(path + "/" + (f"?{query}" if query else ""), HTTPStatus.SEE_OTHER)
            return
        self._static(file, vary=True)

    def _static(self, file: Path, vary: bool = False) -> None:
        body = file.read_bytes()
        mime = FILE_TYPES.get(file.suffix, "application/octet-stream")
        if file.suffix == ".html" and self.server.site is not None:
            body = with_banner(body)
        self._send(HTTPStatus.OK, mime, body, {"Vary": "Accept"} if vary else None)

    def _redirect(self, location: str, status: HTTPStatus = HTTPStatus.MOVED_PERMANENTLY) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # --- pages ----------------------------------------------------------------------------

    def _canned(self, name: str, params: dict[str, str]) -> None:
        query = self.server.queries.get(name)
        if query is None:
            self._error(HTTPStatus.NOT_FOUND, f"no canned query {name!r}")
            return
        fmt = params.pop("format", "html")
        try:
            text = with_values(query.text, bindings(query, params, self.server.base))
            results = sort_lists(run_local(text, self.server.store), query)
        except QueryError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        if fmt in FORMAT_TYPES:
            body = render(results, fmt).encode()
            self._send(HTTPStatus.OK, f"{FORMAT_TYPES[fmt]}; charset=utf-8", body)
            return
        rows = len(results["results"]["bindings"])
        page = render_page(
            "serve_query.html",
            title=query.title_ru or query.title,
            english=query.title if query.title_ru else "",
            description=query.description_ru or query.description,
            has_site=self.server.site is not None,
            f=query_form(query, params, self.server.choices),
            figure=figure(query.chart, results, dict(query.columns_ru)) if query.chart else None,
            count=rows_word(rows),
            results=result_table(results, self._site_base(), dict(query.columns_ru)),
            downloads=[
                {
                    "label": f.upper(),
                    "href": f"/queries/{quote(name)}?{_qs({**params, 'format': f})}",
                }
                for f in FORMAT_TYPES
            ],
            sparql=text,
        )
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())

    def _site_base(self) -> str | None:
        return self.server.base if self.server.site is not None else None

    def _index(self) -> str:
        queries = [
            {
                "name": quote(q.name),
                "title": q.title_ru or q.title,
                "description": q.description_ru or q.description,
                "form": query_form(q, {}, self.server.choices),
            }
            for q in self.server.queries.values()
        ]
        return render_page(
            "serve_index.html",
            title="Выпуск roadmap-kg: готовые SPARQL-запросы",
            triples=_triples(self.server.triples),
            endpoint=self.server.url + "sparql",
            has_site=self.server.site is not None,
            queries=queries,
        )

    def _editor(self, initial: str | None) -> None:
        """The SPARQL editor: YASGUI on /sparql, its settings as JSON in the page."""
        prefixes = {name: str(iri) for name, iri in sorted(PREFIXES.items())}
        declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
        examples = {
            q.name: {
                "title": q.title_ru or q.title,
                "text": with_values(q.text, bindings(q, {}, self.server.base)),
            }
            for q in self.server.queries.values()
        }
        config = {
            "prefixes": prefixes,
            "query": declared + "\nSELECT ?event ?name ?start WHERE {\n"
            "  ?event a schema:Event ;\n    schema:name ?name ;\n    schema:startDate ?start .\n"
            "}\nORDER BY ?start\nLIMIT 20\n",
            "examples": examples,
            "initial": initial,
        }
        page = render_page(
            "serve_sparql.html",
            title="SPARQL-редактор",
            triples=_triples(self.server.triples),
            endpoint=self.server.url + "sparql",
            has_site=self.server.site is not None,
            examples=[{"name": name, "title": e["title"]} for name, e in examples.items()],
            config=json.dumps(config, ensure_ascii=False, sort_keys=True),
        )
        headers = {"Vary": "Accept", "Content-Security-Policy": EDITOR_POLICY}
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode(), headers)

    def _own(self, name: str) -> None:
        """A file of the editor (static/): the vendored YASGUI and sparql.js, nothing else."""
        if name not in OWN_FILES:
            self._error(HTTPStatus.NOT_FOUND, f"no file /-/{name}")
            return
        self._static(STATIC / name)

    def _send(
        self, status: HTTPStatus, mime: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode())


_BANNER = (
    '<p style="margin:0;padding:.3em 1.5em;font:14px sans-serif;background:#fff8dc">'
    'roadmap-kg serve: <a href="/queries/">готовые SPARQL-запросы</a> · '
    '<a href="/sparql">SPARQL-редактор</a></p>'
).encode()
# The page's own <body> tag: our pages open it at the start of a line, after the head. Text of
# a report never does (its line breaks are escaped in the JSON-LD and in the markup), so the
# first match is the page's tag, whatever <body> the report's text holds before it.
_BODY_TAG = b"\n<body>"


def with_banner(page: bytes) -> bytes:
    """A page of the release with serve's banner right after its <body> tag; a page without
    one at the start of a line as it was."""
    at = page.find(_BODY_TAG)
    if at < 0:
        return page
    end = at + len(_BODY_TAG)
    return page[:end] + _BANNER + page[end:]


def _accepted(accept: str) -> Iterator[tuple[str, float]]:
    """The media types of an Accept header, lower-cased, each with its q-value (1 when not
    given, 0 when not a number)."""
    for part in accept.split(","):
        mime, *options = (item.strip() for item in part.split(";"))
        q = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        yield mime.lower(), q


def _negotiate(accept: str) -> str:
    """html, ttl or jsonld for an Accept header, by its q-values (html when nothing fits)."""
    best, best_q, best_exact = "html", 0.0, False
    for mime, q in _accepted(accept):
        if mime in PAGE_TYPES:
            kind, exact = PAGE_TYPES[mime], True
        elif mime in ("*/*", "text/*"):
            kind, exact = "html", False
        else:
            continue
        if q > best_q or (q == best_q and exact and not best_exact):
            best, best_q, best_exact = kind, q, exact
    return best


def _choose(accept: str, offered: Mapping[str, object], default: str) -> str:
    for part in accept.split(","):
        mime = part.split(";")[0].strip()
        if mime in offered:
            return mime
    return default


def _qs(params: dict[str, str]) -> str:
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items())


# The files /-/NAME answers, all of static/ but the vendored package's notes.
OWN_FILES = ("yasgui/yasgui.min.js", "yasgui/yasgui.min.css", "yasgui/LICENSE", "sparql.js")
# Media types that ask /sparql for an answer rather than for the editor page.
_ANSWER_TYPES = {**RESULT_TYPES, **GRAPH_TYPES}


def wants_html(accept: str) -> bool:
    """Whether a request to /sparql is a browser's: text/html (or XHTML) listed with a
    higher q-value than every SPARQL result or graph type it lists. No Accept header, */*, or
    a result type first: the SPARQL protocol, as before."""
    html_q, answer_q = 0.0, 0.0
    for mime, q in _accepted(accept):
        if mime in ("text/html", "application/xhtml+xml"):
            html_q = max(html_q, q)
        elif mime in _ANSWER_TYPES:
            answer_q = max(answer_q, q)
    return html_q > answer_q


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    title: str  # the English description, as a tooltip
    value: str  # the value chosen now (the given one, else the default)
    groups: list[Group]  # the choice list; empty: a text box


def query_form(
    query: CannedQuery, values: dict[str, str], choices: dict[str, list[Group]]
) -> dict[str, object]:
    """A query's form: a choice list for each open parameter whose type has one, the given
    value (else the default) selected; a value the list lacks (a shared link's ru-smo/smolensk,
    say) is kept as a choice of its own, first."""
    fields = []
    for p in query.open_parameters:
        value = values.get(p.name, p.default or "")
        groups = list(choices.get(p.type, []))
        if groups:
            known = {o.value.casefold(): o.value for g in groups for o in g.options}
            if value.casefold() in known:
                value = known[value.casefold()]
            elif value:
                groups.insert(0, Group("", (Option(value, value),)))
        label = p.label_ru or p.name
        fields.append(Field(p.name, label, f"{p.name} ({p.type}): {p.description}", value, groups))
    return {"name": quote(query.name), "fields": fields}


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str | None  # a link for an http(s) IRI


@dataclass(frozen=True, slots=True)
class Column:
    variable: str
    heading: str  # the query's Russian heading of the column, else its variable


def result_table(
    results: dict[str, object], base: str | None = None, headings: dict[str, str] | None = None
) -> dict[str, object]:
    """The columns and the cells of SPARQL JSON results, for the page's table."""
    variables: list[str] = results["head"]["vars"]  # type: ignore[index]
    rows: list[dict[str, dict[str, str]]] = results["results"]["bindings"]  # type: ignore[index]
    named = headings or {}
    return {
        "columns": [Column(v, named.get(v, v)) for v in variables],
        "rows": [[_cell(row.get(v), base) for v in variables] for row in rows],
    }


def _table(results: dict[str, object], base: str | None = None) -> str:
    """The result table's HTML, as the page shows it."""
    return str(template("serve_parts.html").module.table(result_table(results, base)))  # type: ignore[attr-defined]


def rows_word(count: int) -> str:
    """'1 строка', '2 строки', '5 строк': a result's size in Russian."""
    return f"{count} {plural(count, 'строка', 'строки', 'строк')}"


def _triples(count: int) -> str:
    return f"{thousands(count)} {plural(count, 'триплет', 'триплета', 'триплетов')}"


def _cell(value: dict[str, str] | None, base: str | None = None) -> Cell:
    """A result cell; with the base IRI of a served site, its IRIs link to its pages here."""
    if value is None:
        return Cell("", None)
    target = value["value"]
    if value["type"] != "uri" or not _linkable(target):
        return Cell(target, None)  # a javascript: or data: IRI of another dataset stays text
    if base and target.startswith(base) and len(target) > len(base):
        target = "/" + site_prefix(base) + quote(target[len(base) :], safe="/-._~")
    return Cell(value["value"], target)


def _linkable(iri: str) -> bool:
    """Whether a result IRI may become a link: http and https only (any case, as browsers
    read schemes), so no IRI of the data runs script when a user follows it."""
    scheme, colon, _ = iri.partition(":")
    return bool(colon) and scheme.lower() in ("http", "https")
