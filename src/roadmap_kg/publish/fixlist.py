"""fix-list.csv: one row per extraction warning of the release, in Russian, for the report's
authors (file, pages, lines, column, the text concerned, what is wrong, how to fix it), with
its CSV on the Web metadata; the page site/fix-list/ shows the same rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..extract.problems import fix_texts
from ..model import SourceRef, Warning_
from ..validate import ValidationReport
from .formulas import CSV_NOTE, inert_cell
from .model import Release

FIX_LIST = "fix-list.csv"
FIX_LIST_METADATA = "fix-list.csv-metadata.json"

COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    # name, title (the header row), datatype, description
    ("file", "файл", "string", "report file the problem is in (its name, no folders)"),
    ("pages", "страницы", "string", "pages of a PDF report: '3' or '3–4'; empty for others"),
    (
        "lines",
        "строки",
        "string",
        "lines of a text export, table rows of a .docx, .odt, .doc or .pdf, sheet rows of an "
        ".xlsx: '21' or '21–26'; empty for a problem of the whole file",
    ),
    ("column", "столбец", "string", "the table column's header as written, where known"),
    (
        "text",
        "текст",
        "string",
        "the text concerned: the cell as written, or the organisation's name",
    ),
    ("problem", "код", "string", "kind of problem (a code, the same in every language)"),
    ("what", "что не так", "string", "what is wrong, in Russian, with the specifics"),
    ("fix", "как исправить", "string", "what the report's authors can do about it, in Russian"),
)


@dataclass(frozen=True, slots=True)
class FixRow:
    """One row of the fix-list: where, what, and how to fix it."""

    file: str
    pages: str
    lines: str
    column: str
    text: str
    problem: str
    what: str
    fix: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.file,
            self.pages,
            self.lines,
            self.column,
            self.text,
            self.problem,
            self.what,
            self.fix,
        )


def fix_rows(warnings: Iterable[Warning_]) -> list[FixRow]:
    """One row per warning, sorted by file, then lines; a row's warnings in the order
    extraction gave them (the order of the facts in the row: deterministic)."""
    rows = [_row(w) for w in warnings]
    return sorted(rows, key=lambda r: (r.file, _start(r.lines), r.lines))


def fix_list_warnings(release: Release) -> list[Warning_]:
    """The extraction warnings of the release's reports, and the validation's warnings
    when the shapes may give any (then this waits for the validation)."""
    warnings = [w for report in release.reports for w in report.warnings]
    if release.validation is not None:
        warnings += shacl_warnings(release.validation.result())
    return warnings


def shacl_warnings(validation: ValidationReport) -> list[Warning_]:
    """The SHACL results of severity sh:Warning, each at its focus node's source row (a node
    without one, an organisation say, has no file)."""
    return [
        Warning_(
            v.source or SourceRef("", 0, 0, "file"),
            str(v),
            problem="shacl-warning",
            cell=v.label,
            details=(("message", v.message), ("path", v.path)),
        )
        for v in validation.violations
        if v.severity == "Warning"
    ]


def _row(warning: Warning_) -> FixRow:
    source = warning.source
    what, fix = fix_texts(warning)
    return FixRow(
        file=source.file,
        pages=_span(*source.pages) if source.pages else "",
        lines="" if source.unit == "file" else _span(source.first, source.last),
        column=warning.column or "",
        text=warning.cell,
        problem=warning.problem,
        what=what,
        fix=fix,
    )


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _start(lines: str) -> int:
    return int(lines.partition("–")[0]) if lines else 0


def fix_list_csv(rows: Iterable[FixRow]) -> str:
    """The fix-list as CSV text: the Russian header, one row per warning, CRLF line ends;
    report text a spreadsheet would run as a formula is written as text (formulas.py)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for _, title, _, _ in COLUMNS])
    writer.writerows([inert_cell(cell) for cell in row.cells()] for row in rows)
    return out.getvalue()


def write_fix_list(rows: Iterable[FixRow], path: Path) -> None:
    path.write_text(fix_list_csv(rows), encoding="utf-8", newline="")


def write_fix_list_metadata(path: Path, title: str) -> None:
    """CSV on the Web metadata describing fix-list.csv: its columns and their titles."""
    columns: list[dict[str, Any]] = [
        {
            "name": name,
            "titles": label,
            "dc:description": {"@value": description, "@language": "en"},
            "datatype": datatype,
        }
        for name, label, datatype, description in COLUMNS
    ]
    metadata = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "ru"}],
        "url": FIX_LIST,
        "dc:title": f"{title}: замечания к отчётам",
        "rdfs:comment": {"@value": CSV_NOTE, "@language": "en"},
        "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
        "tableSchema": {"columns": columns},
    }
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
