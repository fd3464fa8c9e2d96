"""The error contract of every command: a path that is not there, a file that cannot be read
or written, ends in one line `error: …` on stderr and exit code 2, never a traceback; a
system error says whether reading or writing failed, and which path."""

from __future__ import annotations

import errno
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import roadmap_kg.pipeline as pipeline
from roadmap_kg.cli import cli

from conftest import FIXTURES

SMALL = FIXTURES / "small" / "compact.txt"
SCRIPT = Path(sys.executable).parent / "roadmap-kg"
NOWHERE = Path("/no/such/dir")


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_error_line(result: Result) -> str:
    """The one line a refused command printed, after checking it ended as the contract says."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small") / "dist"
    result = invoke("build", SMALL, "--out", out, "-q")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


# --- build ---------------------------------------------------------------------------------


def test_build_names_a_link_with_file_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "other.ttl"
    line = one_error_line(invoke("build", SMALL, "--out", tmp_path / "d", "--link-with", missing))
    assert line == f"error: {missing}: cannot read it (no such file or folder)"


def test_build_into_a_folder_it_cannot_make_is_a_write_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "dist"
    line = one_error_line(invoke("build", SMALL, "--out", out, "-q"))
    assert line.startswith(f"error: {out}: cannot write the release (")
    assert line.endswith("; it is unchanged")


def test_a_system_error_while_reading_is_a_read_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shapes = tmp_path / "shapes" / "roadmap.ttl"

    def refused(settings: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(shapes))

    monkeypatch.setattr(pipeline, "build", refused)
    line = one_error_line(invoke("build", SMALL, "--out", tmp_path / "dist", "-q"))
    assert line == f"error: {shapes}: cannot read it (Permission denied)"


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.ENOSPC, "No space left on device", "/somewhere/else"),
        OSError(errno.EIO, "Input/output error", "{out}/dataset.ttl"),
        OSError(errno.EIO, "Input/output error", "{staging}/site/index.html"),
    ],
)
def test_a_system_error_while_writing_is_a_write_error_naming_the_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    out = tmp_path / "dist"
    if error.filename:
        error.filename = error.filename.format(out=out, staging=tmp_path / ".dist.k2j4x_")

    def refused(settings: object) -> None:
        raise error

    monkeypatch.setattr(pipeline, "build", refused)
    line = one_error_line(invoke("build", SMALL, "--out", out, "-q"))
    assert line == f"error: {out}: cannot write the release ({error.strerror}); it is unchanged"


# --- validate ------------------------------------------------------------------------------


def test_validate_names_a_file_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "dataset.ttl"
    line = one_error_line(invoke("validate", missing))
    assert line == f"error: {missing}: cannot read it (no such file or folder)"


def test_validate_refuses_a_folder_in_one_line(tmp_path: Path) -> None:
    line = one_error_line(invoke("validate", tmp_path))
    assert line == f"error: {tmp_path}: cannot read it (a folder, where a file is wanted)"


def test_validate_names_a_file_that_is_no_rdf(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <")
    assert one_error_line(invoke("validate", broken)).startswith(f"error: {broken}: not readable")


# --- link ----------------------------------------------------------------------------------


def test_link_into_a_review_file_it_cannot_write_is_one_line() -> None:
    review = NOWHERE / "x.tsv"
    line = one_error_line(invoke("link", SMALL, "--review", review))
    assert line.startswith(f"error: {review}: cannot write the review file (")


def test_link_into_a_review_file_it_cannot_write_through_the_installed_script(
    tmp_path: Path,
) -> None:
    review = NOWHERE / "x.tsv"
    done = subprocess.run(
        [str(SCRIPT), "link", str(SMALL), "--review", str(review)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {review}: cannot write the review file (")


def test_link_names_the_line_of_an_unknown_decision(tmp_path: Path) -> None:
    review = tmp_path / "links.tsv"
    header = "mention\tsubject_id\tcandidate_id\tcandidate_label\tscore\tjustification"
    review.write_text(
        f"{header}\tdecision\treviewer\tdate\tsource\n"
        "Смоленский ГУ\torg:a\torg:b\tСмоленский государственный университет\t0.90\tw\t"
        "acept\tme\t2022-06-01\tr.txt:3\n",
        encoding="utf-8",
    )
    before = review.read_bytes()
    line = one_error_line(invoke("link", SMALL, "--review", review))
    assert line == (
        f"error: {review}:2: decision 'acept' is none of accept, reject, new (or empty: not decided)"
    )
    assert review.read_bytes() == before


# --- query ---------------------------------------------------------------------------------


def test_query_names_a_data_file_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "dataset.trig"
    line = one_error_line(invoke("query", "events-by-plan-item", "--data", missing))
    assert line == f"error: {missing}: cannot read it (no such file or folder)"


def test_query_names_a_data_file_that_is_no_rdf(tmp_path: Path) -> None:
    broken = tmp_path / "dataset.trig"
    broken.write_text("@prefix x: <")
    line = one_error_line(invoke("query", "events-by-plan-item", "--data", broken))
    assert str(broken) in line


# --- publish -------------------------------------------------------------------------------


def test_publish_names_a_folder_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "dist"
    line = one_error_line(invoke("publish", missing, "--store", "http://127.0.0.1:9/store"))
    assert line == f"error: {missing}: cannot read it (no such file or folder)"


def test_publish_names_a_folder_without_a_release(tmp_path: Path) -> None:
    line = one_error_line(invoke("publish", tmp_path, "--store", "http://127.0.0.1:9/store"))
    assert str(tmp_path / "dataset.trig") in line


# --- serve ---------------------------------------------------------------------------------


def test_serve_names_a_folder_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "dist"
    line = one_error_line(invoke("serve", missing, "--port", "0"))
    assert line == f"error: {missing}: cannot read it (no such file or folder)"


def test_serve_names_a_folder_without_a_release(tmp_path: Path) -> None:
    line = one_error_line(invoke("serve", tmp_path, "--port", "0"))
    assert line.startswith(f"error: {tmp_path}: no dataset.trig")


def test_serve_on_a_taken_port_is_one_line(release: Path, taken_port: int) -> None:
    line = one_error_line(invoke("serve", release, "--port", str(taken_port)))
    assert line.startswith(f"error: cannot listen on 127.0.0.1:{taken_port} (")


def test_a_reader_that_left_the_pipe_is_no_error_of_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def closed_pipe(settings: object) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(pipeline, "build", closed_pipe)
    result = invoke("build", SMALL, "--out", tmp_path / "dist", "-q")
    assert result.exit_code == 1  # click's own quiet end of a '… | head'
    assert "error:" not in result.stderr
