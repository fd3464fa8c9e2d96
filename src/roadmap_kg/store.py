"""Loading a release into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

Each report's named graph is sent in one PUT to `STORE?graph=<report IRI>`, which replaces that
graph whole in one request: a store never holds half a report, and publishing twice leaves it
as it was. Connection errors, timeouts, broken answers, 5xx, 408 and 429 answers are retried
with exponential back-off; any other answer stops with a clear error. Credentials come from the
store URL's user:password@, the environment or ~/.netrc; they are sent as HTTP Basic
authentication and never printed: messages name the store without its user information.
"""

from __future__ import annotations

import base64
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pyoxigraph as ox

from .errors import RoadmapError
from .query import USER_AGENT, endpoint_credentials


class StoreError(RoadmapError):
    """The store cannot be reached or refused the data."""


# answers worth another try: the store is busy or restarting, or a proxy timed out
RETRIED_STATUS = frozenset({408, 429})


def split_userinfo(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without `user:password@` (the form that may be printed) and the credentials
    it held, percent-decoded (None if it held none). Everything between '://' and the last
    '@' is taken for user information, so that a password with an unencoded '/', '?' or '#'
    is never printed either (a store URL has no '@' of its own)."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, rest = rest.rpartition("@")
    if not sep or not at:
        return url, None
    user, _, password = userinfo.partition(":")
    public = f"{scheme}://{rest}"
    return public, (unquote(user), unquote(password)) if user or password else None


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
    public, credentials = split_userinfo(store)
    parts = urlsplit(public)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{public}: not an http(s) URL of a Graph Store endpoint")
    try:
        parts.port  # noqa: B018 - a port that is no number (or too large) raises here
    except ValueError as exc:
        raise StoreError(f"{public}: not a usable store URL ({exc})") from None
    credentials = credentials or endpoint_credentials(public)
    headers = {"Content-Type": "application/n-triples", "User-Agent": USER_AGENT}
    if credentials:
        token = base64.b64encode(":".join(credentials).encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    # what a store that echoes the request back may show in its answer: masked there
    secrets = [*credentials, token, quote(credentials[1], safe="")] if credentials else []
    published = []
    for graph, body, count in release_graphs(folder):
        attempts = _put(public, headers, secrets, graph, body, timeout, retries, backoff, sleep)
        published.append(Published(graph, count, attempts))
    return published


def _redact(text: str, secrets: list[str]) -> str:
    """The store's own words without the credentials, should it echo them back."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _put(
    store: str,
    headers: dict[str, str],
    secrets: list[str],
    graph: str,
    body: bytes,
    timeout: float,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> int:
    separator = "&" if "?" in store else "?"
    url = f"{store}{separator}graph={quote(graph, safe='')}"
    for attempt in range(1, retries + 2):
        request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                answer.read()
            return attempt
        except urllib.error.HTTPError as exc:
            try:
                with exc:  # an HTTPError holds the connection open until closed
                    detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            except (OSError, http.client.HTTPException):  # the answer's body was cut short
                detail = []
            said = f"{exc.reason}" + (f": {detail[0]}" if detail else "")
            reason = f"HTTP {exc.code} {_redact(said, secrets)}"
            if exc.code < 500 and exc.code not in RETRIED_STATUS:
                raise StoreError(f"{store}: the store refused graph <{graph}> ({reason})") from None
        except (OSError, http.client.HTTPException) as exc:
            # refused or dropped connections, timeouts, answers cut short or not HTTP
            reason = str(getattr(exc, "reason", exc)) or type(exc).__name__
        except ValueError as exc:  # a URL urllib cannot use, e.g. a port that is no number
            raise StoreError(f"{store}: not a usable store URL ({exc})") from None
        if attempt > retries:
            raise StoreError(
                f"{store}: graph <{graph}> not published after {attempt} attempts ({reason}); "
                "the graphs before it were replaced whole, it is the old or the new graph "
                "(never half of one), the others are as they were"
            )
        sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")
