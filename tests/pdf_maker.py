"""Small PDFs written by hand for the PDF reader's tests: pages of ruled tables and text in a
standard font (Helvetica, so Latin text only), laid out to the point, so a test can say
exactly where a page ends and which rules a table has."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

WIDTH, HEIGHT = 600, 400
SIZE = 10  # font size of every text


@dataclass
class Page:
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    texts: list[tuple[float, float, str]] = field(default_factory=list)  # x, top, text
    _open: tuple[int, ...] = ()  # the columns the last row left open below

    def rule(self, x0: float, top0: float, x1: float, top1: float) -> None:
        """A line, in top-down coordinates as pdfplumber reports them."""
        self.lines.append((x0, HEIGHT - top0, x1, HEIGHT - top1))

    def text(self, x: float, top: float, text: str) -> None:
        self.texts.append((x, top, text))

    def row(
        self,
        columns: list[float],
        top: float,
        bottom: float,
        cells: list[str | None],
        merged_down: tuple[int, ...] = (),
    ) -> None:
        """A table row: its rules above and below (but not below the columns of merged_down,
        whose cells go on in the row below, nor above the columns the row above left open),
        the rules between its cells (a None cell continues the one before it: merged across),
        and each cell's text (lines split at '|') at its top left."""
        for index in range(len(columns) - 1):
            if index not in self._open:
                self.rule(columns[index], top, columns[index + 1], top)
            if index not in merged_down:
                self.rule(columns[index], bottom, columns[index + 1], bottom)
        self.rule(columns[0], top, columns[0], bottom)
        for index in range(len(cells)):
            if index + 1 < len(cells) and cells[index + 1] is None:
                continue  # no rule inside a merged cell
            self.rule(columns[index + 1], top, columns[index + 1], bottom)
        for index, cell in enumerate(cells):
            for number, line in enumerate((cell or "").split("|") if cell else []):
                self.text(columns[index] + 4, top + 4 + number * 1.2 * SIZE, line)
        self._open = merged_down


def write_pdf(
    path: Path, pages: list[Page], differences: list[str] | None = None, cid: bool = False
) -> Path:
    """A PDF of the pages. differences: glyph names for the codes 65, 66, … ('A', 'B', …), as
    a font without a Unicode mapping of its own names them; cid: the text in a composite font
    with no Unicode mapping at all (what pdfminer reads as '(cid:N)')."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    font_number = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for index, page in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] "
            f"/Resources << /Font << /F1 {font_number} 0 R >> >> "
            f"/Contents {4 + 2 * index} 0 R >>".encode()
        )
        stream = _content(page, cid)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    encoding = "/WinAnsiEncoding"
    if differences is not None:
        encoding = (
            f"<< /Type /Encoding /Differences [65 {' '.join('/' + n for n in differences)}] >>"
        )
    font = f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding {encoding} >>"
    if cid:
        font = (
            "<< /Type /Font /Subtype /Type0 /BaseFont /Anonymous /Encoding /Identity-H "
            "/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Anonymous "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            "/DW 500 >>] >>"
        )
    objects.append(font.encode())
    path.write_bytes(_file(objects))
    return path


def _content(page: Page, cid: bool) -> bytes:
    parts = ["0.5 w"]
    parts += [f"{x0} {y0} m {x1} {y1} l S" for x0, y0, x1, y1 in page.lines]
    for x, top, text in page.texts:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        shown = "<" + "".join(f"{ord(ch):04X}" for ch in text) + ">" if cid else f"({escaped})"
        baseline = HEIGHT - top - SIZE
        parts.append(f"BT /F1 {SIZE} Tf {x} {baseline} Td {shown} Tj ET")
    return "\n".join(parts).encode("latin-1")


def _file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
