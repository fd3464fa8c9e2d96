"""The Russian open-data passport (meta.csv, data file, structure file) of the seed release,
checked against data/release.toml read independently of the code under test."""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from roadmap_kg.errors import ConfigError
from roadmap_kg.pipeline import extract
from roadmap_kg.publish.config import load_config
from roadmap_kg.publish.model import Release
from roadmap_kg.publish.passport import valid_until, write_passport
from roadmap_kg.publish.release import write_data
from roadmap_kg.rdf import to_graph
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings

from conftest import ROOT, SEED

TOML = tomllib.loads((ROOT / "data" / "release.toml").read_text(encoding="utf-8"))
DATASET, PUBLISHER, CONTACT = TOML["dataset"], TOML["publisher"], TOML["contact"]
MODIFIED = DATASET["modified"].replace("-", "")  # "2022-03-01" → "20220301"
DATA_NAME = f"data-{MODIFIED}T0000-structure-{MODIFIED}T0000.csv"
STRUCTURE_NAME = f"structure-{MODIFIED}T0000.csv"


@pytest.fixture(scope="module")
def release() -> Release:
    settings = Settings(sources=(SEED,), config_path=ROOT / "data" / "release.toml")
    reports = extract(settings, Reference(settings.reference_dir))
    return Release(
        reports=reports,
        graph=to_graph(reports, settings.base_iri),
        config=load_config(settings.config_path),
        base_iri=settings.base_iri,
        ontology_dir=settings.ontology_dir,
        shapes_dir=settings.shapes_dir,
    )


@pytest.fixture(scope="module")
def written(release: Release, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("passport")
    files, _ = write_data(release, folder)
    return folder, write_passport(release, folder, files)


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "UTF-8 without byte order mark"
    assert data.count(b"\r\n") == data.count(b"\n"), "CRLF line ends, as events.csv"
    return list(csv.reader(data.decode("utf-8").splitlines()))


def test_the_three_files_are_returned_and_named_by_the_config_dates(written) -> None:
    folder, paths = written
    assert [p.name for p in paths] == ["meta.csv", DATA_NAME, STRUCTURE_NAME]
    assert all(p.parent == folder and p.is_file() for p in paths)
    assert re.fullmatch(r"data-\d{8}T0000-structure-\d{8}T0000\.csv", DATA_NAME)


def test_meta_csv_has_the_properties_of_the_standard_in_order(written) -> None:
    folder, _ = written
    rows = read_csv(folder / "meta.csv")
    assert rows[0] == ["property", "value"]
    assert all(len(row) == 2 for row in rows)
    assert [row[0] for row in rows[1:]] == [
        "standardversion",
        "identifier",
        "title",
        "description",
        "creator",
        "publishername",
        "publisherphone",
        "publishermbox",
        "format",
        DATA_NAME.removesuffix(".csv"),
        STRUCTURE_NAME.removesuffix(".csv"),
        "created",
        "modified",
        "provenance",
        "valid",
        "subject",
    ]


def test_meta_csv_values_agree_with_release_toml(written) -> None:
    folder, _ = written
    meta = dict(read_csv(folder / "meta.csv")[1:])
    year, month, day = (int(x) for x in DATASET["modified"].split("-"))
    assert meta["standardversion"] == "http://opendata.gosmonitor.ru/standard/3.0"
    assert meta["identifier"] == f"{DATASET['owner_inn']}-{DATASET['identifier']}"
    assert meta["title"] == DATASET["title_ru"]
    assert meta["description"] == " ".join(DATASET["description_ru"].split())
    assert meta["creator"] == PUBLISHER["name_ru"]
    assert meta["publishername"] == CONTACT["name"]
    assert meta["publisherphone"] == CONTACT["phone"]
    assert meta["publishermbox"] == CONTACT["email"]
    assert meta["format"] == "csv"
    assert meta[DATA_NAME.removesuffix(".csv")] == DATASET["landing_page"] + DATA_NAME
    assert meta[STRUCTURE_NAME.removesuffix(".csv")] == DATASET["landing_page"] + STRUCTURE_NAME
    assert meta["created"] == DATASET["issued"].replace("-", "")
    assert meta["modified"] == MODIFIED
    assert DATASET["accrual_periodicity"] == "ANNUAL"  # so the passport is valid for a year
    assert meta["valid"] == f"{year + 1:04d}{month:02d}{day:02d}"
    assert meta["subject"] == ", ".join(DATASET["keywords"])
    assert "000_5ce0ec11d6e227b6.txt" in meta["provenance"]
    assert re.search("[а-я]", meta["provenance"])


def test_the_data_file_is_a_byte_copy_of_events_csv(written) -> None:
    folder, _ = written
    assert (folder / DATA_NAME).read_bytes() == (folder / "events.csv").read_bytes()


def test_the_structure_file_describes_every_events_csv_column_in_order(written) -> None:
    folder, _ = written
    header = read_csv(folder / "events.csv")[0]
    rows = read_csv(folder / STRUCTURE_NAME)
    assert rows[0] == ["field name", "english description", "russian description", "format"]
    assert [row[0] for row in rows[1:]] == header
    metadata = json.loads((folder / "events.csv-metadata.json").read_text(encoding="utf-8"))
    datatypes = {c["name"]: c["datatype"] for c in metadata["tableSchema"]["columns"]}
    as_format = {"anyURI": "anyURI", "string": "string", "date": "date"}
    for name, english, russian, format_ in rows[1:]:
        assert re.search("[a-z]", english), name
        assert re.search("[а-яё]", russian, re.IGNORECASE), name
        assert format_ == as_format.get(datatypes[name], "integer"), name


def test_writing_twice_gives_the_same_bytes(release: Release, written, tmp_path: Path) -> None:
    folder, paths = written
    again = write_passport(release, tmp_path, [folder / "events.csv"])
    for first, second in zip(paths, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_valid_until_keeps_to_the_calendar(release: Release) -> None:
    config = release.config
    leap = dataclasses.replace(config, modified=date(2024, 2, 29))
    assert valid_until(leap) == date(2025, 2, 28)
    monthly = dataclasses.replace(config, modified=date(2022, 1, 31), accrual_periodicity="MONTHLY")
    assert valid_until(monthly) == date(2022, 2, 28)
    with pytest.raises(ConfigError, match="IRREG"):
        valid_until(dataclasses.replace(config, accrual_periodicity="IRREG"))


def test_the_passport_needs_events_csv(release: Release, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"events\.csv"):
        write_passport(release, tmp_path, [])
