"""How many took part: participants, visitors, the reporting region's delegation, regions.

A count belongs to the role its phrase names: 'участников', 'учителей' are participants;
'посетителей', 'зрителей', 'гостей' visitors; 'делегация … в составе 7 человек' the reporting
region's delegation (when it is the reporting region's); 'представители 9 регионов' the number
of regions. Numbers count people only next to a word for people ('участник', 'человек',
'чел.', 'делегат', 'спортсмен' …), so '100 уникальных фотографий', '25 компаний', '3 место'
and 'со счётом 2:1' are not counts. A qualifier ('более', 'около', …) is kept, normalised to
one of four words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple, Protocol

from ..lang.text import starting_with
from ..model import Count, CountQualifier, Counts

_NUMBER = r"(\d+[.,]\d+(?=\s*тыс)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\s*(тыс\.?|тысяч\w*))?"
_QUALIFIER_WORDS = (
    "более|свыше|больше|около|порядка|примерно|приблизительно|почти|не менее|не более|до"
)
_QUALIFIER = rf"(?:({_QUALIFIER_WORDS})\s+)?"
# what a number, or a qualifier before it, starts with
_NUMBER_FIRST = "".join(sorted({word[0] for word in _QUALIFIER_WORDS.split("|")})) + r"\d"
# people who take part (visitors are _AUDIENCE)
_PEOPLE = (
    r"(?:участни(?:к|ц)\w*|человек\w*|чел\b\.?|делегат\w*"
    r"|спортсмен\w*|специалист\w*|представител\w*|студент\w*|школьник\w*|учащ\w*|обучающ\w*"
    r"|волонт[её]р\w*|член\w*|ученик\w*|слушател\w*|учител\w*|педагог\w*|преподавател\w*"
    r"|руководител\w*|тренер\w*|артист\w*|музыкант\w*|исполнител\w*|эксперт\w*|журналист\w*"
    r"|сотрудник\w*|работник\w*|юнош\w*|девуш\w*|дет(?:ей|и)\b|мастер(?:ов|а)\b"
    r"|учен(?:ых|ые)\b|исследовател\w*|наставник\w*|библиотекар\w*)"
)

_QUALIFIERS: dict[str, CountQualifier] = {
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

# people who come to see: spectators and guests are visitors (rm:visitorCount)
_AUDIENCE = r"(?:посетител\w*|зрител\w*|гост(?:ей|и|я|ь)\b|болельщик\w*)"
# after a number stated without a word for whom it counts ('посетили 1 240', 'посещаемость –
# 500'): a word for people, or no word at all ('посетила 3 предприятия' counts no one); never
# more digits ('1 500 организаций' is not '1' of someone)
_HEADS = rf"(?!\s*\d|[.,]\d)(?=\s*(?:{_PEOPLE}|{_AUDIENCE})|(?!\s*[^\W\d_]{{3}}))"

_COUNT = re.compile(rf"{_QUALIFIER}{_NUMBER}\s*{_PEOPLE}", re.IGNORECASE)
_VISITORS = starting_with(
    f"пзгб{_NUMBER_FIRST}",
    # 'посетили 5 тыс. человек' are visitors; 'посетили более 17 тыс. участников' participants
    rf"посетил\w*\s+{_QUALIFIER}{_NUMBER}(?![.\s]*участни){_HEADS}|{_QUALIFIER}{_NUMBER}\s*{_AUDIENCE}"
    rf"|посещаемост\w*[^.\d]{{0,20}}{_QUALIFIER}{_NUMBER}{_HEADS}",
    re.IGNORECASE,
)
_REGION_WORD = r"(?:регион\w*|субъект\w*)"
# 'из 23 регионов', 'представители 9 регионов', '12 регионов России', '5 регионов-участников'
_REGIONS = starting_with(
    f"идкпу{_NUMBER_FIRST}",
    rf"(?:из|представител\w*|участник\w*|делегаци\w*|команд\w*)\s+{_QUALIFIER}{_NUMBER}"
    rf"\s*{_REGION_WORD}"
    rf"|{_QUALIFIER}{_NUMBER}\s*{_REGION_WORD}(?:\s+(?:России|Российской Федерации|РФ)|-участник)",
    re.IGNORECASE,
)
_PARTICIPANTS_LABELLED = re.compile(
    rf"(?:количеств\w*|числ\w*)\s+участник\w*\s*[-–—:]?\s*{_QUALIFIER}{_NUMBER}{_HEADS}",
    re.IGNORECASE,
)


def _value(number: str, thousands: str | None) -> int:
    if thousands:  # '4,5 тыс.' is 4500
        return round(float(re.sub(r"[^\d.,]", "", number).replace(",", ".")) * 1000)
    return int(re.sub(r"\D", "", number))


def _count(qualifier: str | None, number: str, thousands: str | None) -> Count:
    return Count(_value(number, thousands), _QUALIFIERS.get((qualifier or "").lower()))


# Every match of the patterns above holds one of these words (as IGNORECASE compares them):
# a text without any of them is not searched, which spares most texts a slow scan.
_VISITORS_WORDS = ("посе", "зрител", "гост", "болельщ")  # посетил…, посетител…, посещаемост…
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

    reporting: str | None  # ISO code of the region that wrote the report (None: unknown)

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
# ... or where the count follows a word of taking part: 'курсы прошли 40 учителей'
_TOOK_PART_BEFORE = re.compile(
    r"(?:\bпрош(?:ли|ло|[её]л|ла)(?:\s+обучение)?|\bобучен[оы]|\bповысили\s+квалификацию)\s*$",
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
    """Counts stated in a row's participant and result cells (see read_counts)."""
    return read_counts(participants_text, result_text, geo, away)[0]


class CountDoubt(NamedTuple):
    """Why the participants count read from the participants cell may not be what it says:
    'range' ('100–150 человек'), or 'several' counts of people that no role, total or share
    accounts for ('30 студентов, 5 преподавателей': which is the number of participants?)."""

    reason: Literal["range", "several"]
    numbers: tuple[str, ...]  # the numbers as written, in text order


def read_counts(
    participants_text: str, result_text: str, geo: RegionReader, away: bool = False
) -> tuple[Counts, CountDoubt | None]:
    """Counts stated in a row's participant and result cells (first statement of each wins),
    and the doubt about the participants count, if the participants cell leaves one.

    People stated to come from the reporting region ('от Смоленской области – 3 человека') are
    its delegation, and so is a share of all its people ('в том числе команда Санкт-Петербурга –
    18 спортсменов'). When the event was held away from the reporting region (away=True),
    people described only by that region ('Учителя … Псковской области – 18 человек') travelled
    there and are its delegation too, as is a delegation that names no region ('Делегация в
    составе 21 человека'); at home or online the former are simply the participants, the latter
    the guests'. A delegation or team of another region counts no one of ours.
    """
    participants = visitors = delegation = regions = None
    doubt = None
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
            used.append(match.span())
        counts = list(count_matches(text))
        ours, spans = _delegation(text, low, counts, geo, used, away)
        used.extend(spans)
        used.extend(_breakdowns(text, spans))
        if delegation is None:
            delegation = ours
        if participants is None and (
            found := _first(_PARTICIPANTS_LABELLED, text, low, _PARTICIPANTS_LABELLED_WORDS)
        ):
            participants, _ = found
        if participants is None and (taken := _participants(text, counts, used, strict)):
            participants = _count(*taken.groups())
            if not strict:
                doubt = _doubt(text, counts, used, taken)
    return Counts(participants, visitors, delegation, regions), doubt


# '100–150 человек' (before the count's number), 'от 100 до 150 человек' (before its 'до')
_RANGE_BEFORE = re.compile(r"(\d+)\s*[-–—]\s*$")
_RANGE_FROM = re.compile(r"\bот\s+(\d+)\s*$", re.IGNORECASE)


def _doubt(
    text: str, counts: list[CountMatch], used: list[tuple[int, int]], taken: CountMatch
) -> CountDoubt | None:
    """Doubt about the count taken as participants from a participants cell: it ends a range,
    or other counts of people stand beside it that are no other role's, no share of a total
    ('в том числе', 'из них') and no breakdown in brackets."""
    upto = (taken.qualifier or "").lower() == "до"
    if taken.qualifier is None or upto:
        bound = _RANGE_FROM if upto else _RANGE_BEFORE
        before = bound.search(text, max(0, taken.start - 16), taken.start)
        if before:
            return CountDoubt("range", (before.group(1), taken.number))
    others = [
        count
        for count in counts
        if count is not taken
        and not any(a <= count.start < b for a, b in used)
        and not _SHARE.search(text, 0, count.start)
        and text.count("(", 0, count.start) == text.count(")", 0, count.start)
    ]
    if not others or _SHARE.search(text):
        return None
    return CountDoubt("several", tuple(c.number for c in sorted([taken, *others])))


_BREAKDOWN = re.compile(r"(?:\s*[^\W\d_]+\.?)?\s*\([^()]*\)")  # '… человек (8 …, 2 …)'


def _breakdowns(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'– 10 человек (8 спортсменов, 2 тренера)': the brackets after a delegation's size break
    it down; they count no one else."""
    found = []
    for _, end in spans:
        bracket = _BREAKDOWN.match(text, end)
        if bracket:
            found.append(bracket.span())
    return found


def _participants(
    text: str, counts: list[CountMatch], used: list[tuple[int, int]], strict: bool
) -> CountMatch | None:
    """The first count of people in text not taken by another role; strict (the result
    column): only where the sentence speaks of taking part."""
    visited = "посетил" in text
    for count in counts:
        if any(a <= count.start < b for a, b in used):
            continue
        if (
            strict
            and "участни" not in text[count.start : count.end]  # '17 тыс. участников' says so
            and not _PARTICIPATION.search(_sentence_around(text, count.start))
            and not _TOOK_PART_BEFORE.search(text, 0, count.start)
        ):
            continue
        if (
            visited
            and re.search(r"посетил\w*\s*$", text[: count.start])
            and "участни" not in text[count.start : count.end]  # 'посетили 17 тыс. участников'
        ):
            continue
        return count
    return None


def _sentence_around(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind(";", 0, position)) + 1
    stop = re.search(r"\.\s|;|$", text[position:])
    return text[start : position + (stop.start() if stop else 0)]


# 'от Смоленской области – 3 человека', 'От X - учреждение … - 2 человека', '4 делегата от X',
# 'в том числе 14 спортсменов Смоленской области', 'делегация X в количестве 5 человек',
# 'Руководители организаций Псковской области – 18 человек'
_FROM_CLAUSE = re.compile(r"\b[Оо]т\s+")
_CLAUSE_END = re.compile(r"\.\s+(?=[А-ЯЁ])|;|\b[Оо]т\s+|$")
# a delegation or a region's team and its size: 'Делегация Псковской области в составе 12
# человек', 'делегация в составе 21 человека', 'сборная команда Смоленской области – 18
# спортсменов'; the phrase between (group 2) is where it comes from, if it says
_TEAM_WORDS = ("делегаци", "команд", "сборн")
_DELEGATION = re.compile(
    r"\b((?:сборн\w+\s+)?(?:делегаци\w*|команд(?:а|ы|у|ой|е)\b)|сборн(?:ая|ой|ую|ые|ых)\b)"
    # the phrase ends before a number: 'Команда X победила со счётом 2:1' states no size
    r"(?:\s+((?:(?!\.\s|;).){3,60}?)(?<!\d)(?<!\d\s))??"
    r"\s*(?:в количестве|в составе|численностью|из(?=\s)|[–—:-])\s*"
    rf"{_QUALIFIER}{_NUMBER}{_HEADS}",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"(?:^|[.;!?]\s)[^.;!?]*$")
# what makes the people after it a share of all: 'в том числе', 'из них', 'включая'
_SHARE = re.compile(r"\b(?:в том числе|из них|включая)\b", re.IGNORECASE)


def _delegation(
    text: str,
    low: str,
    matches: list[CountMatch],
    geo: RegionReader,
    used: list[tuple[int, int]],
    away: bool,
) -> tuple[Count | None, list[tuple[int, int]]]:
    """The reporting region's delegation stated in text, and the spans of text that state it
    or another region's delegation (no one counts them as participants); low = folded(text),
    matches: those of _COUNT in text."""

    def alone(phrase: str) -> bool:
        return geo.leading_regions(phrase) == [geo.reporting]

    counts = [m for m in matches if not any(a <= m.start < b for a, b in used)]
    # a number of people followed by the region: '4 делегата от Смоленской области'
    for match in counts:
        if alone(re.sub(r"^\s*(?:от|из)\s+", "", text[match.end : match.end + 120])):
            return _count(*match.groups()), [match.span()]
    # a clause opened by the region: 'От Смоленской области – … – 2 человека'
    for opening in _FROM_CLAUSE.finditer(text):
        if not alone(text[opening.end() : opening.end() + 120]):
            continue
        stop = _CLAUSE_END.search(text, opening.end())
        clause_end = stop.start() if stop else len(text)
        inside = next(count_matches(text, opening.end(), clause_end), None)
        if inside and not any(a <= inside.start < b for a, b in used):
            return _count(*inside.groups()), [inside.span()]
    # 'Делегация Псковской области в составе 12 человек', 'Делегация в составе 21 человека'
    others: list[tuple[int, int]] = []
    for stated in _DELEGATION.finditer(text) if any(w in low for w in _TEAM_WORDS) else ():
        named = geo.regions_in(stated.group(2) or "")
        unnamed = not named and "делегаци" in stated.group(1).lower()
        if named == {geo.reporting} or (unnamed and away):
            return _count(*stated.group(3, 4, 5)), [stated.span()]
        others.append(stated.span())
    # people described by the reporting region alone, away from home ('Учителя … Мурманской
    # области – 15 человек', '12 тренеров спортивных школ Новгородской области') or anywhere as
    # a share of all ('в том числе команда Санкт-Петербурга – 18 спортсменов')
    for match in counts:
        if any(a <= match.start < b for a, b in others):
            continue
        clause, share = _clause_of(text, match, matches)
        if (away or share) and geo.regions_in(clause) == {geo.reporting}:
            return _count(*match.groups()), [match.span()]
    return None, others


def _clause_of(text: str, match: CountMatch, matches: list[CountMatch]) -> tuple[str, bool]:
    """The words that describe the people of a count: its sentence, from the end of the count
    before it or a share word ('в том числе') to the next count; and whether it is a share."""
    bound = max((m.end for m in matches if m.end <= match.start), default=0)
    before_match = _SENTENCE_START.search(text[bound : match.start])
    before = before_match.group(0) if before_match else ""
    shares = list(_SHARE.finditer(before))
    if shares:
        before = before[shares[-1].end() :]
    after_end = min((m.start for m in matches if m.start >= match.end), default=len(text))
    after = re.match(r"[^.;(]*", text[match.end : after_end])
    after_text = after.group(0) if after else ""
    share_after = _SHARE.search(after_text)
    if share_after:
        after_text = after_text[: share_after.start()]
    return before + after_text, bool(shares)
