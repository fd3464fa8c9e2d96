"""`roadmap-kg diff`: what changed between two releases, for a next edition of a report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_kg.cli import cli
from roadmap_kg.pipeline import build
from roadmap_kg.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "small" / "compact.txt"
EVENT = "https://w3id.org/roadmap-kg/id/event/ru-smo_ru-spe_2021-2023/2021/ru-smo/"
DATE = "<http://www.w3.org/2001/XMLSchema#date>"
SECTION = "\tДепартамент Смоленской области по образованию и науке\n"


def next_edition(text: str) -> str:
    """Row 8.5 withdrawn, the date of 8.4 corrected, a row 8.6 added, the education section
    moved before the culture one, whitespace retyped in a name and at line ends."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("\t8.5\t"):
            continue
        if line.startswith("\t8.4\t"):
            line = line.replace("3 июня 2021 года", "4 июня 2021 года")
            line += "\t8.6\tКонцерт камерной музыки\t10 июня 2021 года\tг. Смоленск\tМузыканты\tКонцерт состоялся\n"
        lines.append(line.replace("печатной графики", "печатной  графики").replace(" \n", "\n"))
    edited = "".join(lines)
    start = edited.index(SECTION)
    education, rest = edited[start:], edited[:start]
    culture = rest.index("\tДепартамент Смоленской области по культуре\n")
    return rest[:culture] + education.rstrip("\n") + "\n" + rest[culture:]


def release(folder: Path, name: str, text: str) -> Path:
    source = folder / name
    source.write_text(text, encoding="utf-8")
    out = folder / f"{name}-release"
    result = build(Settings(sources=(source,), out_dir=out, pages=False))
    assert result.files, [str(v) for v in result.validation.violations]
    return out


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("editions")
    text = FIXTURE.read_text(encoding="utf-8")
    edited = next_edition(text)
    assert edited.index(SECTION) < edited.index("8.2"), "the section was moved"
    return release(folder, "2021.txt", text), release(folder, "2021-corrected.txt", edited)


def test_a_next_edition_gives_one_added_one_removed_one_changed(
    editions: tuple[Path, Path],
) -> None:
    done = CliRunner().invoke(cli, ["diff", *map(str, editions), "--format", "json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {
        "events": {
            "added": [EVENT + "2021-06-10-kontsert-kamernoy-muzyki"],
            "removed": [EVENT + "2021-06-05-rabochaya-vstrecha-po-voprosam-gastroley"],
            "changed": [
                {
                    "iri": EVENT + "2021-06-03-onlayn-forum-kultura-regionov",
                    "properties": [
                        {
                            "property": "https://schema.org/endDate",
                            "old": [f'"2021-06-03"^^{DATE}'],
                            "new": [f'"2021-06-04"^^{DATE}'],
                        },
                        {
                            "property": "https://schema.org/startDate",
                            "old": [f'"2021-06-03"^^{DATE}'],
                            "new": [f'"2021-06-04"^^{DATE}'],
                        },
                        {
                            "property": "https://w3id.org/roadmap-kg/ontology#dateText",
                            "old": ['"3 июня 2021 года"'],
                            "new": ['"4 июня 2021 года"'],
                        },
                    ],
                }
            ],
        },
        "organisations": {"added": [], "removed": [], "changed": []},
        "places": {"added": [], "removed": [], "changed": []},
    }


def test_a_release_against_itself_has_no_change(editions: tuple[Path, Path]) -> None:
    old, _ = editions
    done = CliRunner().invoke(cli, ["diff", str(old), str(old / "dataset.trig")])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines() == [
        "events: 0 added, 0 removed, 0 changed",
        "organisations: 0 added, 0 removed, 0 changed",
        "places: 0 added, 0 removed, 0 changed",
    ]


def test_markdown_names_each_change(editions: tuple[Path, Path]) -> None:
    done = CliRunner().invoke(cli, ["diff", *map(str, editions), "--format", "md"])
    assert done.exit_code == 0, done.output
    assert "## events: 1 added, 1 removed, 1 changed" in done.output
    assert f"- removed `{EVENT}2021-06-05-rabochaya-vstrecha-po-voprosam-gastroley`" in done.output


def test_a_file_that_is_no_release_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    done = CliRunner().invoke(cli, ["diff", str(bad), str(bad)])
    assert done.exit_code == 2
    assert "notes.txt" in done.output
    assert "Traceback" not in done.output


def test_a_release_file_that_is_no_rdf_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "dataset.trig"
    bad.write_text("this is <not rdf\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["diff", str(bad), str(bad)])
    assert done.exit_code == 2
    assert "dataset.trig: not readable as RDF" in done.output
    assert "Traceback" not in done.output
