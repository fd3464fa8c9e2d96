"""Command line: thin click commands over the pipeline.

Exit codes: 0 ok, 1 the data does not conform to the shapes, 2 bad usage or bad input.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import RoadmapError
from .ids import DEFAULT_BASE
from .settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_SOURCES = Path("data/source")


class InputProblem(click.ClickException):
    """Our own errors: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _sources(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    if paths:
        return paths
    if not DEFAULT_SOURCES.is_dir():
        raise click.UsageError(f"no SOURCE given and no {DEFAULT_SOURCES}/ folder here")
    found = tuple(
        sorted(p for p in DEFAULT_SOURCES.iterdir() if p.is_file() and not p.name.startswith("."))
    )
    if not found:
        raise click.UsageError(f"no SOURCE given and {DEFAULT_SOURCES}/ is empty")
    return found


def _check_base_iri(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", value):
        raise click.BadParameter(
            "must be an absolute http(s) IRI ending with '/' or '#', e.g. https://example.org/id/"
        )
    return value


def base_iri_option(func: F) -> F:
    return click.option(
        "--base-iri",
        default=DEFAULT_BASE,
        show_default=True,
        callback=_check_base_iri,
        help="Namespace under which event, organisation and place IRIs are minted.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roadmap-kg")
def cli() -> None:
    """Publish roadmap implementation reports as validated linked open data.

    \b
    Example:
        roadmap-kg build data/source/*.txt --out dist
    """


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    default=Path("dist"),
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder the release is written to.",
)
@base_iri_option
@click.option("-q", "--quiet", is_flag=True, help="Do not print each extraction warning.")
@click.option(
    "--strict", is_flag=True, help="Treat extraction warnings as failures: write nothing, exit 1."
)
def build(
    sources: tuple[Path, ...], out_dir: Path, base_iri: str, quiet: bool, strict: bool
) -> None:
    """Build a validated release from report files (.txt exports or .docx originals;
    default: every file in data/source/).

    Writes OUT/dataset.ttl (all reports) and OUT/dataset.trig (a named graph per report)
    only if the data conforms to the shapes; otherwise prints the violations, leaves OUT
    untouched and exits with 1. Ends with a summary of what a publisher may want to review.

    \b
    Example:
        roadmap-kg build data/source/*.txt more/report-2022.docx --out dist
    """
    from .pipeline import build as run_build

    settings = Settings(
        sources=_sources(sources), out_dir=out_dir, base_iri=base_iri, strict=strict
    )
    try:
        result = run_build(settings)
    except RoadmapError as exc:
        raise InputProblem(str(exc)) from None
    if not quiet:
        for warning in result.warnings:
            click.echo(str(warning), err=True)
    click.echo(
        f"{len(result.reports)} report(s), {result.events} events, "
        f"{result.organisations} organisations ({len(result.new_organisations)} not in the "
        f"authority file), {result.dates_as_text} date(s) kept as text, "
        f"{len(result.warnings)} warning(s), {len(result.graph)} triples"
    )
    if not result.validation.conforms:
        _print_violations(result.validation)
        click.echo(
            f"release not written: the data does not conform; {out_dir} is unchanged", err=True
        )
        sys.exit(1)
    if not result.files:
        click.echo(
            f"release not written: {len(result.warnings)} warning(s) and --strict; "
            f"{out_dir} is unchanged",
            err=True,
        )
        sys.exit(1)
    click.echo("wrote " + ", ".join(_shown(p) for p in result.files))


@cli.command(name="validate")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
def validate_command(files: tuple[Path, ...]) -> None:
    """Check RDF files (Turtle, N-Triples, JSON-LD, TriG) against the roadmap shapes.

    Prints each violation with the event name and its source lines; exits with 1 if the data
    does not conform.

    \b
    Example:
        roadmap-kg validate dist/dataset.ttl
    """
    from rdflib import Graph
    from rdflib.util import guess_format

    from .validate import load_shapes, validate

    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format=guess_format(str(path)) or "turtle")
        except Exception as exc:  # rdflib raises many kinds; all mean "not readable RDF"
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputProblem(f"{path}: not readable as RDF: {message}") from None
    report = validate(graph, load_shapes(Settings().shapes_dir))
    if report.conforms:
        click.echo(f"conforms: {len(graph)} triples in {len(files)} file(s)")
        return
    _print_violations(report)
    sys.exit(1)


def _shown(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


def _print_violations(report: Any) -> None:
    for violation in report.violations:
        click.echo(str(violation), err=True)
    click.echo(f"{len(report.violations)} violation(s)", err=True)


def main() -> None:  # pragma: no cover - entry point for python -m
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
