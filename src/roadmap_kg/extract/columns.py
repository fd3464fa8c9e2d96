"""What each column of a report's table holds, read from the words of its header cell."""

from __future__ import annotations

import re
from typing import Literal

from ..errors import InputError
from ..read.table import Row

Meaning = Literal["name", "plan_item", "participants", "venue", "date", "responsible", "result"]
Columns = dict[Meaning, int]  # the index of the column of each meaning the table has

# Column meanings, tried in this order on each header cell (most specific first).
_COLUMNS: tuple[tuple[Meaning, re.Pattern[str]], ...] = (
    # 'Содержание мероприятия' is what was done, its name; 'Содержание и результат' a result
    ("name", re.compile(r"^\W*(?:наименовани|содержани|названи)\w*\s+мероприяти", re.I)),
    ("plan_item", re.compile(r"№|п/п|пункт|номер", re.IGNORECASE)),
    ("participants", re.compile(r"участник", re.IGNORECASE)),
    ("venue", re.compile(r"мест[оа]", re.IGNORECASE)),
    ("date", re.compile(r"срок|дат[аы]|период|время", re.IGNORECASE)),
    ("responsible", re.compile(r"ответственн|исполнител", re.IGNORECASE)),
    ("result", re.compile(r"содержани|результат|итог|информаци|отметк|выполнени", re.IGNORECASE)),
    ("name", re.compile(r"наименовани|мероприяти|названи", re.IGNORECASE)),
)
# the plan-item column is not required: a table without one gives events without plan items
_REQUIRED: dict[Meaning, str] = {"name": "Наименование", "date": "Сроки проведения"}


def columns(header: Row) -> Columns:
    """Column index per meaning, found by the words of the header, not by position."""
    found: Columns = {}
    for index, title in enumerate(header.cells):
        for meaning, pattern in _COLUMNS:
            if meaning not in found and pattern.search(title):
                found[meaning] = index
                break
    for meaning, label in _REQUIRED.items():
        if meaning not in found:
            raise InputError(
                header.source.file, header.source.first, f"the table has no column {label!r}"
            )
    return found
