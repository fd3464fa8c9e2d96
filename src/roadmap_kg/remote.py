"""HTTP to SPARQL endpoints and Graph Store endpoints: authentication and the store's words.

Credentials (from the URL's user:password@, ROADMAP_KG_USER / ROADMAP_KG_PASSWORD or
~/.netrc) are sent as HTTP Basic with the first request, as they always were; a server that
answers 401 with a Digest challenge (Virtuoso's `/sparql-auth`, `/sparql-graph-crud-auth`)
gets Digest from then on. They are never printed: messages name the URL without its user
information, and anything the server echoes back is masked.

A refusal is reported with the reason the server gave, taken from its body (the `<xmp>` of
Virtuoso's error pages, the text of other HTML, JSON's message, or plain text).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from html import unescape
from urllib.parse import quote, urlsplit

from . import __version__
from .endpoint import endpoint_credentials, split_userinfo
from .errors import RoadmapError

USER_AGENT = f"roadmap-kg/{__version__} (+https://w3id.org/roadmap-kg)"


class RemoteError(RoadmapError):
    """A server could not be reached, or refused a request: the message says which and why.
    `status` is the HTTP status (None: no answer); `retry` whether another try may help."""

    def __init__(self, message: str, status: int | None = None, retry: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retry = retry


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes


# Store error codes that say the store ran the request and refused it (Virtuoso's SQL states
# such as SQ110, SR171, SP030, 37000, 42000): another try gets the same answer
_STORE_CODE = re.compile(r"\b(?:[A-Z]{2}\d{3}|\d{5})\s*:|\bVirtuoso \d{5} Error\b")
# answers worth another try: the store is busy or restarting, or a proxy timed out
RETRIED_STATUS = frozenset({408, 429})
_PARAMS = re.compile(r'(\w+)=(?:"([^"]*)"|([^\s,]*))')


@dataclass
class Client:
    """Requests to one server with its credentials, Basic or Digest as it asks."""

    url: str  # printable: without user information
    credentials: tuple[str, str] | None
    timeout: float
    _digest: dict[str, str] | None = None
    _count: int = 0
    _asked: bool = False
    secrets: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, url: str, timeout: float) -> Client:
        public, given = split_userinfo(url)
        parts = urlsplit(public)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RemoteError(f"{public}: not an http(s) URL")
        try:
            parts.port  # noqa: B018 - a port that is no number (or too large) raises here
        except ValueError as exc:
            raise RemoteError(f"{public}: not a usable URL ({exc})") from None
        credentials = given or endpoint_credentials(public)
        client = cls(public, credentials, timeout)
        if credentials:
            token = base64.b64encode(":".join(credentials).encode()).decode()
            client.secrets = [*credentials, token, quote_password(credentials[1])]
        return client

    def redact(self, text: str) -> str:
        """The server's own words without the credentials, should it echo them back."""
        for secret in sorted({s for s in self.secrets if s}, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """One request (two if the server asks for Digest); any answer but 2xx raises."""
        answer = self._send(method, url, body, headers or {})
        if answer.status == 401 and self.credentials and self._digest_asked(answer, method, url):
            answer = self._send(method, url, body, headers or {})
        if answer.status >= 300:
            raise self.refusal(answer)
        return answer

    def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        authorize: bool = True,
    ) -> Answer:
        headers = {"User-Agent": USER_AGENT, **headers}
        authorization = self._authorization(method, url) if authorize else None
        if authorization:
            headers["Authorization"] = authorization
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return Answer(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as exc:
            try:
                with exc:  # an HTTPError holds the connection open until closed
                    data = exc.read(64_000)
            except (OSError, http.client.HTTPException):  # the answer's body was cut short
                data = b""
            return Answer(exc.code, exc.headers, data)
        except (OSError, http.client.HTTPException) as exc:
            # timeouts; refused or dropped connections, answers cut short or not HTTP
            reason = str(getattr(exc, "reason", exc)) or type(exc).__name__
            if isinstance(exc, TimeoutError) or "timed out" in reason:
                took = f"took longer than the timeout of {self.timeout:g} s (timed out)"
                raise RemoteError(f"{self.url}: {took}", retry=True) from None
            raise RemoteError(f"{self.url}: cannot reach it ({reason})", retry=True) from None
        except ValueError as exc:  # a URL urllib cannot use
            raise RemoteError(f"{self.url}: not a usable URL ({exc})") from None

    def refusal(self, answer: Answer) -> RemoteError:
        """The error for an answer that is not 2xx, with the server's reason."""
        status = answer.status
        said = self.redact(reason_of(answer))
        phrase = http.client.responses.get(status, "")
        text = f"HTTP {status} {phrase}" + (f": {said}" if said else "")
        if status == 401:
            if self.credentials:
                text = f"the server refused your credentials ({text})"
            else:
                text = f"the server asked for credentials you did not give ({text})"
        retry = status in RETRIED_STATUS or (
            status >= 500 and status not in (501, 505) and not _STORE_CODE.search(said)
        )
        return RemoteError(text, status, retry)

    # --- authentication -----------------------------------------------------------------

    def _authorization(self, method: str, url: str) -> str | None:
        if not self.credentials:
            return None
        if self._digest is None:
            token = base64.b64encode(":".join(self.credentials).encode()).decode()
            return f"Basic {token}"
        return self._digest_header(method, url)

    def _digest_asked(self, answer: Answer, method: str, url: str) -> bool:
        """Whether a 401 answer asks for Digest (then taken): from its challenge, or, when it
        refused our Basic without one (Virtuoso does), from the challenge a request without
        credentials gets (asked once)."""
        if self._challenge(answer):
            return True
        if self._digest is not None or self._asked:
            return False
        self._asked = True
        bare = self._send(method, url, None if method in ("GET", "HEAD") else b"", {}, False)
        return bare.status == 401 and self._challenge(bare)

    def _challenge(self, answer: Answer) -> bool:
        """Take a Digest challenge of a 401 answer; True if the request is worth redoing."""
        for header in answer.headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = header.partition(" ")
            if scheme.lower() != "digest":
                continue
            params = {k: a or b for k, a, b in _PARAMS.findall(rest)}
            fresh = self._digest is None or params.get("stale", "").lower() == "true"
            self._digest, self._count = params, 0
            return fresh
        return False

    def _digest_header(self, method: str, url: str) -> str:
        """RFC 7616 Digest (MD5 or SHA-256, qop=auth) for the challenge taken."""
        assert self._digest is not None
        assert self.credentials is not None
        challenge, (user, password) = self._digest, self.credentials
        algorithm = challenge.get("algorithm", "MD5")
        digest = hashlib.sha256 if algorithm.upper().startswith("SHA-256") else hashlib.md5

        def h(text: str) -> str:
            return digest(text.encode()).hexdigest()

        parts = urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
        self._count += 1
        nc, cnonce = f"{self._count:08x}", secrets.token_hex(8)
        ha1, ha2 = h(f"{user}:{realm}:{password}"), h(f"{method}:{uri}")
        if "auth" in challenge.get("qop", "").split(","):
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            qop = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            response, qop = h(f"{ha1}:{nonce}:{ha2}"), ""
        opaque = f', opaque="{challenge["opaque"]}"' if "opaque" in challenge else ""
        return (
            f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
            f'algorithm={algorithm}, response="{response}"{qop}{opaque}'
        )


def quote_password(password: str) -> str:
    return quote(password, safe="")


def reason_of(answer: Answer) -> str:
    """The reason a server gives in an error answer's body, on one line (at most 300
    characters): Virtuoso's `<xmp>`, an HTML page's text, a JSON message, or plain text."""
    text = answer.body.decode("utf-8", "replace").strip()
    if not text:
        return ""
    kind = (answer.headers.get("Content-Type") or "").lower() if answer.headers else ""
    xmp = re.search(r"<xmp>(.*?)</xmp>", text, re.DOTALL | re.IGNORECASE)
    if xmp:
        text = xmp.group(1)
    elif "json" in kind or text.startswith("{"):
        text = _json_message(text)
    elif "html" in kind or re.match(r"<(!DOCTYPE|html)", text, re.IGNORECASE):
        body = re.search(r"<body[^>]*>(.*)</body>", text, re.DOTALL | re.IGNORECASE)
        text = unescape(re.sub(r"<[^>]+>", " ", body.group(1) if body else text))
    else:
        text = text.split("\n\n", 1)[0]  # Virtuoso repeats the query after a blank line
    return " ".join(text.split())[:300]


def _json_message(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict):
        for key in ("message", "error", "detail", "reason"):
            if isinstance(data.get(key), str):
                return str(data[key])
    return text
