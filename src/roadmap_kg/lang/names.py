"""Names of organisations and places: legal forms, quotes, case forms, match keys.

Two spellings name the same body when their *match keys* are equal: the words of the name,
lower-cased, each reduced to its dictionary form, without legal form, quotes or punctuation.
So 'Департаментом экономического развития' and 'Департамент экономического развития' match,
while 'Санкт-Петербургский государственный университет' and '… университет промышленных
технологий и дизайна' do not (their words differ).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .morph import lemma, parses

WORD = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*")

# Organisational-legal forms of Russian bodies are built from a small alphabet of parts:
# (Ф)едеральное/(С)моленское (О)бластное/(Г)осударственное/(М)униципальное + (Б)юджетное/
# (А)втономное/(К)азённое + (Н)аучное/(П)рофессиональное/(Д)ополнительного + (О)бразовательное
# (У)чреждение (+ (К)ультуры/(З)дравоохранения/(ДО)/…). A token of that shape, or one of the
# commercial forms, before a name is its legal form, never part of the name.
_STATE_FORM = r"(?:СПб\s?)?[ФСОМГР]{0,3}[БАК]Н?[ПД]?(?:ОУ|У)(?:ДО|К|З|СО|СОН|ВО)?"
_OTHER_FORMS = (
    "ООО|ОАО|ЗАО|ПАО|НАО|АО|АНО|НКО|ФГУП|ГУП|МУП|ИП|НП|ЧОУ|ЧУ|РОО|МОО|ООО|ФГУ|ГУ|ГОУ|НОУ|ФКУ|ФБУ"
)
_LEVEL = r"(?:\s+(?:ВО|ДО|СПО|ВПО|ДПО|ПО))?"
# a regional qualifier after the form, before a quoted name: 'ГБУК РК «…»', 'ГАОУ ВО ЛО «…»'
_REGION_MARK = r"(?:\s+[А-ЯЁ]{2,3}(?=\s*[«\"“„]))?"


def legal_form_pattern(extra: Iterable[str] = (), anchored: bool = True) -> re.Pattern[str]:
    """Regex matching a legal form (the reviewed list first, then the general shape).

    Anchored, it matches at the start of a name; unanchored, anywhere in running text.
    """
    listed = sorted({re.escape(a) for a in extra if a}, key=len, reverse=True)
    alternatives = "|".join([*listed, _STATE_FORM, _OTHER_FORMS])
    start = "^" if anchored else r"(?<![^\W_])"
    return re.compile(rf"{start}(?:{alternatives}){_LEVEL}{_REGION_MARK}(?=[\s«\"“„(]|$)")


_DEFAULT_FORMS = legal_form_pattern()


def split_legal_form(
    text: str, pattern: re.Pattern[str] = _DEFAULT_FORMS
) -> tuple[str | None, str]:
    """'ФГБОУ ВО «Смоленский государственный университет»' → ('ФГБОУ ВО', '«Смоленский …»')."""
    match = pattern.match(text.strip())
    if not match:
        return None, text.strip()
    return match.group(0), text.strip()[match.end() :].strip()


_OPEN, _CLOSE = "«“„", "»”"


def balance_quotes(text: str) -> str:
    """Close quotes a writer left open: '«Центр туризма «Речной вокзал»' gets its second '»'."""
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return text + "»" * depth


def unquote(text: str) -> str:
    """Drop the outer quotes around a whole name: '«Арт-центр «X»»' → 'Арт-центр «X»'."""
    text = balance_quotes(text.strip())
    if len(text) >= 2 and text[0] in _OPEN + '"' and text[-1] in _CLOSE + '"':
        inner = text[1:-1]
        depth = 0
        for ch in inner:  # only if the first quote closes at the very end
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth -= 1
                if depth < 0:
                    return text
        return inner.strip()
    return text


def words(text: str) -> list[str]:
    return WORD.findall(text)


@lru_cache(maxsize=65536)
def match_key(text: str, pattern: re.Pattern[str] = _DEFAULT_FORMS) -> tuple[str, ...]:
    """The comparable form of a name: lemmas of its words, without legal form or punctuation."""
    _, rest = split_legal_form(text, pattern)
    return tuple(_key_word(w) for w in words(rest))


def _key_word(word: str) -> str:
    low = word.lower().replace("ё", "е").replace("‐", "-")
    if low in ("им", "имени"):
        return "им"
    return lemma(low)


_NOMINAL = {"NOUN", "ADJF", "PRTF", "NUMR"}
# a unit's kind after a dash, in the case of the head it describes
_APPOSITION = re.compile(r"^[^–—()]*?(?:\s[–—-]\s|\s\()(филиал\w*|отделени\w*|подразделени\w*)\b")


@lru_cache(maxsize=65536)
def to_nominative(name: str) -> str:
    """Put the head of a name in the nominative: 'Департаментом … развития' → 'Департамент …'.

    The head is the first noun and the adjectives before it; the words after it (genitive
    complements such as '… Смоленской области') keep their form.
    """
    return _head_in_case(name, "nomn")


@lru_cache(maxsize=65536)
def to_genitive(name: str) -> str:
    """A name in the nominative put in the genitive, to complete another name:
    'Казанский (Приволжский) федеральный университет' → 'Казанского (Приволжского)
    федерального университета' (for 'кафедра … КФУ' → 'Кафедра … Казанского …')."""
    return _head_in_case(name, "gent")


def _head_in_case(name: str, wanted_case: str) -> str:
    tokens = list(WORD.finditer(name))
    head_index = None
    case = None
    for index, match in enumerate(tokens[:6]):
        word = match.group(0)
        if word.isupper() and len(word) > 1:  # an abbreviation: no inflection
            return name
        readings = parses(word)
        candidates = [p for p in readings if p.tag.POS == "NOUN" and p.tag.case]
        # 'Главного', 'Русского' can be read as nouns too; an adjective reading wins
        if candidates and not any(p.tag.POS in ("ADJF", "PRTF") for p in readings):
            head_index = index
            case = _agreeing_case(candidates, [t.group(0) for t in tokens[:index]])
            break
        if not any(p.tag.POS in _NOMINAL for p in parses(word)):
            return name
    if head_index is None or case in (None, wanted_case):
        return name
    head = next(p for p in parses(tokens[head_index].group(0)) if p.tag.case == case)
    agreement = {wanted_case, "plur"} if head.tag.number == "plur" else {wanted_case, "sing"}
    if head.tag.number != "plur" and head.tag.gender:
        agreement.add(str(head.tag.gender))
    pieces: list[str] = []
    last = 0
    for index, match in enumerate(tokens[: head_index + 1]):
        word = match.group(0)
        parse = next(
            (p for p in parses(word) if p.tag.case == case and p.tag.POS in _NOMINAL), None
        )
        wanted = {wanted_case, str(head.tag.number)} if index == head_index else agreement
        inflected = _inflect(parse, wanted) if parse else None
        pieces.append(name[last : match.start()])
        pieces.append(_same_case_shape(word, inflected.word) if inflected else word)
        last = match.end()
    rest = name[last:]
    apposition = _APPOSITION.match(rest)  # '… – филиала РАНХиГС' agrees with its head
    if apposition:
        word = apposition.group(1)
        parse = next((p for p in parses(word) if p.tag.case == case and p.tag.POS == "NOUN"), None)
        inflected = _inflect(parse, {wanted_case, str(parse.tag.number)}) if parse else None
        if inflected:
            start, stop = apposition.span(1)
            rest = rest[:start] + _same_case_shape(word, inflected.word) + rest[stop:]
    pieces.append(rest)
    return "".join(pieces)


def spell_out_words(name: str, expansions: dict[str, str]) -> str:
    """A name with its abbreviated words spelt out in the case they stand in, by a reviewed
    table (lemma → expansion in the nominative): 'Управление культуры Гомельского
    облисполкома' → '… Гомельского областного исполнительного комитета'."""
    low = name.lower()
    if not any(short in low for short in expansions):  # most names: nothing to spell out
        return name

    def spelt(match: re.Match[str]) -> str:
        word = match.group(0)
        expansion = expansions.get(lemma(word.lower()))
        if expansion is None:  # most words of such a name: not parsed at all
            return word
        parse = next((p for p in parses(word) if p.tag.POS == "NOUN"), None)
        if parse is None:
            return word
        words = expansion.split()
        head = parses(words[-1])[0]
        wanted = {str(parse.tag.case), str(parse.tag.number)}
        agreement = wanted | ({str(head.tag.gender)} if parse.tag.number == "sing" else set())
        out = []
        for part in words:
            reading = parses(part)[0]
            inflected = _inflect(reading, agreement if reading.tag.POS == "ADJF" else wanted)
            out.append(inflected.word if inflected else part)
        text = " ".join(out)
        return text[:1].upper() + text[1:] if word[:1].isupper() else text

    return WORD.sub(spelt, name)


def _inflect(parse, wanted: set[str]):  # type: ignore[no-untyped-def]
    """parse in the wanted form, the one closest to the word as written: a lexeme may hold two
    ('высшей' → 'высшая', not 'высочайшая', though both are superlatives of 'высокий')."""
    inflected = parse.inflect(wanted)
    if inflected is None:
        return None
    tag = inflected.tag
    forms = [f for f in parse.lexeme if f.tag == tag]
    return max(forms, key=lambda f: (_common_prefix(f.word, parse.word), -forms.index(f)))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _agreeing_case(noun_parses: list[Any], adjectives: list[str]) -> str | None:
    """The case of the noun that its preceding adjectives also carry (most likely first)."""
    for parse in noun_parses:
        case, number = parse.tag.case, parse.tag.number
        if all(
            any(p.tag.case == case and p.tag.number == number for p in parses(a))
            for a in adjectives
        ):
            return str(case)
    return None  # nothing agrees: leave the name as written


def _same_case_shape(original: str, word: str) -> str:
    if original.isupper():
        return word.upper()
    if original[:1].isupper():
        # keep capitals inside hyphenated names: 'Санкт-Петербургского' → 'Санкт-Петербургский'
        parts_o, parts_w = original.split("-"), word.split("-")
        if len(parts_o) == len(parts_w):
            return "-".join(
                w[:1].upper() + w[1:] if o[:1].isupper() else w
                for o, w in zip(parts_o, parts_w, strict=True)
            )
        return word[:1].upper() + word[1:]
    return word
