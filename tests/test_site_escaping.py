"""Report text is text on every page: markup, a script end or a javascript: IRI carried by the
data never becomes live HTML, and the JSON-LD embedded in a page still parses to that text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF

from roadmap_kg.publish.site import pages
from roadmap_kg.publish.site.graph import Date, Link, Plain, Text, Value
from roadmap_kg.publish.site.render import environment, shown
from roadmap_kg.vocab import RM, SCHEMA
from test_site import build_site, make_release, mirrored

from conftest import SEED

# (href="./ is how an events-table row kept for pages of every depth marks its links)
ATTACK = '</script><body>"><img src=x onerror=alert(1)> & <!-- =HYPERLINK("http://x") href="./x'
SCRIPT_IRI = "javascript:alert(1)"


class Parsed(HTMLParser):
    """The tags a browser would build from a page, and the text of its JSON-LD scripts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.jsonld: list[str] = []
        self._script: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.jsonld.append("".join(self._script))
            self._script = None


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, URIRef, URIRef]:
    """The seed's site, with an event named by the attack, its source row carrying it, and
    an organisation said to be the same as a javascript: IRI (as a linked dataset could)."""
    release = make_release((SEED,))
    graph = release.graph
    event = sorted(graph.subjects(RDF.type, SCHEMA.Event), key=str)[0]
    graph.set((event, SCHEMA.name, Literal(ATTACK, lang="ru")))
    row = graph.value(event, PROV.wasDerivedFrom)
    graph.set((row, RM.sourceText, Literal(f"1\t{ATTACK}")))
    body = sorted(graph.subjects(RDF.type, SCHEMA.Organization), key=str)[0]
    graph.add((body, OWL.sameAs, URIRef(SCRIPT_IRI)))
    folder = tmp_path_factory.mktemp("attacked") / "dist"
    build_site(release, folder)
    return folder, event, body


def test_report_text_is_never_live_html(attacked: tuple[Path, URIRef, URIRef]) -> None:
    folder, event, body = attacked
    checked = 0
    for path in pages(folder):
        text = path.read_text(encoding="utf-8")
        page = Parsed(text)
        tags = [tag for tag, _ in page.tags]
        assert "img" not in tags, path
        assert tags.count("body") == 1, path
        assert text.count("\n<body>\n") == 1, path  # where serve puts its banner
        for _, attrs in page.tags:
            assert not (attrs.get("href") or "").lower().startswith("javascript:"), path
            assert "onerror" not in attrs, path
        for document in page.jsonld:
            for character in "<>&":
                assert character not in document, path
            json.loads(document)
        checked += 1
    assert checked > 100


def test_the_attack_reads_back_as_the_same_text(attacked: tuple[Path, URIRef, URIRef]) -> None:
    folder, event, body = attacked
    page = Parsed(mirrored(folder / "site", event).read_text(encoding="utf-8"))
    (document,) = page.jsonld
    assert ATTACK in _strings(json.loads(document))
    index = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert ATTACK not in index
    assert "&lt;/script&gt;&lt;body&gt;&quot;&gt;&lt;img" in index


def test_the_attack_reads_back_as_the_same_text_in_rows_of_pages_of_every_depth(
    attacked: tuple[Path, URIRef, URIRef],
) -> None:
    """The event's name in the events tables of pages one to five folders deep (its body's,
    its place's, its report's, its month's) is the attack's text, links marked in it or not."""
    folder, event, body = attacked
    depths = set()
    for path in pages(folder):
        text = path.read_text(encoding="utf-8")
        if "<table" not in text:
            continue
        cells: list[str] = []
        reader = HTMLParser(convert_charrefs=True)
        reader.handle_data = cells.append  # type: ignore[method-assign]
        reader.feed(text)
        if ATTACK in cells:
            depths.add(len(path.relative_to(folder / "site").parts) - 1)
    assert {0, 3, 4, 5} <= depths, depths


def test_only_web_iris_become_links(attacked: tuple[Path, URIRef, URIRef]) -> None:
    folder, event, body = attacked
    page = Parsed(mirrored(folder / "site", body).read_text(encoding="utf-8"))
    shown = [attrs for tag, attrs in page.tags if attrs.get("title") == SCRIPT_IRI]
    assert shown
    assert all(tag == "span" for tag, attrs in page.tags if attrs in shown)
    hrefs = [attrs.get("href") or "" for _, attrs in page.tags]
    assert SCRIPT_IRI not in hrefs


@pytest.mark.parametrize(
    "value",
    [
        Link(ATTACK, ATTACK, ATTACK, ATTACK),
        Link(ATTACK, ATTACK, ATTACK),
        Link(ATTACK, None, ATTACK),
        Date(ATTACK, ATTACK),
        Text(ATTACK),
        Plain(ATTACK),
    ],
    ids=["link-rel", "link", "no-page", "date", "text", "blank"],
)
def test_values_mark_themselves_up_with_their_text_escaped(value: Value) -> None:
    """What a template writes for {{ value }} (the value's own __html__): every field of it
    is escaped text, a browser builds only the value's own element, and reads back the text."""
    page = render_value(value)
    parsed = Parsed(page)
    assert [tag for tag, _ in parsed.tags] in (["a"], ["span"], ["time"], [])
    for _, attributes in parsed.tags:
        assert set(attributes.values()) <= {ATTACK, "iri", "text"}
    assert "<img" not in page
    assert "</script>" not in page
    assert escape(ATTACK) in page


def render_value(value: Value) -> str:
    return str(Markup("{}").format(value))


@pytest.mark.parametrize(
    "value",
    [ATTACK, "", "plain", "'\"", 12, 1.5, None, Markup("<b>kept</b>"), Text(ATTACK)],
    ids=["attack", "empty", "plain", "quotes", "int", "float", "none", "markup", "value"],
)
def test_templates_write_values_as_markupsafe_escapes_them(value: object) -> None:
    """What {{ value }} writes on a page (render.shown) is MarkupSafe's escape of it, byte for
    byte: text escaped, markup as it is."""
    assert shown(value) == str(escape(value))


def test_a_template_escapes_what_it_writes() -> None:
    """The templates' compiled code writes through shown(), and so escapes, not as str()."""
    page = environment().from_string("{% autoescape true %}<p>{{ v }}</p>{% endautoescape %}")
    assert page.root_render_func.__globals__["escape"] is shown
    assert page.render(v=ATTACK) == f"<p>{escape(ATTACK)}</p>"
    macro = "{% macro m(x) %}{% autoescape true %}{{ x }}{% endautoescape %}{% endmacro %}"
    assert environment().from_string(macro).module.m(ATTACK) == escape(ATTACK)
