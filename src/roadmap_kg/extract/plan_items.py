"""The plan items a row reports on: the codes of its plan-item cell ('2.3.', 'пп. 3.3, 3.4',
'3.3–3.5'), or, in a merged cell, those of the row above."""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Warning_
from ..read.table import Row
from .context import ReportContext

_PLAN_ITEM = re.compile(r"(\d+(?:\.\d+)*)(?:\s*[–—-]\s*(\d+(?:\.\d+)*))?")
_MAX_RANGE = 50  # '3.3–3.5' is three items; a range of more is no range of items
_MAX_PLAN_ITEM = 32  # '7.2', '10.1.3' …


def plan_item_codes(cell: str) -> tuple[str, ...]:
    """The plan items a cell names: '2.3.', 'п. 4.1', 'пп. 3.3, 3.4', and ranges '3.3–3.5'
    (3.3, 3.4 and 3.5: the two ends differ only in their last number)."""
    codes: list[str] = []
    for first, last in _PLAN_ITEM.findall(cell):
        codes.append(first)
        if not last:
            continue
        head, _, start = first.rpartition(".")
        last_head, _, stop = last.rpartition(".")
        if head == last_head and 0 < int(stop) - int(start) <= _MAX_RANGE:
            prefix = f"{head}." if head else ""
            codes += [f"{prefix}{n}" for n in range(int(start) + 1, int(stop) + 1)]
        else:
            codes.append(last)
    return tuple(dict.fromkeys(codes))


def row_plan_items(
    row: Row, cell: str, previous_items: tuple[str, ...], context: ReportContext
) -> tuple[str, ...]:
    """The plan items of a row's plan-item cell; an empty cell is merged with the row
    above's (with a warning)."""
    plan_items = plan_item_codes(cell)
    if any(len(item) > _MAX_PLAN_ITEM for item in plan_items):  # it would be an IRI segment
        raise InputError(
            row.source.file,
            row.source.first,
            f"a plan item number longer than {_MAX_PLAN_ITEM} characters is not one",
        )
    if plan_items:
        return plan_items
    if not previous_items:
        raise InputError(row.source.file, row.source.first, "no plan item number in the row")
    context.warnings.append(
        Warning_(
            row.source,
            "no plan item number: taken from the row above (a merged cell)",
            problem="plan-item-inherited",
            column=context.column_titles.get("plan_item"),
            details=(("items", ", ".join(previous_items)),),
        )
    )
    return previous_items
