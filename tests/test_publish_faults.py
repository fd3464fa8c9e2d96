"""Faults at the store while `roadmap-kg publish` loads a release of six graphs (five reports and
the registry of the resources they share), then its record of what it sent.

The store is a real Oxigraph server on 127.0.0.1, stopped and started again on the same data
directory where a test needs it. Faults are injected by a small proxy in front of it (written
here with http.server and sockets): answers held back beyond the client's timeout, 5xx
answers, connections dropped after part of a request body, request bodies cut short on their
way to the store, answers lost after the store took the data. The command runs in a
subprocess as a user runs it; the Python API is used where its result (attempts per graph)
says more. Nothing of roadmap_kg is replaced or patched.

Before each test the store holds an older version of every graph (and no publish record, so
that every graph is sent: `urn:roadmap-kg:published`, store.py), so that after any
fault each graph can be checked to be exactly the old one or exactly the release's one, never
half of either; a watcher reads the store while publishing to catch half graphs in passing.

Oxigraph keeps every triple but stores literals of the xsd:integer family as xsd:integer
(oxigraph/oxigraph#1413): the release's xsd:nonNegativeInteger counts and xsd:positiveInteger
line numbers come back as xsd:integer. The store is compared with the release as Oxigraph
keeps it, and the first test pins down that this is the only change.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from roadmap_kg.cli import cli
from roadmap_kg.store import StoreError, publish

from conftest import HANG, OXIGRAPH, listening_port, refused_port

CLI = Path(sys.executable).parent / "roadmap-kg"
Triples = frozenset[ox.Triple]
VERSION = ox.NamedNode("urn:roadmap-kg:test:version")
RECORD = "urn:roadmap-kg:published"  # the graph where publish keeps what it sent
XSD = "http://www.w3.org/2001/XMLSchema#"
# small retries and back-off: every test stays within a few seconds
FAST = ["--retries", "2", "--backoff", "0.05", "--timeout", "5"]
# seconds a slow store holds its answer back: longer than a run may last (HANG), so that a
# client that waited for the answer instead of giving up fails the run as a hang
HELD_BACK = 2 * HANG
# distinctive credentials, to be sent and never shown
URL_USER, URL_SECRET = "url-publisher", "p@ss:w/rd%Zq81-url-secret"
ENV_USER, ENV_SECRET = "env-publisher", "Qx7-env-secret-77"


# --- the real store -------------------------------------------------------------------------


class Oxigraph:
    """An Oxigraph server on a data directory: stopped and started again, it holds what it
    held. Each start lets the server choose its port (port 0) and reads it back, so a restart
    may move it: the proxy and the tests ask for `port` and `url` each time."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        assert self.process is None
        self.process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(self.location), "--bind", "127.0.0.1:0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.port = listening_port(self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=HANG)
            self.process = None

    def _request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.url + path, data=body, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=HANG) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read()

    def graph(self, name: str) -> Triples:
        """The triples of a named graph (Graph Store Protocol GET; none if there is no such graph)."""
        status, data = self._request(
            "GET",
            f"/store?graph={quote(name, safe='')}",
            headers={"Accept": "application/n-triples"},
        )
        if status == 404:
            return frozenset()
        assert status == 200, (status, data[:200])
        return frozenset(quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))

    def graph_names(self) -> set[str]:
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        status, data = self._request(
            "POST",
            "/query",
            query.encode(),
            {"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"},
        )
        assert status == 200, data
        return {line.strip()[1:-1] for line in data.decode().splitlines()[1:] if line.strip()}

    def put(self, name: str, triples: Triples) -> None:
        body = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
        assert body is not None
        status, data = self._request(
            "PUT",
            f"/store?graph={quote(name, safe='')}",
            body,
            {"Content-Type": "application/n-triples"},
        )
        assert status in (201, 204), (status, data)


@pytest.fixture(scope="module")
def release_graphs(multi_release: Path) -> dict[str, Triples]:
    """The release's graphs, by name, in the order publish sends them: the registry, then the
    five reports."""
    graphs: dict[str, set[ox.Triple]] = {}
    for quad in ox.parse(path=str(multi_release / "dataset.trig"), format=ox.RdfFormat.TRIG):
        assert isinstance(quad.graph_name, ox.NamedNode)
        graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    assert len(graphs) == 6
    assert next(iter(sorted(graphs))).endswith("/id/graph/registry")
    return {name: frozenset(graphs[name]) for name in sorted(graphs)}


def as_oxigraph_keeps(triples: Triples) -> Triples:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return frozenset(quad.triple for quad in store)


@pytest.fixture(scope="module")
def new(release_graphs: dict[str, Triples]) -> dict[str, Triples]:
    """The release's report graphs as a store that took them whole holds them."""
    return {name: as_oxigraph_keeps(triples) for name, triples in release_graphs.items()}


@pytest.fixture(scope="module")
def old(new: dict[str, Triples]) -> dict[str, Triples]:
    """An older version of each report graph: a third of its triples missing, one of its own."""
    versions = {}
    for name, triples in new.items():
        kept = sorted(triples, key=str)[::3]
        marker = ox.Triple(ox.NamedNode(name), VERSION, ox.Literal("old"))
        versions[name] = frozenset([*kept, marker])
        assert versions[name] != triples
    return versions


@pytest.fixture
def store(tmp_path: Path, old: dict[str, Triples]) -> Iterator[Oxigraph]:
    """A real Oxigraph server holding the old version of every report graph."""
    server = Oxigraph(tmp_path / "oxigraph-db")
    server.start()
    try:
        for name, triples in old.items():
            server.put(name, triples)
        yield server
    finally:
        server.stop()


@dataclass
class Expect:
    """What the store must hold after a publish: by graph, 'new', 'old' or 'either'."""

    new: dict[str, Triples]
    old: dict[str, Triples]

    def check(self, store: Oxigraph, states: list[str]) -> None:
        assert store.graph_names() - {RECORD} == set(self.new)
        for (name, want), state in zip(self.new.items(), states, strict=True):
            held = store.graph(name)
            if state == "new":
                assert held == want, (
                    f"{name}: not the release's graph ({len(held)} of {len(want)} triples)"
                )
            elif state == "old":
                assert held == self.old[name], f"{name}: not as it was before ({len(held)} triples)"
            else:
                assert held in (want, self.old[name]), f"{name}: half a graph ({len(held)} triples)"


@pytest.fixture
def expect(new: dict[str, Triples], old: dict[str, Triples]) -> Expect:
    return Expect(new, old)


class Watcher:
    """Reads every report graph from the store over and over while a publish runs; records
    any state that is neither the old nor the new graph."""

    def __init__(self, store: Oxigraph, expect: Expect) -> None:
        self.store, self.expect = store, expect
        self.reads = 0
        self.half: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, want in self.expect.new.items():
                try:
                    held = self.store.graph(name)
                except (OSError, http.client.HTTPException):
                    continue  # the store is stopped for a moment
                self.reads += 1
                if held not in (want, self.expect.old[name]):
                    self.half.append((name, len(held)))
            self._stop.wait(0.01)

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=HANG)


# --- the fault-injecting proxy --------------------------------------------------------------


@dataclass
class Fault:
    """What the proxy does to the PUTs numbered nth … nth+times-1 (counted from 1):

    status  answer `status` without passing the request on
    failed  pass the request on, then answer `status` instead of the store's answer
    drop    read part of the body, then drop the connection (the store sees nothing)
    cut     pass the headers and the first half of the body on, then drop both connections
    lost    pass the request on, then drop the connection instead of answering
    delay   pass the request on, then hold the answer back `delay` seconds
    stop    pass the request on, call `on_fault` (e.g. stop the store), then answer
    """

    kind: str = "none"
    nth: int = 1
    times: int = 1
    status: int = 503
    delay: float = 3.0
    on_fault: Callable[[], None] | None = None
    auth: str | None = None  # an Authorization header every request must carry, else 401


@dataclass
class Seen:
    number: int
    graph: str
    authorization: str | None
    answered: int | None = None  # the status the client was given (None: no answer)


@dataclass
class ProxyState:
    upstream: Oxigraph  # asked for its port at each request: a restarted store may have moved
    fault: Fault
    puts: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closing: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    server: _Proxy
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    @property
    def state(self) -> ProxyState:
        return self.server.state

    def _answer(self, status: int, body: bytes = b"", content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drop(self) -> None:
        """Close the client's connection at once, with a reset, and answer nothing."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def _forward(self, body: bytes) -> tuple[int, bytes, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.state.upstream.port, timeout=HANG)
        try:
            headers = {"Content-Type": self.headers.get("Content-Type", "application/octet-stream")}
            headers["Accept"] = self.headers.get("Accept", "*/*")
            connection.request(
                self.command,
                self.path,
                body=body if self.command == "PUT" else None,
                headers=headers,
            )
            answer = connection.getresponse()
            return answer.status, answer.read(), answer.headers.get("Content-Type", "text/plain")
        except OSError as exc:  # the store is down: what a reverse proxy answers
            return 502, f"bad gateway: {exc}".encode(), "text/plain"
        finally:
            connection.close()

    def _cut(self, partial: bytes, length: int) -> None:
        """Send the store the request with its full Content-Length but half its body."""
        port = self.state.upstream.port
        with socket.create_connection(("127.0.0.1", port), timeout=HANG) as upstream:
            head = (
                f"PUT {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: application/n-triples\r\nContent-Length: {length}\r\n\r\n"
            )
            upstream.sendall(head.encode() + partial)
            time.sleep(0.05)  # the store has read what there is before the connection goes

    def do_GET(self) -> None:  # noqa: N802
        """Passed on to the store (publish reads its record first), faults are for PUTs."""
        if (
            self.state.fault.auth is not None
            and self.headers.get("Authorization") != self.state.fault.auth
        ):
            self._answer(401, b"who are you?")
            return
        status, data, mime = self._forward(b"")
        self._answer(status, data, mime)

    def do_PUT(self) -> None:  # noqa: N802
        state, fault = self.state, self.state.fault
        with state.lock:
            seen = Seen(len(state.puts) + 1, self.path, self.headers.get("Authorization"))
            state.puts.append(seen)
        length = int(self.headers["Content-Length"])
        faulty = fault.nth <= seen.number < fault.nth + fault.times
        if fault.auth is not None and seen.authorization != fault.auth:
            self.rfile.read(length)
            seen.answered = 401
            self._answer(401, b"who are you?")
            return
        if faulty and fault.kind in ("drop", "cut"):
            partial = self.rfile.read(length // 2)
            if fault.kind == "cut":
                # cut at a line end: the part the store gets is itself good N-Triples
                self._cut(partial[: partial.rindex(b"\n") + 1], length)
            self._drop()
            return
        body = self.rfile.read(length)
        if faulty and fault.kind == "status":
            seen.answered = fault.status
            self._answer(fault.status, b"injected fault")
            return
        status, data, mime = self._forward(body)
        if faulty and fault.kind == "lost":
            self._drop()
            return
        if faulty and fault.kind == "failed":
            status, data = fault.status, b"injected fault after the store took the data"
        if faulty and fault.kind == "delay":
            state.closing.wait(fault.delay)
        if faulty and fault.kind == "stop" and fault.on_fault is not None:
            fault.on_fault()  # before the answer: the client's next request finds it done
        seen.answered = status
        self._answer(status, data, mime)


class _Proxy(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, state: ProxyState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeout) leaves a broken pipe behind: expected here


@dataclass
class Proxy:
    state: ProxyState
    url: str

    @property
    def puts(self) -> list[Seen]:
        return self.state.puts


@pytest.fixture
def proxy(store: Oxigraph) -> Iterator[Callable[[Fault], Proxy]]:
    servers: list[_Proxy] = []

    def start(fault: Fault) -> Proxy:
        state = ProxyState(store, fault)
        server = _Proxy(state)
        servers.append(server)
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        return Proxy(state, f"http://127.0.0.1:{server.server_address[1]}")

    yield start
    for server in servers:
        server.state.closing.set()
        server.shutdown()
        server.server_close()


# --- running the command --------------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


def run_publish(
    release: Path, home: Path, store: str, *options: str, env: dict[str, str] | None = None
) -> Run:
    """`roadmap-kg publish` in a subprocess, with no credentials but those given, no
    ~/.netrc (HOME is an empty folder) and no HTTP proxy."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.lower().endswith("_proxy") and not k.startswith("ROADMAP_KG_")
    }
    environment |= {"HOME": str(home), "NO_PROXY": "*", "no_proxy": "*", **(env or {})}
    done = subprocess.run(
        [str(CLI), "publish", str(release), "--store", store, *options],
        capture_output=True,
        text=True,
        env=environment,
        timeout=HANG,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def invoke_publish(release: Path, home: Path, store: str, *options: str) -> Run:
    """The same command in this process (quicker), with no credentials and no ~/.netrc."""
    runner = CliRunner(
        env={"HOME": str(home), "ROADMAP_KG_USER": None, "ROADMAP_KG_PASSWORD": None}
    )
    result = runner.invoke(cli, ["publish", str(release), "--store", store, *options])
    return Run(result.exit_code, result.stdout, result.stderr)


def assert_clean_failure(run: Run, *phrases: str) -> str:
    """Exit code 2, nothing on stdout, one line on stderr with the phrases; that line."""
    assert run.code == 2, (run.out, run.err)
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("error: ")
    for phrase in phrases:
        assert phrase in lines[0]
    return lines[0]


@pytest.mark.slow
def test_oxigraph_changes_nothing_of_the_release_but_the_datatypes_of_integers(
    release_graphs: dict[str, Triples], new: dict[str, Triples], store: Oxigraph
) -> None:
    def plain(t: ox.Triple) -> tuple[object, ...]:
        return (
            t.subject,
            t.predicate,
            t.object.value if isinstance(t.object, ox.Literal) else t.object,
        )

    for name, triples in release_graphs.items():
        assert len(new[name]) == len(triples)
        gone, came = triples - new[name], new[name] - triples
        assert {plain(t) for t in gone} == {plain(t) for t in came}
        assert {t.object.datatype.value for t in gone if isinstance(t.object, ox.Literal)} <= {
            XSD + "nonNegativeInteger",
            XSD + "positiveInteger",
        }
        # (the registry holds no counts nor line numbers)
        assert {t.object.datatype.value for t in came if isinstance(t.object, ox.Literal)} <= {
            XSD + "integer"
        }
        store.put(name, triples)  # the server keeps what the library keeps
        assert store.graph(name) == new[name]


# --- (1) a store that is down -----------------------------------------------------------------


@pytest.mark.slow
def test_a_store_that_is_down_is_retried_with_back_off_then_fails_in_one_line(
    multi_release: Path, home: Path
) -> None:
    waits: list[float] = []
    with refused_port() as port:
        closed = f"http://127.0.0.1:{port}/store"
        run = run_publish(multi_release, home, closed, "--retries", "2", "--backoff", "0.25")
        with pytest.raises(StoreError, match="not read after 3 attempts"):
            publish(multi_release, closed, retries=2, backoff=0.25, sleep=waits.append)
    # the first request reads the publish record: that is what could not be done
    assert_clean_failure(
        run, "its publish record not read after 3 attempts", "Connection refused", closed
    )
    assert waits == [0.25, 0.5]  # it waited before each retry, twice as long the second time


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("localhost:7878/store", "localhost:7878/store: not an http(s) URL"),
        ("ftp://127.0.0.1/store", "ftp://127.0.0.1/store: not an http(s) URL"),
        ("http://127.0.0.1:abc/store", "http://127.0.0.1:abc/store: not a usable store URL"),
        ("http://127.0.0.1:99999/store", "http://127.0.0.1:99999/store: not a usable store URL"),
        (
            f"http://{URL_USER}:{URL_SECRET.replace('@', '%40')}@:7878/store",
            "http://:7878/store: not an http(s) URL",
        ),
    ],
)
def test_a_store_url_that_cannot_be_used_is_refused_at_once(
    multi_release: Path, home: Path, url: str, shown: str
) -> None:
    run = invoke_publish(multi_release, home, url, "--retries", "3", "--backoff", "5")
    assert assert_clean_failure(run).startswith(f"error: {shown}")
    assert "Zq81-url-secret" not in run.err
    waits: list[float] = []
    with pytest.raises(StoreError, match="not a usable store URL|not an http"):
        publish(multi_release, url, retries=3, backoff=5, sleep=waits.append)
    assert waits == []  # no retries


# --- (2) a store stopped and started again ------------------------------------------------------


@pytest.mark.slow
def test_a_store_stopped_midway_fails_the_publish_keeps_what_it_took_and_takes_the_rest_after_restart(
    multi_release: Path,
    home: Path,
    store: Oxigraph,
    proxy: Callable[[Fault], Proxy],
    expect: Expect,
) -> None:
    gateway = proxy(Fault("stop", nth=3, on_fault=store.stop))
    with Watcher(store, expect) as watcher:
        run = run_publish(multi_release, home, f"{gateway.url}/store", *FAST)
    assert not watcher.half
    line = assert_clean_failure(
        run, "HTTP 502", "not published after 3 attempts", "ru-mur_ru-spe_2022-2024"
    )
    assert "3 of 6 changed graph(s) published, 3 not" in line
    assert [p.answered for p in gateway.puts] == [204, 204, 204, 502, 502, 502]
    store.start()  # the same data directory: what was taken before the stop is still there
    expect.check(store, ["new", "new", "new", "old", "old", "old"])
    with Watcher(store, expect) as watcher:
        again = run_publish(multi_release, home, f"{store.url}/store", *FAST)
    assert again.code == 0, again.err
    assert again.out.startswith("published 6 graph(s)")  # no record was written: all sent
    expect.check(store, ["new"] * 6)
    assert watcher.reads
    assert not watcher.half


@pytest.mark.slow
def test_a_publish_rides_through_a_store_restart_during_its_back_off(
    multi_release: Path, store: Oxigraph, proxy: Callable[[Fault], Proxy], expect: Expect
) -> None:
    gateway = proxy(Fault("stop", nth=4, on_fault=store.stop))
    waits: list[float] = []

    def restart_while_waiting(seconds: float) -> None:
        waits.append(seconds)
        store.start()

    with Watcher(store, expect) as watcher:
        done = publish(
            multi_release,
            f"{gateway.url}/store",
            retries=2,
            backoff=0.05,
            sleep=restart_while_waiting,
        )
    assert [p.attempts for p in done] == [1, 1, 1, 1, 2, 1]
    assert waits == [0.05]
    assert [p.answered for p in gateway.puts] == [
        204,
        204,
        204,
        204,
        502,
        204,
        204,
        201,
    ]  # 201: the new record
    expect.check(store, ["new"] * 6)
    assert not watcher.half


# --- (3) a slow store ------------------------------------------------------------------------


@pytest.mark.slow
def test_answers_slower_than_the_timeout_are_retried(
    multi_release: Path,
    home: Path,
    store: Oxigraph,
    proxy: Callable[[Fault], Proxy],
    expect: Expect,
) -> None:
    # answers held back beyond the run's deadline: a client that waited for them would hang
    slow = proxy(Fault("delay", nth=2, times=2, delay=HELD_BACK))
    run = run_publish(
        multi_release,
        home,
        f"{slow.url}/store",
        "--retries",
        "2",
        "--backoff",
        "0.05",
        "--timeout",
        "0.3",
    )
    assert run.code == 0, run.err
    assert run.out.startswith("published 6 graph(s)")
    assert len(slow.puts) == 6 + 2 + 1  # and the record
    assert slow.puts[1].graph == slow.puts[2].graph == slow.puts[3].graph  # the same graph thrice
    expect.check(store, ["new"] * 6)


@pytest.mark.slow
def test_a_store_that_stays_slow_fails_cleanly(
    multi_release: Path,
    home: Path,
    store: Oxigraph,
    proxy: Callable[[Fault], Proxy],
    expect: Expect,
) -> None:
    slow = proxy(Fault("delay", nth=3, times=99, delay=HELD_BACK))
    run = run_publish(
        multi_release,
        home,
        f"{slow.url}/store",
        "--retries",
        "2",
        "--backoff",
        "0.05",
        "--timeout",
        "0.3",
    )
    assert_clean_failure(
        run, "not published after 3 attempts", "timed out", "ru-len_ru-spe_2021-2023"
    )
    assert len(slow.puts) == 2 + 3  # it gave up, after three attempts at the third graph
    # the slow store took the third graph before it was slow to say so: new or old, whole
    expect.check(store, ["new", "new", "either", "old", "old", "old"])


# --- (4) a store or a proxy failing mid-way ----------------------------------------------------

MIDWAY = [
    pytest.param(Fault("status", status=503), id="503-not-passed-on"),
    pytest.param(Fault("status", status=429), id="429-too-many-requests"),
    pytest.param(Fault("failed", status=500), id="500-after-the-store-took-it"),
    pytest.param(Fault("drop"), id="dropped-after-half-the-body"),
    pytest.param(Fault("cut"), id="half-the-body-reached-the-store"),
    pytest.param(Fault("lost"), id="answer-lost-after-the-store-took-it"),
]
# whether the store may hold the new graph after a failed publish
TAKEN = {"failed", "lost"}


@pytest.mark.slow
@pytest.mark.parametrize("fault", MIDWAY)
def test_a_fault_midway_is_retried_and_the_publish_completes(
    multi_release: Path,
    store: Oxigraph,
    proxy: Callable[[Fault], Proxy],
    expect: Expect,
    fault: Fault,
) -> None:
    faulty = proxy(replace(fault, nth=3, times=2))
    with Watcher(store, expect) as watcher:
        done = publish(multi_release, f"{faulty.url}/store", retries=2, backoff=0.01)
    assert [p.attempts for p in done] == [1, 1, 3, 1, 1, 1]
    assert len(faulty.puts) == 6 + 2 + 1  # and the record
    expect.check(store, ["new"] * 6)
    assert not watcher.half


@pytest.mark.slow
@pytest.mark.parametrize("fault", MIDWAY)
def test_a_fault_that_outlasts_the_retries_fails_cleanly_and_leaves_no_half_graph(
    multi_release: Path,
    home: Path,
    store: Oxigraph,
    proxy: Callable[[Fault], Proxy],
    expect: Expect,
    fault: Fault,
) -> None:
    faulty = proxy(replace(fault, nth=4, times=3))
    with Watcher(store, expect) as watcher:
        run = invoke_publish(multi_release, home, f"{faulty.url}/store", *FAST)
    assert_clean_failure(run, "not published after 3 attempts", "ru-mur_ru-spe_2022-2024")
    assert len(faulty.puts) == 3 + 3
    assert len({p.graph for p in faulty.puts[3:]}) == 1
    expect.check(
        store, ["new", "new", "new", "either" if fault.kind in TAKEN else "old", "old", "old"]
    )
    assert not watcher.half


@pytest.mark.slow
def test_a_refusal_midway_is_not_retried(
    multi_release: Path,
    home: Path,
    store: Oxigraph,
    proxy: Callable[[Fault], Proxy],
    expect: Expect,
) -> None:
    faulty = proxy(Fault("status", nth=3, times=99, status=413))
    run = invoke_publish(multi_release, home, f"{faulty.url}/store", *FAST)
    assert_clean_failure(run, "refused graph", "HTTP 413", "ru-len_ru-spe_2021-2023")
    assert len(faulty.puts) == 3
    expect.check(store, ["new", "new", "old", "old", "old", "old"])


@pytest.mark.slow
def test_retries_wait_longer_each_time(
    multi_release: Path, home: Path, proxy: Callable[[Fault], Proxy]
) -> None:
    faulty = proxy(Fault("status", nth=1, times=99, status=503))
    run = run_publish(
        multi_release, home, f"{faulty.url}/store", "--retries", "3", "--backoff", "0.1"
    )
    assert_clean_failure(run, "HTTP 503", "not published after 4 attempts")
    assert len(faulty.puts) == 4
    # the waits as publish asks for them, not as a loaded machine's clock shows them
    waits: list[float] = []
    with pytest.raises(StoreError, match="not published after 4 attempts"):
        publish(multi_release, f"{faulty.url}/store", retries=3, backoff=0.1, sleep=waits.append)
    assert waits == [0.1, 0.2, 0.4]


# --- (5) credentials are sent, never shown ------------------------------------------------------


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _with_userinfo(url: str, raw: bool = False) -> str:
    """The URL with URL_USER and URL_SECRET, percent-encoded (or as a user may paste them)."""
    scheme, rest = url.split("://", 1)
    if raw:
        return f"{scheme}://{URL_USER}:{URL_SECRET}@{rest}"
    return f"{scheme}://{quote(URL_USER, safe='')}:{quote(URL_SECRET, safe='')}@{rest}"


def assert_no_secret(run: Run) -> None:
    shown = run.out + run.err
    for secret in (
        URL_SECRET,
        ENV_SECRET,
        quote(URL_SECRET, safe=""),
        _basic(URL_USER, URL_SECRET)[6:],
        _basic(ENV_USER, ENV_SECRET)[6:],
    ):
        assert secret not in shown


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fault", "phrase"),
    [
        pytest.param(Fault("status", times=99, status=401), "HTTP 401", id="refused-401"),
        pytest.param(Fault("status", times=99, status=403), "HTTP 403", id="refused-403"),
        pytest.param(Fault("status", times=99, status=500), "HTTP 500", id="server-error"),
        pytest.param(Fault("delay", times=99, delay=3.0), "timed out", id="timeout"),
        pytest.param(None, "Connection refused", id="down"),
    ],
)
def test_no_failure_shows_the_credentials(
    multi_release: Path,
    home: Path,
    proxy: Callable[[Fault], Proxy],
    fault: Fault | None,
    phrase: str,
) -> None:
    with refused_port() as down:
        base = proxy(fault).url if fault is not None else f"http://127.0.0.1:{down}"
        env = {"ROADMAP_KG_USER": ENV_USER, "ROADMAP_KG_PASSWORD": ENV_SECRET}
        for url in (
            _with_userinfo(f"{base}/store"),
            _with_userinfo(f"{base}/store", raw=True),
            f"{base}/store",
        ):
            run = run_publish(
                multi_release,
                home,
                url,
                "--retries",
                "1",
                "--backoff",
                "0.01",
                "--timeout",
                "0.25",
                env=env,
            )
            line = assert_clean_failure(run, phrase, f"{base}/store: ")
            assert URL_USER not in line
            assert_no_secret(run)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("userinfo", "env", "sent"),
    [
        pytest.param("encoded", False, (URL_USER, URL_SECRET), id="from-the-url"),
        pytest.param("raw", False, (URL_USER, URL_SECRET), id="from-the-url-not-encoded"),
        pytest.param(None, True, (ENV_USER, ENV_SECRET), id="from-the-environment"),
        pytest.param("encoded", True, (URL_USER, URL_SECRET), id="the-url-first"),
    ],
)
def test_credentials_are_sent_as_basic_authentication(
    multi_release: Path,
    home: Path,
    store: Oxigraph,
    proxy: Callable[[Fault], Proxy],
    expect: Expect,
    userinfo: str | None,
    env: bool,
    sent: tuple[str, str],
) -> None:
    guarded = proxy(Fault(auth=_basic(*sent)))
    url = (
        _with_userinfo(f"{guarded.url}/store", raw=userinfo == "raw")
        if userinfo
        else f"{guarded.url}/store"
    )
    environment = {"ROADMAP_KG_USER": ENV_USER, "ROADMAP_KG_PASSWORD": ENV_SECRET} if env else {}
    run = run_publish(multi_release, home, url, *FAST, env=environment)
    assert run.code == 0, run.err
    triples = sum(map(len, expect.new.values()))
    assert run.out == f"published 6 graph(s), {triples} triples, to {guarded.url}/store\n"
    assert_no_secret(run)
    assert [p.authorization for p in guarded.puts] == [_basic(*sent)] * 7  # and the record
    assert [p.answered for p in guarded.puts] == [204] * 6 + [201]  # 201: the record, new
    expect.check(store, ["new"] * 6)


def test_a_store_that_echoes_the_credentials_back_is_not_shown_them(multi_release: Path) -> None:
    """A store whose error page repeats the request's credentials: the message hides them."""

    class Echo(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(404)  # no publish record yet
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_PUT(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            token = self.headers["Authorization"][6:]
            page = f"bad credentials {base64.b64decode(token).decode()} in {self.headers['Authorization']}".encode()
            self.send_response(400)
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        with pytest.raises(
            StoreError,
            match=r"HTTP 400 Bad Request: bad credentials \*\*\*:\*\*\* in Basic \*\*\*\)",
        ) as failure:
            publish(multi_release, _with_userinfo(url), retries=0)
        assert str(failure.value).startswith(f"{url}: the store refused graph <")
        assert URL_SECRET not in str(failure.value)
    finally:
        server.shutdown()
        server.server_close()


# --- (6) only changed graphs are sent, and the record never claims what the store lacks ----------


@pytest.mark.slow
def test_a_graph_whose_publish_failed_is_sent_again_even_when_the_release_goes_back(
    multi_release: Path,
    store: Oxigraph,
    proxy: Callable[[Fault], Proxy],
    expect: Expect,
    tmp_path: Path,
) -> None:
    import shutil

    publish(multi_release, f"{store.url}/store")  # every graph, then the record of them
    assert [p.attempts for p in publish(multi_release, f"{store.url}/store")] == [0] * 6
    changed = tmp_path / "changed"
    shutil.copytree(multi_release, changed)
    trig = changed / "dataset.trig"
    text = trig.read_text(encoding="utf-8")
    at = text.index('schema:name "', text.index("/id/report/ru-len_ru-spe_2021-2023/")) + len(
        'schema:name "'
    )
    trig.write_text(text[:at] + "Исправлено: " + text[at:], encoding="utf-8")
    # the store takes the changed graph but its answer is a 500: the publish fails
    faulty = proxy(Fault("failed", nth=2, times=99, status=500))
    with pytest.raises(StoreError, match="0 of 1 changed graph"):
        publish(changed, f"{faulty.url}/store", retries=0)
    assert [p.graph for p in faulty.puts] == [
        f"/store?graph={quote(RECORD, safe='')}",
        faulty.puts[1].graph,
    ]
    # the record lost that graph's entry first: going back to the release sends it again
    done = publish(multi_release, f"{store.url}/store")
    assert [p.graph.rsplit("/report/", 1)[-1] for p in done if p.attempts] == [
        "ru-len_ru-spe_2021-2023/2021/ru-spe"
    ]
    expect.check(store, ["new"] * 6)
