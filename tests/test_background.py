"""Work in a forked process: its result, or its error, comes back to the caller."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_kg.background import Background
from roadmap_kg.publish.files import atomic_release


def test_the_result_comes_from_another_process() -> None:
    parent = os.getpid()
    assert Background(os.getpid).result() != parent
    assert Background(lambda: sum(range(10))).result() == 45


def test_an_error_in_the_work_is_raised_by_result() -> None:
    def fail() -> None:
        raise ValueError("broken shapes")

    with pytest.raises(ValueError, match="broken shapes"):
        Background(fail).result()


def test_a_release_that_is_not_kept_leaves_the_previous_one(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "dataset.ttl").write_text("previous\n", encoding="utf-8")

    def write(folder: Path) -> list[Path]:
        (folder / "dataset.ttl").write_text("new\n", encoding="utf-8")
        return [folder / "dataset.ttl"]

    assert atomic_release(out, write, keep=lambda: False) == []
    assert (out / "dataset.ttl").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
    written = atomic_release(out, write)
    assert written == [out.resolve() / "dataset.ttl"]
    assert (out / "dataset.ttl").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
