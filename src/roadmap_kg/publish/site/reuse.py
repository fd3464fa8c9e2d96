"""Resource pages kept from the previous release when nothing they show has changed (issue 16).

While a resource's page and its Turtle and JSON-LD are made, every look-up of the site
graph is recorded by the resource it asks about (RecordingSiteGraph): the triples about it,
the links to it, its name, its kind, whether it has a page. A page is a function of the
answers, the code and templates, the ontology, the catalogue settings and the base IRI: so
when the build cache (`.build/pages.json`) says which resources a page asked about, and
none of them has other triples or other links to it now (a digest per resource), and the
code, ontology, settings and base are those of the previous build (`key`), the page is the
one already in the release, which is kept, neither made nor written. A look-up that is not
about one resource (a walk over the whole graph) marks the page as reading everything, and
it is always made. A kept page's files must still be there, else it is made again; the
cache is removed before a release is updated in place and written after, so an update
stopped half-way leaves no cache, and the next build makes every page.

A part page (a month's events, a part of the listing) is planned first (parts.PartPlan: all
it shows but its table, and the resources its table lists, from a walk over the graph that
no page records); only its table is made while reads are recorded. It is kept when its plan
has the shape the cache gives it (a digest) and none of what its table read has changed.
"""

from __future__ import annotations

import hashlib
import json
import sys
import weakref
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import islice, repeat
from pathlib import Path
from typing import TypeVar, cast

from ...terms import Term, is_iri
from ..files import CACHE_FOLDER, PAGES_CACHE, Found, found_in
from .graph import SiteGraph, halves
from .paths import REPRESENTATIONS, SITE

PAGES = PAGES_CACHE
FILES = tuple(name for name, _ in REPRESENTATIONS.values())  # a resource's three files
# what a page read, as kept until the build ends, sorted: a tuple is a ninth of a set's size
# (a build with pages keeps one per page, in the build's process); sorted by the process that
# made the page, so that the record of every page (manifest) only looks their numbers up
Kept = tuple[str, ...] | None
_T = TypeVar("_T")
# A resource read for its links (what refers to it) is recorded with this mark before its
# IRI, apart from the resource read for its own triples: the many pages that show a kind's
# name need not be made again when an event of that kind is added.
INCOMING = " "
# What making a part many pages show read (the terms read for their own triples, and those
# read for the links to them), kept beside the part: None when it read everything.
PartReads = tuple[tuple[object, ...], tuple[object, ...]] | None


@dataclass(slots=True)
class Reads:
    """The resources asked about while a page (or a part of pages) is made, as the terms
    asked with: a page asks about the same few resources dozens of times (its events'
    places, bodies and kinds), so the set of terms stays as small as the page's text form
    (made once, at Recorder.stop), and a read is one set look-up."""

    own: set[object] = field(default_factory=set)  # read for their triples, name, kind, page
    incoming: set[object] = field(default_factory=set)  # read for the links to them
    everything: bool = False  # a walk over the whole graph: the page is always made

    def kept(self) -> PartReads:
        """The reads of a part kept to be replayed (tuples: smaller than sets)."""
        return None if self.everything else (tuple(self.own), tuple(self.incoming))

    def text(self) -> Kept:
        """The reads as kept: one string per resource (INCOMING before the IRI of one read
        for its links), the same string object for every page that read it (95 MB less at
        15,000 events), sorted; None after a walk over the whole graph. Sorted here, as the
        page is made (most pages in the page children): sorting each page's reads in the
        build's serial end was 0.2 s of manifest()'s 0.5 s at 15,000 events."""
        if self.everything:
            return None
        intern = sys.intern
        try:  # the terms asked with are IRIs, plain str: interned as they are
            keys = set(map(intern, self.own))  # type: ignore[arg-type]
            keys.update([intern(INCOMING + key) for key in self.incoming])  # type: ignore[operator]
        except TypeError:  # a literal, or an IRI as rdflib's term: by its text
            keys = {intern(str(key)) for key in self.own}
            keys.update(intern(INCOMING + str(key)) for key in self.incoming)
        return tuple(sorted(keys))

    def clear(self) -> None:
        self.own.clear()
        self.incoming.clear()
        self.everything = False


def _not_recorded(key: object) -> None:
    """A read while no page is being made."""


class Recorder:
    """The resources asked about while one page is made. `read` and `read_incoming` are the
    `add` of the sets of the reads being recorded (a call in C: a page reads some sixty
    times), or _not_recorded while off; the site graphs bound to the recorder (bind) are
    given them as they change, and call them at once."""

    def __init__(self) -> None:
        self.reads = Reads()
        self.on = False
        self.read: Callable[[object], None] = _not_recorded
        self.read_incoming: Callable[[object], None] = _not_recorded
        # weakly: the site graph holds its recorder, and a cycle would keep both alive to
        # the build's end (the cycle collector rests during a build), where the site graph
        # is let go once its pages are written
        self._sites: list[weakref.ref[SiteGraph]] = []

    def bind(self, site: SiteGraph) -> None:
        """Have the site graph tell this recorder what its look-ups read."""
        self._sites.append(weakref.ref(site))
        site._read_all = self.read_all
        self._tell(site)

    def _tell(self, site: SiteGraph) -> None:
        site._read, site._read_incoming = self.read, self.read_incoming

    def _record(self, reads: Reads, on: bool) -> None:
        self.reads, self.on = reads, on
        self.read = reads.own.add if on else _not_recorded
        self.read_incoming = reads.incoming.add if on else _not_recorded
        for ref in self._sites:
            if (site := ref()) is not None:
                self._tell(site)

    def read_all(self) -> None:
        if self.on:
            self.reads.everything = True

    def start(self) -> None:
        self._record(Reads(), True)

    def apart(self, make: Callable[[], _T]) -> tuple[_T, PartReads]:
        """What make() gives, and what it read (recorded apart, as if a page of its own)."""
        outer, was_on, inner = self.reads, self.on, Reads()
        self._record(inner, True)
        try:
            value = make()
        finally:
            self._record(outer, was_on)
        return value, inner.kept()

    def replay(self, part: PartReads) -> None:
        """Record these reads again (a part made once, shown on one more page)."""
        if not self.on:
            return
        if part is None:
            self.reads.everything = True
        else:
            self.reads.own.update(part[0])
            self.reads.incoming.update(part[1])

    def stop(self) -> Kept:
        self._record(self.reads, False)
        return self.reads.text()

    def next_page(self) -> Kept:
        """What the page just made read, as stop() gives it, and the next page's reads
        recorded from now on: into the same sets, emptied, which the site graphs are given
        already (a page's start() and stop() told each of them anew)."""
        text = self.reads.text()
        self.reads.clear()
        return text


@dataclass
class RecordingSiteGraph(SiteGraph):
    """The site graph, recording what each page asks about (between start() and stop()):
    its look-ups tell the recorder (SiteGraph._read), and a part many pages show records
    what making it read on each of them (remembered)."""

    recorder: Recorder = field(default_factory=Recorder)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.recorder.bind(self)

    def __setstate__(self, state: dict[str, object]) -> None:
        """Handed to a process writing pages: a recorder of its own."""
        super().__setstate__(state)
        self.recorder.bind(self)

    def remembered(self, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """As the site graph's, and every page that shows the part records what making it
        read."""
        found = cast("tuple[_T, PartReads] | None", self.memo.get(key))
        if found is None:
            found = self.recorder.apart(make)
            self.memo[key] = found
        self.recorder.replay(found[1])
        return found[0]

    def fingerprint(self, read: str) -> str:
        """A digest of what the graph holds about a resource: its triples, or (read with the
        INCOMING mark) the links to it."""
        if read.startswith(INCOMING):
            return _links_digest(halves(self._inc.get(read[len(INCOMING) :], ())))
        return _pairs_digest(halves(self._out.get(read, ())))

    def digests(self, known: Container[str]) -> Iterator[tuple[str, str]]:
        """The digest of every resource the graph holds something about, and of the links
        to every resource something links to, each with the read it answers (as
        fingerprint() gives them); but those of the reads `known`."""
        for read, pairs in self._out.items():
            if read not in known:
                yield read, _pairs_digest(halves(pairs))
        for term, links in self._inc.items():
            if (read := INCOMING + term) not in known:
                yield read, _links_digest(halves(links))


def _pairs_digest(pairs: Iterable[tuple[str, Term]]) -> str:
    """The digest of a resource's triples as (predicate, object) pairs, the predicates
    sorted."""
    # an IRI, most objects, written here as _term_text writes it: a call less per triple
    # (a third less time to make the text, measured on 1.2 million triples)
    text = "\n".join(
        [f"{p} I:{o}" if o.__class__ is str else f"{p} {_term_text(o)}" for p, o in pairs]
    )
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _links_digest(pairs: Iterable[tuple[str, str]]) -> str:
    """The digest of the links to a resource (their subjects and predicates)."""
    text = "\n".join([f"{s} {p}" for s, p in pairs])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


# the digest of a resource the graph holds nothing about (no triples, or no links to it):
# digest_all leaves it out, manifest() gives it (a page reads some such resources: a tenth
# of the manifest's time at 15,000 events went to making their terms to find nothing)
NOTHING = _pairs_digest(())


def _term_text(term: Term) -> str:
    """A term as the digests read it, each kind told apart and a literal's end given by its
    length (rdflib's n3() was a third of the time of a rebuild's look at what changed)."""
    if is_iri(term):
        return f"I:{term}"
    return f"L{len(term.value)}:{term.value}@{term.lang or ''}^^{term.datatype or ''}"


# The record of the pages (PAGES): JSON, then a line with the BLAKE2b digest of it (last, so
# that the record is written as it is made):
# {"key", "resources": [[read, digest], …], "unread": n, "pages": [[subject, "0 5 17"], …],
# "parts": [[path, shape, "3 5"], …]}. What a page read is the numbers of the resources in
# one string: JSON reads 8,700 strings in 7 ms where it read 200,000 numbers in 18 ms (3,000
# events), and a kept page's string is written back as it was read: a rebuild numbers the
# resources as the previous build did, those no page read before added at the end. Those no
# page reads any more stay numbered, `unread` counting at most how many; past a quarter of
# the resources they are dropped and every resource numbered anew.
UNREAD_SHARE = 4


def _check(body: bytes) -> bytes:
    """The last line of the record: any damage to the rest makes the record unused."""
    return hashlib.blake2b(body, digest_size=16).hexdigest().encode("ascii")


# items of a list of the record encoded at a time: the record is 67 MB at 50,000 events, made
# at the build's end, and its text whole (twice: as text, then as bytes) was the peak of a
# build by one process
_SLICE = 4096


def _json_pieces(document: Mapping[str, object]) -> Iterator[bytes]:
    """json.dumps(document, separators=(",", ":")), encoded, in pieces: its lists, and its
    iterators as the lists they give, _SLICE items at a time."""
    opening = "{"
    for key, value in document.items():
        yield f"{opening}{_dumps(key)}:".encode("ascii")
        opening = ","
        if not isinstance(value, list | Iterator):
            yield _dumps(value).encode("ascii")
            continue
        items, before = iter(value), "["
        while batch := list(islice(items, _SLICE)):
            yield (before + _dumps(batch)[1:-1]).encode("ascii")
            before = ","
        yield b"[]" if before == "[" else b"]"
    yield b"}"


_dumps = partial(json.dumps, separators=(",", ":"))  # ASCII: what is not is escaped


@dataclass
class PageCache:
    """The resource pages of the previous release (what each asked about), and this build's;
    the part pages (a month's, a listing part: parts.PartPlan) too."""

    key: str  # the code, templates, ontology, settings and base the pages were made with
    release: Path  # the previous release, where kept pages stay
    fingerprints: dict[str, str] = field(default_factory=dict)  # resource → digest
    order: list[str] = field(default_factory=list)  # the resources, by their number
    reads: dict[str, str] = field(default_factory=dict)  # subject → the numbers it read
    # path under site/ → the shape of its plan and the numbers its table read
    parts: dict[str, tuple[str, str]] = field(default_factory=dict)
    unread: int = 0  # at least as many resources as no page read any more
    found: bool = False
    kept: list[str] = field(default_factory=list)  # files of kept pages, in release
    kept_reads: dict[str, str] = field(default_factory=dict)  # of kept pages, as in reads
    kept_parts: dict[str, tuple[str, str]] = field(default_factory=dict)  # as in parts
    made: dict[str, Kept] = field(default_factory=dict)  # subject → what its page read
    parts_made: dict[str, tuple[str, Kept]] = field(default_factory=dict)  # path → shape, read
    now: dict[str, str] = field(default_factory=dict)  # this build's digests
    digested: bool = False  # now holds every resource the graph holds something about
    site: RecordingSiteGraph | None = None  # this build's site graph
    listed: Found | None = None  # what the previous release held, when pages were kept
    changed: set[str] = field(default_factory=set)  # numbers of resources that changed
    there: set[str] = field(default_factory=set)  # the files of listed

    @classmethod
    def load(cls, release: Path, key: str) -> PageCache:
        """The cache of the pages of the release in `release`, if made with key."""
        release = release.resolve()  # as the staged release names it
        empty = cls(key, release)
        try:
            body, _, check = (release / CACHE_FOLDER / PAGES).read_bytes().rpartition(b"\n")
            if check != _check(body):
                return empty
            document = json.loads(body)
            if not isinstance(document, dict) or document.get("key") != key:
                return empty
            order = [str(iri) for iri, _ in document["resources"]]
            fingerprints = {str(iri): str(digest) for iri, digest in document["resources"]}
            reads = {str(s): str(read) for s, read in document["pages"]}
            parts = {str(p): (str(shape), str(read)) for p, shape, read in document["parts"]}
            unread = int(document["unread"])
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return empty
        return cls(key, release, fingerprints, order, reads, parts, unread, found=True)

    def read_by(self, numbers: str) -> list[str]:
        """The resources of these numbers (what a page of the previous release read)."""
        return [self.order[int(n)] for n in numbers.split()]

    def keep(self, site: RecordingSiteGraph, subjects: Iterable[str]) -> list[str]:
        """The subjects whose pages are made; the others' are kept (self.kept)."""
        made = []
        self.changed = changed = self._changed(site) if self.found else set()
        # what the release holds, listed once: the release is updated from the same list
        self.listed = found_in(self.release)
        self.there = there = set(self.listed.files)
        site_root = str(self.release / SITE)
        for iri in subjects:
            read = self.reads.get(iri) if self.found else None
            if read is None or (changed and not changed.isdisjoint(read.split())):
                made.append(iri)
                continue
            # paths as text, made Path once each: a release has tens of thousands of pages
            files = [f"{site_root}/{site.folder(iri)}{name}" for name in FILES]
            if not there.issuperset(files):
                made.append(iri)
                continue
            self.kept.extend(files)
            self.kept_reads[iri] = read
        return made

    def keeps_part(self, path: str, shape: str) -> bool:
        """Whether the part page at path (under site/) is kept: the previous release has it,
        made from a plan of this shape (parts.PartPlan), and none of what making its table
        read has changed (after keep())."""
        previous = self.parts.get(path) if self.found else None
        if previous is None or previous[0] != shape:
            return False
        if self.changed and not self.changed.isdisjoint(previous[1].split()):
            return False
        if f"{self.release}/{SITE}/{path}" not in self.there:
            return False
        self.kept_parts[path] = previous
        return True

    def _changed(self, site: RecordingSiteGraph) -> set[str]:
        """The numbers of the resources pages of the previous release read whose digest is
        not the same now (every resource a page read has one): a page is kept when it read
        none of them."""
        changed = set()
        now = self.now
        for number, iri in enumerate(self.order):
            digest = now.get(iri) or now.setdefault(iri, site.fingerprint(iri))
            if digest != self.fingerprints[iri]:
                changed.add(str(number))
        return changed

    def digest_all(self) -> None:
        """This build's digest of every resource and of the links to each (those not made
        already), made while the resource pages are still being written: what they read is
        known only once they are done, and manifest() then only looks the digests up."""
        site = self.site
        assert site is not None, "the site is begun before its digests"
        now = self.now
        now.update(site.digests(now))
        self.digested = True

    def manifest(self) -> Iterator[bytes]:
        """The text of PAGES for this build's pages (those made and those kept), in pieces:
        its JSON, then the check of it on a line of its own."""
        made = {s: r for s, r in self.made.items() if r is not None}
        parts = {p: (shape, r) for p, (shape, r) in self.parts_made.items() if r is not None}
        order, kept, kept_parts, unread = self._numbering(made, parts)
        number = dict(zip(order, map(str, range(len(order))), strict=True)).__getitem__
        pages = [*kept.items(), *((s, " ".join(map(number, r))) for s, r in made.items())]
        tables = [(p, shape, read) for p, (shape, read) in kept_parts.items()]
        tables += [(p, shape, " ".join(map(number, r))) for p, (shape, r) in parts.items()]
        document = {
            "key": self.key,
            "resources": zip(order, self._digests(order), strict=True),  # written as made
            "unread": unread,
            "pages": sorted(pages),
            "parts": sorted(tables),
        }
        check = hashlib.blake2b(digest_size=16)
        for piece in _json_pieces(document):
            check.update(piece)
            yield piece
        yield b"\n" + check.hexdigest().encode("ascii")

    def _numbering(
        self, made: dict[str, tuple[str, ...]], parts: dict[str, tuple[str, tuple[str, ...]]]
    ) -> tuple[list[str], dict[str, str], dict[str, tuple[str, str]], int]:
        """The resources in the order they are numbered, the kept pages' and parts' reads as
        they are written, and at most how many resources no page reads. After a first build,
        or when too many resources are read no more, the kept pages' reads join `made` and
        `parts` to be numbered anew."""
        # set.union and map rather than comprehensions: a million reads at 50,000 events, in
        # the serial end of the build (0.46 -> 0.35 s at 15,000 events)
        fresh = set().union(*made.values(), *(r for _, r in parts.values()))
        if self.found:
            unread = self.unread + self._dropped(fresh)
            if unread <= len(self.order) // UNREAD_SHARE:
                added = sorted(fresh.difference(self.fingerprints))
                return self.order + added, self.kept_reads, self.kept_parts, unread
        # the kept ones are numbered anew with the rest: only their reads are added to fresh
        # (a union over every page's reads again was 0.17 s of a first build's serial end at
        # 50,000 events, where nothing is kept)
        kept = {s: tuple(self.read_by(read)) for s, read in self.kept_reads.items()}
        kept_parts = {
            p: (shape, tuple(self.read_by(r))) for p, (shape, r) in self.kept_parts.items()
        }
        made.update(kept)
        parts.update(kept_parts)
        order = sorted(fresh.union(*kept.values(), *(r for _, r in kept_parts.values())))
        return order, {}, {}, 0

    def _dropped(self, fresh: set[str]) -> int:
        """At most how many resources pages of the previous release read that no page reads
        now: those read by its pages not kept (made again, or gone), but not by a page made."""
        gone = [read for s, read in self.reads.items() if s not in self.kept_reads]
        gone += [read for p, (_, read) in self.parts.items() if p not in self.kept_parts]
        return len({iri for read in gone for iri in self.read_by(read)} - fresh)

    def _digests(self, reads: list[str]) -> Iterator[str]:
        """This build's digest of each of these resources."""
        if self.digested:  # all but those of resources the graph holds nothing about
            return map(self.now.get, reads, repeat(NOTHING))
        site = self.site
        assert site is not None, "the digests are made before the site graph is let go"
        return (self.now.get(read) or site.fingerprint(read) for read in reads)
