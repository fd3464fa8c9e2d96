"""Plainer report tables (issue 18): no plan-item column, theme section rows, the reporting
side told by the title or the rows, responsible bodies named in a row, and the release of
such a report still conforming to the shapes.

Each rule is tested through a small report written inline (the report family's text export:
title lines, a header, rows of TAB-started cells; a section row is one cell), extracted as a
build extracts it, so what is asserted is what a release publishes.
"""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from roadmap_kg import ids
from roadmap_kg.cli import cli
from roadmap_kg.model import Report
from roadmap_kg.rdf import to_graph
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings
from roadmap_kg.validate import load_shapes, validate
from roadmap_kg.vocab import RM

from inline import inline_report

TITLE = (
    "Отчет об исполнении в 2022 году Плана мероприятий «дорожной карты» сотрудничества "
    "Санкт-Петербурга и Республики Татарстан на 2022-2024 годы"
)
AUTHOR_TITLE = (
    "Отчет Комитета по внешним связям Санкт-Петербурга о выполнении в 2022 году Плана "
    "мероприятий «дорожной карты» сотрудничества Санкт-Петербурга и Республики Татарстан "
    "на 2022-2024 годы"
)
# the columns of a table without a plan-item column
PLAIN = ("Наименование мероприятия", "Сроки", "Место проведения", "Участники", "Результаты")
WITH_ITEMS = ("№ п/п", *PLAIN)


def report(
    reference: Reference,
    *rows: str | tuple[str, ...],
    title: str = TITLE,
    columns: tuple[str, ...] = PLAIN,
) -> Report:
    """A report of the given rows: a str is a section row, a tuple a data row."""
    return inline_report(reference, title, columns, *rows)


def row(
    name: str = "Научная конференция «Диалог двух столиц»",
    date: str = "19 мая 2022 года",
    venue: str = "г. Санкт-Петербург",
    participants: str = "Студенты и преподаватели",
    result: str = "Проведена",
) -> tuple[str, ...]:
    return (name, date, venue, participants, result)


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(Settings().shapes_dir)


def conforms(found: Report, shapes) -> None:
    result = validate(to_graph([found]), shapes)
    assert result.conforms, [str(v) for v in result.violations]


# --- no plan-item column ----------------------------------------------------------------------


def test_a_table_without_a_plan_item_column_builds_without_plan_items(reference, shapes) -> None:
    found = report(
        reference,
        "Комитет по культуре Санкт-Петербурга",
        row(),
        row(name="Выставка «Два города»", date="10–12.10.2022"),
    )
    assert not found.has_plan_item_column
    assert [e.plan_items for e in found.events] == [(), ()]
    assert [e.date.text for e in found.events] == ["19 мая 2022 года", "10–12.10.2022"]
    assert not [w for w in found.warnings if "plan item" in w.message]  # nothing per row
    graph = to_graph([found])
    report_iri = URIRef(ids.DEFAULT_BASE + "report/" + ids.report_key(found))
    assert (report_iri, RM.hasPlanItemColumn, Literal(False, datatype=XSD.boolean)) in graph
    assert not list(graph.subject_objects(RM.planItem))
    conforms(found, shapes)


def test_a_table_with_the_column_states_nothing_and_keeps_its_plan_items(reference) -> None:
    found = report(
        reference,
        "Комитет по культуре Санкт-Петербурга",
        ("1.1", *row()),
        columns=WITH_ITEMS,
    )
    assert found.has_plan_item_column
    assert found.events[0].plan_items == ("1.1",)
    assert not list(to_graph([found]).subject_objects(RM.hasPlanItemColumn))


# --- theme section rows -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "theme", ["Раздел 1. Образование и наука", "Культура и туризм", "II. Молодежная политика"]
)
def test_a_section_row_naming_no_body_is_a_theme(reference, shapes, theme: str) -> None:
    found = report(reference, theme, row(), title=AUTHOR_TITLE)
    event = found.events[0]
    assert event.theme == theme  # as written, numbering kept
    assert event.responsible_bodies == ()
    assert all(theme not in org.name for org in found.organisations)
    assert not found.names_responsible_bodies
    graph = to_graph([found])
    concept = URIRef(ids.DEFAULT_BASE + "roadmap/" + ids.theme_key(found.roadmap, theme))
    scheme = URIRef(ids.DEFAULT_BASE + "roadmap/" + ids.theme_scheme_key(found.roadmap))
    assert (None, RM.theme, concept) in graph
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert (concept, SKOS.prefLabel, Literal(theme, lang="ru")) in graph
    assert (concept, SKOS.inScheme, scheme) in graph
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert str(concept).endswith("/ru-spe_ru-ta_2022-2024/theme/" + ids.slug(theme, ids.MAX_SLUG))
    conforms(found, shapes)


def test_a_section_row_naming_a_body_stays_the_responsible_body(reference) -> None:
    found = report(
        reference,
        "Раздел 1. Культура",
        "Комитет по культуре Санкт-Петербурга",
        row(),
        "Раздел 2. Наука",
        row(name="Круглый стол"),
    )
    first, second = found.events
    names = {org.key: org.name for org in found.organisations}
    assert [names[k] for k in first.responsible_bodies] == ["Комитет по культуре Санкт-Петербурга"]
    assert first.theme is None  # a body's row starts a block of its own
    assert second.theme == "Раздел 2. Наука"
    assert second.responsible_bodies == first.responsible_bodies  # the body above still holds
    assert found.names_responsible_bodies


# --- the reporting side -----------------------------------------------------------------------


def test_the_title_names_the_reporting_side_first(reference) -> None:
    # the section rows name the other party's body, the title the author: the title decides
    found = report(
        reference, "Министерство культуры Республики Татарстан", row(), title=AUTHOR_TITLE
    )
    assert found.reporting_region == "RU-SPE"


def test_a_title_opening_with_its_subject_names_no_author(reference) -> None:
    # 'Отчет о выполнении … Санкт-Петербурга … о …': the words after 'о' are no body
    title = (
        "Отчет о выполнении в 2022 году Плана мероприятий «дорожной карты» сотрудничества "
        "Санкт-Петербурга и Республики Татарстан на 2022-2024 годы о развитии связей"
    )
    found = report(reference, "Министерство культуры Республики Татарстан", row(), title=title)
    assert found.reporting_region == "RU-TA"


def test_the_section_rows_name_the_reporting_side(reference) -> None:
    found = report(reference, "Министерство культуры Республики Татарстан", row())
    assert found.reporting_region == "RU-TA"


def test_the_responsible_column_names_the_reporting_side(reference) -> None:
    columns = (*PLAIN, "Ответственный исполнитель")
    found = report(
        reference, (*row(), "Министерство культуры Республики Татарстан"), columns=columns
    )
    assert found.reporting_region == "RU-TA"


def test_the_organisers_rows_name_tell_the_reporting_side(reference) -> None:
    found = report(
        reference,
        "Культура",
        row(result="Проведена. Организатор – Министерство культуры Республики Татарстан"),
    )
    assert found.reporting_region == "RU-TA"


def test_a_report_nothing_places_is_published_without_a_side_and_one_warning(
    reference, shapes
) -> None:
    found = report(reference, "Культура и туризм", row(), row(name="Выставка «Два города»"))
    assert found.reporting_region is None
    warned = [w for w in found.warnings if "which region wrote the report" in w.message]
    assert len(warned) == 1
    assert ids.report_key(found) == "ru-spe_ru-ta_2022-2024/2022/unknown"
    graph = to_graph([found])
    assert not list(graph.subject_objects(RM.reportingRegion))
    conforms(found, shapes)


# --- responsible bodies named in a row --------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "Ответственный исполнитель – Комитет по культуре Санкт-Петербурга",
        "Организатор – Комитет по культуре Санкт-Петербурга",
        "Организатор: Комитет по культуре Санкт-Петербурга.",
    ],
)
def test_a_row_names_its_responsible_body(reference, shapes, phrase: str) -> None:
    found = report(reference, "Культура", row(result=f"Проведена. {phrase}"), title=AUTHOR_TITLE)
    names = {org.key: org.name for org in found.organisations}
    event = found.events[0]
    assert [names[k] for k in event.responsible_bodies] == ["Комитет по культуре Санкт-Петербурга"]
    conforms(found, shapes)


def test_a_body_of_the_other_side_is_no_responsible_body(reference) -> None:
    found = report(
        reference,
        "Культура",
        row(result="Организатор – Министерство культуры Республики Татарстан"),
        title=AUTHOR_TITLE,
    )
    assert found.reporting_region == "RU-SPE"
    assert found.events[0].responsible_bodies == ()


def test_no_responsible_body_is_invented(reference) -> None:
    found = report(reference, "Культура", row(), title=AUTHOR_TITLE)
    assert found.events[0].responsible_bodies == ()
    assert not found.names_responsible_bodies


# --- counts and attendance in these reports' phrasings (issue 18, item 4) --------------------


def test_delegation_and_a_bracketed_attendance_note_in_a_plain_table(reference) -> None:
    found = report(
        reference,
        "Культура и туризм",
        row(
            venue="г. Москва (смешанный формат: очно и онлайн)",
            participants="Делегация в составе 21 человека",
        ),
        row(
            name="Первенство по самбо",
            venue="дистанционно / г. Тверь",
            participants="120 спортсменов, в том числе команда Санкт-Петербурга – 18 спортсменов",
        ),
        title=AUTHOR_TITLE,
    )
    first, second = found.events
    places = {place.key: place for place in found.places}
    assert first.attendance == "mixed"
    assert first.counts.delegation is not None
    assert first.counts.delegation.value == 21
    assert first.counts.participants is None
    assert "ru-mow" in first.locations  # Moscow, a federal city, is its own region
    # the bracket is the virtual location's label, never glued to a physical place's name
    assert not [p.name for p in places.values() if p.kind != "virtual" and "формат" in p.name]
    assert second.attendance == "mixed"
    assert "ru-tve/tver" in second.locations
    assert second.counts.participants is not None
    assert second.counts.participants.value == 120
    assert second.counts.delegation is not None
    assert second.counts.delegation.value == 18


# --- a release of such reports --------------------------------------------------------------


def test_a_release_of_plain_tables_builds_and_conforms(tmp_path) -> None:
    # the build validates before it writes: exit 0 is a conforming release
    lines = [
        AUTHOR_TITLE,
        "",
        *(f"\t{c}" for c in PLAIN),
        "",
        "\tРаздел 1. Образование и наука",
        "",
    ]
    for cell in row(result="Проведена. Организатор – Комитет по науке и высшей школе"):
        lines.append(f"\t{cell}")
    lines.append("")
    lines += ["\tКультура и туризм", ""]
    for cell in row(name="Выставка «Два города»", date="12-13.05.2022"):
        lines.append(f"\t{cell}")
    source = tmp_path / "plain.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), "--no-pages"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["validate", str(out / "dataset.ttl")])
    assert result.exit_code == 0, result.output
    coverage = CliRunner().invoke(
        cli, ["query", "plan-item-coverage", "--data", str(out / "dataset.trig"), "--format", "csv"]
    )
    assert coverage.exit_code == 0, coverage.output
    assert "ru-spe_ru-ta_2022-2024,не указан,2022,2" in coverage.output
    with (out / "events.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["plan_items"], r["theme"]) for r in rows] == [
        ("", "Раздел 1. Образование и наука"),
        ("", "Культура и туризм"),
    ]
