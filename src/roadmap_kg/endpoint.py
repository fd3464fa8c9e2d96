"""Where a SPARQL or Graph Store endpoint is and who may use it: its URL without the user
information that may be printed, and the credentials to send (from the URL, the environment
or ~/.netrc). Used by query (SPARQL), store (Graph Store) and remote (HTTP), which need the
same answers and must never print a password."""

from __future__ import annotations

import netrc
import os
from urllib.parse import unquote, urlparse


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


def endpoint_credentials(url: str) -> tuple[str, str] | None:
    """Credentials for an endpoint whose URL holds none: ROADMAP_KG_USER and
    ROADMAP_KG_PASSWORD, else the ~/.netrc entry of its host."""
    user, password = os.environ.get("ROADMAP_KG_USER"), os.environ.get("ROADMAP_KG_PASSWORD")
    if user and password:
        return user, password
    host = urlparse(url).hostname
    try:
        entry = netrc.netrc().authenticators(host) if host else None
    except (OSError, netrc.NetrcParseError):  # none, unreadable (a folder, no rights), bad
        return None
    if entry and entry[0] and entry[2]:
        return entry[0], entry[2]
    return None
