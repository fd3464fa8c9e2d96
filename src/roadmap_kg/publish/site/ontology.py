"""The ontology's page, generated from ontology/roadmap.ttl: a card per class and property,
a table per concept scheme, and the prefixes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from ...model import KINDS
from ...terms import light_term
from ...vocab import DQV, PREFIXES, RM
from ..downloads import compact
from .graph import Link, Plain, SiteGraph, literal
from .index import web_link
from .paths import ONTOLOGY_IRI

VANN = "http://purl.org/vocab/vann/"
HERE = "ontology/"


@dataclass(frozen=True, slots=True)
class Union:
    """An anonymous class, the union of others."""

    kind: ClassVar[str] = "union"
    members: list[TermShown]


@dataclass(frozen=True, slots=True)
class OneOf:
    """An anonymous datatype, one of a few values."""

    kind: ClassVar[str] = "one-of"
    values: list[str]


TermShown = Link | Union | OneOf | Plain


@dataclass(frozen=True, slots=True)
class Terms:
    """The classes or properties a card names in one row ('—' when none)."""

    kind: ClassVar[str] = "terms"
    terms: list[TermShown]


@dataclass(frozen=True, slots=True)
class Described:
    """A term's label and its comment or definition, in one language."""

    kind: ClassVar[str] = "described"
    label: str
    comment: str


@dataclass(frozen=True, slots=True)
class Card:
    """A class or a property: its IRI, labels and what the ontology says of it."""

    local: str  # the name after rm:, the card's anchor
    iri: str
    ru: Described
    en: Described
    rows: list[tuple[str, Terms | Plain]]


@dataclass(frozen=True, slots=True)
class ConceptRow:
    anchor: str
    notation: Link
    ru: Described
    en: Described
    special: TermShown  # the kind's event class, or the precision's order


@dataclass(frozen=True, slots=True)
class Scheme:
    local: str
    label: Described  # the scheme's label and comment, in Russian
    label_en: Described
    special: str  # what the last column holds: 'rm:eventClass' or 'rm:order'
    concepts: list[ConceptRow]


@dataclass(frozen=True, slots=True)
class OntologyPage:
    title: Described  # title and description, in Russian
    title_en: Described
    iri: str
    version: str
    prefix: str
    namespace: str
    licence: Link | None
    classes: list[Card]
    object_properties: list[Card]
    datatype_properties: list[Card]
    annotation_properties: list[Card]
    quality: list[Card]  # the data-quality metrics, their dimensions and category (DQV)
    schemes: list[Scheme]
    prefixes: list[tuple[str, str]]


def ontology_page(site: SiteGraph) -> OntologyPage:
    g = site.ontology
    onto = URIRef(ONTOLOGY_IRI)
    licence = g.value(onto, DCTERMS.license)
    return OntologyPage(
        title=_described(g, onto, DCTERMS.title, DCTERMS.description, "ru"),
        title_en=_described(g, onto, DCTERMS.title, DCTERMS.description, "en"),
        iri=ONTOLOGY_IRI,
        version=str(g.value(onto, OWL.versionInfo) or ""),
        prefix=str(g.value(onto, URIRef(VANN + "preferredNamespacePrefix")) or "rm"),
        namespace=str(RM),
        licence=web_link(str(licence), "license external") if licence else None,
        classes=[_class_card(site, c) for c in _own(g, OWL.Class)],
        object_properties=_property_cards(site, OWL.ObjectProperty),
        datatype_properties=_property_cards(site, OWL.DatatypeProperty),
        annotation_properties=_property_cards(site, OWL.AnnotationProperty),
        quality=_quality_cards(site),
        schemes=[_scheme(site, s) for s in _own(g, SKOS.ConceptScheme)],
        prefixes=[(prefix, str(ns)) for prefix, ns in PREFIXES.items()],
    )


def _text(g: Graph, subject: Node, predicate: URIRef, lang: str) -> str:
    names = (light_term(o) for o in g.objects(subject, predicate) if isinstance(o, Literal))
    return literal(names, lang) or ""


def _described(g: Graph, subject: Node, label: URIRef, comment: URIRef, lang: str) -> Described:
    return Described(_text(g, subject, label, lang), _text(g, subject, comment, lang))


def _own(g: Graph, kind: URIRef) -> list[URIRef]:
    """The ontology's own terms of this kind, in alphabetical order."""
    return sorted(
        (s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(RM)),
        key=lambda s: str(s).lower(),
    )


def _term(site: SiteGraph, node: Node) -> TermShown:
    """A class or datatype in a domain or range: linked, or spelt out when anonymous."""
    g = site.ontology
    if isinstance(node, URIRef):
        return site.link(HERE, str(node), compact(str(node)))  # light, as the site's terms
    members = g.value(node, OWL.unionOf)
    if members is not None:
        return Union([_term(site, m) for m in g.items(members)])
    values = g.value(node, OWL.oneOf)
    if values is not None:
        return OneOf([str(v) for v in g.items(values)])
    return Plain(str(node))


def _terms(site: SiteGraph, subject: URIRef, predicate: URIRef) -> Terms:
    nodes = sorted(
        site.ontology.objects(subject, predicate), key=lambda n: (isinstance(n, URIRef), str(n))
    )
    return Terms([_term(site, n) for n in nodes])


def _card(site: SiteGraph, subject: URIRef, rows: list[tuple[str, Terms | Plain]]) -> Card:
    g = site.ontology
    return Card(
        local=str(subject)[len(str(RM)) :],
        iri=str(subject),
        ru=_described(g, subject, RDFS.label, RDFS.comment, "ru"),
        en=_described(g, subject, RDFS.label, RDFS.comment, "en"),
        rows=rows,
    )


def _class_card(site: SiteGraph, cls: URIRef) -> Card:
    g = site.ontology
    rows: list[tuple[str, Terms | Plain]] = [("подкласс", _terms(site, cls, RDFS.subClassOf))]
    for predicate, title in (
        (RDFS.domain, "область определения у"),
        (RDFS.range, "область значений у"),
    ):
        users = sorted((p for p in g.subjects(predicate, cls) if isinstance(p, URIRef)), key=str)
        if users:
            rows.append((title, Terms([_term(site, p) for p in users])))
    return _card(site, cls, rows)


def _property_cards(site: SiteGraph, kind: URIRef) -> list[Card]:
    g = site.ontology
    cards = []
    for prop in _own(g, kind):
        rows: list[tuple[str, Terms | Plain]] = [
            ("домен", _terms(site, prop, RDFS.domain)),
            ("область значений", _terms(site, prop, RDFS.range)),
        ]
        if (prop, RDF.type, OWL.FunctionalProperty) in g:
            rows.append(("характеристики", Plain("функциональное (не более одного значения)")))
        if (prop, RDFS.subPropertyOf, None) in g:
            rows.append(("подсвойство", _terms(site, prop, RDFS.subPropertyOf)))
        if (prop, SKOS.related, None) in g:
            rows.append(("связано с", _terms(site, prop, SKOS.related)))
        cards.append(_card(site, prop, rows))
    return cards


def _quality_cards(site: SiteGraph) -> list[Card]:
    """The metrics (with their definition, dimension, datatype and direction), then the
    dimensions and the category they are in."""
    g, cards = site.ontology, []
    for metric in _own(g, DQV.Metric):
        higher = str(g.value(metric, RM.higherIsBetter)) == "true"
        rows: list[tuple[str, Terms | Plain]] = [
            ("определение", Plain(_text(g, metric, SKOS.definition, "ru"))),
            ("definition", Plain(_text(g, metric, SKOS.definition, "en"))),
            ("измерение", _terms(site, metric, DQV.inDimension)),
            ("тип значения", _terms(site, metric, DQV.expectedDataType)),
            ("лучше", Plain("больше" if higher else "меньше")),
        ]
        cards.append(_card(site, metric, rows))
    for dimension in _own(g, DQV.Dimension):
        cards.append(
            _card(site, dimension, [("категория", _terms(site, dimension, DQV.inCategory))])
        )
    cards += [_card(site, category, []) for category in _own(g, DQV.Category)]
    return cards


def _scheme(site: SiteGraph, scheme: URIRef) -> Scheme:
    g = site.ontology
    concepts = sorted(
        (c for c in g.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
        key=lambda c: _concept_order(g, c),
    )
    # kinds carry the schema.org class they add to an event; precisions their order
    by_class = any((c, RM.eventClass, None) in g for c in concepts)
    rows = []
    for concept in concepts:
        special = g.value(concept, RM.eventClass if by_class else RM.order)
        rows.append(
            ConceptRow(
                anchor=_concept_anchor(concept),
                notation=site.link(HERE, str(concept), str(g.value(concept, SKOS.notation) or "")),
                ru=_described(g, concept, SKOS.prefLabel, SKOS.definition, "ru"),
                en=_described(g, concept, SKOS.prefLabel, SKOS.definition, "en"),
                special=_term(site, special)
                if isinstance(special, URIRef)
                else Plain(str(special or "—")),
            )
        )
    return Scheme(
        local=str(scheme)[len(str(RM)) :],
        label=_described(g, scheme, SKOS.prefLabel, RDFS.comment, "ru"),
        label_en=_described(g, scheme, SKOS.prefLabel, RDFS.comment, "en"),
        special="rm:eventClass" if by_class else "rm:order",
        concepts=rows,
    )


def _concept_order(g: Graph, concept: URIRef) -> tuple[int, str]:
    order = g.value(concept, RM.order)
    notation = str(g.value(concept, SKOS.notation) or "")
    if order is not None:
        return (int(str(order)), notation)
    return (KINDS.index(notation) if notation in KINDS else len(KINDS), notation)


def _concept_anchor(concept: URIRef) -> str:
    """rmk:forum → 'kind-forum' (the concept's row on the ontology page)."""
    return str(concept)[len(ONTOLOGY_IRI) + 1 :].replace("/", "-")
