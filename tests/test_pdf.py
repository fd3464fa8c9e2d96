"""The PDF reader: the seed report saved as PDF (untagged A4 landscape, tagged, Letter with
narrow columns) gives the seed's release field by field, only provenance differing; small
PDFs written here pin the layout rules (repeated headers, rows cut by a page break, cells
merged down or across, a real row with an empty first cell); line breaks inside words are
undone by dictionary; a PDF with no text to read is refused in one line, end to end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from rdflib import Literal
from rdflib.namespace import XSD

from roadmap_kg.errors import InputError
from roadmap_kg.extract import extract_report
from roadmap_kg.lang.text import clean
from roadmap_kg.model import SourceRef
from roadmap_kg.rdf import to_graph
from roadmap_kg.read import read_source
from roadmap_kg.read.pdf import NO_TEXT
from roadmap_kg.read.pdf_text import Line, paragraph_text
from roadmap_kg.vocab import RM
from test_hostile_input import digest, refused, run_build

from conftest import FIXTURES, SEED, assert_same_release
from pdf_maker import Page, write_pdf

FORMATS = FIXTURES / "formats"
NOWHERE = SourceRef("-", 1, 1)
# Each seed PDF, and the cells (table row, column) its reading does not give as the text
# export has them, even as extraction reads them (whitespace collapsed, line-end hyphens
# repaired): none changes a fact of the release.
SEED_PDFS = {
    "seed-a4-landscape-tagged.pdf": set(),
    "seed-a4-landscape.pdf": set(),
    "seed-letter-narrow-columns.pdf": {
        (9, 4),  # '9/27 ,': a comma wrapped alone to the next line joins the word before it
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SEED_PDFS))
def test_each_seed_pdf_gives_the_seed_release(name: str, reference, seed_report) -> None:
    # the row's text as read (rm:sourceText) is provenance too: its line breaks differ
    report = extract_report(read_source(FORMATS / name), reference)
    assert len(report.events) == 50
    assert_same_release(report, seed_report, name)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SEED_PDFS))
def test_each_seed_pdf_reads_the_cells_of_the_text_export(name: str) -> None:
    text, pdf = read_source(SEED), read_source(FORMATS / name)
    assert pdf.title == text.title
    pairs = list(zip((pdf.header, *pdf.rows), (text.header, *text.rows), strict=True))
    assert [len(a.cells) for a, _ in pairs] == [len(b.cells) for _, b in pairs]
    differing = {
        (a.source.first, column)
        for a, b in pairs
        for column, (x, y) in enumerate(zip(a.cells, b.cells, strict=True))
        if clean(x) != clean(y)
    }
    assert differing == SEED_PDFS[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SEED_PDFS))
def test_rows_cut_by_a_page_break_are_joined_and_repeated_headers_dropped(name: str) -> None:
    table = read_source(FORMATS / name)
    assert len(table.rows) == 61  # 11 sections, 50 events: none lost, none split in two
    assert table.header.cells not in [row.cells for row in table.rows]
    assert [row.source.first for row in table.rows] == list(range(2, 63))
    cut = [row for row in table.rows if row.source.pages[0] != row.source.pages[1]]
    assert len(cut) >= 13  # the A4 files have 13 rows over a page break, Letter more


@pytest.mark.slow
def test_a_pdf_row_names_its_pages_everywhere(reference) -> None:
    report = extract_report(read_source(FORMATS / "seed-a4-landscape.pdf"), reference)
    source = report.events[3].source  # the Online-дискуссия, cut by the break of pages 1-2
    assert source == SourceRef("seed-a4-landscape.pdf", 7, 7, "row", (1, 2))
    assert str(source) == "seed-a4-landscape.pdf:pages 1-2, row 7"
    assert str(replace(source, pages=(2, 2))) == "seed-a4-landscape.pdf:page 2, row 7"
    graph = to_graph([report])
    rows = set(graph.subjects(RM.sourceFile, Literal("seed-a4-landscape.pdf")))
    assert len(rows) == 50  # one source row, one IRI, per event
    row = next(
        r for r in rows if graph.value(r, RM.firstRow) == Literal("7", datatype=XSD.positiveInteger)
    )
    assert graph.value(row, RM.firstPage) == Literal("1", datatype=XSD.positiveInteger)
    assert graph.value(row, RM.lastPage) == Literal("2", datatype=XSD.positiveInteger)


# --- layouts, in small PDFs written here ----------------------------------------------------

COLUMNS = [40, 120, 360, 560]
HEADER = ["No", "Name of the event", "Date"]


def _header(page: Page, top: float) -> float:
    page.row(COLUMNS, top, top + 20, HEADER)
    return top + 20


def _three_pages(tmp_path: Path) -> Path:
    """Page 1: the title, the header, a section, a plan-item cell merged down over two rows,
    and a row cut by the page's end; page 2: the header again, the rest of that row, and a row
    ending short of the page's end; page 3: the header, and a real row without a plan item."""
    one, two, three = Page(), Page(), Page()
    one.text(40, 15, "Report on the plan of cooperation between regions")
    top = _header(one, 40)
    one.row(COLUMNS, top, top + 20, ["Department of culture", None, None])
    one.row(COLUMNS, top + 20, top + 50, ["1.1", "Exhibition Alpha", "March"])
    one.row(COLUMNS, top + 50, top + 80, ["1.2", "Exhibition Beta", "April"], merged_down=(0,))
    one.row(COLUMNS, top + 80, top + 110, ["", "Exhibition Gamma", "May"])
    one.row(COLUMNS, top + 110, 360, ["2.1", "Concert of the choir, first part", "June"])
    top = _header(two, 40)
    two.row(COLUMNS, top, top + 30, ["", "and its second part", ""])
    two.row(COLUMNS, top + 30, 200, ["3.1", "Meeting of the boards", "July"])
    top = _header(three, 40)
    three.row(COLUMNS, top, top + 30, ["", "Lecture without a plan item", "August"])
    return write_pdf(tmp_path / "small.pdf", [one, two, three])


def test_the_layout_of_a_ruled_table_over_pages(tmp_path: Path) -> None:
    table = read_source(_three_pages(tmp_path))
    assert table.title == "Report on the plan of cooperation between regions"
    assert table.header.cells == tuple(HEADER)  # its first line is no part of the title
    assert [(row.cells, row.source.first, row.source.pages) for row in table.rows] == [
        (("Department of culture",), 2, (1, 1)),
        (("1.1", "Exhibition Alpha", "March"), 3, (1, 1)),
        (("1.2", "Exhibition Beta", "April"), 4, (1, 1)),
        # merged down from the row above on the same page: repeated, not glued to it
        (("1.2", "Exhibition Gamma", "May"), 5, (1, 1)),
        # cut by the page's end: its first cell on page 2 is empty and it filled page 1
        (("2.1", "Concert of the choir, first part\nand its second part", "June"), 6, (1, 2)),
        (("3.1", "Meeting of the boards", "July"), 7, (2, 2)),
        # first on its page with an empty first cell, but page 2 ended short: a row of its own
        (("", "Lecture without a plan item", "August"), 8, (3, 3)),
    ]


def test_a_row_whose_first_cell_is_text_is_never_glued_to_the_row_above(tmp_path: Path) -> None:
    one, two = Page(), Page()
    one.text(40, 15, "Report on the plan of cooperation between regions")
    top = _header(one, 40)
    one.row(COLUMNS, top, 360, ["1.1", "Exhibition Alpha filling its page", "March"])
    top = _header(two, 40)
    two.row(COLUMNS, top, top + 30, ["1.2", "Exhibition Beta", "April"])
    table = read_source(write_pdf(tmp_path / "two.pdf", [one, two]))
    assert [row.cells[0] for row in table.rows] == ["1.1", "1.2"]


def test_a_header_with_a_row_numbering_the_columns_is_dropped_whole(tmp_path: Path) -> None:
    pages = []
    for number, (item, name) in enumerate(
        [("1.1", "Exhibition Alpha"), ("1.2", "Exhibition Beta")]
    ):
        page = Page()
        if number == 0:
            page.text(40, 15, "Report on the plan of cooperation between regions")
        top = _header(page, 40)
        page.row(COLUMNS, top, top + 20, ["1", "2", "3"])  # repeated with the header
        page.row(COLUMNS, top + 20, top + 50, [item, name, "March"])
        pages.append(page)
    table = read_source(write_pdf(tmp_path / "numbered.pdf", pages))
    assert [row.cells for row in table.rows] == [
        ("1", "2", "3"),  # read once, as the .docx reader reads it
        ("1.1", "Exhibition Alpha", "March"),
        ("1.2", "Exhibition Beta", "March"),
    ]


def test_a_pdf_of_too_many_pages_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("roadmap_kg.read.pdf.MAX_PAGES", 2)
    with pytest.raises(InputError, match="small.pdf: the PDF has 3 pages; the limit is 2"):
        read_source(_three_pages(tmp_path))


@pytest.mark.slow
def test_a_tagged_pdf_is_read_from_its_structure_tree() -> None:
    import pdfplumber

    from roadmap_kg.read.pdf_tagged import tagged_rows

    with pdfplumber.open(FORMATS / "seed-a4-landscape-tagged.pdf") as pdf:
        found = tagged_rows(pdf)
    assert found is not None
    title, rows = found
    assert len(rows) == 62  # one TR per row: the repeated headers are artifacts, not rows
    assert rows[6].pages == (1, 2)  # row 7, over a page break, is one TR
    with pdfplumber.open(FORMATS / "seed-a4-landscape.pdf") as pdf:
        assert tagged_rows(pdf) is None  # no tags: the ruled lines are read


def test_a_pdf_without_ruled_table_is_refused(tmp_path: Path) -> None:
    page = Page()
    page.text(40, 15, "Report on the plan of cooperation between regions")
    page.text(40, 60, "No table here, only a paragraph of running text about the events.")
    with pytest.raises(InputError, match="plain.pdf: no table found"):
        read_source(write_pdf(tmp_path / "plain.pdf", [page]))


# --- line breaks inside words ----------------------------------------------------------------


def _lines(*texts: str, right: float | None = None) -> list[Line]:
    """Lines as a cell holds them; with right, each reaches the cell's right edge."""
    return [Line(t, False, 100.0, 10.0, 7.0, 12.0, 1, right) for t in texts]


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (
            ["Санкт-Петербургский государствен-", "ный университет"],
            "Санкт-Петербургский государственный университет",
        ),
        (["г. Санкт-", "Петербург"], "г. Санкт-Петербург"),  # a capital: a compound's hyphen
        (
            ["Международная научно-", "практическая конференция"],
            "Международная научно-практическая конференция",
        ),  # the compound is a word
        (["Конкурс бизнес-", "идей"], "Конкурс бизнес-идей"),  # both parts words, joined not
        (["Преподаватель СОГБ-", "ПОУ «…»"], "Преподаватель СОГБПОУ «…»"),  # an abbreviation
        (["САНКТ-", "ПЕТЕРБУРГ"], "САНКТ-ПЕТЕРБУРГ"),  # in capitals, a compound still
        (["к 135-ле-", "тию со дня"], "к 135-летию со дня"),  # 'тию' is no word
        (["Всероссийского полумара-", "фона"], "Всероссийского полумарафона"),  # nor 'полумара'
        (
            ["в работе туристско-", "информационных центров"],
            "в работе туристско-информационных центров",
        ),  # '-о': how compounds begin
        (["29 сентября -", "1 октября"], "29 сентября - 1 октября"),  # a dash, not a hyphen
        (["(КузГ-", "ТУ)"], "(КузГТУ)"),  # an abbreviation of two capitals each side
        (["объединенный исто-", "рико-архитектурный"], "объединенный историко-архитектурный"),
        (["научно-", "педагогиче-", "ских работников"], "научно-педагогических работников"),
        (["Алексея Саврасова", ", Ивана Шишкина"], "Алексея Саврасова, Ивана Шишкина"),
    ],
)
def test_line_end_hyphens(lines: list[str], text: str) -> None:
    assert paragraph_text(_lines(*lines)) == text


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["Межрег", "иональная"], "Межрегиональная"),
        (["Смоленск", "ой"], "Смоленской"),  # both halves words, but so is the whole
        (["перерасп", "ределени", "я рабочей силы"], "перераспределения рабочей силы"),
        (["занятости", "населени", "я"], "занятости населения"),  # a word, then a broken one
        (["молодежи", "колпинского района"], "молодежи колпинского района"),
        (["туристско", "-", "информац", "ионных"], "туристско-информационных"),
        (["Черныше", "нко"], "Чернышенко"),  # no dictionary knows either way: one word
        (["С", "отрудники"], "Сотрудники"),  # a capital alone on its line
        (["СОГ", "БУ"], "СОГБУ"),
        (["ImProfEdu", "и"], "ImProfEdu и"),  # another script: two words
        # the words at a run's ends judged whole across the hyphens that break them further
        (["миссия пе-", "тербургских", "промышлен-", "ных"], "миссия петербургских промышленных"),
        (
            ["ху-", "дожественно-", "архитектурный", "дворцово-пар-", "ковый"],
            "художественно-архитектурный дворцово-парковый",
        ),
    ],
)
def test_words_broken_without_a_hyphen_in_narrow_columns(lines: list[str], text: str) -> None:
    assert paragraph_text(_lines(*lines, right=100.5)) == text


def test_a_dash_ends_a_line_with_or_without_a_space() -> None:
    # the PDF draws the spaces lines end with where they fit: none drawn where one would have
    # fit after a dash means the text had none; with no room, a space may hang unseen
    spaced = Line("Организатор", True, 50.0, 10.0, 7.0, 12.0, 1, 200.0)
    roomy = Line("во II–", False, 100.0, 10.0, 7.0, 12.0, 1, 107.0)
    full = Line("участников –", False, 100.0, 10.0, 7.0, 12.0, 1, 101.6)
    after = Line("IV кварталах", False, 100.0, 10.0, 7.0, 12.0, 1, 107.0)
    assert (
        paragraph_text([spaced, roomy, after], spaces_drawn=True)
        == "Организатор во II–IV кварталах"
    )
    assert (
        paragraph_text([spaced, full, after], spaces_drawn=True)
        == "Организатор участников – IV кварталах"
    )
    assert paragraph_text([roomy, after]) == "во II– IV кварталах"  # a PDF that draws no spaces


def test_a_line_short_of_the_cell_edge_ends_a_word() -> None:
    # 'Смоленск' + 'ой' joins only when not even 'о' would have fit after it
    short = _lines("Смоленск", "ой", right=130.0)
    assert paragraph_text(short) == "Смоленск ой"


def test_a_pdf_that_marks_its_hyphens_keeps_the_plain_ones() -> None:
    # a tagged PDF may mark the word processor's hyphens as soft hyphens: a plain one is typed
    assert paragraph_text(_lines("государствен-", "ный"), True) == "государствен-ный"
    assert paragraph_text(_lines("государствен\u00ad", "ный"), True) == "государственный"
    assert paragraph_text(_lines("государствен-", "ный"), False) == "государственный"


# --- no text to read ----------------------------------------------------------------------------


def _scan(folder: Path) -> Path:
    """An image-only PDF, as a scanner writes it."""
    path = folder / "report.pdf"
    Image.new("RGB", (842, 595), "white").save(path)
    return path


def test_a_scan_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_source(_scan(tmp_path))
    assert str(error.value) == f"report.pdf: {NO_TEXT}"
    assert NO_TEXT == "the PDF has no text layer (a scan?); OCR it or publish the .docx"


@pytest.mark.parametrize(
    "font",
    [
        {"cid": True},  # glyphs without a Unicode mapping: '(cid:82)(cid:101)…'
        {"differences": [f"uniE0{code:02X}" for code in range(65, 123)]},  # private use
    ],
    ids=["cid", "private-use"],
)
def test_undecodable_text_is_refused(tmp_path: Path, font: dict) -> None:
    page = Page()
    page.text(40, 15, "Report on the plan of cooperation between regions")
    top = _header(page, 40)
    page.row(COLUMNS, top, top + 30, ["1.1", "Exhibition Alpha", "March"])
    with pytest.raises(InputError, match=r"^coded\.pdf: the PDF has no text layer"):
        read_source(write_pdf(tmp_path / "coded.pdf", [page], **font))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_any_bytes_after_a_pdf_signature_are_read_or_refused(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "any.pdf"
    path.write_bytes(b"%PDF-1.4\n" + body)
    try:
        read_source(path)
    except InputError as error:
        refusal = error
    else:
        return
    assert refusal.file == "any.pdf"  # our own error, naming the file


# --- end to end --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The release built from the seed's PDF, as a user builds it, with its pages."""
    out = tmp_path_factory.mktemp("pdf-release") / "dist"
    done = run_build(FORMATS / "seed-a4-landscape.pdf", out)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr == ""
    return out, digest(out)


@pytest.mark.slow
def test_build_from_a_pdf_shows_pages_and_rows(release: tuple[Path, dict[str, str]]) -> None:
    out, _ = release
    events = [p for p in (out / "site").rglob("*.html") if "/event/" in p.as_posix()]
    texts = [p.read_text(encoding="utf-8") for p in events]
    page = next(t for t in texts if "<h1>Онлайн-дискуссия «Использование" in t)
    assert "<code>seed-a4-landscape.pdf</code>, стр. 1–2, строка 7" in page


@pytest.mark.slow
def test_a_scan_is_refused_in_one_line_and_the_release_is_untouched(
    tmp_path: Path, release: tuple[Path, dict[str, str]]
) -> None:
    message = refused(_scan(tmp_path), release)
    assert message == NO_TEXT
