"""A SHACL Core validator compiled from the shapes graph, run over light triples.

pySHACL checks about ten thousand triples a second; a release of fifty thousand events has
more than a million. This module reads the shapes once, turns every constraint into a plain
Python check, and runs the checks over a dictionary index of the data: the same results as
pySHACL for the constraint components it supports, in a fraction of the time.

Supported: targets (sh:targetClass with rdfs:subClassOf in the data, sh:targetNode,
sh:targetSubjectsOf, sh:targetObjectsOf); property shapes with a predicate or sh:inversePath
path; sh:minCount, sh:maxCount, sh:datatype (with well-formedness of the usual XSD types),
sh:class, sh:nodeKind, sh:pattern (+ sh:flags), sh:in, sh:hasValue, sh:minInclusive,
sh:maxInclusive, sh:minExclusive, sh:maxExclusive, sh:minLength, sh:maxLength,
sh:lessThan, sh:lessThanOrEquals, sh:equals, sh:disjoint, sh:node, sh:not, sh:and, sh:or,
sh:xone; sh:severity, sh:message, sh:deactivated. Shapes that use anything else raise
`Unsupported`, and the caller falls back to pySHACL; nothing is silently skipped.

Nearly every focus node of a release conforms. `run` first asks each one the quick pass
(`Validator.holds`: whether the node conforms, with no result made, each value's test asked
until one fails) and checks in full, results and messages made, only the nodes that do not:
the same results in the same order. The tests hold the two passes to agree on every node.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from .terms import XSD_STRING, Blank, Lit, shacl_term

Term = str | Lit  # an IRI (str), a blank node (Blank, a str) or a literal (Lit)


class Unsupported(Exception):
    """The shapes use a SHACL feature this validator does not implement."""


@dataclass(frozen=True)
class Result:
    focus: Term
    path: str | None  # the property IRI; None for node-level results
    value: Term | None
    component: str  # local name of the constraint component, e.g. 'MinCountConstraintComponent'
    shape: str  # IRI or blank-node id of the shape that produced it
    message: str
    severity: str  # 'Violation', 'Warning' or 'Info'
    inverse: bool = False  # the path is sh:inversePath of `path`


_RDF_LANGSTRING = str(RDF.langString)
_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)
# a value list longer than this is made distinct once built, not at each value added to it
_SHORT = 16

# --- the data ----------------------------------------------------------------------------


class Data:
    """Light triples held as subject → predicate → objects (each triple once), and the
    inverse of a predicate (object → subjects) when first asked for: targets ask it of
    rdf:type and rdfs:subClassOf, inverse paths and sh:targetObjectsOf of theirs."""

    def __init__(self, triples: Iterable[tuple[Term, str, Term]]) -> None:
        out: dict[Term, dict[str, list[Term]]] = {}
        subject: Term | None = None
        by_predicate: dict[str, list[Term]] = {}
        crowded: list[list[Term]] = []  # lists too long to look a new value up in
        for s, p, o in triples:
            if not (
                type(s) is str
                and type(p) is str
                and (type(o) is str or (type(o) is Lit and o.datatype != XSD_STRING))
            ):
                # plain str keys: an rdflib URIRef never equals a str with the same text
                s, p, o = shacl_term(s), str(p), shacl_term(o)
            if s != subject:  # a release's triples come grouped by subject: one look-up each
                subject, found = s, out.get(s)
                by_predicate = out[s] = {} if found is None else found
            values = by_predicate.get(p)
            if values is None:
                by_predicate[p] = [o]
            elif len(values) < _SHORT:
                if o not in values:  # each triple once (two graphs may state it)
                    values.append(o)
            else:
                if len(values) == _SHORT:
                    crowded.append(values)
                values.append(o)
        for values in crowded:
            values[:] = dict.fromkeys(values)
        self.out = out
        self._inverse: dict[str, dict[Term, list[Term]]] = {}
        self._instances: dict[str, frozenset[Term]] = {}

    def inverse(self, predicate: str) -> dict[Term, list[Term]]:
        """object → the subjects of predicate, in the order of the data."""
        known = self._inverse.get(predicate)
        if known is None:
            known = {}
            for s, by_predicate in self.out.items():
                for o in by_predicate.get(predicate, ()):
                    subjects = known.get(o)
                    if subjects is None:
                        known[o] = [s]
                    else:
                        subjects.append(s)
            self._inverse[predicate] = known
        return known

    @classmethod
    def from_graph(cls, graph: Graph) -> Data:
        return cls((shacl_term(s), str(p), shacl_term(o)) for s, p, o in graph)

    def objects(self, node: Term, predicate: str) -> list[Term]:
        by_predicate = self.out.get(node)
        return by_predicate.get(predicate, []) if by_predicate else []

    def subjects(self, predicate: str, node: Term) -> list[Term]:
        return self.inverse(predicate).get(node, [])

    def subclasses(self, cls: str) -> set[Term]:
        """cls and every class below it by rdfs:subClassOf in the data."""
        found: set[Term] = {cls}
        pending: list[Term] = [cls]
        while pending:
            for sub in self.subjects(_SUBCLASS, pending.pop()):
                if sub not in found:
                    found.add(sub)
                    pending.append(sub)
        return found

    def instances(self, cls: str) -> frozenset[Term]:
        """The nodes typed cls or a class below it (remembered: sh:class asks it of each value
        node, and a literal is no subject, so none is an instance)."""
        known = self._instances.get(cls)
        if known is None:
            known = frozenset(n for c in self.subclasses(cls) for n in self.subjects(_TYPE, c))
            self._instances[cls] = known
        return known

    def is_instance(self, node: Term, cls: str) -> bool:
        return node in self.instances(cls)


# --- literal values ----------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN)")
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = re.compile(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})" + _ZONE)
_YEAR = re.compile(r"-?(?:[1-9][0-9]{4,}|[0-9]{4})" + _ZONE)
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    str(XSD.integer): (None, None),
    str(XSD.nonNegativeInteger): (0, None),
    str(XSD.positiveInteger): (1, None),
    str(XSD.nonPositiveInteger): (None, 0),
    str(XSD.negativeInteger): (None, -1),
    str(XSD.long): (-(2**63), 2**63 - 1),
    str(XSD.int): (-(2**31), 2**31 - 1),
    str(XSD.short): (-(2**15), 2**15 - 1),
    str(XSD.byte): (-(2**7), 2**7 - 1),
    str(XSD.unsignedLong): (0, 2**64 - 1),
    str(XSD.unsignedInt): (0, 2**32 - 1),
    str(XSD.unsignedShort): (0, 2**16 - 1),
    str(XSD.unsignedByte): (0, 2**8 - 1),
}
_NUMERIC = {*_INTEGER_RANGES, str(XSD.decimal), str(XSD.double), str(XSD.float)}


def _datatype_of(lit: Lit) -> str:
    if lit.lang:
        return _RDF_LANGSTRING
    return lit.datatype or XSD_STRING


_XSD_DECIMAL, _XSD_DATE, _XSD_YEAR, _XSD_BOOLEAN = (
    str(XSD.decimal),
    str(XSD.date),
    str(XSD.gYear),
    str(XSD.boolean),
)
_XSD_FLOATS = (str(XSD.double), str(XSD.float))


@lru_cache(maxsize=65536)
def _value(lit: Lit) -> tuple[str, Any] | None:
    """(family, comparable value) of a well-formed literal; None when it is ill-formed.
    Families: 'number', 'date', 'year', 'string', 'boolean', 'other'."""
    datatype = _datatype_of(lit)
    text = lit.value
    if datatype in _INTEGER_RANGES:
        if not _INTEGER.fullmatch(text):
            return None
        number = int(text)
        low, high = _INTEGER_RANGES[datatype]
        if (low is not None and number < low) or (high is not None and number > high):
            return None
        return "number", number
    if datatype == _XSD_DECIMAL:
        if not _DECIMAL.fullmatch(text):
            return None
        return "number", Decimal(text)
    if datatype in _XSD_FLOATS:
        if not _DOUBLE.fullmatch(text):
            return None
        return "number", float(text.replace("INF", "inf"))
    if datatype == _XSD_DATE:
        match = _DATE.fullmatch(text)
        if not match:
            return None
        try:
            return "date", date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if datatype == _XSD_YEAR:
        return (
            ("year", int(text[:4] if text[0] != "-" else text[:5]))
            if _YEAR.fullmatch(text)
            else None
        )
    if datatype == _XSD_BOOLEAN:
        return ("boolean", text in ("true", "1")) if text in ("true", "false", "1", "0") else None
    if datatype in (XSD_STRING, _RDF_LANGSTRING):
        return "string", text
    return "other", text


def _compare(a: Term, b: Term) -> int | None:
    """-1, 0 or 1 when both are literals of one comparable family, else None."""
    if not isinstance(a, Lit) or not isinstance(b, Lit):
        return None
    va, vb = _value(a), _value(b)
    if va is None or vb is None or va[0] != vb[0] or va[0] in ("other", "boolean"):
        return None
    if va[0] == "string" and (a.lang or None) != (b.lang or None):
        return None
    try:
        order: int = (va[1] > vb[1]) - (va[1] < vb[1])
        return order
    except (TypeError, InvalidOperation):
        return None


# --- the shapes --------------------------------------------------------------------------

_IGNORED = {
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.severity,
    SH.deactivated,
    SH.path,
    SH.property,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.defaultValue,
    SH.flags,
    SH.declare,
    SH.prefixes,
}
# What a check reports: the value at fault (None when the fault is the focus node's, such as
# too few values), the constraint component, and the message.
Finding = tuple[Term | None, str, str]
# A compiled constraint: given the focus node and its value nodes (the values of the shape's
# path, or the focus node itself for a node shape), the findings.
Check = Callable[["Validator", Term, list[Term]], Iterator[Finding]]
_ANY = sys.maxsize  # no sh:maxCount


@dataclass(frozen=True)
class Compiled:
    """A constraint compiled: the check that gives its findings, and what the quick pass
    (Validator.holds, which tells only whether there is any) asks instead where it can."""

    findings: Check
    # whether a value node passes, where that depends on the value alone (and the data),
    # never on the focus node
    passes: Callable[[Term], bool] | None = None
    counts: tuple[int, int] | None = None  # the fewest and most values allowed


@dataclass
class Shape:
    id: str
    path: str | None  # predicate IRI of a property shape
    inverse: bool
    severity: str
    message: str | None
    checks: list[Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    # the same constraints, as the quick pass asks them: the number of values allowed, the
    # tests of each value, and the checks run as they are
    fewest: int = 0
    most: int = _ANY
    value_tests: list[Callable[[Term], bool]] = field(default_factory=list)
    focus_checks: list[Check] = field(default_factory=list)
    # for a node shape, its property shapes as the quick pass runs them on the focus node:
    # (predicate, fewest, most, value tests, focus checks) of each one with a predicate
    # path and no property shapes of its own; the others by Validator.holds (made by
    # Validator.__init__ once every shape is compiled)
    plan: list[tuple[str, int, int, list[Callable[[Term], bool]], list[Check]] | Shape] = field(
        default_factory=list
    )

    def add(self, constraint: Compiled) -> None:
        self.checks.append(constraint.findings)
        if constraint.counts is not None:
            self.fewest = max(self.fewest, constraint.counts[0])
            self.most = min(self.most, constraint.counts[1])
        elif constraint.passes is not None:
            self.value_tests.append(constraint.passes)
        else:
            self.focus_checks.append(constraint.findings)


class Validator:
    """The shapes of a shapes graph, compiled; `run` validates data against them."""

    def __init__(self, shapes: Graph) -> None:
        self.graph = shapes
        self._shapes: dict[Node, Shape] = {}
        self._compiling: set[Node] = set()
        # whether a shape refers back to itself (by sh:node, sh:and, …): its conformance is
        # then assumed while it is being checked, and the order checks run in could matter
        self.recursive = False
        self.targets: list[tuple[Shape, Callable[[Data], set[Term]]]] = []
        for node in sorted(self._shape_nodes(), key=str):
            if (node, SH.deactivated, Literal(True)) in shapes:
                continue
            targets = self._targets(node)
            if targets:
                self.targets.append((self.shape(node), targets))
        for shape in self._shapes.values():
            shape.plan = [
                prop
                if prop.inverse or prop.properties or prop.path is None
                else (prop.path, prop.fewest, prop.most, prop.value_tests, prop.focus_checks)
                for prop in shape.properties
            ]
        self.data: Data | None = None

    def _shape_nodes(self) -> set[Node]:
        g = self.graph
        nodes: set[Node] = set(g.subjects(RDF.type, SH.NodeShape))
        nodes |= set(g.subjects(RDF.type, SH.PropertyShape))
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            nodes |= set(g.subjects(predicate, None))
        return nodes

    def _targets(self, node: Node) -> Callable[[Data], set[Term]] | None:
        g = self.graph
        classes = [str(c) for c in g.objects(node, SH.targetClass)]
        if (node, RDF.type, RDFS.Class) in g:
            classes.append(str(node))
        nodes = [shacl_term(n) for n in g.objects(node, SH.targetNode)]
        subjects_of = [str(p) for p in g.objects(node, SH.targetSubjectsOf)]
        objects_of = [str(p) for p in g.objects(node, SH.targetObjectsOf)]
        if not (classes or nodes or subjects_of or objects_of):
            return None

        def focus(data: Data) -> set[Term]:
            found: set[Term] = set(nodes)
            for cls in classes:
                found |= data.instances(cls)
            for p in subjects_of:
                found |= {s for s, by_p in data.out.items() if p in by_p}
            for p in objects_of:
                found |= set(data.inverse(p))
            return found

        return focus

    def shape(self, node: Node) -> Shape:
        known = self._shapes.get(node)
        if known is not None:
            self.recursive = self.recursive or node in self._compiling
            return known
        g = self.graph
        path_node = g.value(node, SH.path)
        path, inverse = None, False
        if path_node is not None:
            if isinstance(path_node, URIRef):
                path = str(path_node)
            elif isinstance(path_node, BNode) and g.value(path_node, SH.inversePath) is not None:
                inner = g.value(path_node, SH.inversePath)
                if not isinstance(inner, URIRef) or len(set(g.predicate_objects(path_node))) != 1:
                    raise Unsupported(f"shape {node}: this sh:inversePath")
                path, inverse = str(inner), True
            else:
                raise Unsupported(f"shape {node}: complex sh:path")
        severity = g.value(node, SH.severity) or SH.Violation
        message = g.value(node, SH.message)
        shape = Shape(
            str(node),
            path,
            inverse,
            str(severity).rsplit("#", 1)[-1],
            str(message) if message is not None else None,
        )
        self._shapes[node] = shape  # before compiling: shapes may refer to themselves
        self._compiling.add(node)
        for predicate, value in sorted(
            g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))
        ):
            if isinstance(predicate, URIRef) and predicate in _COMPILERS:
                constraint = _Constraint(node, predicate, value, shape)
                shape.add(_COMPILERS[predicate](self, constraint))
            elif predicate == SH.property:
                if (value, SH.deactivated, Literal(True)) not in g:
                    shape.properties.append(self.shape(value))
            elif str(predicate).startswith(str(SH)) and predicate not in _IGNORED:
                raise Unsupported(f"shape {node}: {predicate}")
        self._compiling.discard(node)
        return shape

    def members(self, node: Node) -> list[Node]:
        """The members of an RDF list in the shapes graph (sh:in, sh:and, …)."""
        return list(Collection(self.graph, node))

    # --- running ------------------------------------------------------------------------

    def run(self, data: Data) -> list[Result]:
        self.data = data
        self._conforming: dict[tuple[Term, str], bool] = {}
        results: list[Result] = []
        for shape, targets in self.targets:
            foci = targets(data)
            if not self.recursive:
                # Nearly every focus node conforms: the quick pass finds those that do not
                # without making a result or sorting the others (with the index built
                # without a set of every triple, at 50,000 events the whole validation
                # took 4.4-4.9 s of CPU, now 1.9-2.5 s)
                foci = {focus for focus in foci if not self.holds(focus, shape)}
            for focus in sorted(foci, key=str):
                self._results(focus, shape, results)
        return results

    def let_go(self) -> None:
        """Forget the data of the last run. The compiled checks refer back to the validator,
        a cycle that only the cycle collector frees, and it rests during a build (pipeline):
        a validator holding its data held the index of every triple to the build's end (131
        MiB at 50,000 events)."""
        self.data = None
        self._conforming = {}

    def _values(self, focus: Term, shape: Shape) -> list[Term]:
        assert self.data is not None
        assert shape.path is not None
        if isinstance(focus, Lit):
            return []
        if shape.inverse:
            return self.data.subjects(shape.path, focus)
        return self.data.objects(focus, shape.path)

    def _results(self, focus: Term, shape: Shape, out: list[Result]) -> list[Result]:
        """The results of one focus node against one shape, appended to out."""
        values = self._values(focus, shape) if shape.path is not None else [focus]
        for check in shape.checks:
            for value, component, text in check(self, focus, values):
                out.append(
                    Result(
                        focus,
                        shape.path,
                        value,
                        component,
                        shape.id,
                        shape.message or text,
                        shape.severity,
                        shape.inverse,
                    )
                )
        for prop in shape.properties:
            for item in values:
                self._results(item, prop, out)
        return out

    def holds(self, focus: Term, shape: Shape) -> bool:
        """Whether the focus node conforms to the shape: True exactly when _results gives no
        result, told without making one (the quick pass)."""
        if shape.path is not None:
            values = self._values(focus, shape)
            if not self._constraints_hold(focus, shape, values):
                return False
            return not shape.properties or all(
                self.holds(item, prop) for prop in shape.properties for item in values
            )
        if (shape.value_tests or shape.focus_checks) and not self._constraints_hold(
            focus, shape, [focus]
        ):
            return False
        return self._properties_hold(focus, shape)

    def _properties_hold(self, focus: Term, shape: Shape) -> bool:
        """Whether the focus node conforms to the property shapes of a node shape."""
        assert self.data is not None
        by_predicate = self.data.out.get(focus)  # a literal has none: it is no subject
        for step in shape.plan:
            if isinstance(step, Shape):
                if not self.holds(focus, step):
                    return False
                continue
            # holds(focus, property shape) inlined: a large release asks it a million times
            path, fewest, most, tests, checks = step
            values = by_predicate.get(path) if by_predicate else None
            if values is None:
                if fewest or (checks and not self._checks_hold(focus, checks, [])):
                    return False
            elif not fewest <= len(values) <= most:
                return False
            else:
                for test in tests:
                    for item in values:
                        if not test(item):
                            return False
                if checks and not self._checks_hold(focus, checks, values):
                    return False
        return True

    def _checks_hold(self, focus: Term, checks: list[Check], values: list[Term]) -> bool:
        for check in checks:
            for _ in check(self, focus, values):
                return False
        return True

    def _constraints_hold(self, focus: Term, shape: Shape, values: list[Term]) -> bool:
        """Whether the focus node with these values passes the shape's own constraints
        (not those of its property shapes)."""
        if not shape.fewest <= len(values) <= shape.most:
            return False
        for test in shape.value_tests:
            for item in values:
                if not test(item):
                    return False
        return self._checks_hold(focus, shape.focus_checks, values)

    def conforms(self, focus: Term, shape: Shape) -> bool:
        key = (focus, shape.id)
        known = self._conforming.get(key)
        if known is None:
            if self.recursive:  # in the order _results checks them, as the first engine did
                self._conforming[key] = True  # a shape that refers back to itself: assume so
                known = not self._results(focus, shape, [])
            else:
                known = self.holds(focus, shape)
            self._conforming[key] = known
        return known


# --- the constraint components, one compiler each ----------------------------------------


@dataclass(frozen=True)
class _Constraint:
    """One constraint parameter of a shape and its value, e.g. sh:minCount 1."""

    node: Node  # the shape in the shapes graph
    parameter: URIRef
    value: Node
    shape: Shape

    @property
    def name(self) -> str:
        """The parameter's local name, e.g. 'minCount'."""
        return str(self.parameter).rsplit("#", 1)[-1]

    @property
    def component(self) -> str:
        """The local name of its constraint component, e.g. 'MinCountConstraintComponent'."""
        return self.name[0].upper() + self.name[1:] + "ConstraintComponent"

    def unsupported(self, what: str) -> Unsupported:
        return Unsupported(f"shape {self.node}: {what}")


# A constraint's compiler: given the validator (its shapes graph, its nested shapes) and the
# constraint, its check and the quick pass's forms of it. Each is named for the parameter it
# compiles.
Compiler = Callable[[Validator, _Constraint], Compiled]


def _each_value(c: _Constraint, test: Callable[[Term], bool], text: str) -> Compiled:
    """A check that reports every value node failing test (which sees the value alone)."""
    component = c.component

    def check(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in values:
            if not test(item):
                yield item, component, text

    return Compiled(check, passes=test)


def _count(c: _Constraint, too_few: bool) -> Compiled:
    if c.shape.path is None:
        raise c.unsupported(f"{c.name} on a node shape")
    bound = int(str(c.value))
    component, text = c.component, f"{'Less' if too_few else 'More'} than {bound} values"

    def count(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        if (len(values) < bound) if too_few else (len(values) > bound):
            yield None, component, text

    return Compiled(count, counts=(bound, _ANY) if too_few else (0, bound))


def _min_count(v: Validator, c: _Constraint) -> Compiled:
    return _count(c, too_few=True)


def _max_count(v: Validator, c: _Constraint) -> Compiled:
    return _count(c, too_few=False)


def _datatype(v: Validator, c: _Constraint) -> Compiled:
    wanted = str(c.value)

    # a literal of these types is well-formed whatever its text
    any_text = wanted in (XSD_STRING, _RDF_LANGSTRING)

    def well_typed(item: Term) -> bool:
        if not isinstance(item, Lit):
            return False
        datatype = _RDF_LANGSTRING if item.lang else (item.datatype or XSD_STRING)  # _datatype_of
        return datatype == wanted and (any_text or _value(item) is not None)

    return _each_value(c, well_typed, f"Value is not a well-formed literal of datatype {wanted}")


def _class(v: Validator, c: _Constraint) -> Compiled:
    cls, component = str(c.value), c.component
    text = f"Value is not an instance of {cls}"

    def klass(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        assert v.data is not None
        for item in values:
            if not v.data.is_instance(item, cls):
                yield item, component, text

    def passes(item: Term) -> bool:
        assert v.data is not None
        return v.data.is_instance(item, cls)

    return Compiled(klass, passes=passes)


# which of IRI, blank node, literal each sh:nodeKind allows
_NODE_KINDS = {
    SH.IRI: (True, False, False),
    SH.BlankNode: (False, True, False),
    SH.Literal: (False, False, True),
    SH.BlankNodeOrIRI: (True, True, False),
    SH.BlankNodeOrLiteral: (False, True, True),
    SH.IRIOrLiteral: (True, False, True),
}


def _node_kind(v: Validator, c: _Constraint) -> Compiled:
    if not isinstance(c.value, URIRef) or c.value not in _NODE_KINDS:
        raise c.unsupported(f"sh:nodeKind {c.value}")
    iri_ok, blank_ok, literal_ok = _NODE_KINDS[c.value]

    def kind_ok(item: Term) -> bool:
        if isinstance(item, Lit):
            return literal_ok
        if isinstance(item, Blank):
            return blank_ok
        return iri_ok

    return _each_value(c, kind_ok, f"Value is not of node kind {c.value}")


def _pattern(v: Validator, c: _Constraint) -> Compiled:
    flags = str(v.graph.value(c.node, SH.flags) or "")
    compiled = re.compile(
        str(c.value),
        (re.IGNORECASE if "i" in flags else 0)
        | (re.MULTILINE if "m" in flags else 0)
        | (re.DOTALL if "s" in flags else 0)
        | (re.VERBOSE if "x" in flags else 0),
    )

    def matches(item: Term) -> bool:
        if isinstance(item, Blank):
            return False
        return compiled.search(item.value if isinstance(item, Lit) else item) is not None

    return _each_value(c, matches, f"Value does not match pattern {c.value}")


def _length(c: _Constraint, too_short: bool) -> Compiled:
    bound = int(str(c.value))

    def length_ok(item: Term) -> bool:
        if isinstance(item, Blank):
            return False
        n = len(item.value if isinstance(item, Lit) else item)
        return n >= bound if too_short else n <= bound

    text = f"Value has {'less' if too_short else 'more'} than {bound} characters"
    return _each_value(c, length_ok, text)


def _min_length(v: Validator, c: _Constraint) -> Compiled:
    return _length(c, too_short=True)


def _max_length(v: Validator, c: _Constraint) -> Compiled:
    return _length(c, too_short=False)


def _in(v: Validator, c: _Constraint) -> Compiled:
    members = {shacl_term(m) for m in v.members(c.value)}
    return _each_value(c, members.__contains__, "Value is not in the list of allowed values")


def _has_value(v: Validator, c: _Constraint) -> Compiled:
    wanted, component = shacl_term(c.value), c.component
    text = f"Missing expected value {c.value}"

    def has_value(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        if wanted not in values:
            yield None, component, text

    return Compiled(has_value)


# the results of _compare(value, bound) each range parameter allows
_IN_RANGE = {
    SH.minInclusive: (0, 1),
    SH.maxInclusive: (-1, 0),
    SH.minExclusive: (1,),
    SH.maxExclusive: (-1,),
}


def _range(v: Validator, c: _Constraint) -> Compiled:
    bound, allowed = shacl_term(c.value), _IN_RANGE[c.parameter]

    def in_range(item: Term) -> bool:
        return _compare(item, bound) in allowed

    return _each_value(c, in_range, f"Value is not in range ({c.name} {c.value})")


def _others(v: Validator, focus: Term, predicate: str) -> list[Term]:
    """The values of predicate on the focus node (a literal has none)."""
    assert v.data is not None
    return v.data.objects(focus, predicate) if not isinstance(focus, Lit) else []


def _equals(v: Validator, c: _Constraint) -> Compiled:
    other, component = str(c.value), c.component
    text = f"Value sets differ on {other}"

    def equals(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in sorted(set(values) ^ set(_others(v, focus, other)), key=str):
            yield item, component, text

    return Compiled(equals)


def _disjoint(v: Validator, c: _Constraint) -> Compiled:
    other, component = str(c.value), c.component
    text = f"Value is also a value of {other}"

    def disjoint(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in sorted(set(values) & set(_others(v, focus, other)), key=str):
            yield item, component, text

    return Compiled(disjoint)


def _less_than(v: Validator, c: _Constraint) -> Compiled:
    other, component = str(c.value), c.component
    ok, relation = (
        ((-1,), "less than") if c.parameter == SH.lessThan else ((-1, 0), "less than or equal to")
    )

    def less_than(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        others = _others(v, focus, other)
        for item in values:
            for against in others:
                if _compare(item, against) not in ok:
                    yield item, component, f"Value is not {relation} {against}"

    return Compiled(less_than)


def _nested(v: Validator, c: _Constraint) -> Compiled:
    """sh:node (each value conforms to the shape) and sh:not (none does)."""
    inner, negate, component = v.shape(c.value), c.parameter == SH["not"], c.component
    text = f"{'Value conforms to' if negate else 'Value does not conform to'} shape {c.value}"

    def nested(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in values:
            if v.conforms(item, inner) == negate:
                yield item, component, text

    def passes(item: Term) -> bool:
        return v.conforms(item, inner) != negate

    return Compiled(nested, passes=passes)


# how many of n operands a value must conform to, for each logical parameter
_ENOUGH: dict[URIRef, Callable[[int, int], bool]] = {
    SH["and"]: lambda passed, n: passed == n,
    SH["or"]: lambda passed, n: passed >= 1,
    SH.xone: lambda passed, n: passed == 1,
}


def _logical(v: Validator, c: _Constraint) -> Compiled:
    operands = [v.shape(m) for m in v.members(c.value)]
    enough, component, name = _ENOUGH[c.parameter], c.component, c.name
    one_is_enough = c.parameter == SH["or"]

    def logical(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in values:
            passed = sum(v.conforms(item, m) for m in operands)
            if not enough(passed, len(operands)):
                yield item, component, f"Value conforms to {passed} of the shapes of {name}"

    # The quick pass asks holds, not conforms: an operand is mostly a property shape of the
    # focus node itself, asked once of each (conforms would remember a million answers for
    # nothing; what they reach by sh:node is remembered there). Only the quick pass calls
    # passes, and only where no shape refers back to itself, so the two agree.
    def passes(item: Term) -> bool:
        if one_is_enough:  # the quick pass asks no more
            return any(v.holds(item, m) for m in operands)
        return enough(sum(v.holds(item, m) for m in operands), len(operands))

    return Compiled(logical, passes=passes)


# Every constraint parameter the engine supports; a shape with another SHACL parameter is
# refused (Unsupported), never skipped.
_COMPILERS: dict[URIRef, Compiler] = {
    SH.minCount: _min_count,
    SH.maxCount: _max_count,
    SH.datatype: _datatype,
    SH["class"]: _class,
    SH.nodeKind: _node_kind,
    SH.pattern: _pattern,
    SH["in"]: _in,
    SH.hasValue: _has_value,
    SH.minInclusive: _range,
    SH.maxInclusive: _range,
    SH.minExclusive: _range,
    SH.maxExclusive: _range,
    SH.minLength: _min_length,
    SH.maxLength: _max_length,
    SH.lessThan: _less_than,
    SH.lessThanOrEquals: _less_than,
    SH.equals: _equals,
    SH.disjoint: _disjoint,
    SH.node: _nested,
    SH["not"]: _nested,
    SH["and"]: _logical,
    SH["or"]: _logical,
    SH.xone: _logical,
}
