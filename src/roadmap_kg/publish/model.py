"""What a release is, for the writers that put it on disk: its reports, graphs, settings and
the statistics the catalogue states. A leaf: the writers (data files, passport, catalogue,
pages) import it, and it imports none of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from ..graphindex import TripleIndex
from ..graphs import Linkset, NamedGraphs, named_graphs
from ..model import Report
from ..previous import PreviousRelease
from ..quality import Measurements
from ..terms import Lit, Triple
from ..validate import ValidationReport
from ..vocab import ENTITY_CLASSES, RM, SCHEMA
from ..workers import Job
from .changes import Changes
from .config import ReleaseConfig
from .nodes import Nodes, by_subject

WIKIDATA_ENTITIES = "http://www.wikidata.org/entity/"


@dataclass(frozen=True, kw_only=True)
class Statistics:
    """What the catalogue and VoID say about the data: counts and coverage, gathered in one
    pass over the distinct triples. Small, so the process that gathers it can hand it over."""

    triples: int
    subjects: int
    objects: int
    predicates: frozenset[str]
    class_sizes: dict[str, int]  # members per class
    entities: int  # distinct members of ENTITY_CLASSES
    example_event: str | None  # the first event IRI
    period: tuple[str, str] | None  # the first start and the last end of the events
    places: tuple[str, ...]  # spatial coverage: the roadmaps' parties and their Wikidata items
    wikidata_links: int  # owl:sameAs links to Wikidata items

    @classmethod
    def of(cls, triples: Iterable[Triple]) -> Statistics:
        return cls.of_nodes(by_subject(triples))

    @classmethod
    def of_nodes(cls, nodes: Nodes) -> Statistics:
        """From the distinct objects by predicate by subject (as the JSON-LD writer groups
        them)."""
        triples = 0
        objects: set[str | Lit] = set()
        predicates: set[str] = set()
        members: dict[str, list[str]] = {}
        for subject, by_predicate in nodes.items():
            for predicate, values in by_predicate.items():
                triples += len(values)
                objects.update(values)
                predicates.add(predicate)
                if predicate == _TYPE:
                    for class_ in values:
                        members.setdefault(str(class_), []).append(subject)
        events = sorted(members.get(_EVENT, ()))
        parties = _parties(nodes, members)
        return cls(
            triples=triples,
            subjects=len(nodes),
            objects=len(objects),
            predicates=frozenset(predicates),
            class_sizes={c: len(m) for c, m in sorted(members.items())},
            entities=len({m for c in _ENTITY_CLASSES for m in members.get(c, ())}),
            example_event=events[0] if events else None,
            period=_period(nodes, events),
            places=tuple(sorted(parties | _wikidata_items(nodes, parties))),
            wikidata_links=sum(
                str(item).startswith(WIKIDATA_ENTITIES)
                for by_predicate in nodes.values()
                for item in by_predicate.get(_SAME_AS, ())
            ),
        )


_TYPE, _SAME_AS, _PARTY = str(RDF.type), str(OWL.sameAs), str(RM.party)
_START, _END = str(SCHEMA.startDate), str(SCHEMA.endDate)
_EVENT, _ROADMAP = str(SCHEMA.Event), str(RM.Roadmap)
_ENTITY_CLASSES = [str(c) for c in ENTITY_CLASSES]


def _period(nodes: Nodes, events: list[str]) -> tuple[str, str] | None:
    """The first start and the last end of the events, if any has both."""
    starts = [v.value for e in events for v in nodes[e].get(_START, ()) if isinstance(v, Lit)]
    ends = [v.value for e in events for v in nodes[e].get(_END, ()) if isinstance(v, Lit)]
    if starts and ends:
        return min(starts, key=date.fromisoformat), max(ends, key=date.fromisoformat)
    return None


def _parties(nodes: Nodes, members: dict[str, list[str]]) -> set[str]:
    """The places the roadmaps are agreed between."""
    return {
        str(party)
        for roadmap in members.get(_ROADMAP, ())
        for party in nodes[roadmap].get(_PARTY, ())
    }


def _wikidata_items(nodes: Nodes, places: set[str]) -> set[str]:
    """The Wikidata items the places are the same as."""
    return {
        str(item)
        for place in places
        for item in nodes.get(place, {}).get(_SAME_AS, ())
        if str(item).startswith(WIKIDATA_ENTITIES)
    }


@dataclass(frozen=True, kw_only=True)
class Release:
    reports: tuple[Report, ...]
    graph: Graph | TripleIndex  # the union of the reports, for look-ups
    config: ReleaseConfig
    base_iri: str
    ontology_dir: Path
    shapes_dir: Path
    # owl:sameAs links to other publishers' datasets, one named graph per dataset linked to
    linksets: tuple[Linkset, ...] = ()
    # the named graphs as light triples (reports, then link sets), when already made
    light_graphs: NamedGraphs | None = None
    pages: bool = True  # write the browsable site/
    known_statistics: Statistics | None = None  # gathered while the dumps were written
    # events.csv, being made by another process since the reports were extracted (it needs
    # nothing else); without it write_data makes it
    events_csv: Job[str] | None = None
    # the data-quality measurements (quality.measure), stated in catalog.ttl and on the index
    # page; None: not measured (neither shows them)
    quality: Measurements | None = None
    # the validation, when the shapes may warn: its warnings are rows of the fix-list
    validation: Job[ValidationReport] | None = None
    # the release this one follows (--previous, or the one in the output folder), and what
    # changed since, once the new data is written
    previous: PreviousRelease | None = None
    changes: Changes | None = None

    @cached_property
    def statistics(self) -> Statistics:
        """Counts for the catalogue and VoID, gathered once in one pass over the triples."""
        if self.known_statistics is not None:
            return self.known_statistics
        return Statistics.of(t for _, triples in self.named_graphs() for t in triples)

    def named_graphs(self) -> NamedGraphs:
        if self.light_graphs is not None:
            return self.light_graphs
        return named_graphs(self.reports, self.base_iri, self.linksets)
