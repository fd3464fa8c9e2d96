"""The release as the pages see it: who links to whom, what each resource is called, what
kind of page it gets, how lists are ordered, and where a link from one page to another
goes. Everything here returns plain data for the templates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, TypeVar
from urllib.parse import quote

from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ...graphindex import TripleIndex
from ...terms import Lit, light_term
from ...vocab import (
    CATEGORIES,
    CLASS_LABELS,
    NAME_PREDICATES,
    PROPERTY_LABELS,
    RM,
    SCHEMA,
    RowSpan,
)
from ..downloads import compact
from .paths import ONTOLOGY_IRI, depth, is_web, page_dir, relative
from .render import escaped
from .words import natural, ru_date

_T = TypeVar("_T")

_RM = str(RM)
_DATE = XSD.date  # made once: XSD's attributes are looked up anew each time


@dataclass(frozen=True, slots=True)
class Link:
    """A resource named on a page: a link when it has a page or a web address, else text
    carrying its IRI as a title."""

    kind: ClassVar[str] = "link"
    text: str
    href: str | None
    iri: str
    rel: str | None = None

    def __html__(self) -> Markup:
        """The link's markup, its values escaped: what a template writes for {{ link }}."""
        return _link_markup(self)


# The links pages show most (the places, bodies and kinds hundreds of pages name, a page's
# predicates) are marked up once for all pages as deep; the cache is bounded, as a large
# release names hundreds of thousands of resources once or twice each.
@lru_cache(maxsize=1 << 14)
def _link_markup(link: Link) -> Markup:
    text = escaped(link.text)
    if link.href is None:
        return Markup(f'<span class="iri" title="{escaped(link.iri)}">{text}</span>')
    if link.rel:
        return Markup(f'<a href="{escaped(link.href)}" rel="{escaped(link.rel)}">{text}</a>')
    return Markup(f'<a href="{escaped(link.href)}">{text}</a>')


@dataclass(frozen=True, slots=True)
class Date:
    kind: ClassVar[str] = "date"
    iso: str
    text: str

    def __html__(self) -> Markup:
        return Markup(f'<time datetime="{escaped(self.iso)}">{escaped(self.text)}</time>')


@dataclass(frozen=True, slots=True)
class Text:
    kind: ClassVar[str] = "text"
    text: str

    def __html__(self) -> Markup:
        return Markup(f'<span class="text">{escaped(self.text)}</span>')


@dataclass(frozen=True, slots=True)
class Plain:
    """A blank node: its id as it is."""

    kind: ClassVar[str] = "plain"
    text: str

    def __html__(self) -> Markup:
        return Markup(escaped(self.text))


Value = Link | Date | Text | Plain

# What a description says of one subject: its predicates (sorted, each once) and their
# objects. SharedFacts are tuples, so that those many pages share can be a cache's key.
Facts = Sequence[tuple[str, Sequence[str | Lit]]]
SharedFacts = tuple[tuple[str, tuple[str | Lit, ...]], ...]


def literal(graph: Graph | TripleIndex, subject: Node, predicate: URIRef, lang: str) -> str | None:
    """The subject's literal in this language, else one without a language, else None."""
    values = sorted(
        (o for o in graph.objects(subject, predicate) if isinstance(o, Literal)), key=str
    )
    for value in values:
        if value.language == lang:
            return str(value)
    for value in values:
        if not value.language:
            return str(value)
    return None


@dataclass
class SiteGraph:
    graph: TripleIndex
    ontology: Graph
    base: str
    out: dict[URIRef, list[tuple[URIRef, Node]]] = field(default_factory=dict)
    inc: dict[URIRef, list[tuple[URIRef, URIRef]]] = field(default_factory=dict)
    types: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    pages: dict[URIRef, str] = field(default_factory=dict)  # IRI → folder under site/
    _labels: dict[tuple[Node, str], str] = field(default_factory=dict)
    _categories: dict[URIRef, str] = field(default_factory=dict)
    _predicate_labels: dict[URIRef, str] = field(default_factory=dict)
    _names: dict[URIRef, list[tuple[URIRef, URIRef, Literal]]] = field(default_factory=dict)
    # what pages ask again and again of the same resource (an event's row, say), by use
    memo: dict[tuple[object, ...], object] = field(default_factory=dict)
    _sort_keys: dict[URIRef, tuple[object, ...]] = field(default_factory=dict)
    _links: dict[tuple[Node, int, str | None], Link] = field(default_factory=dict)
    source_rows: set[str] = field(default_factory=set)  # rm:SourceRow IRIs, as light terms
    _light_names: dict[str, SharedFacts] = field(default_factory=dict)
    _folder: tuple[str, int] = ("", 0)  # the folder links were last asked from, its depth

    def __post_init__(self) -> None:
        out: dict[URIRef, list[tuple[URIRef, Node]]] = defaultdict(list)
        inc: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
        types: dict[URIRef, set[URIRef]] = defaultdict(set)
        a = self.graph.term(str(RDF.type))  # the index's own term: told by identity below
        # the index yields its subjects sorted, each with its pairs sorted by predicate and object
        # (a release's subjects and predicates are IRIs: light_term refuses blank nodes)
        for s, pairs in self.graph.subject_pairs():
            if not isinstance(s, URIRef):
                continue
            out[s] = pairs  # type: ignore[assignment]  # its predicates are URIRefs
            for p, o in pairs:
                if isinstance(o, URIRef):
                    if p is a:
                        types[s].add(o)
                    else:
                        inc[o].append((s, p))  # type: ignore[arg-type]  # as above
        self.out, self.inc, self.types = dict(out), dict(inc), dict(types)
        self.source_rows = {str(s) for s, kinds in self.types.items() if RM.SourceRow in kinds}
        for subject in [*self.out, *self.concepts()]:
            folder = page_dir(str(subject), self.base)
            if folder is not None:
                self.pages[subject] = folder

    def remembered(self, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """What make() gives, made once for the key: a part many pages show alike."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]  # type: ignore[return-value]

    def concepts(self) -> list[URIRef]:
        found = {
            c
            for c in self.ontology.subjects(RDF.type, SKOS.Concept)
            if isinstance(c, URIRef) and str(c).startswith(ONTOLOGY_IRI + "/")
        }
        return sorted(found, key=str)

    # --- names ----------------------------------------------------------------------------

    def label(self, iri: Node, lang: str = "ru") -> str:
        """A human name: the data's own name, the ontology's label, or a compact IRI."""
        key = (iri, lang)
        if key not in self._labels:
            self._labels[key] = self._label(iri, lang)
        return self._labels[key]

    def _label(self, iri: Node, lang: str) -> str:
        if not isinstance(iri, URIRef):
            return str(iri)
        for graph in (self.graph, self.ontology):
            for predicate in NAME_PREDICATES:
                found = literal(graph, iri, predicate, lang)
                if found:
                    return found
        if RM.SourceRow in self.types.get(iri, ()):
            return self.source_label(iri)
        if lang == "ru" and iri in PROPERTY_LABELS:
            return PROPERTY_LABELS[iri]
        if lang == "ru" and iri in CLASS_LABELS:
            return CLASS_LABELS[iri]
        return compact(str(iri))

    def row_span(self, row: URIRef) -> RowSpan:
        """Where a source row stands, read from the row's pairs at once: its seven values
        looked up in the index one by one, for every event's page and every row's name, were
        over half the index look-ups pages made. A predicate's first object, as value()."""
        first: dict[Node, str] = {}
        for p, o in self.out.get(row, []):
            first.setdefault(p, str(o))
        return RowSpan.read(first.get)

    def source_label(self, row: URIRef) -> str:
        where = self.row_span(row)
        pages = where.pages()
        if pages is not None:  # a PDF's row
            return f"{where.file}, стр. {pages}, строка {where.span('–')}"
        unit = "строки" if where.by_line else "строки таблицы"
        return f"{where.file}, {unit} {where.span('–')}"

    def predicate_label(self, predicate: URIRef) -> str:
        # a few dozen predicates, asked for by every fact of every page: looked up once
        # (a third of the time of preparing a resource page went to the ontology look-up)
        if predicate not in self._predicate_labels:
            found = PROPERTY_LABELS.get(predicate) or literal(
                self.ontology, predicate, RDFS.label, "ru"
            )
            self._predicate_labels[predicate] = found or compact(str(predicate))
        return self._predicate_labels[predicate]

    def names(self, iri: URIRef) -> list[tuple[URIRef, URIRef, Literal]]:
        """What names a resource, in the data and in the ontology: looked up once, as the
        same places, bodies and kinds are named in the descriptions of hundreds of pages."""
        if iri not in self._names:
            self._names[iri] = [
                (iri, predicate, name)
                for names in (self.graph, self.ontology)
                for predicate in NAME_PREDICATES
                for name in names.objects(iri, predicate)
                if isinstance(name, Literal)
            ]
        return self._names[iri]

    def light_facts(self, iri: str) -> list[tuple[str, list[str | Lit]]]:
        """A resource's predicates (sorted) and objects in the data, as light terms."""
        return sorted(self.graph.light(iri).items())

    def concept_facts(self, iri: str) -> list[tuple[str, list[str | Lit]]]:
        """light_facts() of an ontology concept, from the ontology."""
        found: dict[str, list[str | Lit]] = {}
        for p, o in self.ontology.predicate_objects(URIRef(iri)):
            found.setdefault(str(p), []).append(light_term(o))
        return sorted(found.items())

    def light_names(self, iri: str) -> SharedFacts:
        """names(), as the facts of a node of a description: predicates sorted, each name
        once (the data and the ontology may both hold it)."""
        if iri not in self._light_names:
            found: dict[str, dict[str | Lit, None]] = {}
            for _, p, o in self.names(URIRef(iri)):
                found.setdefault(str(p), {})[light_term(o)] = None
            self._light_names[iri] = tuple((p, tuple(names)) for p, names in sorted(found.items()))
        return self._light_names[iri]

    # --- kinds and order ------------------------------------------------------------------

    def category(self, iri: URIRef) -> str:
        if iri not in self._categories:
            self._categories[iri] = self._category(iri)
        return self._categories[iri]

    def _category(self, iri: URIRef) -> str:
        types = self.types.get(iri, set())
        for cls, name in CATEGORIES:
            if cls in types:
                return name
        if (iri, RDF.type, SKOS.Concept) in self.ontology:
            return "concept"
        return "other"

    def of_category(self, name: str) -> list[URIRef]:
        """The resources of a category, in their order: the subjects are grouped once for
        all categories (the index and the listing page ask for a dozen)."""
        groups = self.remembered(("categories",), self._by_category)
        return list(
            self.remembered(
                ("category", name), lambda: sorted(groups.get(name, []), key=self.sort_key)
            )
        )

    def _by_category(self) -> dict[str, list[URIRef]]:
        groups: dict[str, list[URIRef]] = defaultdict(list)
        for s in self.out:
            groups[self.category(s)].append(s)
        return groups

    def sort_key(self, iri: URIRef) -> tuple[object, ...]:
        found = self._sort_keys.get(iri)
        if found is None:
            found = self._sort_keys[iri] = self._sort_key(iri)
        return found

    def _sort_key(self, iri: URIRef) -> tuple[object, ...]:
        category = self.category(iri)
        if category == "event":
            start = self.graph.value(iri, SCHEMA.startDate)
            return (str(start or ""), self.label(iri), str(iri))
        if category == "item":
            roadmap = self.graph.value(iri, RM.roadmap)
            code = str(self.graph.value(iri, RM.code) or "")
            return (str(roadmap or ""), natural(code), str(iri))
        if category == "report":
            year = self.graph.value(iri, RM.reportingYear)
            return (str(year or ""), self.label(iri), str(iri))
        return (self.label(iri).lower(), str(iri))

    def incoming(
        self, subject: URIRef, predicate: URIRef, category: str | None = None
    ) -> list[URIRef]:
        # the predicates compared as text, both being IRIs (rdflib's == is a Python call,
        # made for every link to the place or body whose page lists what links to it)
        wanted = str(predicate)
        return [
            s
            for s, p in self.inc.get(subject, [])
            if str.__eq__(p, wanted) and (category is None or self.category(s) == category)
        ]

    # --- links ----------------------------------------------------------------------------

    def href(self, here: str, iri: Node) -> str | None:
        """A relative link from the folder `here` (under site/) to a resource's page, a web
        address outside the release, or None."""
        if not isinstance(iri, URIRef):
            return None
        text = str(iri)
        if iri in self.pages:
            return relative(here, self.pages[iri] + "index.html")
        if text == ONTOLOGY_IRI:
            return relative(here, "ontology/index.html")
        if text.startswith(_RM):
            return relative(here, "ontology/index.html") + "#" + quote(text[len(_RM) :])
        if text.startswith(self.base) or not is_web(text):
            return None  # no page in the release, or not an address a browser should open
        return text

    def link(self, here: str, iri: Node, text: str | None = None) -> Link:
        """A link to the resource from the folder `here`, named by its label or `text`: made
        once for every page as deep (a place or a body is named on hundreds of pages)."""
        folder, level = self._folder  # the depth of the folder asked from last
        if here != folder:  # a page asks for all its links from its own folder
            level = depth(here)
            self._folder = (here, level)
        key = (iri, level, text)
        found = self._links.get(key)
        if found is None:
            target = self.href(here, iri)
            shown = text if text is not None else self.label(iri)
            external = "external" if target is not None and is_web(target) else None
            found = self._links[key] = Link(shown, target, str(iri), external)
        return found

    def links(self, here: str, iris: list[URIRef]) -> list[Link]:
        return [self.link(here, iri) for iri in iris]

    def value(self, here: str, term: Node) -> Value:
        if isinstance(term, URIRef):
            return self.link(here, term)
        if isinstance(term, Literal):
            if term.datatype == _DATE:
                return Date(str(term), ru_date(str(term)))
            return Text(str(term))
        return Plain(str(term))


@dataclass(frozen=True, slots=True)
class Description:
    """What a resource's index.ttl and index.jsonld say, as nodes (a subject and its facts)
    in no order: those of this page alone (the resource's own triples, its source rows
    whole), and those naming the other resources it links to (a place, a body, a kind: the
    same on every page naming it, which the writers make once for them all)."""

    own: list[tuple[str, Facts]]
    named: list[tuple[str, SharedFacts]]


def describe(site: SiteGraph, subject: URIRef) -> Description:
    """The resource's own triples, and what names the resources it links to (their source
    rows whole), so that the description reads alone."""
    iri = str(subject)
    concept = site.category(subject) == "concept"
    facts = site.concept_facts(iri) if concept else site.light_facts(iri)
    linked = {o for _, objects in facts for o in objects if type(o) is str and o != iri}
    rows = linked & site.source_rows
    own: list[tuple[str, Facts]] = [(iri, facts)] if facts else []
    own.extend((row, site.light_facts(row)) for row in rows)
    named = [(o, names) for o in linked - rows if (names := site.light_names(o))]
    return Description(own, named)
