"""`build --previous`: a next edition of a report built over the release it follows gives
changes.json (the diff, with both versions), changes.ttl (the same as RDF), site/changes/
and a catalogue that says which version it is and which it follows."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, XSD

from roadmap_kg.cli import cli
from roadmap_kg.errors import ConfigError
from roadmap_kg.pipeline import build
from roadmap_kg.previous import read_previous
from roadmap_kg.publish.changes import compare_with
from roadmap_kg.publish.config import load_config
from roadmap_kg.settings import Settings
from test_catalog import DCAT_AP_SHAPES, VOCABULARIES
from test_diff import EVENT, FIXTURE, next_edition
from test_site import broken_links

from conftest import ROOT

RM = Namespace("https://w3id.org/roadmap-kg/ontology#")
SCHEMA = Namespace("https://schema.org/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")
LANDING = "https://w3id.org/roadmap-kg/"
BASE = LANDING + "id/"
ADDED = EVENT + "2021-06-10-kontsert-kamernoy-muzyki"
REMOVED = EVENT + "2021-06-05-rabochaya-vstrecha-po-voprosam-gastroley"
REVISED = EVENT + "2021-06-03-onlayn-forum-kultura-regionov"
REDATED = EVENT + "2021-06-04-onlayn-forum-kultura-regionov"
CHANGE = BASE + "change/2023.1/"
TITLE = "Изменения по сравнению с выпуском от 1 марта 2022"


def config(folder: Path, version: str, modified: str) -> Path:
    """data/release.toml with another version and date."""
    text = (ROOT / "data" / "release.toml").read_text(encoding="utf-8")
    text = text.replace('version = "2022.1"', f'version = "{version}"')
    text = text.replace('modified = "2022-03-01"', f'modified = "{modified}"')
    path = folder / f"release-{version.replace('/', '-')}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def release(source: Path, out: Path, config_path: Path, previous: Path | None = None) -> None:
    settings = Settings(sources=(source,), out_dir=out, config_path=config_path, previous=previous)
    result = build(settings)
    assert result.files, [str(v) for v in result.validation.violations]


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The first release (2022.1), and the next edition (2023.1) built over a copy of it
    in the same --out, without --previous."""
    folder = tmp_path_factory.mktemp("editions")
    first, edited = folder / "first" / "2021.txt", folder / "next" / "2021.txt"
    for path, text in ((first, FIXTURE.read_text(encoding="utf-8")), (edited, None)):
        path.parent.mkdir()
        path.write_text(text or next_edition(FIXTURE.read_text(encoding="utf-8")), "utf-8")
    release(first, folder / "2022.1", config(folder, "2022.1", "2022-03-01"))
    shutil.copytree(folder / "2022.1", folder / "out")
    release(edited, folder / "out", config(folder, "2023.1", "2023-02-15"))
    return folder / "2022.1", folder / "out"


def test_changes_json_is_the_diff_with_both_versions(editions: tuple[Path, Path]) -> None:
    old, new = editions
    done = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert done.exit_code == 0, done.output
    found = json.loads((new / "changes.json").read_text(encoding="utf-8"))
    found.pop("quality")  # test_changes_json_compares_the_quality_of_both_releases
    assert found == {
        "version": "2023.1",
        "previous": {
            "dataset": LANDING + "dataset/2022.1",
            "version": "2022.1",
            "modified": "2022-03-01",
        },
        **json.loads(done.output),
    }
    assert found["events"]["added"] == [ADDED]
    assert found["events"]["removed"] == [REMOVED]
    assert [c["iri"] for c in found["events"]["changed"]] == [REVISED]


def _measured(release: Path) -> dict[str, Decimal]:
    """metric IRI → value of the release's dataset, as its catalog.ttl states them."""
    catalog = Graph().parse(release / "catalog.ttl", format="turtle")
    (dataset,) = catalog.subjects(RDF.type, DCAT3.Dataset)
    return {
        str(catalog.value(node, DQV.isMeasurementOf)): Decimal(str(catalog.value(node, DQV.value)))
        for node in catalog.objects(dataset, DQV.hasQualityMeasurement)
    }


def test_changes_json_compares_the_quality_of_both_releases(editions: tuple[Path, Path]) -> None:
    old, new = editions
    quality = json.loads((new / "changes.json").read_text(encoding="utf-8"))["quality"]
    before, after = _measured(old), _measured(new)
    ontology = Graph().parse(ROOT / "ontology" / "roadmap.ttl", format="turtle")
    # this report states no number of participants: six metrics apply
    assert {row["metric"] for row in quality["release"]} == set(before) == set(after)
    assert len(before) == 6
    for row in quality["release"]:
        metric = row["metric"]
        assert (Decimal(row["old"]), Decimal(row["new"])) == (before[metric], after[metric])
        higher = ontology.value(URIRef(metric), RM.higherIsBetter).toPython()
        if before[metric] == after[metric]:
            assert row["change"] == "same"
        else:
            better = (after[metric] > before[metric]) == higher
            assert row["change"] == ("better" if better else "worse")
    # the report keeps its IRI, so it is compared too
    ((report, rows),) = quality["reports"].items()
    assert report.startswith(BASE + "report/")
    assert len(rows) == 6


def changes_graph(new: Path) -> Graph:
    return Graph().parse(new / "changes.ttl", format="turtle")


def test_changes_ttl_has_one_resource_per_change_typed_by_kind(
    editions: tuple[Path, Path],
) -> None:
    graph = changes_graph(editions[1])
    typed = {
        kind: sorted(str(s) for s in graph.subjects(RDF.type, RM[kind]))
        for kind in ("Change", "Addition", "Withdrawal", "Revision", "PropertyChange")
    }
    event = CHANGE + "event/ru-smo_ru-spe_2021-2023/2021/ru-smo/"
    assert typed["Addition"] == [event + "2021-06-10-kontsert-kamernoy-muzyki"]
    assert typed["Withdrawal"] == [event + "2021-06-05-rabochaya-vstrecha-po-voprosam-gastroley"]
    assert typed["Revision"] == [event + "2021-06-03-onlayn-forum-kultura-regionov"]
    assert typed["Change"] == sorted(typed["Addition"] + typed["Withdrawal"] + typed["Revision"])
    revision = URIRef(typed["Revision"][0])
    assert sorted(str(p) for p in graph.objects(revision, RM.propertyChange)) == [
        f"{revision}#rm-dateText",
        f"{revision}#schema-endDate",
        f"{revision}#schema-startDate",
    ]
    assert sorted(typed["PropertyChange"]) == sorted(
        str(p) for p in graph.objects(revision, RM.propertyChange)
    )


def test_a_revision_links_the_new_description_to_the_old(editions: tuple[Path, Path]) -> None:
    graph = changes_graph(editions[1])
    change = URIRef(CHANGE + REVISED[len(BASE) :])
    before, after = URIRef(f"{change}#before"), URIRef(f"{change}#after")
    expected = {
        (change, RM.changedResource, URIRef(REVISED)),
        (change, PROV.used, before),
        (change, PROV.generated, after),
        (after, PROV.wasGeneratedBy, change),
        (after, PROV.wasRevisionOf, before),
        (before, RDF.type, PROV.Entity),
        (after, RDF.type, PROV.Entity),
        (before, PROV.specializationOf, URIRef(REVISED)),
        (after, PROV.specializationOf, URIRef(REDATED)),  # its date, and so its IRI, changed
        (before, DCTERMS.isPartOf, URIRef(LANDING + "dataset/2022.1")),
        (after, DCTERMS.isPartOf, URIRef(LANDING + "dataset/2023.1")),
    }
    assert expected <= set(graph)
    start = URIRef(f"{change}#schema-startDate")
    assert set(graph.predicate_objects(start)) == {
        (RDF.type, RM.PropertyChange),
        (RM.changedProperty, SCHEMA.startDate),
        (RM.oldValue, Literal("2021-06-03", datatype=XSD.date)),
        (RM.newValue, Literal("2021-06-04", datatype=XSD.date)),
    }


def test_a_withdrawn_event_is_invalidated_at_the_new_release_date(
    editions: tuple[Path, Path],
) -> None:
    graph = changes_graph(editions[1])
    change = URIRef(CHANGE + REMOVED[len(BASE) :])
    before = URIRef(f"{change}#before")
    assert set(graph.predicate_objects(before)) == {
        (RDF.type, PROV.Entity),
        (PROV.specializationOf, URIRef(REMOVED)),
        (DCTERMS.isPartOf, URIRef(LANDING + "dataset/2022.1")),
        (PROV.wasInvalidatedBy, change),
        (PROV.invalidatedAtTime, Literal("2023-02-15T00:00:00Z", datatype=XSD.dateTime)),
    }
    assert (change, PROV.invalidated, before) in graph
    assert not list(graph.objects(change, PROV.generated))


def test_the_changes_terms_are_in_the_ontology(editions: tuple[Path, Path]) -> None:
    ontology = Graph().parse(Settings().ontology_dir / "roadmap.ttl", format="turtle")
    graph = changes_graph(editions[1])
    used = {t for triple in graph for t in triple if str(t).startswith(str(RM))}
    assert used
    for term in used:
        assert {lit.language for lit in ontology.objects(term, RDFS.label)} == {"ru", "en"}, term


def test_the_page_shows_the_three_events_under_their_sections(
    editions: tuple[Path, Path],
) -> None:
    page = (editions[1] / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE}</title>" in page
    assert f"<h1>{TITLE}</h1>" in page
    added, removed, changed = (page.index(f"<h3>{word}") for word in ("Добав", "Удал", "Измен"))
    assert added < page.index("Концерт камерной музыки") < removed
    assert removed < page.index("Рабочая встреча по вопросам гастролей") < changed
    assert changed < page.index("Онлайн-форум «Культура регионов»")
    # an event this release has is linked to its page; a withdrawn one is named only
    assert '<a href="../id/event/ru-smo_ru-spe_2021-2023/2021/ru-smo/2021-06-10-' in page
    assert f'<span class="iri" title="{REMOVED}">Рабочая встреча' in page
    # the property in Russian, the dates as Russian dates
    assert '>дата начала</a></th><td><time datetime="2021-06-03">3 июня 2021</time>' in page
    assert '<span class="muted">Без изменений.</span>' not in page
    index = (editions[1] / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="changes/index.html">{TITLE}</a>' in index


def test_the_page_compares_the_quality_of_both_releases(editions: tuple[Path, Path]) -> None:
    new = editions[1]
    page = (new / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    compared = json.loads((new / "changes.json").read_text(encoding="utf-8"))["quality"]
    section = page[page.index("<h2>Качество данных</h2>") :]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", section)
    assert len(rows) == len(compared["release"]) == 6
    assert rows[0] == ("Даты с точностью до дня", "80,0\u00a0%", "80,0\u00a0%")
    words = {"better": "лучше", "worse": "хуже", "same": "без изменений"}
    said = re.findall(r'<td class="muted">([^<]*)</td>', section)
    assert said == [words[row["change"]] for row in compared["release"]]


def test_the_catalogue_states_the_version_and_the_one_it_follows(
    editions: tuple[Path, Path],
) -> None:
    catalog = Graph().parse(editions[1] / "catalog.ttl", format="turtle")
    dataset = URIRef(LANDING + "dataset/2023.1")
    assert (dataset, RDF.type, DCAT.Dataset) in catalog
    assert list(catalog.objects(dataset, DCAT3.version)) == [Literal("2023.1")]
    assert list(catalog.objects(dataset, DCAT3.previousVersion)) == [
        URIRef(LANDING + "dataset/2022.1")
    ]
    notes = {n.language: str(n) for n in catalog.objects(dataset, ADMS.versionNotes)}
    assert notes == {
        "ru": "Изменения по сравнению с выпуском 2022.1 от 2022-03-01: мероприятия: добавлено 1, "
        "удалено 1, изменено 1; организации: добавлено 0, удалено 0, изменено 0; места: "
        "добавлено 0, удалено 0, изменено 0.",
        "en": "Changes since release 2022.1 of 2022-03-01: events: 1 added, 1 removed, "
        "1 changed; organisations: 0 added, 0 removed, 0 changed; places: 0 added, 0 removed, "
        "0 changed.",
    }
    shapes = Graph().parse(DCAT_AP_SHAPES, format="turtle")
    vocabularies = Graph().parse(data=VOCABULARIES, format="turtle")
    conforms, _, text = validate(catalog + vocabularies, shacl_graph=shapes)
    assert conforms, text


def test_a_first_release_has_no_changes(editions: tuple[Path, Path]) -> None:
    first = editions[0]
    assert not (first / "changes.json").exists()
    assert not (first / "changes.ttl").exists()
    assert not (first / "site" / "changes").exists()
    assert "changes/index.html" not in (first / "site" / "index.html").read_text("utf-8")
    catalog = Graph().parse(first / "catalog.ttl", format="turtle")
    dataset = URIRef(LANDING + "dataset/2022.1")
    assert list(catalog.objects(dataset, DCAT3.version)) == [Literal("2022.1")]
    assert not list(catalog.objects(dataset, DCAT3.previousVersion))
    assert set(catalog.objects(dataset, ADMS.versionNotes)) == {
        Literal("Первый выпуск.", lang="ru"),
        Literal("First release.", lang="en"),
    }


def test_building_over_itself_gives_no_change_and_the_same_bytes(
    editions: tuple[Path, Path], tmp_path: Path
) -> None:
    """Built again over itself (same version): no change, no previousVersion (the dataset
    it follows is itself); once more: every file the same."""
    source = editions[1].parent / "next" / "2021.txt"
    toml = editions[1].parent / "release-2023.1.toml"
    out = tmp_path / "out"
    shutil.copytree(editions[1], out)
    release(source, out, toml)
    found = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert found["previous"]["dataset"] == LANDING + "dataset/2023.1"
    for kind in ("events", "organisations", "places"):
        assert found[kind] == {"added": [], "removed": [], "changed": []}
    assert len(changes_graph(out)) == 0
    catalog = Graph().parse(out / "catalog.ttl", format="turtle")
    assert not list(catalog.objects(None, DCAT3.previousVersion))
    page = (out / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert page.count("Без изменений.") == 3
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    release(source, out, toml)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert before.keys() == after.keys()
    assert [p for p in before if before[p] != after[p]] == []


def test_previous_given_as_a_dataset_trig_gives_the_same_changes(
    editions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = editions
    source = new.parent / "next" / "2021.txt"
    out = tmp_path / "fresh"
    release(source, out, new.parent / "release-2023.1.toml", previous=old / "dataset.trig")
    assert (out / "changes.json").read_bytes() == (new / "changes.json").read_bytes()
    assert (out / "changes.ttl").read_bytes() == (new / "changes.ttl").read_bytes()


def test_a_previous_that_is_no_release_is_one_line_and_exit_2(
    editions: tuple[Path, Path], tmp_path: Path
) -> None:
    source = editions[1].parent / "next" / "2021.txt"
    empty = tmp_path / "not-a-release"
    empty.mkdir()
    out = tmp_path / "out"
    done = CliRunner().invoke(
        cli, ["build", str(source), "--out", str(out), "--previous", str(empty), "-q"]
    )
    assert done.exit_code == 2, done.output
    assert done.output == f"error: {empty}: not a release (no dataset.trig in it)\n"
    assert not out.exists()
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    done = CliRunner().invoke(
        cli, ["build", str(source), "--out", str(out), "--previous", str(notes)]
    )
    assert done.exit_code == 2, done.output
    assert done.output.startswith(f"error: {notes}: not a release")
    assert "Traceback" not in done.output


def test_a_previous_release_with_a_damaged_catalogue_is_one_line_with_its_line(
    editions: tuple[Path, Path], tmp_path: Path
) -> None:
    source = editions[1].parent / "next" / "2021.txt"
    damaged = tmp_path / "damaged"
    shutil.copytree(editions[0], damaged)
    catalog = damaged / "catalog.ttl"
    lines = catalog.read_text(encoding="utf-8").split("\n")
    lines[4] = lines[4] + ' "unterminated'
    catalog.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(
        cli, ["build", str(source), "--out", str(out), "--previous", str(damaged), "-q"]
    )
    assert done.exit_code == 2, done.output
    assert done.output.startswith(f"error: {catalog}:5: not readable as Turtle (")
    assert done.output.count("\n") == 1
    assert "Traceback" not in done.output
    assert not out.exists()


def test_a_version_that_is_no_iri_segment_is_refused(tmp_path: Path) -> None:
    toml = config(tmp_path, "2023 beta/1", "2023-02-15")
    with pytest.raises(ConfigError, match="version '2023 beta/1'"):
        load_config(toml)


HOSTILE_ADDED = '<script>alert("added")</script> Концерт'
HOSTILE_REMOVED = '"><img src=x onerror=alert(1)> Встреча'
HOSTILE_VALUE = "</td><script>old()</script>"


def test_hostile_names_on_the_changes_page_are_text(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    first = text.replace("Рабочая встреча по вопросам гастролей", HOSTILE_REMOVED)
    first = first.replace("Подведены итоги", HOSTILE_VALUE)
    row = "\t8.6\t" + HOSTILE_ADDED + "\t10 июня 2021 года\tг. Смоленск\tМузыканты\tИтог\n"
    second = text.replace("\t8.5\tРабочая встреча по вопросам гастролей", "\t8.5\tВстреча")
    second = second.replace(
        "\tДепартамент Смоленской области по образованию",
        row + "\tДепартамент Смоленской области по образованию",
        1,
    )
    for name, content in (("a", first), ("b", second)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "2021.txt").write_text(content, encoding="utf-8")
    toml = ROOT / "data" / "release.toml"
    release(tmp_path / "a" / "2021.txt", tmp_path / "out", toml)
    release(tmp_path / "b" / "2021.txt", tmp_path / "out", config(tmp_path, "2023.1", "2023-02-15"))
    page = (tmp_path / "out" / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;added&quot;)&lt;/script&gt; Концерт</a>" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Встреча</span>" in page
    # an old value of a revised event, shown as text
    assert '<span class="text">&lt;/td&gt;&lt;script&gt;old()&lt;/script&gt;</span>' in page


def test_the_same_bytes_are_no_change_as_reading_them_finds(editions: tuple[Path, Path]) -> None:
    """A rebuild over itself is found unchanged without reading the data; reading the same
    data in another syntax finds the same nothing."""
    new = editions[1]
    same = compare_with(read_previous(new), new / "dataset.trig")
    read = compare_with(read_previous(new / "dataset.nt"), new / "dataset.trig")
    assert same.kinds == read.kinds
    assert all(not (c.added or c.removed or c.changed) for c in read.kinds.values())
    edited = compare_with(read_previous(editions[0]), new / "dataset.trig")
    assert [len(c.changed) for c in edited.kinds.values()] == [1, 0, 0]


def test_no_link_of_a_site_with_changes_is_broken(editions: tuple[Path, Path]) -> None:
    site = editions[1] / "site"
    assert "changes/index.html" in {str(p.relative_to(site)) for p in site.rglob("*.html")}
    assert broken_links(site) == []
