"""Report text in CSV downloads, kept text when a spreadsheet program opens the file.

A cell beginning with '=', '+', '-', '@', a tab or a carriage return is read as a formula by
Excel, LibreOffice Calc and Google Sheets: a report cell `=HYPERLINK("http://evil…","x")` in
events.csv would become a live link (or worse, with DDE) on a portal user's machine. As OWASP
recommends (CSV Injection), such a cell is written with a leading apostrophe, which the
programs show as text. A cell that begins with an apostrophe of its own gets one more, so a
reader of the CSV gets the text as the report wrote it back by removing one leading apostrophe
wherever there is one. Cells our own code writes (IRIs, dates, numbers) never begin with any
of these characters.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r")
_ESCAPED_STARTS = FORMULA_STARTS | {"'"}

# The same rule, said to the readers of the CSV on the Web metadata of events.csv.
CSV_NOTE = (
    "A cell whose text begins with =, +, -, @, a tab or a carriage return is written with a "
    "leading apostrophe (') so that spreadsheet programs show it as text instead of running "
    "it as a formula (OWASP, CSV Injection); a cell beginning with an apostrophe gets one "
    "more. Remove one leading apostrophe, where a cell has one, to get the text as the "
    "report wrote it."
)


def inert_cell(text: str) -> str:
    """The cell as a spreadsheet shows it as text: with a leading apostrophe when it would
    begin a formula (or begins with an apostrophe, so that removing one gives the text)."""
    return "'" + text if text[:1] in _ESCAPED_STARTS else text
