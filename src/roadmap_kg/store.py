"""Loading a release into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

Each report's named graph is sent in one PUT to `STORE?graph=<report IRI>`, which replaces that
graph whole in one request: a store never holds half a report, and publishing twice leaves it
as it was. Connection errors and 5xx answers are retried with exponential back-off; any other
answer stops with a clear error. Credentials come from the environment or ~/.netrc and are
never printed.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from .errors import RoadmapError
from .query import USER_AGENT, endpoint_credentials


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
) -> list[Published]:
    """PUT every report graph of the release in folder to the Graph Store endpoint `store`."""
    published = []
    for graph, body, count in release_graphs(folder):
        attempts = _put(store, graph, body, timeout, retries, backoff, sleep)
        published.append(Published(graph, count, attempts))
    return published


def _put(
    store: str,
    graph: str,
    body: bytes,
    timeout: float,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> int:
    separator = "&" if "?" in store else "?"
    url = f"{store}{separator}graph={quote(graph, safe='')}"
    headers = {"Content-Type": "application/n-triples", "User-Agent": USER_AGENT}
    credentials = endpoint_credentials(store)
    if credentials:
        token = base64.b64encode(":".join(credentials).encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    for attempt in range(1, retries + 2):
        request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                answer.read()
            return attempt
        except urllib.error.HTTPError as exc:
            with exc:  # an HTTPError holds the connection open until closed
                detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            reason = f"HTTP {exc.code} {exc.reason}" + (f": {detail[0]}" if detail else "")
            if exc.code < 500:
                raise StoreError(f"{store}: the store refused graph <{graph}> ({reason})") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = str(getattr(exc, "reason", exc)) or type(exc).__name__
        if attempt > retries:
            raise StoreError(
                f"{store}: graph <{graph}> not published after {attempt} attempts ({reason}); "
                "graphs already sent were replaced whole, the others are as they were"
            )
        sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")
