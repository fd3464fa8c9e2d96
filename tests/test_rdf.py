"""Model → RDF, compared as graphs (rdflib.compare), with the diff printed on failure."""

from __future__ import annotations

from datetime import date

import pyoxigraph
from rdflib import Graph, Namespace
from rdflib.compare import graph_diff, to_isomorphic

from roadmap_kg.model import (
    Count,
    Counts,
    DateSpan,
    Event,
    Organization,
    Place,
    Report,
    Roadmap,
    SourceRef,
)
from roadmap_kg.rdf import KIND_CLASSES, to_graph
from roadmap_kg.settings import resource_dir
from roadmap_kg.validate import load_shapes, validate
from roadmap_kg.vocab import RM

BASE = "http://example.org/id/"

REPORT = Report(
    title="Отчет об исполнении в 2021 году Плана мероприятий между А и Б на 2021-2023 годы",
    roadmap=Roadmap(
        ("RU-SMO", "RU-SPE"), 2021, 2023, name="План мероприятий между А и Б на 2021-2023 годы"
    ),
    year=2021,
    reporting_region="RU-SMO",
    source_file="r.txt",
    events=(
        Event(
            plan_items=("4.2",),
            name="Конференция «Наука»",
            date=DateSpan(date(2021, 4, 8), date(2021, 4, 9), "day", "8-9 апреля 2021 года"),
            attendance="offline",
            locations=("ru-spe/spbu",),
            hosts=("spbu",),
            organizers=(),
            participants=("smolgu",),
            sponsors=(),
            counts=Counts(participants=Count(700, "более"), delegation=Count(3)),
            kind="conference",
            description="Участие в мероприятии",
            responsible_bodies=("dep",),
            source=SourceRef("r.txt", 14, 19),
            cells=("4.2", "Конференция «Наука»"),
        ),
    ),
    organisations=(
        Organization("dep", "Департамент Смоленской области по образованию", location="ru-smo"),
        Organization(
            "smolgu",
            "Смоленский государственный университет",
            alt_labels=("ФГБОУ ВО «Смоленский государственный университет»",),
            legal_form="ФГБОУ ВО",
            org_type="university",
            location="ru-smo",
            same_as=("http://www.wikidata.org/entity/Q4424975",),
        ),
        Organization("spbu", "Санкт-Петербургский государственный университет", location="ru-spe"),
    ),
    places=(
        Place("ru-smo", "Смоленская область", "region", iso_code="RU-SMO"),
        Place("ru-spe", "Санкт-Петербург", "region", iso_code="RU-SPE", federal_city=True),
        Place(
            "ru-spe/spbu",
            "Санкт-Петербургский государственный университет",
            "venue",
            parent="ru-spe",
        ),
    ),
)

EXPECTED = """
@prefix id: <http://example.org/id/> .
@prefix rm: <https://w3id.org/roadmap-kg/ontology#> .
@prefix rmk: <https://w3id.org/roadmap-kg/ontology/kind/> .
@prefix rmp: <https://w3id.org/roadmap-kg/ontology/precision/> .
@prefix schema: <https://schema.org/> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix p-plan: <http://purl.org/net/p-plan#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<http://example.org/id/roadmap/ru-smo_ru-spe_2021-2023> a rm:Roadmap ;
    schema:name "План мероприятий между А и Б на 2021-2023 годы"@ru ;
    rm:party <http://example.org/id/place/ru-smo>, <http://example.org/id/place/ru-spe> ;
    rm:startYear "2021"^^xsd:gYear ; rm:endYear "2023"^^xsd:gYear .

<http://example.org/id/roadmap/ru-smo_ru-spe_2021-2023/item/4.2> a rm:PlanItem ;
    rm:code "4.2" ; rdfs:label "Пункт 4.2"@ru ;
    rm:roadmap <http://example.org/id/roadmap/ru-smo_ru-spe_2021-2023> ;
    p-plan:isStepOfPlan <http://example.org/id/roadmap/ru-smo_ru-spe_2021-2023> .

<http://example.org/id/report/ru-smo_ru-spe_2021-2023/2021/ru-smo> a rm:ImplementationReport ;
    schema:name "Отчет об исполнении в 2021 году Плана мероприятий между А и Б на 2021-2023 годы"@ru ;
    rm:roadmap <http://example.org/id/roadmap/ru-smo_ru-spe_2021-2023> ;
    rm:reportingYear "2021"^^xsd:gYear ;
    rm:reportingRegion <http://example.org/id/place/ru-smo> ;
    dcterms:source "r.txt" .

<http://example.org/id/event/ru-smo_ru-spe_2021-2023/2021/ru-smo/2021-04-08-konferentsiya-nauka>
    a schema:Event, cv:PublicEvent, schema:EducationEvent ;
    schema:name "Конференция «Наука»"@ru ;
    schema:description "Участие в мероприятии"@ru ;
    schema:startDate "2021-04-08"^^xsd:date ; schema:endDate "2021-04-09"^^xsd:date ;
    rm:datePrecision rmp:day ; rm:dateText "8-9 апреля 2021 года" ;
    schema:eventAttendanceMode schema:OfflineEventAttendanceMode ;
    schema:location <http://example.org/id/place/ru-spe/spbu> ;
    rm:host <http://example.org/id/org/spbu> ;
    schema:attendee <http://example.org/id/org/smolgu> ;
    rm:participantCount "700"^^xsd:nonNegativeInteger ;
    rm:delegationSize "3"^^xsd:nonNegativeInteger ;
    rm:countQualifier "более" ;
    rm:kind rmk:conference ;
    rm:planItem <http://example.org/id/roadmap/ru-smo_ru-spe_2021-2023/item/4.2> ;
    rm:responsibleBody <http://example.org/id/org/dep> ;
    rm:report <http://example.org/id/report/ru-smo_ru-spe_2021-2023/2021/ru-smo> ;
    prov:wasDerivedFrom <http://example.org/id/source/r.txt/L14-19> .

<http://example.org/id/source/r.txt/L14-19> a rm:SourceRow ;
    rm:sourceFile "r.txt" ;
    rm:firstLine "14"^^xsd:positiveInteger ; rm:lastLine "19"^^xsd:positiveInteger ;
    rm:sourceText "4.2\tКонференция «Наука»" .

<http://example.org/id/org/dep> a schema:Organization ;
    schema:name "Департамент Смоленской области по образованию"@ru ;
    schema:location <http://example.org/id/place/ru-smo> .
<http://example.org/id/org/smolgu> a schema:Organization ;
    schema:name "Смоленский государственный университет"@ru ;
    skos:altLabel "ФГБОУ ВО «Смоленский государственный университет»"@ru ;
    rm:legalForm "ФГБОУ ВО" ; rm:organizationType "university" ;
    schema:location <http://example.org/id/place/ru-smo> ;
    owl:sameAs <http://www.wikidata.org/entity/Q4424975> .
<http://example.org/id/org/spbu> a schema:Organization ;
    schema:name "Санкт-Петербургский государственный университет"@ru ;
    schema:location <http://example.org/id/place/ru-spe> .

<http://example.org/id/place/ru-smo> a schema:Place, schema:AdministrativeArea ;
    schema:name "Смоленская область"@ru ; rm:isoCode "RU-SMO" .
<http://example.org/id/place/ru-spe> a schema:Place, schema:AdministrativeArea, schema:City ;
    schema:name "Санкт-Петербург"@ru ; rm:isoCode "RU-SPE" .
<http://example.org/id/place/ru-spe/spbu> a schema:Place ;
    schema:name "Санкт-Петербургский государственный университет"@ru ;
    schema:containedInPlace <http://example.org/id/place/ru-spe> .
"""


def assert_same_graph(actual: Graph, expected: Graph) -> None:
    iso_actual, iso_expected = to_isomorphic(actual), to_isomorphic(expected)
    if iso_actual != iso_expected:
        _, only_actual, only_expected = graph_diff(iso_actual, iso_expected)
        lines = ["only in actual:"] + sorted(f"  {t}" for t in only_actual)
        lines += ["only in expected:"] + sorted(f"  {t}" for t in only_expected)
        raise AssertionError("\n".join(lines))


def test_a_report_maps_to_exactly_the_expected_graph() -> None:
    assert_same_graph(to_graph([REPORT], BASE), Graph().parse(data=EXPECTED, format="turtle"))


def test_the_small_report_conforms_to_the_shapes() -> None:
    result = validate(to_graph([REPORT], BASE), load_shapes(resource_dir("shapes")))
    assert result.conforms, [str(v) for v in result.violations]


def test_two_reports_share_organisations_and_places_with_all_spellings() -> None:
    second = Report(
        **{
            **REPORT.__dict__,
            "year": 2022,
            "organisations": (
                Organization(
                    "smolgu",
                    "Смоленский государственный университет",
                    alt_labels=("Смоленского государственного университета",),
                    legal_form="ФГБОУ ВО",
                    org_type="university",
                    location="ru-smo",
                    same_as=("http://www.wikidata.org/entity/Q4424975",),
                ),
            ),
        }
    )
    graph = to_graph([REPORT, second], BASE)
    smolgu = Namespace(BASE + "org/")["smolgu"]
    labels = {
        str(label)
        for label in graph.objects(
            smolgu, Namespace("http://www.w3.org/2004/02/skos/core#")["altLabel"]
        )
    }
    assert labels == {
        "ФГБОУ ВО «Смоленский государственный университет»",
        "Смоленского государственного университета",
    }
    assert len(list(graph.subjects(predicate=RM.reportingYear))) == 2
    assert len(list(graph.objects(smolgu, Namespace("https://schema.org/")["name"]))) == 1


def test_kind_classes_are_the_ontologys_event_classes() -> None:
    ontology = Graph().parse(resource_dir("ontology") / "roadmap.ttl")
    stated = {
        str(concept).rsplit("/", 1)[-1]: cls
        for concept, cls in ontology.subject_objects(RM.eventClass)
    }
    assert stated == {kind: cls for kind, cls in KIND_CLASSES.items() if cls is not None}


def test_seed_graph_conforms_and_reads_the_same_in_pyoxigraph(seed_graph: Graph) -> None:
    result = validate(seed_graph, load_shapes(resource_dir("shapes")))
    assert result.conforms, [str(v) for v in result.violations]
    data = seed_graph.serialize(format="turtle", encoding="utf-8")
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(seed_graph) == len(Graph().parse(data=data, format="turtle"))
