"""A page's index.ttl and index.jsonld, written node by node from its description
(site/representations.py), against the term-object writers they replace: pyoxigraph's
Turtle serializer over sorted pyoxigraph terms with only the prefixes used, and
json.dumps(indent=1) of the node objects. The same bytes, for descriptions carrying text
that needs escaping, and for nodes that several pages share (written once for them all)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from roadmap_kg.publish.downloads import context, node_json
from roadmap_kg.publish.site.graph import Description
from roadmap_kg.publish.site.representations import description_jsonld, description_turtle
from roadmap_kg.terms import Lit, Triple, oxigraph_term
from roadmap_kg.vocab import PREFIXES

ID = "https://w3id.org/roadmap-kg/id/"
RM = "https://w3id.org/roadmap-kg/ontology#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
EVENT = ID + "event/x/2021/ru-smo/2021-04-08-konferentsiya"
ORG = ID + "org/universitet"
ROW = ID + "source/report.txt/L1-3"

HOSTILE = (
    '</script><script>alert(1)</script> "quoted" \\ back',
    'Line one\nline two\r\tand a tab\x07bell\x1f"',
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil")',
    "Конференция «Наука» & <b>",
)


def triples() -> list[Triple]:
    found: list[Triple] = [
        (EVENT, RDF_TYPE, SCHEMA + "Event"),
        (EVENT, RDF_TYPE, SCHEMA + "EducationEvent"),
        (EVENT, SCHEMA + "startDate", Lit("2021-04-08", None, XSD + "date")),
        (EVENT, RM + "visitorCount", Lit("120", None, XSD + "nonNegativeInteger")),
        (EVENT, RM + "participantCount", Lit("12", None, XSD + "integer")),
        (EVENT, SCHEMA + "organizer", ORG),
        (EVENT, "http://www.w3.org/ns/prov#wasDerivedFrom", ROW),
        (EVENT, RM + "kind", "https://w3id.org/roadmap-kg/ontology/kind/conference"),
        (ORG, SCHEMA + "name", Lit("Университет", "ru")),
        (ORG, SCHEMA + "name", Lit("University", "en")),
        (ROW, RM + "firstLine", Lit("1", None, XSD + "positiveInteger")),
        (ROW, RM + "note", Lit("typed as a string", None, XSD + "string")),
        (EVENT, "http://www.w3.org/2002/07/owl#sameAs", "http://www.wikidata.org/entity/Q1"),
    ]
    for i, text in enumerate(HOSTILE):
        found.append((EVENT, SCHEMA + "name" if i % 2 else RM + "dateText", Lit(text, "ru")))
        found.append((ROW, RM + "sourceText", Lit(text)))
    return found


def description(triples: list[Triple], own: set[str]) -> Description:
    """The description graph.describe gives for these distinct triples: the nodes of `own`
    subjects (lists, as the index holds them), and the others as the shared nodes naming
    linked resources (tuples); predicates sorted, objects in the order given."""
    nodes: dict[str, dict[str, list[str | Lit]]] = {}
    for s, p, o in triples:
        nodes.setdefault(s, {}).setdefault(p, []).append(o)
    return Description(
        [(s, sorted(facts.items())) for s, facts in nodes.items() if s in own],
        [
            (s, tuple((p, tuple(objects)) for p, objects in sorted(facts.items())))
            for s, facts in nodes.items()
            if s not in own
        ],
    )


def pyoxigraph_turtle(described: list[Triple]) -> str:
    """What the pages wrote before: sorted pyoxigraph terms, the prefixes their IRIs use."""
    terms = sorted(
        ((ox.NamedNode(s), ox.NamedNode(p), oxigraph_term(o)) for s, p, o in described),
        key=lambda t: (t[0].value, t[1].value, str(t[2])),
    )
    used = {t.value for triple in terms for t in triple if isinstance(t, ox.NamedNode)}
    used |= {t.datatype.value for triple in terms for t in triple if isinstance(t, ox.Literal)}
    prefixes = {
        prefix: str(ns)
        for prefix, ns in PREFIXES.items()
        if any(iri.startswith(str(ns)) for iri in used)
    }
    data = ox.serialize(
        [ox.Triple(*t) for t in terms], format=ox.RdfFormat.TURTLE, prefixes=prefixes
    )
    assert data is not None
    return data.decode("utf-8")


def indented_jsonld(described: list[Triple]) -> str:
    nodes: dict[str, dict[str, list[str | Lit]]] = {}
    for s, p, o in described:
        nodes.setdefault(s, {}).setdefault(p, []).append(o)
    graph = [json.loads(node_json(s, nodes[s])) for s in sorted(nodes)]
    return json.dumps({**context(), "@graph": graph}, ensure_ascii=False, indent=1) + "\n"


@pytest.mark.parametrize("count", [1, 2, 5, None])
def test_turtle_is_pyoxigraphs(count: int | None) -> None:
    described = triples()[:count]
    assert description_turtle(description(described, {EVENT, ROW})) == pyoxigraph_turtle(described)


@pytest.mark.parametrize("count", [1, 2, 5, None])
def test_jsonld_is_json_dumps_indented(count: int | None) -> None:
    described = triples()[:count]
    written = description_jsonld(description(described, {EVENT, ROW}))
    assert written == indented_jsonld(described)


def test_turtle_keeps_hostile_text_inert() -> None:
    written = description_turtle(description(triples(), {EVENT, ROW}))
    # the text reads back as it was: no statement was injected by a quote or a line break
    graph = ox.parse(written.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    names = {t.object.value for t in graph if t.predicate.value == RM + "sourceText"}
    assert names == set(HOSTILE)


def test_empty_description() -> None:
    assert description_jsonld(Description([], [])) == indented_jsonld([])
    assert description_turtle(Description([], [])) == ""


# A place and a body named on several pages: the place's name needs escaping, it has a
# datatyped literal, one typed xsd:string and a kind; the body has names in two languages.
# The pages' own nodes use other namespaces, so each page declares other prefixes around the
# same shared nodes (written once: in any order of the pages, each is as it would be alone).
PLACE = ID + "place/ru-smo/smolensk/dom-kultury"
KIND = "https://w3id.org/roadmap-kg/ontology/kind/venue-hall"
NAMED: list[Triple] = [
    (PLACE, SCHEMA + "name", Lit('Дом «культуры» "№1"\n\t</script>&', "ru")),
    (PLACE, SCHEMA + "name", Lit("House of culture", "en")),
    (PLACE, RM + "capacity", Lit("300", None, XSD + "positiveInteger")),
    (PLACE, RM + "code", Lit("DK-1", None, XSD + "string")),
    (PLACE, RM + "kind", KIND),
    (ORG, "http://www.w3.org/2004/02/skos/core#prefLabel", Lit("Университет", "ru")),
    (ORG, "http://www.w3.org/2004/02/skos/core#prefLabel", Lit("University", "en")),
]
PAGES: dict[str, list[Triple]] = {
    EVENT: [
        (EVENT, RDF_TYPE, SCHEMA + "Event"),
        (EVENT, SCHEMA + "location", PLACE),
        (EVENT, SCHEMA + "organizer", ORG),
        (EVENT, SCHEMA + "startDate", Lit("2021-04-08", None, XSD + "date")),
    ],
    ORG: [
        (ORG, RDF_TYPE, "http://www.w3.org/ns/org#Organization"),
        (ORG, "http://purl.org/dc/terms/subject", PLACE),
        (ORG, "http://www.w3.org/ns/prov#wasDerivedFrom", ROW),
        (ROW, RM + "firstLine", Lit("300", None, XSD + "positiveInteger")),
        (ROW, "http://www.w3.org/2000/01/rdf-schema#label", Lit("Строка 1-3\r\n")),
    ],
    ROW: [(ROW, "http://www.w3.org/2002/07/owl#sameAs", PLACE)],
}


@pytest.mark.parametrize("order", [[EVENT, ORG, ROW], [ROW, ORG, EVENT, ROW]])
def test_nodes_pages_share_are_written_as_each_page_alone_would(order: list[str]) -> None:
    for page in order:
        own = PAGES[page]
        own_subjects = {s for s, _, _ in own}
        shared = [t for t in NAMED if t[0] not in own_subjects]
        described = description(own + shared, own_subjects)
        assert description_turtle(described) == pyoxigraph_turtle(own + shared), page
        assert description_jsonld(described) == indented_jsonld(own + shared), page


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
def test_each_namespace_is_declared_when_a_page_uses_it(prefix: str) -> None:
    namespace = str(PREFIXES[prefix])
    for described in (
        [(namespace + "s", RM + "p", Lit("x"))],  # a subject
        [(EVENT, namespace + "p", Lit("x"))],  # a predicate
        [(EVENT, RM + "p", namespace + "o")],  # an object
        [(EVENT, RM + "p", Lit("x", None, namespace + "type"))],  # a datatype
    ):
        written = description_turtle(description(described, {EVENT}))
        assert written == pyoxigraph_turtle(described), described
