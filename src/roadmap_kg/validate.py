"""SHACL validation with pySHACL, wrapped once; results a person can act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SH
from rdflib.term import Node

from .rdf import RM, SCHEMA


@dataclass(frozen=True)
class Violation:
    focus: str  # IRI of the node that breaks a rule
    label: str  # what the node is, for a person: 'event «…»' with its source lines
    path: str  # the property, as a prefixed name
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message} [{self.path}]"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


def load_shapes(shapes_dir: Path) -> Graph:
    shapes = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def validate(data: Graph, shapes: Graph) -> ValidationReport:
    """Check data against the shapes, without inference (the data states its types)."""
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
        violations.append(
            Violation(
                focus=str(focus),
                label=describe(data, focus),
                path=data.namespace_manager.normalizeUri(path)
                if isinstance(path, URIRef)
                else str(path or ""),
                message=str(message or "does not conform"),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    violations.sort(key=lambda v: (v.label, v.path, v.message))
    return ValidationReport(bool(conforms), tuple(violations))


def describe(data: Graph, node: Node) -> str:
    """'000.txt:14-19: event «Name»' rather than a bare IRI or blank-node id."""
    name = data.value(node, SCHEMA.name)
    kind = "event" if (node, RDF.type, SCHEMA.Event) in data else _kind(data, node)
    text = f"{kind} «{name}»" if name else f"{kind} {node}"
    row = data.value(node, PROV.wasDerivedFrom)
    if row is not None:
        file = data.value(row, RM.sourceFile)
        first = data.value(row, RM.firstLine) or data.value(row, RM.firstRow)
        last = data.value(row, RM.lastLine) or data.value(row, RM.lastRow)
        unit = "" if data.value(row, RM.firstLine) is not None else "row "
        if file is not None:
            span = f"{first}" if first == last else f"{first}-{last}"
            return f"{file}:{unit}{span}: {text}"
    return text


def _kind(data: Graph, node: Node) -> str:
    types = set(data.objects(node, RDF.type))
    for cls, label in (
        (SCHEMA.Organization, "organisation"),
        (RM.PlanItem, "plan item"),
        (RM.Roadmap, "roadmap"),
        (RM.ImplementationReport, "report"),
        (RM.SourceRow, "source row"),
        (SCHEMA.VirtualLocation, "virtual location"),
        (SCHEMA.Place, "place"),
        (SCHEMA.AdministrativeArea, "place"),
        (SCHEMA.City, "place"),
    ):
        if cls in types:
            return label
    return "node"
