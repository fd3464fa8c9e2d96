"""terms.py: each conversion between the forms of a term, against the library on the other side
(rdflib, pyoxigraph) rather than against itself."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from roadmap_kg.terms import (
    Blank,
    Lit,
    is_iri,
    lexical,
    light_term,
    nt_light_term,
    nt_rdflib_term,
    nt_term,
    oxigraph_term,
    rdflib_graph,
    rdflib_term,
    shacl_term,
    sparql_json_nt,
)

EX = "http://example.org/"
TERMS = [
    f"{EX}a",
    Lit("plain"),
    Lit("по-русски", "ru"),
    Lit("42", None, str(XSD.integer)),
    Lit("typed as string", None, str(XSD.string)),
    Lit('quote " backslash \\ newline \n return \r tab \t'),
]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_a_light_term_goes_to_rdflib_and_back(term: str | Lit) -> None:
    assert light_term(rdflib_term(term)) == term


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_n_triples_of_a_term_read_by_pyoxigraph_is_its_pyoxigraph_term(term: str | Lit) -> None:
    line = f"<{EX}s> <{EX}p> {nt_term(term)} .\n"
    (triple,) = ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert triple.object == oxigraph_term(term)


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_pyoxigraph_takes_a_light_or_an_rdflib_term_alike(term: str | Lit) -> None:
    assert oxigraph_term(rdflib_term(term)) == oxigraph_term(term)


def test_a_light_term_is_returned_as_it_is() -> None:
    iri, literal = f"{EX}a", Lit("x")
    assert light_term(iri) is iri
    assert light_term(literal) is literal


def test_a_release_holds_no_blank_nodes() -> None:
    with pytest.raises(ValueError, match="blank nodes"):
        light_term(BNode("b0"))


def test_the_shacl_engine_keeps_blank_nodes_and_reads_xsd_string_as_simple() -> None:
    assert isinstance(shacl_term(BNode("b0")), Blank)
    assert shacl_term(Literal("x", datatype=XSD.string)) == Lit("x")
    assert shacl_term(Lit("x", None, str(XSD.string))) == Lit("x")
    assert shacl_term(URIRef(f"{EX}a")) == f"{EX}a"
    assert type(shacl_term(URIRef(f"{EX}a"))) is str


def test_a_graph_of_light_triples_binds_its_prefixes() -> None:
    graph = rdflib_graph([(f"{EX}s", f"{EX}p", Lit("o", "en"))], {"ex": EX})
    assert (URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal("o", lang="en")) in graph
    assert graph.namespace_manager.normalizeUri(URIRef(f"{EX}p")) == "ex:p"


def test_sparql_json_terms_as_n_triples() -> None:
    assert sparql_json_nt(None) == ""
    assert sparql_json_nt({"type": "uri", "value": f"{EX}a"}) == f"<{EX}a>"
    assert sparql_json_nt({"type": "bnode", "value": "b0"}) == "_:b0"
    assert sparql_json_nt({"type": "literal", "value": "x", "xml:lang": "ru"}) == '"x"@ru'
    typed = {"type": "literal", "value": "1", "datatype": str(XSD.integer)}
    assert sparql_json_nt(typed) == f'"1"^^<{XSD.integer}>'
    # pyoxigraph's escaping: a tab is escaped here, unlike in our dumps
    assert sparql_json_nt({"type": "literal", "value": "a\tb"}) == '"a\\tb"'


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_n_triples_text_reads_back_as_the_light_term_and_as_rdflib_s(term: str | Lit) -> None:
    read = nt_light_term(nt_term(term))
    # a literal typed xsd:string is the simple literal it is
    assert read == (
        Lit(term.value) if isinstance(term, Lit) and term[2] == str(XSD.string) else term
    )
    assert nt_rdflib_term(nt_term(term)) == rdflib_term(read)


def test_an_iri_is_a_str_and_a_literal_s_text_is_its_lexical_form() -> None:
    iri, literal = f"{EX}a", Lit("2021-04-08", None, str(XSD.date))
    assert is_iri(iri)
    assert is_iri(URIRef(iri))  # rdflib's IRIs are str too
    assert not is_iri(literal)
    assert not is_iri(Lit(iri))  # a literal whose text looks like an IRI
    assert lexical(iri) == iri
    assert lexical(literal) == "2021-04-08" == str(rdflib_term(literal))
    assert str(literal) != "2021-04-08"  # what lexical() is for: str() of a Lit is its repr
