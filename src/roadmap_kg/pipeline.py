"""The staged pipeline: read → extract → map → validate → publish."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .extract import extract_report
from .model import Report
from .publish.files import atomic_release, write_turtle
from .rdf import to_graph
from .read import read_source
from .reference import Reference
from .settings import Settings
from .validate import ValidationReport, load_shapes, validate


@dataclass(frozen=True)
class BuildResult:
    reports: tuple[Report, ...]
    graph: Graph
    validation: ValidationReport
    files: tuple[Path, ...]  # empty when the data does not conform: nothing is written


def extract(settings: Settings) -> tuple[Report, ...]:
    reference = Reference(settings.reference_dir)
    tables = [read_source(path) for path in settings.sources]  # I/O only
    return tuple(extract_report(table, reference) for table in tables)  # pure


def build(settings: Settings) -> BuildResult:
    reports = extract(settings)
    graph = to_graph(reports, settings.base_iri)
    report = validate(graph, load_shapes(settings.shapes_dir))
    files: list[Path] = []
    if report.conforms:
        files = atomic_release(settings.out_dir, lambda tmp: _write(graph, tmp))
    return BuildResult(reports, graph, report, tuple(files))


def _write(graph: Graph, folder: Path) -> list[Path]:
    dataset = folder / "dataset.ttl"
    write_turtle(graph, dataset)
    return [dataset]
