"""A graph held in dictionaries, for code that looks things up thousands of times
(pages, catalogue statistics, linking): each look-up is a dict access instead of an rdflib
store scan. Terms are kept light (IRIs as plain str, literals as terms.Lit), so building the
index costs one pass over the triples; rdflib terms are made only for what a look-up returns,
each at most once. It offers the part of rdflib's Graph API that such code uses, with results
in a stable order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

from rdflib import Graph
from rdflib.term import Node

from .terms import Lit, Triple, light_term, rdflib_term

Plain = str | Lit  # a term as the index keys it (terms.light_term)
# What the index is built from: light triples, or rdflib's (a page's description, tests).
SourceTriple = tuple[str | Node, str | Node, str | Lit | Node]


def _key(term: Plain) -> tuple[str, str]:
    """IRI/lexical order, then language and datatype (a total order)."""
    return (
        (term.value, f"{term.lang or ''} {term.datatype or ''}")
        if isinstance(term, Lit)
        else (term, "")
    )


def _grouped(
    source: Iterable[SourceTriple], light: bool
) -> tuple[dict[Plain, dict[Plain, list[Plain]]], int]:
    """The distinct triples by subject and predicate, each list of objects in a stable
    order; and how many there are. light: the triples are light already (from_light)."""
    # The distinct triples in the order they come (a subject's together, as the graphs
    # give them), not a set's: filling the dicts in that order touches memory where it
    # was touched last, and took 0.3 s for 1.3 million triples at 50,000 events where a
    # set's hash order took 2.4 s. The dicts hold them all: no set of them is kept
    # (about 40 MiB at that size).
    if light:  # 4 million calls of light_term saved at 50,000 events
        unique = dict.fromkeys(cast(Iterable[tuple[Plain, Plain, Plain]], source))
    else:
        unique = dict.fromkeys((light_term(s), light_term(p), light_term(o)) for s, p, o in source)
    spo: dict[Plain, dict[Plain, list[Plain]]] = {}
    for s, p, o in unique:
        spo.setdefault(s, {}).setdefault(p, []).append(o)
    # each list in a stable order (look-ups return them as they are)
    for by_predicate in spo.values():
        for objects in by_predicate.values():
            if len(objects) > 1:
                objects.sort(key=_key)
    return spo, len(unique)


class TripleIndex:
    """Built on its first look-up: a release written without pages may never need it."""

    def __init__(self, triples: Iterable[SourceTriple], light: bool = False) -> None:
        self._source: Iterable[SourceTriple] | None = triples
        self._light = light  # the triples are light already (from_light): none is converted
        self._spo_: dict[Plain, dict[Plain, list[Plain]]] = {}
        self._pos_: dict[Plain, dict[Plain, list[Plain]]] | None = None  # see _build_pos
        self._count = 0  # distinct triples (the index keeps no set of them: spo holds them)
        self._terms: dict[Plain, Node] = {}

    def _build(self) -> None:
        if self._source is None:
            return
        self._spo_, self._count = _grouped(self._source, self._light)
        self._source = None

    def _build_pos(self) -> dict[Plain, dict[Plain, list[Plain]]]:
        """The index by predicate and object, made on its first look-up: the site's pages
        look resources up by subject alone (half the time of building the index, at 50,000
        events a second and a half before the first page)."""
        self._build()
        pos: dict[Plain, dict[Plain, list[Plain]]] = {}
        for s, by_predicate in self._spo_.items():
            for p, objects in by_predicate.items():
                for o in objects:
                    pos.setdefault(p, {}).setdefault(o, []).append(s)
        for by_object in pos.values():
            for subjects in by_object.values():
                if len(subjects) > 1:
                    subjects.sort()
        return pos

    @property
    def _spo(self) -> dict[Plain, dict[Plain, list[Plain]]]:
        self._build()
        return self._spo_

    @property
    def _pos(self) -> dict[Plain, dict[Plain, list[Plain]]]:
        if self._pos_ is None:
            self._pos_ = self._build_pos()
        return self._pos_

    @classmethod
    def from_light(cls, triples: Iterable[Triple]) -> TripleIndex:
        """From light triples (IRIs as strings, literals as terms.Lit)."""
        return cls(triples if isinstance(triples, (list, tuple)) else list(triples), light=True)

    def extend(self, triples: Iterable[SourceTriple]) -> None:
        """Add triples found by looking this index up (a release's links to other datasets),
        so that a release's index is built once, not again for a few more triples."""
        more = list(triples)
        if not more:
            return
        light = [(light_term(s), light_term(p), light_term(o)) for s, p, o in more]
        if self._source is not None:  # not built yet: the new triples are built with it
            self._source = [*self._source, *cast(list[SourceTriple], light)]
            return
        for s, p, o in dict.fromkeys(light):
            if o in self._spo_.get(s, {}).get(p, ()):
                continue  # held already
            self._count += 1
            objects = self._spo_.setdefault(s, {}).setdefault(p, [])
            objects.append(o)
            objects.sort(key=_key)  # each list in the order _build gives it
            if self._pos_ is not None:
                subjects = self._pos_.setdefault(p, {}).setdefault(o, [])
                subjects.append(s)
                subjects.sort()

    def term(self, plain: Plain) -> Node:
        """The rdflib term this index gives for a light term, made once: one object per term,
        so that what the index gives can be told apart by identity (a Python-level == on
        rdflib's terms, run on every triple of a release, was a tenth of building the site's
        look-ups)."""
        made = self._terms.get(plain)
        if made is None:
            made = self._terms[plain] = rdflib_term(plain)
        return made

    def _terms_of(self, plains: Iterable[Plain]) -> Iterator[Node]:
        term = self.term
        for plain in plains:
            yield term(plain)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        term, spo = self.term, self._spo  # the property once, not per triple
        for s in sorted(spo):
            by_predicate = spo[s]
            for p in sorted(by_predicate):
                for o in by_predicate[p]:
                    yield term(s), term(p), term(o)

    def by_subject(self) -> Iterator[tuple[str, dict[str, list[Plain]]]]:
        """Each subject (in IRI order) with its light predicates and objects."""
        # a release's subjects and predicates are IRIs: the index keys them as str
        spo = cast(dict[str, dict[str, list[Plain]]], self._spo)
        for s in sorted(spo):
            yield s, spo[s]

    def grouped(self) -> Iterator[tuple[str, dict[str, list[Plain]]]]:
        """by_subject(), and when the index is not built yet, made for this walk alone and
        not kept: for a reader that keeps a form of its own (the site graph's), so that the
        release's index is not held beside it."""
        spo = cast(
            dict[str, dict[str, list[Plain]]],
            self._spo_ if self._source is None else _grouped(self._source, self._light)[0],
        )
        for s in sorted(spo):
            yield s, spo[s]

    def statements(self) -> dict[str, dict[str, list[Plain]]]:
        """Every subject's predicates and objects, as the index holds them (to be read, not
        changed): subjects and predicates in no order, each list of objects sorted."""
        return cast(dict[str, dict[str, list[Plain]]], self._spo)

    def light(self, subject: str) -> dict[str, list[Plain]]:
        """A subject's predicates and objects as light terms, as the index holds them (to be
        read, not changed): for code that writes text rather than making rdflib terms."""
        return cast(dict[str, list[Plain]], self._spo.get(subject, {}))

    def __len__(self) -> int:
        self._build()
        return self._count

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        s, p, o = triple
        return light_term(o) in self._spo.get(light_term(s), {}).get(light_term(p), ())

    def value(self, subject: Node, predicate: Node, default: Node | None = None) -> Node | None:
        """The first object (in IRI/lexical order) of subject and predicate, or default."""
        objects = self._spo.get(light_term(subject), {}).get(light_term(predicate))
        return self.term(objects[0]) if objects else default

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        if subject is None:
            if predicate is None:
                every = {o for po in self._spo.values() for os in po.values() for o in os}
                yield from self._terms_of(sorted(every, key=_key))
            else:
                yield from self._terms_of(
                    sorted(self._pos.get(light_term(predicate), {}), key=_key)
                )
            return
        by_predicate = self._spo.get(light_term(subject), {})
        if predicate is not None:
            yield from self._terms_of(by_predicate.get(light_term(predicate), ()))
            return
        for p in sorted(by_predicate):
            yield from self._terms_of(by_predicate[p])

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        by_predicate = self._spo.get(light_term(subject), {})
        for p in sorted(by_predicate):
            for o in by_predicate[p]:
                yield self.term(p), self.term(o)

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        by_object = self._pos.get(light_term(predicate), {})
        for o in sorted(by_object, key=_key):
            for s in by_object[o]:
                yield self.term(s), self.term(o)

    def predicates(self) -> Iterator[Node]:
        yield from self._terms_of(sorted(self._pos))

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        if predicate is None and obj is None:
            yield from self._terms_of(sorted(self._spo))
        elif predicate is not None and obj is not None:
            yield from self._terms_of(
                self._pos.get(light_term(predicate), {}).get(light_term(obj), ())
            )
        elif predicate is not None:
            by_object = self._pos.get(light_term(predicate), {})
            yield from self._terms_of(sorted({s for ss in by_object.values() for s in ss}))
        else:
            raise NotImplementedError("subjects() of an object alone is not needed here")


# What look-up code accepts: an rdflib Graph (tests, small graphs) or a TripleIndex.
Lookup = Graph | TripleIndex
