"""A read-only graph held in dictionaries, for code that looks things up thousands of times
(pages, catalogue statistics, JSON-LD): each look-up is a dict access instead of an rdflib
store scan, and building it costs a fraction of filling an rdflib Graph. It offers the part of
rdflib's Graph API that such code uses, with results in a stable order, and rdflib terms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node


def _order(term: Node) -> str:
    return str(term)


class TripleIndex:
    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        spo: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        pos: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        unique = set(triples)
        for s, p, o in sorted(unique, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
            spo[s][p].append(o)
            pos[p][o].append(s)
        self._spo = {s: dict(po) for s, po in spo.items()}
        self._pos = {p: dict(os) for p, os in pos.items()}
        self._triples = unique

    @classmethod
    def from_light(cls, triples: Iterable[tuple[str, str, Any]]) -> TripleIndex:
        """From light triples (IRIs as strings, literals as rdf.Lit): every distinct term is
        made into an rdflib term once."""
        terms: dict[Any, Node] = {}

        def term(value: Any) -> Node:
            made = terms.get(value)
            if made is None:
                if isinstance(value, tuple):  # rdf.Lit
                    datatype = URIRef(value[2]) if value[2] else None
                    made = Literal(value[0], lang=value[1], datatype=datatype)
                else:
                    made = value if isinstance(value, (URIRef, Literal)) else URIRef(value)
                terms[value] = made
            return made

        return cls((term(s), term(p), term(o)) for s, p, o in triples)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        for s in sorted(self._spo, key=_order):
            for p in sorted(self._spo[s], key=_order):
                for o in self._spo[s][p]:
                    yield s, p, o

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        return triple in self._triples

    def value(self, subject: Node, predicate: Node, default: Node | None = None) -> Node | None:
        """The first object (in IRI/lexical order) of subject and predicate, or default."""
        objects = self._spo.get(subject, {}).get(predicate)
        return objects[0] if objects else default

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        if subject is None:
            if predicate is None:
                yield from sorted(
                    {o for po in self._spo.values() for os in po.values() for o in os}, key=_order
                )
            else:
                yield from sorted(self._pos.get(predicate, {}), key=_order)
            return
        by_predicate = self._spo.get(subject, {})
        if predicate is not None:
            yield from by_predicate.get(predicate, ())
            return
        for p in sorted(by_predicate, key=_order):
            yield from by_predicate[p]

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        by_predicate = self._spo.get(subject, {})
        for p in sorted(by_predicate, key=_order):
            for o in by_predicate[p]:
                yield p, o

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        for o, subjects in sorted(self._pos.get(predicate, {}).items(), key=lambda i: _order(i[0])):
            for s in subjects:
                yield s, o

    def predicates(self) -> Iterator[Node]:
        yield from sorted(self._pos, key=_order)

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        if predicate is None and obj is None:
            yield from sorted(self._spo, key=_order)
        elif predicate is not None and obj is not None:
            yield from self._pos.get(predicate, {}).get(obj, ())
        elif predicate is not None:
            yield from sorted(
                {s for ss in self._pos.get(predicate, {}).values() for s in ss}, key=_order
            )
        else:
            raise NotImplementedError("subjects() of an object alone is not needed here")


# What look-up code accepts: an rdflib Graph (tests, small graphs) or a TripleIndex.
Lookup = Graph | TripleIndex
