"""Regression tests of the safety fixes, each with the attack in the data: a report whose cells
carry `</script>`, `<body>`, `"><img src=x onerror=alert(1)>` and `=HYPERLINK(…)`, built into
a release. Its CSV downloads hold no live formula; `serve` puts its banner after the page's
own <body> tag and leaves the embedded JSON-LD whole; serve's result table links http(s) IRIs
only; a base IRI that would write directives of its own into the server configurations is
refused by Settings itself, not only by the command line.
"""

from __future__ import annotations

import csv
import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from roadmap_kg.errors import ConfigError
from roadmap_kg.pipeline import build
from roadmap_kg.publish.config import load_config
from roadmap_kg.publish.formulas import FORMULA_STARTS, inert_cell
from roadmap_kg.publish.passport import data_file_name
from roadmap_kg.serve import ReleaseServer, _table, with_banner
from roadmap_kg.settings import Settings

from conftest import serving

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
IMG = '"><img src=x onerror=alert(1)>'
ATTACK = f"""Отчет об исполнении в 2021 году Плана мероприятий «Дорожной карты» по развитию сотрудничества между
Санкт-Петербургом и Смоленской областью на 2021-2023 годы

\t№ п/п Плана
\tНаименование
\tСроки проведения
\tМесто проведения
\tУчастники
\tСодержание и результат

\t{HYPERLINK} Департамент Смоленской области по культуре
\t8.2
\t{HYPERLINK}
\t20 апреля 2021 года
\tг. Смоленск
\tПредставители Департамента Смоленской области по культуре
\tВыставка </script><script>alert(1)</script> прошла
\t8.3
\tКонференция <body> {IMG}
\t22-23 апреля 2021 года
\tг. Санкт-Петербург
\tПредставители музеев Смоленской области
\tОбмен опытом
\t8.4
\t-2+3 Онлайн-форум </script><body>
\t3 июня 2021 года
\tонлайн
\tСотрудники музеев
\tПодведены итоги
"""


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("attack")
    source = folder / "attack.txt"
    source.write_text(ATTACK, encoding="utf-8")
    out = folder / "dist"
    assert build(Settings(sources=(source,), out_dir=out)).files
    return out


def cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_events_csv_holds_no_live_formula(release: Path) -> None:
    rows = cells(release / "events.csv")
    assert rows
    for row in rows:
        for column, cell in row.items():
            assert cell[:1] not in FORMULA_STARTS, (column, cell)
    names = [row["name"] for row in rows]
    assert "'" + HYPERLINK in names  # kept as text, and whole
    assert "'-2+3 Онлайн-форум </script><body>" in names
    assert any(IMG in name for name in names)  # not a formula: as the report wrote it


def test_the_passports_data_file_holds_no_live_formula(release: Path) -> None:
    config = load_config(Settings().config_path)
    data = release / data_file_name(config)
    assert data.read_bytes() == (release / "events.csv").read_bytes()
    for row in cells(data):
        assert not [c for c in row.values() if c[:1] in FORMULA_STARTS], row
    for row in cells(release / "meta.csv"):
        if row["property"] == "provenance":
            assert row["value"][:1] not in FORMULA_STARTS


def test_the_csv_metadata_says_how_cells_are_kept_text(release: Path) -> None:
    metadata = json.loads((release / "events.csv-metadata.json").read_text(encoding="utf-8"))
    note = metadata["rdfs:comment"]["@value"]
    assert "apostrophe" in note
    assert "OWASP" in note


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+7 812", "'+7 812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'quoted", "''quoted"),  # one apostrophe removed gives the text back, always
        ("Выставка = 1", "Выставка = 1"),
        ("", ""),
        ("2021-04-20", "2021-04-20"),
        ("https://w3id.org/roadmap-kg/id/event/x", "https://w3id.org/roadmap-kg/id/event/x"),
    ],
)
def test_a_cell_is_written_as_text_a_spreadsheet_does_not_run(text: str, written: str) -> None:
    assert inert_cell(text) == written


# --- serve ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(release: Path) -> Iterator[ReleaseServer]:
    with serving(release) as running:
        yield running


def served(url: str) -> str:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return str(answer.read().decode("utf-8"))


def event_pages(release: Path) -> list[str]:
    site = release / "site"
    return sorted(
        "/".join(page.parent.relative_to(site).parts) + "/"
        for page in site.glob("id/event/**/index.html")
    )


def test_serve_puts_its_banner_after_the_pages_own_body_tag(
    server: ReleaseServer, release: Path
) -> None:
    pages = event_pages(release)
    assert len(pages) == 3
    for path in pages:
        page = served(server.url + path)
        written = (release / "site" / path / "index.html").read_text(encoding="utf-8")
        head, tag, rest = written.partition("\n<body>")
        assert tag, path
        assert page.startswith(head + tag + "<p ")  # the banner, then the page as written
        assert page.endswith(rest)
        assert page.count("roadmap-kg serve:") == 1


def test_serve_leaves_the_json_ld_of_a_page_whole(server: ReleaseServer, release: Path) -> None:
    texts: set[str] = set()
    for path in event_pages(release):
        page = served(server.url + path)
        scripts = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.DOTALL
        )
        assert len(scripts) == 1, path
        texts |= strings(json.loads(scripts[0]))
    # the attack was in the JSON-LD, and it parsed back as the report wrote it
    assert "Конференция <body> " + IMG in texts
    assert "-2+3 Онлайн-форум </script><body>" in texts


def strings(node: object) -> set[str]:
    """Every string of a parsed JSON document."""
    if isinstance(node, str):
        return {node}
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return {text for value in values for text in strings(value)}


def test_a_page_without_a_body_tag_at_a_line_start_is_served_as_it_is() -> None:
    page = b'<html><script>{"x": "<body>"}</script><body><p>x</p></body></html>'
    assert with_banner(page) == page


def test_the_result_table_links_http_iris_only() -> None:
    iris = [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "http://pskov.example/id/org/spbgu",
        "HTTPS://pskov.example/id/org/smolgu",
    ]
    results = {
        "head": {"vars": ["org"]},
        "results": {"bindings": [{"org": {"type": "uri", "value": iri}} for iri in iris]},
    }
    table = _table(results)
    links = re.findall(r'<a href="([^"]*)"', table)
    assert links == ["http://pskov.example/id/org/spbgu", "HTTPS://pskov.example/id/org/smolgu"]
    assert "javascript:alert(1)</td>" in table  # shown, as text
    assert "&lt;script&gt;" in table


# --- the base IRI --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base",
    [
        "https://example.org/id/\nRewriteRule .* http://evil.example/ [R]\n#/",
        'https://example.org/id/"; return 302 http://evil.example/; #/',
        "https://example.org/id/\r/",
        "https://example.org/ id/",
        "javascript:alert(1)//",
        "https://example.org/id",  # no '/' or '#' to mint under
    ],
)
def test_settings_refuse_a_base_iri_that_is_no_iri(base: str) -> None:
    with pytest.raises(ConfigError, match="base IRI"):
        Settings(base_iri=base)


def test_settings_take_an_http_base_iri() -> None:
    assert Settings(base_iri="http://example.org/x#").base_iri == "http://example.org/x#"
