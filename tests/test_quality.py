"""Data-quality measures (quality.py): exact values on hand-made reports counted by hand, the
seed's and a built release's values against the build's own counters, the catalogue and the
index page stating them, and report text staying text in the «Качество данных» section."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF, XSD

from roadmap_kg.model import (
    Count,
    Counts,
    DatePrecision,
    DateSpan,
    Event,
    Organization,
    Place,
    Report,
    Roadmap,
    SourceRef,
    Warning_,
)
from roadmap_kg.pipeline import BuildResult, build
from roadmap_kg.publish.site.quality import shown
from roadmap_kg.quality import (
    METRICS,
    METRICS_BY_IRI,
    Measured,
    Measurements,
    compared,
    measure,
    stated,
)
from roadmap_kg.rdf import report_graph_iri
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings
from roadmap_kg.vocab import RM, SCHEMA
from test_site import build_site, make_release
from test_site_escaping import ATTACK, Parsed

from conftest import MULTI_SOURCES, SEED

DQV = Namespace("http://www.w3.org/ns/dqv#")
IN_FILE = "administratsiya-smolenskoy-oblasti"  # an entry of data/reference/organisations.csv
ROADMAP = Roadmap(("RU-SMO", "RU-SPE"), 2021, 2023)
NO_COUNTS = Counts()
HEADER = ("№", "Наименование", "Сроки", "Место", "Участники")  # participants: column 4


def event(
    row: int,
    precision: DatePrecision,
    participants_cell: str,
    *,
    locations: tuple[str, ...] = (),
    hosts: tuple[str, ...] = (),
    organizers: tuple[str, ...] = (),
    participants: tuple[str, ...] = (),
    counts: Counts = NO_COUNTS,
) -> Event:
    day = date(2021, 4, 8)
    return Event(
        plan_items=("1.1",),
        name=f"Мероприятие {row}",
        date=DateSpan(day, day, precision, "8 апреля 2021"),
        attendance="offline",
        locations=locations,
        hosts=hosts,
        organizers=organizers,
        participants=participants,
        sponsors=(),
        counts=counts,
        kind="meeting",
        description="",
        responsible_bodies=(IN_FILE,),  # never counted: every event of a report has one
        source=SourceRef("hand.txt", row, row),
        cells=("1.1", f"Мероприятие {row}", "8 апреля 2021", "", participants_cell),
    )


PLACES = (
    Place("ru-smo", "Смоленская область", "region", iso_code="RU-SMO"),
    Place("ru-smo/smolensk", "Смоленск", "city", parent="ru-smo"),
    Place("ru-smo/smolensk/muzey", "Музей", "venue", parent="ru-smo/smolensk"),
    Place("online/zoom", "Zoom", "virtual"),
)
ORGANISATIONS = (
    Organization(IN_FILE, "Администрация Смоленской области", location="ru-smo"),
    Organization("klub-b", "Клуб Б"),  # not in the file, not placed
    Organization("tsentr-v", "Центр В", location="ru-smo/smolensk"),  # not in the file, placed
)


def hand_report() -> Report:
    """Four events, counted by hand in the comments of test_a_hand_made_report."""
    events = (
        event(1, "day", "более 100 участников", locations=("ru-smo/smolensk/muzey",),
              hosts=(IN_FILE,), counts=Counts(participants=Count(100, "более"))),
        event(2, "day", "15 школьников", locations=("ru-smo",), organizers=("klub-b",),
              participants=(IN_FILE,)),
        event(3, "month", "2 группы студентов"),
        event(4, "quarter", "", locations=("online/zoom",), participants=("tsentr-v",),
              counts=Counts(visitors=Count(50))),
    )  # fmt: skip
    warnings = tuple(
        Warning_(SourceRef("hand.txt", n, n), "unread", "date-unreadable") for n in (1, 2, 2)
    )
    return Report(
        title="Отчёт",
        roadmap=ROADMAP,
        year=2021,
        reporting_region="RU-SMO",
        source_file="hand.txt",
        events=events,
        organisations=ORGANISATIONS,
        places=PLACES,
        warnings=warnings,
        participants_column=HEADER.index("Участники"),
    )


def values(measured: Measured) -> dict[str, str]:
    return {m.metric.slug: str(m.value) for m in measured.measurements}


def test_a_hand_made_report(reference: Reference) -> None:
    quality = measure([hand_report()], reference)
    (report,) = quality.reports
    assert report.iri == report_graph_iri(hand_report())
    assert values(report) == {
        "day-precise-dates": "0.5000",  # events 1, 2 of 4
        "resolved-places": "0.5000",  # 1 (a venue), 4 (online); 2 is a region only, 3 none
        "placed-organisations": "0.7500",  # 1, 2 (the placed participant), 4
        "named-hosts-or-organisers": "0.5000",  # 1 (host), 2 (organiser)
        "counts-from-numbers": "0.3333",  # 1 of 1, 2, 3 (4's cell has no digit)
        "authority-organisations": "0.3333",  # 1 of 3
        "warnings-per-100-rows": "75.00",  # 3 warnings on 4 rows
    }
    assert values(quality.release) == values(report)
    (counts,) = (m for m in report.measurements if m.metric.slug == "counts-from-numbers")
    assert (counts.numerator, counts.denominator) == (1, 3)


def test_the_release_pools_events_and_distinct_organisations(reference: Reference) -> None:
    second = replace(
        hand_report(),
        year=2022,
        events=(event(9, "day", "", hosts=(IN_FILE,)),),
        organisations=ORGANISATIONS[:1],
        warnings=(),
        participants_column=None,  # no participants column: counts are not measured
    )
    empty = replace(hand_report(), year=2023, events=(), organisations=(), warnings=())
    quality = measure([hand_report(), second, empty], reference)
    assert values(quality.reports[1]) == {
        "day-precise-dates": "1.0000",
        "resolved-places": "0.0000",
        "placed-organisations": "1.0000",  # its host is placed
        "named-hosts-or-organisers": "1.0000",
        "authority-organisations": "1.0000",
        "warnings-per-100-rows": "0.00",
    }
    assert values(quality.reports[2]) == {}  # nothing to divide by: nothing stated
    assert values(quality.release) == {
        "day-precise-dates": "0.6000",  # 3 of 5 events
        "resolved-places": "0.4000",
        "placed-organisations": "0.8000",
        "named-hosts-or-organisers": "0.6000",
        "counts-from-numbers": "0.3333",
        "authority-organisations": "0.3333",  # the same three organisations
        "warnings-per-100-rows": "60.00",  # 3 on 5 rows
    }


def test_values_are_russian_percentages_on_pages() -> None:
    share, rate = METRICS_BY_IRI[RM.dayPreciseDates], METRICS_BY_IRI[RM.warningsPer100Rows]
    assert shown(share, Decimal("0.9375")) == "93,8\u00a0%"
    assert shown(share, Decimal("1.0000")) == "100,0\u00a0%"
    assert shown(rate, Decimal("145.71")) == "145,71"


def test_metrics_have_distinct_slugs_and_one_direction_each() -> None:
    assert len({m.slug for m in METRICS}) == len({m.iri for m in METRICS}) == len(METRICS) == 7
    assert [m.iri for m in METRICS if not m.higher_is_better] == [RM.warningsPer100Rows]


def check_against_counters(result: BuildResult, quality: Measurements) -> None:
    """The release's values agree with what the build itself counted."""
    found = {m.metric.iri: m for m in quality.release.measurements}
    events = result.events
    assert found[RM.warningsPer100Rows].value == round(
        Decimal(len(result.warnings) * 100) / events, 2
    )
    authority = found[RM.authorityOrganisations]
    assert authority.denominator == result.organisations
    assert authority.numerator == result.organisations - len(result.new_organisations)
    dated = found[RM.dayPreciseDates]
    assert dated.denominator == events
    assert dated.numerator <= events - result.dates_as_text
    for measured in (quality.release, *quality.reports):
        assert {m.metric for m in measured.measurements} <= set(METRICS)
        for m in measured.measurements:
            if m.metric.iri != RM.warningsPer100Rows:
                assert 0 <= m.numerator <= m.denominator
                assert 0 <= m.value <= 1


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """The seed and the four fixture reports (with warnings, unknown bodies, unread dates)
    built as a user builds them, without pages."""
    out = tmp_path_factory.mktemp("quality") / "dist"
    result = build(Settings(sources=MULTI_SOURCES, out_dir=out, pages=False))
    assert result.files
    return result, out


def test_a_built_release_agrees_with_the_builds_counters(
    built: tuple[BuildResult, Path], reference: Reference
) -> None:
    result, out = built
    quality = measure(result.reports, reference)
    check_against_counters(result, quality)
    assert result.warnings
    assert result.new_organisations
    # the catalogue states exactly these values
    catalog = Graph().parse(out / "catalog.ttl", format="turtle")
    (dataset,) = catalog.subjects(RDF.type, DCAT.Dataset)
    for measured in (quality.release, *quality.reports):
        subject = URIRef(measured.iri) if measured.iri else dataset
        in_catalog = {
            catalog.value(node, DQV.isMeasurementOf): catalog.value(node, DQV.value)
            for node in catalog.objects(subject, DQV.hasQualityMeasurement)
        }
        assert in_catalog == {
            m.metric.iri: Literal(str(m.value), datatype=XSD.decimal) for m in measured.measurements
        }
    assert len(set(catalog.subjects(RDF.type, DQV.QualityMeasurement))) == sum(
        len(m.measurements) for m in (quality.release, *quality.reports)
    )
    # ... and reads them back as they were measured (as a later release compares with them)
    assert stated(catalog) == {
        measured.iri or str(dataset): {m.metric.iri: m.value for m in measured.measurements}
        for measured in (quality.release, *quality.reports)
    }


def test_a_change_is_better_or_worse_by_the_metrics_direction() -> None:
    share, rate = METRICS_BY_IRI[RM.dayPreciseDates], METRICS_BY_IRI[RM.warningsPer100Rows]
    assert compared(share, Decimal("0.5000"), Decimal("0.7500")) == "better"
    assert compared(share, Decimal("0.7500"), Decimal("0.5000")) == "worse"
    assert compared(rate, Decimal("75.00"), Decimal("60.00")) == "better"
    assert compared(rate, Decimal("60.00"), Decimal("75.00")) == "worse"
    assert compared(rate, Decimal("60.00"), Decimal("60.0")) == "same"


def test_the_seed_has_every_measure_in_range(reference: Reference, seed_report: Report) -> None:
    quality = measure([seed_report], reference)
    assert {m.metric for m in quality.release.measurements} == set(METRICS)
    for m in quality.release.measurements:
        assert m.metric.iri == RM.warningsPer100Rows or 0 <= m.value <= 1


def test_the_index_page_shows_quality_and_keeps_report_text_as_text(
    tmp_path: Path, reference: Reference
) -> None:
    release = make_release((SEED,))
    quality = measure(release.reports, reference)
    (report,) = quality.reports
    release.graph.set((URIRef(report.iri), SCHEMA.name, Literal(ATTACK, lang="ru")))
    folder = tmp_path / "dist"
    build_site(replace(release, quality=quality), folder)
    text = (folder / "site" / "index.html").read_text(encoding="utf-8")
    section = text.split('<section id="quality">', 1)[1].split("</section>", 1)[0]
    for metric in METRICS:
        assert metric.ru in section
    for m in quality.release.measurements:
        assert f'data-value="{m.value}">{shown(m.metric, m.value)}</td>' in section
    parsed = Parsed(section)
    assert "img" not in {tag for tag, _ in parsed.tags}
    assert "&lt;/script&gt;&lt;body&gt;" in section
    # without measurements, no section
    build_site(release, tmp_path / "plain")
    assert 'id="quality"' not in (tmp_path / "plain" / "site" / "index.html").read_text("utf-8")
