"""The command line: help, build, validate, exit codes, atomic output, determinism.

One build of the seed report (through click's CliRunner) is shared by the module; a few tests
run the installed `roadmap-kg` script in a real subprocess.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner, Result
from rdflib import RDF, Graph, URIRef

import roadmap_kg.cli as cli_module
import roadmap_kg.pipeline as pipeline
from roadmap_kg.cli import cli
from roadmap_kg.ids import DEFAULT_BASE
from roadmap_kg.validate import ValidationReport, Violation

from conftest import refused_port

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "source" / "000_5ce0ec11d6e227b6.txt"
BAD = ROOT / "tests" / "fixtures" / "bad"
SMALL = ROOT / "tests" / "fixtures" / "small" / "compact.txt"
SCRIPT = Path(sys.executable).parent / "roadmap-kg"
SCHEMA_EVENT = URIRef("https://schema.org/Event")

BAD_SOURCES = sorted(p.name for p in BAD.glob("*.txt"))


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def error_lines(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if line.strip()]


def run_script(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *(str(a) for a in args)],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {str(p.relative_to(folder)): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("seed") / "dist"
    result = invoke("build", SEED, "--out", out)
    return result, out


@pytest.fixture(scope="module")
def dataset(seed_build: tuple[Result, Path]) -> Path:
    result, out = seed_build
    assert result.exit_code == 0, result.output
    return out / "dataset.ttl"


@pytest.fixture
def existing_release(tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "dataset.ttl").write_bytes(b"# an earlier release\n<urn:a> <urn:b> <urn:c> .\n")
    (out / "notes.txt").write_bytes(b"kept as it is\n")
    return out


def assert_untouched(out: Path, before: dict[str, bytes]) -> None:
    assert snapshot(out) == before
    leftovers = sorted(p.name for p in out.parent.iterdir() if p != out and p.name.startswith("."))
    assert leftovers == [], f"staging folders left beside {out}: {leftovers}"


# --- help ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "example"),
    [
        ([], r"roadmap-kg build \S+"),
        (["build"], r"roadmap-kg build \S+"),
        (["validate"], r"roadmap-kg validate \S+"),
    ],
    ids=["group", "build", "validate"],
)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_exits_0_and_shows_an_example(args: list[str], example: str, flag: str) -> None:
    result = invoke(*args, flag)
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert re.search(rf"^\s+{example}", result.output, re.MULTILINE), result.output


@pytest.mark.slow
def test_help_through_the_installed_script(tmp_path: Path) -> None:
    for args in ([], ["build"], ["validate"]):
        done = run_script(*args, "--help", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "roadmap-kg " in done.stdout
        assert "Example" in done.stdout


# --- build ---------------------------------------------------------------------------------------


def test_build_seed_writes_dataset_and_summary(seed_build: tuple[Result, Path]) -> None:
    result, out = seed_build
    assert result.exit_code == 0, result.output
    assert (out / "dataset.ttl").is_file()
    assert "50 events" in result.stdout
    assert "1 report(s)" in result.stdout
    assert "dataset.ttl" in result.stdout


def test_build_small_report(tmp_path: Path) -> None:
    result = invoke("build", SMALL, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    assert "5 events" in result.stdout
    graph = Graph().parse(tmp_path / "out" / "dataset.ttl", format="turtle")
    assert len(set(graph.subjects(RDF.type, SCHEMA_EVENT))) == 5


def test_query_never_prints_the_password_of_an_endpoint_url(tmp_path: Path) -> None:
    with refused_port() as port:
        endpoint = f"http://reader:s3cret-pw@127.0.0.1:{port}/sparql"
        result = invoke("query", "events-by-plan-item", "--endpoint", endpoint, "--timeout", "5")
    assert result.exit_code == 2, result.output
    assert "s3cret-pw" not in result.output
    assert f"http://127.0.0.1:{port}/sparql" in result.stderr


def test_the_same_report_twice_is_one_clean_error(tmp_path: Path) -> None:
    copy = tmp_path / "copy-of-the-seed.txt"
    copy.write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    result = invoke("build", SEED, copy, "--out", out, "-q")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: copy-of-the-seed.txt: the same report as " + SEED.name)
    assert not out.exists()


def test_the_installed_command_leaves_the_cycle_collector_resting_after_a_build(
    tmp_path: Path,
) -> None:
    """The process ends once the build is summarised: no collection of what it made."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli_module, "_EXIT_FAST", True)
        patch.setattr(cli_module, "_KEPT", [])
        try:
            result = invoke("build", SMALL, "--out", tmp_path / "out", "-q")
            assert result.exit_code == 0, result.output
            assert not gc.isenabled()
        finally:
            gc.enable()
    assert invoke("build", SMALL, "--out", tmp_path / "again", "-q").exit_code == 0
    assert gc.isenabled()  # a command run in-process leaves it as it found it


def test_build_without_pages_writes_the_same_data_and_no_site(tmp_path: Path) -> None:
    with_pages, without = tmp_path / "with", tmp_path / "without"
    assert invoke("build", SMALL, "--out", with_pages, "-q").exit_code == 0
    result = invoke("build", SMALL, "--out", without, "-q", "--no-pages")
    assert result.exit_code == 0, result.output
    assert (with_pages / "site").is_dir()
    assert not (without / "site").exists()
    for name in ("dataset.ttl", "dataset.nt", "dataset.trig", "dataset.jsonld", "events.csv"):
        assert (without / name).read_bytes() == (with_pages / name).read_bytes(), name
    assert (without / "catalog.ttl").is_file()


@pytest.mark.parametrize("name", BAD_SOURCES)
def test_build_bad_file_prints_one_error_line_and_exits_2(tmp_path: Path, name: str) -> None:
    result = invoke("build", BAD / name, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    lines = error_lines(result)
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    assert re.search(rf"\b{re.escape(name)}:\d+", lines[0]), f"no file:line in {lines[0]!r}"
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_build_bad_file_through_the_installed_script(tmp_path: Path) -> None:
    done = run_script("build", BAD / "cut_in_row.txt", "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: cut_in_row.txt:18: ")
    assert "Traceback" not in done.stderr


def test_build_nonexistent_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = invoke("build", missing, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    lines = error_lines(result)
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:"), result.output
    assert "missing.txt" in lines[0]
    assert not (tmp_path / "out").exists()


def test_failed_build_leaves_existing_output_unchanged(existing_release: Path) -> None:
    before = snapshot(existing_release)
    result = invoke("build", SEED, BAD / "cut_in_row.txt", "--out", existing_release)
    assert result.exit_code == 2, result.output
    assert_untouched(existing_release, before)


def test_nonconforming_build_exits_1_and_leaves_output_unchanged(
    existing_release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    violation = Violation(
        "urn:x", "x.txt:1-2: event «X»", "schema:name", "broken on purpose", "Violation"
    )
    report = ValidationReport(False, (violation,))
    monkeypatch.setattr(pipeline, "validate", lambda graph, shapes: report)
    before = snapshot(existing_release)
    result = invoke("build", SMALL, "--out", existing_release, "--quiet")
    assert result.exit_code == 1, result.output
    assert "x.txt:1-2: event «X»: broken on purpose" in result.stderr
    assert_untouched(existing_release, before)


def test_build_failing_while_writing_leaves_output_unchanged(
    existing_release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_write(graphs: object, path: Path) -> None:
        path.write_bytes(b"@prefix half: <")
        raise OSError("disk full")

    import roadmap_kg.publish.release as release_module

    monkeypatch.setattr(release_module, "write_trig", half_write)
    before = snapshot(existing_release)
    settings = pipeline.Settings(sources=(SMALL,), out_dir=existing_release)
    with pytest.raises(OSError, match="disk full"):
        pipeline.build(settings)
    assert_untouched(existing_release, before)


def test_failing_to_write_the_data_stops_the_pages_begun_beside_it(
    existing_release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The resource pages are written by a forked process while the data files are: an
    error in the data stops it before the staging folder is removed."""

    def fail_once_pages_are_written(graphs: object, path: Path) -> None:
        deadline = time.monotonic() + 300  # a guard against a hang, not a measure of time
        while not any((path.parent / "site" / "id").rglob("index.html")):
            assert time.monotonic() < deadline, "no page was written beside the data"
            time.sleep(0.02)
        raise OSError("disk full")

    import roadmap_kg.publish.release as release_module

    monkeypatch.setattr(release_module, "write_trig", fail_once_pages_are_written)
    _build_fails_leaving_nothing(existing_release, OSError, "disk full")


def test_a_failing_page_stops_the_build_and_leaves_output_unchanged(
    existing_release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roadmap_kg.publish.site as site_module

    def broken_page(*args: object) -> None:
        raise ValueError("broken template")

    monkeypatch.setattr(site_module, "resource_page", broken_page)
    # one process: the patch reaches no page child, a fresh interpreter (an error in a
    # child's pages: tests/test_workers.py)
    _build_fails_leaving_nothing(existing_release, ValueError, "broken template", jobs=1)


def _build_fails_leaving_nothing(
    release: Path, error: type[Exception], message: str, jobs: int = 2
) -> None:
    """Building the seed into release fails with this error, no worker process is left
    running, and the release is as it was."""
    before = snapshot(release)
    settings = pipeline.Settings(sources=(SEED,), out_dir=release, jobs=jobs)
    with pytest.raises(error, match=message):
        pipeline.build(settings)
    assert multiprocessing.active_children() == []
    assert_untouched(release, before)


@pytest.mark.slow
def test_base_iri_changes_every_event_iri(tmp_path: Path) -> None:
    base = "http://example.org/x/"
    result = invoke("build", SEED, "--out", tmp_path / "out", "--base-iri", base, "--quiet")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(tmp_path / "out" / "dataset.ttl", format="turtle")
    events = set(graph.subjects(RDF.type, SCHEMA_EVENT))
    assert len(events) == 50
    assert all(str(e).startswith(base + "event/") for e in events), sorted(events)[:3]
    minted = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    assert not [t for t in minted if t.startswith(DEFAULT_BASE)]


# --- validate ------------------------------------------------------------------------------------


def test_validate_conforming_release(dataset: Path) -> None:
    result = invoke("validate", dataset)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout


def test_validate_nonconforming_file_exits_1_and_names_events() -> None:
    result = invoke("validate", BAD / "nonconforming.ttl")
    assert result.exit_code == 1, result.output
    out = result.output
    # the event without a name is named by its source lines, with both problems
    no_name = [line for line in out.splitlines() if line.startswith("nonconforming.txt:40-45: ")]
    assert any("schema:name" in line and "exactly one schema:name" in line for line in no_name), out
    assert any("not after its schema:endDate" in line for line in no_name), out
    # the named event is named by its name and its source lines
    named = [line for line in out.splitlines() if line.startswith("nonconforming.txt:50-55: ")]
    assert any("«Выставка печатной графики «Поп-арт»»" in line for line in named), out
    assert any("not after its schema:endDate" in line for line in named), out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    "path", [BAD / "not_rdf.ttl", BAD / "binary.txt", SEED], ids=lambda p: p.name
)
def test_validate_file_that_is_not_rdf_exits_2(path: Path) -> None:
    result = invoke("validate", path)
    assert result.exit_code == 2, result.output
    lines = error_lines(result)
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    assert path.name in lines[0]
    assert "Traceback" not in result.output


def test_validate_nonexistent_file_exits_2(tmp_path: Path) -> None:
    result = invoke("validate", tmp_path / "missing.ttl")
    assert result.exit_code == 2, result.output


# --- the release file ----------------------------------------------------------------------


@pytest.mark.slow
def test_build_is_deterministic_across_processes_and_hash_seeds(
    tmp_path: Path, dataset: Path
) -> None:
    outputs = []
    for hash_seed in ("0", "4242"):
        out = tmp_path / f"dist-{hash_seed}"
        env = {"PYTHONHASHSEED": hash_seed}
        done = run_script("build", SEED, "--out", out, "--quiet", cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        assert "50 events" in done.stdout
        assert "Traceback" not in done.stderr
        outputs.append((out / "dataset.ttl").read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == dataset.read_bytes()  # and the same as the in-process build


def test_rdflib_and_oxigraph_read_the_same_number_of_triples(dataset: Path) -> None:
    rdflib_count = len(Graph().parse(dataset, format="turtle"))
    store = pyoxigraph.Store()
    store.load(path=str(dataset), format=pyoxigraph.RdfFormat.TURTLE)
    parsed = set(pyoxigraph.parse(path=str(dataset), format=pyoxigraph.RdfFormat.TURTLE))
    assert rdflib_count > 1000
    assert len(store) == rdflib_count
    assert len(parsed) == rdflib_count


@pytest.mark.slow
def test_build_of_text_and_docx_together_summarises_and_writes_trig(tmp_path: Path) -> None:
    from docx_twin import write_docx_twin

    twin = tmp_path / "pskov.docx"
    write_docx_twin(ROOT / "tests" / "fixtures" / "reports" / "spb-pskov-2022.txt", twin)
    result = invoke("build", SEED, twin, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    summary = result.output.splitlines()[0]
    assert summary.startswith("2 report(s), 63 events, ")
    assert re.search(
        r"\(\d+ not in the authority file, \d+ not placed\), 0 date\(s\) kept as text", summary
    )
    assert (tmp_path / "out" / "dataset.trig").is_file()


@pytest.mark.slow
def test_strict_refuses_a_release_with_warnings(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "dataset.ttl").write_text("previous release\n", encoding="utf-8")
    source = tmp_path / "r.txt"
    text = SEED.read_text(encoding="utf-8").replace("22-23 апреля 2021 года", "в скором времени", 1)
    source.write_text(text, encoding="utf-8")
    result = invoke("build", source, "--out", out, "--strict")
    assert result.exit_code == 1
    assert 'cannot read date "в скором времени"' in result.output
    assert "1 date(s) kept as text, 1 warning(s)" in result.output
    assert "--strict" in result.output
    assert (out / "dataset.ttl").read_text(encoding="utf-8") == "previous release\n"
    lenient = invoke("build", source, "--out", out)
    assert lenient.exit_code == 0
    assert "r.txt:21-26: warning: cannot read date" in lenient.output


def test_query_lists_the_library_and_runs_on_the_release(dataset: Path) -> None:
    listing = invoke("query", "--list")
    assert listing.exit_code == 0
    assert "spbu-hosted-conferences-with-smolensk-participants" in listing.output
    assert "--param kind=… (kind, default conference)" in listing.output
    result = invoke(
        "query",
        "spbu-hosted-conferences-with-smolensk-participants",
        "--data",
        dataset.with_suffix(".trig"),
        "--format",
        "tsv",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "?event\t?name\t?start\t?end\t?hostName"
    assert len(lines) == 2
    # the release's folder is its dataset.trig; a folder that holds none is one line, exit 2
    name = "spbu-hosted-conferences-with-smolensk-participants"
    folder = invoke("query", name, "--data", dataset.parent, "--format", "tsv")
    assert folder.exit_code == 0, folder.output
    assert folder.output == result.output
    empty = invoke("query", name, "--data", dataset.parent / "site", "--format", "tsv")
    assert empty.exit_code == 2
    assert empty.output.splitlines() == [
        f"error: {dataset.parent / 'site'}: not a release (no dataset.trig in it)"
    ]


def test_a_hostile_parameter_is_rejected_or_bound_as_a_term(dataset: Path) -> None:
    hostile = invoke(
        "query",
        "hosted-events-with-participants-from",
        "-p",
        "host=http://x> } ; DROP ALL ; SELECT * {",
        "--data",
        dataset,
    )
    assert hostile.exit_code == 2
    assert hostile.output.startswith("error: parameter 'host'")
    unknown = invoke(
        "query", "hosted-events-with-participants-from", "-p", "where=1", "--data", dataset
    )
    assert unknown.exit_code == 2
    assert "no parameter 'where'" in unknown.output
    both = invoke(
        "query", "events-by-plan-item", "--data", dataset, "--endpoint", "http://127.0.0.1:9/sparql"
    )
    assert both.exit_code == 2


def test_reuse_without_a_previous_release_folder_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for previous in ([], ["--previous", SEED]):  # none, or a file
        result = invoke("build", SEED, "--out", out, "-q", "--reuse", *previous)
        assert result.exit_code == 2, result.output
        assert "--reuse needs --previous DIR, a release folder" in result.stderr
        assert not out.exists()
