"""SHACL validation, wrapped once; results a person can act on.

The shapes are compiled into plain checks (roadmap_kg.shacl), which give pySHACL's results
in a fraction of its time; shapes that use a feature the compiled checks lack are run by
pySHACL instead, so nothing is left unchecked."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SH
from rdflib.term import Node

from .model import SourceRef, SourceUnit
from .shacl import Data, Term, Unsupported, Validator
from .terms import Lit, Triple, rdflib_graph
from .vocab import MEMBER_NAMES, PREFIXES, SCHEMA, RowSpan


@dataclass(frozen=True)
class Violation:
    focus: str  # IRI of the node that breaks a rule
    label: str  # what the node is, for a person: 'event «…»' with its source lines
    path: str  # the property, as a prefixed name
    message: str
    severity: str
    # the source row of the focus node, where the data links one (prov:wasDerivedFrom)
    source: SourceRef | None = None

    def __str__(self) -> str:
        return f"{self.label}: {self.message} [{self.path}]"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


def may_warn(shapes_dir: Path) -> bool:
    """Whether the shapes may give results of severity sh:Warning: a look at their text, no
    parsing (a build waits for the validation to list them only then); a shape that merely
    mentions the word makes it wait for nothing, never the other way round."""
    return any("Warning" in p.read_text(encoding="utf-8") for p in shapes_dir.glob("*.ttl"))


def load_shapes(shapes_dir: Path) -> Graph:
    shapes = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def validate(data: Graph | Iterable[Triple], shapes: Graph) -> ValidationReport:
    """Check data (a Graph or light triples) against the shapes, without inference (the data
    states its types)."""
    try:
        validator = Validator(shapes)
    except Unsupported:
        graph = data if isinstance(data, Graph) else rdflib_graph(data, PREFIXES)
        return validate_with_pyshacl(graph, shapes)
    index = Data.from_graph(data) if isinstance(data, Graph) else Data(data)
    try:
        results = validator.run(index)
    finally:
        validator.let_go()
    violations = [
        Violation(
            focus=str(result.focus),
            label=label,
            path=("^" if result.inverse else "") + _prefixed(result.path) if result.path else "",
            message=result.message,
            severity=result.severity,
            source=source,
        )
        for result in results
        for label, source in [_describe(index, result.focus)]
    ]
    violations.sort(key=lambda v: (v.label, v.path, v.message, v.focus))
    conforms = not any(v.severity == "Violation" for v in violations)
    return ValidationReport(conforms, tuple(dict.fromkeys(violations)))


def validate_with_pyshacl(data: Graph, shapes: Graph) -> ValidationReport:
    """The same check by pySHACL (the reference implementation)."""
    from pyshacl import validate as shacl_validate  # costly to import: only where it runs

    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        label, source = _located_in(data, focus)
        violations.append(
            Violation(
                focus=str(focus),
                label=label,
                path=data.namespace_manager.normalizeUri(path)
                if isinstance(path, URIRef)
                else str(path or ""),
                message=str(message or "does not conform"),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                source=source,
            )
        )
    violations.sort(key=lambda v: (v.label, v.path, v.message))
    return ValidationReport(bool(conforms), tuple(violations))


def describe(data: Graph, node: Node) -> str:
    """'000.txt:14-19: event «Name»' rather than a bare IRI or blank-node id."""
    return _located_in(data, node)[0]


def _located_in(data: Graph, node: Node) -> tuple[str, SourceRef | None]:
    """What a node is, for a person, and its source row."""

    def first(subject: Any, predicate: str) -> object | None:
        found: Node | None = data.value(subject, URIRef(predicate))
        return found

    def types(subject: Any) -> set[str]:
        return {str(t) for t in data.objects(subject, RDF.type)}

    return _located(first, types, node)


def _describe(data: Data, node: object) -> tuple[str, SourceRef | None]:
    def objects(subject: object, predicate: str) -> list[Term]:
        # the nodes the engine reports are terms of its data: str or Lit
        return data.objects(subject, predicate) if isinstance(subject, (str, Lit)) else []

    def first(subject: object, predicate: str) -> object | None:
        values = sorted(objects(subject, predicate), key=str)
        return values[0] if values else None

    return _located(first, lambda n: {str(t) for t in objects(n, str(RDF.type))}, node)


def _text(term: object | None) -> str | None:
    if term is None:
        return None
    return term.value if isinstance(term, Lit) else str(term)


def _located(
    first: Callable[[object, str], object | None],
    types: Callable[[object], set[str]],
    node: object,
) -> tuple[str, SourceRef | None]:
    """The label of a node ('000.txt:14-19: event «Name»') and its source row."""
    label = _label(first, types, node)
    row = first(node, str(PROV.wasDerivedFrom))
    if row is None:
        return label, None
    where = RowSpan.read(lambda predicate: _text(first(row, str(predicate))))
    first_line, last_line = _number(where.first), _number(where.last)
    if where.file is None or first_line is None or last_line is None:
        return label, None  # a file checked by `validate` may hold anything
    first_page, last_page = _number(where.first_page), _number(where.last_page)
    pages = (first_page, last_page or first_page) if first_page is not None else None
    unit: SourceUnit = "line" if where.by_line else "row"
    return label, SourceRef(where.file, first_line, last_line, unit, pages)


def _number(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdecimal() and len(text) < 10 else None


def _label(
    first: Callable[[object, str], object | None],
    types: Callable[[object], set[str]],
    node: object,
) -> str:
    name = _text(first(node, str(SCHEMA.name)))
    kind = _kind(types(node))
    text = f"{kind} «{name}»" if name else f"{kind} {node}"
    row = first(node, str(PROV.wasDerivedFrom))
    if row is not None:
        where = RowSpan.read(lambda predicate: _text(first(row, str(predicate))))
        if where.file is not None:
            unit = "" if where.by_line else "row "
            return f"{where.file}:{unit}{where.span('-')}: {text}"
    return text


def _kind(types: set[str]) -> str:
    for cls, name in MEMBER_NAMES:
        if str(cls) in types:
            return name
    return "node"


def _prefixed(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return f"<{iri}>"
