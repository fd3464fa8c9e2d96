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
"""

from __future__ import annotations

import re
from collections import defaultdict
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

# --- the data ----------------------------------------------------------------------------


class Data:
    """Light triples held as subject → predicate → objects, and the inverse: for rdf:type and
    rdfs:subClassOf at once (targets need them), for the rest when first asked for."""

    def __init__(self, triples: Iterable[tuple[Term, str, Term]]) -> None:
        out: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        into: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        seen: set[tuple[Term, str, Term]] = set()
        inverse_now = (_TYPE, _SUBCLASS)
        for triple in triples:
            s, p, o = triple
            if not (
                type(s) is str
                and type(p) is str
                and (type(o) is str or (type(o) is Lit and o.datatype != XSD_STRING))
            ):
                # plain str keys: an rdflib URIRef never equals a str with the same text
                triple = s, p, o = shacl_term(s), str(p), shacl_term(o)
            if triple in seen:
                continue
            seen.add(triple)
            out[s][p].append(o)
            if p in inverse_now:
                into[o][p].append(s)
        self.out = out
        self._types_into = into
        self._triples = seen
        self._into: dict[Term, dict[str, list[Term]]] | None = None
        self._superclasses: dict[Term, set[Term]] = {}

    @property
    def into(self) -> dict[Term, dict[str, list[Term]]]:
        """object → predicate → subjects, for every predicate."""
        if self._into is None:
            into: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
            for s, p, o in self._triples:
                into[o][p].append(s)
            self._into = into
        return self._into

    @classmethod
    def from_graph(cls, graph: Graph) -> Data:
        return cls((shacl_term(s), str(p), shacl_term(o)) for s, p, o in graph)

    def objects(self, node: Term, predicate: str) -> list[Term]:
        by_predicate = self.out.get(node)
        return by_predicate.get(predicate, []) if by_predicate else []

    def subjects(self, predicate: str, node: Term) -> list[Term]:
        inverse = self._types_into if predicate in (_TYPE, _SUBCLASS) else self.into
        by_predicate = inverse.get(node)
        return by_predicate.get(predicate, []) if by_predicate else []

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

    def instances(self, cls: str) -> set[Term]:
        return {n for c in self.subclasses(cls) for n in self.subjects(_TYPE, c)}

    def is_instance(self, node: Term, cls: str) -> bool:
        if isinstance(node, Lit):
            return False
        return any(t == cls or cls in self._superclasses_of(t) for t in self.objects(node, _TYPE))

    def _superclasses_of(self, cls: Term) -> set[Term]:
        known = self._superclasses.get(cls)
        if known is None:
            known = set()
            pending: list[Term] = [cls]
            while pending:
                for sup in self.objects(pending.pop(), _SUBCLASS):
                    if sup not in known:
                        known.add(sup)
                        pending.append(sup)
            self._superclasses[cls] = known
        return known


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


@dataclass
class Shape:
    id: str
    path: str | None  # predicate IRI of a property shape
    inverse: bool
    severity: str
    message: str | None
    checks: list[Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)


class Validator:
    """The shapes of a shapes graph, compiled; `run` validates data against them."""

    def __init__(self, shapes: Graph) -> None:
        self.graph = shapes
        self._shapes: dict[Node, Shape] = {}
        self.targets: list[tuple[Shape, Callable[[Data], set[Term]]]] = []
        for node in sorted(self._shape_nodes(), key=str):
            if (node, SH.deactivated, Literal(True)) in shapes:
                continue
            targets = self._targets(node)
            if targets:
                self.targets.append((self.shape(node), targets))
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
                found |= {o for o, by_p in data.into.items() if p in by_p}
            return found

        return focus

    def shape(self, node: Node) -> Shape:
        known = self._shapes.get(node)
        if known is not None:
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
        for predicate, value in sorted(
            g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))
        ):
            if isinstance(predicate, URIRef) and predicate in _COMPILERS:
                constraint = _Constraint(node, predicate, value, shape)
                shape.checks.append(_COMPILERS[predicate](self, constraint))
            elif predicate == SH.property:
                if (value, SH.deactivated, Literal(True)) not in g:
                    shape.properties.append(self.shape(value))
            elif str(predicate).startswith(str(SH)) and predicate not in _IGNORED:
                raise Unsupported(f"shape {node}: {predicate}")
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
            for focus in sorted(targets(data), key=str):
                self._results(focus, shape, results)
        return results

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

    def conforms(self, focus: Term, shape: Shape) -> bool:
        key = (focus, shape.id)
        known = self._conforming.get(key)
        if known is None:
            self._conforming[key] = True  # a shape that refers back to itself: assume it holds
            known = not self._results(focus, shape, [])
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
# constraint, the check. Each is named for the parameter it compiles.
Compiler = Callable[[Validator, _Constraint], Check]


def _each_value(c: _Constraint, test: Callable[[Term], bool], text: str) -> Check:
    """A check that reports every value node failing test."""
    component = c.component

    def check(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in values:
            if not test(item):
                yield item, component, text

    return check


def _count(c: _Constraint, too_few: bool) -> Check:
    if c.shape.path is None:
        raise c.unsupported(f"{c.name} on a node shape")
    bound = int(str(c.value))
    component, text = c.component, f"{'Less' if too_few else 'More'} than {bound} values"

    def count(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        if (len(values) < bound) if too_few else (len(values) > bound):
            yield None, component, text

    return count


def _min_count(v: Validator, c: _Constraint) -> Check:
    return _count(c, too_few=True)


def _max_count(v: Validator, c: _Constraint) -> Check:
    return _count(c, too_few=False)


def _datatype(v: Validator, c: _Constraint) -> Check:
    wanted = str(c.value)

    def well_typed(item: Term) -> bool:
        return isinstance(item, Lit) and _datatype_of(item) == wanted and _value(item) is not None

    return _each_value(c, well_typed, f"Value is not a well-formed literal of datatype {wanted}")


def _class(v: Validator, c: _Constraint) -> Check:
    cls, component = str(c.value), c.component
    text = f"Value is not an instance of {cls}"

    def klass(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        assert v.data is not None
        for item in values:
            if not v.data.is_instance(item, cls):
                yield item, component, text

    return klass


# which of IRI, blank node, literal each sh:nodeKind allows
_NODE_KINDS = {
    SH.IRI: (True, False, False),
    SH.BlankNode: (False, True, False),
    SH.Literal: (False, False, True),
    SH.BlankNodeOrIRI: (True, True, False),
    SH.BlankNodeOrLiteral: (False, True, True),
    SH.IRIOrLiteral: (True, False, True),
}


def _node_kind(v: Validator, c: _Constraint) -> Check:
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


def _pattern(v: Validator, c: _Constraint) -> Check:
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


def _length(c: _Constraint, too_short: bool) -> Check:
    bound = int(str(c.value))

    def length_ok(item: Term) -> bool:
        if isinstance(item, Blank):
            return False
        n = len(item.value if isinstance(item, Lit) else item)
        return n >= bound if too_short else n <= bound

    text = f"Value has {'less' if too_short else 'more'} than {bound} characters"
    return _each_value(c, length_ok, text)


def _min_length(v: Validator, c: _Constraint) -> Check:
    return _length(c, too_short=True)


def _max_length(v: Validator, c: _Constraint) -> Check:
    return _length(c, too_short=False)


def _in(v: Validator, c: _Constraint) -> Check:
    members = {shacl_term(m) for m in v.members(c.value)}
    return _each_value(c, members.__contains__, "Value is not in the list of allowed values")


def _has_value(v: Validator, c: _Constraint) -> Check:
    wanted, component = shacl_term(c.value), c.component
    text = f"Missing expected value {c.value}"

    def has_value(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        if wanted not in values:
            yield None, component, text

    return has_value


# the results of _compare(value, bound) each range parameter allows
_IN_RANGE = {
    SH.minInclusive: (0, 1),
    SH.maxInclusive: (-1, 0),
    SH.minExclusive: (1,),
    SH.maxExclusive: (-1,),
}


def _range(v: Validator, c: _Constraint) -> Check:
    bound, allowed = shacl_term(c.value), _IN_RANGE[c.parameter]

    def in_range(item: Term) -> bool:
        return _compare(item, bound) in allowed

    return _each_value(c, in_range, f"Value is not in range ({c.name} {c.value})")


def _others(v: Validator, focus: Term, predicate: str) -> list[Term]:
    """The values of predicate on the focus node (a literal has none)."""
    assert v.data is not None
    return v.data.objects(focus, predicate) if not isinstance(focus, Lit) else []


def _equals(v: Validator, c: _Constraint) -> Check:
    other, component = str(c.value), c.component
    text = f"Value sets differ on {other}"

    def equals(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in sorted(set(values) ^ set(_others(v, focus, other)), key=str):
            yield item, component, text

    return equals


def _disjoint(v: Validator, c: _Constraint) -> Check:
    other, component = str(c.value), c.component
    text = f"Value is also a value of {other}"

    def disjoint(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in sorted(set(values) & set(_others(v, focus, other)), key=str):
            yield item, component, text

    return disjoint


def _less_than(v: Validator, c: _Constraint) -> Check:
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

    return less_than


def _nested(v: Validator, c: _Constraint) -> Check:
    """sh:node (each value conforms to the shape) and sh:not (none does)."""
    inner, negate, component = v.shape(c.value), c.parameter == SH["not"], c.component
    text = f"{'Value conforms to' if negate else 'Value does not conform to'} shape {c.value}"

    def nested(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in values:
            if v.conforms(item, inner) == negate:
                yield item, component, text

    return nested


# how many of n operands a value must conform to, for each logical parameter
_ENOUGH: dict[URIRef, Callable[[int, int], bool]] = {
    SH["and"]: lambda passed, n: passed == n,
    SH["or"]: lambda passed, n: passed >= 1,
    SH.xone: lambda passed, n: passed == 1,
}


def _logical(v: Validator, c: _Constraint) -> Check:
    operands = [v.shape(m) for m in v.members(c.value)]
    enough, component, name = _ENOUGH[c.parameter], c.component, c.name

    def logical(v: Validator, focus: Term, values: list[Term]) -> Iterator[Finding]:
        for item in values:
            passed = sum(v.conforms(item, m) for m in operands)
            if not enough(passed, len(operands)):
                yield item, component, f"Value conforms to {passed} of the shapes of {name}"

    return logical


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
