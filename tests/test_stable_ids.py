"""Editing a report keeps every other event's IRI (README, identifier policy).

Each test edits the text of a real report as a person would — inserts a row, deletes one,
moves a whole section, retypes whitespace — rebuilds it, and diffs the sets of event IRIs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roadmap_kg import ids
from roadmap_kg.extract import extract_report
from roadmap_kg.read import read_source
from roadmap_kg.read.table import Row
from roadmap_kg.reference import Reference

from conftest import MULTI_SOURCES

# the seed and a fixture report of another region pair and year
REPORTS = [MULTI_SOURCES[0], MULTI_SOURCES[1]]


def event_iris(path: Path, reference: Reference) -> set[str]:
    report = extract_report(read_source(path), reference)
    keys = ids.event_keys(report)
    assert len(set(keys.values())) == len(report.events)  # distinct IRIs, one per event
    return set(keys.values())


def rows(path: Path) -> list[Row]:
    return list(read_source(path).rows)


def lines_of(row: Row, lines: list[str]) -> list[str]:
    return lines[row.source.first - 1 : row.source.last]


def write(tmp_path: Path, original: Path, lines: list[str]) -> Path:
    edited = tmp_path / original.name  # the same file name: provenance aside, the same report
    edited.write_text("".join(lines), encoding="utf-8")
    return edited


@pytest.fixture(params=REPORTS, ids=lambda p: p.stem)
def report(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_deleting_a_row_keeps_every_other_iri(
    report: Path, reference: Reference, tmp_path: Path
) -> None:
    before = event_iris(report, reference)
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    data = [r for r in rows(report) if not r.is_section]
    victim = data[len(data) // 2]
    edited = lines[: victim.source.first - 1] + lines[victim.source.last :]
    after = event_iris(write(tmp_path, report, edited), reference)
    assert len(after) == len(before) - 1
    assert after < before


def test_inserting_a_row_keeps_every_other_iri(
    report: Path, reference: Reference, tmp_path: Path
) -> None:
    before = event_iris(report, reference)
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    data = [r for r in rows(report) if not r.is_section]
    model = lines_of(data[0], lines)
    # a copy of the first row under a new name, inserted before the third row
    cell_starts = [i for i, line in enumerate(model) if line.startswith("\t")]
    name_start, name_end = cell_starts[1], cell_starts[2]
    new = model[:name_start] + ["\tСовещание по вопросам обмена опытом архивистов\n"]
    new += model[name_end:] + ["\n"]
    at = data[2].source.first - 1
    after = event_iris(write(tmp_path, report, lines[:at] + new + lines[at:]), reference)
    assert len(after) == len(before) + 1
    assert before < after


def test_moving_a_section_keeps_every_iri(
    report: Path, reference: Reference, tmp_path: Path
) -> None:
    before = event_iris(report, reference)
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    table = rows(report)
    sections = [i for i, r in enumerate(table) if r.is_section]
    assert len(sections) >= 2, "the report needs two sections to move one"
    # the first section with its rows goes to the end of the table
    start = table[sections[0]].source.first - 1
    end = table[sections[1]].source.first - 1
    block = lines[start:end]
    rest = lines[:start] + lines[end:]
    if rest[-1].strip():
        rest[-1] = rest[-1].rstrip("\n") + "\n"
    edited = rest + ["\n"] + block
    after = event_iris(write(tmp_path, report, edited), reference)
    assert after == before


def test_retyping_whitespace_keeps_every_iri(
    report: Path, reference: Reference, tmp_path: Path
) -> None:
    before = event_iris(report, reference)
    header_end = rows(report)[0].source.first - 1
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    retyped = lines[:header_end]
    for line in lines[header_end:]:
        body = line.rstrip("\n")
        if body.strip():
            # double spaces between words, trailing spaces, a non-breaking space after '№'
            body = re.sub(r"(?<=\S) (?=\S)", "  ", body).replace("№ ", "№\u00a0") + "   "
        retyped.append(body + "\n")
    # and CRLF line ends, as a file saved on Windows has
    edited = write(tmp_path, report, [line.replace("\n", "\r\n") for line in retyped])
    assert edited.read_bytes() != report.read_bytes()
    assert event_iris(edited, reference) == before
