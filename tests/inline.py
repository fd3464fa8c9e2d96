"""Reports written inline in a test, in the report family's text export: title lines, a header,
rows of TAB-started cells (a cell's further lines without a TAB), a blank line after each row.
Extracted as a build extracts them, so a test asserts what a release publishes."""

from __future__ import annotations

from roadmap_kg.extract import extract_report
from roadmap_kg.model import Report
from roadmap_kg.read.text import parse_text
from roadmap_kg.reference import Reference


def inline_report(
    reference: Reference, title: str, columns: tuple[str, ...], *rows: str | tuple[str, ...]
) -> Report:
    """A report of rows: a str is a section row, a tuple a data row of cells (lines by '\\n')."""
    lines = [title, ""]
    lines += [f"\t{c}" for c in columns] + [""]
    for row in rows:
        for cell in (row,) if isinstance(row, str) else row:
            first, *rest = cell.split("\n")
            lines += [f"\t{first}", *rest]
        lines.append("")
    return extract_report(parse_text("\n".join(lines) + "\n", "inline.txt"), reference)
