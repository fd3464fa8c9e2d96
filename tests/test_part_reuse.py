"""The part pages a rebuild keeps (a month's events, a part of the listing: parts.PartPlan,
publish/site/reuse.py): made again exactly when what they show changed, and the record of
them in the build cache read back as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from roadmap_kg import buildcache
from roadmap_kg.graphindex import TripleIndex
from roadmap_kg.pipeline import build
from roadmap_kg.publish.site import parts
from roadmap_kg.publish.site.graph import Link, SiteGraph
from roadmap_kg.publish.site.index import listing_plans
from roadmap_kg.publish.site.parts import PartPlan, link_list
from roadmap_kg.publish.site.reuse import PageCache
from roadmap_kg.publish.site.timeline import every_event
from roadmap_kg.settings import Settings
from test_incremental import _settings, assert_same_tree, rebuild_beside_full

from conftest import MULTI_SOURCES, SEED


def _tree(folder: Path, under: str) -> dict[str, bytes]:
    return {
        p.relative_to(folder / "site").as_posix(): p.read_bytes()
        for p in sorted((folder / "site" / under).rglob("index.html"))
    }


def test_a_changed_report_makes_again_exactly_the_part_pages_that_show_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event of the seed moved from December to November: the two months' pages and the
    parts of the listing that list it change, and are made again; the others are kept."""
    monkeypatch.setattr(parts, "TABLE_ROWS", 20)  # listing parts for the seed's kinds
    sources = [SEED]
    out, full, changed = tmp_path / "out", tmp_path / "full", tmp_path / "changed"
    changed.mkdir()
    build(_settings(sources, out))
    months, listing = _tree(out, "months"), _tree(out, "listing")
    asked: dict[str, bool] = {}
    keeps = PageCache.keeps_part

    def recorded(cache: PageCache, path: str, shape: str) -> bool:
        kept = keeps(cache, path, shape)
        if cache.found:  # the rebuild's, not the full build's beside it
            asked[path] = kept
        return kept

    monkeypatch.setattr(PageCache, "keeps_part", recorded)
    text = sources[0].read_text(encoding="utf-8")
    assert text.count("12-17 декабря 2021 года") == 1
    (changed / sources[0].name).write_text(
        text.replace("12-17 декабря 2021 года", "12-17 ноября 2021 года"), encoding="utf-8"
    )
    rebuild_beside_full(_settings([changed / sources[0].name, *sources[1:]], out), full)
    assert_same_tree(out, full)
    made = {path for path, kept in asked.items() if not kept}
    assert set(asked) == set(months) | set(listing)  # every part page was asked about
    now = {**_tree(out, "months"), **_tree(out, "listing")}
    differ = {path for path, data in {**months, **listing}.items() if now.get(path) != data}
    assert {"months/2021/11/index.html", "months/2021/12/index.html"} <= differ
    assert any(path.startswith("listing/event/") for path in differ)
    # a page is made again when what it shows changed, and else only when a resource it
    # shows changed in what it does not show: the row of the event (its text), listed by
    # its name alone on a part of the listing of rows
    assert differ <= made
    assert made - differ
    assert all(b"000_5ce0ec11d6e227b6.txt/L440-445/" in now[path] for path in made - differ)


def test_a_plan_s_shape_is_all_its_page_shows_but_the_site_graph_s_answers() -> None:
    up = Link("Все ресурсы набора", "../../index.html", "")
    plan = PartPlan("listing/event/1/", "Мероприятия: 1–2 из 3", "", "Мероприятия", None,
                    ("https://example.org/id/event/a", "https://example.org/id/event/b"),
                    up, None, Link("часть 2", "../2/index.html", ""), link_list)  # fmt: skip
    assert plan.shape() == PartPlan(*[getattr(plan, f) for f in plan.__slots__]).shape()
    others = [
        PartPlan(
            *[getattr(plan, f) for f in plan.__slots__][:5],
            plan.items[:1],
            up,
            None,
            plan.next,
            link_list,
        ),  # fmt: skip
        PartPlan(
            *[getattr(plan, f) for f in plan.__slots__][:6],
            up,
            Link("часть 0", "../0/index.html", ""),
            plan.next,
            link_list,
        ),  # fmt: skip
        PartPlan(*[getattr(plan, f) for f in plan.__slots__][:9], every_event),
    ]
    assert len({plan.shape(), *(other.shape() for other in others)}) == 4


def test_the_record_of_pages_and_parts_reads_back_as_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    settings = Settings(sources=MULTI_SOURCES[:2], out_dir=out)
    build(settings)
    key = buildcache.pages_key(settings)
    cache = PageCache.load(out, key)
    assert cache.found
    assert cache.parts  # the months' pages
    assert all(len(shape) == 24 for shape, _ in cache.parts.values())
    # what pages and parts read: each resource with its digest, in the release's own terms
    assert all(read in cache.fingerprints for r in cache.reads.values() for read in r)
    assert all(read in cache.fingerprints for _, r in cache.parts.values() for read in r)
    # written again from what was read, it reads back the same
    again = PageCache(key, out.resolve(), digested=True)
    again.now = dict(cache.fingerprints)
    again.made = {s: tuple(r) for s, r in cache.reads.items()}
    again.parts_made = {p: (shape, tuple(r)) for p, (shape, r) in cache.parts.items()}
    (out / buildcache.FOLDER / "pages.json").write_bytes(again.manifest())
    back = PageCache.load(out, key)
    assert (back.reads, back.parts) == (cache.reads, cache.parts)
    assert back.fingerprints == {r: d for r, d in cache.fingerprints.items()}
    assert not PageCache.load(out, key + "0").found  # another key: not used


def test_the_listing_is_planned_in_parts_of_table_rows(
    monkeypatch: pytest.MonkeyPatch, multi_release: Path
) -> None:
    """The plans of the listing cover each large kind once, in order, TABLE_ROWS at a time."""
    monkeypatch.setattr(parts, "TABLE_ROWS", 40)
    data = Graph().parse(multi_release / "dataset.nt", format="nt")
    ontology = Graph().parse(Settings().ontology_dir / "roadmap.ttl", format="turtle")
    site = SiteGraph(TripleIndex(data), ontology, Settings().base_iri)
    plans = listing_plans(site, "id/")
    events = [p for p in plans if p.here.startswith("listing/event/")]
    assert [item for p in events for item in p.items] == site.of_category("event")
    assert len(events) > 1
    assert all(len(p.items) <= 40 for p in plans)
    assert events[0].previous is None
    assert events[-1].next is None
