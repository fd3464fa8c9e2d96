"""How many took part: participants, visitors, the reporting region's delegation, regions.

Numbers count people only next to a word for people ('участник', 'человек', 'чел.',
'делегат', 'посетитель', 'спортсмен' …), so '100 уникальных фотографий' is not a count.
A qualifier ('более', 'около', …) is kept, normalised to one of four words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple, Protocol

from ..lang.text import starting_with
from ..model import Count, Counts

_NUMBER = r"(\d+[.,]\d+(?=\s*тыс)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\s*(тыс\.?|тысяч\w*))?"
_QUALIFIER_WORDS = (
    "более|свыше|больше|около|порядка|примерно|приблизительно|почти|не менее|не более|до"
)
_QUALIFIER = rf"(?:({_QUALIFIER_WORDS})\s+)?"
# what a number, or a qualifier before it, starts with
_NUMBER_FIRST = "".join(sorted({word[0] for word in _QUALIFIER_WORDS.split("|")})) + r"\d"
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
_VISITORS = starting_with(
    f"п{_NUMBER_FIRST}",
    rf"посетил\w*\s+{_QUALIFIER}{_NUMBER}|{_QUALIFIER}{_NUMBER}\s*посетител\w*"
    rf"|посещаемост\w*[^.\d]{{0,20}}{_QUALIFIER}{_NUMBER}",
    re.IGNORECASE,
)
_REGION_WORD = r"(?:регион\w*|субъект\w*)"
_REGIONS = starting_with(
    f"и{_NUMBER_FIRST}",
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


# Every match of the patterns above holds one of these words (as IGNORECASE compares them):
# a text without any of them is not searched, which spares most texts a slow scan.
_VISITORS_WORDS = ("посе",)  # посетил…, посетител…, посещаемост…
_REGIONS_WORDS = ("регион", "субъект")
_PARTICIPANTS_LABELLED_WORDS = ("участник",)
# Letters IGNORECASE matching takes for Cyrillic ones though str.lower() keeps them apart: the
# narrow and tall forms U+1C80–U+1C88 (see re._casefix), mapped to the letters they stand for.
_CYRILLIC_FORMS = re.compile("[\u1c80-\u1c88]")
_CYRILLIC_LETTERS = str.maketrans(
    "\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88", "вдосттъѣꙋ"
)


def folded(text: str) -> str:
    """text lower-cased as re.IGNORECASE compares letters, to tell that a pattern cannot match:
    a Cyrillic word matches some text only if folded(text) contains it."""
    low = text.lower()
    return low.translate(_CYRILLIC_LETTERS) if _CYRILLIC_FORMS.search(low) else low


def _first(
    pattern: re.Pattern[str], text: str, low: str, words: tuple[str, ...]
) -> tuple[Count, re.Match[str]] | None:
    """The count in pattern's first match in text (low = folded(text); every match of pattern
    holds one of words)."""
    if not any(word in low for word in words):
        return None
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
# _COUNT from the number on, and the qualifier words of _COUNT alone
_COUNT_AT_NUMBER = re.compile(rf"{_NUMBER}\s*{_PEOPLE}", re.IGNORECASE)
_QUALIFIER_WORD = re.compile(_QUALIFIER_WORDS, re.IGNORECASE)
# lengths of the qualifier words, longest first: a longer one starts further left
_QUALIFIER_LENGTHS = sorted({len(word) for word in _QUALIFIER_WORDS.split("|")}, reverse=True)


class CountMatch(NamedTuple):
    """A match of _COUNT: its span and its groups."""

    start: int
    end: int
    qualifier: str | None
    number: str
    thousands: str | None

    def span(self) -> tuple[int, int]:
        return self.start, self.end

    def groups(self) -> tuple[str | None, str, str | None]:
        return self.qualifier, self.number, self.thousands


def count_matches(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[CountMatch]:
    """The matches of _COUNT in text[pos:endpos], the same as _COUNT.finditer(text, pos, endpos)
    finds them, found from their numbers rather than by trying _COUNT at every position.

    A match starts with its number or with a qualifier word and whitespace before it, which hold
    no digits; so the first match is at the first digit where the rest of _COUNT matches, taking
    in the leftmost qualifier that ends with the whitespace before the number and does not start
    before the end of the previous match (finditer's matches do not overlap)."""
    end = len(text) if endpos is None else endpos
    bound = pos  # the end of the previous match: the next one starts here or later
    while digit := _DIGIT.search(text, pos, end):
        number = _COUNT_AT_NUMBER.match(text, digit.start(), end)
        if number is None:
            pos = digit.start() + 1
            continue
        start, qualifier = _qualifier_before(text, digit.start(), bound)
        yield CountMatch(start, number.end(), qualifier, number.group(1), number.group(2))
        pos = bound = number.end()


def _qualifier_before(text: str, number: int, bound: int) -> tuple[int, str | None]:
    """Where a match of _COUNT with its number at text[number] starts, and its qualifier: the
    qualifier word (with whitespace after it) right before the number, starting at bound or
    later; else the number itself."""
    space = number
    while space > bound and text[space - 1].isspace():  # str.isspace() is what \s matches
        space -= 1
    if space < number:
        for length in _QUALIFIER_LENGTHS:
            start = space - length
            if start >= bound and _QUALIFIER_WORD.fullmatch(text, start, space):
                return start, text[start:space]
    return number, None


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
        low = folded(text)
        used: list[tuple[int, int]] = []
        if visitors is None and (found := _first(_VISITORS, text, low, _VISITORS_WORDS)):
            visitors, match = found
            used.append(match.span())
        if regions is None and (found := _first(_REGIONS, text, low, _REGIONS_WORDS)):
            regions, match = found
        counts: list[CountMatch] | None = None
        if delegation is None:
            counts = list(count_matches(text))
            delegation, span = _delegation(text, counts, geo, used, away)
            if span:
                used.append(span)
        if participants is None and (
            found := _first(_PARTICIPANTS_LABELLED, text, low, _PARTICIPANTS_LABELLED_WORDS)
        ):
            participants, _ = found
        if participants is None:
            visited = "посетил" in text
            for count in count_matches(text) if counts is None else counts:
                if any(a <= count.start < b for a, b in used):
                    continue
                if strict and not _PARTICIPATION.search(_sentence_around(text, count.start)):
                    continue
                if visited and re.search(r"посетил\w*\s*$", text[: count.start]):
                    continue
                participants = _count(*count.groups())
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
    text: str,
    matches: list[CountMatch],
    geo: RegionReader,
    used: list[tuple[int, int]],
    away: bool,
) -> tuple[Count | None, tuple[int, int] | None]:
    """The delegation stated in text; matches: those of _COUNT in text."""

    def alone(phrase: str) -> bool:
        return geo.leading_regions(phrase) == [geo.reporting]

    counts = [m for m in matches if not any(a <= m.start < b for a, b in used)]
    # a number of people followed by the region: '4 делегата от Смоленской области'
    for match in counts:
        if alone(re.sub(r"^\s*(?:от|из)\s+", "", text[match.end : match.end + 120])):
            return _count(*match.groups()), match.span()
    # a clause opened by the region: 'От Смоленской области – … – 2 человека'
    for opening in _FROM_CLAUSE.finditer(text):
        if not alone(text[opening.end() : opening.end() + 120]):
            continue
        stop = _CLAUSE_END.search(text, opening.end())
        clause_end = stop.start() if stop else len(text)
        inside = next(count_matches(text, opening.end(), clause_end), None)
        if inside and not any(a <= inside.start < b for a, b in used):
            return _count(*inside.groups()), inside.span()
    # 'Делегация Псковской области в составе 12 человек'
    stated = _DELEGATION.search(text) if "елегаци" in text else None
    if stated and alone(stated.group(1)):
        return Count(_value(stated.group(2), stated.group(3))), stated.span()
    # people described by the reporting region alone: 'Учителя … Мурманской области – 15 человек',
    # '12 тренеров спортивных школ Новгородской области'
    for match in counts if away else []:
        before = _SENTENCE_START.search(text[: match.start])
        after = re.match(r"[^.;(]*", text[match.end :])
        clause = (before.group(0) if before else "") + (after.group(0) if after else "")
        if geo.regions_in(clause) == {geo.reporting}:
            return _count(*match.groups()), match.span()
    return None, None
