"""Resource pages as the templates write them, byte for byte: every kind of section (a facts
table, an events table, a source block, a list, a section of sections with its separator),
the page with no section but the facts and the others, and report text in each of them
(text, never markup; a quote written as &quot; or &#x27;, as before templates)."""

from __future__ import annotations

import pytest

from roadmap_kg.publish.site import Footer
from roadmap_kg.publish.site.graph import Date, Link, Text
from roadmap_kg.publish.site.parts import (
    EventRow,
    EventsTable,
    Fact,
    FactsTable,
    LinkList,
    Section,
    Sections,
    SourceBlock,
)
from roadmap_kg.publish.site.render import forget, render, shown_by
from roadmap_kg.publish.site.resources import ResourcePage

ATTACK = "\"><img src=x onerror=alert(1)> 'x' & </section>"
FOOTER = Footer(
    "Набор",
    "Издатель",
    Link("CC BY 4.0", "https://example.org/l", "https://example.org/l", "license external"),
)


def link(name: str) -> Link:
    return Link(name, f"../{name}/index.html", f"https://example.org/id/{name}")


def facts() -> Section:
    one = Fact(link("name"), "schema:name", [Text(ATTACK)], listed=False)
    many = Fact(
        link("date"),
        "schema:startDate",
        [Date("2021-01-02", "2 января 2021 г."), link("b")],
        listed=True,
    )
    return Section("Сведения", FactsTable([one, many]))


def others() -> Section:
    inner = [Section(f"Ссылаются как «{p}»", LinkList([link(p)]), 1, 3) for p in ("a", ATTACK)]
    return Section("Другие ссылки на этот ресурс", Sections(inner, separator=""))


def sections() -> list[Section]:
    row = EventRow(
        "2021-01-02",
        "02.01.2021",
        "2021-01-03",
        "03.01.2021",
        ATTACK,
        link("e"),
        None,
        [link("p"), link("q")],
        [],
        None,
    )
    markup = shown_by("event_row", row)  # as parts.events_table keeps a row
    events = Section("Мероприятия", EventsTable([markup, markup]), 2)
    roles = Section(
        "По ролям",
        Sections(
            [
                Section("Организатор", LinkList([link("o")]), None, 3),
                Section("Участник", LinkList([]), 0, 3),
            ]
        ),
    )
    source = Section("Источник", SourceBlock(ATTACK, "строки", "3–4", link("row"), [ATTACK, "б"]))
    no_events = Section("Мероприятия площадки", EventsTable([]), 0)
    return [events, roles, source, no_events]


def body(page: ResourcePage) -> str:
    text = render(
        "resource.html",
        title=page.title,
        root="../index.html",
        ontology="../ontology/index.html",
        footer=FOOTER,
        page=page,
        jsonld=None,
        description=None,
        alternates=True,
    )
    forget()
    return text.partition("<main>\n")[2]


def page(sections: list[Section], others: Section | None) -> ResourcePage:
    return ResourcePage(
        ATTACK,
        "https://example.org/id/x",
        [link("up")],
        [link("t1"), link("t2")],
        facts(),
        sections,
        others,
    )


# Expected bodies (from <main> on), as the templates wrote them before one macro showed all
# of a page's sections: the lines every page begins with (breadcrumbs to the facts table),
# those of its other links, and those it ends with.
TOP = [
    '<p class="muted"><a href="../up/index.html">up</a></p>',
    "<h1>&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;</h1>",
    '<p class="iri-line">https://example.org/id/x</p>',
    '<p class="types"><a href="../t1/index.html">t1</a>, <a href="../t2/index.html">t2</a></p>',
    '<p class="formats">Этот ресурс как данные: <a href="index.ttl" type="text/turtle">Turtle</a> <a href="index.jsonld" type="application/ld+json">JSON-LD</a></p>',
    "<section><h2>Сведения</h2>",
    '<table class="facts"><tr><th scope="row" title="schema:name"><a href="../name/index.html">name</a></th><td><span class="text">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;</span></td></tr><tr><th scope="row" title="schema:startDate"><a href="../date/index.html">date</a></th><td><ul><li><time datetime="2021-01-02">2 января 2021 г.</time></li><li><a href="../b/index.html">b</a></li></ul></td></tr></table>',
    "</section>",
]
OTHERS = [
    "<section><h2>Другие ссылки на этот ресурс</h2>",
    '<section><h3>Ссылаются как «a» <span class="muted">(1)</span></h3>',
    '<ul><li><a href="../a/index.html">a</a></li></ul>',
    '</section><section><h3>Ссылаются как «&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;» <span class="muted">(1)</span></h3>',
    '<ul><li><a href="../&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;/index.html">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;</a></li></ul>',
    "</section>",
    "</section>",
]
END = [
    '<footer>Набор · Издатель · лицензия <a href="https://example.org/l" rel="license external">CC BY 4.0</a></footer>',
    "</main>",
    "</body>",
    "</html>",
    "",
]
ALL = "\n".join(
    [
        *TOP,
        '<section><h2>Мероприятия <span class="muted">(2)</span></h2>',
        '<table class="events"><thead><tr><th>Даты</th><th>Название</th><th>Вид</th><th>Место</th><th>Ответственный орган</th></tr></thead><tbody>',
        '<tr><td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;"><time datetime="2021-01-02">02.01.2021</time>–<time datetime="2021-01-03">03.01.2021</time></td><td><a href="../e/index.html">e</a></td><td></td><td><a href="../p/index.html">p</a>; <a href="../q/index.html">q</a></td><td></td></tr>',
        '<tr><td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;"><time datetime="2021-01-02">02.01.2021</time>–<time datetime="2021-01-03">03.01.2021</time></td><td><a href="../e/index.html">e</a></td><td></td><td><a href="../p/index.html">p</a>; <a href="../q/index.html">q</a></td><td></td></tr>',
        "</tbody></table>",
        "</section>",
        "<section><h2>По ролям</h2>",
        "<section><h3>Организатор</h3>",
        '<ul><li><a href="../o/index.html">o</a></li></ul>',
        "</section>",
        '<section><h3>Участник <span class="muted">(0)</span></h3>',
        "<ul></ul>",
        "</section>",
        "</section>",
        "<section><h2>Источник</h2>",
        '<p>Файл <code>&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;</code>, строки 3–4 (<a href="../row/index.html">row</a>).</p>',
        '<p>Текст строки, по ячейкам таблицы:</p><ol class="source-cells"><li>&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#x27;x&#x27; &amp; &lt;/section&gt;</li><li>б</li></ol>',
        "</section>",
        '<section><h2>Мероприятия площадки <span class="muted">(0)</span></h2>',
        '<table class="events"><thead><tr><th>Даты</th><th>Название</th><th>Вид</th><th>Место</th><th>Ответственный орган</th></tr></thead><tbody>',
        "",
        "</tbody></table>",
        "</section>",
        *OTHERS,
        *END,
    ]
)

NO_SECTIONS = "\n".join(
    [
        *TOP,
        "",
        *OTHERS,
        *END,
    ]
)

FACTS_ONLY = "\n".join(
    [
        *TOP,
        "",
        *END,
    ]
)


@pytest.mark.parametrize(
    ("sections", "others", "expected"),
    [
        pytest.param(sections(), others(), ALL, id="every kind of section"),
        # facts, then a blank line before the others: as the page had it before one macro
        # showed all its sections
        pytest.param([], others(), NO_SECTIONS, id="no section but facts and others"),
        pytest.param([], None, FACTS_ONLY, id="facts only"),
    ],
)
def test_a_resource_page_is_written_byte_for_byte(
    sections: list[Section], others: Section | None, expected: str
) -> None:
    assert body(page(sections, others)) == expected


def test_report_text_stays_text_on_a_resource_page() -> None:
    text = body(page(sections(), others()))
    assert ATTACK not in text
    assert "<img" not in text
    # quotes as html.escape wrote them before templates, not as MarkupSafe writes them
    assert "&#34;" not in text
    assert "&#39;" not in text
    assert text.count("onerror") == text.count("&lt;img src=x onerror") > 0
