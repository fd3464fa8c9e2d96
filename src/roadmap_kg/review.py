"""The review file of proposed authority matches (data/reference/links.tsv): its one reader and
its one writer.

`roadmap-kg link` proposes rows and keeps decided ones; every build applies the accepted
ones (reference.accepted_links). Both read the file here, by the same rules: a decision is
`accept`, `reject`, `new` or empty (any case, spaces around it ignored), and anything else is
an input error naming the file and the line, so a typo such as `acept` is never taken for a
decision that no build applies.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from pathlib import Path

from .errors import ConfigError, InputError, ReadError, WriteError, system_reason


class Decision(StrEnum):
    """A reviewer's word on one proposed match."""

    ACCEPT = "accept"  # the body is the candidate entry: builds resolve it there
    REJECT = "reject"  # it is not: it keeps its own IRI
    NEW = "new"  # reviewed: a body of its own


@dataclass(frozen=True)
class Mapping:
    mention: str
    subject_id: str
    candidate_id: str
    candidate_label: str
    score: str
    justification: str
    decision: Decision | None = None  # None: not reviewed yet
    reviewer: str = ""
    date: str = ""
    source: str = ""


COLUMNS = tuple(f.name for f in fields(Mapping))


def read_review(path: Path) -> list[Mapping]:
    """The rows of the review file, in file order; none when there is no file yet."""
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t")
            missing = set(COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise ConfigError(
                    f"{path}: the review file lacks columns {', '.join(sorted(missing))}"
                )
            return [_mapping(row, path, reader.line_num) for row in reader]
    except OSError as exc:
        raise ReadError(path, system_reason(exc)) from None
    except UnicodeDecodeError:
        raise InputError(str(path), None, "the review file is not UTF-8 text") from None


def _mapping(row: dict[str, str | None], path: Path, line: int) -> Mapping:
    cells = {c: (row.get(c) or "").strip() for c in COLUMNS}
    decision = _decision(cells.pop("decision"), path, line)
    if decision is Decision.ACCEPT and not cells["candidate_id"]:
        raise InputError(str(path), line, "decision accept names no candidate_id to accept")
    return Mapping(**cells, decision=decision)


def _decision(text: str, path: Path, line: int) -> Decision | None:
    if not text:
        return None
    try:
        return Decision(text.lower())
    except ValueError:
        allowed = ", ".join(d.value for d in Decision)
        raise InputError(
            str(path), line, f"decision {text!r} is none of {allowed} (or empty: not decided)"
        ) from None


def write_review(path: Path, rows: Iterable[Mapping]) -> None:
    """The review file, rows sorted by body and candidate."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: (r.subject_id, r.candidate_id)):
        writer.writerow(asdict(row))
    try:
        path.write_text(out.getvalue(), encoding="utf-8")
    except OSError as exc:
        raise WriteError(path, system_reason(exc), "the review file") from None
