"""The index page's «Качество данных» section: each metric's value for the release, and for
each report, as the catalogue states them (quality.Measurements), in Russian number format."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from ...quality import METRICS, Measured, Measurements, Metric
from ...vocab import RM
from .graph import Link, SiteGraph


@dataclass(frozen=True, slots=True)
class Value:
    text: str  # '93,8 %', or '—' when not measured
    value: str  # the catalogue's dqv:value ('0.9375'), '' when not measured


@dataclass(frozen=True, slots=True)
class MetricColumn:
    label: str  # the metric's Russian label
    iri: str
    better: str  # 'больше — лучше' or 'меньше — лучше'
    anchor: str  # its card on the ontology page


@dataclass(frozen=True, slots=True)
class ReportRow:
    report: Link
    values: list[Value]


@dataclass(frozen=True, slots=True)
class QualitySection:
    metrics: list[MetricColumn]
    release: list[Value]  # in the order of metrics
    reports: list[ReportRow]


def shown(metric: Metric, value: Decimal) -> str:
    """A share as a Russian percentage to one place (0.9375 → '93,8 %'), warnings per 100
    rows as the number ('1,25'); a no-break space before the per cent sign."""
    if metric.iri == RM.warningsPer100Rows:
        return str(value).replace(".", ",")
    percent = (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    return f"{percent}\u00a0%".replace(".", ",")


def _values(measured: Measured) -> list[Value]:
    found = {m.metric.iri: m for m in measured.measurements}
    return [
        Value(shown(metric, found[metric.iri].value), str(found[metric.iri].value))
        if metric.iri in found
        else Value("—", "")
        for metric in METRICS
    ]


def quality_section(
    site: SiteGraph, here: str, quality: Measurements | None
) -> QualitySection | None:
    """The section's data; None when the release was not measured."""
    if quality is None:
        return None
    return QualitySection(
        metrics=[
            MetricColumn(
                label=metric.ru,
                iri=str(metric.iri),
                better="больше — лучше" if metric.higher_is_better else "меньше — лучше",
                anchor=str(metric.iri)[len(str(RM)) :],
            )
            for metric in METRICS
        ],
        release=_values(quality.release),
        reports=[
            ReportRow(site.link(here, measured.iri), _values(measured))
            for measured in quality.reports
        ],
    )
