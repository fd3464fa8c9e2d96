"""The terms a release is made of, and every conversion between their forms, in one place.

The pipeline carries light terms: an IRI is a plain str, a literal a `Lit`, a triple a tuple
of them (`Triple`); releases hold millions, and a tuple costs a fraction of an rdflib term.
Other libraries each want their own form, made here at the door of the stage that needs it:

- rdflib (pySHACL, the catalogue, tests, small graphs): `rdflib_term`, `rdflib_graph`, and
  back with `light_term`;
- N-Triples text (the dumps): `nt_term`;
- pyoxigraph (query parameters, the Turtle of a page): `oxigraph_term`; SPARQL JSON results
  as N-Triples text: `sparql_json_nt`;
- the SHACL engine (shacl.py): `shacl_term`, which keeps blank nodes (shapes graphs have
  them) and reads a literal typed xsd:string as the simple literal it is.

Code that reads light terms tells them apart with `is_iri` and reads a term's text with
`lexical` (str() of a Lit is the tuple's repr, not its text). An rdflib URIRef is a str too,
but never equal to one (rdflib's == compares types): a vocabulary term is made a plain str
before it is looked up among light terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing's own from Python 3.13


class Lit(NamedTuple):
    """A literal, as light as a tuple: releases hold millions of them."""

    value: str
    lang: str | None = None
    datatype: str | None = None


# A light term, and a triple of a release: IRIs are plain strings, literals are Lit.
Term = str | Lit
Triple = tuple[str, str, "str | Lit"]


def is_iri(term: str | Lit) -> TypeIs[str]:
    """Whether a light term is an IRI (a str; a Lit is a tuple)."""
    return isinstance(term, str)


def lexical(term: str | Lit) -> str:
    """A light term's text: an IRI's own, a literal's lexical form (what str() of rdflib's
    term gives)."""
    return term.value if isinstance(term, Lit) else term


class Blank(str):
    """A blank node's id, in the SHACL engine's terms: a str that is not an IRI."""


XSD_STRING = str(XSD.string)


# --- rdflib ------------------------------------------------------------------------------


def rdflib_term(term: str | Lit) -> URIRef | Literal:
    """A light term as rdflib's."""
    if isinstance(term, Lit):
        datatype = URIRef(term.datatype) if term.datatype else None
        return Literal(term.value, lang=term.lang, datatype=datatype)
    return URIRef(term)


def light_term(term: str | Lit | Node) -> str | Lit:
    """An rdflib term as a light one; a light term is returned as it is. Releases hold no
    blank nodes, so one is refused rather than read as an IRI."""
    kind = type(term)
    # the light kinds first: an index of a large release asks this of every term it holds
    if kind is str or kind is Lit:
        return term  # type: ignore[return-value]
    if kind is URIRef:
        return str(term)
    if isinstance(term, Literal):
        return Lit(str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        raise ValueError("releases hold no blank nodes")
    if isinstance(term, tuple):  # a Lit made by another copy of this class (a test's, say)
        return Lit(*term)
    return str(term)


def rdflib_graph(triples: Iterable[Triple], prefixes: Mapping[str, object] | None = None) -> Graph:
    """An rdflib Graph of light triples, with prefixes bound (pySHACL's results and rdflib's
    serialisers name IRIs by them); a namespace is anything whose str is its IRI, an rdflib
    Namespace or DefinedNamespace say."""
    graph = Graph()
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, str(namespace), replace=True)
    for s, p, o in triples:
        graph.add((URIRef(s), URIRef(p), rdflib_term(o)))
    return graph


# --- N-Triples ---------------------------------------------------------------------------


def nt_term(term: str | Lit) -> str:
    """A light term in N-Triples syntax, with only the escapes N-Triples requires (the dumps'
    bytes depend on it: pyoxigraph escapes more)."""
    if isinstance(term, Lit):
        value = term.value
        if "\\" in value or '"' in value or "\n" in value or "\r" in value:
            # one replace() per escape: str.translate with a table is ten times slower
            value = (
                value.replace("\\", "\\\\")
                .replace('"', '\\"')
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        text = f'"{value}"'
        if term.lang:
            return f"{text}@{term.lang}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    return f"<{term}>"


def nt_light_term(text: str) -> str | Lit:
    """An IRI or a literal written in N-Triples syntax (as diff.py holds values) as a light
    term, a literal typed xsd:string as the simple literal it is: read by pyoxigraph's
    N-Triples parser, so every escape is undone as it is."""
    line = f"<urn:x:s> <urn:x:p> {text} .\n".encode()
    (triple,) = ox.parse(line, ox.RdfFormat.N_TRIPLES)
    return light_of_oxigraph(triple.object)


def nt_rdflib_term(text: str) -> URIRef | Literal:
    """nt_light_term(), as rdflib's term."""
    return rdflib_term(nt_light_term(text))


# --- pyoxigraph --------------------------------------------------------------------------


def oxigraph_term(term: str | Lit | Node) -> ox.NamedNode | ox.Literal:
    """A light or rdflib term as pyoxigraph's. pyoxigraph checks IRIs and language tags: a
    malformed one raises ValueError."""
    light = light_term(term)
    if isinstance(light, Lit):
        if light.lang:
            return ox.Literal(light.value, language=light.lang)
        if light.datatype is not None:
            return ox.Literal(light.value, datatype=ox.NamedNode(light.datatype))
        return ox.Literal(light.value)
    return ox.NamedNode(light)


def light_of_oxigraph(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str | Lit:
    """A pyoxigraph term as a light one (a blank node as a Blank; a literal typed xsd:string
    as the simple literal it is, as rdflib gives it)."""
    if isinstance(term, ox.Literal):
        if term.language:
            return Lit(term.value, term.language)
        datatype = term.datatype.value
        return Lit(term.value, None, None if datatype == XSD_STRING else datatype)
    if isinstance(term, ox.BlankNode):
        return Blank("_:" + term.value)
    return str(term.value)


def read_light(path: Path, format: ox.RdfFormat) -> list[tuple[str, str, str | Lit]]:
    """The triples of an RDF file as light terms, read by pyoxigraph (ten times as fast as
    rdflib's parser: a 3 MB catalog.ttl in 0.08 s, against 0.83 s). A file that is not
    readable raises SyntaxError (with where) or OSError."""
    return [
        (str(light_of_oxigraph(t.subject)), str(t.predicate.value), light_of_oxigraph(t.object))
        for t in ox.parse(path=path, format=format)
    ]


def sparql_json_nt(value: Mapping[str, str] | None) -> str:
    """A term of SPARQL 1.1 JSON results in N-Triples syntax, as pyoxigraph escapes it (the
    TSV results format); an unbound variable is empty."""
    if value is None:
        return ""
    if value["type"] == "bnode":
        return f"_:{value['value']}"
    if value["type"] == "uri":
        return str(ox.NamedNode(value["value"]))
    return str(oxigraph_term(Lit(value["value"], value.get("xml:lang"), value.get("datatype"))))


# --- the SHACL engine --------------------------------------------------------------------


def shacl_term(term: str | Lit | Node) -> str | Lit:
    """A light or rdflib term as the SHACL engine keys it: IRIs as str, blank nodes as Blank,
    literals as Lit, with xsd:string dropped (a simple literal and the same text typed
    xsd:string are one term, so sh:in and sh:hasValue must find either)."""
    kind = type(term)
    if kind is str or kind is Blank:
        return term  # type: ignore[return-value]
    if isinstance(term, Lit):
        return Lit(term.value, None, None) if term.datatype == XSD_STRING else term
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        return Lit(str(term), term.language, None if datatype == XSD_STRING else datatype)
    if isinstance(term, BNode):
        return Blank(term)
    return str(term)
