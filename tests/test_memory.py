"""`build --memory MIB`, and the memory the system has: a build with pages writes them with
fewer processes than --jobs allows when as many would need more memory than it may use
(memory.py), says so, and gives the same release."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_kg import memory, pipeline
from roadmap_kg.errors import ConfigError
from roadmap_kg.memory import Choice, available, needed, page_processes
from roadmap_kg.settings import Settings
from roadmap_kg.workers import allowed
from test_cli import invoke
from test_jobs import _files

from conftest import SEED

# the distinct triples of `make bench`'s releases of 60 and 1,000 reports
BENCH_60, BENCH_1000 = 84_642, 1_334_441


def test_the_estimates_follow_the_measured_builds() -> None:
    """Within a tenth of all processes' PSS that make bench measured (memory.py)."""
    for triples, processes, measured in (
        (BENCH_60, 2, 221),
        (BENCH_60, 1, 173),
        (BENCH_1000, 2, 1421),
        (BENCH_1000, 1, 1062),
    ):
        assert abs(needed(triples, processes) - measured) <= measured / 10


def test_more_triples_and_more_processes_need_more() -> None:
    assert needed(1000, 1) < needed(100_000, 1) < needed(100_000, 2) < needed(100_000, 3)


def test_as_many_processes_as_allowed_when_they_fit_or_nothing_is_known() -> None:
    assert page_processes(BENCH_1000, 2, None) == Choice(2)
    assert page_processes(BENCH_1000, 2, 4000) == Choice(2)
    assert page_processes(BENCH_1000, 1, 100) == Choice(1)


def test_one_process_when_two_would_not_fit() -> None:
    choice = page_processes(BENCH_1000, 2, 1300)
    assert choice.processes == 1
    assert choice.why is not None
    assert f"{needed(BENCH_1000, 2)} MiB" in choice.why
    assert "1300 MiB may be used" in choice.why
    assert "one needs" not in choice.why  # one fits
    short = page_processes(BENCH_1000, 2, 500).why
    assert short is not None
    assert f"one needs about {needed(BENCH_1000, 1)} MiB" in short


def test_the_most_processes_that_fit() -> None:
    budget = needed(BENCH_1000, 3)
    assert page_processes(BENCH_1000, 4, budget).processes == 3
    assert page_processes(BENCH_1000, 4, budget - 1).processes == 2


def test_available_is_memavailable_or_the_cgroup_limit_left(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:  8000000 kB\nMemAvailable:    2097152 kB\n")
    cgroup = tmp_path / "cgroup"
    cgroup.mkdir()
    assert available(meminfo, cgroup) == 2048  # no cgroup files: the system's figure
    (cgroup / "memory.max").write_text("max\n")
    (cgroup / "memory.current").write_text(f"{100 << 20}\n")
    assert available(meminfo, cgroup) == 2048  # a group without a limit
    (cgroup / "memory.max").write_text(f"{1024 << 20}\n")
    assert available(meminfo, cgroup) == 924  # the limit less what the group uses
    (cgroup / "memory.max").write_text(f"{8192 << 20}\n")
    assert available(meminfo, cgroup) == 2048  # the smaller of the two


def test_nothing_known_where_the_system_tells_nothing(tmp_path: Path) -> None:
    assert available(tmp_path / "none", tmp_path) is None
    garbled = tmp_path / "meminfo"
    garbled.write_text("MemAvailable: lots\n")
    assert available(garbled, tmp_path) is None


def _publishing_processes(
    monkeypatch: pytest.MonkeyPatch, out: Path, budget: int
) -> tuple[list[int], tuple[str, ...]]:
    """The processes allowed while the build publishes, and its notes."""
    seen: list[int] = []
    publish = pipeline.publish

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(allowed())
        return publish(*args, **kwargs)

    monkeypatch.setattr(pipeline, "publish", watched)
    result = pipeline.build(Settings(sources=(SEED,), out_dir=out, memory=budget))
    return seen, result.notes


def test_a_build_short_of_memory_publishes_with_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen, notes = _publishing_processes(monkeypatch, tmp_path / "short", 1)
    assert seen == [1]
    assert len(notes) == 1
    assert notes[0].startswith("pages written by 1 process(es), not 2")
    seen, notes = _publishing_processes(monkeypatch, tmp_path / "plenty", 1 << 20)
    assert seen == [2]
    assert notes == ()


def test_the_note_is_printed_and_the_release_is_the_same(tmp_path: Path) -> None:
    short = invoke("build", SEED, "--out", tmp_path / "short", "-q", "--memory", "1")
    assert short.exit_code == 0, short.output
    assert "note: pages written by 1 process(es), not 2" in short.output
    plenty = invoke("build", SEED, "--out", tmp_path / "plenty", "-q", "--memory", "1000000")
    assert plenty.exit_code == 0
    assert "note:" not in plenty.output
    written, expected = _files(tmp_path / "short"), _files(tmp_path / "plenty")
    assert sorted(written) == sorted(expected)
    assert [name for name in expected if written[name] != expected[name]] == []


def test_without_pages_no_process_is_held_back(tmp_path: Path) -> None:
    result = invoke("build", SEED, "--out", tmp_path / "out", "-q", "--no-pages", "--memory", "1")
    assert result.exit_code == 0
    assert "note:" not in result.output


def test_a_budget_below_one_mib_is_refused() -> None:
    result = invoke("build", SEED, "--memory", "0")
    assert result.exit_code == 2
    assert "--memory" in result.output
    with pytest.raises(ConfigError, match="--memory 0"):
        Settings(memory=0)


def test_the_budget_is_the_option_else_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "available", lambda: 777)
    assert memory.budget(None) == 777
    assert memory.budget(5) == 5
