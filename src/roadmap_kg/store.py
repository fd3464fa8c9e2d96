"""Loading a release into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the release (a graph per report, the registry of shared resources, link
sets) is sent in one PUT to `STORE?graph=<graph IRI>`, which replaces that graph whole in one
request: a store never holds half a graph, and publishing twice leaves it as it was.

Only graphs whose content changed since the last publish into that store are sent: the
SHA-256 of each graph's N-Triples is kept in the store, in the graph `urn:roadmap-kg:published`
(`<graph> <urn:roadmap-kg:sha256> "…"`), read with one GET before the PUTs (a store URL that
does not speak the Graph Store Protocol is found out by that GET) and replaced after them.
Before a changed graph is sent, its entry is taken out of that graph, so that a publish that
fails half-way never leaves an entry naming content the store does not hold. `everything`
(`--all`) sends every graph whatever the store says.

Connection errors, timeouts, broken answers, 5xx (but 501, 505 and answers naming an error
of the store's own, such as Virtuoso's `SR171`), 408 and 429 answers are retried with
exponential back-off; any other answer stops with the store's reason. Credentials: see
remote.py (Basic, or Digest when the store asks for it; never printed).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from .errors import RoadmapError
from .remote import Client, RemoteError
from .terms import Lit, nt_term

STATE_GRAPH = "urn:roadmap-kg:published"
HASH = "urn:roadmap-kg:sha256"
# what a Graph Store answers to GET of a graph it holds (404: one it does not hold)
RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


class StoreError(RoadmapError):
    """The store cannot be reached or refused the data."""


@dataclass(frozen=True)
class Published:
    graph: str
    triples: int
    attempts: int


def release_graphs(folder: Path) -> Iterator[tuple[str, bytes, int]]:
    """(graph IRI, N-Triples body, triple count) of every report graph of a release."""
    trig = folder / "dataset.trig"
    if not trig.is_file():
        raise StoreError(f"{trig}: no such file; build the release first (roadmap-kg build)")
    graphs: dict[str, list[ox.Triple]] = {}
    try:
        for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"{trig}: not readable TriG ({exc})") from None
    for name in sorted(graphs):
        body = ox.serialize(graphs[name], format=ox.RdfFormat.N_TRIPLES)
        assert body is not None
        yield name, body, len(graphs[name])


def publish(
    folder: Path,
    store: str,
    *,
    timeout: float = 30.0,
    retries: int = 4,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    everything: bool = False,
) -> list[Published]:
    """PUT every graph of the release in folder that changed since the last publish into the
    Graph Store endpoint `store` (every graph if `everything`); each graph published or left
    as it was, with its attempts (0: unchanged, not sent)."""
    try:
        client = Client.of(store, timeout)
    except RemoteError as exc:
        message = str(exc).replace("not a usable URL", "not a usable store URL")
        raise StoreError(message.replace("http(s) URL", "http(s) URL of a Graph Store")) from None
    graphs = [(name, body, count, _sha256(body)) for name, body, count in release_graphs(folder)]
    held = _attempt(client, "read", STATE_GRAPH, retries, backoff, sleep, _read_state)
    changed = [g for g in graphs if everything or held.get(g[0]) != g[3]]
    if any(name in held for name, *_ in changed):
        # entries of graphs about to change go first: a failure half-way must not leave an
        # entry naming content the store does not hold
        kept = {k: v for k, v in held.items() if k not in {name for name, *_ in changed}}
        _attempt(client, "write", STATE_GRAPH, retries, backoff, sleep, _state_writer(kept))
    else:
        kept = dict(held)
    done: list[Published] = []
    for number, (name, body, count, digest) in enumerate(changed):
        try:
            attempts = _attempt(client, "put", name, retries, backoff, sleep, _put_body(body))
        except StoreError as exc:
            left = len(changed) - number
            raise StoreError(
                f"{exc}; {number} of {len(changed)} changed graph(s) published, "
                f"{left} not (this one and those after it)"
            ) from None
        done.append(Published(name, count, attempts))
        kept[name] = digest
    if kept != held:
        _attempt(client, "write", STATE_GRAPH, retries, backoff, sleep, _state_writer(kept))
    sent = {p.graph: p for p in done}
    return [sent.get(name, Published(name, count, 0)) for name, _, count, _ in graphs]


def _sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _graph_url(client: Client, graph: str) -> str:
    separator = "&" if "?" in client.url else "?"
    return f"{client.url}{separator}graph={quote(graph, safe='')}"


def _read_state(client: Client, graph: str) -> dict[str, str]:
    """The hashes the store keeps of what it was sent; a store that does not answer a Graph
    Store GET with RDF (or 404 for a graph it does not hold) is no Graph Store endpoint."""
    try:
        answer = client.request(
            "GET",
            _graph_url(client, graph),
            headers={
                "Accept": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
            },
        )
    except RemoteError as exc:
        if exc.status == 404:
            return {}
        if exc.status in (400, 405, 406, 415, 501):
            raise RemoteError(
                f"{exc} (this URL does not answer as a SPARQL 1.1 Graph Store "
                "endpoint: is it the store's query endpoint?)",
                exc.status,
            ) from None
        raise
    mime = (answer.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if mime not in RDF_TYPES:
        raise RemoteError(
            f"a GET of a graph answered {mime or 'no content type'}, not RDF: "
            "this URL does not speak the SPARQL 1.1 Graph Store Protocol"
        )
    try:
        triples = ox.parse(answer.body, format=RDF_TYPES[mime])
        return {t.subject.value: t.object.value for t in triples if t.predicate.value == HASH}
    except (SyntaxError, ValueError):
        raise RemoteError("its answer to a GET of a graph is not readable RDF") from None


def _state_writer(hashes: dict[str, str]) -> Callable[[Client, str], None]:
    lines = "".join(
        f"{nt_term(name)} {nt_term(HASH)} {nt_term(Lit(digest))} .\n"
        for name, digest in sorted(hashes.items())
    )
    return _put_body(lines.encode())


def _put_body(body: bytes) -> Callable[[Client, str], None]:
    def put(client: Client, graph: str) -> None:
        headers = {"Content-Type": "application/n-triples"}
        client.request("PUT", _graph_url(client, graph), body, headers)

    return put


def _attempt(
    client: Client,
    what: str,
    graph: str,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
    action: Callable[[Client, str], object],
) -> Any:
    """action(client, graph), retried as long as another try may help; the number of
    attempts it took for a put, the action's result otherwise."""
    for attempt in range(1, retries + 2):
        try:
            result = action(client, graph)
            return attempt if what == "put" else result
        except RemoteError as exc:
            reason = str(exc).removeprefix(f"{client.url}: ")
            if not exc.retry:
                raise StoreError(
                    f"{client.url}: the store refused {_what(what, graph)} ({reason})"
                ) from None
        if attempt > retries:
            raise StoreError(
                f"{client.url}: {_what(what, graph)} {_FAILED[what]} after "
                f"{attempt} attempts ({reason}){_AFTER if what == 'put' else ''}"
            )
        sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


_FAILED = {"put": "not published", "read": "not read", "write": "not written"}
_AFTER = (
    "; the graphs before it were replaced whole, it is the old or the new graph (never half "
    "of one), the others are as they were"
)


def _what(what: str, graph: str) -> str:
    if what == "read":
        return "a read of its publish record"
    if what == "write":
        return "its publish record"
    return f"graph <{graph}>"
