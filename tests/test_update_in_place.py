"""A rebuild updates its release in place (publish/files.py StagedRelease.commit with
in_place): from one listing of what the release held (found_in), files the new release
lacks go, with the folders they leave empty; files whose bytes are the same keep their time;
a link inside the release is removed, never followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_kg.publish.files import CACHE_FOLDER, found_in, staged_release

PAST = 1_000_000_000


def _previous(out: Path) -> None:
    """A release as a previous build left it, and a file and a folder it never made."""
    for name, text in {
        "dataset.ttl": "same\n",
        "dataset.nt": "old\n",
        "site/id/event/a/index.html": "a\n",
        "site/id/event/b/index.html": "b\n",
        "site/id/org/gone/index.html": "gone\n",
        f"{CACHE_FOLDER}/pages.json": "{}",
    }.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, (PAST, PAST))
    (out / "site" / "empty" / "deeper").mkdir(parents=True)


def _files(out: Path) -> set[str]:
    """Everything but folders (a link to a folder among them), as found_in lists it."""
    return {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_symlink() or not p.is_dir()
    }


def _folders(out: Path) -> set[str]:
    return {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir() and not p.is_symlink()
    }


@pytest.mark.parametrize("listed_before", [True, False])
def test_an_update_leaves_exactly_the_new_release(tmp_path: Path, listed_before: bool) -> None:
    out = tmp_path / "dist"
    _previous(out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("kept", encoding="utf-8")
    (out / "site" / "link").symlink_to(outside, target_is_directory=True)
    found = found_in(out.resolve()) if listed_before else None
    if found is not None:
        assert {Path(p).relative_to(out.resolve()).as_posix() for p in found.files} == _files(out)
        assert [Path(p).name for p in found.empty] == ["deeper"]
    with staged_release(out) as staged:
        written: list[str | Path] = []
        for name, text in {"dataset.ttl": "same\n", "dataset.nt": "new\n"}.items():
            (staged.folder / name).write_text(text, encoding="utf-8")
            written.append(staged.folder / name)
        written.append(str(out.resolve() / "site/id/event/a/index.html"))  # kept as it is
        files = staged.commit(written, in_place=True, found=found)
    assert _files(out) == {
        "dataset.ttl",
        "dataset.nt",
        "site/id/event/a/index.html",
        f"{CACHE_FOLDER}/pages.json",  # the cache's own: left for the cache to replace
    }
    # the folders emptied, and the empty ones found, are gone; their parents that hold
    # files of the release stay
    assert _folders(out) == {CACHE_FOLDER, "site", "site/id", "site/id/event", "site/id/event/a"}
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "kept"  # not followed
    assert (out / "dataset.ttl").stat().st_mtime == PAST  # the same bytes: untouched
    assert (out / "dataset.nt").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.relative_to(out.resolve()).as_posix() for p in files) == [
        "dataset.nt",
        "dataset.ttl",
        "site/id/event/a/index.html",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "outside"]  # no staging


def test_a_listing_of_another_folder_is_not_used(tmp_path: Path) -> None:
    out, other = tmp_path / "dist", tmp_path / "other"
    _previous(out)
    other.mkdir()
    with staged_release(out) as staged:
        (staged.folder / "dataset.ttl").write_text("same\n", encoding="utf-8")
        staged.commit([staged.folder / "dataset.ttl"], in_place=True, found=found_in(other))
    assert _files(out) == {"dataset.ttl", f"{CACHE_FOLDER}/pages.json"}
