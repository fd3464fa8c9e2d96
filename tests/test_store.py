"""Publishing to real stores, remote queries, and the local endpoint.

The Oxigraph server (PyPI package `oxigraph`), with and without --union-default-graph, and
Debian's Virtuoso in its stock configuration (conftest.py: only its database folder and ports
changed; skipped where it is not installed, never in CI) are started on 127.0.0.1 for these
tests and stopped after them; faults are injected by small local HTTP servers, not by mocks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_kg.cli import cli
from roadmap_kg.pipeline import build
from roadmap_kg.query import (
    QueryError,
    bindings,
    load_queries,
    load_store,
    render,
    run_local,
    run_remote,
    sort_lists,
    with_values,
)
from roadmap_kg.serve import ReleaseServer
from roadmap_kg.settings import Settings
from roadmap_kg.store import StoreError, publish

from conftest import FIXTURES, HANG, OXIGRAPH, SEED, listening_port, refused_port, serving

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

STATE = "urn:roadmap-kg:published"
COUNT_QUADS = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{STATE}>) }}"
COUNT_GRAPHS = (
    f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{STATE}>) }}"
)
LIBRARY = load_queries(Settings().queries_dir)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three reports of two roadmaps: four graphs (three reports and the registry)."""
    out = tmp_path_factory.mktemp("store") / "dist"
    sources = (
        SEED,
        FIXTURES / "small" / "spb-smolensk-2022.txt",
        FIXTURES / "reports" / "spb-pskov-2022.txt",
    )
    assert build(Settings(sources=sources, out_dir=out)).files
    return out


def start_oxigraph(location: Path, union: bool) -> tuple[subprocess.Popen[bytes], str]:
    """The server on a port it chose itself (port 0), read back from the running process."""
    command = [str(OXIGRAPH), "serve", "--location", str(location), "--bind", "127.0.0.1:0"]
    process = subprocess.Popen(
        command + (["--union-default-graph"] if union else []),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{listening_port(process)}"


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Oxigraph server as the README starts it (default graph: the union)."""
    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-db"), union=True)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=HANG)


@dataclass(frozen=True)
class Store:
    name: str
    graph_store: str  # with credentials where it needs them
    query: str


@pytest.fixture(scope="module", params=["oxigraph-union", "oxigraph", "virtuoso"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Each store as it comes: the Oxigraph server with and without --union-default-graph,
    Debian's Virtuoso in its stock configuration (Digest-protected Graph Store)."""
    if request.param == "virtuoso":
        base = request.getfixturevalue("virtuoso")
        host = base.split("://", 1)[1]
        yield Store("virtuoso", f"http://dba:dba@{host}/sparql-graph-crud-auth", f"{base}/sparql")
        return
    process, url = start_oxigraph(
        tmp_path_factory.mktemp("oxigraph-db"), union=request.param == "oxigraph-union"
    )
    try:
        yield Store(request.param, f"{url}/store", f"{url}/query")
    finally:
        process.terminate()
        process.wait(timeout=HANG)


def remote_count(base: str, query: str) -> int:
    request = urllib.request.Request(
        f"{base}/query",
        data=query.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request, timeout=HANG) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def local_quads(release: Path) -> int:
    import pyoxigraph

    return len(
        list(pyoxigraph.parse(path=str(release / "dataset.trig"), format=pyoxigraph.RdfFormat.TRIG))
    )


@pytest.mark.slow
def test_publishing_twice_holds_the_release_once_and_sends_nothing_the_second_time(
    release: Path, oxigraph: str
) -> None:
    first = publish(release, f"{oxigraph}/store")
    assert len(first) == 4
    assert [p.graph.rsplit("/id/", 1)[1] for p in first][0] == "graph/registry"
    assert all(p.attempts == 1 for p in first)
    assert remote_count(oxigraph, COUNT_GRAPHS) == 4
    assert remote_count(oxigraph, COUNT_QUADS) == local_quads(release)
    result = CliRunner().invoke(cli, ["publish", str(release), "--store", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    assert "published 0 graph(s) (4 unchanged, not sent)" in result.output
    result = CliRunner().invoke(
        cli, ["publish", str(release), "--store", f"{oxigraph}/store", "--all"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("published 4 graph(s), ")
    assert remote_count(oxigraph, COUNT_QUADS) == local_quads(release)


@pytest.mark.slow
def test_after_one_report_changed_only_its_graph_is_sent(
    release: Path, oxigraph: str, tmp_path: Path
) -> None:
    publish(release, f"{oxigraph}/store")
    changed = tmp_path / "dist"
    shutil.copytree(release, changed)
    trig = changed / "dataset.trig"
    text = trig.read_text(encoding="utf-8")
    pskov = text.index("report/ru-psk_ru-spe_2022-2024/2022/ru-psk> {")
    name = text.index('schema:name "', pskov) + len('schema:name "')
    trig.write_text(text[:name] + "Исправлено: " + text[name:], encoding="utf-8")
    done = publish(changed, f"{oxigraph}/store")
    assert [p.graph.rsplit("/report/", 1)[-1] for p in done if p.attempts] == [
        "ru-psk_ru-spe_2022-2024/2022/ru-psk"
    ]
    assert remote_count(oxigraph, COUNT_QUADS) == local_quads(changed)
    again = publish(release, f"{oxigraph}/store")  # and back
    assert [p.attempts for p in again if p.attempts] == [1]


def _rows(results: dict) -> list[tuple]:
    variables = results["head"]["vars"]
    return sorted(
        tuple(json.dumps(b.get(v), sort_keys=True) for v in variables)
        for b in results["results"]["bindings"]
    )


def local_results(release: Path, name: str) -> dict:
    query = LIBRARY[name]
    return sort_lists(
        run_local(
            with_values(query.text, bindings(query, {})), load_store([release / "dataset.trig"])
        ),
        query,
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_canned_query_gives_the_local_rows_on_every_store(
    release: Path, store: Store, name: str
) -> None:
    """Values, datatypes, language tags and order: exactly the local answer, whether the
    store's default graph is the union of its graphs (Oxigraph --union-default-graph,
    Virtuoso) or not (Oxigraph by default)."""
    published = CliRunner().invoke(cli, ["publish", str(release), "--store", store.graph_store])
    assert published.exit_code == 0, published.output
    remote = CliRunner().invoke(cli, ["query", name, "--endpoint", store.query, "--format", "json"])
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(render(local_results(release, name), "json"))


@pytest.mark.slow
def test_a_store_without_a_union_default_graph_is_read_through_the_graphs_of_the_release(
    release: Path, tmp_path: Path
) -> None:
    """What a store other than Oxigraph (which is asked for its own union-default-graph) gets
    when its default graph is empty: the release's graphs as default-graph-uri."""
    from roadmap_kg.query import _GRAPHS_OF_THE_RELEASE, _post, _select
    from roadmap_kg.remote import Client

    process, url = start_oxigraph(tmp_path / "plain", union=False)
    try:
        publish(release, f"{url}/store")
        client = Client.of(f"{url}/query", 30)
        found = _post(client, _GRAPHS_OF_THE_RELEASE, [])["results"]["bindings"]
        graphs = sorted(row["g"]["value"] for row in found)
        assert len(graphs) == 4
        assert graphs[0].endswith("/id/graph/registry")
        for name in ("organisations-in-several-roadmaps", "online-share", "events-in-place"):
            query = LIBRARY[name]
            text = with_values(query.text, bindings(query, {}))
            remote = sort_lists(
                _select(client, text, [("default-graph-uri", g) for g in graphs]), query
            )
            assert remote == json.loads(render(local_results(release, name), "json")), name
    finally:
        process.terminate()
        process.wait(timeout=HANG)


@pytest.mark.slow
def test_a_store_without_roadmap_data_is_an_error_not_zero_rows(tmp_path: Path) -> None:
    process, url = start_oxigraph(tmp_path / "empty", union=False)
    try:
        result = CliRunner().invoke(cli, ["query", "online-share", "--endpoint", f"{url}/query"])
    finally:
        process.terminate()
        process.wait(timeout=HANG)
    assert result.exit_code == 2
    assert "the store holds no roadmap data" in result.stderr


def test_an_unreachable_store_fails_cleanly_after_retries(release: Path) -> None:
    waits: list[float] = []
    with (
        refused_port() as port,
        pytest.raises(StoreError, match=r"not read after 3 attempts \(cannot reach it"),
    ):
        publish(
            release, f"http://127.0.0.1:{port}/store", retries=2, backoff=0.1, sleep=waits.append
        )
    assert waits == [0.1, 0.2]


class _Flaky(BaseHTTPRequestHandler):
    """A Graph Store that holds nothing (404 to every GET), answers 503 to the first
    `failures` PUTs, then 204, 403 under /forbidden and 403 to the PUT numbered `refuse`;
    records the PUTs it was sent."""

    failures = 0
    refuse = 0
    seen: list[tuple[str, dict[str, str]]] = []

    def do_GET(self) -> None:  # noqa: N802
        self._answer(404, b"no such graph")

    def do_PUT(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append((self.path, dict(self.headers)))
        if type(self).failures > 0:
            type(self).failures -= 1
            self._answer(503, b"try later")
        elif "forbidden" in self.path or len(type(self).seen) == type(self).refuse:
            self._answer(403, b"no writing here")
        elif "not-implemented" in self.path:
            self._answer(
                501,
                b"<html><body><h1>501</h1><p>PUT is not implemented here</p></body></html>",
                "text/html",
            )
        elif "store-error" in self.path:
            self._answer(
                500,
                json.dumps({"message": "SR171: Transaction timed out"}).encode(),
                "application/json",
            )
        else:
            self._answer(204)

    def _answer(self, status: int, body: bytes = b"", mime: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[str]:
    _Flaky.seen, _Flaky.failures, _Flaky.refuse = [], 0, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_server_errors_are_retried_with_back_off(release: Path, flaky: str) -> None:
    _Flaky.failures = 2
    waits: list[float] = []
    done = publish(release, f"{flaky}/store", retries=3, backoff=0.5, sleep=waits.append)
    assert waits == [0.5, 1.0]
    assert [p.attempts for p in done] == [3, 1, 1, 1]
    graphs = [path.split("graph=", 1)[1] for path, _ in _Flaky.seen]
    assert graphs[:3] == ["https%3A%2F%2Fw3id.org%2Froadmap-kg%2Fid%2Fgraph%2Fregistry"] * 3
    assert all(
        g.startswith("https%3A%2F%2Fw3id.org%2Froadmap-kg%2Fid%2Freport%2F") for g in graphs[3:6]
    )
    assert graphs[6:] == ["urn%3Aroadmap-kg%3Apublished"]  # the record of what was sent, last


def test_a_refusal_is_not_retried_and_credentials_are_sent_but_never_shown(
    release: Path, flaky: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_KG_USER", "publisher")
    monkeypatch.setenv("ROADMAP_KG_PASSWORD", "s3cret-pass")
    result = CliRunner().invoke(cli, ["publish", str(release), "--store", f"{flaky}/forbidden"])
    assert result.exit_code == 2
    assert "HTTP 403 Forbidden: no writing here" in result.output
    assert "s3cret" not in result.output
    assert len(_Flaky.seen) == 1
    assert _Flaky.seen[0][1]["Authorization"].startswith("Basic ")


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("not-implemented", "HTTP 501 Not Implemented: 501 PUT is not implemented here"),
        ("store-error", "HTTP 500 Internal Server Error: SR171: Transaction timed out"),
    ],
)
def test_answers_that_another_try_would_not_change_are_not_retried(
    release: Path, flaky: str, path: str, said: str
) -> None:
    waits: list[float] = []
    with pytest.raises(StoreError) as failure:
        publish(release, f"{flaky}/{path}", retries=3, backoff=0.1, sleep=waits.append)
    assert said in str(failure.value)
    assert waits == []
    assert len(_Flaky.seen) == 1


def test_a_failed_publish_says_how_many_graphs_were_published(release: Path, flaky: str) -> None:
    _Flaky.refuse = 3
    with pytest.raises(
        StoreError,
        match=r"HTTP 403 Forbidden: no writing here\); 2 of 4 changed graph\(s\) published, 2 not",
    ):
        publish(release, f"{flaky}/store", retries=0)


# --- Virtuoso as it comes: Digest, its error pages, its row limit -----------------------------


@pytest.mark.slow
def test_virtuoso_refusals_say_what_the_store_said_and_are_not_retried(
    release: Path, virtuoso: str
) -> None:
    host = virtuoso.split("://", 1)[1]
    cases = [
        # anonymous writes: refused by the store, its reason from its HTML error page
        (f"{virtuoso}/sparql-graph-crud", "SQ110:SECURITY: Permission denied"),
        (
            f"http://dba:not-the-password@{host}/sparql-graph-crud-auth",
            "the server refused your credentials",
        ),
        (f"{virtuoso}/sparql-graph-crud-auth", "the server asked for credentials you did not give"),
        # the query endpoint: found out by the first request, not waited on
        (f"{virtuoso}/sparql", "does not answer as a SPARQL 1.1 Graph Store endpoint"),
    ]
    for url, said in cases:
        waits: list[float] = []
        with pytest.raises(StoreError) as failure:
            # everything: the store may hold the release already (then nothing needs sending)
            publish(
                release,
                url,
                retries=3,
                backoff=0.1,
                sleep=waits.append,
                timeout=20,
                everything=True,
            )
        assert said in str(failure.value)
        assert "not-the-password" not in str(failure.value)
        assert "<" not in str(failure.value).split("(", 1)[1].replace(
            "<https://w3id", ""
        )  # no HTML
        assert waits == []


@pytest.mark.slow
def test_queries_authenticate_with_digest_where_virtuoso_asks_for_it(
    release: Path, virtuoso: str
) -> None:
    host = virtuoso.split("://", 1)[1]
    publish(release, f"http://dba:dba@{host}/sparql-graph-crud-auth")
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "online-share",
            "--endpoint",
            f"http://dba:dba@{host}/sparql-auth",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(
        render(local_results(release, "online-share"), "json")
    )
    wrong = CliRunner().invoke(
        cli, ["query", "online-share", "--endpoint", f"http://dba:Wr0ng-pw@{host}/sparql-auth"]
    )
    assert wrong.exit_code == 2
    assert "the server refused your credentials" in wrong.stderr
    assert "Wr0ng-pw" not in wrong.output
    anonymous = CliRunner().invoke(
        cli, ["query", "online-share", "--endpoint", f"{virtuoso}/sparql-auth"]
    )
    assert "the server asked for credentials you did not give" in anonymous.stderr


@pytest.mark.slow
def test_virtuoso_answers_cut_at_its_row_limit_are_errors(release: Path, virtuoso: str) -> None:
    host = virtuoso.split("://", 1)[1]
    publish(release, f"http://dba:dba@{host}/sparql-graph-crud-auth")
    # 10,001 rows and more: every triple of event IRIs (67 events)
    event = "a <https://schema.org/Event>"
    query = f"SELECT ?a ?b ?c WHERE {{ ?a {event} . ?b {event} . ?c {event} }}"
    with pytest.raises(QueryError, match="cut its answer at 10000 rows"):
        run_remote(query, f"{virtuoso}/sparql")
    exact = run_remote(
        query.replace("SELECT ?a ?b ?c", "SELECT (COUNT(*) AS ?n)"), f"{virtuoso}/sparql"
    )
    assert int(exact["results"]["bindings"][0]["n"]["value"]) > 10_000


class _Capped(BaseHTTPRequestHandler):
    """A SPARQL endpoint that cuts every answer at `cap` rows and says so in a header."""

    cap = 3

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        rows = [
            {"n": {"type": "typed-literal", "datatype": XSD_INTEGER, "value": str(i)}}
            for i in range(type(self).cap)
        ]
        body = json.dumps(
            {"head": {"vars": ["n"]}, "boolean": True, "results": {"bindings": rows}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("X-SPARQL-MaxRows", "3")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_an_answer_as_long_as_the_announced_limit_is_never_shown_as_complete() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Capped)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        _Capped.cap = 3
        result = CliRunner().invoke(cli, ["query", "online-share", "--endpoint", url])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "cut its answer at 3 rows" in result.stderr
        _Capped.cap = 2  # shorter than the limit: complete; typed-literal made SPARQL 1.1 JSON
        result = CliRunner().invoke(
            cli, ["query", "online-share", "--endpoint", url, "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        bindings_ = json.loads(result.output)["results"]["bindings"]
        assert bindings_[1]["n"] == {"type": "literal", "datatype": XSD_INTEGER, "value": "1"}
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def endpoint(release: Path) -> Iterator[ReleaseServer]:
    with serving(release) as server:
        yield server


def get(url: str, accept: str = "*/*") -> tuple[str, bytes]:
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Accept": accept}), timeout=HANG
    ) as answer:
        return answer.headers["Content-Type"], answer.read()


def test_serve_lists_the_canned_queries_one_click_away(endpoint: ReleaseServer) -> None:
    mime, page = get(endpoint.url + "queries/")
    assert mime.startswith("text/html")
    for name in load_queries(Settings().queries_dir):
        assert f'href="/queries/{name}"'.encode() in page
    mime, page = get(endpoint.url + "queries/spbu-hosted-conferences-with-smolensk-participants")
    assert "Политическая география".encode() in page


def test_serve_speaks_the_sparql_protocol(endpoint: ReleaseServer, release: Path) -> None:
    canned = load_queries(Settings().queries_dir)["events-by-plan-item"]
    text = with_values(canned.text, bindings(canned, {}))
    expected = run_local(text, load_store([release / "dataset.trig"]))
    result = CliRunner().invoke(
        cli,
        ["query", "events-by-plan-item", "--endpoint", endpoint.url + "sparql", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    assert _rows(json.loads(result.output)) == _rows(expected)
    mime, data = get(
        endpoint.url + "sparql?query=" + urllib.request.quote(COUNT_QUADS), accept="text/csv"
    )
    assert mime.startswith("text/csv")
    assert data.decode().splitlines()[1] == str(local_quads(release))
    mime, data = get(
        endpoint.url + "queries/hosted-events-with-participants-from?kind=forum&format=json"
    )
    assert mime.startswith("application/sparql-results+json")
    assert len(json.loads(data)["results"]["bindings"]) == 1


def test_served_void_names_the_endpoint(endpoint: ReleaseServer) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import VOID

    mime, data = get(endpoint.url + "void.ttl")
    assert mime.startswith("text/turtle")
    void = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert set(void.objects(predicate=VOID.sparqlEndpoint)) == {URIRef(endpoint.url + "sparql")}
