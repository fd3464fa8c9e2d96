"""site/fix-list/: the fix-list's rows for the report's authors, grouped by report file."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ..fixlist import FIX_LIST, FixRow

HERE = "fix-list/"


@dataclass(frozen=True, slots=True)
class FileFixes:
    name: str
    paged: bool  # a PDF's rows: the pages column is shown
    rows: list[FixRow]


@dataclass(frozen=True, slots=True)
class FixListPage:
    csv: str  # the link to fix-list.csv, from the page
    files: list[FileFixes]


def fix_list_page(rows: list[FixRow]) -> FixListPage:
    """The page of rows sorted by file (fixlist.fix_rows): one table per file."""
    files = []
    for name, group in groupby(rows, key=lambda r: r.file):
        found = list(group)
        files.append(FileFixes(name, any(r.pages for r in found), found))
    # the page is site/fix-list/index.html, the file beside site/
    return FixListPage(csv=f"../../{FIX_LIST}", files=files)
