"""What changed since the previous release, as a release states it: changes.json (the JSON
of `roadmap-kg diff`, with which releases it compares), changes.ttl (the same as RDF) and
the catalogue's version notes. The comparison is diff.py's, of the previous release's data
with the new release's dataset.trig as written.

changes.ttl (the model is documented in ontology/README.md): each change is a resource
<base>change/<release>/<the changed resource's IRI after the base>, typed rm:Change and
rm:Addition, rm:Withdrawal or rm:Revision (⊑ prov:Activity). The resource keeps its IRI
from one release to the next, so what a change acts on is the resource's description in
a release: <change>#before and <change>#after, each a prov:Entity that is
prov:specializationOf the resource and dcterms:isPartOf its release's dataset. A revision
prov:used #before and prov:generated #after, which prov:wasRevisionOf #before, and names
each changed property (<change>#<property>, an rm:PropertyChange with its old and new
values); an addition prov:generated #after; a withdrawal prov:invalidated #before,
prov:invalidatedAtTime the new release's date.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from ..diff import (
    SECTIONS,
    Change,
    Description,
    KindChanges,
    as_dict,
    compare_releases,
    load_both,
)
from ..previous import PreviousRelease
from ..quality import Measured, Measurements, compared
from ..terms import nt_rdflib_term
from ..vocab import PREFIXES, RM, SCHEMA
from .config import ReleaseConfig

CHANGES_JSON = "changes.json"
CHANGES_TTL = "changes.ttl"
# what a kind of resource is called in the version notes: Russian, English
KIND_WORDS = {
    "events": ("мероприятия", "events"),
    "organisations": ("организации", "organisations"),
    "places": ("места", "places"),
}


@dataclass(frozen=True)
class Changes:
    """The changes since the previous release, and the names the previous release gave the
    resources it alone has (withdrawn ones, and old values that are IRIs)."""

    previous: PreviousRelease
    kinds: dict[str, KindChanges]  # events, organisations, places
    old_names: dict[str, str]  # IRI → its name in the previous release


def compare_with(previous: PreviousRelease, data: Path) -> Changes:
    """The changes from the previous release to the one whose dataset.trig is data."""
    if previous.data.suffix == data.suffix and filecmp.cmp(previous.data, data, shallow=False):
        # the same bytes: no change, without reading either (a rebuild over itself; walking
        # the two dumps of 50,000 events, load_both, takes about a second more)
        nothing = KindChanges((), (), ())
        return Changes(previous, {kind: nothing for kind in SECTIONS.values()}, {})
    before, after = load_both(previous.data, data)
    kinds = compare_releases(before, after)
    return Changes(previous, kinds, _old_names(before, kinds))


def _old_names(
    before: dict[str, dict[str, Description]], kinds: dict[str, KindChanges]
) -> dict[str, str]:
    described = {iri: d for resources in before.values() for iri, d in resources.items()}
    wanted = {iri for c in kinds.values() for iri in c.removed}
    wanted |= {
        value[1:-1]
        for c in kinds.values()
        for change in c.changed
        for _, old, _ in change.properties
        for value in old
        if value.startswith("<")
    }
    names = {}
    for iri in sorted(wanted & described.keys()):
        found = sorted(described[iri].get(str(SCHEMA.name), ()))
        ru = [n for n in found if n.endswith("@ru")]
        if found:
            names[iri] = str(nt_rdflib_term((ru or found)[0]))
    return names


# --- changes.json ---------------------------------------------------------------------------


def changes_json(changes: Changes, config: ReleaseConfig, quality: Measurements | None) -> str:
    """The JSON of `roadmap-kg diff --format json`, with the release compared and this one,
    and how their data quality compares."""
    previous = changes.previous
    document: dict[str, object] = {
        "version": config.version,
        "previous": {
            "dataset": previous.dataset,
            "version": previous.version,
            "modified": previous.modified,
        },
        "quality": quality_comparison(previous, quality),
        **as_dict(changes.kinds),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def quality_comparison(
    previous: PreviousRelease, quality: Measurements | None
) -> dict[str, object]:
    """Each metric both releases measured, for the release and for each report both have:
    its old and new value and whether the new one is better, worse or the same (by the
    metric's direction)."""
    if quality is None:
        return {"release": [], "reports": {}}
    before = previous.quality
    reports = {
        m.iri: found for m in quality.reports if (found := _compared(before.get(m.iri, {}), m))
    }
    return {"release": release_quality(previous, quality), "reports": reports}


def release_quality(
    previous: PreviousRelease, quality: Measurements | None
) -> list[dict[str, str]]:
    """The release's metrics both releases measured, compared (see quality_comparison)."""
    if quality is None:
        return []
    return _compared(previous.quality.get(previous.dataset or "", {}), quality.release)


def _compared(old: dict[URIRef, Decimal], measured: Measured) -> list[dict[str, str]]:
    return [
        {
            "metric": str(m.metric.iri),
            "old": str(old[m.metric.iri]),
            "new": str(m.value),
            "change": compared(m.metric, old[m.metric.iri], m.value),
        }
        for m in measured.measurements
        if m.metric.iri in old
    ]


# --- changes.ttl ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    graph: Graph
    base: str
    release: str  # ReleaseConfig.release_name
    dataset: URIRef  # the new release's
    previous: URIRef | None  # the previous release's dataset, when its catalogue names it
    date: Literal  # the new release's date, as PROV-O's xsd:dateTime

    def change(self, iri: str, kind: URIRef) -> URIRef:
        """The change of the resource iri, typed."""
        local = iri[len(self.base) :] if iri.startswith(self.base) else _hashed(iri)
        change = URIRef(f"{self.base}change/{self.release}/{local}")
        self.graph.add((change, RDF.type, RM.Change))
        self.graph.add((change, RDF.type, kind))
        self.graph.add((change, RM.changedResource, URIRef(iri)))
        return change

    def description(self, change: URIRef, iri: str, after: bool) -> URIRef:
        """The resource's description in the new release (after) or the previous one."""
        node = URIRef(f"{change}#{'after' if after else 'before'}")
        add = self.graph.add
        add((node, RDF.type, PROV.Entity))
        add((node, PROV.specializationOf, URIRef(iri)))
        dataset = self.dataset if after else self.previous
        if dataset is not None:
            add((node, DCTERMS.isPartOf, dataset))
        return node


def _hashed(iri: str) -> str:
    """A path segment for an IRI outside the base (none is, in a release of ours)."""
    return "other/" + hashlib.sha256(iri.encode()).hexdigest()[:16]


def changes_graph(changes: Changes, config: ReleaseConfig, base: str) -> Graph:
    """changes.ttl's graph: a resource per change (see the module's docstring)."""
    graph = Graph(bind_namespaces="none")
    for prefix in ("rm", "schema", "prov", "dcterms", "xsd", "rdfs"):
        graph.bind(prefix, PREFIXES[prefix])
    previous = changes.previous.dataset
    context = _Context(
        graph=graph,
        base=base,
        release=config.release_name,
        dataset=URIRef(config.dataset_iri),
        previous=URIRef(previous) if previous and previous != config.dataset_iri else None,
        date=Literal(f"{config.modified.isoformat()}T00:00:00Z", datatype=XSD.dateTime),
    )
    for found in changes.kinds.values():
        for iri in found.added:
            _addition(context, iri)
        for iri in found.removed:
            _withdrawal(context, iri)
        for change in found.changed:
            _revision(context, change)
    return graph


def _addition(context: _Context, iri: str) -> None:
    change = context.change(iri, RM.Addition)
    after = context.description(change, iri, after=True)
    context.graph.add((change, PROV.generated, after))
    context.graph.add((after, PROV.wasGeneratedBy, change))


def _withdrawal(context: _Context, iri: str) -> None:
    change = context.change(iri, RM.Withdrawal)
    before = context.description(change, iri, after=False)
    add = context.graph.add
    add((change, PROV.invalidated, before))
    add((before, PROV.wasInvalidatedBy, change))
    add((before, PROV.invalidatedAtTime, context.date))


def _revision(context: _Context, found: Change) -> None:
    change = context.change(found.iri, RM.Revision)
    before = context.description(change, found.iri, after=False)
    after = context.description(change, found.new_iri or found.iri, after=True)
    add = context.graph.add
    add((change, PROV.used, before))
    add((change, PROV.generated, after))
    add((after, PROV.wasGeneratedBy, change))
    add((after, PROV.wasRevisionOf, before))
    for prop, old, new in found.properties:
        node = URIRef(f"{change}#{_fragment(prop)}")
        add((change, RM.propertyChange, node))
        add((node, RDF.type, RM.PropertyChange))
        add((node, RM.changedProperty, URIRef(prop)))
        for value in old:
            add((node, RM.oldValue, nt_rdflib_term(value)))
        for value in new:
            add((node, RM.newValue, nt_rdflib_term(value)))


def _fragment(prop: str) -> str:
    """A property as a fragment: its compact name (schema-startDate), else a hash of it."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
        local = prop[len(str(namespace)) :]
        if prop.startswith(str(namespace)) and local.replace("_", "").isalnum():
            return f"{prefix}-{local}"
    return "property-" + hashlib.sha256(prop.encode()).hexdigest()[:16]


# --- version notes ------------------------------------------------------------------------


def version_notes(changes: Changes | None) -> tuple[str, str]:
    """What changed, in counts, in Russian and in English (adms:versionNotes)."""
    if changes is None:
        return "Первый выпуск.", "First release."
    ru, en = [], []
    for kind, c in changes.kinds.items():
        counts = (len(c.added), len(c.removed), len(c.changed))
        word_ru, word_en = KIND_WORDS[kind]
        ru.append(f"{word_ru}: добавлено {counts[0]}, удалено {counts[1]}, изменено {counts[2]}")
        en.append(f"{word_en}: {counts[0]} added, {counts[1]} removed, {counts[2]} changed")
    since_ru, since_en = _since(changes.previous)
    text_ru, text_en = "; ".join(ru), "; ".join(en)
    return (
        f"Изменения {since_ru}: {text_ru}.",
        f"Changes {since_en}: {text_en}.",
    )


def _since(previous: PreviousRelease) -> tuple[str, str]:
    version = f" {previous.version}" if previous.version else ""
    date_ru = f" от {previous.modified}" if previous.modified else ""
    date_en = f" of {previous.modified}" if previous.modified else ""
    return f"по сравнению с выпуском{version}{date_ru}", f"since release{version}{date_en}"


# --- writing --------------------------------------------------------------------------------


def write_changes(
    changes: Changes, config: ReleaseConfig, base: str, folder: Path, quality: Measurements | None
) -> list[Path]:
    """Write changes.json and changes.ttl into folder; return their paths."""
    json_path, ttl_path = folder / CHANGES_JSON, folder / CHANGES_TTL
    json_path.write_text(changes_json(changes, config, quality), encoding="utf-8")
    # rdflib sorts what it writes, and the graph has no blank nodes: the bytes depend on the
    # triples only
    ttl_path.write_bytes(
        changes_graph(changes, config, base).serialize(format="turtle", encoding="utf-8")
    )
    return [json_path, ttl_path]
