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
from roadmap_kg.publish.site import parts, reuse
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
    # one process (--jobs 1): the patch reaches no page child, a fresh interpreter
    build(_settings(sources, out, jobs=1))
    months, listing = _tree(out, "months"), _tree(out, "listing")
    asked: dict[str, bool] = {}
    keeps = PageCache.keeps_part

    def recorded(cache: PageCache, path: str, shape: str) -> bool:
        kept = keeps(cache, path, shape)
        if cache.found:  # the rebuild's, not the full build's beside it
            asked[path] = kept
        return kept

    monkeypatch.setattr(PageCache, "keeps_part", recorded)
    rebuild_beside_full(_settings([_moved(changed)], out, jobs=1), full)
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


def _moved(changed: Path) -> Path:
    """The seed with its football tournament moved from December to November."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count("12-17 декабря 2021 года") == 1
    moved = changed / SEED.name
    moved.write_text(
        text.replace("12-17 декабря 2021 года", "12-17 ноября 2021 года"), encoding="utf-8"
    )
    return moved


def _said(cache: PageCache) -> tuple[dict[str, set[tuple[str, str]]], dict[str, object]]:
    """What the record says each page and each part page read, with each one's digest."""

    def said(numbers: str) -> set[tuple[str, str]]:
        return {(iri, cache.fingerprints[iri]) for iri in cache.read_by(numbers)}

    pages = {s: said(read) for s, read in cache.reads.items()}
    parts = {p: (shape, said(read)) for p, (shape, read) in cache.parts.items()}
    return pages, parts


@pytest.mark.parametrize("share", [1, 10**9])
def test_a_rebuild_s_record_says_what_a_full_build_s_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: int
) -> None:
    """Numbered as the previous record was, resources no page reads any more kept (share 1),
    or numbered anew as soon as one is (share 10**9)."""
    monkeypatch.setattr(reuse, "UNREAD_SHARE", share)
    out, full, changed = tmp_path / "out", tmp_path / "full", tmp_path / "changed"
    changed.mkdir()
    settings = _settings([SEED], out)
    build(settings)
    key = buildcache.pages_key(settings)
    before = PageCache.load(out, key)
    rebuild_beside_full(_settings([_moved(changed)], out), full)
    rebuilt, fresh = PageCache.load(out, key), PageCache.load(full, key)
    assert rebuilt.found
    assert fresh.found
    assert _said(rebuilt) == _said(fresh)
    if share == 1:  # the previous numbers kept; the tournament's old IRI among them, unread
        assert rebuilt.order[: len(before.order)] == before.order
        assert rebuilt.unread > 0
        assert rebuilt.order != fresh.order
    else:
        assert (rebuilt.order, rebuilt.unread) == (fresh.order, 0)


def test_the_record_reads_back_only_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    settings = Settings(sources=MULTI_SOURCES[:2], out_dir=out)
    build(settings)
    key = buildcache.pages_key(settings)
    cache = PageCache.load(out, key)
    assert cache.found
    assert cache.parts  # the months' pages
    assert all(len(shape) == 24 for shape, _ in cache.parts.values())
    pages, parts = _said(cache)  # every number names a resource with its digest
    assert all(pages.values())
    assert not PageCache.load(out, key + "0").found  # another key: not used
    record = out / buildcache.FOLDER / "pages.json"
    text = record.read_bytes()
    record.write_bytes(text.replace(b'"pages":[["', b'"pages":[[" ', 1))  # one byte more
    assert not PageCache.load(out, key).found


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
