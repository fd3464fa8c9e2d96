"""What changed between two releases: events, organisations and places added, removed and
changed, matched by IRI (the identifier policy keeps an untouched row's IRI whatever else is
edited, so a moved section or retyped whitespace changes nothing here).

Two refinements keep edits elsewhere from showing as changes:
- where a row's text came from (prov:wasDerivedFrom → the source row, named by file and
  lines) is not compared: a section moved, or the file renamed, moves every row after it;
- an event's IRI carries its date, so a corrected date gives a new IRI: a removed event and
  an added one with the same name in the same report (one of each) are one event changed,
  reported under its old IRI;
- an organisation's or place's IRI may carry its name, so a renamed one gets a new IRI: a
  removed resource is changed into the one resource that took its place in every statement
  that named it (the same event, the same property), reported under its old IRI. If that
  one is new, it was renamed; if the previous release had it too, the two were merged.

A release is its folder (its dataset.trig is read) or one RDF file of it. Statements are
compared as N-Triples terms over the union of the release's graphs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .vocab import CATEGORIES, RM, SCHEMA

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NOT_COMPARED = {"http://www.w3.org/ns/prov#wasDerivedFrom"}
# what pairs a removed event with an added one: the same name in the same report
SAME_EVENT = (str(SCHEMA.name), str(RM.report))
# the sections of a diff, by the category vocab.py gives a resource's class
SECTIONS = {"event": "events", "org": "organisations", "place": "places"}
CATEGORY = {str(iri): category for iri, category in CATEGORIES}
FORMATS = {".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
FORMATS |= {".nq": ox.RdfFormat.N_QUADS}

Description = dict[str, set[str]]  # predicate IRI → its objects as N-Triples terms
Identity = tuple[frozenset[str], ...]  # a resource's values of SAME_EVENT


@dataclass(frozen=True)
class Change:
    iri: str
    properties: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # property, old, new
    new_iri: str | None = None  # the IRI it has now, where that is another (a re-dated event)


@dataclass(frozen=True)
class KindChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[Change, ...]


def load(path: Path) -> dict[str, dict[str, Description]]:
    """A release's events, organisations and places: kind → IRI → its description."""
    file = path / "dataset.trig" if path.is_dir() else path
    fmt = FORMATS.get(file.suffix)
    if fmt is None:
        raise InputError(file.name, None, "not a release (a folder, .trig, .ttl, .nt or .nq)")
    described: dict[str, Description] = defaultdict(lambda: defaultdict(set))
    try:
        with file.open("rb") as stream:
            for quad in ox.parse(stream, fmt):
                predicate = quad.predicate.value
                if isinstance(quad.subject, ox.NamedNode) and predicate not in NOT_COMPARED:
                    described[quad.subject.value][predicate].add(str(quad.object))
    except SyntaxError as exc:
        raise InputError(str(file), None, f"not readable as RDF ({exc})") from None
    return _by_kind(described)


def _by_kind(described: dict[str, Description]) -> dict[str, dict[str, Description]]:
    kinds: dict[str, dict[str, Description]] = {kind: {} for kind in SECTIONS.values()}
    for iri, description in described.items():
        categories = {CATEGORY.get(t[1:-1]) for t in description.get(RDF_TYPE, ())}
        kind = next((k for c, k in SECTIONS.items() if c in categories), None)
        if kind is not None:
            kinds[kind][iri] = description
    return kinds


def compare(old: dict[str, Description], new: dict[str, Description], pair: Pairing) -> KindChanges:
    """Changes from old to new resources of one kind; pair tells which removed resources
    live on under another IRI (old → new), each a change under its old IRI."""
    removed, added = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    pairs = pair(old, removed, new, added)
    changed = [
        Change(iri, properties, now if now != iri else None)
        for iri, now in sorted([(i, i) for i in old.keys() & new.keys()] + list(pairs.items()))
        if (properties := _changed_properties(old[iri], new[now])) or now != iri
    ]
    return KindChanges(
        added=tuple(i for i in added if i not in pairs.values()),
        removed=tuple(i for i in removed if i not in pairs),
        changed=tuple(changed),
    )


def _changed_properties(
    old: Description, new: Description
) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    return tuple(
        (p, tuple(sorted(old.get(p, ()))), tuple(sorted(new.get(p, ()))))
        for p in sorted(old.keys() | new.keys())
        if old.get(p, set()) != new.get(p, set())
    )


def _events_pairs(
    old: dict[str, Description], removed: list[str], new: dict[str, Description], added: list[str]
) -> dict[str, str]:
    """Old IRI → new IRI of the removed and added resources that are one by SAME_EVENT, where
    exactly one of each has that identity."""

    def by_identity(found: dict[str, Description], iris: list[str]) -> dict[Identity, list[str]]:
        grouped: dict[Identity, list[str]] = defaultdict(list)
        for iri in iris:
            grouped[tuple(frozenset(found[iri].get(p, ())) for p in SAME_EVENT)].append(iri)
        return grouped

    before, after = by_identity(old, removed), by_identity(new, added)
    return {
        was[0]: after[key][0]
        for key, was in before.items()
        if len(was) == 1 and len(after.get(key, ())) == 1 and all(key)
    }


def diff(old: Path, new: Path) -> dict[str, KindChanges]:
    return compare_releases(load(old), load(new))


def compare_releases(
    before: dict[str, dict[str, Description]], after: dict[str, dict[str, Description]]
) -> dict[str, KindChanges]:
    """The changes of each kind from one loaded release to the next: events first, as the
    statements that name an organisation or place are mostly events'."""
    events = compare(before["events"], after["events"], _events_pairs)
    moved = {c.iri: c.new_iri for c in events.changed if c.new_iri is not None}
    everything_before = {i: d for kind in before.values() for i, d in kind.items()}
    everything_after = {i: d for kind in after.values() for i, d in kind.items()}

    successors = partial(_successors, everything_before, everything_after, moved)
    changes = {"events": events}
    for kind in ("organisations", "places"):
        changes[kind] = compare(before[kind], after[kind], successors)
    return changes


Pairing = Callable[
    [dict[str, Description], list[str], dict[str, Description], list[str]], dict[str, str]
]


def _successors(
    before: dict[str, Description],
    after: dict[str, Description],
    moved: dict[str, str],
    kind_before: dict[str, Description],
    removed: list[str],
    kind_after: dict[str, Description],
    added: list[str],
) -> dict[str, str]:
    """Old IRI → new IRI of each removed resource that one resource of its kind replaced in
    every statement that named it (subjects followed to their new IRIs by moved)."""
    naming = _statements_naming(before, set(removed))
    found = {}
    for iri in removed:
        candidates: set[str] | None = None
        for subject, prop in naming.get(iri, ()):
            if moved.get(subject, subject) not in after:
                continue  # withdrawn: it tells nothing of what took the resource's place
            then = {v[1:-1] for v in before[subject].get(prop, ()) if v.startswith("<")}
            now = after.get(moved.get(subject, subject), {}).get(prop, set())
            instead = {v[1:-1] for v in now if v.startswith("<")} - then
            candidates = instead if candidates is None else candidates & instead
        if candidates is not None and len(candidates & kind_after.keys()) == 1:
            (found[iri],) = candidates & kind_after.keys()
    return found


def _statements_naming(
    described: dict[str, Description], targets: set[str]
) -> dict[str, set[tuple[str, str]]]:
    """Each target IRI → the (subject, property) of the statements whose object it is."""
    naming: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for subject, description in described.items():
        for prop, values in description.items():
            for value in values:
                if value[1:-1] in targets and value.startswith("<"):
                    naming[value[1:-1]].add((subject, prop))
    return naming


def as_json(changes: dict[str, KindChanges]) -> str:
    return json.dumps(as_dict(changes), ensure_ascii=False, indent=2)


def as_dict(changes: dict[str, KindChanges]) -> dict[str, object]:
    """The changes as the JSON of `diff --format json` holds them."""
    return {
        kind: {
            "added": list(c.added),
            "removed": list(c.removed),
            "changed": [
                {
                    "iri": change.iri,
                    "properties": [
                        {"property": p, "old": list(o), "new": list(n)}
                        for p, o, n in change.properties
                    ],
                }
                for change in c.changed
            ],
        }
        for kind, c in changes.items()
    }


def as_text(changes: dict[str, KindChanges], markdown: bool = False) -> str:
    lines = []
    for kind, c in changes.items():
        counts = f"{len(c.added)} added, {len(c.removed)} removed, {len(c.changed)} changed"
        lines.append(f"## {kind}: {counts}" if markdown else f"{kind}: {counts}")
        lines += [f"- added `{iri}`" if markdown else f"  + {iri}" for iri in c.added]
        lines += [f"- removed `{iri}`" if markdown else f"  - {iri}" for iri in c.removed]
        for change in c.changed:
            now = f" → `{change.new_iri}`" if markdown else f" → {change.new_iri}"
            iri = (f"`{change.iri}`" if markdown else change.iri) + (now if change.new_iri else "")
            lines.append(f"- changed {iri}" if markdown else f"  ~ {iri}")
            for p, o, n in change.properties:
                was, now = ", ".join(o) or "—", ", ".join(n) or "—"
                lines.append(
                    f"  - `{p}`: {was} → {now}" if markdown else f"      {p}: {was} → {now}"
                )
    return "\n".join(lines)
