"""The release as the pages see it: who links to whom, what each resource is called, what
kind of page it gets, how lists are ordered, and where a link from one page to another
goes. Everything here returns plain data for the templates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote

from markupsafe import Markup
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ...graphindex import TripleIndex
from ...memo import Recent
from ...terms import Lit, Term, is_iri, lexical, light_term
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

# How many links a process writing pages keeps (SiteGraph.link): at 50,000 events a page
# process made 445,000, and kept them all.
RECENT = 1 << 15

_RM = str(RM)
_DATE = str(XSD.date)


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

# What the release (or the ontology) says of one subject: its objects by predicate, as the
# index holds them (TripleIndex.statements: predicates in no order, objects sorted), to be
# read, never changed.
Statements = dict[str, list[Term]]
_NONE: Statements = {}  # what is said of a resource no statement is about

# What the release says of one resource, as the site graph keeps it: one tuple, its
# predicates (one per triple, sorted) and then its objects in the same order (a predicate's
# in the index's order). The links to a resource likewise: the subjects, then the predicates.
# At 50,000 events the index's dict per subject and list per predicate were 288 MiB in 2.8
# million objects, and a forked process writing pages touched them all (reference counts),
# so that both processes held a copy; a tuple per resource is a tenth of that.
Pairs = tuple[Term, ...]
Links = tuple[str, ...]
_NO_PAIRS: Pairs = ()
_NO_LINKS: Links = ()


def halves(pairs: Pairs) -> Iterator[tuple[Any, Any]]:
    """The pairs of a compact entry: (predicate, object), or (subject, predicate)."""
    half = len(pairs) >> 1
    return zip(pairs[:half], pairs[half:], strict=True)


def _objects(pairs: Pairs, predicate: str) -> Pairs:
    """The objects of one predicate in a compact entry (in the index's order)."""
    if predicate not in pairs:  # most often: a test in C, where a miss of index() raises
        return _NO_PAIRS
    half = len(pairs) >> 1
    try:
        start = pairs.index(predicate, 0, half)
    except ValueError:  # an object equal to the predicate, no predicate
        return _NO_PAIRS
    end = start + 1
    while end < half and pairs[end] == predicate:
        end += 1
    return pairs[half + start : half + end]


def _first_of(pairs: Pairs, predicate: str) -> Term | None:
    """The first object of one predicate in a compact entry, or None."""
    if predicate not in pairs:  # as in _objects
        return None
    half = len(pairs) >> 1
    try:
        return pairs[half + pairs.index(predicate, 0, half)]
    except ValueError:
        return None


def first(statements: Statements, predicate: str) -> Term | None:
    """A predicate's first object (in IRI/lexical order, as TripleIndex.value), or None."""
    objects = statements.get(predicate)
    return objects[0] if objects else None


def literal(objects: Iterable[Term], lang: str) -> str | None:
    """The text of the literal among these in this language, else of one without a language,
    else None; among several, the first in lexical order."""
    values = sorted((o for o in objects if isinstance(o, Lit)), key=lexical)
    for value in values:
        if value.lang == lang:
            return value.value
    for value in values:
        if not value.lang:
            return value.value
    return None


# The vocabulary's terms the site graph asks for, as light terms (a URIRef is never equal to
# the str the index holds).
_TYPE, _LABEL, _CONCEPT = str(RDF.type), str(RDFS.label), str(SKOS.Concept)
_SOURCE_ROW, _START_DATE = str(RM.SourceRow), str(SCHEMA.startDate)
_ROADMAP, _CODE, _REPORTING_YEAR = str(RM.roadmap), str(RM.code), str(RM.reportingYear)
_NAME_PREDICATES = tuple(str(p) for p in NAME_PREDICATES)
_CATEGORIES = tuple((str(cls), name) for cls, name in CATEGORIES)
_CLASS_LABELS = {str(iri): label for iri, label in CLASS_LABELS.items()}
_PROPERTY_LABELS = {str(iri): label for iri, label in PROPERTY_LABELS.items()}


def _light_ontology(ontology: Graph) -> dict[str, dict[str, list[Term]]]:
    """The ontology's statements about named terms, as light terms in the index's form:
    read once, for the site graph's look-ups (labels, kinds, a concept's page). Those with
    a blank node (owl:unionOf lists) only the ontology's page reads, from the Graph."""
    light = [
        (str(s), str(p), light_term(o))
        for s, p, o in ontology
        if not isinstance(s, BNode) and not isinstance(o, BNode)
    ]
    return TripleIndex.from_light(light).statements()


def _unrecorded(key: object) -> None:
    """A look-up no recorder is told of."""


def _unrecorded_walk() -> None:
    """A walk over every resource no recorder is told of."""


@dataclass
class SiteGraph:
    """The look-ups pages are made from.

    Terms on pages are light, as the release's index holds them (terms.py): an IRI is a str,
    a literal a Lit; is_iri tells them apart, lexical gives a term's text. Building the
    look-ups makes no term (at 50,000 events, making 273,000 rdflib terms took 3 s and
    280 MiB before the first page), and every method takes and gives light terms: the
    vocabulary's URIRefs, never equal to a str, are made light before they are looked up.
    The ontology is read once into the same form (`vocabulary`); its Graph stays for the
    ontology's own page.

    Pages read the release only through these methods, never its dicts (`_out`, `_inc`,
    `_pages`): each method tells `_read` the resource it reads about (and
    `_read_incoming` one whose links it reads, `_read_all` a walk over every resource), so
    that a recording site graph (reuse.RecordingSiteGraph) knows what each page read. Those
    are calls of a set's `add` while a page is recorded: at 3,000 events, dicts that told a
    recorder of every key asked, through methods of their own, were 6 % of a build."""

    graph: TripleIndex
    ontology: Graph
    base: str
    _out: dict[str, Pairs] = field(default_factory=dict)  # subject → its statements
    _inc: dict[str, Links] = field(default_factory=dict)  # object → what links to it
    _pages: dict[str, str] = field(default_factory=dict)  # IRI → folder under site/
    vocabulary: dict[str, Statements] = field(default_factory=dict)  # the ontology, light
    _labels: dict[tuple[Term, str], str] = field(default_factory=dict)
    _categories: dict[str, str] = field(default_factory=dict)
    _predicate_labels: dict[str, str] = field(default_factory=dict)
    # what pages ask again and again of the same resource (an event's row, say), by use
    memo: dict[tuple[object, ...], object] = field(default_factory=dict)
    _sort_keys: dict[str, tuple[object, ...]] = field(default_factory=dict)
    _links: Recent[tuple[Term, int, str | None], Link] = field(
        default_factory=lambda: Recent(RECENT)
    )
    source_rows: set[str] = field(default_factory=set)  # rm:SourceRow IRIs
    _light_names: dict[str, SharedFacts] = field(default_factory=dict)
    _folder: tuple[str, int] = ("", 0)  # the folder links were last asked from, its depth
    # told what each look-up reads (see above): nothing, unless a page is being recorded
    _read: Callable[[object], object] = field(default=_unrecorded, repr=False)
    _read_incoming: Callable[[object], object] = field(default=_unrecorded, repr=False)
    _read_all: Callable[[], object] = field(default=_unrecorded_walk, repr=False)

    def __post_init__(self) -> None:
        out = self._out
        self.source_rows = source_rows = set()
        links: dict[str, list[str]] = defaultdict(list)  # object → s, p, s, p … linking to it
        # subjects and their predicates walked in IRI order, so that the links to each
        # resource are in (subject, predicate) order, the same in every build; and IRI order
        # is about the order the terms were made in (the index's own order is a set's):
        # walking that way took 1.0 s for 1.3 million triples at 50,000 events, its own
        # way and then sorting each resource's links 1.3 s. The index is made for this walk
        # alone when the release's is not built (TripleIndex.grouped).
        for s, statements in self.graph.grouped():
            predicates: list[Term] = []
            objects: list[Term] = []
            for p in sorted(statements):
                found = statements[p]
                if len(found) == 1:  # most: no list to make
                    predicates.append(p)
                    objects.append(found[0])
                else:
                    predicates += [p] * len(found)
                    objects += found
                if p == _TYPE:
                    if _SOURCE_ROW in found:
                        source_rows.add(s)
                    continue
                link = (s, p)
                for o in found:
                    if type(o) is str:  # is_iri, inlined: asked of every object of a release
                        links[o] += link
            out[s] = (*predicates, *objects)
        self._inc = {o: (*pairs[0::2], *pairs[1::2]) for o, pairs in links.items()}
        del links
        subjects = list(out)  # in IRI order, as walked
        self.vocabulary = _light_ontology(self.ontology)
        for subject in [*subjects, *self.concepts()]:
            folder = page_dir(subject, self.base)
            if folder is not None:
                self._pages[subject] = folder

    # What a process writing pages is handed (pickled: workers.Shared with fresh children):
    # the look-ups pages read and the kinds found so far (every page's, for their order);
    # not the index, which only building the look-ups reads, nor the ontology's Graph, which
    # only the ontology's own page reads (written by the build's process), nor the caches
    # the process makes again as its pages ask.
    _HANDED = ("base", "_out", "_inc", "_pages", "vocabulary", "source_rows", "_categories")

    def __getstate__(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self._HANDED}

    def __setstate__(self, state: dict[str, object]) -> None:
        for each in fields(self):
            if each.default_factory is not MISSING:
                setattr(self, each.name, each.default_factory())
            elif each.default is not MISSING:
                setattr(self, each.name, each.default)
        self.graph = None  # type: ignore[assignment]
        self.ontology = None  # type: ignore[assignment]
        self.__dict__.update(state)

    def remembered(self, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """What make() gives, made once for the key: a part many pages show alike."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]  # type: ignore[return-value]

    def concepts(self) -> list[str]:
        """The ontology's own concepts (kinds, date precisions): each has a page."""
        return sorted(
            s
            for s, statements in self.vocabulary.items()
            if _CONCEPT in statements.get(_TYPE, ()) and s.startswith(ONTOLOGY_IRI + "/")
        )

    def statements(self, iri: str) -> Statements:
        """What the release says of a resource; of an ontology concept, what the ontology
        says (the statements its page shows)."""
        if self.category(iri) == "concept":
            return self.vocabulary.get(iri, _NONE)
        return self.about(iri)

    def about(self, iri: str) -> Statements:
        """What the release says of a resource: its objects by predicate, in a dict of its
        own."""
        self._read(iri)
        found: Statements = {}
        for p, o in halves(self._out.get(iri, _NO_PAIRS)):
            found.setdefault(p, []).append(o)
        return found

    def describes(self, iri: str) -> bool:
        """Whether the release says anything of the resource."""
        self._read(iri)
        return iri in self._out

    def links_to(self, iri: str) -> list[tuple[str, str]]:
        """What links to the resource: (subject, predicate) pairs, in that order; rdf:type
        is not among them."""
        self._read_incoming(iri)
        return list(halves(self._inc.get(iri, _NO_LINKS)))

    def link_count(self, iri: str) -> int:
        """How many links there are to the resource."""
        self._read_incoming(iri)
        return len(self._inc.get(iri, _NO_LINKS)) >> 1

    def folder(self, iri: str) -> str:
        """The folder (under site/) of the page of a resource that has one."""
        self._read(iri)
        return self._pages[iri]

    def with_pages(self) -> list[str]:
        """Every resource that has a page, sorted."""
        self._read_all()
        return sorted(self._pages)

    def first(self, iri: str, predicate: str) -> Term | None:
        """The resource's first object of the predicate in the release, or None."""
        self._read(iri)
        return _first_of(self._out.get(iri, _NO_PAIRS), predicate)

    # --- names ----------------------------------------------------------------------------

    def label(self, iri: Term, lang: str = "ru") -> str:
        """A human name: the data's own name, the ontology's label, or a compact IRI."""
        self._read(iri)
        key = (iri, lang)
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = self._label(iri, lang)
        return found

    def _label(self, iri: Term, lang: str) -> str:
        if not is_iri(iri):
            return lexical(iri)
        pairs = self._out.get(iri, _NO_PAIRS)
        for predicate in _NAME_PREDICATES:
            found = literal(_objects(pairs, predicate), lang)
            if found:
                return found
        about = self.vocabulary.get(iri, _NONE)
        for predicate in _NAME_PREDICATES:
            found = literal(about.get(predicate, ()), lang)
            if found:
                return found
        if iri in self.source_rows:
            return self.source_label(iri)
        if lang == "ru" and iri in _PROPERTY_LABELS:
            return _PROPERTY_LABELS[iri]
        if lang == "ru" and iri in _CLASS_LABELS:
            return _CLASS_LABELS[iri]
        return compact(iri)

    def row_span(self, row: str) -> RowSpan:
        """Where a source row stands, read from the row's statements at once: its seven
        values looked up in the index one by one, for every event's page and every row's
        name, were over half the index look-ups pages made. A predicate's first object, as
        TripleIndex.value()."""
        self._read(row)
        pairs = self._out.get(row, _NO_PAIRS)

        def value(predicate: URIRef) -> str | None:
            found = _first_of(pairs, str(predicate))
            return None if found is None else lexical(found)

        return RowSpan.read(value)

    def source_label(self, row: str) -> str:
        where = self.row_span(row)
        pages = where.pages()
        if pages is not None:  # a PDF's row
            return f"{where.file}, стр. {pages}, строка {where.span('–')}"
        unit = "строки" if where.by_line else "строки таблицы"
        return f"{where.file}, {unit} {where.span('–')}"

    def predicate_label(self, predicate: str) -> str:
        # a few dozen predicates, asked for by every fact of every page: looked up once
        # (a third of the time of preparing a resource page went to the ontology look-up)
        if predicate not in self._predicate_labels:
            found = _PROPERTY_LABELS.get(predicate) or literal(
                self.vocabulary.get(predicate, _NONE).get(_LABEL, ()), "ru"
            )
            self._predicate_labels[predicate] = found or compact(predicate)
        return self._predicate_labels[predicate]

    def light_facts(self, iri: str) -> list[tuple[str, list[str | Lit]]]:
        """A resource's predicates (sorted) and objects in the data, as light terms."""
        self._read(iri)
        facts: list[tuple[str, list[str | Lit]]] = []
        for p, o in halves(self._out.get(iri, _NO_PAIRS)):
            if facts and facts[-1][0] == p:
                facts[-1][1].append(o)
            else:
                facts.append((p, [o]))
        return facts

    def concept_facts(self, iri: str) -> list[tuple[str, list[str | Lit]]]:
        """light_facts() of an ontology concept, from the ontology."""
        return sorted(self.vocabulary.get(iri, _NONE).items())

    def light_names(self, iri: str) -> SharedFacts:
        """What names a resource in the data and in the ontology, as the facts of a node of
        a description: predicates sorted, each name once (the data and the ontology may both
        hold it). Looked up once, as the same places, bodies and kinds are named in the
        descriptions of hundreds of pages."""
        self._read(iri)
        if iri not in self._light_names:
            found: dict[str, dict[str | Lit, None]] = {}
            pairs, about = self._out.get(iri, _NO_PAIRS), self.vocabulary.get(iri, _NONE)
            named: list[tuple[str, Sequence[Term]]] = [
                (p, _objects(pairs, p)) for p in _NAME_PREDICATES
            ]
            named += [(p, about.get(p, ())) for p in _NAME_PREDICATES]
            for predicate, names in named:
                for name in names:
                    if isinstance(name, Lit):
                        found.setdefault(predicate, {})[name] = None
            self._light_names[iri] = tuple((p, tuple(names)) for p, names in sorted(found.items()))
        return self._light_names[iri]

    # --- kinds and order ------------------------------------------------------------------

    def category(self, iri: str) -> str:
        self._read(iri)
        found = self._categories.get(iri)
        if found is None:
            found = self._categories[iri] = self._category(iri)
        return found

    def _category(self, iri: str) -> str:
        types = _objects(self._out.get(iri, _NO_PAIRS), _TYPE)
        for cls, name in _CATEGORIES:
            if cls in types:
                return name
        if _CONCEPT in self.vocabulary.get(iri, _NONE).get(_TYPE, ()):
            return "concept"
        return "other"

    def of_category(self, name: str) -> list[str]:
        """The resources of a category, in their order: the subjects are grouped once for
        all categories (the index and the listing page ask for a dozen)."""
        groups = self.remembered(("categories",), self._by_category)
        return list(
            self.remembered(
                ("category", name), lambda: sorted(groups.get(name, []), key=self.sort_key)
            )
        )

    def _by_category(self) -> dict[str, list[str]]:
        self._read_all()
        groups: dict[str, list[str]] = defaultdict(list)
        for s in self._out:
            groups[self.category(s)].append(s)
        return groups

    def sort_key(self, iri: str) -> tuple[object, ...]:
        # kept once made, like a name: the page that asks again (a listing sorts all it
        # lists) reads the resource too, whichever page made the key before it
        self._read(iri)
        found = self._sort_keys.get(iri)
        if found is None:
            found = self._sort_keys[iri] = self._sort_key(iri)
        return found

    def _sort_key(self, iri: str) -> tuple[object, ...]:
        category = self.category(iri)
        if category == "event":
            return (self._text(iri, _START_DATE), self.label(iri), iri)
        if category == "item":
            code = self._text(iri, _CODE)
            return (self._text(iri, _ROADMAP), natural(code), iri)
        if category == "report":
            return (self._text(iri, _REPORTING_YEAR), self.label(iri), iri)
        return (self.label(iri).lower(), iri)

    def _text(self, iri: str, predicate: str) -> str:
        """The text of the resource's first object of the predicate, "" when it has none."""
        found = self.first(iri, predicate)
        return "" if found is None else lexical(found)

    def incoming(self, subject: str, predicate: str, category: str | None = None) -> list[str]:
        """What links to the resource by the predicate (of the category)."""
        self._read_incoming(subject)
        # the pairs walked as they come, not made a list of pairs first (links_to): a body's
        # page asks this of thousands of links, once per role
        return [
            s
            for s, p in halves(self._inc.get(subject, _NO_LINKS))
            if p == predicate and (category is None or self.category(s) == category)
        ]

    # --- links ----------------------------------------------------------------------------

    def href(self, here: str, iri: Term) -> str | None:
        """A relative link from the folder `here` (under site/) to a resource's page, a web
        address outside the release, or None."""
        if not is_iri(iri):
            return None
        self._read(iri)
        folder = self._pages.get(iri)
        if folder is not None:
            return relative(here, folder + "index.html")
        if iri == ONTOLOGY_IRI:
            return relative(here, "ontology/index.html")
        if iri.startswith(_RM):
            return relative(here, "ontology/index.html") + "#" + quote(iri[len(_RM) :])
        if iri.startswith(self.base) or not is_web(iri):
            return None  # no page in the release, or not an address a browser should open
        return iri

    def link(self, here: str, iri: Term, text: str | None = None) -> Link:
        """A link to the resource from the folder `here`, named by its label or `text`: made
        once for every page as deep (a place or a body is named on hundreds of pages)."""
        # what making the link reads (whether the resource has a page, its name) is the
        # resource itself: read here too when the link was made for another page
        self._read(iri)
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
            found = self._links.remember(key, Link(shown, target, lexical(iri), external))
        return found

    def links(self, here: str, iris: list[str]) -> list[Link]:
        return [self.link(here, iri) for iri in iris]

    def value(self, here: str, term: Term) -> Value:
        if is_iri(term):
            return self.link(here, term)
        if term.datatype == _DATE:
            return Date(term.value, ru_date(term.value))
        return Text(term.value)


@dataclass(frozen=True, slots=True)
class Description:
    """What a resource's index.ttl and index.jsonld say, as nodes (a subject and its facts)
    in no order: those of this page alone (the resource's own triples, its source rows
    whole), and those naming the other resources it links to (a place, a body, a kind: the
    same on every page naming it, which the writers make once for them all)."""

    own: list[tuple[str, Facts]]
    named: list[tuple[str, SharedFacts]]


def describe(site: SiteGraph, iri: str) -> Description:
    """The resource's own triples, and what names the resources it links to (their source
    rows whole), so that the description reads alone."""
    concept = site.category(iri) == "concept"
    facts = site.concept_facts(iri) if concept else site.light_facts(iri)
    linked = {o for _, objects in facts for o in objects if is_iri(o) and o != iri}
    rows = linked & site.source_rows
    own: list[tuple[str, Facts]] = [(iri, facts)] if facts else []
    own.extend((row, site.light_facts(row)) for row in rows)
    named = [(o, names) for o in linked - rows if (names := site.light_names(o))]
    return Description(own, named)
