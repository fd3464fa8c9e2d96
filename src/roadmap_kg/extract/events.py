"""A table's data rows → events: each row's name, plan items, responsible bodies, date,
attendance, organisations and their parts, places, counts and kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..errors import InputError
from ..lang.text import clean
from ..model import AttendanceMode, Counts, DateSpan, Event, SourceRef, Warning_
from ..read.table import Row, Table
from .columns import Columns, Meaning
from .context import ReportContext
from .counts import read_counts
from .dates import read_date, unreadable_message
from .kinds import classify
from .locations import event_locations, held_away, note_host_places
from .places import ONLINE, RegionNames, parse_venue
from .plan_items import row_plan_items
from .responsible import responsible_in_column, responsible_named_in_row
from .roles import Parties


def events(
    table: Table, column: Columns, themes: set[SourceRef], context: ReportContext
) -> list[Event]:
    """The events of a table's data rows, each with the body (or theme) its section row above
    names."""
    found: list[Event] = []
    responsible: tuple[str, ...] = ()
    theme: str | None = None
    previous_items: tuple[str, ...] = ()
    for row in table.rows:
        if row.is_section and row.source in themes:
            theme = clean(row.cells[0])
            continue
        if row.is_section:
            sides = context.sides[:1]
            body = context.registry.resolve_name(clean(row.cells[0]), row.source, sides)
            responsible, theme = (body,), None
            continue
        _require(
            len(row.cells) == len(table.header.cells),
            row,
            f"row has {len(row.cells)} cells, the header has {len(table.header.cells)}",
        )
        event = row_event(row, column, responsible, previous_items, context)
        if theme is not None:
            event = replace(event, theme=theme)
        previous_items = event.plan_items
        found.append(event)
    if not found:
        raise InputError(table.file, table.header.source.last, "the table has no data rows")
    return found


def row_event(
    row: Row,
    column: Columns,
    responsible: tuple[str, ...],
    previous_items: tuple[str, ...],
    context: ReportContext,
) -> Event:
    """One data row as an event; responsible: the bodies its section row names. The steps
    run in the row's order of facts, so warnings and first sightings of bodies keep it."""
    cell = _cells(row, column)
    name = cell("name")
    _require(bool(name), row, "the event has no name")
    plan_items = (
        row_plan_items(row, cell("plan_item"), previous_items, context)
        if "plan_item" in column
        else ()
    )
    responsible = _responsible(row, column, responsible, context)
    date = _date(row, cell("date"), context)
    venue = parse_venue(cell("venue"), context.reference, context.finder, context.parties)
    attendance: AttendanceMode = venue.attendance or (
        "online" if ONLINE.search(name) else "offline"
    )
    parties = Parties(row, context, online=attendance == "online")
    parties.read(venue, name, cell("participants"), cell("result"))
    hosts, organizers, participants, sponsors = parties.settled()
    note_host_places(hosts, venue, context)
    locations = event_locations(venue, parties.hosts, context)
    away = attendance != "online" and held_away(locations, context)
    return Event(
        plan_items=plan_items,
        name=name,
        date=date,
        attendance=attendance,
        locations=tuple(locations),
        hosts=hosts,
        organizers=organizers,
        participants=participants,
        sponsors=sponsors,
        counts=_counts(row, cell("participants"), cell("result"), away, context),
        kind=classify(name),
        description=cell("result"),
        responsible_bodies=responsible,
        source=row.source,
        cells=tuple(row.cells),
    )


def _cells(row: Row, column: Columns) -> Callable[[Meaning], str]:
    """The row's cleaned text of each column by meaning ('' for a column the table lacks)."""
    texts = {meaning: clean(row.cells[index]) for meaning, index in column.items()}
    return lambda meaning: texts.get(meaning, "")


def _responsible(
    row: Row, column: Columns, section_bodies: tuple[str, ...], context: ReportContext
) -> tuple[str, ...]:
    """The row's responsible bodies: its responsible-body cell's, else its section row's,
    else those the row names itself."""
    bodies = section_bodies
    if "responsible" in column and clean(row.cells[column["responsible"]]):
        bodies = responsible_in_column(row.cells[column["responsible"]], row, context)
    return bodies or responsible_named_in_row(row, context)


def _date(row: Row, text: str, context: ReportContext) -> DateSpan:
    date, reason = read_date(text, context.year)
    if reason is not None:
        context.warnings.append(
            Warning_(
                row.source,
                unreadable_message(date, reason, context.year),
                problem="date-unreadable",
                column=context.column_titles.get("date"),
                cell=date.text,
                details=(("reason", reason), ("year", str(context.year))),
            )
        )
    return date


def _counts(row: Row, participants: str, result: str, away: bool, context: ReportContext) -> Counts:
    """How many took part, by the participants and result cells; away: held outside the
    reporting region (a delegation there is the reporting region's)."""
    regions = RegionNames(context.reference, context.reporting_region)
    counts, doubt = read_counts(participants, result, regions, away)
    if doubt is not None and counts.participants is not None:
        numbers = ", ".join(doubt.numbers)
        context.warnings.append(
            Warning_(
                row.source,
                f"participants count ambiguous ({doubt.reason}: {numbers}): "
                f"{counts.participants.value} taken",
                problem="count-ambiguous",
                column=context.column_titles.get("participants"),
                cell=participants,
                details=(
                    ("doubt", doubt.reason),
                    ("numbers", numbers),
                    ("taken", str(counts.participants.value)),
                ),
            )
        )
    return counts


def _require(condition: bool, row: Row, message: str) -> None:
    if not condition:
        raise InputError(row.source.file, row.source.first, message)
