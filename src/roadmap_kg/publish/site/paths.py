"""Where a resource's page lies in the site, and the relative links between pages.

The base IRI maps to site/id/ when it ends with /id/ (the site root is then the base's parent,
https://w3id.org/roadmap-kg/ by default, where the ontology's IRIs live too), otherwise to
site/. Links between pages are relative, so the site reads from disk (file://) as well as
from a server."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote

SITE = "site"
# Where the ontology's own IRIs live; its pages mirror them under site/ontology/.
PROJECT_ROOT = "https://w3id.org/roadmap-kg/"
ONTOLOGY_IRI = PROJECT_ROOT + "ontology"

# The three representations of a resource, by the file beside its page.
REPRESENTATIONS = {
    "html": ("index.html", "text/html"),
    "ttl": ("index.ttl", "text/turtle"),
    "jsonld": ("index.jsonld", "application/ld+json"),
}

# The schemes a page may link to: any other (javascript:, data:, a linked dataset's own
# scheme) would run or fetch something when clicked, so its IRI is shown as text.
WEB_SCHEMES = ("http://", "https://")


def site_prefix(base: str) -> str:
    """Where the base IRI sits in the site: 'id/' when it ends with /id/, else the root."""
    return "id/" if base.endswith("/id/") else ""


def page_dir(iri: str, base: str) -> str | None:
    """The folder (relative to site/, ending with '/') that holds a resource's page, or None
    when the IRI is neither under the base nor an ontology concept. Percent-encoded
    characters are decoded, as a web server decodes the path it is asked for."""
    if iri.startswith(base) and len(iri) > len(base):
        local, prefix = iri[len(base) :], site_prefix(base)
    elif iri.startswith(ONTOLOGY_IRI + "/"):
        local, prefix = iri[len(PROJECT_ROOT) :], ""
    else:
        return None
    if "%" not in local:  # nothing to decode (most IRIs): the path is the IRI's own
        path = f"/{local}/"
        if "//" in path or "/./" in path or "/../" in path or "\\" in local or "\0" in local:
            return None  # an empty, '.' or '..' segment, or a character no path holds
        return prefix + local + "/"
    segments = [unquote(s) for s in local.split("/")]
    if any(s in ("", ".", "..") or "/" in s or "\\" in s or "\0" in s for s in segments):
        return None  # never a path outside the site
    return prefix + "/".join(segments) + "/"


def relative(here: str, target: str) -> str:
    """The relative link from the folder `here` to `target`, both relative to site/: up to
    the site's root, then down. It depends on `here` only by its depth, so what links from
    a page (a row of an events table, say) is the same on every page as deep."""
    down = target if _plain(target) else "/".join(_segments(target, False))
    return "../" * depth(here) + down


def depth(here: str) -> int:
    """How many folders down from the site's root the folder `here` is: its segments, but
    empty ones (counted from its slashes, where no two are together)."""
    if not here or "//" in here:
        return len(_segments(here, True))
    return here.count("/") + 1 - here.startswith("/") - here.endswith("/")


# A path that quoting leaves as it is (most: slugs), links to which are the path itself: a
# link is made hundreds of thousands of times, between pairs of pages too many for the cache
# of segments (quoting was a twentieth of the time of writing resource pages).
_plain = re.compile(r"[A-Za-z0-9._~/-]*").fullmatch


@lru_cache(maxsize=1 << 15)
def _segments(path: str, folder: bool) -> tuple[str, ...]:
    """A path's segments, percent-encoded (quoting the whole link is quoting each segment:
    '/' and '..' are kept as they are); a folder's without empty ones. Links are made by
    the hundred thousand, between pairs of pages too many to cache."""
    segments = [part for part in path.split("/") if part or not folder]
    return tuple(quote(segment, safe="-._~") for segment in segments)


def is_web(iri: str) -> bool:
    return iri.startswith(WEB_SCHEMES)
