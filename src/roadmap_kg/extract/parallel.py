"""A large release drafted by two processes, each taking a run of consecutive reports; what
they learnt about organisations is merged in report order, so the result is the same as
drafting them one after another."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..lang.morph import analyzer
from ..model import Report
from ..read.table import Table
from ..reference import Reference
from ..workers import Workers
from .draft import draft_reports
from .registry import RegistryState
from .settle import settle_reports


def in_two(
    first: Callable[[], list[Table]], later: Callable[[], list[Table]], reference: Reference
) -> tuple[Report, ...]:
    """Drafts of the tables first() gives in this process and of those later() gives in a
    forked one, merged as if drafted one after another."""
    # what both processes need is loaded once, before the fork
    analyzer()
    reference.region_index, reference.authority_index  # noqa: B018
    with Workers() as workers:
        other = workers.start(lambda: _drafts_and_state(later(), reference))
        drafts, registry = draft_reports(first(), reference)
        later_drafts, later_state = other.result()
    registry.merge(later_state)
    return settle_reports(drafts + later_drafts, registry)


def _drafts_and_state(
    tables: list[Table], reference: Reference
) -> tuple[list[Report], RegistryState]:
    drafts, registry = draft_reports(tables, reference)
    return drafts, registry.state()


def half(sizes: list[int]) -> int:
    """Where to cut a run of sizes into two of about equal sums (each at least one)."""
    middle, split = sum(sizes) / 2, 0
    while split < len(sizes) - 1 and sum(sizes[: split + 1]) <= middle:
        split += 1
    return max(split, 1)


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # reading it will say what is wrong
        return 0
