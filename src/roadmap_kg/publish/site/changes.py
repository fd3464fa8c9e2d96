"""site/changes/index.html: what changed since the previous release, in Russian, as plain
data for templates/changes.html. Resources are named as this release names them, withdrawn
ones (and old values that are IRIs) as the previous release named them; values are shown as
text, dates in Russian, IRIs by their names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from ...quality import METRICS_BY_IRI, Measurements
from ...terms import is_iri, nt_light_term
from ..changes import CHANGES_JSON, CHANGES_TTL, Changes, release_quality
from .graph import Link, SiteGraph, Value
from .paths import relative
from .quality import shown
from .words import ru_date

HERE = "changes/"
KIND_TITLES = {"events": "Мероприятия", "organisations": "Организации", "places": "Места"}


@dataclass(frozen=True, slots=True)
class PropertyShown:
    property: Link
    old: list[Value]
    new: list[Value]


@dataclass(frozen=True, slots=True)
class Revised:
    resource: Link
    properties: list[PropertyShown]


@dataclass(frozen=True, slots=True)
class KindShown:
    title: str
    added: list[Link]
    removed: list[Link]
    changed: list[Revised]


@dataclass(frozen=True, slots=True)
class QualityChange:
    metric: str  # its Russian label
    old: str  # as the index page shows values: '93,8 %'
    new: str
    change: str  # 'лучше', 'хуже', 'без изменений'


@dataclass(frozen=True, slots=True)
class ChangesPage:
    title: str
    previous: str  # which release this one is compared with: its version and dataset IRI
    downloads: list[Link]  # changes.json, changes.ttl
    kinds: list[KindShown]
    quality: list[QualityChange]  # the release's metrics both releases measured


CHANGE_WORDS = {"better": "лучше", "worse": "хуже", "same": "без изменений"}


def changes_title(changes: Changes) -> str:
    """'Изменения по сравнению с выпуском от 1 марта 2022' (without a date when the previous
    release's catalogue gives none)."""
    modified = changes.previous.modified
    if modified is None:
        return "Изменения по сравнению с предыдущим выпуском"
    return f"Изменения по сравнению с выпуском от {ru_date(modified)}"


def changes_page(
    site: SiteGraph, changes: Changes, quality: Measurements | None = None
) -> ChangesPage:
    previous = changes.previous
    version = f"версия {previous.version}" if previous.version else "версия не указана"
    dataset = f", набор {previous.dataset}" if previous.dataset else ""
    files = [relative(HERE, "../" + name) for name in (CHANGES_JSON, CHANGES_TTL)]
    return ChangesPage(
        title=changes_title(changes),
        previous=f"Предыдущий выпуск: {version}{dataset}.",
        downloads=[
            Link(name, href, name, None)
            for name, href in zip((CHANGES_JSON, CHANGES_TTL), files, strict=True)
        ],
        kinds=[_kind(site, changes, kind) for kind in changes.kinds],
        quality=_quality(changes, quality),
    )


def _quality(changes: Changes, quality: Measurements | None) -> list[QualityChange]:
    """The release's data quality then and now, as changes.json compares it, in the index
    page's number format."""
    found = []
    for row in release_quality(changes.previous, quality):
        metric = METRICS_BY_IRI[URIRef(row["metric"])]
        old, new = (shown(metric, Decimal(row[key])) for key in ("old", "new"))
        found.append(QualityChange(metric.ru, old, new, CHANGE_WORDS[row["change"]]))
    return found


def _kind(site: SiteGraph, changes: Changes, kind: str) -> KindShown:
    found = changes.kinds[kind]
    return KindShown(
        title=KIND_TITLES.get(kind, kind),
        added=[_resource(site, changes, iri) for iri in found.added],
        removed=[_resource(site, changes, iri) for iri in found.removed],
        changed=[
            Revised(
                _resource(site, changes, change.new_iri or change.iri),
                [
                    PropertyShown(
                        _property(site, prop),
                        [_value(site, changes, v) for v in old],
                        [_value(site, changes, v) for v in new],
                    )
                    for prop, old, new in change.properties
                ],
            )
            for change in found.changed
        ],
    )


def _resource(site: SiteGraph, changes: Changes, iri: str) -> Link:
    """A link to the resource's page when this release has it; its name either way."""
    if site.describes(iri):
        return site.link(HERE, iri)
    return Link(changes.old_names.get(iri, iri), None, iri, None)


def _property(site: SiteGraph, prop: str) -> Link:
    return Link(site.predicate_label(prop), site.href(HERE, prop), prop, None)


def _value(site: SiteGraph, changes: Changes, value: str) -> Value:
    term = nt_light_term(value)
    if is_iri(term) and not site.describes(term) and term in changes.old_names:
        return Link(changes.old_names[term], None, term, None)
    return site.value(HERE, term)
