"""Publishing to a real Oxigraph server, remote queries, and the local endpoint.

The Oxigraph server (PyPI package `oxigraph`) is started on 127.0.0.1 for these tests and
stopped after them; faults are injected by a small local HTTP server, not by mocks.
"""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_kg.cli import cli
from roadmap_kg.pipeline import build
from roadmap_kg.query import bindings, load_queries, load_store, run_local, with_values
from roadmap_kg.serve import ReleaseServer
from roadmap_kg.settings import Settings
from roadmap_kg.store import StoreError, publish

from conftest import FIXTURES, OXIGRAPH, SEED, free_port, wait_for

COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store") / "dist"
    sources = (SEED, FIXTURES / "small" / "spb-smolensk-2022.txt", FIXTURES / "reports" / "spb-pskov-2022.txt")
    assert build(Settings(sources=sources, out_dir=out)).files
    return out


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-db")
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def remote_count(base: str, query: str) -> int:
    request = urllib.request.Request(
        f"{base}/query", data=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def local_quads(release: Path) -> int:
    import pyoxigraph

    return len(list(pyoxigraph.parse(path=str(release / "dataset.trig"), format=pyoxigraph.RdfFormat.TRIG)))


def test_publishing_twice_holds_the_release_once(release: Path, oxigraph: str) -> None:
    first = publish(release, f"{oxigraph}/store")
    assert len(first) == 3
    assert remote_count(oxigraph, COUNT_GRAPHS) == 3
    assert remote_count(oxigraph, COUNT_QUADS) == local_quads(release)
    result = CliRunner().invoke(cli, ["publish", str(release), "--store", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    assert "published 3 report graph(s)" in result.output
    assert remote_count(oxigraph, COUNT_QUADS) == local_quads(release)


def _rows(results: dict) -> list[tuple]:
    variables = results["head"]["vars"]
    return sorted(tuple(json.dumps(b.get(v), sort_keys=True) for v in variables) for b in results["results"]["bindings"])


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("spbu-hosted-conferences-with-smolensk-participants", []),
        ("hosted-events-with-participants-from", ["kind=forum"]),
        ("events-by-plan-item", []),
    ],
)
def test_the_same_query_gives_the_same_rows_locally_and_remotely(release: Path, oxigraph: str, name: str, params: list[str]) -> None:
    publish(release, f"{oxigraph}/store")
    options = [opt for p in params for opt in ("-p", p)]
    local = CliRunner().invoke(cli, ["query", name, *options, "--data", str(release / "dataset.trig"), "--format", "json"])
    remote = CliRunner().invoke(cli, ["query", name, *options, "--endpoint", f"{oxigraph}/query", "--format", "json"])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert _rows(json.loads(local.output)) == _rows(json.loads(remote.output))
    assert json.loads(local.output)["results"]["bindings"]


def test_an_unreachable_store_fails_cleanly_after_retries(release: Path) -> None:
    waits: list[float] = []
    port = free_port()  # nothing listens there
    with pytest.raises(StoreError, match=r"not published after 3 attempts"):
        publish(release, f"http://127.0.0.1:{port}/store", retries=2, backoff=0.1, sleep=waits.append)
    assert waits == [0.1, 0.2]


class _Flaky(BaseHTTPRequestHandler):
    """Answers 503 to the first `failures` PUTs, then 204; records what it was sent."""

    failures = 0
    seen: list[tuple[str, dict[str, str]]] = []

    def do_PUT(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append((self.path, dict(self.headers)))
        if type(self).failures > 0:
            type(self).failures -= 1
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"try later")
            return
        if "forbidden" in self.path:
            self.send_response(403)
            self.end_headers()
            self.wfile.write(b"no writing here")
            return
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[str]:
    _Flaky.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
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
    assert [p.attempts for p in done] == [3, 1, 1]
    assert all("graph=https%3A%2F%2Fw3id.org%2Froadmap-kg%2Fid%2Freport%2F" in path for path, _ in _Flaky.seen)


def test_a_refusal_is_not_retried_and_credentials_are_sent_but_never_shown(
    release: Path, flaky: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_KG_USER", "publisher")
    monkeypatch.setenv("ROADMAP_KG_PASSWORD", "s3cret-pass")
    result = CliRunner().invoke(cli, ["publish", str(release), "--store", f"{flaky}/forbidden"])
    assert result.exit_code == 2
    assert "HTTP 403" in result.output
    assert "s3cret" not in result.output
    assert len(_Flaky.seen) == 1
    assert _Flaky.seen[0][1]["Authorization"].startswith("Basic ")


@pytest.fixture(scope="module")
def endpoint(release: Path) -> Iterator[ReleaseServer]:
    server = ReleaseServer(release, load_queries(Settings().queries_dir), ("127.0.0.1", 0), Settings().base_iri)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def get(url: str, accept: str = "*/*") -> tuple[str, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=10) as answer:
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
    result = CliRunner().invoke(cli, ["query", "events-by-plan-item", "--endpoint", endpoint.url + "sparql", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert _rows(json.loads(result.output)) == _rows(expected)
    mime, data = get(endpoint.url + "sparql?query=" + urllib.request.quote(COUNT_QUADS), accept="text/csv")
    assert mime.startswith("text/csv")
    assert data.decode().splitlines()[1] == str(local_quads(release))
    mime, data = get(endpoint.url + "queries/hosted-events-with-participants-from?kind=forum&format=json")
    assert mime.startswith("application/sparql-results+json")
    assert len(json.loads(data)["results"]["bindings"]) == 1


def test_served_void_names_the_endpoint(endpoint: ReleaseServer) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import VOID

    mime, data = get(endpoint.url + "void.ttl")
    assert mime.startswith("text/turtle")
    void = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert set(void.objects(predicate=VOID.sparqlEndpoint)) == {URIRef(endpoint.url + "sparql")}
