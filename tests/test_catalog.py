"""catalog.ttl (DCAT-AP 3.0.1) and void.ttl of the seed release: they conform to the official
DCAT-AP shapes, describe the files on disk exactly, and count what the data really has (the
counts are recomputed here with SPARQL over dataset.ttl, not with the code under test)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from roadmap_kg.pipeline import extract
from roadmap_kg.publish.catalog import catalog_graph, void_graph, write_catalog, write_void
from roadmap_kg.publish.config import load_config
from roadmap_kg.publish.model import Release
from roadmap_kg.publish.passport import write_passport
from roadmap_kg.publish.release import DATA_FILES, write_data
from roadmap_kg.quality import METRICS, METRICS_BY_IRI, measure
from roadmap_kg.rdf import to_graph
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings

from conftest import ROOT, SEED

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
RM = Namespace("https://w3id.org/roadmap-kg/ontology#")
DCAT_AP_SHAPES = ROOT / "data" / "reference" / "dcat-ap-3.0.1" / "dcat-ap-SHACL.ttl"
CONFIG = tomllib.loads((ROOT / "data" / "release.toml").read_text(encoding="utf-8"))
TOML, PUBLISHER, CONTACT = CONFIG["dataset"], CONFIG["publisher"], CONFIG["contact"]
LANDING = TOML["landing_page"]
# one dataset IRI per release: <landing page>dataset/<version>
DATASET = URIRef(LANDING + "dataset/" + TOML["version"])
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
SHAPES = "https://w3id.org/roadmap-kg/shapes"  # the IRI shapes/roadmap.ttl gives itself
PREFIXES = """
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX owl:    <http://www.w3.org/2002/07/owl#>
PREFIX schema: <https://schema.org/>
PREFIX rm:     <https://w3id.org/roadmap-kg/ontology#>
"""

# The terms of controlled vocabularies the catalogue uses, typed and labelled as their
# publishers' own files (the EU Publications Office's authority tables, IANA's media types,
# the SPDX ontology) type and label them. A portal that harvests DCAT-AP has these
# vocabularies loaded; the DCAT-AP shapes check the class of every dcat:theme (skos:Concept),
# dcat:themeTaxonomy (skos:ConceptScheme), dct:accrualPeriodicity (dct:Frequency),
# dct:language (dct:LinguisticSystem), dct:format (dct:MediaTypeOrExtent), dcat:mediaType
# (dct:MediaType) and spdx:algorithm (spdx:ChecksumAlgorithm), so without them every such
# value would be a violation. Nothing else is added: catalog.ttl itself types what is ours
# (landing page, shapes, places) and the CC licence, which no EU table lists.
VOCABULARIES = """
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix spdx:    <http://spdx.org/rdf/terms#> .
@prefix theme:   <http://publications.europa.eu/resource/authority/data-theme/> .
@prefix ft:      <http://publications.europa.eu/resource/authority/file-type/> .
@prefix lang:    <http://publications.europa.eu/resource/authority/language/> .
@prefix iana:    <http://www.iana.org/assignments/media-types/> .

<http://publications.europa.eu/resource/authority/data-theme> a skos:ConceptScheme ;
    dcterms:title "Data theme"@en .
theme:EDUC a skos:Concept ; skos:prefLabel "Education, culture and sport"@en .
theme:GOVE a skos:Concept ; skos:prefLabel "Government and public sector"@en .
theme:REGI a skos:Concept ; skos:prefLabel "Regions and cities"@en .
theme:SOCI a skos:Concept ; skos:prefLabel "Population and society"@en .

<http://publications.europa.eu/resource/authority/frequency/ANNUAL>
    a skos:Concept , dcterms:Frequency ; skos:prefLabel "annual"@en .

lang:RUS a skos:Concept , dcterms:LinguisticSystem ; skos:prefLabel "Russian"@en .
lang:ENG a skos:Concept , dcterms:LinguisticSystem ; skos:prefLabel "English"@en .

ft:RDF_TURTLE a skos:Concept , dcterms:MediaTypeOrExtent ; skos:prefLabel "RDF Turtle"@en .
ft:RDF_N_TRIPLES a skos:Concept , dcterms:MediaTypeOrExtent ; skos:prefLabel "RDF N-Triples"@en .
ft:RDF_TRIG a skos:Concept , dcterms:MediaTypeOrExtent ; skos:prefLabel "RDF TriG"@en .
ft:JSON_LD a skos:Concept , dcterms:MediaTypeOrExtent ; skos:prefLabel "JSON-LD"@en .
ft:JSON a skos:Concept , dcterms:MediaTypeOrExtent ; skos:prefLabel "JSON"@en .
ft:CSV a skos:Concept , dcterms:MediaTypeOrExtent ; skos:prefLabel "CSV"@en .

<http://www.iana.org/assignments/media-types/text/turtle> a dcterms:MediaType .
<http://www.iana.org/assignments/media-types/application/n-triples> a dcterms:MediaType .
<http://www.iana.org/assignments/media-types/application/trig> a dcterms:MediaType .
<http://www.iana.org/assignments/media-types/application/ld+json> a dcterms:MediaType .
<http://www.iana.org/assignments/media-types/application/csvm+json> a dcterms:MediaType .
<http://www.iana.org/assignments/media-types/text/csv> a dcterms:MediaType .

spdx:checksumAlgorithm_sha256 a spdx:ChecksumAlgorithm .
"""

# Writes a whole release (data, passport, catalogue) into argv[1]: run in fresh interpreters
# with different hash seeds to show the output does not depend on set and dict order.
BUILD = textwrap.dedent(
    f"""
    import sys
    from pathlib import Path
    from roadmap_kg.pipeline import extract
    from roadmap_kg.publish.catalog import write_catalog
    from roadmap_kg.publish.config import load_config
    from roadmap_kg.publish.passport import write_passport
    from roadmap_kg.publish.model import Release
    from roadmap_kg.publish.release import write_data
    from roadmap_kg.quality import measure
    from roadmap_kg.rdf import to_graph
    from roadmap_kg.reference import Reference
    from roadmap_kg.settings import Settings

    s = Settings(sources=(Path({str(SEED)!r}),), config_path=Path({str(ROOT / "data" / "release.toml")!r}))
    reference = Reference(s.reference_dir)
    reports = extract(s, reference)
    release = Release(reports=reports, graph=to_graph(reports, s.base_iri),
                      config=load_config(s.config_path), base_iri=s.base_iri,
                      ontology_dir=s.ontology_dir, shapes_dir=s.shapes_dir,
                      quality=measure(reports, reference, s.base_iri))
    out = Path(sys.argv[1])
    files, _ = write_data(release, out)
    files += write_passport(release, out, files)
    write_catalog(release, out, files)
    """
)


def make_release() -> Release:
    settings = Settings(sources=(SEED,), config_path=ROOT / "data" / "release.toml")
    reference = Reference(settings.reference_dir)
    reports = extract(settings, reference)
    return Release(
        reports=reports,
        graph=to_graph(reports, settings.base_iri),
        config=load_config(settings.config_path),
        base_iri=settings.base_iri,
        ontology_dir=settings.ontology_dir,
        shapes_dir=settings.shapes_dir,
        quality=measure(reports, reference, settings.base_iri),
    )


@pytest.fixture(scope="module")
def release() -> Release:
    return make_release()


@pytest.fixture(scope="module")
def built(release: Release, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """A release folder, and the files its catalogue describes: data files and passport."""
    out = tmp_path_factory.mktemp("release")
    files, _ = write_data(release, out)
    files += write_passport(release, out, files)
    assert write_catalog(release, out, files) == [out / "catalog.ttl", out / "void.ttl"]
    return out, files


@pytest.fixture(scope="module")
def folder(built: tuple[Path, list[Path]]) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def files(built: tuple[Path, list[Path]]) -> list[Path]:
    return built[1]


@pytest.fixture(scope="module")
def catalog(folder: Path) -> Graph:
    return Graph().parse(folder / "catalog.ttl", format="turtle")


@pytest.fixture(scope="module")
def void(folder: Path) -> Graph:
    return Graph().parse(folder / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def data(folder: Path) -> Graph:
    """The published data, read back from dataset.ttl."""
    return Graph().parse(folder / "dataset.ttl", format="turtle")


def one(graph: Graph, query: str) -> int:
    (row,) = graph.query(PREFIXES + query)
    return int(row[0])  # type: ignore[index]


# --- DCAT-AP ------------------------------------------------------------------------------


def test_catalog_conforms_to_the_dcat_ap_3_0_1_shapes(catalog: Graph) -> None:
    shapes = Graph().parse(DCAT_AP_SHAPES, format="turtle")
    vocabularies = Graph().parse(data=VOCABULARIES, format="turtle")
    conforms, _, text = validate(catalog + vocabularies, shacl_graph=shapes)
    assert conforms, text
    # ... with the data-quality measurements of the dataset and of its report in it
    assert len(set(catalog.subjects(RDF.type, DQV.QualityMeasurement))) == 2 * len(METRICS)


def test_without_the_vocabularies_only_controlled_vocabulary_classes_are_missing(
    catalog: Graph,
) -> None:
    """The added graph hides nothing but the type of vocabulary terms."""
    shapes = Graph().parse(DCAT_AP_SHAPES, format="turtle")
    conforms, report, _ = validate(catalog, shacl_graph=shapes)
    assert not conforms
    sh = Namespace("http://www.w3.org/ns/shacl#")
    values = {report.value(r, sh.value) for r in report.subjects(RDF.type, sh.ValidationResult)}
    controlled = (EU, IANA, str(SPDX))
    assert values
    assert all(str(v).startswith(controlled) for v in values), values


# --- DQV ----------------------------------------------------------------------------------


def measurements(catalog: Graph, subject: URIRef) -> dict[URIRef, Literal]:
    """The value of each metric measured on subject, asserting one measurement per metric."""
    found: dict[URIRef, Literal] = {}
    for node in catalog.objects(subject, DQV.hasQualityMeasurement):
        assert (node, RDF.type, DQV.QualityMeasurement) in catalog
        assert set(catalog.objects(node, DQV.computedOn)) == {subject}
        (metric,) = catalog.objects(node, DQV.isMeasurementOf)
        (value,) = catalog.objects(node, DQV.value)
        assert isinstance(metric, URIRef)
        assert isinstance(value, Literal)
        assert metric not in found, metric
        assert node == URIRef(f"{subject}#quality-{METRICS_BY_IRI[metric].slug}")
        found[metric] = value
    return found


def test_the_dataset_has_one_measurement_per_metric(catalog: Graph, data: Graph) -> None:
    """Each value as SPARQL over dataset.ttl counts it, not as the code under test does."""
    found = measurements(catalog, DATASET)
    assert set(found) == {metric.iri for metric in METRICS}
    for metric, value in found.items():
        assert value.datatype == XSD.decimal
        places = 2 if metric == RM.warningsPer100Rows else 4
        assert len(str(value).split(".")[1]) == places, value
        assert metric == RM.warningsPer100Rows or 0 <= value.toPython() <= 1
    events = one(data, "SELECT (COUNT(?e) AS ?n) { ?e a schema:Event }")
    day = one(
        data,
        "SELECT (COUNT(?e) AS ?n) { ?e rm:datePrecision ?p . FILTER(STRENDS(STR(?p), '/day')) }",
    )
    named = one(data, "SELECT (COUNT(DISTINCT ?e) AS ?n) { ?e rm:host|schema:organizer ?o }")
    assert found[RM.dayPreciseDates].toPython() == round(Decimal(day) / events, 4)
    assert found[RM.namedHostsOrOrganisers].toPython() == round(Decimal(named) / events, 4)


def test_each_report_has_one_measurement_per_metric(catalog: Graph, data: Graph) -> None:
    reports = set(data.subjects(RDF.type, RM.ImplementationReport))
    assert reports
    for report in reports:
        assert isinstance(report, URIRef)
        assert set(measurements(catalog, report)) == {metric.iri for metric in METRICS}


def test_every_metric_measured_is_a_metric_of_the_ontology(
    catalog: Graph, release: Release
) -> None:
    ontology = Graph().parse(release.ontology_dir / "roadmap.ttl", format="turtle")
    measured = set(catalog.objects(None, DQV.isMeasurementOf))
    assert measured == {metric.iri for metric in METRICS}
    for metric in measured:
        assert (metric, RDF.type, DQV.Metric) in ontology, metric
        assert (metric, DQV.expectedDataType, XSD.decimal) in ontology, metric
        assert any(ontology.objects(metric, DQV.inDimension)), metric
        labels = {(label.language, str(label)) for label in ontology.objects(metric, RDFS.label)}
        code = METRICS_BY_IRI[metric]
        assert labels == {("ru", code.ru), ("en", code.en)}, metric
        direction = ontology.value(metric, RM.higherIsBetter)
        assert direction is not None
        assert direction.toPython() is code.higher_is_better
        for dimension in ontology.objects(metric, DQV.inDimension):
            assert (dimension, RDF.type, DQV.Dimension) in ontology
            assert any(
                (category, RDF.type, DQV.Category) in ontology
                for category in ontology.objects(dimension, DQV.inCategory)
            )


def test_catalog_has_no_blank_nodes(catalog: Graph, void: Graph) -> None:
    for graph in (catalog, void):
        assert not [t for t in graph if any(isinstance(x, BNode) for x in t)]


def test_catalog_files_are_the_graphs_made_written_with_prefixes(
    release: Release, folder: Path, files: list[Path], catalog: Graph, void: Graph
) -> None:
    """catalog.ttl and void.ttl are written by the dumps' Turtle writer, not rdflib's: what
    they read back as is the graph made, triple for triple, its IRIs under the catalogue's
    namespaces written as prefixed names."""
    assert isomorphic(catalog, catalog_graph(release, files))
    assert isomorphic(void, void_graph(release, files))
    text = (folder / "catalog.ttl").read_text(encoding="utf-8")
    assert "@prefix dcat: <http://www.w3.org/ns/dcat#> ." in text
    assert "a dcat:Catalog" in text
    assert "<http://www.w3.org/ns/dcat#" not in text.split("\n\n", 1)[1]


def test_catalog_and_dataset_carry_the_config(catalog: Graph) -> None:
    dataset = DATASET
    cat = URIRef(LANDING + "catalog")
    assert (cat, RDF.type, DCAT.Catalog) in catalog
    assert (cat, DCAT.dataset, dataset) in catalog
    assert (cat, FOAF.homepage, URIRef(LANDING)) in catalog
    assert (cat, DCTERMS.license, URIRef(TOML["license"])) in catalog
    assert {(str(t), t.language) for t in catalog.objects(dataset, DCTERMS.title)} == {
        (TOML["title_ru"], "ru"),
        (TOML["title_en"], "en"),
    }
    assert {str(k) for k in catalog.objects(dataset, DCAT.keyword)} == set(TOML["keywords"])
    assert {k.language for k in catalog.objects(dataset, DCAT.keyword)} == {"ru"}
    assert set(catalog.objects(dataset, DCAT.theme)) == {
        URIRef(EU + "data-theme/" + code) for code in TOML["themes"]
    }
    assert catalog.value(dataset, DCTERMS.accrualPeriodicity) == URIRef(
        EU + "frequency/" + TOML["accrual_periodicity"]
    )
    assert catalog.value(dataset, DCTERMS.issued) == Literal(TOML["issued"], datatype=XSD.date)
    assert catalog.value(dataset, DCTERMS.modified) == Literal(TOML["modified"], datatype=XSD.date)
    assert catalog.value(dataset, DCAT.landingPage) == URIRef(LANDING)
    publisher = catalog.value(dataset, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in catalog
    assert (cat, DCTERMS.publisher, publisher) in catalog
    assert set(catalog.objects(publisher, FOAF.name)) == {
        Literal(PUBLISHER["name_ru"], lang="ru"),
        Literal(PUBLISHER["name_en"], lang="en"),
    }
    contact = catalog.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in catalog
    assert str(catalog.value(contact, VCARD.fn)) == CONTACT["name"]
    assert catalog.value(contact, VCARD.hasEmail) == URIRef("mailto:" + CONTACT["email"])
    assert catalog.value(dataset, DCTERMS.conformsTo) == URIRef(SHAPES)


def test_every_file_has_one_distribution_and_nothing_else_has(
    catalog: Graph, files: list[Path]
) -> None:
    dataset = DATASET
    distributions = set(catalog.objects(dataset, DCAT.distribution))
    assert distributions == set(catalog.subjects(RDF.type, DCAT.Distribution))
    downloads = {str(catalog.value(d, DCAT.downloadURL)) for d in distributions}
    assert downloads == {LANDING + path.name for path in files}
    assert len(distributions) == len(files) == len(DATA_FILES) + 3  # + the passport
    for d in distributions:
        assert catalog.value(d, DCAT.accessURL) == catalog.value(d, DCAT.downloadURL)
        assert str(d) == LANDING + "dist/" + str(catalog.value(d, DCAT.downloadURL))[len(LANDING) :]


def test_byte_size_and_sha256_match_the_files_on_disk(catalog: Graph, folder: Path) -> None:
    for distribution in catalog.subjects(RDF.type, DCAT.Distribution):
        name = str(catalog.value(distribution, DCAT.downloadURL))[len(LANDING) :]
        content = (folder / name).read_bytes()
        size = catalog.value(distribution, DCAT.byteSize)
        assert size == Literal(str(len(content)), datatype=XSD.nonNegativeInteger), name
        checksum = catalog.value(distribution, SPDX.checksum)
        assert catalog.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = catalog.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary, name  # type: ignore[union-attr]
        assert str(value) == hashlib.sha256(content).hexdigest(), name


@pytest.mark.parametrize(
    ("name", "media_type", "file_type", "conforms_to"),
    [
        ("dataset.ttl", "text/turtle", "RDF_TURTLE", SHAPES),
        ("dataset.nt", "application/n-triples", "RDF_N_TRIPLES", SHAPES),
        ("dataset.jsonld", "application/ld+json", "JSON_LD", SHAPES),
        ("dataset.trig", "application/trig", "RDF_TRIG", SHAPES),
        ("events.csv", "text/csv", "CSV", LANDING + "events.csv-metadata.json"),
        ("events.csv-metadata.json", "application/csvm+json", "JSON", None),
        ("meta.csv", "text/csv", "CSV", "http://opendata.gosmonitor.ru/standard/3.0"),
    ],
)
def test_distribution_formats(
    catalog: Graph, name: str, media_type: str, file_type: str, conforms_to: str | None
) -> None:
    distribution = URIRef(LANDING + "dist/" + name)
    assert catalog.value(distribution, DCAT.mediaType) == URIRef(IANA + media_type)
    assert catalog.value(distribution, DCTERMS.format) == URIRef(EU + "file-type/" + file_type)
    assert catalog.value(distribution, DCTERMS.license) == URIRef(TOML["license"])
    standards = set(catalog.objects(distribution, DCTERMS.conformsTo))
    assert standards == ({URIRef(conforms_to)} if conforms_to else set())


def test_temporal_coverage_is_first_start_to_last_end_of_the_events(
    catalog: Graph, data: Graph
) -> None:
    (row,) = data.query(
        PREFIXES + "SELECT (MIN(?s) AS ?first) (MAX(?e) AS ?last) WHERE "
        "{ ?x a schema:Event ; schema:startDate ?s ; schema:endDate ?e }"
    )
    period = catalog.value(DATASET, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in catalog
    assert catalog.value(period, DCAT.startDate) == row[0]  # type: ignore[index]
    assert catalog.value(period, DCAT.endDate) == row[1]  # type: ignore[index]
    assert str(row[0]) == "2021-01-01"  # type: ignore[index]


def test_spatial_coverage_is_the_roadmap_regions_and_their_wikidata_items(
    catalog: Graph, data: Graph
) -> None:
    expected = set()
    for (party,) in data.query(PREFIXES + "SELECT ?p WHERE { ?r a rm:Roadmap ; rm:party ?p }"):  # type: ignore[misc]
        expected.add(party)
        expected.update(data.objects(party, URIRef("http://www.w3.org/2002/07/owl#sameAs")))
    spatial = set(catalog.objects(DATASET, DCTERMS.spatial))
    assert spatial == expected
    assert URIRef("http://www.wikidata.org/entity/Q656") in spatial  # St Petersburg
    assert URIRef("https://w3id.org/roadmap-kg/id/place/ru-smo") in spatial


# --- VoID ---------------------------------------------------------------------------------

ENTITY_CLASSES = """VALUES ?c { schema:Event schema:Organization schema:Place schema:City
    schema:AdministrativeArea schema:VirtualLocation rm:PlanItem rm:ImplementationReport
    rm:Roadmap }"""


def count(void: Graph, subject: URIRef, predicate: URIRef) -> int:
    value = void.value(subject, predicate)
    assert isinstance(value, Literal), (subject, predicate)
    return int(value)


def test_void_counts_equal_what_the_data_has(void: Graph, data: Graph) -> None:
    dataset = DATASET
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert count(void, dataset, VOID.triples) == len(data) == 1897
    assert count(void, dataset, VOID.entities) == one(
        data, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {ENTITY_CLASSES} ?s a ?c }}"
    )
    assert count(void, dataset, VOID.classes) == one(
        data, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"
    )
    assert count(void, dataset, VOID.properties) == one(
        data, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert count(void, dataset, VOID.distinctSubjects) == one(
        data, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert count(void, dataset, VOID.distinctObjects) == one(
        data, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"
    )


def test_void_class_partitions_count_each_class(void: Graph, data: Graph) -> None:
    dataset = DATASET
    partitions = {
        void.value(p, VOID["class"]): count(void, p, VOID.entities)
        for p in void.objects(dataset, VOID.classPartition)
    }
    expected = {
        row[0]: int(row[1])  # type: ignore[index]
        for row in data.query(
            PREFIXES + "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
        )
    }
    assert partitions == expected
    assert partitions[URIRef("https://schema.org/Event")] == 50


def test_void_vocabularies_dumps_uri_space_and_example(void: Graph, data: Graph) -> None:
    dataset = DATASET
    vocabularies = {str(v) for v in void.objects(dataset, VOID.vocabulary)}
    assert {"https://schema.org/", "https://w3id.org/roadmap-kg/ontology"} <= vocabularies
    for term in set(data.predicates()) | set(data.objects(None, RDF.type)):
        assert any(str(term).startswith(v) for v in vocabularies), term
    assert {str(d) for d in void.objects(dataset, VOID.dataDump)} == {
        LANDING + name for name in ("dataset.ttl", "dataset.nt", "dataset.jsonld", "dataset.trig")
    }
    assert void.value(dataset, VOID.uriSpace) == Literal("https://w3id.org/roadmap-kg/id/")
    example = void.value(dataset, VOID.exampleResource)
    assert (example, RDF.type, URIRef("https://schema.org/Event")) in data


def test_void_linkset_to_wikidata(void: Graph, data: Graph) -> None:
    dataset = DATASET
    wikidata = URIRef("http://www.wikidata.org/")
    (linkset,) = void.subjects(RDF.type, VOID.Linkset)
    assert (dataset, VOID.subset, linkset) in void
    assert void.value(linkset, VOID.linkPredicate) == URIRef("http://www.w3.org/2002/07/owl#sameAs")
    assert set(void.objects(linkset, VOID.target)) == {dataset, wikidata}
    assert (wikidata, RDF.type, VOID.Dataset) in void
    assert count(void, linkset, VOID.triples) == one(
        data, "SELECT (COUNT(*) AS ?n) WHERE { ?s owl:sameAs ?o }"
    )


def test_sparql_endpoint_only_when_given(
    release: Release, files: list[Path], void: Graph, tmp_path: Path
) -> None:
    assert not list(void.objects(None, VOID.sparqlEndpoint))
    endpoint = "http://127.0.0.1:7878/sparql"
    path = write_void(release, tmp_path, files, sparql_endpoint=endpoint)
    served = Graph().parse(path, format="turtle")
    assert list(served.objects(DATASET, VOID.sparqlEndpoint)) == [URIRef(endpoint)]
    served.remove((None, VOID.sparqlEndpoint, None))
    assert set(served) == set(void)  # and nothing else changes


# --- determinism --------------------------------------------------------------------------


def test_writing_twice_gives_the_same_bytes(
    release: Release, folder: Path, files: list[Path], tmp_path: Path
) -> None:
    again = write_catalog(release, tmp_path, files)
    for path in again:
        assert path.read_bytes() == (folder / path.name).read_bytes(), path.name


@pytest.mark.slow
def test_output_is_the_same_in_processes_with_other_hash_seeds(
    folder: Path, tmp_path: Path
) -> None:
    """A fresh build of the whole release gives the same bytes whatever the hash seed."""
    names = ["catalog.ttl", "void.ttl", "meta.csv", *(p.name for p in folder.glob("*structure-*"))]
    for seed in ("1", "4242"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", BUILD, str(out)], check=True, cwd=ROOT, env=env)
        for name in names:
            assert (out / name).read_bytes() == (folder / name).read_bytes(), (seed, name)


def test_statistics_gathered_while_writing_are_those_of_the_graph(
    release: Release, tmp_path: Path
) -> None:
    """The JSON-LD writer's process gathers the statistics and hands them over; they are
    what a pass over the release's triples in this process finds."""
    from roadmap_kg.publish.model import Statistics

    _, gathered = write_data(release, tmp_path)
    again = Statistics.of(t for _, triples in release.named_graphs() for t in triples)
    assert gathered == again
    assert gathered.triples == len(set(t for _, ts in release.named_graphs() for t in ts))
    assert gathered.class_sizes["https://schema.org/Event"] == 50
    assert gathered.period is not None
