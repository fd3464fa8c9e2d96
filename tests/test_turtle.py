"""Our streaming Turtle and TriG writers (publish/turtle.py) against pyoxigraph's: the same
graph, and — for the layout both use — the same bytes after the prefixes."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from roadmap_kg.publish.files import nt_lines, subject_lines
from roadmap_kg.publish.nodes import by_subject
from roadmap_kg.publish.turtle import write_trig_lines, write_turtle_lines
from roadmap_kg.rdf import report_graph_iri, report_triples
from roadmap_kg.terms import Lit
from roadmap_kg.vocab import PREFIXES

PREFIX_MAP = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def ours_turtle(lines: list[str], prefixes: dict[str, str] = PREFIX_MAP) -> str:
    out = io.StringIO()
    write_turtle_lines(lines, prefixes, out)
    return out.getvalue()


def ours_trig(graphs: list[tuple[str, list[str]]]) -> str:
    out = io.StringIO()
    write_trig_lines(graphs, PREFIX_MAP, out)
    return out.getvalue()


def body(text: str, first: str) -> str:
    """What follows the prefix lines (pyoxigraph orders its prefixes its own way)."""
    return text[text.index(first) :]


def prefix_lines(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if line.startswith("@prefix"))


def oxigraph_turtle(lines: list[str], prefixes: dict[str, str] = PREFIX_MAP) -> str:
    triples = ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert data is not None
    # a blank line after the prefixes and between subjects, as ours writes them
    text = data.decode()
    out = []
    for line in text.splitlines(keepends=True):
        if out and out[-1].endswith(" .\n") and not line.startswith(("\t", "@")):
            out.append("\n")
        out.append(line)
    return "".join(out)


def parsed(text: str, syntax: ox.RdfFormat) -> set[object]:
    return set(ox.parse(text.encode(), format=syntax))


def test_seed_turtle_equals_pyoxigraph(seed_report) -> None:
    triples = tuple(report_triples(seed_report))
    lines = nt_lines(triples)
    ours, theirs = ours_turtle(lines), oxigraph_turtle(lines)
    first = "\n<"
    assert body(ours, first) == body(theirs, first)
    assert prefix_lines(ours) == prefix_lines(theirs)
    assert parsed(ours, ox.RdfFormat.TURTLE) == parsed("".join(lines), ox.RdfFormat.N_TRIPLES)


def test_seed_trig_reads_back_as_its_graphs(seed_report) -> None:
    name, triples = report_graph_iri(seed_report), tuple(report_triples(seed_report))
    other = f"{EX}graph/2"
    graphs = [(name, nt_lines(triples)), (other, nt_lines(triples[:40]))]
    quads = parsed(ours_trig(graphs), ox.RdfFormat.TRIG)
    expected = {
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
        for graph, lines in graphs
        for t in ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    }
    assert quads == expected
    # pyoxigraph's TriG of each graph's lines in their order, after its prefixes
    theirs = ""
    for graph, lines in graphs:
        nquads = "".join(line[:-3] + f" <{graph}> .\n" for line in lines).encode()
        data = ox.serialize(
            ox.parse(nquads, format=ox.RdfFormat.N_QUADS),
            format=ox.RdfFormat.TRIG,
            prefixes=PREFIX_MAP,
        )
        assert data is not None
        theirs += body(data.decode(), f"<{graph}> {{")
    assert body(ours_trig(graphs), f"<{name}> {{") == theirs


TRICKY = [
    (f"{EX}a", f"{EX}p", Lit('quote " backslash \\ tab \t newline \n return \r')),
    (f"{EX}a", f"{EX}p", Lit("controls \x00 \x08 \x0c \x1f \x7f and é, 日本")),
    (f"{EX}a", f"{EX}p", Lit("по-русски", "ru")),
    (f"{EX}a", f"{EX}p", Lit("42", None, XSD + "integer")),
    (f"{EX}a", f"{EX}p", Lit("-0.5", None, XSD + "decimal")),
    (f"{EX}a", f"{EX}p", Lit("1.5E3", None, XSD + "double")),
    (f"{EX}a", f"{EX}p", Lit("true", None, XSD + "boolean")),
    (f"{EX}a", f"{EX}p", Lit("not a number", None, XSD + "integer")),
    (f"{EX}a", f"{EX}p", Lit("2021", None, XSD + "gYear")),
    (f"{EX}a", f"{EX}q", f"{EX}b"),
    (f"{EX}a", f"{EX}q", f"{EX}c"),
    (f"{EX}b", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"{EX}C"),
    (f"{EX}odd/local", f"{EX}p", f"{EX}-dash"),
    (f"{EX}odd/local", f"{EX}p", f"{EX}trailing."),
    (f"{EX}odd/local", f"{EX}p", f"{EX}"),
    (f"{EX}odd/local", f"{EX}p", f"{EX}with%20escape"),
    (f"{EX}odd/local", f"{EX}p", "http://other.example/x"),
]


@pytest.mark.parametrize("prefixes", [{"ex": EX, "xsd": XSD}, {}])
def test_tricky_terms_read_back_the_same(prefixes: dict[str, str]) -> None:
    lines = nt_lines(TRICKY)
    text = ours_turtle(lines, prefixes)
    assert parsed(text, ox.RdfFormat.TURTLE) == parsed("".join(lines), ox.RdfFormat.N_TRIPLES)
    from rdflib import Graph

    ours = Graph().parse(data=text, format="turtle")
    theirs = Graph().parse(data="".join(lines), format="nt")
    assert set(ours) == set(theirs)
    if prefixes:
        assert " 42 ," in text or " 42 ." in text or " 42 ;" in text  # bare shorthand
        assert '"not a number"^^xsd:integer' in text
        assert "ex:b" in text
        assert "<http://example.org/-dash>" in text
        assert "\\t" in text  # control characters escaped
        assert "\\u0000" in text


def test_lines_made_a_subject_at_a_time_are_those_of_all_triples_sorted() -> None:
    """Subjects that begin with another subject's IRI (where "s>" and "s" sort apart), a
    triple given twice, and a subject met again after others."""
    triples = [
        *TRICKY,
        (f"{EX}a", f"{EX}p", Lit("x")),
        (f"{EX}a-b", f"{EX}p", f"{EX}a"),
        (f"{EX}a/b", f"{EX}p", f"{EX}a"),
        (f"{EX}a", f"{EX}p", Lit("x")),
        (f"{EX}a", f"{EX}q", Lit("x", "ru")),
        (f"{EX}ab", f"{EX}p", Lit("y")),
        (f"{EX}a", f"{EX}p", f"{EX}z"),
    ]
    expected = nt_lines(triples)
    assert list(subject_lines(by_subject(triples))) == expected
    assert sorted(expected) == expected
    assert len(set(expected)) == len(expected)
    # "<ex:a-b>" sorts before "<ex:a>" although "a" sorts before "a-b"
    first = [line.split(" ")[0] for line in expected]
    assert first.index(f"<{EX}a-b>") < first.index(f"<{EX}a>")


def test_an_empty_graph_is_left_out_of_trig() -> None:
    lines = nt_lines(TRICKY[:2])
    text = ours_trig([(f"{EX}g/empty", []), (f"{EX}g/full", lines)])
    assert "g/empty" not in text
    assert len(parsed(text, ox.RdfFormat.TRIG)) == 2


def test_empty_turtle_is_only_prefixes(tmp_path: Path) -> None:
    text = ours_turtle([])
    assert all(line.startswith("@prefix") for line in text.split("\n") if line)
    assert parsed(text, ox.RdfFormat.TURTLE) == set()
