"""Table → Report: the meaning of a report's title, columns, sections and rows.

Pure functions of the table and the reference data; every rule is general to the family
of roadmap reports. The rules live in the module named for what they decide: columns.py
(what each header cell means), events.py (a row → an Event), plan_items.py, dates.py,
responsible.py (the reporting region and responsible bodies), roles.py (hosts, organisers,
sponsors, participants), organisations.py and registry.py (which body a name is), places.py
and locations.py (where), counts.py, kinds.py, title.py; draft.py puts one report together,
settle.py what depends on the whole release, parallel.py drafts a large release in two
processes. A draft depends on its table and the reference data alone, so the drafts of
unchanged files can be kept from the previous build (buildcache.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ..model import Report
from ..read.table import Table
from ..reference import Reference
from .draft import Drafted, draft_tables
from .parallel import file_size, half, in_two
from .registry import OrganisationRegistry
from .settle import settle_reports

# Below this many data rows (or bytes of source files) a release is extracted in one process
# (a fork costs more).
PARALLEL_ROWS = 2000
PARALLEL_BYTES = 1_000_000


def extract_reports(tables: Iterable[Table], reference: Reference) -> tuple[Report, ...]:
    """Reports of one release. Organisations are resolved across all of them, so one body
    has one name, one IRI and every spelling in every report that names it.

    A large release is drafted by two processes (parallel.py), with the same result."""
    tables = list(tables)
    sizes = [len(table.rows) for table in tables]
    if len(tables) < 2 or sum(sizes) < PARALLEL_ROWS:
        return settle_drafted(draft_tables(tables, reference), reference)
    split = half(sizes)
    drafted = in_two(lambda: tables[:split], lambda: tables[split:], reference)
    return settle_drafted(drafted, reference)


def extract_files(
    paths: Sequence[Path], read: Callable[[Path], Table], reference: Reference
) -> tuple[Report, ...]:
    """Reports of one release from its source files, as extract_reports gives them."""
    return settle_drafted(draft_files(paths, read, reference), reference)


def draft_files(
    paths: Sequence[Path],
    read: Callable[[Path], Table],
    reference: Reference,
    kept: Mapping[int, Drafted] | None = None,
) -> list[Drafted]:
    """The draft of each source file, in order: kept[i] where given (a draft of the same
    bytes from the previous build), else read and drafted here; for a large release each of
    two processes reads its own run of files, too (reading is a tenth of the work). An error
    names the first failing file of a run."""
    kept = kept or {}
    todo = [path for i, path in enumerate(paths) if i not in kept]
    sizes = [file_size(path) for path in todo]
    if len(todo) < 2 or sum(sizes) < PARALLEL_BYTES:
        fresh = draft_tables([read(path) for path in todo], reference)
    else:
        split = half(sizes)
        fresh = in_two(
            lambda: [read(path) for path in todo[:split]],
            lambda: [read(path) for path in todo[split:]],
            reference,
        )
    made = iter(fresh)
    return [kept[i] if i in kept else next(made) for i in range(len(paths))]


def settle_drafted(drafted: Sequence[Drafted], reference: Reference) -> tuple[Report, ...]:
    """The reports of a release from its drafts in order, what each learnt of the
    organisations it names merged as if one registry had drafted them one after another."""
    registry = OrganisationRegistry(reference)
    for _, state in drafted:
        registry.merge(state)
    return settle_reports([draft for draft, _ in drafted], registry)


def extract_report(table: Table, reference: Reference) -> Report:
    return extract_reports([table], reference)[0]
