"""The review file (links.tsv) has one reader: `link` and every build read a decision by the
same rules, and a decision that is none of accept, reject or new stops both, naming the file
and the line, instead of counting as decided for one and never being applied by the other."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmap_kg.errors import ConfigError, InputError
from roadmap_kg.reference import Reference, accepted_links
from roadmap_kg.review import COLUMNS, Decision, Mapping, read_review, write_review

from conftest import ROOT

ID = "https://w3id.org/roadmap-kg/id/"
VARIANT = ID + "org/smolenskiy-gosudarstvennyy-pedagogicheskiy-universitet"
SMOLGU = ID + "org/smolenskiy-gosudarstvennyy-universitet"


def review_file(folder: Path, *decisions: str, candidate: str = SMOLGU) -> Path:
    path = folder / "links.tsv"
    rows = [
        "\t".join(("СмолГПУ", VARIANT, candidate, "СмолГУ", "0.80", "shared words", d, "", "", ""))
        for d in decisions
    ]
    path.write_text("\n".join(["\t".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("accept", Decision.ACCEPT),
        ("reject", Decision.REJECT),
        ("new", Decision.NEW),
        (" Accept ", Decision.ACCEPT),
        ("REJECT", Decision.REJECT),
        ("", None),
    ],
)
def test_a_decision_is_read_as_one_of_three_or_none(
    tmp_path: Path, written: str, read: object
) -> None:
    [row] = read_review(review_file(tmp_path, written))
    assert row.decision is read


@pytest.mark.parametrize("typo", ["acept", "accepted", "yes", "отклонить"])
def test_an_unknown_decision_is_an_input_error_naming_file_and_line(
    tmp_path: Path, typo: str
) -> None:
    path = review_file(tmp_path, "reject", "", typo)
    with pytest.raises(InputError) as error:
        read_review(path)
    assert (error.value.file, error.value.line) == (str(path), 4)
    assert repr(typo) in str(error.value)


def test_accept_without_a_candidate_is_an_input_error(tmp_path: Path) -> None:
    path = review_file(tmp_path, "accept", candidate="")
    with pytest.raises(InputError, match="names no candidate_id"):
        read_review(path)


def test_a_review_file_without_its_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "links.tsv"
    path.write_text("mention\tsubject_id\tdecision\nx\ty\taccept\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="lacks columns"):
        read_review(path)
    with pytest.raises(ConfigError, match="lacks columns"):
        accepted_links(path)


def test_no_review_file_yet_is_no_row(tmp_path: Path) -> None:
    assert read_review(tmp_path / "links.tsv") == []
    assert accepted_links(tmp_path / "links.tsv") == {}


def test_rows_survive_a_write_and_a_read(tmp_path: Path) -> None:
    rows = [
        Mapping(
            "СмолГПУ", VARIANT, SMOLGU, "СмолГУ", "0.80", "shared words", Decision.ACCEPT, "me"
        ),
        Mapping("Горный", ID + "org/gornyy", "", "", "0.00", "no entry", None, source="r.txt:3"),
    ]
    path = tmp_path / "links.tsv"
    write_review(path, rows)
    assert "\taccept\tme\t" in path.read_text(encoding="utf-8")
    assert sorted(read_review(path), key=lambda r: r.subject_id) == sorted(
        rows, key=lambda r: r.subject_id
    )


def test_the_build_reads_decisions_as_link_does(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", folder)
    review_file(folder, " Accept ")
    assert accepted_links(folder / "links.tsv") == {
        "smolenskiy-gosudarstvennyy-pedagogicheskiy-universitet": "smolenskiy-gosudarstvennyy-universitet"
    }
    review_file(folder, "acept")
    with pytest.raises(InputError, match=r"links\.tsv:2: decision 'acept'"):
        Reference(folder)
