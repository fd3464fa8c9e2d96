"""The release described for data portals: catalog.ttl (DCAT-AP 3.0.1) and void.ttl (VoID).

catalog.ttl is what a portal harvests: one dcat:Catalog holding one dcat:Dataset with one
dcat:Distribution per downloadable file, each with its size and SHA-256 so a mirror can check
what it fetched. Codes come from the vocabularies portals have loaded: EU data themes,
frequencies, file types and languages, IANA media types. void.ttl is what linked-data tools
read: how many triples, entities, classes and properties the dataset has, where its dumps
are, and how it links to Wikidata.

Every node has an IRI under the release's landing page (no blank nodes) and the Turtle is
written from the graph's sorted N-Triples lines (publish/turtle.py, as the dumps are), so the
same release gives byte-identical files in every process (tests/test_catalog.py checks it
under different PYTHONHASHSEEDs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, VOID, XSD

from ..quality import Measurements
from ..terms import Triple, light_term
from ..vocab import DQV, PREFIXES
from .changes import version_notes
from .config import ReleaseConfig
from .files import nt_lines
from .fixlist import FIX_LIST, FIX_LIST_METADATA
from .model import WIKIDATA_ENTITIES, Release, Statistics
from .passport import META_FILE, STANDARD_VERSION, data_file_name, structure_file_name
from .turtle import write_turtle_lines

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
# DCAT 3's terms rdflib's DCAT namespace (DCAT 2) lacks
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
DCAT_PREVIOUS_VERSION = URIRef("http://www.w3.org/ns/dcat#previousVersion")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
WIKIDATA = URIRef("http://www.wikidata.org/")

CATALOG_FILE = "catalog.ttl"
VOID_FILE = "void.ttl"

# The data dumps: the whole graph in four RDF syntaxes (ontology and shapes are RDF too, but
# they describe the data rather than being it).
RDF_DUMPS = ("dataset.ttl", "dataset.nt", "dataset.jsonld", "dataset.trig")
CSVW_METADATA = "events.csv-metadata.json"

# IANA media type and EU file-type code, by extension.
FORMATS = {
    ".ttl": ("text/turtle", "RDF_TURTLE"),
    ".nt": ("application/n-triples", "RDF_N_TRIPLES"),
    ".jsonld": ("application/ld+json", "JSON_LD"),
    ".trig": ("application/trig", "RDF_TRIG"),
    ".csv": ("text/csv", "CSV"),
    ".json": ("application/json", "JSON"),
}
# registered by CSVW
SPECIAL_MEDIA_TYPES = {
    CSVW_METADATA: "application/csvm+json",
    FIX_LIST_METADATA: "application/csvm+json",
}

# Titles (Russian, English) of the files a release has.
TITLES = {
    "dataset.ttl": ("Набор данных в формате Turtle", "The dataset in Turtle"),
    "dataset.nt": ("Набор данных в формате N-Triples", "The dataset in N-Triples"),
    "dataset.jsonld": ("Набор данных в формате JSON-LD", "The dataset in JSON-LD"),
    "dataset.trig": (
        "Набор данных в формате TriG, по именованному графу на отчет и граф общих ресурсов",
        "The dataset in TriG, one named graph per report and one of the resources they share",
    ),
    "context.jsonld": ("Контекст JSON-LD набора данных", "JSON-LD context of the dataset"),
    "events.csv": ("Мероприятия в формате CSV", "The events as CSV"),
    CSVW_METADATA: (
        "Описание events.csv по стандарту CSV on the Web",
        "CSV on the Web metadata of events.csv",
    ),
    FIX_LIST: (
        "Замечания к отчетам: что не удалось прочитать и как это исправить",
        "Fix-list for the reports' authors: what could not be read and how to fix it",
    ),
    FIX_LIST_METADATA: (
        "Описание fix-list.csv по стандарту CSV on the Web",
        "CSV on the Web metadata of fix-list.csv",
    ),
    "ontology.ttl": ("Онтология набора данных", "The ontology of the dataset"),
    "shapes.ttl": ("Формы SHACL для проверки данных", "SHACL shapes the data conforms to"),
    META_FILE: ("Паспорт набора открытых данных", "Russian open-data passport"),
}


@dataclass(frozen=True)
class Iris:
    """The IRIs of the catalogue's nodes, all under the landing page."""

    landing: str
    dataset_iri: str  # one per release: ReleaseConfig.dataset_iri

    @classmethod
    def of(cls, release: Release) -> Iris:
        page = release.config.landing_page
        return cls(page if page.endswith("/") else page + "/", release.config.dataset_iri)

    @property
    def catalog(self) -> URIRef:
        return URIRef(self.landing + "catalog")

    @property
    def dataset(self) -> URIRef:
        return URIRef(self.dataset_iri)

    @property
    def publisher(self) -> URIRef:
        return URIRef(self.landing + "publisher")

    @property
    def contact(self) -> URIRef:
        return URIRef(self.landing + "contact")

    @property
    def period(self) -> URIRef:
        return URIRef(self.dataset_iri + "#temporal")

    @property
    def wikidata_links(self) -> URIRef:
        return URIRef(self.dataset_iri + "#links-wikidata")

    def class_partition(self, cls: URIRef) -> URIRef:
        return URIRef(self.dataset_iri + "#class-" + _compact(cls).replace(":", "-"))

    def measurement(self, subject: URIRef, slug: str) -> URIRef:
        """A quality measurement of the dataset or a report: its IRI and the metric's slug
        (dataset#quality-day-precise-dates, <report>#quality-day-precise-dates)."""
        return URIRef(f"{subject}#quality-{slug}")

    def distribution(self, name: str) -> URIRef:
        return URIRef(self.landing + "dist/" + quote(name))

    def checksum(self, name: str) -> URIRef:
        return URIRef(self.landing + "dist/" + quote(name) + "#sha256")

    def download(self, name: str) -> URIRef:
        return URIRef(self.landing + quote(name))


# --- catalog.ttl --------------------------------------------------------------------------


def catalog_graph(release: Release, files: Iterable[Path]) -> Graph:
    """The DCAT-AP description of the release and of each of files (downloadable under the
    landing page by their names)."""
    config, iri = release.config, Iris.of(release)
    graph = _graph()
    _describe_catalog(graph, config, iri)
    _describe_publisher(graph, config, iri)
    _describe_dataset(graph, config, iri, release.statistics)
    if release.quality is not None:
        _describe_quality(graph, iri, release.quality)
    _describe_version(graph, release, iri)
    shapes = _shapes_standard(release, graph)
    graph.add((iri.dataset, DCTERMS.conformsTo, shapes))
    files = list(files)
    standards = _conformance(release, iri, graph, shapes, [p.name for p in files])
    measured = _sizes_and_digests(files)
    for path in files:
        distribution = _Distribution(path.name, *measured[path], standards.get(path.name, []))
        _describe_distribution(graph, release, iri, distribution)
    return graph


RUSSIAN = URIRef(EU + "language/RUS")


def _issued(config: ReleaseConfig) -> Literal:
    return Literal(config.issued.isoformat(), datatype=XSD.date)


def _modified(config: ReleaseConfig) -> Literal:
    return Literal(config.modified.isoformat(), datatype=XSD.date)


def _describe_catalog(graph: Graph, config: ReleaseConfig, iri: Iris) -> None:
    """The dcat:Catalog: what the release is, by whom, under which licence, in which
    languages, and the dataset it holds."""
    add, catalog = graph.add, iri.catalog
    license_, landing = URIRef(config.license), URIRef(config.landing_page)
    add((catalog, RDF.type, DCAT.Catalog))
    add((catalog, DCTERMS.title, ru(f"Каталог открытых данных: {config.title_ru}")))
    add((catalog, DCTERMS.title, en(f"Open data catalogue: {config.title_en}")))
    about_ru = (
        f"Выпуск открытых данных «{config.title_ru}»: набор данных, его файлы "
        "(RDF, CSV, паспорт открытых данных) и их описание."
    )
    about_en = (
        f"The open data release “{config.title_en}”: the dataset, its files "
        "(RDF, CSV, Russian open-data passport) and their description."
    )
    add((catalog, DCTERMS.description, ru(about_ru)))
    add((catalog, DCTERMS.description, en(about_en)))
    add((catalog, DCTERMS.publisher, iri.publisher))
    add((catalog, DCTERMS.license, license_))
    add((catalog, DCTERMS.issued, _issued(config)))
    add((catalog, DCTERMS.modified, _modified(config)))
    add((catalog, DCTERMS.language, RUSSIAN))
    add((catalog, DCTERMS.language, URIRef(EU + "language/ENG")))
    add((catalog, FOAF.homepage, landing))
    add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    add((catalog, DCAT.dataset, iri.dataset))
    # DCAT-AP checks the class of these values; they are ours (or, for the licence, not in
    # an EU vocabulary a portal loads), so the catalogue states it
    add((landing, RDF.type, FOAF.Document))
    add((license_, RDF.type, DCTERMS.LicenseDocument))


def _describe_publisher(graph: Graph, config: ReleaseConfig, iri: Iris) -> None:
    """The publisher (a foaf:Agent) and its contact point (a vCard)."""
    add = graph.add
    add((iri.publisher, RDF.type, FOAF.Agent))
    add((iri.publisher, FOAF.name, ru(config.publisher_name_ru)))
    add((iri.publisher, FOAF.name, en(config.publisher_name_en)))
    add((iri.publisher, FOAF.homepage, URIRef(config.publisher_homepage)))
    add((iri.contact, RDF.type, VCARD.Kind))
    add((iri.contact, VCARD.fn, ru(config.contact_name)))
    add((iri.contact, VCARD.hasEmail, URIRef("mailto:" + config.contact_email)))
    # RFC 3966: a global number, with '-' as the only visual separator
    phone = "tel:" + "-".join(config.contact_phone.split())
    add((iri.contact, VCARD.hasTelephone, URIRef(phone)))


def _describe_dataset(graph: Graph, config: ReleaseConfig, iri: Iris, stats: Statistics) -> None:
    """The dcat:Dataset: titles, keywords, themes, who to ask, how often it changes, and
    the time and places it covers."""
    add, dataset = graph.add, iri.dataset
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.title, ru(config.title_ru)))
    add((dataset, DCTERMS.title, en(config.title_en)))
    add((dataset, DCTERMS.description, ru(config.description_ru)))
    add((dataset, DCTERMS.description, en(config.description_en)))
    add((dataset, DCTERMS.identifier, Literal(config.identifier)))
    for keyword in config.keywords:
        add((dataset, DCAT.keyword, ru(keyword)))
    for theme in config.themes:
        add((dataset, DCAT.theme, URIRef(EU + "data-theme/" + theme)))
    add((dataset, DCTERMS.publisher, iri.publisher))
    add((dataset, DCAT.contactPoint, iri.contact))
    add((dataset, DCTERMS.issued, _issued(config)))
    add((dataset, DCTERMS.modified, _modified(config)))
    add((dataset, DCTERMS.language, RUSSIAN))
    frequency = URIRef(EU + "frequency/" + config.accrual_periodicity)
    add((dataset, DCTERMS.accrualPeriodicity, frequency))
    add((dataset, DCAT.landingPage, URIRef(config.landing_page)))
    period = temporal_coverage(stats)
    if period is not None:
        add((dataset, DCTERMS.temporal, iri.period))
        add((iri.period, RDF.type, DCTERMS.PeriodOfTime))
        add((iri.period, DCAT.startDate, period[0]))
        add((iri.period, DCAT.endDate, period[1]))
    for place in spatial_coverage(stats):
        add((dataset, DCTERMS.spatial, place))
        add((place, RDF.type, DCTERMS.Location))


def _describe_quality(graph: Graph, iri: Iris, quality: Measurements) -> None:
    """DQV: a dqv:QualityMeasurement per metric of the dataset, and per metric of each report,
    computed on the report's IRI. The reports are rm:ImplementationReports of the data, not
    datasets of the catalogue (DCAT-AP would then ask a title, description, publisher … of
    each), and DQV lets any resource have measurements."""
    for measured in (quality.release, *quality.reports):
        subject = URIRef(measured.iri) if measured.iri else iri.dataset
        for measurement in measured.measurements:
            node = iri.measurement(subject, measurement.metric.slug)
            graph.add((subject, DQV.hasQualityMeasurement, node))
            graph.add((node, RDF.type, DQV.QualityMeasurement))
            graph.add((node, DQV.isMeasurementOf, measurement.metric.iri))
            graph.add((node, DQV.computedOn, subject))
            value = Literal(str(measurement.value), datatype=XSD.decimal)
            graph.add((node, DQV.value, value))


def _describe_version(graph: Graph, release: Release, iri: Iris) -> None:
    """Which release this is (dcat:version), the one it follows (dcat:previousVersion, when
    that one's dataset has another IRI) and what changed since (adms:versionNotes)."""
    config, changes = release.config, release.changes
    if config.version is not None:
        graph.add((iri.dataset, DCAT_VERSION, Literal(config.version)))
    previous = changes.previous.dataset if changes is not None else None
    if previous is not None and previous != str(iri.dataset):
        graph.add((iri.dataset, DCAT_PREVIOUS_VERSION, URIRef(previous)))
    notes_ru, notes_en = version_notes(changes)
    graph.add((iri.dataset, ADMS.versionNotes, ru(notes_ru)))
    graph.add((iri.dataset, ADMS.versionNotes, en(notes_en)))


@dataclass(frozen=True)
class _Distribution:
    """A file of the release as the catalogue describes it."""

    name: str
    byte_size: int
    sha256: str
    standards: list[URIRef]  # what it conforms to


def _describe_distribution(graph: Graph, release: Release, iri: Iris, file: _Distribution) -> None:
    """A dcat:Distribution: title, where to download it, its format, size and checksum."""
    add, config = graph.add, release.config
    distribution = iri.distribution(file.name)
    add((iri.dataset, DCAT.distribution, distribution))
    add((distribution, RDF.type, DCAT.Distribution))
    title_ru, title_en = _titles(release, file.name)
    add((distribution, DCTERMS.title, ru(title_ru)))
    add((distribution, DCTERMS.title, en(title_en)))
    add((distribution, DCAT.accessURL, iri.download(file.name)))
    add((distribution, DCAT.downloadURL, iri.download(file.name)))
    media_type, file_type = _format(file.name)
    add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
    add((distribution, DCTERMS.format, URIRef(EU + "file-type/" + file_type)))
    size = Literal(str(file.byte_size), datatype=XSD.nonNegativeInteger)
    add((distribution, DCAT.byteSize, size))
    checksum = iri.checksum(file.name)
    add((distribution, SPDX.checksum, checksum))
    add((checksum, RDF.type, SPDX.Checksum))
    add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    # DCAT-AP 3 types the value xsd:hexBinary (a plain string does not conform)
    add((checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary)))
    add((distribution, DCTERMS.license, URIRef(config.license)))
    add((distribution, DCTERMS.issued, _issued(config)))
    add((distribution, DCTERMS.modified, _modified(config)))
    for standard in file.standards:
        add((distribution, DCTERMS.conformsTo, standard))


def _sizes_and_digests(files: list[Path]) -> dict[Path, tuple[int, str]]:
    """Size and SHA-256 of each file, two files at a time (hashlib and reads release the
    GIL, and the dumps of a large release are hundreds of megabytes)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(files, pool.map(_size_and_digest, files), strict=True))


def _size_and_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def temporal_coverage(stats: Statistics) -> tuple[Literal, Literal] | None:
    """The first start and the last end of the events (xsd:date literals), if any event."""
    if stats.period is None:
        return None
    first, last = stats.period
    return Literal(first, datatype=XSD.date), Literal(last, datatype=XSD.date)


def spatial_coverage(stats: Statistics) -> list[URIRef]:
    """The parties of the roadmaps (place IRIs of the release) and their Wikidata items."""
    return [URIRef(iri) for iri in stats.places]


def _shapes_standard(release: Release, graph: Graph) -> URIRef:
    """The shapes as a dct:Standard: the IRI the shapes file gives itself, with its titles."""
    shapes = Graph().parse(release.shapes_dir / "roadmap.ttl", format="turtle")
    subjects = sorted(shapes.subjects(RDF.type, OWL.Ontology), key=str)
    if subjects:
        standard = URIRef(str(subjects[0]))
        titles = sorted(shapes.objects(subjects[0], DCTERMS.title), key=str)
    else:
        standard = Iris.of(release).download("shapes.ttl")
        titles = []
    graph.add((standard, RDF.type, DCTERMS.Standard))
    for title in titles or [Literal("roadmap-kg SHACL shapes", lang="en")]:
        graph.add((standard, DCTERMS.title, title))
    return standard


def _conformance(
    release: Release, iri: Iris, graph: Graph, shapes: URIRef, names: list[str]
) -> dict[str, list[URIRef]]:
    """What each file conforms to (the standards are typed dct:Standard in the graph)."""
    config = release.config
    passport = URIRef(STANDARD_VERSION)
    structure_name = structure_file_name(config)
    structure = iri.download(structure_name)
    csvw = iri.download(CSVW_METADATA)
    fix_list_csvw = iri.download(FIX_LIST_METADATA)
    titles = {
        passport: (
            "Методические рекомендации по публикации открытых данных (версия 3.0)",
            "Russian methodological recommendations on publishing open data, version 3.0",
        ),
        structure: ("Структура набора открытых данных", "Structure of the open data set"),
        csvw: TITLES[CSVW_METADATA],
        fix_list_csvw: TITLES[FIX_LIST_METADATA],
    }
    result: dict[str, list[URIRef]] = {name: [shapes] for name in RDF_DUMPS}
    if CSVW_METADATA in names:
        result["events.csv"] = [csvw]
    if FIX_LIST_METADATA in names:
        result[FIX_LIST] = [fix_list_csvw]
    result[META_FILE] = [passport]
    result[structure_name] = [passport]
    result[data_file_name(config)] = (
        [passport, structure] if structure_name in names else [passport]
    )
    used = {standard for name in names for standard in result.get(name, ())}
    for standard, (title_ru, title_en) in titles.items():
        if standard in used:
            graph.add((standard, RDF.type, DCTERMS.Standard))
            graph.add((standard, DCTERMS.title, ru(title_ru)))
            graph.add((standard, DCTERMS.title, en(title_en)))
    return result


def _titles(release: Release, name: str) -> tuple[str, str]:
    config = release.config
    if name == data_file_name(config):
        return (
            "Мероприятия: файл данных паспорта открытых данных (копия events.csv)",
            "The events: data file of the open-data passport (a copy of events.csv)",
        )
    if name == structure_file_name(config):
        return (
            "Структура файла данных паспорта открытых данных",
            "Structure of the data file of the open-data passport",
        )
    return TITLES.get(name, (name, name))


def _format(name: str) -> tuple[str, str]:
    """(IANA media type, EU file-type code) of a file."""
    suffix = Path(name).suffix
    if suffix not in FORMATS:
        raise ValueError(f"{name}: no media type known for {suffix!r} files; add it to FORMATS")
    media_type, file_type = FORMATS[suffix]
    return SPECIAL_MEDIA_TYPES.get(name, media_type), file_type


# --- void.ttl -----------------------------------------------------------------------------


def void_graph(
    release: Release, files: Iterable[Path], sparql_endpoint: str | None = None
) -> Graph:
    """VoID statistics of the release graph, its dumps, and its links to Wikidata."""
    config, iri = release.config, Iris.of(release)
    graph = _graph()
    add, dataset = graph.add, iri.dataset
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, DCTERMS.title, ru(config.title_ru)))
    add((dataset, DCTERMS.title, en(config.title_en)))
    add((dataset, DCTERMS.license, URIRef(config.license)))
    add((dataset, DCTERMS.modified, _modified(config)))
    add((dataset, FOAF.homepage, URIRef(config.landing_page)))
    add((dataset, VOID.uriSpace, Literal(release.base_iri)))
    _count_contents(graph, iri, release.statistics)
    names = {path.name for path in files}
    for name in RDF_DUMPS:
        if name in names:
            add((dataset, VOID.dataDump, iri.download(name)))
    if release.statistics.example_event is not None:
        add((dataset, VOID.exampleResource, URIRef(release.statistics.example_event)))
    if sparql_endpoint:
        add((dataset, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    if release.statistics.wikidata_links:
        _describe_wikidata_links(graph, iri, release.statistics.wikidata_links)
    # links to other publishers' roadmap datasets (roadmap-kg build --link-with)
    for name, links_to_other in release.linksets:
        _describe_linkset(graph, iri, name, len(links_to_other))
    return graph


def _count_contents(graph: Graph, iri: Iris, data: Statistics) -> None:
    """How many triples, entities, classes, properties and distinct subjects and objects
    the dataset has, the members of each class, and the vocabularies its terms come from."""
    add, dataset = graph.add, iri.dataset
    classes, predicates = data.class_sizes, data.predicates
    add((dataset, VOID.triples, count(data.triples)))
    add((dataset, VOID.entities, count(data.entities)))
    add((dataset, VOID.classes, count(len(classes))))
    add((dataset, VOID.properties, count(len(predicates))))
    add((dataset, VOID.distinctSubjects, count(data.subjects)))
    add((dataset, VOID.distinctObjects, count(data.objects)))
    for cls, members in classes.items():
        partition = iri.class_partition(URIRef(cls))
        add((dataset, VOID.classPartition, partition))
        add((partition, VOID["class"], URIRef(cls)))
        add((partition, VOID.entities, count(members)))
    for vocabulary in {_vocabulary(term) for term in predicates | set(classes)}:
        add((dataset, VOID.vocabulary, URIRef(vocabulary)))


def _same_as_linkset(
    graph: Graph, dataset: URIRef, linkset: URIRef, subjects: URIRef, objects: URIRef, links: int
) -> None:
    """A void:Linkset of the dataset: owl:sameAs from subjects' resources to objects'."""
    add = graph.add
    add((dataset, VOID.subset, linkset))
    add((linkset, RDF.type, VOID.Linkset))
    add((linkset, VOID.linkPredicate, OWL.sameAs))
    add((linkset, VOID.target, subjects))
    add((linkset, VOID.target, objects))
    add((linkset, VOID.subjectsTarget, subjects))
    add((linkset, VOID.objectsTarget, objects))
    add((linkset, VOID.triples, count(links)))


def _describe_wikidata_links(graph: Graph, iri: Iris, links: int) -> None:
    """The owl:sameAs links to Wikidata items, as a void:Linkset of the dataset."""
    add = graph.add
    _same_as_linkset(graph, iri.dataset, iri.wikidata_links, iri.dataset, WIKIDATA, links)
    add((WIKIDATA, RDF.type, VOID.Dataset))
    add((WIKIDATA, DCTERMS.title, Literal("Wikidata", lang="en")))
    add((WIKIDATA, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    add((WIKIDATA, VOID.uriSpace, Literal(WIKIDATA_ENTITIES)))


def _describe_linkset(graph: Graph, iri: Iris, name: URIRef, links: int) -> None:
    """A link set to another publisher's dataset: its links point from theirs to ours."""
    add = graph.add
    other = URIRef(f"{name}#dataset")
    _same_as_linkset(graph, iri.dataset, name, other, iri.dataset, links)
    add((other, RDF.type, VOID.Dataset))
    add((other, DCTERMS.title, en(f"Linked dataset {str(name).rsplit('/', 1)[-1]}")))


def count(number: int) -> Literal:
    """A VoID count (VoID gives its counts as xsd:integer)."""
    return Literal(str(number), datatype=XSD.integer)


def _vocabulary(term: object) -> str:
    """The vocabulary a term belongs to: its namespace, without a trailing '#'
    (https://schema.org/name → https://schema.org/; …/ontology#code → …/ontology)."""
    text = str(term)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[:cut] if text[cut] == "#" else text[: cut + 1]


# --- writing ------------------------------------------------------------------------------


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def ru(text: str) -> Literal:
    return Literal(text, lang="ru")


_PREFIXES = {
    "adms": ADMS,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "dqv": DQV,
    "foaf": FOAF,
    "owl": OWL,
    "spdx": SPDX,
    "vcard": VCARD,
    "void": VOID,
    "xsd": XSD,
    **{prefix: ns for prefix, ns in PREFIXES.items() if prefix not in {"xsd", "owl", "dcterms"}},
}


def _graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def _compact(term: URIRef) -> str:
    for prefix, namespace in sorted(_PREFIXES.items(), key=lambda p: -len(str(p[1]))):
        if str(term).startswith(str(namespace)):
            return f"{prefix}:{str(term)[len(str(namespace)) :]}"
    return hashlib.sha1(str(term).encode()).hexdigest()[:12]


def _light_triples(graph: Graph) -> Iterator[Triple]:
    """The graph's triples as light ones (terms.py): the catalogue has no blank node, and
    one is refused."""
    for s, p, o in graph:
        if not isinstance(s, URIRef):
            raise ValueError(f"not an IRI in the catalogue: {s!r}")
        yield str(s), str(p), light_term(o)


def _write_turtle(graph: Graph, path: Path) -> None:
    """Turtle of a graph without blank nodes (_light_triples refuses one), written as the dumps
    are (publish/turtle.py): from its sorted N-Triples lines, so the bytes depend on the
    triples only. At 50,000 events the catalogue (a distribution and the quality measurements
    of every report) took 1.84 s to make and write with rdflib's serializer, 0.72 s so."""
    lines = nt_lines(_light_triples(graph))
    prefixes = {prefix: str(namespace) for prefix, namespace in _PREFIXES.items()}
    with path.open("w", encoding="utf-8") as out:
        write_turtle_lines(lines, prefixes, out)


def write_void(
    release: Release, folder: Path, files: list[Path], sparql_endpoint: str | None = None
) -> Path:
    """Write void.ttl into folder; with sparql_endpoint, it names the endpoint serving it."""
    path = folder / VOID_FILE
    _write_turtle(void_graph(release, files, sparql_endpoint), path)
    return path


def write_catalog(release: Release, folder: Path, files: list[Path]) -> list[Path]:
    """Write catalog.ttl (a distribution for each of files: pass the data files and the
    passport) and void.ttl into folder; return both paths."""
    path = folder / CATALOG_FILE
    _write_turtle(catalog_graph(release, files), path)
    return [path, write_void(release, folder, files)]
