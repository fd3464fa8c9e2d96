"""The report title → its roadmap (two regions, a period) and its reporting year.

Titles of this family read like «Отчет об исполнении в 2021 году Плана мероприятий
«Дорожной карты» по развитию сотрудничества между Санкт-Петербургом и Смоленской областью
на 2021-2023 годы». The regions may stand in any case; they are found through the
federal-subject reference with lemmatised names, not through lists of case forms.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Roadmap, SourceRef
from ..reference import Reference

_DASH = r"\s*[-–—‐]\s*"
_PERIOD = re.compile(
    rf"(?:на|в)\s+(20\d\d|19\d\d){_DASH}(20\d\d|19\d\d)\s*(?:гг\.?|годы|года|год)?"
)
_YEAR = re.compile(r"(?:в|за)\s+(20\d\d|19\d\d)\s*(?:году|год|г\.)")
_ANY_YEAR = re.compile(r"(?<![\d-])(20\d\d|19\d\d)(?![\d-])")
_BETWEEN = re.compile(r"\bмежду\b(.*)", re.IGNORECASE | re.DOTALL)


def parse_title(title: str, source: SourceRef, reference: Reference) -> tuple[int, Roadmap]:
    """Reporting year and roadmap from the title; an InputError when either is missing."""

    def fail(what: str) -> InputError:
        shown = title if len(title) <= 200 else title[:200] + "…"  # the error is one line
        return InputError(source.file, source.first, f"cannot read {what} from the title {shown!r}")

    period = _PERIOD.search(title)
    if not period:
        raise fail("the roadmap period (e.g. 'на 2021-2023 годы')")
    start_year, end_year = int(period.group(1)), int(period.group(2))
    if end_year < start_year:
        raise fail("a roadmap period that ends after it starts")

    rest = title[: period.start()] + " " + title[period.end() :]
    year_match = _YEAR.search(rest) or _ANY_YEAR.search(rest)
    if not year_match:
        raise fail("the reporting year (e.g. 'в 2021 году')")
    year = int(year_match.group(1))

    between = _BETWEEN.search(title[: period.start()])
    scope = between.group(1) if between else title
    parties: list[str] = []
    named = reference.find_regions(scope)
    if len({iso for iso, _, _ in named}) < 2:  # a city named by a word that is also an adjective
        named = reference.find_regions(scope, place_nouns=True)
    for iso, _, _ in named:
        if iso not in parties:
            parties.append(iso)
    if len(parties) != 2:
        found = ", ".join(reference.regions[p].name for p in parties) or "none"
        raise fail(f"the two regions of the roadmap (found: {found})")
    a, b = sorted(parties)
    name = roadmap_title(re.sub(r"\s+", " ", title).strip())
    return year, Roadmap(parties=(a, b), start_year=start_year, end_year=end_year, name=name)


def roadmap_title(title: str) -> str:
    """The roadmap's own name inside the report title: from 'План…' to its period."""
    match = re.search(r"План\w*\s.*", title)
    if not match:
        return title
    name = match.group(0)
    period = _PERIOD.search(name)
    if period:
        name = name[: period.end()]
    # the report title puts the plan in the genitive: 'Плана мероприятий' → 'План мероприятий'
    return re.sub(r"^Плана\b", "План", name)
