"""A large release is drafted by two processes; the result must be exactly what one process
gives, and an error in either half must surface as the same clean error."""

from __future__ import annotations

from pathlib import Path

import pytest

import roadmap_kg.extract as extract
from roadmap_kg.errors import InputError
from roadmap_kg.read import read_source
from roadmap_kg.reference import Reference

from conftest import MULTI_SOURCES


def _extract(reference: Reference, paths: tuple[Path, ...], rows: int, monkeypatch) -> tuple:
    monkeypatch.setattr(extract, "PARALLEL_ROWS", rows)
    return extract.extract_reports([read_source(p) for p in paths], reference)


def test_two_processes_give_what_one_gives(reference: Reference, monkeypatch) -> None:
    one = _extract(reference, MULTI_SOURCES, 10**9, monkeypatch)
    two = _extract(reference, MULTI_SOURCES, 0, monkeypatch)
    assert len(one) == len(MULTI_SOURCES)
    assert two == one
    # the organisations named in both halves got one identity and all their spellings
    keys = [{o.key for o in r.organisations} for r in one]
    assert set.intersection(*keys[:1]) & set.union(*keys[1:])


@pytest.mark.parametrize("position", [0, -1])
def test_an_error_in_either_half_is_the_clean_error(
    reference: Reference, monkeypatch, tmp_path: Path, position: int
) -> None:
    broken = tmp_path / "broken.txt"
    text = MULTI_SOURCES[0].read_text(encoding="utf-8")
    header_end = text.index("Содержание")
    broken.write_text(text[:header_end] + text[header_end:].replace("\t", "", 1), encoding="utf-8")
    paths = list(MULTI_SOURCES)
    paths.insert(position if position == 0 else len(paths), broken)
    with pytest.raises(InputError) as raised:
        _extract(reference, tuple(paths), 0, monkeypatch)
    assert raised.value.file.endswith("broken.txt")


def _extract_files(reference: Reference, paths: tuple[Path, ...], size: int, monkeypatch) -> tuple:
    monkeypatch.setattr(extract, "PARALLEL_BYTES", size)
    return extract.extract_files(paths, read_source, reference)


def test_files_read_by_two_processes_give_what_one_gives(reference: Reference, monkeypatch) -> None:
    one = _extract(reference, MULTI_SOURCES, 10**9, monkeypatch)
    two = _extract_files(reference, MULTI_SOURCES, 0, monkeypatch)
    alone = _extract_files(reference, MULTI_SOURCES, 10**12, monkeypatch)
    assert two == one
    assert alone == one


@pytest.mark.parametrize("position", [0, -1])
@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage \x81" * 50])
def test_a_file_unreadable_in_either_half_is_the_clean_error(
    reference: Reference, monkeypatch, tmp_path: Path, position: int, content: bytes
) -> None:
    broken = tmp_path / "unreadable.txt"
    broken.write_bytes(content)
    paths = list(MULTI_SOURCES)
    paths.insert(position if position == 0 else len(paths), broken)
    with pytest.raises(InputError) as raised:
        _extract_files(reference, tuple(paths), 0, monkeypatch)
    assert raised.value.file.endswith("unreadable.txt")
    missing = tmp_path / "missing.txt"
    with pytest.raises(InputError) as raised:
        _extract_files(reference, (*MULTI_SOURCES, missing), 0, monkeypatch)
    assert raised.value.file.endswith("missing.txt")
