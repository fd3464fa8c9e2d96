"""remove_tree (publish/files.py): the previous release is removed whole, by threads, and
a link inside it is removed, never followed."""

from __future__ import annotations

from pathlib import Path

from roadmap_kg.publish.files import remove_tree


def test_removes_every_level(tmp_path: Path) -> None:
    old = tmp_path / "old"
    for depth in range(6):
        folder = old.joinpath(*(f"d{depth}-{i}" for i in range(depth)))
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("index.html", "index.ttl", "index.jsonld"):
            (folder / name).write_text(name)
    remove_tree(old)
    assert not old.exists()
    assert list(tmp_path.iterdir()) == []


def test_links_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("kept")
    old = tmp_path / "old" / "site" / "id"
    old.mkdir(parents=True)
    (old / "event").symlink_to(outside, target_is_directory=True)
    (tmp_path / "old" / "site" / "x").symlink_to(outside, target_is_directory=True)
    remove_tree(tmp_path / "old")
    assert not (tmp_path / "old").exists()
    assert (outside / "keep.txt").read_text() == "kept"


def test_a_missing_folder_is_no_error(tmp_path: Path) -> None:
    remove_tree(tmp_path / "absent")
