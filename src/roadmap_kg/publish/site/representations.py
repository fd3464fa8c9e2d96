"""The Turtle and JSON-LD beside each resource page (index.ttl, index.jsonld), written from
the page's description (graph.describe): nodes, each a subject and its facts as light terms
(terms.py).

Both files are written node by node: a node is a block of statements in the Turtle, a node
object in the JSON-LD, and the text of one depends on that node alone. So the nodes naming
the places, bodies and kinds that hundreds of pages link to are written once for all those
pages (the bounded caches below); the page's own node and its source rows, met on one or
two pages, are written each time. At 3,000 events this took describe and both writers from
1.2 s of CPU to 0.65 s (from sorted N-Triples lines for the Turtle, and JSON made compact,
parsed back and indented, every node each time). The bytes are the ones the term-object
writers gave: pyoxigraph's Turtle serializer over the sorted triples with only the prefixes
they use, and json.dumps(indent=1) of dataset.jsonld's node objects
(tests/test_site_representations.py compares the two)."""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from ...terms import Lit, nt_term, oxigraph_term
from ...vocab import PREFIXES
from ..downloads import compact, context, iri_json, value_order
from ..turtle import shared_terms, subject_statements
from .graph import Description, Facts

_LANG_STRING = str(RDF.langString)
_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)

# The nodes many pages name are written once: 2,700 at 3,000 events (1.3 MiB in each of the
# two caches, Turtle and JSON-LD), at most 8,192 (about 4 MiB each).
_SHARED_NODES = 1 << 13


def _first(pair: tuple[str, object]) -> str:
    return pair[0]


def plain_literal(term: str | Lit) -> str | Lit:
    """A literal typed xsd:string as the simple literal it is (pyoxigraph reads it so)."""
    if term.__class__ is Lit and term.datatype == _XSD_STRING:
        return Lit(term.value)
    return term


# --- Turtle --------------------------------------------------------------------------------


def description_turtle(description: Description) -> str:
    """The description as Turtle in pyoxigraph's layout: subjects sorted, each with its
    predicates (sorted) and their objects (sorted by their N-Triples text as pyoxigraph
    writes it); only the prefixes of the namespaces its IRIs and datatypes fall under, in
    the order pyoxigraph declares them."""
    blocks = [(s, _turtle_block(s, facts)) for s, facts in description.own]
    blocks += [(s, _shared_turtle_block(s, facts)) for s, facts in description.named]
    blocks.sort(key=_first)
    namespaces = 0
    for _, (_, used) in blocks:
        namespaces |= used
    return _prefix_header(namespaces) + "".join(text for _, (text, _) in blocks)


_NAMESPACES = tuple((prefix, str(ns)) for prefix, ns in PREFIXES.items())


def _turtle_block(subject: str, facts: Facts) -> tuple[str, int]:
    """One subject's statements, and the namespaces its IRIs and datatypes fall under (a
    bit each, in _NAMESPACES' order). Written with every prefix of the vocabulary, the text
    is the one the page's prefixes alone give: an IRI is written under the longest namespace
    it falls under, and a page declares every namespace an IRI of its own falls under."""
    used = _namespaces(subject)
    predicates = []
    for p, objects in facts:
        predicate, namespaces = _predicate(p)
        used |= namespaces
        if len(objects) > 1:
            objects = sorted(map(plain_literal, objects), key=_order_key)
        written = []
        for o in objects:
            text, namespaces = _recurring(o) if _recurs(o) else _object(o)
            written.append(text)
            used |= namespaces
        predicates.append((predicate, written))
    return subject_statements(_TERMS.iri(f"<{subject}>"), predicates), used


_TERMS = shared_terms(_NAMESPACES)


def _object(term: str | Lit) -> tuple[str, int]:
    """An object as Turtle, and the namespaces its IRI or datatype falls under."""
    plain = plain_literal(term)
    return _TERMS.object(nt_term(plain)), _namespaces(_iri_of(plain))


def _recurs(term: str | Lit) -> bool:
    """Whether pages name the object again and again: an IRI (a place, a body, a kind), a
    typed literal (a date, a count); text rarely recurs."""
    return term.__class__ is str or term.datatype is not None  # type: ignore[union-attr]


# the objects that recur, written once: 13,400 at 3,000 events (4.5 MiB), at most 16,384
_recurring = lru_cache(maxsize=1 << 14)(_object)


@lru_cache(maxsize=1 << 10)  # a release's predicates: a few dozen
def _predicate(iri: str) -> tuple[str, int]:
    return _TERMS.predicate(f"<{iri}>"), _namespaces(iri)


# the statements of the nodes pages share, by their subject and facts
_shared_turtle_block = lru_cache(maxsize=_SHARED_NODES)(_turtle_block)


# The longest namespace an IRI starts with: the alternatives longest first, so the first to
# match is the longest. An IRI falls under that namespace and the namespaces it starts with.
_LONGEST_NAMESPACE = re.compile(
    "|".join(re.escape(ns) for _, ns in sorted(_NAMESPACES, key=lambda item: -len(item[1])))
)
_NAMESPACE_BITS = {
    ns: sum(1 << bit for bit, (_, outer) in enumerate(_NAMESPACES) if ns.startswith(outer))
    for _, ns in _NAMESPACES
}


def _namespaces(iri: str) -> int:
    """The namespaces the IRI falls under, a bit each."""
    found = _LONGEST_NAMESPACE.match(iri)
    return _NAMESPACE_BITS[found.group()] if found else 0


@lru_cache(maxsize=1 << 12)  # asked of a predicate's objects when it has several: classes, names
def _order_key(term: str | Lit) -> str:
    """The object's text as pyoxigraph's str() gives it: the order its writer was given."""
    if term.__class__ is str:
        return f"<{term}>"
    return str(oxigraph_term(term))


def _iri_of(term: str | Lit) -> str:
    """An IRI object, or the datatype pyoxigraph gives a literal (rdf:langString for one with
    a language, xsd:string for a simple one): the prefixes of a description are those of
    these IRIs."""
    if term.__class__ is str:
        return term
    if term.lang:  # type: ignore[union-attr]
        return _LANG_STRING
    return term.datatype or _XSD_STRING  # type: ignore[union-attr]


@cache
def _prefix_header(namespaces: int) -> str:
    """The @prefix lines pyoxigraph writes for these namespaces (its order is its own: taken
    from it once per set of namespaces, a few dozen in a release)."""
    prefixes = {
        ns_prefix: ns for bit, (ns_prefix, ns) in enumerate(_NAMESPACES) if namespaces >> bit & 1
    }
    if not prefixes:
        return ""
    probe = [ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))]
    written = ox.serialize(probe, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert written is not None
    return "".join(
        line for line in written.decode("utf-8").splitlines(True) if line.startswith("@prefix ")
    )


# --- JSON-LD -------------------------------------------------------------------------------


def description_jsonld(description: Description) -> str:
    """The description as one JSON-LD document: the release's context and a node object per
    subject (sorted), as dataset.jsonld's node_json makes them, indented by one space per
    level as json.dumps(…, indent=1, ensure_ascii=False) does."""
    nodes = [(s, _node_json(s, facts)) for s, facts in description.own]
    nodes += [(s, _shared_node_json(s, facts)) for s, facts in description.named]
    nodes.sort(key=_first)
    graph = ",\n".join(text for _, text in nodes)
    return _CONTEXT_HEAD + ("[\n" + graph + "\n ]" if graph else "[]") + "\n}\n"


_encode = json.encoder.encode_basestring  # a str as JSON text, non-ASCII kept
_CONTEXT_HEAD = json.dumps({**context(), "@graph": []}, ensure_ascii=False, indent=1)[:-4]
# the predicates and classes of a release, compacted: a few dozen
_compact = lru_cache(maxsize=1 << 10)(compact)


def _node_json(subject: str, facts: Facts) -> str:
    """A node object with node_json's members in node_json's order (its @id, its @type
    sorted, its keys sorted, the values of a key sorted by value_order), indented as an item
    of @graph (two spaces)."""
    members = ['"@id": ' + iri_json(subject)]
    keyed = []
    for p, objects in facts:
        if p == _TYPE:
            types = sorted(map(_compact, objects))
            members.append('"@type": ' + _json_list([_encode(t) for t in types]))
        else:
            keyed.append((_compact(p), objects))
    keyed.sort(key=_first)
    for key, objects in keyed:
        if len(objects) == 1:
            value = _value_json(objects[0], "   ")
        else:
            value = _json_list([_value_json(o, "    ") for o in sorted(objects, key=value_order)])
        members.append(_encode(key) + ": " + value)
    return "  {\n   " + ",\n   ".join(members) + "\n  }"


# the node objects of the nodes pages share, by their subject and facts
_shared_node_json = lru_cache(maxsize=_SHARED_NODES)(_node_json)


def _json_list(items: list[str]) -> str:
    """A key's values: one as it is, several as a list indented below the key."""
    if len(items) == 1:
        return items[0]
    return "[\n    " + ",\n    ".join(items) + "\n   ]"


def _value_json(term: str | Lit, indent: str) -> str:
    """A value as node_json gives it (an IRI as {"@id"}, a literal with a language or a
    datatype as {"@value"} with it, else a string), its members (if any) one deeper than
    `indent`."""
    if isinstance(term, str):
        return "{\n" + indent + ' "@id": ' + iri_json(term) + "\n" + indent + "}"
    value = _encode(term.value)
    if term.lang:
        second = '"@language": ' + _encode(term.lang)
    elif term.datatype and term.datatype != _XSD_STRING:
        second = '"@type": ' + iri_json(term.datatype)
    else:
        return value
    return (
        "{\n" + indent + ' "@value": ' + value + ",\n" + indent + " " + second + "\n" + indent + "}"
    )
