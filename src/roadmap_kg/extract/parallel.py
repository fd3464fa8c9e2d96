"""A large release drafted by two processes, each taking a run of consecutive reports (a
draft depends on its table alone, so the result is the same as drafting them one after
another; the lemmas the other process found come back with its drafts, so the build cache
keeps the same lemmas too)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..lang.morph import analyzer, found_lemmas, take_lemmas
from ..read.table import Table
from ..reference import Reference
from ..workers import Workers
from .draft import Drafted, draft_tables


def in_two(
    first: Callable[[], list[Table]], later: Callable[[], list[Table]], reference: Reference
) -> list[Drafted]:
    """Drafts of the tables first() gives, in this process, then of those later() gives,
    in a forked one."""
    # what both processes need is loaded once, before the fork
    analyzer()
    reference.region_index, reference.authority_index  # noqa: B018
    with Workers() as workers:
        other = workers.start(lambda: (draft_tables(later(), reference), found_lemmas()))
        drafted = draft_tables(first(), reference)
        theirs, lemmas = other.result()
        take_lemmas(lemmas)
        return drafted + theirs


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
