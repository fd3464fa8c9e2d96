"""Command line: thin click commands over the pipeline.

Exit codes: 0 ok, 1 the data does not conform to the shapes, 2 bad usage or bad input (a
file that cannot be read or written included). Every command wears @reports_errors, which
turns our errors and the system's into one line `error: …`, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from . import __version__
from .errors import ConfigError, InputError, RoadmapError, system_reason
from .ids import DEFAULT_BASE
from .settings import BASE_IRI_RULE, Settings, check_base_iri

if TYPE_CHECKING:  # the pipeline is imported when a build runs: --help stays quick
    from .pipeline import BuildResult

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_SOURCES = Path("data/source")


class InputProblem(click.ClickException):
    """Our own errors: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


# Errors of the disk, not of a path: whatever file they name, the command was writing.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


def reports_errors(writes: str | None = None) -> Callable[[F], F]:
    """A command whose errors end in one line `error: …` and exit code 2: our own errors as
    they say, the system's (OSError) as "cannot read" or "cannot write" with the path.

    `writes` names the command's parameter holding the folder it writes a release into: a
    system error there (in it, above it, or in the staging folder beside it) is a write
    error, one elsewhere a read error."""

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return command(*args, **kwargs)
            except RoadmapError as exc:
                raise InputProblem(str(exc)) from None
            except OSError as exc:
                if exc.errno == errno.EPIPE:
                    raise  # the reader of our output left ('… | head'): click ends quietly
                release = kwargs.get(writes) if writes else None
                raise InputProblem(_system_error(exc, release)) from None

        return cast(F, run)

    return decorate


def _system_error(error: OSError, release: Path | None) -> str:
    reason = system_reason(error)
    touched = _touched(error)
    if release is not None and (
        touched is None or error.errno in _WRITE_ERRNOS or _in_release(touched, release)
    ):
        return f"{release}: cannot write the release ({reason}); it is unchanged"
    if touched is not None:
        return f"{touched}: cannot read it ({reason})"
    return f"cannot read the input ({reason})"


def _touched(error: OSError) -> Path | None:
    """The file the system refused, when it says which."""
    name = error.filename
    return Path(os.fsdecode(name)) if isinstance(name, str | bytes) else None


def _in_release(path: Path, release: Path) -> bool:
    """Whether path is the release folder, a folder above it (made when missing), or lies in
    it or in the staging folder beside it (publish/files.py writes .NAME.XXXX and swaps it in
    whole)."""
    path, release = path.absolute(), release.absolute()
    if release.is_relative_to(path):
        return True
    if not path.is_relative_to(release.parent):
        return False
    first = path.relative_to(release.parent).parts[0]
    return first == release.name or first.startswith(f".{release.name}.")


class ExistingPath(click.Path):
    """A path that must be there: a missing or unfit one is an input error in one line (exit
    2), as an unreadable report is, rather than a usage error."""

    def __init__(self, *, file_okay: bool = True, dir_okay: bool = True) -> None:
        super().__init__(path_type=Path, exists=True, file_okay=file_okay, dir_okay=dir_okay)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            raise InputProblem(f"{value}: cannot read it ({self._unfit(Path(value))})") from None

    def _unfit(self, path: Path) -> str:
        if not path.exists():
            return "no such file or folder"
        if path.is_dir() and not self.dir_okay:
            return "a folder, where a file is wanted"
        if not path.is_dir() and not self.file_okay:
            return "a file, where a folder is wanted"
        return "permission denied"


def _sources(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """The report files to read: each file given, and the report files of each folder given
    (of data/source/ when nothing is given)."""
    from .read import report_files

    if not paths:
        if not DEFAULT_SOURCES.is_dir():
            raise click.UsageError(f"no SOURCE given and no {DEFAULT_SOURCES}/ folder here")
        if not report_files(DEFAULT_SOURCES):
            raise click.UsageError(f"no SOURCE given and {DEFAULT_SOURCES}/ has no report file")
        paths = (DEFAULT_SOURCES,)
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)  # read_source says what is wrong with one that is no file
        elif files := report_files(path):
            found.extend(files)
        else:
            raise InputProblem(f"{path}: is a folder with no report file in it (.txt, .docx …)")
    return tuple(found)


def _check_base_iri(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return check_base_iri(value)  # the rule Settings applies, said as a usage error
    except ConfigError:
        raise click.BadParameter(f"must be {BASE_IRI_RULE}") from None


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
# folders and unreadable files are let through: read_source refuses them in one line
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
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
@click.option(
    "--link-with",
    "link_with",
    multiple=True,
    type=ExistingPath(dir_okay=False),
    help="Another publisher's roadmap dataset: add owl:sameAs to its bodies and places.",
)
@click.option(
    "--no-pages",
    is_flag=True,
    help="Write the data, catalogue and passport but not the browsable site/ (large corpora).",
)
@click.option(
    "--previous",
    metavar="DIR",
    type=ExistingPath(),
    help="The release this one follows (a folder, or its dataset.trig): write changes.json, "
    "changes.ttl and site/changes/ [default: the release already in OUT, if any].",
)
@click.option(
    "--reuse",
    is_flag=True,
    help="With --previous DIR, a release you built: use its build cache as a build over OUT "
    "does (only changed reports extracted again, unchanged pages linked from DIR).",
)
@click.option(
    "--jobs",
    default=Settings.jobs,
    show_default=True,
    type=click.IntRange(min=1),
    help="Processes that share the work. 1: no worker process, the least memory (a large "
    "release with pages) and the longest time.",
)
@click.option(
    "--memory",
    metavar="MIB",
    type=click.IntRange(min=1),
    help="MiB all the build's processes may take together [default: what the system has "
    "available]. Pages are written by fewer processes than --jobs when they would need more.",
)
@reports_errors(writes="out_dir")
def build(
    sources: tuple[Path, ...],
    out_dir: Path,
    base_iri: str,
    quiet: bool,
    strict: bool,
    link_with: tuple[Path, ...],
    no_pages: bool,
    previous: Path | None,
    reuse: bool,
    jobs: int,
    memory: int | None,
) -> None:
    """Build a validated release from report files (.docx, .doc, .odt, .xlsx, or .txt
    exports) and folders of them (default: the report files in data/source/).

    Writes OUT/dataset.ttl (all reports) and OUT/dataset.trig (a named graph per report, one
    of the organisations, places and roadmaps they share)
    only if the data conforms to the shapes; otherwise prints the violations, leaves OUT
    untouched and exits with 1. Ends with a summary of what a publisher may want to review.
    Following a release (--previous, or the one in OUT), it writes what changed since:
    changes.json, changes.ttl, site/changes/.

    \b
    Example:
        roadmap-kg build data/source/ more/report-2022.odt --out dist
        roadmap-kg build data/source/ --out dist --previous archive/2022.1
        roadmap-kg build data/source/ --out archive/2023.1 --previous archive/2022.1 --reuse
    """
    from .pipeline import build as run_build

    settings = Settings(
        sources=_sources(sources),
        out_dir=out_dir,
        base_iri=base_iri,
        strict=strict,
        link_with=link_with,
        pages=not no_pages,
        previous=previous,
        reuse_previous=_reusable(reuse, previous),
        jobs=jobs,
        memory=memory,
    )
    if _EXIT_FAST:
        # the process ends once the build is summarised: the cycle collector, resting during
        # the build (pipeline.py), would walk the objects it made as it resumed (0.3 s of
        # CPU at the end of a build of 15,000 events with pages) for memory the exit frees
        gc.disable()
    result = run_build(settings)
    _keep_until_exit(result)
    _summarise(result, quiet)
    _stop_unless_written(result, out_dir)
    top = result.files.top()  # found by their text: a release with pages has many files
    pages = len(result.files) - len(top)
    click.echo(
        f"wrote {len(top)} files into {_shown(top[0].parent)}/: "
        + ", ".join(p.name for p in top if not p.name.startswith("."))
        + (f"; and site/ ({pages} pages and files)" if pages else "")
    )
    click.echo(f"fix-list: {result.fix_list} row(s) → {_shown(top[0].parent)}/fix-list.csv")


def _reusable(reuse: bool, previous: Path | None) -> bool:
    if reuse and (previous is None or not previous.is_dir()):
        raise click.UsageError("--reuse needs --previous DIR, a release folder")
    return reuse


def _stop_unless_written(result: BuildResult, out_dir: Path) -> None:
    """Exit 1, saying why, when the build wrote no release."""
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


def _summarise(result: BuildResult, quiet: bool) -> None:
    """The warnings (unless quiet) and one line of what a publisher may want to review."""
    if not quiet:
        for warning in result.warnings:
            click.echo(str(warning), err=True)
    for note in result.notes:  # how the build ran, quiet or not: it explains its time
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"{len(result.reports)} report(s), {result.events} events, "
        f"{result.organisations} organisations ({len(result.new_organisations)} not in the "
        f"authority file, {result.unplaced} not placed), {result.dates_as_text} date(s) kept "
        f"as text, {len(result.warnings)} warning(s), {result.triples} triples"
    )


@cli.command(name="validate")
@click.argument("files", nargs=-1, required=True, type=ExistingPath(dir_okay=False))
@reports_errors()
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


@cli.command()
# folders and unreadable files are let through: read_source refuses them in one line
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--review",
    "review_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The review file (default: data/reference/links.tsv).",
)
@base_iri_option
@reports_errors()
def link(sources: tuple[Path, ...], review_path: Path | None, base_iri: str) -> None:
    """Propose authority matches for bodies not in the authority file, for review.

    Adds candidate rows to the review file (TSV: mention, IRI, candidate, score,
    justification, decision, reviewer, date, source). Set `decision` to accept, reject or
    new; every later build applies the decisions. Decided rows are never changed.

    \b
    Example:
        roadmap-kg link data/source/*.txt && $EDITOR data/reference/links.tsv
    """
    from .link import propose, read_review, write_review
    from .pipeline import extract
    from .reference import Reference

    settings = Settings(sources=_sources(sources), base_iri=base_iri)
    path = review_path or settings.reference_dir / "links.tsv"
    reference = Reference(settings.reference_dir)
    existing = read_review(path)
    rows = propose(extract(settings, reference), reference, existing, base_iri)
    write_review(path, rows)
    open_subjects = {r.subject_id for r in rows if not r.decision} - {
        r.subject_id for r in rows if r.decision
    }
    click.echo(
        f"{len(rows) - len(existing)} candidate row(s) added; {len(open_subjects)} "
        f"organisation(s) await a decision in {path}"
    )


class _QueryCommand(click.Command):
    """`query --help` lists the library, from the queries' own headers."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        with formatter.section("Queries (details: roadmap-kg query --list)"):
            formatter.write_dl([(q.name, q.title) for q in _library().values()])


def _library() -> dict[str, Any]:
    from .query import load_queries

    return load_queries(Settings().queries_dir)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not key=value", param_hint="--param")
        params[key] = value
    return params


@cli.command(cls=_QueryCommand)
@click.argument("name", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the queries and their parameters.")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value (repeatable).",
)
@click.option(
    "--data",
    "data_files",
    multiple=True,
    type=ExistingPath(),
    help="RDF files to query, or release folders (their dataset.trig; default: dist).",
)
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output: a table, SPARQL 1.1 CSV/TSV, or SPARQL 1.1 Query Results JSON.",
)
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for an endpoint.")
@base_iri_option
@reports_errors()
def query(
    name: str | None,
    list_queries: bool,
    params: tuple[str, ...],
    data_files: tuple[Path, ...],
    endpoint: str | None,
    fmt: str,
    timeout: float,
    base_iri: str,
) -> None:
    """Run a canned query of queries/ on the release, on RDF files or on an endpoint.

    Parameters are bound as RDF terms, never pasted into the query. Credentials for an
    endpoint come from ROADMAP_KG_USER / ROADMAP_KG_PASSWORD or ~/.netrc.

    \b
    Example:
        roadmap-kg query hosted-events-with-participants-from -p kind=forum --format csv
    """
    from .query import bindings, load_store, render, run_local, run_remote, sort_lists, with_values

    library = _library()
    if list_queries or name is None:
        for q in library.values():
            click.echo(f"{q.name}\n  {q.title}. {q.description}")
            for p in q.open_parameters:
                default = f", default {p.default}" if p.default else ""
                click.echo(f"  --param {p.name}=… ({p.type}{default}) {p.description}")
        return
    if name not in library:
        raise click.UsageError(f"no query {name!r}; see roadmap-kg query --list")
    if endpoint and data_files:
        raise click.UsageError("--data and --endpoint exclude each other")
    canned = library[name]
    text = with_values(canned.text, bindings(canned, _params(params), base_iri))
    if endpoint:
        results = run_remote(text, endpoint, timeout)
    else:
        files = [_release_data(path) for path in data_files] or [_default_release()]
        results = run_local(text, load_store(files))
    click.echo(render(sort_lists(results, canned), fmt), nl=False)


def _default_release() -> Path:
    for candidate in (Path("dist/dataset.trig"), Path("dist/dataset.ttl")):
        if candidate.is_file():
            return candidate
    raise click.UsageError("no dist/dataset.trig here: build the release first or give --data")


def _release_data(path: Path) -> Path:
    """An RDF file given with --data, or a release folder's dataset.trig."""
    if not path.is_dir():
        return path
    if not (path / "dataset.trig").is_file():
        raise InputError(str(path), None, "not a release (no dataset.trig in it)")
    return path / "dataset.trig"


@cli.command(name="diff")
@click.argument("old", type=ExistingPath())
@click.argument("new", type=ExistingPath())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md"]),
    default="text",
    show_default=True,
    help="How the changes are printed (json: values as N-Triples terms).",
)
@reports_errors()
def diff_command(old: Path, new: Path, fmt: str) -> None:
    """What changed from release OLD to release NEW (folders, or their dataset.trig): events,
    organisations and places added, removed and changed, matched by IRI; for a changed one,
    each property whose values differ, with the old and the new values.

    \b
    Example:
        roadmap-kg diff dist-2021 dist --format json
    """
    from .diff import as_json, as_text, diff

    changes = diff(old, new)
    click.echo(as_json(changes) if fmt == "json" else as_text(changes, markdown=fmt == "md"))


@cli.command()
@click.argument("folder", required=False, default=Path("dist"), type=ExistingPath(file_okay=False))
@click.option(
    "--store",
    required=True,
    metavar="URL",
    help="Graph Store HTTP Protocol endpoint, e.g. http://localhost:7878/store",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds to wait for each request.",
)
@click.option(
    "--retries",
    default=4,
    type=click.IntRange(min=0),
    show_default=True,
    help="Retries on connection errors, timeouts, 5xx, 408 and 429.",
)
@click.option(
    "--backoff",
    default=0.5,
    type=click.FloatRange(min=0),
    show_default=True,
    metavar="SECONDS",
    help="Wait before the first retry; each further retry waits twice as long.",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Send every graph, also those the store holds unchanged since the last publish.",
)
@reports_errors()
def publish(
    folder: Path, store: str, timeout: float, retries: int, backoff: float, everything: bool
) -> None:
    """Load a release into a triple store: each named graph (a graph per report, the registry
    of shared resources) replaced whole, only those changed since the last publish there.

    Works with any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph,
    Apache Jena Fuseki, GraphDB, Virtuoso …). Publishing twice changes nothing. Credentials
    come from the URL (http://user:password@host/…), ROADMAP_KG_USER / ROADMAP_KG_PASSWORD
    or ~/.netrc, sent as Basic or Digest authentication as the store asks; never printed.

    \b
    Example:
        roadmap-kg publish dist --store http://localhost:7878/store
    """
    from .endpoint import split_userinfo
    from .store import publish as run_publish

    done = run_publish(
        folder, store, timeout=timeout, retries=retries, backoff=backoff, everything=everything
    )
    sent = [p for p in done if p.attempts]
    triples = sum(p.triples for p in sent)
    public, _ = split_userinfo(store)
    unchanged = f" ({len(done) - len(sent)} unchanged, not sent)" if len(sent) < len(done) else ""
    click.echo(f"published {len(sent)} graph(s){unchanged}, {triples} triples, to {public}")


@cli.command()
@click.argument("folder", required=False, default=Path("dist"), type=ExistingPath(file_okay=False))
@click.option(
    "--port", default=7878, show_default=True, help="Port on 127.0.0.1 (0: any free port)."
)
@base_iri_option
@reports_errors()
def serve(folder: Path, port: int, base_iri: str) -> None:
    """Serve a release on 127.0.0.1: its pages (every IRI answers HTML, Turtle or JSON-LD by
    the Accept header), a SPARQL endpoint at /sparql and the canned queries at /queries/.

    \b
    Example:
        roadmap-kg serve dist --port 7878    # then open http://127.0.0.1:7878/
    """
    from .serve import ReleaseServer

    server = ReleaseServer(folder, _library(), ("127.0.0.1", port), base_iri)
    click.echo(f"serving {folder} at {server.url} (SPARQL: {server.url}sparql); Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _shown(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


def _print_violations(report: Any) -> None:
    for violation in report.violations:
        click.echo(str(violation), err=True)
    click.echo(f"{len(report.violations)} violation(s)", err=True)


# Set by main(), the installed command: the process ends as soon as the command is done, so
# the objects of a large build are left to the operating system instead of being freed one
# by one (seconds for thousands of reports). Commands run in-process (tests) end as usual.
_EXIT_FAST = False
_KEPT: list[object] = []


def _keep_until_exit(value: object) -> None:
    if _EXIT_FAST:
        _KEPT.append(value)


def main() -> None:
    """The `roadmap-kg` command: the click group, then a quick exit with its exit code."""
    global _EXIT_FAST
    _EXIT_FAST = True
    try:
        cli.main(prog_name="roadmap-kg")
        code = 0
    except SystemExit as stop:
        code = _exit_code(stop.code)
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe ('roadmap-kg … | head') or a closed stream has nothing to flush to
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _exit_code(code: object) -> int:
    """What sys.exit(code) would end the process with."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    main()
