"""A graph's nodes: the distinct objects by predicate by subject. The JSON-LD writer writes
them as node objects, and the catalogue's statistics are counted from them, so a release
groups its triples once for both."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

from ..terms import Lit, Triple

Nodes = dict[str, dict[str, list["str | Lit"]]]


def by_subject(triples: Iterable[Triple]) -> Nodes:
    """Distinct objects by predicate by subject. A report's triples come subject by subject,
    so each run of one subject is looked up once; a subject met again (a body described in
    several reports) is merged, its repeated objects dropped."""
    nodes: Nodes = {}
    for subject, run in groupby(triples, key=itemgetter(0)):
        node = nodes.get(subject)
        if node is None:
            node = nodes[subject] = {}
        for _, predicate, value in run:
            values = node.get(predicate)
            if values is None:
                node[predicate] = [value]
            elif value not in values:
                values.append(value)
    return nodes
