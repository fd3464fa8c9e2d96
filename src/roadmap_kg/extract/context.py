"""What extraction knows while it reads one report: the reference data, the organisations
found so far (across the release), the report's parties and year, the places its events
name and the warnings it gives."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Place, Warning_
from ..reference import Reference
from .organisations import MentionFinder
from .registry import OrganisationRegistry


@dataclass
class ReportContext:
    reference: Reference
    finder: MentionFinder
    registry: OrganisationRegistry
    parties: tuple[str, ...]
    reporting_region: str | None
    year: int
    places: dict[str, Place]
    warnings: list[Warning_]
    names_responsible: bool = True  # section rows or a column name the responsible bodies
    # the header's title of each column by its meaning ('date': 'Сроки проведения'), as
    # written: a warning names the column it concerns
    column_titles: dict[str, str] = field(default_factory=dict)

    @property
    def sides(self) -> tuple[str, ...]:
        """The parties, the reporting one first: the likeliest home of a body named without
        its region."""
        if self.reporting_region is None:
            return self.parties
        return (self.reporting_region, *(p for p in self.parties if p != self.reporting_region))
