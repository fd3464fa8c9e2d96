"""The Turtle and JSON-LD beside each resource page (index.ttl, index.jsonld), written from
light triples (terms.py) with the release's own writers.

A page's description is the resource's own triples and what names the resources it links to.
Writing it through rdflib and pyoxigraph term objects took two fifths of the time of a
resource's three files; here the Turtle comes from sorted N-Triples lines through
publish/turtle.py (pyoxigraph's layout) and the JSON-LD from the node objects of
dataset.jsonld, indented as json.dumps(indent=1) indents them. The bytes are the ones the
term-object writers gave (tests/test_site_representations.py compares the two)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache, lru_cache

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from ...terms import Lit, Triple, nt_term, oxigraph_term
from ...vocab import PREFIXES
from ..downloads import context, node_json
from ..nodes import Nodes
from ..turtle import turtle_statements

_LANG_STRING = str(RDF.langString)
_XSD_STRING = str(XSD.string)


def plain_literal(term: str | Lit) -> str | Lit:
    """A literal typed xsd:string as the simple literal it is (pyoxigraph reads it so)."""
    if term.__class__ is Lit and term.datatype == _XSD_STRING:
        return Lit(term.value)
    return term


# --- Turtle --------------------------------------------------------------------------------


def description_turtle(triples: Iterable[Triple]) -> str:
    """Distinct light triples as Turtle in pyoxigraph's layout: sorted by subject, predicate
    and the object's N-Triples text as pyoxigraph writes it; only the prefixes the
    description's IRIs and datatypes use, in the order pyoxigraph declares them."""
    plain = ((s, p, plain_literal(o)) for s, p, o in triples)
    keyed = sorted((s, p, _order_key(o), o) for s, p, o in plain)
    lines = [f"<{s}> <{p}> {nt_term(o)} .\n" for s, p, _, o in keyed]
    used = "\n" + "\n".join({iri for s, p, _, o in keyed for iri in (s, p, _iri_of(o))})
    prefixes = tuple(prefix for prefix, ns in _NAMESPACES if "\n" + ns in used)
    namespaces = tuple((prefix, _PREFIX_IRIS[prefix]) for prefix in prefixes)
    return _prefix_header(prefixes) + turtle_statements(lines, namespaces)


_NAMESPACES = tuple((prefix, str(ns)) for prefix, ns in PREFIXES.items())
_PREFIX_IRIS = dict(_NAMESPACES)


@lru_cache(maxsize=1 << 16)
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
def _prefix_header(prefixes: tuple[str, ...]) -> str:
    """The @prefix lines pyoxigraph writes for these prefixes (its order is its own: taken
    from it once per set of prefixes, a few dozen in a release)."""
    if not prefixes:
        return ""
    probe = [ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))]
    written = ox.serialize(
        probe,
        format=ox.RdfFormat.TURTLE,
        prefixes={prefix: _PREFIX_IRIS[prefix] for prefix in prefixes},
    )
    assert written is not None
    return "".join(
        line for line in written.decode("utf-8").splitlines(True) if line.startswith("@prefix ")
    )


# --- JSON-LD -------------------------------------------------------------------------------


def description_jsonld(triples: Iterable[Triple]) -> str:
    """Distinct light triples as one JSON-LD document: the release's context and a node
    object per subject (sorted), made as dataset.jsonld makes them, indented by one space
    per level as json.dumps(…, indent=1, ensure_ascii=False) does."""
    nodes: Nodes = {}
    for s, p, o in triples:
        nodes.setdefault(s, {}).setdefault(p, []).append(o)
    graph = ",\n".join(
        _node_text(s, tuple((p, tuple(objects)) for p, objects in nodes[s].items()))
        for s in sorted(nodes)
    )
    return _CONTEXT_HEAD + ("[\n" + graph + "\n ]" if graph else "[]") + "\n}\n"


@lru_cache(maxsize=1 << 13)  # the names of the places, bodies and kinds pages name most
def _node_text(subject: str, facts: tuple[tuple[str, tuple[str | Lit, ...]], ...]) -> str:
    """A node object of a description, indented: the same for every page that names the
    same place, body or kind (by name alone), so made once for them all."""
    node = node_json(subject, {p: list(objects) for p, objects in facts})
    return "  " + _indented(json.loads(node), "  ")


_encode = json.encoder.encode_basestring  # a str as JSON text, non-ASCII kept
_CONTEXT_HEAD = json.dumps({**context(), "@graph": []}, ensure_ascii=False, indent=1)[:-4]


def _indented(value: object, indent: str) -> str:
    """A JSON value (str, dict, list) as json.dumps(indent=1) writes it at this depth."""
    if value.__class__ is str:
        return _encode(value)
    inner = indent + " "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [inner + _encode(k) + ": " + _indented(v, inner) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _indented(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)
