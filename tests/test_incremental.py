"""A build over a previous release (issue 16): only changed source files are read and drafted
again, only pages whose resources changed are made, only files whose bytes changed are
written, and the release is byte for byte the one a full build gives."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from roadmap_kg import buildcache, pipeline
from roadmap_kg.extract.registry import RegistryState
from roadmap_kg.lang import morph
from roadmap_kg.model import Report
from roadmap_kg.pipeline import BuildResult, build
from roadmap_kg.plain import PlainDataError, decode, encode
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings
from test_fixlist import WARNING_SHAPE

from conftest import FIXTURES, MULTI_SOURCES, ROOT, SEED

sys.path.insert(0, str(ROOT / "tools"))
from release_digests import cases  # noqa: E402

PAST = 1_000_000_000  # 2001-09-09: a time no file written now has


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file of a release but its build cache, by its path in the release."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != buildcache.FOLDER
    }


def assert_same_tree(folder: Path, expected: Path) -> None:
    got, wanted = _tree(folder), _tree(expected)
    assert sorted(got) == sorted(wanted), set(got) ^ set(wanted)
    differ = [name for name in wanted if got[name] != wanted[name]]
    assert not differ, differ[:10]


def rebuild_beside_full(settings: Settings, full: Path) -> BuildResult:
    """Rebuild over settings.out_dir, and make in full the full build the rebuild must equal:
    a fresh folder given the release rebuilt over as --previous, so that both compare the
    same two releases (changes.json, changes.ttl, site/changes/)."""
    previous = full.with_name(full.name + "-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if (settings.out_dir / "dataset.trig").is_file():  # less its cache: a full build over it
        shutil.copytree(settings.out_dir, previous, ignore=_CACHE)
    result = build(settings)
    shutil.rmtree(full, ignore_errors=True)
    build(replace(settings, out_dir=full, previous=previous if previous.is_dir() else None))
    return result


_CACHE = shutil.ignore_patterns(buildcache.FOLDER)


def _settings(sources: list[Path], out: Path, **more: object) -> Settings:
    return Settings(sources=tuple(sources), out_dir=out, **more)  # type: ignore[arg-type]


def _age(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (PAST, PAST))


def _edited(source: Path, folder: Path) -> Path:
    """A copy of a text report with one event's date moved a day (its IRI changes too), or
    where no date is written so, words added to its last row."""
    lines = source.read_text(encoding="utf-8").split("\n")
    copy = folder / source.name
    for number, line in enumerate(lines):
        for day in range(1, 28):
            text = f"{day:02d}.0"
            if number > 10 and text in line:
                lines[number] = line.replace(text, f"{day + 1:02d}.0", 1)
                copy.write_text("\n".join(lines), encoding="utf-8")
                return copy
    last = max(n for n, line in enumerate(lines) if line.strip())
    lines[last] += " Итоги дополнены."
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy


def test_a_rebuild_after_one_report_changed_is_the_full_build(tmp_path: Path) -> None:
    sources = list(MULTI_SOURCES)
    changed = tmp_path / "changed"
    changed.mkdir()
    edited = [_edited(sources[1], changed), *sources[2:]]
    out, full = tmp_path / "out", tmp_path / "full"
    build(_settings(sources[1:], out))
    _age(out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = rebuild_beside_full(_settings(edited, out), full)
    assert_same_tree(out, full)
    kept = [p for p in before if p.exists() and p.stat().st_mtime_ns == before[p]]
    rewritten = {p.relative_to(out).as_posix() for p in before if p not in kept}
    # files whose bytes are the same keep their time; only what the change touched moved
    assert {"ontology.ttl", "shapes.ttl", "context.jsonld", ".htaccess"} <= {
        p.relative_to(out).as_posix() for p in kept
    }
    assert "dataset.nt" in rewritten
    assert len(kept) > 10 * len(rewritten)
    assert len(result.files) == len(_tree(full))


def _data_writers(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Have every process that writes a release's data files note its id in log."""
    from roadmap_kg.publish import release

    write_data = release.write_data

    def noted(*args: object, **kwargs: object) -> object:
        with log.open("a", encoding="utf-8") as notes:
            notes.write(f"{os.getpid()}\n")
        return write_data(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(release, "write_data", noted)


@pytest.mark.parametrize(("jobs", "warning_shapes"), [(2, False), (1, False), (2, True)])
def test_a_rebuild_writes_its_data_files_beside_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, warning_shapes: bool
) -> None:
    """A rebuild keeps most pages: its data files are written by a forked worker while this
    process builds the site's look-ups (with one job, by this process; and when the fix-list
    waits for the validation's warnings, which the worker would make again); a full build
    writes them in this process while the page children write pages."""
    sources = list(MULTI_SOURCES)
    changed = tmp_path / "changed"
    changed.mkdir()
    edited = [_edited(sources[1], changed), *sources[2:]]
    out, log = tmp_path / "out", tmp_path / "writers.txt"
    more: dict[str, object] = {"jobs": jobs}
    if warning_shapes:
        shapes = tmp_path / "shapes"
        shutil.copytree(Settings().shapes_dir, shapes)
        (shapes / "warn.ttl").write_text(WARNING_SHAPE, encoding="utf-8")
        more["shapes_dir"] = shapes
    _data_writers(monkeypatch, log)
    build(_settings(sources[1:], out, **more))
    assert log.read_text().split() == [str(os.getpid())]
    log.unlink()
    result = build(_settings(edited, out, **more))
    writers = log.read_text().split()
    assert len(writers) == 1
    assert (writers[0] == str(os.getpid())) is (jobs == 1 or warning_shapes)
    assert any(v.severity == "Warning" for v in result.validation.violations) is warning_shapes


def test_a_release_given_as_previous_is_built_over_into_a_folder_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--previous DIR --reuse --out NEW: DIR's cache is used as an update in place would use it
    (only the changed file read, unchanged pages kept, linked from DIR), NEW is the full
    build, and DIR stays as it was, through a later update of NEW in place too."""
    sources = list(MULTI_SOURCES)
    changed = tmp_path / "changed"
    changed.mkdir()
    edited = [_edited(sources[1], changed), *sources[2:]]
    first, new, full = tmp_path / "first", tmp_path / "new", tmp_path / "full"
    build(_settings(sources[1:], first))
    _age(first)
    before = _tree(first)
    read: list[str] = []
    original = pipeline.read_source
    monkeypatch.setattr(pipeline, "read_source", lambda p: read.append(p.name) or original(p))
    build(_settings(edited, new, previous=first, reuse_previous=True))
    assert read == [edited[0].name]
    bare = tmp_path / "bare"  # the same release without its cache: a full build over it
    shutil.copytree(first, bare, ignore=_CACHE)
    build(_settings(edited, full, previous=bare))
    assert_same_tree(new, full)
    pages = sorted(new.glob("site/**/index.html"))
    there = [(p, first / p.relative_to(new)) for p in pages]
    kept = [p for p, old in there if old.is_file() and os.path.samefile(p, old)]
    assert len(kept) > len(pages) // 2, (len(kept), len(pages))
    assert (new / buildcache.FOLDER / buildcache.DRAFTS).is_file()  # for the next build
    again = tmp_path / "again"
    again.mkdir()
    build(_settings([edited[0], _edited(edited[1], again), *edited[2:]], new))
    assert _tree(first) == before
    assert {p.stat().st_mtime for p in first.rglob("*") if p.is_file()} == {PAST}


def _other_device(tmp_path: Path) -> Path | None:
    """A fresh folder on another file system than tmp_path (tmpfs), or None."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    if shm.stat().st_dev == tmp_path.stat().st_dev:
        return None
    return Path(tempfile.mkdtemp(dir=shm))


@pytest.mark.slow
def test_kept_files_of_a_release_on_another_file_system_are_copied(tmp_path: Path) -> None:
    """Where no file can be linked across (another device), kept pages are copied: the same
    bytes and times, and the release is the full build."""
    other = _other_device(tmp_path)
    if other is None:
        pytest.skip("no writable /dev/shm on another file system than the test's folder")
    try:
        first, new, full = other / "first", tmp_path / "new", tmp_path / "full"
        changed = tmp_path / "changed"
        changed.mkdir()
        sources = list(MULTI_SOURCES[1:3])
        build(_settings(sources, first))
        _age(first)
        edited = [_edited(sources[0], changed), sources[1]]
        build(_settings(edited, new, previous=first, reuse_previous=True))
        bare = tmp_path / "bare"
        shutil.copytree(first, bare, ignore=_CACHE)
        build(_settings(edited, full, previous=bare))
        assert_same_tree(new, full)
        there = [(p, first / p.relative_to(new)) for p in new.glob("site/**/index.html")]
        copied = [p for p, old in there if old.is_file() and p.stat().st_mtime == PAST]
        assert len(copied) > len(there) // 2, (len(copied), len(there))
        assert not [p for p, old in there if old.is_file() and os.path.samefile(p, old)]
    finally:
        shutil.rmtree(other, ignore_errors=True)


def test_a_release_given_as_previous_alone_is_only_compared_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --reuse, the cache of the release given with --previous (which may come from
    elsewhere) is not read: every source is read and drafted, every page made."""
    first, new = tmp_path / "first", tmp_path / "new"
    build(_settings([SEED], first))
    read: list[str] = []
    original = pipeline.read_source
    monkeypatch.setattr(pipeline, "read_source", lambda p: read.append(p.name) or original(p))
    build(_settings([SEED], new, previous=first))
    assert read == [SEED.name]
    there = [(p, first / p.relative_to(new)) for p in new.glob("site/**/index.html")]
    assert there
    assert not [p for p, old in there if old.is_file() and os.path.samefile(p, old)]
    assert (new / "changes.json").is_file()


def test_files_of_the_release_that_did_not_change_keep_their_time(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(_settings([SEED], out))
    build(_settings([SEED], out))  # now it follows a release (changes.json, …)
    _age(out)
    build(_settings([SEED], out))
    times = {p.stat().st_mtime for p in out.rglob("*") if p.is_file() and ".build" not in p.parts}
    assert times == {PAST}


@pytest.mark.slow
def test_a_removed_source_file_takes_its_report_and_pages_with_it(tmp_path: Path) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    build(_settings(list(MULTI_SOURCES), out))
    rebuild_beside_full(_settings(list(MULTI_SOURCES[:-1]), out), full)
    assert_same_tree(out, full)


@pytest.mark.slow
def test_a_release_without_pages_over_one_with_them_has_none(tmp_path: Path) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    build(_settings([SEED], out))
    rebuild_beside_full(_settings([SEED], out, pages=False), full)
    assert_same_tree(out, full)
    rebuild_beside_full(_settings([SEED], out), full)  # and back
    assert_same_tree(out, full)


@pytest.mark.slow
def test_unchanged_files_are_neither_read_nor_drafted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    sources = list(MULTI_SOURCES)
    build(_settings(sources, out))
    read: list[str] = []
    original = pipeline.read_source
    monkeypatch.setattr(pipeline, "read_source", lambda p: read.append(p.name) or original(p))
    changed = tmp_path / "changed"
    changed.mkdir()
    build(_settings([_edited(sources[0], changed), *sources[1:]], out))
    assert read == [sources[0].name]


@pytest.mark.slow
def test_changed_reference_data_drafts_every_report_again(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(Settings().reference_dir, reference)
    out, full = tmp_path / "out", tmp_path / "full"
    settings = _settings([SEED], out, reference_dir=reference)
    build(settings)
    assert pipeline.extract_over_previous(settings, Reference(reference)).previous.found
    venues = reference / "venue-abbreviations.csv"
    venues.write_text(venues.read_text(encoding="utf-8") + "ЦКР,Центр культурного развития\n")
    assert not pipeline.extract_over_previous(settings, Reference(reference)).previous.found
    rebuild_beside_full(settings, full)
    assert_same_tree(out, full)


_SLOW = pytest.mark.slow


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "{not json",
        pytest.param(  # a year as text
            lambda text: re.sub(r",(\d{4}),", r',"\1",', text, count=1), marks=_SLOW
        ),
        pytest.param(lambda text: text.replace('"line"', '"lines"', 1), marks=_SLOW),
        pytest.param(lambda text: "", marks=_SLOW),
        pytest.param(lambda text: "[]", marks=_SLOW),
        pytest.param(lambda text: '{"key": 1}', marks=_SLOW),
        pytest.param(lambda text: text.replace('"key":"', '"key":"0', 1), marks=_SLOW),
        pytest.param(lambda text: text.replace("\n", "\n1\n", 1), marks=_SLOW),  # not a draft
        pytest.param(lambda text: "[" * 100_000 + "]" * 100_000, marks=_SLOW),
    ],
)
def test_a_damaged_or_foreign_cache_is_a_full_build(tmp_path: Path, damage) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    reports = FIXTURES / "reports"
    sources = [SEED, *sorted(reports.glob("*.txt"))[:1]]
    build(_settings(sources, out))
    for name in (buildcache.DRAFTS, "pages.json"):
        path = out / buildcache.FOLDER / name
        path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    changed = tmp_path / "changed"
    changed.mkdir()
    edited = [sources[0], _edited(sources[1], changed)]
    result = rebuild_beside_full(_settings(edited, out), full)
    assert result.files
    assert_same_tree(out, full)


def _draft_lines(out: Path) -> dict[str, bytes]:
    """The lines of a release's cached drafts after the first, by their source file's name."""
    text = (out / buildcache.FOLDER / buildcache.DRAFTS).read_bytes()
    lines = text.split(b"\n")[1:-1]
    return {json.loads(line)[0].split("\t")[0]: line for line in lines}


def test_unchanged_sources_drafts_are_written_back_as_read(tmp_path: Path) -> None:
    """A kept draft's line is copied, not encoded again; a changed source's is encoded."""
    out, full = tmp_path / "out", tmp_path / "full"
    sources = [SEED, sorted((FIXTURES / "reports").glob("*.txt"))[0]]
    build(_settings(sources, out, pages=False))
    before = _draft_lines(out)
    assert "Отчет".encode() in before[SEED.name]
    # the seed's draft spelt otherwise: a letter of its title as a JSON escape, which
    # decodes to the same draft but is not what encoding it gives
    path = out / buildcache.FOLDER / buildcache.DRAFTS
    escaped = before[SEED.name].replace("Отчет".encode(), b"\\u041e" + "тчет".encode(), 1)
    path.write_bytes(path.read_bytes().replace(before[SEED.name], escaped))
    changed = tmp_path / "changed"
    changed.mkdir()
    edited = [SEED, _edited(sources[1], changed)]
    rebuild_beside_full(_settings(edited, out, pages=False), full)
    rebuilt, wanted = _draft_lines(out), _draft_lines(full)
    assert rebuilt[SEED.name] == escaped  # copied as it was read
    assert wanted[SEED.name] == before[SEED.name]
    assert rebuilt[sources[1].name] == wanted[sources[1].name] != before[sources[1].name]
    assert_same_tree(out, full)


def test_only_the_drafts_of_this_builds_sources_are_decoded(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sources = [SEED, sorted((FIXTURES / "reports").glob("*.txt"))[0]]
    build(_settings(sources, out, pages=False))
    path = out / buildcache.FOLDER / buildcache.DRAFTS
    lines = path.read_bytes().split(b"\n")
    name = json.loads(lines[2])[0]
    lines[2] = json.dumps([name, "no draft", 1]).encode()  # the second source's: not one
    path.write_bytes(b"\n".join(lines))
    settings = _settings(sources[:1], out, pages=False)
    previous = pipeline.extract_over_previous(settings, Reference(settings.reference_dir)).previous
    assert previous.found
    assert [key.split("\t")[0] for key in previous.drafts] == [SEED.name]
    both = _settings(sources, out, pages=False)
    assert not pipeline.extract_over_previous(both, Reference(both.reference_dir)).previous.found


def test_the_cache_is_in_no_listing_of_the_release(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(_settings([SEED], out))
    assert (out / buildcache.FOLDER / buildcache.DRAFTS).is_file()
    assert not [p for p in result.files if buildcache.FOLDER in p.parts]
    for listing in ("catalog.ttl", "void.ttl", "meta.csv", "site/index.html"):
        assert ".build" not in (out / listing).read_text(encoding="utf-8")


def test_a_report_and_what_it_learnt_come_back_from_plain_data(seed_report: Report) -> None:
    back = decode(Report, json.loads(json.dumps(encode(seed_report))))
    assert back == seed_report
    assert [e.cells for e in back.events] == [e.cells for e in seed_report.events]
    assert back.roadmap.name == seed_report.roadmap.name
    state = RegistryState(
        {"a": Counter({"A": 2})},
        {},
        {},
        {"a": "b"},
        {"a": seed_report.events[0].source},
        {},
        {("x", "y"): Counter({"a": 1})},
        {"a": ("x",)},
    )
    assert decode(RegistryState, json.loads(json.dumps(encode(state)))) == state


@pytest.mark.parametrize(
    ("kind", "data"),
    [(int, True), (int, "1"), (str, 1), (bool, 0), (tuple[int, ...], [1, "2"])],
)
def test_plain_data_of_another_type_is_refused(kind: type, data: object) -> None:
    with pytest.raises(PlainDataError):
        decode(kind, data)


def test_a_literal_outside_its_set_is_refused(seed_report: Report) -> None:
    data = encode(seed_report)
    event = data[5][0]  # the first event
    event[3] = "teleport"  # its attendance mode
    with pytest.raises(PlainDataError):
        decode(Report, data)


def _case_arguments(arguments: list[str]) -> tuple[list[Path], list[Path], bool]:
    sources, links, pages = [], [], True
    items = iter(arguments)
    for item in items:
        if item == "--link-with":
            links.append(Path(next(items)))
        elif item == "--no-pages":
            pages = False
        else:
            sources.append(Path(item))
    return sources, links, pages


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(cases()))
def test_every_fixture_rebuilt_over_another_release_is_its_full_build(
    tmp_path: Path, case: str
) -> None:
    """Over the release of another fixture (everything changed), over its own release less
    its last file (a report added), and over itself (nothing changed)."""
    sources, links, pages = _case_arguments(cases()[case])
    other = SEED if sources[0] != SEED else FIXTURES / "reports" / "tricky-2022.txt"
    out, full = tmp_path / "out", tmp_path / "full"
    settings = _settings(sources, out, link_with=tuple(links), pages=pages)
    build(replace(settings, sources=(other,)))
    rebuild_beside_full(settings, full)
    assert_same_tree(out, full)
    if len(sources) > 1:
        build(replace(settings, sources=tuple(sources[:-1])))
        rebuild_beside_full(settings, full)
        assert_same_tree(out, full)
    build(settings)  # over itself: changes.json now compares the release with itself
    _age(out)
    rebuild_beside_full(settings, full)
    assert_same_tree(out, full)
    assert {
        p.stat().st_mtime for p in out.rglob("*") if p.is_file() and ".build" not in p.parts
    } == {PAST}


def test_a_rebuild_takes_the_lemmas_of_the_cache_without_parsing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, full = tmp_path / "out", tmp_path / "full"
    sources = [SEED, sorted((FIXTURES / "reports").glob("*.txt"))[0]]
    build(_settings(sources, out, pages=False))
    code = buildcache.code_key(Settings().reference_dir)
    given = buildcache.load_lemmas(out, code)
    assert given["университета"] == "университет"
    assert given == {word: morph._lemma(word) for word in given}
    other = ("1" if code[0] == "0" else "0") + code[1:]
    assert buildcache.load_lemmas(out, other) == {}  # other code or data: none
    parsed: list[str] = []
    original = morph._lemma
    monkeypatch.setattr(morph, "_lemma", lambda word: parsed.append(word) or original(word))
    changed = tmp_path / "changed"
    changed.mkdir()
    edited = _settings([SEED, _edited(sources[1], changed)], out, pages=False)
    rebuild_beside_full(edited, full)
    assert_same_tree(out, full)
    parsed.clear()
    build(edited)  # over itself: the cache holds every word it looks up
    assert parsed == []
    parsed.clear()
    build(replace(edited, out_dir=tmp_path / "fresh"))
    assert set(given) & set(parsed)  # without the cache they are parsed


def test_lemmas_given_are_taken_and_kept_for_the_next_build() -> None:
    try:
        morph.remember_lemmas({"квазислово": "квазилемма"})
        assert morph.lemma("квазислово") == "квазилемма"
        assert morph.lemma("университета") == "университет"
        assert morph.lemmas() == {"квазислово": "квазилемма", "университета": "университет"}
        morph.remember_lemmas({})
        assert morph.lemma("квазислово") == "квазислово"
        assert morph.lemmas() == {"квазислово": "квазислово"}
    finally:
        morph.remember_lemmas({})


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{",
        "[]",
        '{"format": 2, "key": "K", "lemmas": [["слово", 1]]}',
        '{"format": 1, "key": "K", "lemmas": [["слово", "слово"]]}',
    ],
)
def test_a_damaged_cache_of_lemmas_gives_none(tmp_path: Path, damage: str) -> None:
    (tmp_path / buildcache.FOLDER).mkdir()
    (tmp_path / buildcache.FOLDER / buildcache.LEMMAS).write_text(damage, encoding="utf-8")
    assert buildcache.load_lemmas(tmp_path, "K") == {}
