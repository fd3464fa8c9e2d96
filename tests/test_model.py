"""The model's closed sets of values agree with the data files and the mapping that use them."""

from __future__ import annotations

import csv
from dataclasses import replace
from typing import get_args

import pytest

from roadmap_kg import rdf
from roadmap_kg.errors import ConfigError
from roadmap_kg.model import (
    ATTENDANCE_MODES,
    KINDS,
    ORG_TYPES,
    CountQualifier,
    Kind,
    OrgType,
    PlaceKind,
)
from roadmap_kg.reference import Reference, _org_type
from roadmap_kg.settings import resource_dir


def _column(table: str, name: str) -> set[str]:
    with (resource_dir("reference") / table).open(encoding="utf-8", newline="") as handle:
        return {row[name] for row in csv.DictReader(handle)}


def test_event_kinds_file_names_every_kind_but_cooperation_and_no_other() -> None:
    assert _column("event-kinds.csv", "kind") == set(get_args(Kind)) - {"cooperation"}
    assert get_args(Kind) == KINDS


def test_authority_file_uses_only_the_model_organisation_types() -> None:
    assert _column("organisations.csv", "org_type") - {""} <= set(get_args(OrgType))
    assert get_args(OrgType) == ORG_TYPES


def test_mapping_knows_every_kind_attendance_mode_and_place_kind() -> None:
    assert tuple(rdf.KIND_CLASSES) == KINDS
    assert tuple(rdf.ATTENDANCE) == ATTENDANCE_MODES
    assert set(rdf.PLACE_CLASSES) == set(get_args(PlaceKind))


def test_count_qualifiers_are_the_four_normal_words() -> None:
    assert get_args(CountQualifier) == ("более", "около", "не менее", "не более")


def test_an_organisation_type_the_model_does_not_know_is_refused(reference: Reference) -> None:
    entry = next(iter(reference.authority.values()))
    with pytest.raises(ConfigError, match=r"organisations\.csv: .*'charity' is none of"):
        _org_type(replace(entry, org_type="charity"))
