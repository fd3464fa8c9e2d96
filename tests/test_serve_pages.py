"""What `roadmap-kg serve` shows people (issue 17), without a browser: /sparql answers a
browser with the editor and clients with the SPARQL protocol as before; the canned-query
pages are Russian, their parameters choice lists of names from the release, three of them
with a chart; report text stays text in the options and the charts."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from roadmap_kg.charts import figure
from roadmap_kg.choices import Group, Option, release_choices
from roadmap_kg.errors import ConfigError
from roadmap_kg.ids import DEFAULT_BASE
from roadmap_kg.pipeline import build
from roadmap_kg.publish.site.render import template
from roadmap_kg.publish.site.words import events_word
from roadmap_kg.query import Chart, bindings, load_queries, run_local, with_values
from roadmap_kg.serve import OWN_FILES, STATIC, ReleaseServer, query_form, rows_word, wants_html
from roadmap_kg.settings import Settings
from roadmap_kg.vocab import PREFIXES, SCHEMA

from conftest import HANG, SEED, serving

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
HOSTILE = '"><img src=x onerror=alert(1)></option></select><script>alert(1)</script>'
CHARTS = {"events-timeline", "online-share", "organisations-by-activity"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReleaseServer]:
    out = tmp_path_factory.mktemp("serve-pages") / "dist"
    assert build(Settings(sources=(SEED,), out_dir=out, pages=False)).files
    with serving(out) as running:
        yield running


def get(url: str, accept: str | None = None) -> tuple[int, dict[str, str], str]:
    headers = {"Accept": accept} if accept is not None else {}
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=HANG
        ) as a:
            return a.status, dict(a.headers), a.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode("utf-8")


def rows(server: ReleaseServer, name: str, values: dict[str, str] | None = None) -> list[dict]:
    query = server.queries[name]
    text = with_values(query.text, bindings(query, values or {}, server.base))
    return run_local(text, server.store)["results"]["bindings"]


# --- /sparql: the editor for a browser, the protocol for clients -----------------------------


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (BROWSER, True),
        ("text/html", True),
        ("application/xhtml+xml", True),
        ("", False),
        ("*/*", False),
        ("application/sparql-results+json", False),
        ("application/sparql-results+json, text/html;q=0.5", False),
        ("text/html;q=0.5, application/sparql-results+json", False),
        ("text/csv, text/html", False),  # a tie: the protocol, as before
        ("text/turtle;q=0.2, text/html", True),
    ],
)
def test_a_browser_is_told_from_a_sparql_client_by_its_accept_header(
    accept: str, html: bool
) -> None:
    assert wants_html(accept) is html


def test_a_browser_at_sparql_gets_the_editor(server: ReleaseServer) -> None:
    status, headers, page = get(server.url + "sparql", BROWSER)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Vary"] == "Accept"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "connect-src 'self'" in headers["Content-Security-Policy"]
    assert '<div id="yasgui"></div>' in page
    assert '<script src="/-/yasgui/yasgui.min.js"></script>' in page
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == [
        "/-/yasgui/yasgui.min.css",
        "/queries/",
        "/sparql",
        "/queries/",
        "/-/yasgui/yasgui.min.js",
        "/-/sparql.js",
    ]  # nothing from elsewhere
    config = editor_config(page)
    assert config["prefixes"] == {name: str(iri) for name, iri in PREFIXES.items()}
    for name, iri in PREFIXES.items():
        assert f"PREFIX {name}: <{iri}>\n" in config["query"]
    assert set(config["examples"]) == set(server.queries)
    # an example is the canned query with its defaults bound: it runs as it is
    example = config["examples"]["hosted-events-with-participants-from"]
    assert example["title"] == "Мероприятия организации с участниками из региона"
    assert run_local(example["text"], server.store)["results"]["bindings"] == rows(
        server, "hosted-events-with-participants-from"
    )
    assert config["initial"] is None
    assert "SPARQL-редактор" in page


def editor_config(page: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="sparql-config">(.*?)</script>', page, re.DOTALL
    )
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_a_query_in_the_editors_url_stays_data(server: ReleaseServer) -> None:
    attack = "SELECT * { ?s ?p ?o } # </script><script>alert(1)</script><!--"
    _, _, page = get(server.url + "sparql?query=" + quote(attack), BROWSER)
    assert "<script>alert(1)" not in page
    assert page.count("</script>") == 3  # the config, YASGUI and sparql.js: nothing closed early
    assert editor_config(page)["initial"] == attack


@pytest.mark.parametrize("accept", [None, "*/*", "application/sparql-results+json"])
def test_clients_get_the_sparql_protocol_unchanged(
    server: ReleaseServer, accept: str | None
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, headers, body = get(server.url + "sparql?query=" + quote(count), accept)
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
    assert json.loads(body) == run_local(count, server.store)
    status, _, body = get(server.url + "sparql", accept)
    assert status == 400
    assert body == "a SPARQL query is given as ?query=…\n"


def test_the_editors_files_are_served_and_nothing_else_of_the_package(
    server: ReleaseServer,
) -> None:
    for name in OWN_FILES:
        status, headers, body = get(server.url + "-/" + name)
        assert status == 200, name
        assert body == (STATIC / name).read_text(encoding="utf-8")
    assert get(server.url + "-/yasgui/yasgui.min.js")[1]["Content-Type"].startswith(
        "text/javascript"
    )
    for path in ("-/yasgui/README.md", "-/../serve.py", "-/yasgui/../../serve.py", "-/"):
        assert get(server.url + path)[0] == 404, path


def test_the_vendored_yasgui_is_the_release_its_readme_names() -> None:
    readme = (STATIC / "yasgui" / "README.md").read_text(encoding="utf-8")
    assert "`@zazuko/yasgui` 4.6.2" in readme
    for name in ("yasgui.min.js", "yasgui.min.css"):
        digest = hashlib.sha256((STATIC / "yasgui" / name).read_bytes()).hexdigest()
        assert f"`{name}` sha256 `{digest}`" in readme
    assert (STATIC / "yasgui" / "LICENSE").read_text(encoding="utf-8").startswith("The MIT License")


def test_the_editor_turns_off_the_completers_that_ask_other_sites() -> None:
    script = (STATIC / "sparql.js").read_text(encoding="utf-8")
    assert 'autocompleters: ["variables", "prefixes"]' in script
    assert "persistenceId: null" in script


# --- canned queries: Russian, choice lists, charts -------------------------------------------


def test_every_canned_query_has_a_russian_title_description_and_labels() -> None:
    queries = load_queries(Settings().queries_dir)
    for query in queries.values():
        assert re.search("[а-яё]", query.title_ru), query.name
        assert re.search("[а-яё]", query.description_ru), query.name
        for parameter in query.open_parameters:
            assert re.search("[а-яё]", parameter.label_ru), (query.name, parameter.name)
    assert {name for name, q in queries.items() if q.chart is not None} == CHARTS


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 строк"),
        (1, "1 строка"),
        (2, "2 строки"),
        (5, "5 строк"),
        (11, "11 строк"),
        (21, "21 строка"),
        (24, "24 строки"),
        (112, "112 строк"),
    ],
)
def test_result_counts_in_russian(n: int, text: str) -> None:
    assert rows_word(n) == text


def test_a_canned_query_page_is_russian(server: ReleaseServer) -> None:
    status, _, page = get(server.url + "queries/hosted-events-with-participants-from")
    assert status == 200
    assert "<h1>Мероприятия организации с участниками из региона</h1>" in page
    assert '<p class="muted" lang="en">Hosted events with participants from a region</p>' in page
    assert '<p class="count">1 строка</p>' in page
    assert "Проводящая организация" in page
    assert "<button>Выполнить</button>" in page
    assert "Скачать:" in page
    n = len(rows(server, "events-timeline"))
    _, _, page = get(server.url + "queries/events-timeline")
    assert f'<p class="count">{rows_word(n)}</p>' in page
    _, _, index = get(server.url + "queries/")
    assert "<h2>Готовые запросы</h2>" in index
    assert "roadmap-kg release" not in index


def test_every_result_column_has_a_russian_heading(server: ReleaseServer) -> None:
    """Each query's columns, as the store answers them, are headed in Russian on its page
    (the variable stays in the heading's title); a chart's legend too."""
    for name, query in server.queries.items():
        values = {p.name: p.default or "" for p in query.open_parameters}
        values = {k: v or FILLED[k] for k, v in values.items()}
        text = with_values(query.text, bindings(query, values, server.base))
        variables = run_local(text, server.store)["head"]["vars"]
        headings = dict(query.columns_ru)
        assert list(headings) == variables, name
        assert all(re.search("[а-яё]", h, re.IGNORECASE) for h in headings.values()), name
    _, _, page = get(server.url + "queries/organisations-by-activity")
    head = re.findall(r'<th title="\?(\w+)">([^<]*)</th>', page)
    assert head[:3] == [("org", "Организация"), ("name", "Название"), ("events", "Мероприятий")]
    legend = page[page.index('<p class="legend">') :].split("</p>")[0]
    assert "Мероприятий" in legend
    assert "events" not in legend


FILLED = {"host": "smolenskiy-gosudarstvennyy-universitet", "region": "RU-SMO"}
FILLED |= {"place": "RU-SMO", "kind": "forum", "roadmap": "all", "home": "RU-SPE"}


def options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}">(.*?)</select>', page, re.DOTALL)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def test_organisations_are_chosen_by_name_with_their_counts(server: ReleaseServer) -> None:
    _, _, page = get(server.url + "queries/hosted-events-with-participants-from")
    offered = options(page, "host")
    expected = {
        (
            row["org"]["value"].removeprefix(server.base + "org/"),
            f"{row['name']['value']} ({events_word(int(row['events']['value']))})",
        )
        for row in rows(server, "organisations-by-activity")
    }
    assert expected <= set(offered)
    (count,) = list(server.store.query(ORGS))  # every organisation, with or without events
    assert len(offered) == int(count["n"].value)
    labels = [label for _, label in offered]
    assert labels == sorted(labels, key=lambda t: t.lower().replace("ё", "е"))
    selected = re.search(r'<option value="([^"]*)" selected>', page)
    assert selected is not None
    assert selected.group(1) == "sankt-peterburgskiy-gosudarstvennyy-universitet"


ORGS = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a <https://schema.org/Organization> }"


def test_regions_kinds_and_roadmaps_are_chosen_by_name(server: ReleaseServer) -> None:
    _, _, page = get(server.url + "queries/hosted-events-with-participants-from")
    regions = dict(options(page, "region"))
    assert regions["RU-SMO"] == "Смоленская область"
    assert regions["RU-SPE"] == "Санкт-Петербург"
    assert 'value="RU-SMO" selected' in page
    kinds = dict(options(page, "kind"))
    assert kinds["conference"] == "конференция"
    used = {
        str(row["kind"].value).rsplit("/", 1)[1]
        for row in server.store.query(
            "SELECT DISTINCT ?kind WHERE { ?e <https://w3id.org/roadmap-kg/ontology#kind> ?kind }"
        )
    }
    assert set(kinds) == used
    _, _, page = get(server.url + "queries/events-by-plan-item")
    roadmaps = dict(options(page, "roadmap"))
    assert roadmaps["all"] == "все дорожные карты"
    assert roadmaps["ru-smo_ru-spe_2021-2023"].startswith("План мероприятий «Дорожной карты»")


def test_a_chosen_value_stays_in_the_url_and_selected(server: ReleaseServer) -> None:
    _, _, page = get(server.url + "queries/region-partners?region=RU-SPE")
    assert 'value="RU-SPE" selected' in page
    assert 'href="/queries/region-partners?region=RU-SPE&amp;format=csv"' in page
    # a value the list lacks (a venue's key from a shared link) stays, chosen, first
    _, _, page = get(server.url + "queries/events-in-place?place=ru-smo/smolensk/x")
    assert options(page, "place")[0] == ("ru-smo/smolensk/x", "ru-smo/smolensk/x")
    assert 'value="ru-smo/smolensk/x" selected' in page
    # a region's code in lower case is the region in the list
    _, _, page = get(server.url + "queries/events-in-place?place=ru-smo")
    assert 'value="RU-SMO" selected' in page


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_three_queries_show_a_chart_with_a_bar_per_row(server: ReleaseServer, name: str) -> None:
    chart = server.queries[name].chart
    assert chart is not None
    answer = rows(server, name)
    _, _, page = get(server.url + "queries/" + name)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert page.index("<svg") < page.index("<table>")  # above the table
    bars = min(len(answer), chart.limit or len(answer))
    assert svg.count('<g class="bar">') == bars
    parts = sum(
        1 for row in answer[:bars] for v in chart.y if v in row and float(row[v]["value"]) > 0
    )
    assert svg.count("<rect ") == parts
    totals = re.findall(r'<text class="total"[^>]*>([^<]*)</text>', svg)
    assert [int(t) for t in totals] == [
        sum(int(row[v]["value"]) for v in chart.y if v in row) for row in answer[:bars]
    ]


def test_a_query_without_a_chart_header_has_none(server: ReleaseServer) -> None:
    _, _, page = get(server.url + "queries/events-in-place")
    assert "<svg" not in page


def test_a_chart_header_is_checked() -> None:
    from roadmap_kg.query import _chart

    assert _chart("bar x=year+month y=events", "t.rq:3") == Chart(
        "bar", ("year", "month"), ("events",)
    )
    assert _chart("hbar x=name y=a,b limit=5", "t.rq:3") == Chart("hbar", ("name",), ("a", "b"), 5)
    for bad in ("pie x=a y=b", "bar x=a", "bar x=a y=b limit=many", "bar x=a y=b colour=red"):
        with pytest.raises(ConfigError, match="t.rq:3: a chart is"):
            _chart(bad, "t.rq:3")


def test_a_russian_label_of_no_parameter_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text(
        "# title: T\n# description: D\n# param@ru: nothing Ничто\nSELECT * WHERE { ?s ?p ?o }\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="q.rq: '# param@ru:' of no parameter: nothing"):
        load_queries(tmp_path)


# --- report text in options and charts --------------------------------------------------------


def hostile_store() -> ox.Store:
    store = ox.Store()
    org = ox.NamedNode(DEFAULT_BASE + "org/x")
    region = ox.NamedNode(DEFAULT_BASE + "place/ru-smo")
    for subject, kind in ((org, SCHEMA.Organization), (region, SCHEMA.AdministrativeArea)):
        store.add(ox.Quad(subject, ox.NamedNode(str(RDF_TYPE)), ox.NamedNode(str(kind))))
        store.add(
            ox.Quad(subject, ox.NamedNode(str(SCHEMA.name)), ox.Literal(HOSTILE, language="ru"))
        )
    return store


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_hostile_names_stay_text_in_the_choice_lists() -> None:
    choices = release_choices(hostile_store(), DEFAULT_BASE, {})
    assert choices["org"] == [Group("", (Option("x", f"{HOSTILE} (0 мероприятий)"),))]
    query = load_queries(Settings().queries_dir)["hosted-events-with-participants-from"]
    form = str(template("serve_parts.html").module.form(query_form(query, {}, choices)))  # type: ignore[attr-defined]
    assert "<img" not in form
    assert "<script>" not in form
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;/option&gt;&lt;/select&gt;" in form
    assert form.count("<select ") == form.count("</select>") == 3


@pytest.mark.parametrize("kind", ["bar", "hbar"])
def test_hostile_labels_stay_text_in_a_chart(kind: str) -> None:
    results = {
        "head": {"vars": ["name", "events"]},
        "results": {
            "bindings": [
                {
                    "name": {"type": "literal", "value": HOSTILE + str(i)},
                    "events": {"type": "literal", "value": str(i + 1)},
                }
                for i in range(3)
            ]
        },
    }
    drawn = figure(Chart(kind, ("name",), ("events",)), results)
    assert drawn is not None
    svg = str(template("serve_parts.html").module.chart(drawn))  # type: ignore[attr-defined]
    assert "<img" not in svg
    assert "<script>" not in svg
    assert svg.count('<g class="bar">') == 3
    assert "&lt;/option&gt;" in svg
