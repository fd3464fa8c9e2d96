"""One identity per body and place across reports and publishers; the link review round trip."""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from roadmap_kg.extract.registry import OrganisationRegistry
from roadmap_kg.link import propose, read_review, write_review
from roadmap_kg.pipeline import build, extract
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings
from roadmap_kg.vocab import RM, SCHEMA

from conftest import FIXTURES, ROOT, SEED

ID = "https://w3id.org/roadmap-kg/id/"
VARIANTS = FIXTURES / "link" / "smolensk-2022-variants.txt"
PSKOV = FIXTURES / "reports" / "spb-pskov-2022.txt"


def union(out: Path) -> Graph:
    return Graph().parse(data=(out / "dataset.ttl").read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def two_roadmaps(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("two") / "dist"
    sources = (SEED, FIXTURES / "small" / "spb-smolensk-2022.txt", PSKOV)
    assert build(Settings(sources=sources, out_dir=out)).files
    return union(out)


def roadmaps_of(graph: Graph, org: URIRef) -> set[str]:
    found = set()
    for predicate in (SCHEMA.attendee, RM.host, SCHEMA.organizer, SCHEMA.sponsor):
        for event in graph.subjects(predicate, org):
            found.add(str(graph.value(graph.value(event, RM.report), RM.roadmap)))
    return found


@pytest.mark.slow
def test_one_iri_per_body_across_years_and_roadmaps(two_roadmaps: Graph) -> None:
    smolgu = URIRef(ID + "org/smolenskiy-gosudarstvennyy-universitet")
    years = {
        str(two_roadmaps.value(two_roadmaps.value(e, RM.report), RM.reportingYear))
        for e in two_roadmaps.subjects(SCHEMA.attendee, smolgu)
    }
    assert years == {"2021", "2022"}
    committee = URIRef(ID + "org/komitet-po-investitsiyam-sankt-peterburga")
    assert len(roadmaps_of(two_roadmaps, committee)) == 2
    names = [
        str(n)
        for n in two_roadmaps.objects(predicate=SCHEMA.name)
        if "Комитет по инвестициям" in str(n)
    ]
    assert names == ["Комитет по инвестициям Санкт-Петербурга"]


@pytest.mark.slow
def test_verified_wikidata_items_and_no_others(two_roadmaps: Graph) -> None:
    wd = "http://www.wikidata.org/entity/"
    expected = {
        "place/ru-spe": "Q656",
        "place/ru-smo/smolensk": "Q2337",
        "place/ru-smo": "Q2347",
        "org/sankt-peterburgskiy-gosudarstvennyy-universitet": "Q27621",
    }
    for key, item in expected.items():
        assert (URIRef(ID + key), OWL.sameAs, URIRef(wd + item)) in two_roadmaps
    pskov = {str(o) for o in two_roadmaps.objects(URIRef(ID + "place/ru-psk"), OWL.sameAs)}
    verified = set()
    for name in ("wikidata-entities.csv", "wikidata-federal-subjects.csv"):
        with (ROOT / "data" / "reference" / name).open(encoding="utf-8") as handle:
            verified |= {wd + row["wikidata"] for row in csv.DictReader(handle)}
    assert pskov
    assert pskov <= verified
    linked = {str(o) for o in two_roadmaps.objects(predicate=OWL.sameAs) if str(o).startswith(wd)}
    assert linked <= verified


def test_a_body_without_its_region_in_a_section_is_the_reporting_regions(
    reference: Reference,
) -> None:
    registry = OrganisationRegistry(reference)
    assert (
        registry.resolve_name("Комитет по культуре", regions=("RU-SPE",))
        == "komitet-po-kulture-sankt-peterburga"
    )
    assert (
        registry.resolve_name("Комитет по культуре", regions=("RU-PSK",))
        != "komitet-po-kulture-sankt-peterburga"
    )


@pytest.fixture
def own_reference(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(ROOT / "data" / "reference", folder)
    (folder / "links.tsv").unlink(missing_ok=True)
    return folder


def test_review_round_trip_propose_decide_rebuild(own_reference: Path, tmp_path: Path) -> None:
    settings = Settings(sources=(VARIANTS,), reference_dir=own_reference, out_dir=tmp_path / "dist")
    review = own_reference / "links.tsv"
    reference = Reference(own_reference)
    write_review(review, propose(extract(settings, reference), reference, []))
    rows = read_review(review)
    variant = ID + "org/smolenskiy-gosudarstvennyy-pedagogicheskiy-universitet"
    mining = ID + "org/sankt-peterburgskiy-gornyy-universitet"
    smolgu = ID + "org/smolenskiy-gosudarstvennyy-universitet"
    spbu = ID + "org/sankt-peterburgskiy-gosudarstvennyy-universitet"
    assert (variant, smolgu) in {(r.subject_id, r.candidate_id) for r in rows}
    assert (mining, spbu) in {(r.subject_id, r.candidate_id) for r in rows}

    decided = [
        replace(
            r,
            decision="accept" if r.candidate_id == smolgu else "reject",
            reviewer="test",
            date="2022-06-01",
        )
        if r.subject_id == variant
        else replace(r, decision="reject", reviewer="test", date="2022-06-01")
        if r.subject_id == mining
        else r
        for r in rows
    ]
    write_review(review, decided)

    result = build(settings)
    assert result.files
    graph = union(settings.out_dir)
    event = next(graph.subjects(RDF.type, SCHEMA.Event))
    attendees = {str(a) for a in graph.objects(event, SCHEMA.attendee)}
    assert attendees == {smolgu, mining}  # accepted: one body; rejected: stays apart
    labels = {
        str(label)
        for label in graph.objects(
            URIRef(smolgu), URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
        )
    }
    assert (
        "ФГБОУ ВО «Смоленский государственный педагогический университет»" in labels
    )  # the accepted spelling enriches it

    # a new round of proposals leaves decided rows alone and adds nothing for decided bodies
    reference = Reference(own_reference)
    again = propose(extract(settings, reference), reference, read_review(review))
    assert again == read_review(review)
    build(settings)
    assert {str(a) for a in union(settings.out_dir).objects(event, SCHEMA.attendee)} == {
        smolgu,
        mining,
    }


@pytest.mark.slow
def test_linking_with_another_publisher(tmp_path: Path) -> None:
    other = FIXTURES / "link" / "other-publisher.ttl"
    out = tmp_path / "dist"
    result = build(Settings(sources=(SEED,), out_dir=out, link_with=(other,)))
    assert result.validation.conforms
    graph = union(out)
    links = {
        (str(s), str(o))
        for s, o in graph.subject_objects(OWL.sameAs)
        if str(s).startswith("http://pskov.example/")
    }
    assert links == {
        (
            "http://pskov.example/id/org/spbgu",
            ID + "org/sankt-peterburgskiy-gosudarstvennyy-universitet",
        ),
        ("http://pskov.example/id/org/smolgu", ID + "org/smolenskiy-gosudarstvennyy-universitet"),
        ("http://pskov.example/id/place/smolensk-oblast", ID + "place/ru-smo"),
    }
    trig = (out / "dataset.trig").read_text(encoding="utf-8")
    assert "<https://w3id.org/roadmap-kg/id/linkset/other-publisher> {" in trig


@pytest.mark.slow
def test_void_describes_the_link_set(tmp_path: Path) -> None:
    other = FIXTURES / "link" / "other-publisher.ttl"
    out = tmp_path / "dist"
    build(Settings(sources=(SEED,), out_dir=out, link_with=(other,)))
    void = Graph().parse(data=(out / "void.ttl").read_text(encoding="utf-8"), format="turtle")
    linkset = URIRef(ID + "linkset/other-publisher")
    vocabulary = "http://rdfs.org/ns/void#"
    assert (linkset, RDF.type, URIRef(vocabulary + "Linkset")) in void
    assert int(void.value(linkset, URIRef(vocabulary + "triples"))) == 3
