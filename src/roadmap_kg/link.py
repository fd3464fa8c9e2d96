"""Linking: reviewed matches of new organisations to the authority file, and owl:sameAs links
to other publishers' roadmap datasets.

The review file (data/reference/links.tsv, in the spirit of SSSOM) holds one row per proposed
match: the mention (a body not in the authority file), its IRI, a candidate authority entry,
a score and its justification, and the reviewer's decision — `accept` (the body *is* that
entry: every later build resolves it there, and its spellings become aliases), `reject` (it
is not; it keeps its own IRI) or `new` (reviewed: a body of its own). `roadmap-kg link`
proposes rows for bodies without a decision and never touches decided rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from .graphindex import Lookup
from .ids import DEFAULT_BASE
from .lang.names import match_key
from .model import Report
from .reference import Reference

# the review file's one reader and writer, in a module of its own so that reference.py, which
# this module imports, reads the file by the same rules; named here for the link command
from .review import Decision as Decision
from .review import Mapping
from .review import read_review as read_review
from .review import write_review as write_review
from .vocab import LINKED_NAMES, LINKED_ORGANISATIONS, LINKED_PLACES

_FUNCTION_WORDS = frozenset("и в во по им с со на".split())


def propose(
    reports: Iterable[Report],
    reference: Reference,
    existing: list[Mapping],
    base: str = DEFAULT_BASE,
) -> list[Mapping]:
    """The review rows after a new look at the reports: decided rows as they were, plus up to
    three candidates for every body not in the authority file that has no decision yet."""
    decided = {r.subject_id for r in existing if r.decision}
    known = {(r.subject_id, r.candidate_id) for r in existing}
    rows = list(existing)
    first_seen: dict[str, str] = {}
    for report in reports:
        for event in report.events:
            for key in (
                *event.hosts,
                *event.organizers,
                *event.participants,
                *event.sponsors,
                *event.responsible_bodies,
            ):
                first_seen.setdefault(key, str(event.source))
    for report in reports:
        for org in report.organisations:
            subject = f"{base}org/{org.key}"
            if org.key in reference.authority or subject in decided or org.key not in first_seen:
                continue
            scored = candidates(org.name, org.location, reference)
            for key, score, why in scored or [
                ("", 0.0, "no authority entry shares a distinctive word")
            ]:
                candidate = f"{base}org/{key}" if key else ""
                if (subject, candidate) in known:
                    continue
                known.add((subject, candidate))
                label = reference.authority[key].name if key else ""
                rows.append(
                    Mapping(
                        org.name,
                        subject,
                        candidate,
                        label,
                        f"{score:.2f}",
                        why,
                        source=first_seen[org.key],
                    )
                )
    return rows


def candidates(
    name: str, location: str | None, reference: Reference
) -> list[tuple[str, float, str]]:
    """Authority entries that may be the body named `name`: the three best by shared words,
    each word weighted by how rare it is in the authority file (a shared 'университет' says
    little, a shared 'Горный' much), plus a little for the same region."""
    weight = _word_weights(reference)
    words = set(match_key(name, reference.legal_forms)) - _FUNCTION_WORDS
    region = (location or "").split("/")[0].upper()
    named = {iso for iso, _, _ in reference.find_regions(name)}
    scored = []
    for entry in reference.authority.values():
        best, shared = 0.0, set()
        for label in (entry.name, *entry.aliases):
            other_named = {i for i, _, _ in reference.find_regions(label)} if named else set()
            if other_named and not named & other_named:
                continue  # '… Вологодской области' is never '… Смоленской области'

            other = set(match_key(label, reference.legal_forms)) - _FUNCTION_WORDS
            union = sum(weight.get(w, weight[""]) for w in words | other)
            overlap = words & other
            score = sum(weight.get(w, weight[""]) for w in overlap) / union if union else 0.0
            if score > best:
                best, shared = score, overlap
        if best < 0.3:
            continue
        why = f"shared words: {', '.join(sorted(shared))}"
        if region and entry.region_iso == region:
            best = min(1.0, best + 0.1)
            why += f"; same region {region}"
        scored.append((entry.key, round(best, 2), why))
    scored.sort(key=lambda s: (-s[1], s[0]))
    return scored[:3]


def _word_weights(reference: Reference) -> dict[str, float]:
    """Inverse document frequency of each word over the authority file's names; '' is the
    weight of a word the file never uses (the rarest)."""
    documents = [
        {w for label in (e.name, *e.aliases) for w in match_key(label, reference.legal_forms)}
        for e in reference.authority.values()
    ]
    total = len(documents) or 1
    counts: dict[str, int] = {}
    for words in documents:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    weights = {word: math.log((total + 1) / (count + 0.5)) for word, count in counts.items()}
    weights[""] = math.log((total + 1) / 0.5)
    return weights


# --- other publishers ---------------------------------------------------------------------


def external_links(other: Graph, ours: Lookup, reference: Reference) -> list[tuple[URIRef, URIRef]]:
    """(their IRI, our IRI) for every organisation or place of another dataset that has a
    name of exactly one of our organisations (or places): names compared by match key, so
    case forms, legal forms and quotes do not matter; an ambiguous name links nothing."""
    links: set[tuple[URIRef, URIRef]] = set()
    mine = set(ours.subjects())
    for classes in (LINKED_ORGANISATIONS, LINKED_PLACES):
        index: dict[tuple[str, ...], set[URIRef]] = {}
        for node in _typed(ours, classes):
            for key in _name_keys(ours, node, reference):
                index.setdefault(key, set()).add(node)
        for node in _typed(other, classes):
            if node in mine:
                continue  # one of ours: nothing to link
            matches: set[URIRef] = set()
            for key in _name_keys(other, node, reference):
                matches |= index.get(key, set())
            if len(matches) == 1:
                links.add((node, next(iter(matches))))
    return sorted(links)


def _typed(graph: Lookup, classes: tuple[URIRef, ...]) -> set[URIRef]:
    return {n for cls in classes for n in graph.subjects(RDF.type, cls) if isinstance(n, URIRef)}


def _name_keys(graph: Lookup, node: URIRef, reference: Reference) -> set[tuple[str, ...]]:
    return {
        match_key(str(label), reference.legal_forms)
        for predicate in LINKED_NAMES
        for label in graph.objects(node, predicate)
    }


def linkset_graph(links: Iterable[tuple[URIRef, URIRef]]) -> Graph:
    graph = Graph()
    for theirs, mine in links:
        graph.add((theirs, OWL.sameAs, mine))
    return graph
