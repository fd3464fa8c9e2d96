"""`roadmap-kg diff`: what changed between two releases, for a next edition of a report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_kg.cli import cli
from roadmap_kg.diff import compare_releases, diff, load, load_differing
from roadmap_kg.pipeline import build
from roadmap_kg.publish.changes import _old_names
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


ORG = "https://w3id.org/roadmap-kg/id/org/"
SCHEMA_ = "https://schema.org/"
WORKSHOP = EVENT + "2021-06-12-master-klass-po-gravyure"
LECTURE = EVENT + "2021-06-14-lektsiya-o-gravyure"


def with_rows(text: str, *participants: str) -> str:
    """The fixture with a workshop (and a lecture) whose participants are the bodies given,
    put before the education section."""
    rows = [
        f"\t8.6\tМастер-класс по гравюре\t12 июня 2021 года\tг. Смоленск\t{participants[0]}"
        "\tМастер-класс проведён\n",
        f"\t8.7\tЛекция о гравюре\t14 июня 2021 года\tг. Смоленск\t{participants[1]}"
        "\tЛекция прочитана\n",
    ]
    at = text.index(SECTION)
    return text[:at] + "".join(rows) + text[at:]


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Three editions: two bodies new to the authority file; the first one renamed; the
    first one's row naming the second instead (the two were one body all along)."""
    folder = tmp_path_factory.mktemp("bodies")
    text = FIXTURE.read_text(encoding="utf-8")
    plus, press = "Сотрудники ООО «Графика Плюс»", "Сотрудники ООО «Гравюра и Печать»"
    return (
        release(folder, "first.txt", with_rows(text, plus, press)),
        release(folder, "renamed.txt", with_rows(text, plus.replace("Плюс", "XXI"), press)),
        release(folder, "merged.txt", with_rows(text, press, press)),
    )


def _json(old: Path, new: Path) -> dict[str, dict[str, object]]:
    done = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert done.exit_code == 0, done.output
    found: dict[str, dict[str, object]] = json.loads(done.output)
    return found


def test_a_renamed_organisation_is_one_change_under_its_old_iri(
    bodies: tuple[Path, Path, Path],
) -> None:
    first, renamed, _ = bodies
    found = _json(first, renamed)
    assert found["organisations"] == {
        "added": [],
        "removed": [],
        "changed": [
            {
                "iri": ORG + "grafika-plyus",
                "properties": [
                    {
                        "property": "http://www.w3.org/2004/02/skos/core#altLabel",
                        "old": ['"ООО «Графика Плюс»"@ru'],
                        "new": ['"ООО «Графика XXI»"@ru'],
                    },
                    {
                        "property": "https://schema.org/name",
                        "old": ['"Графика Плюс"@ru'],
                        "new": ['"Графика XXI"@ru'],
                    },
                ],
            }
        ],
    }
    # the workshop names it by its new IRI
    assert found["events"]["changed"] == [
        {
            "iri": WORKSHOP,
            "properties": [
                {
                    "property": "https://schema.org/attendee",
                    "old": [f"<{ORG}grafika-plyus>"],
                    "new": [f"<{ORG}grafika-xxi>"],
                }
            ],
        }
    ]
    done = CliRunner().invoke(cli, ["diff", str(first), str(renamed)])
    assert f"  ~ {ORG}grafika-plyus → {ORG}grafika-xxi" in done.output.splitlines()


def test_merged_organisations_are_one_change_into_the_one_kept(
    bodies: tuple[Path, Path, Path],
) -> None:
    first, _, merged = bodies
    found = _json(first, merged)
    (change,) = found["organisations"]["changed"]  # type: ignore[misc]
    assert change["iri"] == ORG + "grafika-plyus"
    assert {p["property"] for p in change["properties"]} == {
        "http://www.w3.org/2004/02/skos/core#altLabel",
        "https://schema.org/name",
    }
    assert found["organisations"]["added"] == found["organisations"]["removed"] == []
    done = CliRunner().invoke(cli, ["diff", str(first), str(merged)])
    assert f"  ~ {ORG}grafika-plyus → {ORG}gravyura-i-pechat" in done.output.splitlines()


def test_a_body_named_only_by_a_withdrawn_row_is_removed(
    bodies: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    first, _, _ = bodies
    text = FIXTURE.read_text(encoding="utf-8")
    only_lecture = with_rows(text, "Сотрудники ООО «Графика Плюс»", "Преподаватели").replace(
        "\t8.6\t", "\t8.9\t"
    )
    lines = [line for line in only_lecture.splitlines(keepends=True) if "8.9" not in line]
    fewer = release(tmp_path, "fewer.txt", "".join(lines))
    found = _json(first, fewer)
    assert found["organisations"]["removed"] == [
        ORG + "grafika-plyus",
        ORG + "gravyura-i-pechat",
    ]
    assert found["events"]["removed"] == [WORKSHOP]


def test_the_dumps_give_the_changes_and_names_that_reading_the_releases_whole_gives(
    editions: tuple[Path, Path], bodies: tuple[Path, Path, Path]
) -> None:
    """load_differing reads only what differs and what the comparison reads besides: over
    every pair of these releases, both ways (an event re-dated, withdrawn and added; an
    organisation renamed, merged, removed with what named it), the same changes, and the
    same names of what the old release alone had."""
    releases = [*editions, *bodies]
    compared = 0
    for old in releases:
        for new in releases:
            found = load_differing(old / "dataset.nt", new / "dataset.nt")
            assert found is not None
            whole = load(old), load(new)
            kinds = compare_releases(*whole)
            assert compare_releases(*found) == kinds, (old.name, new.name)
            assert _old_names(found[0], kinds) == _old_names(whole[0], kinds)
            compared += any(c.added or c.removed or c.changed for c in kinds.values())
    assert compared >= 10  # pairs that differ, not only each release with itself


def test_dumps_not_in_order_are_read_whole(editions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = editions
    shuffled = tmp_path / "release"
    shuffled.mkdir()
    lines = (new / "dataset.nt").read_bytes().splitlines(keepends=True)
    (shuffled / "dataset.nt").write_bytes(b"".join(reversed(lines)))
    (shuffled / "dataset.trig").write_bytes((new / "dataset.trig").read_bytes())
    assert load_differing(old / "dataset.nt", shuffled / "dataset.nt") is None
    assert diff(old, shuffled) == compare_releases(load(old), load(new))


def _dump(folder: Path, *statements: tuple[str, str, str]) -> Path:
    """A release folder whose dataset.nt holds these statements (IRIs; a name in quotes)."""
    folder.mkdir()
    terms = [(s, p, o if o.startswith('"') else f"<{o}>") for s, p, o in statements]
    lines = sorted({f"<{s}> <{p}> {o} .\n" for s, p, o in terms})
    (folder / "dataset.nt").write_text("".join(lines), encoding="utf-8")
    return folder


def test_what_still_names_a_removed_organisation_is_read_though_its_lines_are_the_same(
    tmp_path: Path,
) -> None:
    """An organisation made a place, which one event still names and another names no more,
    naming a new organisation instead: the new one did not take its place (the first event
    still names it), so the diff has it removed and the other added, as reading the whole
    releases finds; reading only the lines that differ would miss the first event."""
    typed, organizer = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SCHEMA_ + "organizer"
    event, org, place = SCHEMA_ + "Event", SCHEMA_ + "Organization", SCHEMA_ + "Place"
    named = SCHEMA_ + "name"
    e1, e2, o1, o2 = (f"https://example.org/{n}" for n in ("e1", "e2", "o1", "o2"))
    common = [(e1, typed, event), (e2, typed, event), (e2, organizer, o1), (o1, named, '"A"')]
    old = _dump(tmp_path / "old", *common, (e1, organizer, o1), (o1, typed, org))
    new = _dump(
        tmp_path / "new",
        *common,
        (e1, organizer, o2),
        (o1, typed, place),
        (o2, typed, org),
        (o2, named, '"B"'),
    )
    found = load_differing(old / "dataset.nt", new / "dataset.nt")
    assert found is not None
    whole = load(old / "dataset.nt"), load(new / "dataset.nt")
    kinds = compare_releases(*whole)
    assert (kinds["organisations"].removed, kinds["organisations"].added) == ((o1,), (o2,))
    assert compare_releases(*found) == kinds
