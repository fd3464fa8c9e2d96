"""A report's draft: all its table tells on its own (title, parties, reporting region,
themes, events and places). What depends on the whole release is settled later (settle.py)."""

from __future__ import annotations

import re

from ..lang.text import clean
from ..model import Report, Warning_
from ..read.table import Row, Table
from ..reference import Reference
from .columns import columns
from .context import ReportContext
from .events import events
from .locations import add_region
from .organisations import MentionFinder
from .registry import OrganisationRegistry, RegistryState
from .responsible import reporting_region
from .title import parse_title

# a section row numbered as a part of the report ('Раздел 2. …', 'II. …', '3. …'), or one that
# names no body, is a theme of the rows below, not their responsible body
_THEME_NUMBERING = re.compile(r"^\W*(?:раздел\b|[IVXLC]+\s*[.)]|\d+(?:\.\d+)*\s*[.)]?\s)", re.I)
_NO_SIDE = (
    "cannot tell which region wrote the report (neither its title, section rows, responsible "
    "bodies nor organisers name one of its parties): it is published without a reporting region"
)


# A report's draft, and what drafting it learnt of the organisations it names.
Drafted = tuple[Report, RegistryState]


def draft_tables(tables: list[Table], reference: Reference) -> list[Drafted]:
    """The drafts of a run of tables, one after another, each with what it names.

    Each table is drafted with a registry of its own (settle_drafted merges them in order):
    a draft is a function of its table and the reference data alone, not of the reports
    before it, so a release drafted in two processes, or a report's draft kept from the
    previous build (buildcache.py), is the same as drafting all of them here."""
    registry = OrganisationRegistry(reference)  # its memo of names is shared
    finder = MentionFinder(reference)
    return [draft_alone(table, reference, finder, registry) for table in tables]


def draft_alone(
    table: Table, reference: Reference, finder: MentionFinder, registry: OrganisationRegistry
) -> Drafted:
    """A table's draft and what it names, learnt by a fresh registry (sharing registry's memo)."""
    own = registry.alone()
    return draft_report(table, reference, finder, own), own.state()


def draft_report(
    table: Table, reference: Reference, finder: MentionFinder, registry: OrganisationRegistry
) -> Report:
    year, roadmap = parse_title(table.title, table.title_source, reference)
    column = columns(table.header)
    themes = {row.source for row in table.rows if row.is_section and _is_theme(row, finder)}
    context = ReportContext(
        reference=reference,
        finder=finder,
        registry=registry,
        parties=roadmap.parties,
        reporting_region=reporting_region(table, column, themes, roadmap.parties, reference),
        year=year,
        places={},
        warnings=[],
        column_titles={meaning: clean(table.header.cells[i]) for meaning, i in column.items()},
    )
    for iso in roadmap.parties:
        add_region(context, iso)
    if context.reporting_region is None:
        context.warnings.append(
            Warning_(
                table.header.source,
                _NO_SIDE,
                problem="reporting-region-unknown",
                cell=clean(table.title),
            )
        )
    context.names_responsible = "responsible" in column or any(
        row.is_section and row.source not in themes for row in table.rows
    )
    found = events(table, column, themes, context)
    return Report(
        title=clean(table.title),
        roadmap=roadmap,
        year=year,
        reporting_region=context.reporting_region,
        source_file=table.file,
        events=tuple(found),
        organisations=(),
        places=tuple(context.places[k] for k in sorted(context.places)),
        warnings=(*table.warnings, *context.warnings),
        has_plan_item_column="plan_item" in column,
        names_responsible_bodies=context.names_responsible,
        participants_column=column.get("participants"),
    )


def _is_theme(row: Row, finder: MentionFinder) -> bool:
    """A section row that is a part of the report ('Раздел 1. Образование и наука', 'II. …')
    or names no body at its start ('Культура и туризм')."""
    text = clean(row.cells[0])
    if _THEME_NUMBERING.match(text):
        return True
    found = finder.find(text)
    return not (found and found[0].start == 0)
