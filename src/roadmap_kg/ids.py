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
from functools import lru_cache
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
_TRANSLIT_TABLE = str.maketrans(_TRANSLIT)
_NON_SLUG = re.compile(r"[^a-z0-9]+")

MAX_SLUG = 64


def slug(text: str, limit: int | None = None) -> str:
    """Lower-case Latin slug of Russian (or any) text: 'Смоленская область' → 'smolenskaya-oblast'.

    With a limit, long slugs are cut at a word boundary and get a short hash of the whole
    slug, so two long names that share a beginning still differ. Text with nothing a slug keeps
    ('Ακρόπολη', '«…»') gets a short hash of itself: an empty slug would make a key the IRI of
    its container.
    """
    latin = text.lower().translate(_TRANSLIT_TABLE)
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


UNKNOWN_SIDE = "unknown"  # the last segment of a report whose reporting region nothing tells


def report_key(report: Report) -> str:
    side = (report.reporting_region or UNKNOWN_SIDE).lower()
    return f"{roadmap_key(report.roadmap)}/{report.year}/{side}"


def plan_item_key(roadmap: Roadmap, code: str) -> str:
    return f"{roadmap_key(roadmap)}/item/{code}"


def theme_scheme_key(roadmap: Roadmap) -> str:
    return f"{roadmap_key(roadmap)}/themes"


def theme_key(roadmap: Roadmap, label: str) -> str:
    """A theme section row's concept: roadmap + the slug of its label as written."""
    return f"{roadmap_key(roadmap)}/theme/{slug(label, MAX_SLUG)}"


def event_keys(report: Report) -> dict[Event, str]:
    """Keys of a report's events by event (see event_key_list)."""
    return dict(zip(report.events, event_key_list(report), strict=True))


def event_key_list(report: Report) -> list[str]:
    """Keys of a report's events, in the order of report.events: report / start date - name
    slug.

    Two events of one report with the same start and name (a real collision) are told apart
    by a hash of their remaining content; if even that is equal, by a running number in the
    order of that content, so the result never depends on row order.
    """
    prefix = report_key(report)
    events = report.events
    keys = [f"{prefix}/{e.date.start.isoformat()}-{slug(e.name, MAX_SLUG)}" for e in events]
    by_key: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        by_key.setdefault(key, []).append(index)
    for key, indices in by_key.items():
        if len(indices) == 1:
            continue
        fingerprints = {i: _content_fingerprint(events[i]) for i in indices}
        ordered = sorted(indices, key=fingerprints.__getitem__)  # stable: row order on ties
        for index in ordered:
            keys[index] = f"{key}-{fingerprints[index][:6]}"
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


def _number_duplicates(keys: list[str], ordered: Iterable[int]) -> None:
    seen: dict[str, int] = {}
    for index in ordered:
        key = keys[index]
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            keys[index] = f"{key}-{seen[key]}"


def source_key(file: str, first: int, last: int, unit: str = "line") -> str:
    mark = "L" if unit == "line" else "R"
    return f"{iri_segment(file)}/{mark}{first}-{last}"


# what an IRI path segment holds as it is (RFC 3987 ipchar, less pct-encoded): in ASCII
_SEGMENT_ASCII = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@]")


@lru_cache(maxsize=4096)  # a report's file name, once per report rather than per row
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
