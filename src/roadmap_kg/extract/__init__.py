"""Table → Report: the meaning of a report's title, columns, sections and rows.

Pure functions of the table and the reference data; every rule is general to the family
of roadmap reports. The rules live in the module named for what they decide: columns.py
(what each header cell means), events.py (a row → an Event), plan_items.py, dates.py,
responsible.py (the reporting region and responsible bodies), roles.py (hosts, organisers,
sponsors, participants), organisations.py and registry.py (which body a name is), places.py
and locations.py (where), counts.py, kinds.py, title.py; draft.py puts one report together,
settle.py what depends on the whole release, parallel.py drafts a large release in two
processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..model import Report
from ..read.table import Table
from ..reference import Reference
from .draft import draft_reports
from .parallel import file_size, half, in_two
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
        drafts, registry = draft_reports(tables, reference)
        return settle_reports(drafts, registry)
    split = half(sizes)
    return in_two(lambda: tables[:split], lambda: tables[split:], reference)


def extract_files(
    paths: Sequence[Path], read: Callable[[Path], Table], reference: Reference
) -> tuple[Report, ...]:
    """Reports of one release from its source files, as extract_reports gives them; for a
    large release each of the two processes reads its own run of files, too (reading is a
    tenth of the work). An error names the first failing file of a run."""
    sizes = [file_size(path) for path in paths]
    if len(paths) < 2 or sum(sizes) < PARALLEL_BYTES:
        return extract_reports([read(path) for path in paths], reference)
    split = half(sizes)
    return in_two(
        lambda: [read(path) for path in paths[:split]],
        lambda: [read(path) for path in paths[split:]],
        reference,
    )


def extract_report(table: Table, reference: Reference) -> Report:
    return extract_reports([table], reference)[0]
