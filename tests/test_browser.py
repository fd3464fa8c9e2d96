"""The site in a real browser: headless Chromium (Debian's package) loads the pages from disk
and dumps the DOM after its scripts ran; the chart, the table and the filter are read from it.

Without Chromium the tests are skipped on a developer's machine, never in CI (CI is set there:
.ci/run installs Chromium, and a missing browser fails the run instead of passing silently).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib.namespace import RDF

from roadmap_kg.publish.site import search_text
from roadmap_kg.vocab import SCHEMA
from test_site import Page, Site, build_site, make_release, mirrored

from conftest import SEED

# every test here starts Chromium: left out of `make test-fast`
pytestmark = pytest.mark.slow

FOUND = shutil.which("chromium")
if FOUND is None and "CI" not in os.environ:
    pytest.skip(
        "Chromium is not installed (Debian: apt-get install chromium)", allow_module_level=True
    )
CHROMIUM = FOUND or "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"CI is set but Chromium is not installed ({CHROMIUM}): .ci/run installs it")
    release = make_release((SEED,))
    folder = tmp_path_factory.mktemp("browser") / "dist"
    return Site(release, folder, build_site(release, folder))


def dump_dom(*urls: str) -> list[str]:
    """The DOM of each page after load, one Chromium per page, all started at once."""
    runs = []
    with tempfile.TemporaryDirectory() as profiles:
        for n, url in enumerate(urls):
            profile = Path(profiles) / str(n)
            profile.mkdir()
            runs.append(
                subprocess.Popen(
                    [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            )
        doms = []
        for run in runs:
            out, _ = run.communicate(timeout=60)
            assert run.returncode == 0, f"chromium exited with {run.returncode}"
            doms.append(out.decode("utf-8"))
    return doms


def visible(dom: str) -> list[bool]:
    """Whether each row of the events table shows (the filter hides with the hidden attribute
    or display: none)."""
    rows = re.findall(r"<tr [^>]*data-search=[^>]*>", dom)
    return [not re.search(r'\shidden(=""|\s|>)|display:\s*none', row) for row in rows]


def pick_word(page: Page) -> str:
    """A word of some event names that some rows match and others do not."""
    texts = [row["data-search"] or "" for row in page.rows]
    for word in sorted({w for t in texts for w in re.findall(r"[а-яё]{6,}", t)}):
        hits = sum(word in t for t in texts)
        if 1 < hits < len(texts) // 2:
            return word
    raise AssertionError("no word to filter by")


def test_the_index_page_in_a_browser(site: Site) -> None:
    index = site.root / "index.html"
    static = Page(index.read_text(encoding="utf-8"))
    word = pick_word(static)
    event = sorted(site.graph.subjects(RDF.type, SCHEMA.Event), key=str)[0]
    filtered, month, page = dump_dom(
        index.as_uri() + "?q=" + quote(word.upper()),
        index.as_uri() + "?q=2021-03",
        mirrored(site.root, event).as_uri(),
    )

    # the chart and the table, as the browser built them (hidden rows stay in the DOM)
    dom = Page(filtered)
    events = list(site.graph.subjects(RDF.type, SCHEMA.Event))
    months = Counter(str(site.graph.value(e, SCHEMA.startDate))[:7] for e in events)
    assert "<svg" in filtered
    assert {b["data-month"]: int(b["data-count"] or 0) for b in dom.bars} == dict(months)
    assert len(dom.bar_titles) == len(months)
    assert len(dom.rows) == len(events)

    # ?q=WORD: the rows whose text holds the word, and only those
    expected = [word in search_text(row["data-search"] or "") for row in static.rows]
    assert 1 < sum(expected) < len(expected)
    assert visible(filtered) == expected
    assert re.search(rf'id="shown">{sum(expected)}<', filtered)
    assert f'value="{word.upper()}"' in filtered

    # a bar's link (?q=YYYY-MM) shows the events that start in that month
    shown = sum(visible(month))
    assert shown == months["2021-03"] > 0

    # an event page: its name, its facts and its JSON-LD survive the browser
    name = str(site.graph.value(event, SCHEMA.name))
    assert Page(page).h1 == [name]
    assert '<script type="application/ld+json">' in page
    assert "Источник" in page
