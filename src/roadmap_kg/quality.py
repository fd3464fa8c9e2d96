"""Data quality, measured: how much of what a report says extraction could read, per report
and for the whole release, as the `dqv:Metric`s ontology/roadmap.ttl defines.

Each metric is a share in [0, 1] (rounded half-even to four places, so output is the same
everywhere) but warnings per 100 rows (two places). Its denominator is counted in events:
one event is one data row of a report's table. The release's value pools every event (and
every distinct organisation) of every report, so a large report weighs more than a small one.

- `rm:dayPreciseDates`: events whose date is precise to the day (`rm:datePrecision rmp:day`;
  a span of days counts) / events;
- `rm:resolvedPlaces`: events with at least one place finer than a region: a venue, a city or
  an online location (a region alone, or no place, is not resolved) / events;
- `rm:placedOrganisations`: events with at least one host, organiser, participant or sponsor
  that is placed in a city or region (`schema:location`) / events;
- `rm:namedHostsOrOrganisers`: events with at least one host or organiser / events;
- `rm:countsFromNumbers`: events whose participants cell holds a digit and that got at least
  one count (participants, visitors, delegation or regions) / events whose participants cell
  holds a digit (a table without a participants column has no such event);
- `rm:authorityOrganisations`: organisations the report names (distinct) that are entries of
  the authority file (data/reference/organisations.csv and accepted review links) /
  organisations the report names;
- `rm:warningsPer100Rows`: extraction warnings × 100 / events (lower is better).

A metric whose denominator is zero (a report without events, or without a digit in its
participants column) has no value: it is left out, never stated as 0 or 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from rdflib import Literal as RDFLiteral
from rdflib import URIRef
from rdflib.namespace import RDF

from . import ids
from .graphindex import Lookup
from .model import Event, Report
from .rdf import report_graph_iri
from .reference import Reference
from .vocab import DQV, RM


@dataclass(frozen=True)
class Metric:
    """A quality metric as the ontology defines it, with the direction that is better."""

    iri: URIRef
    slug: str  # the last part of a measurement's IRI
    ru: str  # its rdfs:label in the ontology, shown on the index page
    en: str
    higher_is_better: bool  # rm:higherIsBetter; changes.json compares releases with it
    places: int = 4  # decimal places of its value


METRICS = (
    Metric(
        RM.dayPreciseDates,
        "day-precise-dates",
        "Даты с точностью до дня",
        "Dates precise to the day",
        True,
    ),
    Metric(
        RM.resolvedPlaces,
        "resolved-places",
        "Места до города или площадки",
        "Places resolved to a city or venue",
        True,
    ),
    Metric(
        RM.placedOrganisations,
        "placed-organisations",
        "Мероприятия с организацией, размещённой в регионе",
        "Events with an organisation placed in a region",
        True,
    ),
    Metric(
        RM.namedHostsOrOrganisers,
        "named-hosts-or-organisers",
        "Названы принимающие или организаторы",
        "Hosts or organisers named",
        True,
    ),
    Metric(
        RM.countsFromNumbers,
        "counts-from-numbers",
        "Численность прочитана, где в тексте есть числа",
        "Counts read where the text has numbers",
        True,
    ),
    Metric(
        RM.authorityOrganisations,
        "authority-organisations",
        "Организации из справочника",
        "Organisations in the authority file",
        True,
    ),
    Metric(
        RM.warningsPer100Rows,
        "warnings-per-100-rows",
        "Предупреждения на 100 строк",
        "Warnings per 100 rows",
        False,
        places=2,
    ),
)
METRICS_BY_IRI = {metric.iri: metric for metric in METRICS}


@dataclass(frozen=True)
class Measurement:
    metric: Metric
    value: Decimal  # rounded to metric.places
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Measured:
    """The measurements of one thing (the release, or a report), in the order of METRICS."""

    iri: str  # the report's IRI; for the release, the empty string
    measurements: tuple[Measurement, ...]


@dataclass(frozen=True)
class Measurements:
    release: Measured
    reports: tuple[Measured, ...]  # in the order of the reports


# Numerators and denominators by metric slug, over some events and organisations: the
# counting walks each event once and looks terms up by plain strings (by rdflib Namespace
# attributes it took 0.28 s for 5,000 events)
Tally = dict[str, tuple[int, int]]


def _measured(iri: str, tally: Tally, organisations: dict[str, bool]) -> Measured:
    """The measurements of a tally, with the share of organisations (key → in the
    authority file); a metric whose denominator is 0 is left out."""
    in_file = list(organisations.values())
    counts = {**tally, "authority-organisations": (sum(in_file), len(in_file))}
    found = []
    for metric in METRICS:
        numerator, denominator = counts[metric.slug]
        if denominator:
            value = _value(metric, numerator, denominator)
            found.append(Measurement(metric, value, numerator, denominator))
    return Measured(iri, tuple(found))


def _value(metric: Metric, numerator: int, denominator: int) -> Decimal:
    scale = 100 if metric.iri == RM.warningsPer100Rows else 1
    exact = Decimal(numerator * scale) / Decimal(denominator)
    return exact.quantize(Decimal(1).scaleb(-metric.places), rounding=ROUND_HALF_EVEN)


_DIGIT = re.compile(r"\d")


def _tally_report(report: Report) -> Tally:
    kinds = {place.key: place.kind for place in report.places}
    placed = {org.key for org in report.organisations if org.location is not None}
    dated = resolved = with_placed = named = counted = stating = 0
    for event in report.events:
        organisations = {*event.hosts, *event.organizers, *event.participants, *event.sponsors}
        dated += event.date.precision == "day"
        resolved += any(kinds.get(k, "region") not in _COARSE for k in event.locations)
        with_placed += not placed.isdisjoint(organisations)
        named += bool(event.hosts or event.organizers)
        if _states_number(event, report.participants_column):
            stating += 1
            counted += _has_count(event)
    events = len(report.events)
    return {
        "day-precise-dates": (dated, events),
        "resolved-places": (resolved, events),
        "placed-organisations": (with_placed, events),
        "named-hosts-or-organisers": (named, events),
        "counts-from-numbers": (counted, stating),
        "warnings-per-100-rows": (len(report.warnings), events),
    }


_COARSE = ("region", "country")


def _states_number(event: Event, column: int | None) -> bool:
    """Whether the event's participants cell holds a digit."""
    if column is None or column >= len(event.cells):
        return False
    return _DIGIT.search(event.cells[column]) is not None


def _has_count(event: Event) -> bool:
    counts = event.counts
    return any(
        c is not None
        for c in (counts.participants, counts.visitors, counts.delegation, counts.regions)
    )


def measure(
    reports: Iterable[Report], reference: Reference, base: str = ids.DEFAULT_BASE
) -> Measurements:
    """The quality of each report (by its IRI under base) and of all of them together."""
    release: Tally = {metric.slug: (0, 0) for metric in METRICS}
    everyone: dict[str, bool] = {}
    per_report = []
    for report in reports:
        tally = _tally_report(report)
        for slug, (numerator, denominator) in tally.items():
            old = release[slug]
            release[slug] = (old[0] + numerator, old[1] + denominator)
        named = {org.key: org.key in reference.authority for org in report.organisations}
        everyone.update(named)
        per_report.append(_measured(report_graph_iri(report, base), tally, named))
    return Measurements(_measured("", release, everyone), tuple(per_report))


Change = Literal["better", "worse", "same"]


def compared(metric: Metric, old: Decimal, new: Decimal) -> Change:
    """Whether new is better or worse than old by the metric's direction."""
    if new == old:
        return "same"
    return "better" if (new > old) == metric.higher_is_better else "worse"


def stated(catalog: Lookup) -> dict[str, dict[URIRef, Decimal]]:
    """The measurements a catalog.ttl states (of this release or an earlier one): the IRI
    each is computed on (the dataset, a report) → metric → value. Metrics this code does not
    know are left out, so a release can be compared with one measured by other metrics."""
    found: dict[str, dict[URIRef, Decimal]] = {}
    for node in catalog.subjects(RDF.type, DQV.QualityMeasurement):
        metric, subject = (
            catalog.value(node, DQV.isMeasurementOf),
            catalog.value(node, DQV.computedOn),
        )
        value = catalog.value(node, DQV.value)
        if metric in METRICS_BY_IRI and subject is not None and isinstance(value, RDFLiteral):
            found.setdefault(str(subject), {})[URIRef(str(metric))] = Decimal(str(value))
    return found
