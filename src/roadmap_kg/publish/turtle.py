"""Turtle and TriG written straight from sorted N-Triples lines.

A release's dumps are written from its N-Triples lines, sorted (so a subject's triples, and a
predicate's objects, stand together). Turning such a stream into Turtle needs no graph: each
line adds an object to the current predicate (' , '), a predicate to the current subject
(' ;'), or starts a new subject (' .'). IRIs under the vocabulary's namespaces are written as
prefixed names, rdf:type as 'a', literals as in N-Triples with their datatype prefixed and
control characters escaped. The layout is the one pyoxigraph's Turtle writer uses (a test
compares the two), at a fraction of the cost: no term objects are made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import IO

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
# a local name written as is after a prefix (a conservative subset of Turtle's PN_LOCAL;
# other IRIs are written whole)
_LOCAL = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")
# characters N-Triples may hold raw in a string but Turtle writers escape
_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")
_NAMED_CONTROLS = {"\t": "\\t", "\b": "\\b", "\f": "\\f"}
# literals Turtle writes bare: the lexical forms of its number and boolean shorthands
_BARE = {
    f"<{_XSD}integer>": re.compile(r"[+-]?[0-9]+"),
    f"<{_XSD}decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    f"<{_XSD}double>": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    f"<{_XSD}boolean>": re.compile(r"true|false"),
}


def _escape_control(match: re.Match[str]) -> str:
    char = match.group(0)
    return _NAMED_CONTROLS.get(char) or f"\\u{ord(char):04X}"


_MOST_TERMS = 1 << 15
_MOST_OBJECTS = 1 << 15


class Terms:
    """N-Triples terms as Turtle terms, each made once: '<iri>' → 'prefix:local' or '<iri>',
    rdf:type → 'a' (as a predicate), literals with datatypes prefixed, controls escaped."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self._namespaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.iris: dict[str, str] = {}
        self.predicates: dict[str, str] = {f"<{_RDF_TYPE}>": "a"}

    def iri(self, term: str) -> str:
        written = self.iris.get(term)
        if written is None:
            if len(self.iris) > _MOST_TERMS:  # shared across pages: bounded
                self.iris.clear()
            written = self.iris[term] = self._compact(term[1:-1])
        return written

    def predicate(self, term: str) -> str:
        written = self.predicates.get(term)
        if written is None:
            written = self.predicates[term] = self.iri(term)
        return written

    def _compact(self, iri: str) -> str:
        for prefix, namespace in self._namespaces:
            if iri.startswith(namespace) and _LOCAL.fullmatch(iri, len(namespace)):
                return f"{prefix}:{iri[len(namespace) :]}"
        return f"<{iri}>"

    def object(self, term: str) -> str:
        """An object as N-Triples writes it ('<iri>', '"text"', '"text"@ru', '"1"^^<dt>')."""
        if term[0] == "<":
            return self.iri(term)
        if term[-1] == ">":  # a typed literal
            cut = term.rindex('"^^<')
            text, datatype = term[: cut + 1], term[cut + 3 :]
            bare = _BARE.get(datatype)
            if bare is not None and bare.fullmatch(text, 1, len(text) - 1):
                return text[1:-1]
            return _escaped(text) + "^^" + self.iri(datatype)
        return _escaped(term)


def _escaped(literal: str) -> str:
    return _CONTROL.sub(_escape_control, literal) if _CONTROL.search(literal) else literal


def _statements(lines: Iterable[str], terms: Terms, indent: str, gap: str) -> Iterator[str]:
    """The Turtle of sorted, distinct N-Triples lines, piece by piece; each subject starts on
    a line of its own after `indent`, its further predicates after `indent` and a tab, and
    `gap` (a blank line, or nothing) separates subjects. IRIs hold no spaces, so a line
    splits into subject, predicate and object (with ' .\n') at its first two spaces."""
    subject = predicate = ""
    more = " ;\n" + indent + "\t"
    end = " .\n" + gap
    # objects as written, by their N-Triples text with the line's end: IRIs and short
    # literals recur (dates, codes, the bodies and places of many events)
    objects: dict[str, str] = {}
    for line in lines:
        s, p, o = line.split(" ", 2)
        written = objects.get(o)
        if written is None:
            written = terms.object(o[:-3])
            if len(o) < 80:
                if len(objects) >= _MOST_OBJECTS:
                    objects.clear()
                objects[o] = written
        if s == subject:
            if p == predicate:
                yield " , " + written
            else:
                predicate = p
                yield more + terms.predicate(p) + " " + written
        else:
            yield (end if subject else "") + indent + terms.iri(s) + " " + terms.predicate(p)
            yield " " + written
            subject, predicate = s, p
    if subject:
        yield " .\n"


def _prefix_lines(prefixes: dict[str, str]) -> str:
    return "".join(f"@prefix {name}: <{prefixes[name]}> .\n" for name in sorted(prefixes))


def write_turtle_lines(lines: Iterable[str], prefixes: dict[str, str], out: IO[str]) -> None:
    """Turtle of sorted, distinct N-Triples lines: the prefixes, then each subject with its
    triples, a blank line between subjects."""
    terms = Terms(prefixes)
    out.write(_prefix_lines(prefixes))
    out.write("\n")
    out.writelines(_statements(lines, terms, "", "\n"))


def subject_statements(subject: str, predicates: Iterable[tuple[str, Iterable[str]]]) -> str:
    """One subject's statements as _statements writes them for a small graph (pyoxigraph's
    layout for a page's description: no indent, no blank line after), from its terms
    written in Turtle (by shared_terms): its predicates and their objects, in that order."""
    facts = " ;\n\t".join(p + " " + " , ".join(objects) for p, objects in predicates)
    return subject + " " + facts + " .\n"


@lru_cache(maxsize=64)
def shared_terms(prefixes: tuple[tuple[str, str], ...]) -> Terms:
    """The Terms of these prefixes, one kept across calls: thousands of pages name the same
    places, bodies and classes."""
    return Terms(dict(prefixes))


def write_trig_lines(
    graphs: Iterable[tuple[str, Iterable[str]]], prefixes: dict[str, str], out: IO[str]
) -> None:
    """TriG of named graphs, each given as its sorted, distinct N-Triples lines: the prefixes
    once, then each graph's triples in braces."""
    terms = Terms(prefixes)
    out.write(_prefix_lines(prefixes))
    for name, lines in graphs:
        body = _statements(lines, terms, "\t", "")
        first = next(body, None)
        if first is None:  # a graph without triples is not written (nor read back)
            continue
        out.write(terms.iri(f"<{name}>") + " {\n" + first)
        out.writelines(body)
        out.write("}\n")
