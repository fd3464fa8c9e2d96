"""Who answers for a report's events: the party whose bodies wrote the report, and the
responsible bodies of each row (its section row's body, its responsible-body column, or the
body the row itself names as 'Ответственный исполнитель' or 'Организатор')."""

from __future__ import annotations

import re
from collections import Counter

from ..errors import InputError
from ..lang.text import clean
from ..model import SourceRef
from ..read.table import Row, Table
from ..reference import Reference
from .columns import Columns
from .context import ReportContext
from .organisations import responsible_bodies

# 'Отчет Комитета по внешним связям Санкт-Петербурга о …': the body that wrote the report
# ('Отчет об исполнении … о …' names no author: what follows 'об' is no body)
_TITLE_AUTHOR = re.compile(r"^\W*(?:отч[её]т|информаци\w*)\s+(?!об?\s)(.+?)\s+об?\s", re.I | re.S)
# 'Ответственный исполнитель – Комитет по …', 'Организатор: Комитет по …' in a row's text
_NAMED_BODY = re.compile(
    r"(?:ответственн\w*\s+исполнител\w*|организатор\w*)\s*[–—:-]\s*([^.;\n]+)", re.I
)


def reporting_region(
    table: Table,
    column: Columns,
    themes: set[SourceRef],
    parties: tuple[str, ...],
    reference: Reference,
) -> str | None:
    """The party whose bodies wrote the report: the first of these that names one party more
    than the other decides: a body the title names as the report's author, the bodies of the
    section rows, of the responsible-body column, and those rows name as their organisers or
    responsible bodies ('Организатор – Комитет по …'). None when nothing decides."""
    author = _TITLE_AUTHOR.match(clean(table.title))
    data = [r for r in table.rows if not r.is_section]
    evidence = (
        [author.group(1)] if author else [],
        [r.cells[0] for r in table.rows if r.is_section and r.source not in themes],
        [r.cells[column["responsible"]] for r in data] if "responsible" in column else [],
        [m.group(1) for r in data for cell in r.cells for m in _NAMED_BODY.finditer(cell)],
    )
    for texts in evidence:
        votes: Counter[str] = Counter()
        for text in texts:
            votes.update(_parties_named(clean(text), parties, reference))
        ranked = votes.most_common()
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
    return None


def _parties_named(text: str, parties: tuple[str, ...], reference: Reference) -> list[str]:
    """The parties a body's name places it in: by a region it names ('… Смоленской
    области'), its authority entry ('Комитет по науке и высшей школе'), or a city or an
    adjective of one ('Администрация города Смоленска', 'Смоленское областное …')."""
    named = [iso for iso, _, _ in reference.find_regions(text) if iso in parties]
    return (
        named
        or reference.parties_of_body(text, parties)
        or [iso for iso in [_party_named(text, parties, reference)] if iso]
    )


def _party_named(text: str, parties: tuple[str, ...], reference: Reference) -> str | None:
    """The party a body's name places it in, by a city or an adjective of one."""
    place = reference.place_in_name(text)
    iso = reference.region_of(place) if place is not None else None
    return iso if iso in parties else None


def responsible_in_column(cell: str, row: Row, context: ReportContext) -> tuple[str, ...]:
    """Every body of a responsible-body cell, each resolved on its own."""
    bodies = responsible_bodies(cell, context.finder)
    resolved = [context.registry.resolve_name(b, row.source, context.sides) for b in bodies]
    return tuple(dict.fromkeys(resolved))


def responsible_named_in_row(row: Row, context: ReportContext) -> tuple[str, ...]:
    """When no section row nor column names the row's body, the row may ('Ответственный
    исполнитель – Комитет по …'); a report that names its bodies by section rows or a column
    names one for every row."""
    named = _bodies_named_in_row(row, context)
    if not named and context.names_responsible:
        raise InputError(
            row.source.file, row.source.first, "no responsible body: no section row above this row"
        )
    return named


def _bodies_named_in_row(row: Row, context: ReportContext) -> tuple[str, ...]:
    """The reporting side's bodies a row names as its 'Ответственный исполнитель' or
    'Организатор' ('Организатор – Комитет по культуре Санкт-Петербурга'); a body of the
    other party is no responsible body of this report, and none is invented."""
    bodies: list[str] = []
    for cell in row.cells:
        for match in _NAMED_BODY.finditer(cell):
            for body in responsible_bodies(match.group(1), context.finder):
                found = context.finder.find(body)
                if not found or found[0].start != 0:
                    continue  # 'Организатор – студенты …': no body
                named = _parties_named(body, context.parties, context.reference)
                if context.reporting_region is None or (
                    named and context.reporting_region not in named
                ):
                    continue
                bodies.append(context.registry.resolve_name(body, row.source, context.sides))
    return tuple(dict.fromkeys(bodies))
