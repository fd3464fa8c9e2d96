"""The fix-list for the report's authors: one row per extraction warning of the build, with
file, pages, lines, column, the text concerned, and in Russian what is wrong and how to fix it
(fix-list.csv, its CSV on the Web metadata, the page site/fix-list/)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from roadmap_kg.cli import cli
from roadmap_kg.extract import dates, extract_report
from roadmap_kg.extract.columns import columns
from roadmap_kg.extract.problems import FIXES, fix_texts
from roadmap_kg.model import PROBLEMS, SourceRef, Warning_
from roadmap_kg.pipeline import BuildResult, build
from roadmap_kg.publish.fixlist import COLUMNS as FIX_COLUMNS
from roadmap_kg.publish.fixlist import FixRow, fix_list_csv, fix_rows
from roadmap_kg.publish.formulas import inert_cell
from roadmap_kg.publish.site import Footer
from roadmap_kg.publish.site.fixes import fix_list_page
from roadmap_kg.publish.site.index import web_link
from roadmap_kg.publish.site.render import render
from roadmap_kg.read import read_source, report_files
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings
from roadmap_kg.validate import load_shapes, may_warn, validate
from test_organisations import COLUMNS, TATARSTAN_TITLE, row
from test_site_escaping import Parsed

from conftest import ROOT, SEED
from inline import inline_report

FORMATS = ROOT / "tests" / "fixtures" / "formats"
HOSTILE = '<script>alert(1)</script>=HYPERLINK("http://evil","x")'
DATE_FIX = FIXES["date-unreadable"][1]


def _rows(warnings: tuple[Warning_, ...]) -> list[tuple[str, ...]]:
    """The rows' place, column, text and problem (the Russian texts are checked apart)."""
    return [r.cells()[:6] for r in fix_rows(warnings)]


def test_rows_of_a_report_with_an_unreadable_date_an_unknown_body_and_a_merged_item(
    reference: Reference,
) -> None:
    report = inline_report(
        reference,
        TATARSTAN_TITLE,
        COLUMNS,
        row(date="в скором времени"),
        row(
            name="Выставка «Наследие»",
            item="",
            venue="Центр народных ремёсел «Лад»",
            date="25-20 мая 2022 года",
        ),
    )
    assert _rows(report.warnings) == [
        ("inline.txt", "", "11–17", "Сроки проведения", "в скором времени", "date-unreadable"),
        ("inline.txt", "", "19–25", "№ п/п", "", "plan-item-inherited"),
        ("inline.txt", "", "19–25", "Сроки проведения", "25-20 мая 2022 года", "date-unreadable"),
        ("inline.txt", "", "19–25", "", "Центр народных ремёсел", "organisation-not-in-authority"),
        ("inline.txt", "", "19–25", "", "Центр народных ремёсел", "organisation-unplaced"),
    ]
    texts = [(r.what, r.fix) for r in fix_rows(report.warnings)]
    assert texts[0] == (
        "дата не распознана; сохранена как текст, границы — весь 2022 год",
        DATE_FIX,
    )
    assert texts[1][0] == "номер пункта плана не указан; взят из строки выше (1.1)"
    assert texts[2][0] == (
        "дата не распознана (период заканчивается раньше, чем начинается); сохранена как "
        "текст, границы — весь 2022 год"
    )
    assert texts[3][0] == (
        "организация не найдена в справочнике; опубликована под собственным адресом "
        "org/tsentr-narodnykh-remesel"
    )
    assert texts[4][0].startswith("место не определено: ")
    assert len(fix_rows(report.warnings)) == len(report.warnings)


def test_a_body_of_either_party_names_what_was_taken(tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(Settings().reference_dir, folder)
    with (folder / "organisations.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "komitet-po-obrazovaniyu-respubliki-tatarstan,Комитет по образованию Республики "
            "Татарстан,,,state-body,RU-TA,,,,a namesake made for this test\n"
        )
    found = inline_report(
        Reference(folder),
        TATARSTAN_TITLE,
        COLUMNS,
        row(
            responsible="Министерство культуры Республики Татарстан",
            result="Проведена совместно с Комитетом по образованию",
        ),
    )
    (fix,) = [r for r in fix_rows(found.warnings) if r.problem == "organisation-ambiguous"]
    assert (fix.lines, fix.text) == ("11–17", "Комитетом по образованию")
    assert fix.what == (
        "организация с таким названием есть у обеих сторон; принята за «Комитет по образованию "
        "Республики Татарстан» (сторону, составившую отчёт)"
    )


def test_a_pdf_reports_rows_carry_their_pages(reference: Reference) -> None:
    table = read_source(FORMATS / "seed-a4-landscape.pdf")
    date_column = columns(table.header)["date"]
    rows = list(table.rows)
    index = next(i for i, r in enumerate(rows) if r.source.pages == (1, 2))
    cells = list(rows[index].cells)
    cells[date_column] = "в скором времени"
    rows[index] = replace(rows[index], cells=tuple(cells))
    report = extract_report(replace(table, rows=tuple(rows)), reference)
    assert _rows(report.warnings) == [
        (
            "seed-a4-landscape.pdf",
            "1–2",
            "7",
            "Сроки проведения",
            "в скором времени",
            "date-unreadable",
        )
    ]


def test_a_spreadsheets_rows_name_the_column_and_the_cell(reference: Reference) -> None:
    report = extract_report(read_source(FORMATS / "seed.xlsx"), reference)
    rows = fix_rows(report.warnings)
    assert len(rows) == len(report.warnings) == 49
    assert rows[0] == FixRow(
        file="seed.xlsx",
        pages="",
        lines="4",
        column="№ п/п Плана",
        text="7.2",
        problem="plan-item-number",
        what="в ячейке A4 номер пункта плана записан числом, а не текстом; прочитан как «7.2» "
        "(не «7.20» ли? Excel отбрасывает последний ноль)",
        fix="задайте ячейкам столбца номеров пунктов текстовый формат и введите номера заново",
    )
    assert {r.problem for r in rows} == {"plan-item-number"}


def test_rows_are_sorted_by_file_then_line() -> None:
    def warning(file: str, first: int, last: int) -> Warning_:
        return Warning_(
            SourceRef(file, first, last),
            "m",
            problem="plan-item-inherited",
            details=(("items", "1.1"),),
        )

    warnings = [warning("b.txt", 3, 3), warning("a.txt", 10, 12), warning("a.txt", 9, 20)]
    assert [(r.file, r.lines) for r in fix_rows(warnings)] == [
        ("a.txt", "9–20"),
        ("a.txt", "10–12"),
        ("b.txt", "3"),
    ]


def test_every_problem_has_russian_texts_without_english() -> None:
    assert set(FIXES) == set(PROBLEMS)
    for what, fix in FIXES.values():
        for text in (what, fix):
            prose = re.sub(r"\{\w+\}", "", text)
            # names of programs and Roman numerals of quarters are no English
            words = re.findall(r"[A-Za-z]+", re.sub(r"\b(?:Excel|SHACL|[IV]+)\b", "", prose))
            assert not words, text
        assert fix.strip()
        assert what.strip()


def test_every_reason_a_date_is_unreadable_has_its_russian() -> None:
    source = Path(dates.__file__).read_text(encoding="utf-8")
    reasons = set(re.findall(r'_Unreadable\("([^"]*)"\)', source))
    assert reasons  # the pattern finds the reasons the parser gives
    assert reasons | {""} == set(dates.REASONS_RU)


def test_the_cell_text_fills_no_template() -> None:
    """A cell holding '{year}' or '{0}' is text, never a format field."""
    warning = Warning_(
        SourceRef("r.txt", 1, 1),
        "m",
        problem="date-unreadable",
        cell="{year} {0} {cell}",
        details=(("reason", ""), ("year", "2021")),
    )
    assert (
        fix_texts(warning)[0] == "дата не распознана; сохранена как текст, границы — весь 2021 год"
    )


def test_a_cell_that_would_be_a_formula_stays_text() -> None:
    rows = [
        FixRow(
            "r.txt", "", "1", "Сроки", '=HYPERLINK("http://evil","x")', "date-unreadable", "a", "b"
        ),
        FixRow("r.txt", "", "2", "Сроки", "'quoted", "date-unreadable", "a", "b"),
    ]
    read = list(csv.reader(fix_list_csv(rows).splitlines()))
    assert read[0] == [title for _, title, _, _ in FIX_COLUMNS]
    assert read[1][4] == '\'=HYPERLINK("http://evil","x")'
    assert read[2][4] == "''quoted"


def _page(rows: list[FixRow]) -> str:
    return render(
        "fix_list.html",
        title="Замечания к отчётам",
        root="../index.html",
        ontology="../ontology/index.html",
        footer=Footer("t", "p", web_link("https://example.org/licence", "license")),
        page=fix_list_page(rows),
        jsonld=None,
        description=None,
        alternates=False,
    )


def test_the_page_without_warnings_says_so() -> None:
    text = _page([])
    assert "Замечаний нет." in text
    assert "<table>" not in text


# --- a whole release --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """A release of reports with warnings: three text exports, the seed as a spreadsheet, and
    a report whose date cells carry markup and a formula."""
    folder = tmp_path_factory.mktemp("fixlist")
    sources = folder / "sources"
    sources.mkdir()
    reports = ROOT / "tests" / "fixtures" / "reports"
    for name in ("spb-karelia-2023.txt", "spb-leningrad-2021-spbside.txt"):
        shutil.copy(reports / name, sources / name)
    shutil.copy(FORMATS / "seed.xlsx", sources / "seed.xlsx")
    pskov = (reports / "spb-pskov-2022.txt").read_text(encoding="utf-8")
    hostile = pskov.replace("12–14 мая 2022 года", HOSTILE, 1)
    assert hostile != pskov
    (sources / "hostile.txt").write_text(hostile, encoding="utf-8")
    out = folder / "dist"
    result = build(Settings(sources=tuple(report_files(sources)), out_dir=out))
    assert result.files
    return out, result


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_the_release_has_one_row_per_warning_with_file_and_lines(
    release: tuple[Path, BuildResult],
) -> None:
    out, result = release
    header, *rows = _csv(out / "fix-list.csv")
    assert header == [
        "файл",
        "страницы",
        "строки",
        "столбец",
        "текст",
        "код",
        "что не так",
        "как исправить",
    ]
    assert len(rows) == len(result.warnings) > 50
    assert all(r[0] and re.fullmatch(r"\d+(–\d+)?", r[2]) for r in rows)
    assert rows == [[inert_cell(c) for c in r.cells()] for r in fix_rows(result.warnings)]
    files = [r[0] for r in rows]
    assert files == sorted(files)
    assert {r[0] for r in rows} == {
        "hostile.txt",
        "seed.xlsx",
        "spb-karelia-2023.txt",
        "spb-leningrad-2021-spbside.txt",
    }
    (hostile,) = [r for r in rows if r[5] == "date-unreadable"]
    assert hostile[:6] == [
        "hostile.txt",
        "",
        "14–21",
        "Дата проведения",
        HOSTILE,
        "date-unreadable",
    ]


def test_a_formula_in_the_release_stays_text(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    formula = '=HYPERLINK("http://evil","x")'
    source.write_text(
        SEED.read_text(encoding="utf-8").replace("22-23 апреля 2021 года", formula, 1),
        encoding="utf-8",
    )
    result = build(Settings(sources=(source,), out_dir=tmp_path / "dist", pages=False))
    (row_,) = _csv(tmp_path / "dist" / "fix-list.csv")[1:]
    assert row_[4] == "'" + formula
    assert len(result.warnings) == 1


def test_the_csvw_metadata_describes_the_header(release: tuple[Path, BuildResult]) -> None:
    out, _ = release
    metadata = json.loads((out / "fix-list.csv-metadata.json").read_text(encoding="utf-8"))
    assert metadata["url"] == "fix-list.csv"
    titles = [c["titles"] for c in metadata["tableSchema"]["columns"]]
    assert titles == _csv(out / "fix-list.csv")[0]


def test_the_catalogue_lists_the_fix_list(release: tuple[Path, BuildResult]) -> None:
    out, _ = release
    catalogue = Graph().parse(out / "catalog.ttl")
    by_url = {
        str(catalogue.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1]: d
        for d in catalogue.subjects(DCAT.downloadURL, None)
    }
    fix_list = by_url["fix-list.csv"]
    assert catalogue.value(fix_list, DCAT.mediaType) == URIRef(
        "http://www.iana.org/assignments/media-types/text/csv"
    )
    conforms = catalogue.value(fix_list, DCTERMS.conformsTo)
    assert str(conforms).endswith("fix-list.csv-metadata.json")
    assert "fix-list.csv-metadata.json" in by_url


def test_the_page_escapes_report_text_and_is_linked(release: tuple[Path, BuildResult]) -> None:
    out, result = release
    text = (out / "site" / "fix-list" / "index.html").read_text(encoding="utf-8")
    parsed = Parsed(text)
    assert "script" not in [tag for tag, _ in parsed.tags]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert text.count("<tr>") == len(result.warnings) + text.count("<thead>")
    assert 'href="../../fix-list.csv"' in text
    index = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert (
        f'<a href="fix-list/index.html">замечания к отчётам</a> ({len(result.warnings)})' in index
    )


def test_build_prints_the_count_and_the_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    out = tmp_path / "dist"
    result = runner.invoke(
        cli, ["build", str(FORMATS / "seed.xlsx"), "--out", str(out), "-q", "--no-pages"]
    )
    assert result.exit_code == 0, result.output
    assert f"fix-list: 49 row(s) → {out}/fix-list.csv" in result.output.splitlines()


# --- SHACL warnings -----------------------------------------------------------------------------

WARNING_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<urn:test:short-names> a sh:NodeShape ;
  sh:targetClass schema:Event ;
  sh:property [ sh:path schema:name ; sh:maxLength 40 ; sh:severity sh:Warning ;
                sh:message "Название длиннее 40 знаков."@ru ] .
"""


def test_shapes_without_warnings_do_not_make_the_build_wait() -> None:
    assert not may_warn(Settings().shapes_dir)


def test_shacl_warnings_are_rows_at_their_events_source_rows(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes"
    shutil.copytree(Settings().shapes_dir, shapes)
    (shapes / "warn.ttl").write_text(WARNING_SHAPE, encoding="utf-8")
    assert may_warn(shapes)
    out = tmp_path / "dist"
    result = build(Settings(sources=(SEED,), out_dir=out, shapes_dir=shapes, pages=False))
    assert result.validation.conforms
    long_names = {e.source: e for r in result.reports for e in r.events if len(e.name) > 40}
    assert len(long_names) > 10
    rows = _csv(out / "fix-list.csv")[1:]
    assert len(rows) == result.fix_list == len(long_names) + len(result.warnings)
    found = {(r[0], r[2]) for r in rows if r[5] == "shacl-warning"}
    assert found == {
        (s.file, str(s.first) if s.first == s.last else f"{s.first}–{s.last}") for s in long_names
    }
    sample = next(r for r in rows if r[5] == "shacl-warning")
    assert sample[6] == (
        "проверка данных по формам SHACL (schema:name) предупреждает: Название длиннее 40 знаков."
    )


@pytest.mark.parametrize(
    ("first", "last", "source"),
    [
        ('"12"', '"14"', SourceRef("a.txt", 12, 14)),
        ('"abc"', '"14"', None),  # `validate` checks files of any origin: no number, no source
        ('"1e999"', '"1e999"', None),
    ],
)
def test_a_violation_names_its_source_row(
    first: str, last: str, source: SourceRef | None, settings: Settings
) -> None:
    data = Graph().parse(
        data=f"""@prefix schema: <https://schema.org/> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix rm: <https://w3id.org/roadmap-kg/ontology#> .
        <https://w3id.org/roadmap-kg/id/event/x> a schema:Event ;
            prov:wasDerivedFrom <https://w3id.org/roadmap-kg/id/source/a.txt/L12-14> .
        <https://w3id.org/roadmap-kg/id/source/a.txt/L12-14> a rm:SourceRow ;
            rm:sourceFile "a.txt" ; rm:firstLine {first} ; rm:lastLine {last} .
        """,
        format="turtle",
    )
    report = validate(data, load_shapes(settings.shapes_dir))
    event = [v for v in report.violations if v.focus.endswith("/event/x")]
    assert event
    assert {v.source for v in event} == {source}


# --- the reader's warnings ------------------------------------------------------------------------


def test_a_spreadsheets_date_a_cell_beside_the_table_and_a_wrong_extension(
    tmp_path: Path,
) -> None:
    from test_xlsx import workbook

    book, sheet = workbook(
        [dt.datetime(2021, 2, 7), "Форум", "май 2021 года", "онлайн", None, "=заметка"],
    )
    sheet["F3"].data_type = "s"  # text, not a formula
    path = tmp_path / "report.txt"
    book.save(path)
    rows = fix_rows(read_source(path).warnings)
    assert [r.cells() for r in rows] == [
        (
            "report.txt",
            "",
            "",
            "",
            "",
            "file-format",
            "содержимое файла — таблица Excel (.xlsx), а расширение .txt говорит о другом; "
            "файл прочитан как таблица Excel (.xlsx)",
            "сохраните файл с расширением, которое соответствует его формату",
        ),
        (
            "report.txt",
            "",
            "3",
            "№ п/п Плана",
            "07.02.2021",
            "plan-item-date",
            "в ячейке A3 номер пункта плана Excel превратил в дату; прочитан как «7.2»",
            "задайте ячейкам столбца номеров пунктов текстовый формат и введите номера заново",
        ),
        (
            "report.txt",
            "",
            "3",
            "",
            "=заметка",
            "cells-outside-table",
            "ячейка F3 (и других заполненных ячеек вне таблицы: 0) стоит вне столбцов таблицы "
            "A–D и не прочитана",
            "перенесите этот текст в столбцы таблицы или удалите его",
        ),
    ]
    assert fix_list_csv(rows).splitlines()[3].split(",")[4] == "'=заметка"


@pytest.mark.parametrize(
    ("participants", "taken", "what"),
    [
        (
            "30 студентов, 5 преподавателей",
            30,
            "число участников указано неоднозначно (названо несколько чисел без общего итога: "
            "30, 5); принято 30",
        ),
        (
            "от 100 до 150 человек",
            150,
            "число участников указано неоднозначно (указан диапазон: 100, 150); принято 150",
        ),
        (
            "100–150 человек",
            150,
            "число участников указано неоднозначно (указан диапазон: 100, 150); принято 150",
        ),
    ],
)
def test_an_ambiguous_number_of_participants_is_a_row(
    reference: Reference, participants: str, taken: int, what: str
) -> None:
    report = inline_report(reference, TATARSTAN_TITLE, COLUMNS, row(participants=participants))
    (event,) = report.events
    assert event.counts.participants is not None
    assert event.counts.participants.value == taken
    (warning,) = [w for w in report.warnings if w.problem == "count-ambiguous"]
    (fix_row,) = [r for r in fix_rows((warning,))]
    assert fix_row.cells()[3:6] == ("Участники", participants, "count-ambiguous")
    assert fix_row.what == what


@pytest.mark.parametrize(
    "participants",
    [
        "35 человек",
        "28 участников, в том числе 5 учащихся из Мурманской области",
        "Всего 240 спортсменов из 15 регионов, в том числе команда Санкт-Петербурга – 18 человек",
        "Сборная команда Кузбасса – 10 человек (8 спортсменов, 2 тренера)",
        "Делегация Санкт-Петербурга – 15 человек; всего около 450 участников из 11 регионов",
        "до 150 человек",
    ],
)
def test_a_total_with_its_shares_or_one_number_is_no_row(
    reference: Reference, participants: str
) -> None:
    report = inline_report(reference, TATARSTAN_TITLE, COLUMNS, row(participants=participants))
    assert [w for w in report.warnings if w.problem == "count-ambiguous"] == []
