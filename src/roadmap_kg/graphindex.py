"""A read-only graph held in dictionaries, for code that looks things up thousands of times
(the pages): each look-up is a dict access instead of an rdflib store scan. It offers the
small part of rdflib's Graph API that such code uses, with results in a stable order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from rdflib.term import Node


def _order(term: Node) -> str:
    return str(term)


class TripleIndex:
    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        spo: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        pos: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        seen: set[tuple[Node, Node, Node]] = set()
        for s, p, o in sorted(set(triples), key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
            seen.add((s, p, o))
            spo[s][p].append(o)
            pos[p][o].append(s)
        self._spo = {s: dict(po) for s, po in spo.items()}
        self._pos = {p: dict(os) for p, os in pos.items()}
        self._triples = seen

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

    def objects(self, subject: Node, predicate: Node | None = None) -> Iterator[Node]:
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

    def subjects(self, predicate: Node | None = None, obj: Node | None = None) -> Iterator[Node]:
        if predicate is None and obj is None:
            yield from sorted(self._spo, key=_order)
            return
        if predicate is not None and obj is not None:
            yield from self._pos.get(predicate, {}).get(obj, ())
            return
        raise NotImplementedError("subjects() needs both a predicate and an object, or neither")
