"""How many took part: participants, visitors, the reporting region's delegation, regions.

Numbers count people only next to a word for people ('участник', 'человек', 'чел.',
'делегат', 'посетитель', 'спортсмен' …), so '100 уникальных фотографий' is not a count.
A qualifier ('более', 'около', …) is kept, normalised to one of four words.
"""

from __future__ import annotations

import re
from typing import Protocol

from ..model import Count, Counts

_NUMBER = r"(\d+[.,]\d+(?=\s*тыс)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\s*(тыс\.?|тысяч\w*))?"
_QUALIFIER = (
    r"(?:(более|свыше|больше|около|порядка|примерно|приблизительно|почти|не менее|не более|до)\s+)?"
)
_PEOPLE = (
    r"(?:участни(?:к|ц)\w*|человек\w*|чел\b\.?|делегат\w*|посетител\w*|зрител\w*|гост\w*"
    r"|спортсмен\w*|специалист\w*|представител\w*|студент\w*|школьник\w*|учащ\w*|обучающ\w*"
    r"|волонт[её]р\w*|член\w*|ученик\w*|слушател\w*|учител\w*|педагог\w*|преподавател\w*"
    r"|руководител\w*|тренер\w*|артист\w*|музыкант\w*|исполнител\w*|эксперт\w*|журналист\w*"
    r"|сотрудник\w*|работник\w*|юнош\w*|девуш\w*|дет(?:ей|и)\b|мастер(?:ов|а)\b"
    r"|учен(?:ых|ые)\b|исследовател\w*|наставник\w*|библиотекар\w*)"
)

_QUALIFIERS = {
    "более": "более",
    "свыше": "более",
    "больше": "более",
    "около": "около",
    "порядка": "около",
    "примерно": "около",
    "приблизительно": "около",
    "почти": "около",
    "не менее": "не менее",
    "не более": "не более",
    "до": "не более",
}

_COUNT = re.compile(rf"{_QUALIFIER}{_NUMBER}\s*{_PEOPLE}", re.IGNORECASE)
_VISITORS = re.compile(
    rf"посетил\w*\s+{_QUALIFIER}{_NUMBER}|{_QUALIFIER}{_NUMBER}\s*посетител\w*"
    rf"|посещаемост\w*[^.\d]{{0,20}}{_QUALIFIER}{_NUMBER}",
    re.IGNORECASE,
)
_REGION_WORD = r"(?:регион\w*|субъект\w*)"
_REGIONS = re.compile(
    rf"из\s+{_QUALIFIER}{_NUMBER}\s*{_REGION_WORD}"
    rf"|{_QUALIFIER}{_NUMBER}\s*{_REGION_WORD}\s+(?:России|Российской Федерации|РФ)",
    re.IGNORECASE,
)
_PARTICIPANTS_LABELLED = re.compile(
    rf"(?:количеств\w*|числ\w*)\s+участник\w*\s*[-–—:]?\s*{_QUALIFIER}{_NUMBER}", re.IGNORECASE
)


def _value(number: str, thousands: str | None) -> int:
    if thousands:  # '4,5 тыс.' is 4500
        return round(float(re.sub(r"[^\d.,]", "", number).replace(",", ".")) * 1000)
    return int(re.sub(r"\D", "", number))


def _count(qualifier: str | None, number: str, thousands: str | None) -> Count:
    return Count(_value(number, thousands), _QUALIFIERS.get((qualifier or "").lower()))


def _first(pattern: re.Pattern[str], text: str) -> tuple[Count, re.Match[str]] | None:
    for match in pattern.finditer(text):
        groups = [g for g in match.groups()]
        # each alternative contributes (qualifier, number, thousands) in order
        for i in range(0, len(groups), 3):
            if groups[i + 1]:
                return _count(groups[i], groups[i + 1], groups[i + 2]), match
    return None


class RegionReader(Protocol):
    """What counting needs to know about region names in a text."""

    reporting: str  # ISO code of the region that wrote the report

    def leading_regions(self, text: str) -> list[str]:
        """The regions listed at the start of text ('от Смоленской области, …' → [RU-SMO])."""
        ...

    def regions_in(self, text: str) -> set[str]:
        """Every region named in text."""
        ...


# In the result column a number of people counts only where it speaks of taking part
# ('приняли участие около 150 ученых'), not of prizes ('4 спортсмена включены в сборную').
_PARTICIPATION = re.compile(
    r"участ|присутств|собрал|посетил|делегац|зрител|слушател|всего|\bиз\s+\d+\s+(?:регион|субъект)",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")


def extract_counts(
    participants_text: str, result_text: str, geo: RegionReader, away: bool = False
) -> Counts:
    """Counts stated in a row's participant and result cells (first statement of each wins).

    People stated to come from the reporting region ('от Смоленской области – 3 человека') are
    its delegation. When the event was held away from the reporting region (away=True), people
    described only by that region ('Учителя … Псковской области – 18 человек') travelled there
    and are its delegation too; at home or online they are simply the participants.
    """
    participants = visitors = delegation = regions = None
    for text, strict in ((participants_text, False), (result_text, True)):
        if not _DIGIT.search(text):
            continue  # every count is a number
        used: list[tuple[int, int]] = []
        if visitors is None and (found := _first(_VISITORS, text)):
            visitors, match = found
            used.append(match.span())
        if regions is None and (found := _first(_REGIONS, text)):
            regions, match = found
        if delegation is None:
            delegation, span = _delegation(text, geo, used, away)
            if span:
                used.append(span)
        if participants is None and (found := _first(_PARTICIPANTS_LABELLED, text)):
            participants, _ = found
        if participants is None:
            for match in _COUNT.finditer(text):
                if any(a <= match.start() < b for a, b in used):
                    continue
                if strict and not _PARTICIPATION.search(_sentence_around(text, match.start())):
                    continue
                if re.search(r"посетил\w*\s*$", text[: match.start()]):
                    continue
                participants = _count(*match.groups())
                break
    return Counts(participants, visitors, delegation, regions)


def _sentence_around(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind(";", 0, position)) + 1
    stop = re.search(r"\.\s|;|$", text[position:])
    return text[start : position + (stop.start() if stop else 0)]


# 'от Смоленской области – 3 человека', 'От X - учреждение … - 2 человека', '4 делегата от X',
# 'в том числе 14 спортсменов Смоленской области', 'делегация X в количестве 5 человек',
# 'Руководители организаций Псковской области – 18 человек'
_FROM_CLAUSE = re.compile(r"\b[Оо]т\s+")
_CLAUSE_END = re.compile(r"\.\s+(?=[А-ЯЁ])|;|\b[Оо]т\s+|$")
_DELEGATION = re.compile(
    rf"[Дд]елегаци\w*\s+(.{{3,60}}?)\s*(?:в количестве|в составе|[–—:-])\s*{_NUMBER}"
)
_SENTENCE_START = re.compile(r"(?:^|[.;!?]\s)[^.;!?]*$")


def _delegation(
    text: str, geo: RegionReader, used: list[tuple[int, int]], away: bool
) -> tuple[Count | None, tuple[int, int] | None]:
    def alone(phrase: str) -> bool:
        return geo.leading_regions(phrase) == [geo.reporting]

    counts = [m for m in _COUNT.finditer(text) if not any(a <= m.start() < b for a, b in used)]
    # a number of people followed by the region: '4 делегата от Смоленской области'
    for match in counts:
        if alone(re.sub(r"^\s*(?:от|из)\s+", "", text[match.end() : match.end() + 120])):
            return _count(*match.groups()), match.span()
    # a clause opened by the region: 'От Смоленской области – … – 2 человека'
    for opening in _FROM_CLAUSE.finditer(text):
        if not alone(text[opening.end() : opening.end() + 120]):
            continue
        stop = _CLAUSE_END.search(text, opening.end())
        clause_end = stop.start() if stop else len(text)
        inside = _COUNT.search(text, opening.end(), clause_end)
        if inside and not any(a <= inside.start() < b for a, b in used):
            return _count(*inside.groups()), inside.span()
    # 'Делегация Псковской области в составе 12 человек'
    stated = _DELEGATION.search(text)
    if stated and alone(stated.group(1)):
        return Count(_value(stated.group(2), stated.group(3))), stated.span()
    # people described by the reporting region alone: 'Учителя … Мурманской области – 15 человек',
    # '12 тренеров спортивных школ Новгородской области'
    for match in counts if away else []:
        before = _SENTENCE_START.search(text[: match.start()])
        after = re.match(r"[^.;(]*", text[match.end() :])
        clause = (before.group(0) if before else "") + (after.group(0) if after else "")
        if geo.regions_in(clause) == {geo.reporting}:
            return _count(*match.groups()), match.span()
    return None, None
