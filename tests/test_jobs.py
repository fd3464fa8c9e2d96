"""`build --jobs N`: how many processes share a build's work. One forks no worker and starts
no interpreter (the least memory) and gives the same release, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_kg.errors import ConfigError
from roadmap_kg.settings import Settings
from roadmap_kg.workers import PROCESSES, Workers, allowed, at_most
from test_cli import invoke

from conftest import HANG, MULTI_SOURCES, SEED


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of a release, its build cache included, by its path in the release."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# The command as a user runs it, in a process of its own, every report drafted by two
# processes when two may share the work; with ALONE, an audit hook ends the process (exit 3)
# at the first fork or new interpreter.
_COMMAND = """
import os, sys
import roadmap_kg.extract as extract
extract.PARALLEL_BYTES = extract.PARALLEL_ROWS = 0
if os.environ.get("ALONE"):
    def refuse(event, args):
        if event in ("os.fork", "subprocess.Popen", "os.posix_spawn"):
            os._exit(3)
    sys.addaudithook(refuse)
from roadmap_kg.cli import main
sys.argv = ["roadmap-kg", *sys.argv[1:]]
main()
"""


def _build(out: Path, *more: str, alone: bool = False) -> int:
    """The command's exit code; alone: ended at its first fork or new interpreter."""
    env = {key: value for key, value in os.environ.items() if key != "ALONE"}
    if alone:
        env["ALONE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND, "build", *map(str, MULTI_SOURCES), "--out", str(out)]
        + ["-q", *more],
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG * 5,
    )
    assert done.returncode in (0, 3), done.stderr
    return done.returncode


def test_one_job_builds_the_same_release_without_another_process(tmp_path: Path) -> None:
    assert _build(tmp_path / "two") == 0
    assert _build(tmp_path / "one", "--jobs", "1", alone=True) == 0
    written, expected = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(written) == sorted(expected)
    assert [name for name in expected if written[name] != expected[name]] == []
    assert any(name.startswith("site/id/event/") for name in written)
    assert {".build/pages.json", ".build/lemmas.json", ".build/drafts.json"} <= set(written)


def test_the_hook_would_see_a_worker(tmp_path: Path) -> None:
    """The audit hook above ends a build that starts another process (the default one)."""
    assert _build(tmp_path / "out", alone=True) == 3


def test_the_processes_allowed_bound_every_worker_in_the_block() -> None:
    assert allowed() == PROCESSES == Settings().jobs
    with at_most(1):
        assert allowed() == 1
        with Workers() as workers:
            assert not workers.parallel
            job = workers.start(os.getpid)
            assert job.result() == os.getpid()
    with at_most(3), Workers() as workers:
        shared = workers.share_out(list(range(8)), len, processes=8, chunk=1)
        assert shared.finish() == [1] * 8
        assert len(shared._others or []) == 2  # two children beside this process
    assert allowed() == PROCESSES
    with pytest.raises(ValueError, match="at least one process"), at_most(0):
        pass


def test_jobs_below_one_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("build", SEED, "--out", tmp_path / "out", "-q", "--jobs", "0")
    assert result.exit_code == 2
    assert "'--jobs'" in result.output
    assert not (tmp_path / "out").exists()
    with pytest.raises(ConfigError, match="at least one process"):
        Settings(jobs=0)
