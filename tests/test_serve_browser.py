"""`roadmap-kg serve` in a real browser: the SPARQL editor at /sparql (the vendored YASGUI)
loads and runs queries with nothing fetched from outside 127.0.0.1, and a canned query run
from its form with values chosen in its lists shows the rows the query gives.

Chromium is driven over the DevTools protocol (tests/cdp.py), which records every request
the page makes; host names other than 127.0.0.1 resolve to nothing, so that a request out
would fail here as it would offline, and shows in the record either way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest

from roadmap_kg.query import bindings, run_local, with_values
from roadmap_kg.serve import ReleaseServer
from test_browser import CHROMIUM, FLAGS

from cdp import Browser
from conftest import serving

pytestmark = pytest.mark.slow

OFFLINE = (*FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")


@pytest.fixture(scope="module")
def server(multi_release: Path) -> Iterator[ReleaseServer]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"CI is set but Chromium is not installed ({CHROMIUM}): .ci/run installs it")
    with serving(multi_release) as running:
        yield running


@pytest.fixture
def browser() -> Iterator[Browser]:
    running = Browser(CHROMIUM, OFFLINE)
    try:
        yield running
    finally:
        running.close()


def outside(browser: Browser, server: ReleaseServer) -> list[str]:
    """The requests that went anywhere but this server (data: and about: stay in the page)."""
    return [
        url
        for url in browser.requests()
        if not url.startswith((server.url, "data:", "about:", "blob:"))
    ]


def expected(server: ReleaseServer, name: str, values: dict[str, str]) -> list[dict[str, str]]:
    query = server.queries[name]
    text = with_values(query.text, bindings(query, values, server.base))
    rows = run_local(text, server.store)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


TABLE_ROWS = "document.querySelectorAll('.tabPanel.active .yasr tbody tr')"
TABLE_TEXT = f"Array.from({TABLE_ROWS}).map(r => r.innerText)"


def test_the_editor_loads_offline_and_runs_queries(server: ReleaseServer, browser: Browser) -> None:
    query = (
        "PREFIX schema: <https://schema.org/>\n"
        "SELECT ?event ?name WHERE { ?event a schema:Event ; schema:name ?name }\n"
        "ORDER BY STR(?name) ?event LIMIT 7"
    )
    names = [row["name"]["value"] for row in run_local(query, server.store)["results"]["bindings"]]
    assert len(names) == 7

    # /sparql?query=… in a browser: the editor, the query run, its rows as a table
    browser.open(server.url + "sparql?query=" + quote(query))
    assert browser.until(f"{TABLE_ROWS}.length === 7")
    shown = browser.evaluate(TABLE_TEXT)
    assert [next(n for n in names if n in row) for row in shown] == names
    assert browser.evaluate("document.documentElement.lang") == "ru"
    # the release's prefixes are declared in the editor's first query
    editor = browser.evaluate("window.roadmapYasgui.getTab().getQuery()")
    assert editor == query

    # a canned query from the examples list: a tab of its own, run with its button
    timeline = expected(server, "events-timeline", {})
    browser.evaluate(
        "(() => { const s = document.getElementById('examples');"
        " s.value = 'events-timeline'; s.dispatchEvent(new Event('change')); })()"
    )
    assert browser.until("document.querySelectorAll('.tabPanel').length === 2")
    assert "PREFIX" in browser.evaluate("window.roadmapYasgui.getTab().getQuery()")
    browser.evaluate("document.querySelector('.tabPanel.active .yasqe_queryButton').click()")
    assert browser.until(f"{TABLE_ROWS}.length === {len(timeline)}")
    first = browser.evaluate(f"{TABLE_ROWS}[0].innerText")
    assert timeline[0]["year"] in first
    assert timeline[0]["events"] in first

    # every request went to this server: the page, YASGUI's files, the queries
    asked = browser.requests()
    assert server.url + "-/yasgui/yasgui.min.js" in asked
    assert server.url + "-/yasgui/yasgui.min.css" in asked
    assert outside(browser, server) == []


def test_a_canned_query_runs_from_its_form_with_chosen_values(
    server: ReleaseServer, browser: Browser
) -> None:
    name = "hosted-events-with-participants-from"
    # a kind other than the default whose answer is not empty, chosen from the page's list
    kinds = [o.value for group in server.choices["kind"] for o in group.options]
    chosen = next(k for k in kinds if k != "conference" and expected(server, name, {"kind": k}))
    rows = expected(server, name, {"kind": chosen})

    browser.open(server.url + f"queries/{name}")
    assert browser.evaluate("document.querySelector('h1').textContent") == (
        "Мероприятия организации с участниками из региона"
    )
    offered = browser.evaluate(
        "Array.from(document.querySelectorAll('select[name=kind] option')).map(o => o.value)"
    )
    assert sorted(offered) == sorted(kinds)
    mark = len(browser.events)
    browser.evaluate(
        f"(() => {{ document.querySelector('select[name=kind]').value = '{chosen}';"
        " document.querySelector('form.params button').click(); })()"
    )
    browser.wait_for("Page.loadEventFired", mark)

    url = browser.evaluate("location.href")
    assert parse_qs(urlparse(url).query)["kind"] == [chosen]  # a link to share
    cells = browser.evaluate(
        "Array.from(document.querySelectorAll('tbody tr td:first-child')).map(c => c.textContent)"
    )
    assert cells == [row["event"] for row in rows]
    assert browser.evaluate("document.querySelector('select[name=kind]').value") == chosen
    assert outside(browser, server) == []

    # the record is complete: a request out of the page shows in it
    browser.evaluate("fetch('http://outside.invalid/probe').catch(() => 0)")
    assert outside(browser, server) == ["http://outside.invalid/probe"]
