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
compared as N-Triples terms over the union of the release's graphs. Where both releases
have their sorted N-Triples dumps (dataset.nt), only the resources whose lines differ, and
those the comparison reads besides, are read (load_differing): the same changes, for a
fraction of the time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
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
    try:
        with file.open("rb") as stream:
            return _by_kind(_described(ox.parse(stream, fmt)))
    except SyntaxError as exc:
        raise InputError(str(file), None, f"not readable as RDF ({exc})") from None


def _described(quads: Iterable[ox.Quad]) -> dict[str, Description]:
    """Each IRI subject's description, over the union of the graphs."""
    described: dict[str, Description] = defaultdict(lambda: defaultdict(set))
    for quad in quads:
        predicate = quad.predicate.value
        if isinstance(quad.subject, ox.NamedNode) and predicate not in NOT_COMPARED:
            described[quad.subject.value][predicate].add(str(quad.object))
    return described


Loaded = dict[str, dict[str, Description]]  # what load() gives


def load_differing(old: Path, new: Path) -> tuple[Loaded, Loaded] | None:
    """Two releases as load() gives them, less resources described alike in both that a
    comparison of the two does not read: read from their N-Triples dumps (a release's
    dataset.nt: sorted distinct lines), whose lines are walked side by side to find the
    subjects whose lines differ. compare_releases gives the same changes of these as of the
    whole releases, and _old_names the same names (tests/test_diff.py compares them), for a
    fraction of the time: 2.4 s against 9.3 s for two releases of 50,000 events. None when
    a dump is not sorted (not written so, the whole releases are to be read)."""
    touched = _touched(old, new)
    if touched is None:
        return None
    try:
        return _differing(old, new, touched)
    except SyntaxError:  # a dump that is no N-Triples: the releases are to be read whole
        return None


def _differing(old: Path, new: Path, touched: set[bytes]) -> tuple[Loaded, Loaded]:
    before, after = _parsed(_scan(old, touched)[0]), _parsed(_scan(new, touched)[0])
    # What else the comparison reads is described alike in both (its lines do not differ):
    # what named a resource removed from its kind, in the old release (what took its place
    # is found by what named it: _successors); and what any resource read names (a
    # successor; an old value, by its name).
    gone = {
        _token(iri)
        for iri, description in before.items()
        if _kind(description) not in (None, _kind(after.get(iri, {})))
    }
    if gone:
        naming = _scan(old, set(), gone)[1] - touched
        _add_alike(before, after, _parsed(_scan(new, naming)[0]))
    named = {
        value.encode()
        for described in (before, after)
        for description in described.values()
        for values in description.values()
        for value in values
        if value.startswith("<")
    }
    alike = named - touched - {_token(iri) for iri in before.keys() | after.keys()}
    if alike:
        _add_alike(before, after, _parsed(_scan(new, alike)[0]))
    return _by_kind(before), _by_kind(after)


def _token(iri: str) -> bytes:
    return f"<{iri}>".encode()


def _add_alike(
    before: dict[str, Description], after: dict[str, Description], found: dict[str, Description]
) -> None:
    before.update(found)
    after.update(found)


def _touched(old: Path, new: Path) -> set[bytes] | None:
    """The subjects (as N-Triples writes them) of the lines one dump has and the other has
    not, found by walking both in their order; None if either is not sorted."""
    touched: set[bytes] = set()
    with old.open("rb") as a, new.open("rb") as b:
        x, y, last_x, last_y = a.readline(), b.readline(), b"", b""
        while x or y:
            if x and y and x == y:
                last_x, x, last_y, y = x, a.readline(), y, b.readline()
            elif x and (not y or x < y):
                touched.add(x[: x.find(b" ")])
                last_x, x = x, a.readline()
            else:
                touched.add(y[: y.find(b" ")])
                last_y, y = y, b.readline()
            if (x and x < last_x) or (y and y < last_y):
                return None
    return touched


def _scan(
    dump: Path, subjects: set[bytes], objects: frozenset[bytes] | set[bytes] = frozenset()
) -> tuple[list[bytes], set[bytes]]:
    """The lines of a dump whose subject is one of subjects; and the subjects of the lines
    whose object is an IRI of objects."""
    lines, naming = [], set()
    with dump.open("rb") as stream:
        for line in stream:
            if line[: line.find(b" ")] in subjects:
                lines.append(line)
            # an IRI object is the last term; in a literal's line, what follows its last " <"
            # holds a quote, which no IRI does
            if (
                objects
                and line.endswith(b"> .\n")
                and line[line.rfind(b" <", 0, -4) + 1 : -3] in objects
            ):
                naming.add(line[: line.find(b" ")])
    return lines, naming


def _parsed(lines: list[bytes]) -> dict[str, Description]:
    return _described(ox.parse(b"".join(lines), ox.RdfFormat.N_TRIPLES))


def _by_kind(described: dict[str, Description]) -> dict[str, dict[str, Description]]:
    kinds: dict[str, dict[str, Description]] = {kind: {} for kind in SECTIONS.values()}
    for iri, description in described.items():
        kind = _kind(description)
        if kind is not None:
            kinds[kind][iri] = description
    return kinds


def _kind(description: Description) -> str | None:
    """The section of a diff a resource is in, by its classes; None: in none."""
    categories = {CATEGORY.get(t[1:-1]) for t in description.get(RDF_TYPE, ())}
    return next((k for c, k in SECTIONS.items() if c in categories), None)


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
    return compare_releases(*load_both(old, new))


def load_both(old: Path, new: Path) -> tuple[Loaded, Loaded]:
    """Two releases to compare, as compare_releases and _old_names read them: from their
    N-Triples dumps (load_differing) where both are release folders or their dataset.trig
    files, and the dumps beside them are sorted; else each read whole (load)."""
    dumps = _dump(old), _dump(new)
    if dumps[0] is not None and dumps[1] is not None:
        found = load_differing(dumps[0], dumps[1])
        if found is not None:
            return found
    return load(old), load(new)


def _dump(release: Path) -> Path | None:
    """A release's dataset.nt, written with its dataset.trig, if there is one."""
    folder = release if release.is_dir() else release.parent
    if release.is_dir() or release.name == "dataset.trig":
        dump = folder / "dataset.nt"
        if dump.is_file():
            return dump
    return None


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
