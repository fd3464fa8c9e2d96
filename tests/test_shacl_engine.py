"""The compiled validator (roadmap_kg.shacl) gives the results pySHACL gives.

Every mutation case of test_shapes (each breaks the valid graph in one way) is validated by
both; the top-level results must agree on (focus node, path, constraint component, value).
Real releases are compared too: the seed report and every fixture report, as built.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, XSD

from roadmap_kg.shacl import Data, Unsupported, Validator, _value
from roadmap_kg.terms import Blank, Lit, shacl_term
from roadmap_kg.validate import validate
from test_shapes import CASES, SHAPES_FILE, top_results, valid_graph

Key = tuple[object, object, str, object]
SCHEMA = Namespace("https://schema.org/")
RM = Namespace("https://w3id.org/roadmap-kg/ontology#")


def _key_term(node: object) -> object:
    """Terms of either engine as ours; blank nodes as 'some blank node' (ids differ)."""
    if node is None:
        return None
    term = shacl_term(node) if isinstance(node, (URIRef, BNode, Literal)) else node
    return "_:" if isinstance(term, Blank) else term


def pyshacl_results(data: Graph, shapes: Graph) -> set[Key]:
    _, results, _ = pyshacl_validate(data, shacl_graph=shapes, inference="none", advanced=False)
    found = set()
    for result in top_results(results):
        component = str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        if component in ("MinCountConstraintComponent", "MaxCountConstraintComponent"):
            value = None  # pySHACL names no value for counts; we neither
        found.add(
            (
                _key_term(results.value(result, SH.focusNode)),
                _key_term(path),
                component,
                _key_term(value),
            )
        )
    return found


_COMPARISONS = {
    "MinInclusiveConstraintComponent",
    "MaxInclusiveConstraintComponent",
    "MinExclusiveConstraintComponent",
    "MaxExclusiveConstraintComponent",
    "LessThanConstraintComponent",
    "LessThanOrEqualsConstraintComponent",
}


def our_results(data: Graph, shapes: Graph, *, as_pyshacl: bool = True) -> set[Key]:
    """Our results; as_pyshacl drops the one deliberate difference: a comparison with an
    ill-formed literal ('-5' as xsd:nonNegativeInteger) fails for us, as SHACL says, while
    pySHACL lets it pass (rdflib answers NotImplemented, which Python takes as true).
    sh:datatype reports such literals in both."""
    validator = Validator(shapes)
    index = Data.from_graph(data)
    ill_formed = {
        s
        for s, by_p in index.out.items()
        for values in by_p.values()
        for o in values
        if isinstance(o, Lit) and _value(o) is None
    }
    return {
        (
            _key_term(r.focus),
            "_:" if r.inverse else r.path,  # pySHACL names the blank node of the path
            r.component,
            None if r.value is None else _key_term(r.value),
        )
        for r in validator.run(index)
        if not (as_pyshacl and r.component in _COMPARISONS and r.focus in ill_formed)
    }


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def test_the_valid_graph_conforms_in_both(shapes: Graph) -> None:
    assert our_results(valid_graph(), shapes) == set() == pyshacl_results(valid_graph(), shapes)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::UserWarning")  # rdflib warns of the ill-typed literals
@pytest.mark.filterwarnings("ignore:NotImplemented should not be used:DeprecationWarning")
@pytest.mark.parametrize(("name", "mutation"), [(case[0], case[1]) for case in CASES])
def test_each_mutation_gives_the_results_pyshacl_gives(name: str, mutation, shapes: Graph) -> None:
    data = valid_graph()
    mutation(data)
    ours = our_results(data, shapes)
    theirs = pyshacl_results(data, shapes)
    assert ours, f"{name}: the broken graph passed"
    assert ours == theirs


def test_comparing_an_ill_formed_literal_is_a_violation(shapes: Graph) -> None:
    data = valid_graph()
    event = URIRef("https://w3id.org/roadmap-kg/id/event/ev1")
    data.set((event, RM.participantCount, Literal("-5", datatype=XSD.nonNegativeInteger)))
    components = {key[2] for key in our_results(data, shapes, as_pyshacl=False)}
    assert components == {"DatatypeConstraintComponent", "MinInclusiveConstraintComponent"}


def test_a_built_release_conforms_in_both(multi_release: Path, shapes: Graph) -> None:
    graph = Graph()
    graph.parse(multi_release / "dataset.nt", format="nt")
    assert len(graph) > 3000
    assert our_results(graph, shapes) == pyshacl_results(graph, shapes) == set()


@pytest.mark.filterwarnings("ignore::UserWarning")  # rdflib warns of the ill-typed literal
@pytest.mark.filterwarnings("ignore:NotImplemented should not be used:DeprecationWarning")
def test_a_broken_release_gives_the_same_results_in_both(seed_graph: Graph, shapes: Graph) -> None:
    """Many defects at once, on the real graph of the seed: every event loses its kind, one
    date is made ill-formed, one host is no organisation."""
    graph = Graph()
    for triple in seed_graph:
        graph.add(triple)
    events = sorted(graph.subjects(RDF.type, SCHEMA.Event))
    for event in events:
        graph.remove((event, RM.kind, None))
    graph.set((events[0], SCHEMA.startDate, Literal("2021-02-30", datatype=XSD.date)))
    graph.add((events[1], RM.host, events[2]))
    ours = our_results(graph, shapes)
    assert len(ours) >= len(events) + 2
    assert ours == pyshacl_results(graph, shapes)


def test_unsupported_shapes_are_refused_not_skipped() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this {}" ] .
        """,
        format="turtle",
    )
    with pytest.raises(Unsupported):
        Validator(shapes)


def test_unsupported_shapes_fall_back_to_pyshacl() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .
        """,
        format="turtle",
    )
    data = Graph().parse(
        data="@prefix ex: <http://example.org/> . ex:a a ex:C ; ex:p ex:b .", format="turtle"
    )
    report = validate(data, shapes)
    assert not report.conforms
    assert [v.focus for v in report.violations] == ["http://example.org/a"]


def test_inverse_paths_and_object_targets_agree_with_pyshacl() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:Parents a sh:NodeShape ; sh:targetClass ex:Person ;
            sh:property [ sh:path [ sh:inversePath ex:child ] ; sh:maxCount 2 ; sh:class ex:Person ] .
        ex:Named a sh:NodeShape ; sh:targetObjectsOf ex:child ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string ] .
        """,
        format="turtle",
    )
    data = Graph().parse(
        data="""
        @prefix ex: <http://example.org/> .
        ex:a a ex:Person ; ex:child ex:c ; ex:name "A" .
        ex:b a ex:Person ; ex:child ex:c ; ex:name "B" .
        ex:d ex:child ex:c ; ex:name 4 .
        ex:c a ex:Person .
        """,
        format="turtle",
    )
    ours = our_results(data, shapes)
    assert {key[2] for key in ours} == {
        "MaxCountConstraintComponent",
        "ClassConstraintComponent",
        "MinCountConstraintComponent",
    }
    assert ours == pyshacl_results(data, shapes)


# --- the quick pass (Validator.holds) and the data index --------------------------------


def _all_results(validator: Validator, index: Data) -> list:
    """Every result as the engine gives them without its quick pass: each focus node of
    each target checked in full, in order (run() must have been called on index)."""
    expected: list = []
    for shape, targets in validator.targets:
        for focus in sorted(targets(index), key=str):
            validator._results(focus, shape, expected)
    return expected


def _nodes(index: Data) -> set:
    values = {o for by_p in index.out.values() for found in by_p.values() for o in found}
    return set(index.out) | values


def _assert_the_quick_pass_is_exact(validator: Validator, index: Data, nodes: set) -> None:
    results = validator.run(index)
    assert results == _all_results(validator, index)
    for shape in list(validator._shapes.values()):
        for node in nodes:
            conforms = not validator._results(node, shape, [])
            assert validator.holds(node, shape) == conforms, (shape.id, node)


@pytest.mark.filterwarnings("ignore::UserWarning")  # rdflib warns of the ill-typed literal
def test_the_quick_pass_finds_exactly_the_nodes_with_results(
    seed_graph: Graph, shapes: Graph
) -> None:
    """On the seed's graph broken in many ways, each shape holds at each focus node of its
    targets exactly when the full check gives no result, and run() gives the full check's
    results in the full check's order."""
    graph = Graph()
    for triple in seed_graph:
        graph.add(triple)
    events = sorted(graph.subjects(RDF.type, SCHEMA.Event))
    graph.remove((events[0], RM.kind, None))
    graph.set((events[1], SCHEMA.startDate, Literal("2021-02-30", datatype=XSD.date)))
    graph.add((events[2], RM.host, events[3]))
    graph.add((events[4], SCHEMA.endDate, Literal("1999-01-01", datatype=XSD.date)))
    graph.remove((events[5], RM.responsibleBody, None))
    validator = Validator(shapes)
    assert not validator.recursive
    index = Data.from_graph(graph)
    results = validator.run(index)
    assert {r.focus for r in results} == {str(events[i]) for i in (0, 1, 2, 4, 5)}
    foci = {focus for _, targets in validator.targets for focus in targets(index)}
    _assert_the_quick_pass_is_exact(validator, index, foci)


@pytest.mark.filterwarnings("ignore::UserWarning")  # rdflib warns of the ill-typed literals
@pytest.mark.parametrize(("name", "mutation"), [(case[0], case[1]) for case in CASES])
def test_the_quick_pass_is_exact_on_each_mutation(name: str, mutation, shapes: Graph) -> None:
    """Every shape (nested ones too) at every node of each broken graph."""
    data = valid_graph()
    mutation(data)
    index = Data.from_graph(data)
    _assert_the_quick_pass_is_exact(Validator(shapes), index, _nodes(index))


RECURSIVE_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:Person a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:knows ; sh:node ex:Person ] ,
                [ sh:path ex:name ; sh:minCount 1 ] .
"""


def test_recursive_shapes_are_checked_in_full() -> None:
    """A shape that refers back to itself is assumed to hold while it is being checked, so
    the order of the checks could matter: such shapes skip the quick pass."""
    validator = Validator(Graph().parse(data=RECURSIVE_SHAPES, format="turtle"))
    assert validator.recursive
    data = Graph().parse(
        data="""@prefix ex: <http://example.org/> .
        ex:a a ex:Person ; ex:name "A" ; ex:knows ex:b .
        ex:b a ex:Person ; ex:name "B" ; ex:knows ex:a .
        ex:c a ex:Person ; ex:name "C" ; ex:knows ex:d .
        ex:d a ex:Person .""",
        format="turtle",
    )
    index = Data.from_graph(data)
    results = validator.run(index)
    assert results == _all_results(validator, index)
    assert [(r.focus, r.component) for r in results] == [
        ("http://example.org/c", "NodeConstraintComponent"),
        ("http://example.org/d", "MinCountConstraintComponent"),
    ]


EX = "http://example.org/"


def test_the_data_holds_each_triple_once_in_any_order() -> None:
    """Triples need not come grouped by subject, and a triple stated twice counts once, in
    short value lists and in long ones alike."""
    many = [(f"{EX}s", f"{EX}p", Lit(str(i))) for i in range(40)]
    few = [(f"{EX}t", f"{EX}p", f"{EX}o{i}") for i in range(3)]
    mixed = [triple for pair in zip(many, few, strict=False) for triple in pair] + many[3:]
    index = Data(mixed + many[::-1] + few + [(f"{EX}s", f"{EX}q", f"{EX}o1")])
    assert index.objects(f"{EX}s", f"{EX}p") == [o for _, _, o in many]
    assert index.objects(f"{EX}t", f"{EX}p") == [o for _, _, o in few]
    assert index.subjects(f"{EX}p", f"{EX}o1") == [f"{EX}t"]
    assert index.subjects(f"{EX}q", f"{EX}o1") == [f"{EX}s"]


def test_counts_of_long_value_lists_are_of_distinct_values() -> None:
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
            sh:property [ sh:path ex:p ; sh:maxCount 40 ] .""",
        format="turtle",
    )
    validator = Validator(shapes)
    forty = [(f"{EX}s", f"{EX}p", f"{EX}o{i}") for i in range(40)]
    assert validator.run(Data(forty * 2)) == []
    (result,) = validator.run(Data(forty * 2 + [(f"{EX}s", f"{EX}p", f"{EX}o40")]))
    assert result.component == "MaxCountConstraintComponent"


def test_classes_below_a_class_by_subclass_of_in_the_data_agree_with_pyshacl() -> None:
    """sh:targetClass and sh:class take rdfs:subClassOf in the data into account, over
    several steps and through a cycle; a literal is no instance."""
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:Agents a sh:NodeShape ; sh:targetClass ex:Agent ;
            sh:property [ sh:path ex:knows ; sh:class ex:Agent ] ,
                        [ sh:path ex:name ; sh:minCount 1 ] .
        """,
        format="turtle",
    )
    data = Graph().parse(
        data="""
        @prefix ex: <http://example.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Person rdfs:subClassOf ex:Agent . ex:Student rdfs:subClassOf ex:Person .
        ex:Loop rdfs:subClassOf ex:Loop2 . ex:Loop2 rdfs:subClassOf ex:Loop .
        ex:a a ex:Student ; ex:name "A" ; ex:knows ex:b , ex:c , ex:d , "e" .
        ex:b a ex:Person ; ex:name "B" .
        ex:c a ex:Loop .
        ex:d a ex:Agent .
        """,
        format="turtle",
    )
    ours = our_results(data, shapes)
    assert ours == {
        ("http://example.org/a", "http://example.org/knows", "ClassConstraintComponent", f"{EX}c"),
        ("http://example.org/a", "http://example.org/knows", "ClassConstraintComponent", Lit("e")),
        ("http://example.org/d", "http://example.org/name", "MinCountConstraintComponent", None),
    }
    assert ours == pyshacl_results(data, shapes)


def test_the_data_is_let_go_when_validation_ends_with_the_cycle_collector_resting(
    shapes: Graph,
) -> None:
    """A build rests the cycle collector (pipeline): the validator's compiled checks refer
    back to it, and a validator holding the data after its run kept the index of every
    triple alive to the build's end (131 MiB at 50,000 events)."""
    gc.collect()
    gc.disable()
    try:
        report = validate(valid_graph(), shapes)
        left = [o for o in gc.get_objects() if isinstance(o, Data)]
    finally:
        gc.enable()
    assert report.conforms
    assert left == []
