"""IRI minting, in one place.

Identifier policy (see README): IRIs are readable paths built from what a thing *is*, never
from where its row stands. An organisation's key is frozen in the authority file; a place's
key comes from its ISO code and transliterated name; an event's key from its report, its
start date and its name. The transliteration table is the one in tools/make_reference.py.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote_from_bytes

from .model import Event, Report, Roadmap

DEFAULT_BASE = "https://w3id.org/roadmap-kg/id/"
ONTOLOGY = "https://w3id.org/roadmap-kg/ontology#"
KIND_NS = "https://w3id.org/roadmap-kg/ontology/kind/"
PRECISION_NS = "https://w3id.org/roadmap-kg/ontology/precision/"

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)
_TRANSLIT["ъ"] = _TRANSLIT["ь"] = ""
_NON_SLUG = re.compile(r"[^a-z0-9]+")

MAX_SLUG = 64


def slug(text: str, limit: int | None = None) -> str:
    """Lower-case Latin slug of Russian (or any) text: 'Смоленская область' → 'smolenskaya-oblast'.

    With a limit, long slugs are cut at a word boundary and get a short hash of the whole
    slug, so two long names that share a beginning still differ. Text with nothing a slug keeps
    ('Ακρόπολη', '«…»') gets a short hash of itself: an empty slug would make a key the IRI of
    its container.
    """
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    result = _NON_SLUG.sub("-", latin).strip("-")
    if not result and text.strip():
        return hashlib.sha1(text.strip().encode()).hexdigest()[:10]
    if limit and len(result) > limit:
        digest = hashlib.sha1(result.encode()).hexdigest()[:6]
        cut = result[: limit - 7]
        cut = cut.rsplit("-", 1)[0] if "-" in cut else cut
        result = f"{cut}-{digest}"
    return result


def roadmap_key(roadmap: Roadmap) -> str:
    a, b = roadmap.parties
    return f"{a.lower()}_{b.lower()}_{roadmap.start_year}-{roadmap.end_year}"


def report_key(report: Report) -> str:
    return f"{roadmap_key(report.roadmap)}/{report.year}/{report.reporting_region.lower()}"


def plan_item_key(roadmap: Roadmap, code: str) -> str:
    return f"{roadmap_key(roadmap)}/item/{code}"


def event_keys(report: Report) -> dict[Event, str]:
    """Keys of a report's events: report / start date - name slug.

    Two events of one report with the same start and name (a real collision) are told apart
    by a hash of their remaining content; if even that is equal, by a running number in the
    order of that content, so the result never depends on row order.
    """
    prefix = report_key(report)
    base = {
        e: f"{prefix}/{e.date.start.isoformat()}-{slug(e.name, MAX_SLUG)}" for e in report.events
    }
    by_key: dict[str, list[Event]] = {}
    for event, key in base.items():
        by_key.setdefault(key, []).append(event)
    keys: dict[Event, str] = {}
    for key, events in by_key.items():
        if len(events) == 1:
            keys[events[0]] = key
            continue
        ordered = sorted(events, key=_content_fingerprint)
        for event in ordered:
            keys[event] = f"{key}-{_content_fingerprint(event)[:6]}"
        _number_duplicates(keys, ordered)
    return keys


def _content_fingerprint(event: Event) -> str:
    content = "\x1f".join(
        [
            event.date.text,
            *event.plan_items,
            event.description,
            *event.locations,
            *event.participants,
        ]
    )
    return hashlib.sha1(content.encode()).hexdigest()


def _number_duplicates(keys: dict[Event, str], ordered: Iterable[Event]) -> None:
    seen: dict[str, int] = {}
    for event in ordered:
        key = keys[event]
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            keys[event] = f"{key}-{seen[key]}"


def source_key(file: str, first: int, last: int, unit: str = "line") -> str:
    mark = "L" if unit == "line" else "R"
    return f"{iri_segment(file)}/{mark}{first}-{last}"


# what an IRI path segment holds as it is (RFC 3987 ipchar, less pct-encoded): in ASCII
_SEGMENT_ASCII = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@]")


def iri_segment(text: str) -> str:
    """Text (a file name) as one IRI path segment: letters of any script kept; spaces, '/',
    '#', '?', '%', '<', quotes, controls and the like percent-encoded (UTF-8)."""
    return "".join(ch if _kept(ch) else _percent(ch) for ch in text)


def _kept(ch: str) -> bool:
    if ord(ch) < 128:
        return _SEGMENT_ASCII.fullmatch(ch) is not None
    return unicodedata.category(ch)[0] not in "CZ"  # no controls, unassigned, spaces


def _percent(ch: str) -> str:
    return quote_from_bytes(ch.encode("utf-8", "surrogateescape"), safe="")
