"""Organisations: finding their mentions in cell text (registry.py resolves them).

A mention is found by one of three general rules, tried in this order:
1. list items after a colon that introduces a list of organisations
   ('Туроператоры Смоленской области: Агентство «Турпоездка», Смоленск Тревел, …');
2. a legal form and the name after it ('ФГБОУ ВО «Смоленский государственный университет»',
   'ГБУДО дворец творчества …');
3. a name phrase: capitalised adjectives and a head noun that names a kind of body
   ('Санкт-Петербургский государственный университет', 'Комитет по социальной политике'),
   with the words that complete it (genitive complements, 'по …', 'им. …', '(…)', «…»);
   a generic head ('компания', 'организация') only introduces a quoted name.
Plural heads without a name ('директора концертных организаций') are groups, not bodies.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from ..lang.morph import lemma, parses
from ..lang.names import match_key, split_legal_form, unquote
from ..lang.text import clean
from ..memo import Memo
from ..reference import COUNTRY_KEYS, Reference

# Head nouns (lemmas) of names of bodies.
ORG_HEADS = frozenset(
    """
    университет институт академия консерватория колледж техникум училище школа лицей гимназия
    музей музей-заповедник библиотека архив театр филармония капелла галерея центр дворец
    комитет департамент министерство управление администрация правительство аппарат агентство
    служба инспекция дирекция фонд ассоциация союз объединение палата совет дума собрание
    кластер корпорация завод комбинат фабрика банк издательство редакция телерадиокомпания
    больница поликлиника клиника госпиталь епархия заповедник парк турцентр турагентство
    туроператор клуб федерация отдел сектор комиссия бюро лаборатория обсерватория зоопарк
    цирк ансамбль оркестр хор студия представительство учреждение предприятие компания
    организация общество холдинг концерн трест мэрия префектура губернаторство прокуратура
    суд инспекция управа мастерская консорциум партнёрство партнерство кафедра факультет
    филиал отделение облисполком райисполком горисполком исполком акимат хокимият
    """.split()
)
# Heads of units of a body: written in lower case in running text ('кафедра истории КФУ',
# 'филиал РАНХиГС в Смоленске'), they name a unit when the body they belong to follows.
UNIT_HEADS = frozenset("кафедра факультет филиал отделение лаборатория".split())
# 'по инициативе X', 'по итогам …': after a name these say why or how, they are no part of
# it (as 'Комитет по культуре' is)
_PO_CIRCUMSTANCE = frozenset(
    "инициатива приглашение итог случай поручение решение предложение согласование".split()
)
# Heads that running text writes in lower case before the body's own name ('администрация
# города Сургута', 'кафедра истории КФУ'): a name when a capitalised word completes it.
# (акимат, хокимият: a Kazakh and an Uzbek region's administration)
LOWER_CASE_HEADS = UNIT_HEADS | frozenset(
    """
    администрация правительство министерство комитет департамент управление акимат хокимият
    """.split()
)
# Heads that say only "a body": kept out of names, they introduce a quoted name.
GENERIC_HEADS = frozenset("компания фирма организация предприятие учреждение общество".split())
# Forms of non-profit bodies: before a quoted name they are its legal form ('Союз «Ленинградская
# областная торгово-промышленная палата»'); without quotes they head a name ('Союз композиторов').
NONPROFIT_FORMS = frozenset("союз ассоциация фонд партнерство партнёрство".split())
# Plural nouns that, before a colon, introduce a list of bodies.
LIST_HEADS = frozenset(
    """
    туроператор турагентство организация компания предприятие учреждение вуз партнёр партнер
    участник агентство турфирма музей университет театр
    """.split()
)
# A body heads a name only with a complement; alone with an adjective it is a building.
BUILDING_HEADS = frozenset("дворец парк".split())

_QUOTE_OPEN, _QUOTE_CLOSE = "«“„", "»”"
_TOKEN = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*\.?|[«“„»”\"()]|[,;:.!?–—-]", re.UNICODE)
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")
_ABBREVIATION = re.compile(r"[А-ЯЁ](?:[А-ЯЁ]|[а-яё](?=[А-ЯЁ])){1,7}")
# Words that never continue a name: prepositions, conjunctions, particles.
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})


@dataclass(frozen=True)
class Mention:
    surface: str  # as written
    name: str  # without legal form
    legal_form: str | None
    start: int
    end: int
    parent: Mention | None = None  # a body named right after it: 'институт (филиал) ФГБОУ ВО «…»'
    abbreviation: str | None = None  # 'Казанский федеральный университет (КФУ)': 'КФУ'
    bare: bool = False  # named by an abbreviation alone ('КФУ'), which a report may define


@dataclass
class _Walk:
    """Where a walk through a name's complement is: the next token, the name's end so far,
    and whether it is inside a 'по …' phrase (whose dative and prepositional words belong to
    it) and after its 'с' (instrumental ones too)."""

    i: int
    end: int
    in_po: bool = False
    in_po_ablt: bool = False


class _Token:
    """A word or a punctuation mark of a text, with what the rules ask of it worked out once."""

    __slots__ = ("text", "start", "end", "word", "is_word", "capitalised")

    def __init__(self, match: re.Match[str]) -> None:
        self.text = text = match.group(0)
        self.start, self.end = match.span()
        self.word = text.rstrip(".")  # without a final full stop
        self.is_word = text[0].isalnum()
        self.capitalised = text[0].isupper()


def _tokens(text: str) -> list[_Token]:
    return list(map(_Token, _TOKEN.finditer(text)))


def _has_case(word: str, cases: set[str], pos: set[str] | None = None) -> bool:
    return _has_case_of(word, frozenset(cases), frozenset(pos) if pos is not None else None)


@lru_cache(maxsize=65536)
def _has_case_of(word: str, cases: frozenset[str], pos: frozenset[str] | None) -> bool:
    return any(p.tag.case in cases and (pos is None or p.tag.POS in pos) for p in parses(word))


def _quote_end(text: str, start: int) -> int:
    """End (exclusive) of the quoted name opening at text[start]; unbalanced quotes close at
    the last closing quote before the end of the sentence."""
    depth = 0
    nested_close = -1  # where an inner quote closed: the outer one was likely left open there
    for index in range(start, len(text)):
        ch = text[index]
        if ch in _QUOTE_OPEN or (ch == '"' and depth == 0):
            depth += 1
        elif ch in _QUOTE_CLOSE or ch == '"':
            depth -= 1
            if depth == 0:
                return index + 1
            if depth == 1 and nested_close < 0:
                nested_close = index
    return nested_close + 1 if nested_close > 0 else len(text)


class MentionFinder:
    """Finds organisation mentions in a cell's text with the rules in the module docstring."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.legal_forms = reference.legal_forms_anywhere
        self._found: Memo[str, tuple[Mention, ...]] = Memo()

    def find(self, text: str) -> list[Mention]:
        """Mentions in text, in order of position."""
        found = self._found.get(text)
        if found is None:
            found = self._found.remember(text, tuple(self._find(text)))
        return list(found)

    def _find(self, text: str) -> list[Mention]:
        # the spans taken so far, sorted and disjoint: a look-up costs log(n), not n
        starts: list[int] = []
        ends: list[int] = []
        mentions: list[Mention] = []

        def free(start: int, end: int) -> bool:
            i = bisect_right(starts, start)
            return not (i and ends[i - 1] > start) and not (i < len(starts) and starts[i] < end)

        def add(
            start: int, end: int, legal_form: str | None, name: str, bare: bool = False
        ) -> None:
            name = name.strip(" ,;:–—-")
            # a sentence's full stop after the name ('… с Гомельским райисполкомом. Вручено'),
            # not an abbreviation's ('им. Ф.', 'ул.'), which is shorter than four letters
            name = re.sub(r"(?<=[^\W\d_]{4})\.$", "", name)
            if len(name) < 2 or not free(start, end):  # 'г' of a 'г.' is no name
                return
            i = bisect_right(starts, start)  # a country or region name is claimed all the same
            starts.insert(i, start)
            ends.insert(i, end)
            # a legal form says it is a body, even when its name is a town's ('АО «Апатит»')
            if legal_form or not self._not_a_body(name):
                surface = text[start:end].strip()
                mentions.append(Mention(surface, name, legal_form, start, end, bare=bare))

        for start, end in self._list_items(text):
            legal_form, rest = split_legal_form(text[start:end], self.reference.legal_forms)
            add(start, end, legal_form, unquote(rest))
        for match in self.legal_forms.finditer(text):
            form_end = self._region_mark_end(text, match.end())
            end = self._name_after_legal_form(text, form_end)
            if end > form_end:
                form = text[match.start() : form_end]
                add(match.start(), end, form, unquote(text[form_end:end]))
        tokens = _tokens(text)
        for index, token in enumerate(tokens):
            if not free(token.start, token.end):
                continue
            found = self._abbreviation(text, tokens, index) or self._name_phrase(
                text, tokens, index
            )
            if found:
                start, end, name = found
                add(start, end, None, name, bare=bool(BARE.fullmatch(name)))
        named: list[Mention] = []
        for mention in sorted(mentions, key=lambda m: m.start):
            if named and mention.start < named[-1].end:  # the '(КФУ)' a name before it claimed
                continue
            named.append(_with_abbreviation(text, mention))
        return _attach_parents(text, named)

    # --- rule 1: lists ---------------------------------------------------------------------

    def _list_items(self, text: str) -> list[tuple[int, int]]:
        items: list[tuple[int, int]] = []
        for colon in re.finditer(r":", text):
            before = re.findall(
                r"[^\W\d_]+(?:-[^\W\d_]+)*", text[max(0, colon.start() - 80) : colon.start()]
            )
            heads = [w for w in before[-4:] if lemma(w) in LIST_HEADS and _is_plural(w)]
            if not heads:
                continue
            end = _sentence_end(text, colon.end())
            for start, stop in _split_outside(text, colon.end(), end, ",;"):
                piece = text[start:stop]
                lead = re.match(r"\s*(?:а также|и|а)\s+", piece)
                if lead:
                    start += lead.end()
                if text[start:stop].strip():
                    items.append((start, stop))
        return items

    # --- rule 2: legal form + name ------------------------------------------------------------

    def _region_mark_end(self, text: str, position: int) -> int:
        """Where a legal form ends that a region's name or mark completes before a quoted
        name: 'АУ ХМАО – Югры «Технопарк …»', 'ГБУ ДПО Санкт-Петербурга «…»'."""
        mark = re.match(r"\s+([^«\"“„,;()]{2,60}?)\s*(?=[«\"“„])", text[position:])
        if mark is None:
            return position
        words = mark.group(1)
        place = re.match(r"(?:г\.|города?)\s*", words)  # 'ГБУК г. Севастополя «…»'
        start = place.end() if place else 0
        found = self.reference.find_regions(words[start:]) or [
            (cities[0].region_iso, a, b)
            for cities, a, b in self.reference.find_cities(words[start:])
        ]
        if found and found[0][1] == 0 and not words[start + found[-1][2] :].strip(" –—-"):
            return position + mark.end(1)
        return position

    def _name_after_legal_form(self, text: str, position: int) -> int:
        rest = text[position:]
        skipped = len(rest) - len(rest.lstrip())
        start = position + skipped
        if start < len(text) and text[start] in _QUOTE_OPEN + '"':
            return _quote_end(text, start)
        # an unquoted name runs to the next comma, stop or bracket
        stop = re.search(r"[,;:()«»]|\.\s|\s[–—-]\s|$", text[start:])
        return start + (stop.start() if stop else len(text) - start)

    def _abbreviation(
        self, text: str, tokens: list[_Token], index: int
    ) -> tuple[int, int, str] | None:
        """'РГПУ им. А.И. Герцена', or an abbreviation the authority file knows ('СПбГУ')."""
        token = tokens[index]
        word = token.word
        if not token.capitalised:  # the first letter of an abbreviation is a capital
            return None
        if not (_ABBREVIATION.fullmatch(word) and not self.reference.legal_forms.fullmatch(word)):
            return None
        end = token.start + len(word)
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        if nxt is not None and nxt.text.lower() in ("им.", "имени"):
            end, _ = self._after_imeni(tokens, index + 2, nxt.end)
            return token.start, end, text[token.start : end]
        # 'ИРЛИ (Пушкинский Дом) РАН': a short name in brackets and a parent's abbreviation
        rest = re.match(r"\s*\([^()]{2,40}\)", text[end:])
        if rest:
            end += rest.end()
        parent = re.match(r"\s+([А-ЯЁ][А-ЯЁа-яё]{1,7})\b", text[end:])
        if parent and _ABBREVIATION.fullmatch(parent.group(1)):
            end += parent.end()
        if _quote_follows(tokens, _index_at(tokens, end)):
            return None  # 'ГОО ДПО «…»': a form before the quoted name of the body
        for stop in sorted({end, token.start + len(word)}, reverse=True):
            if (
                self.reference.identity_key(text[token.start : stop])
                in self.reference.authority_index
            ):
                return token.start, stop, text[token.start : stop]
        if rest or parent:  # an abbreviation with its full name or its parent is a body too
            return token.start, end, text[token.start : end]
        # a bare abbreviation: a body if a report of the release defines it (registry.settle);
        # not a venue's kind before its name ('КВЦ «Экспофорум»', 'ДК «Октябрь»')
        if word in self.reference.venue_abbreviations or _quote_follows(tokens, index + 1):
            return None
        return token.start, token.start + len(word), word

    # --- rule 3: name phrases -----------------------------------------------------------------

    def _name_phrase(
        self, text: str, tokens: list[_Token], index: int
    ) -> tuple[int, int, str] | None:
        first = tokens[index]
        head = _head_of(tokens, index) if first.is_word else None
        if head is None:
            return None
        head_token = tokens[head]
        if head > index and not _agrees(first.word, head_token.word):
            return None  # 'Ученые Санкт-Петербургского университета': the name starts later
        head_lemma = lemma(head_token.word)
        after = head + 1
        # a generic head introduces a quoted name: 'компания из Санкт-Петербурга «Арт-центр …»'
        if head_lemma in NONPROFIT_FORMS and index == head and _quote_follows(tokens, after):
            end = _quote_end(text, tokens[after].start)
            return tokens[after].start, end, unquote(text[tokens[after].start : end])
        if head_lemma in GENERIC_HEADS:
            for look in range(after, min(after + 5, len(tokens))):
                if tokens[look].text in _QUOTE_OPEN + '"':
                    end = _quote_end(text, tokens[look].start)
                    return tokens[look].start, end, unquote(text[tokens[look].start : end])
                if tokens[look].text in ",.;:()":
                    break
            return None
        # 'администрация города …', 'кафедра … КФУ', 'филологический факультет ГГУ'
        lower_case_unit = head_lemma in UNIT_HEADS or (
            index == head and head_lemma in LOWER_CASE_HEADS
        )
        if not first.capitalised and not lower_case_unit:
            return None
        if _is_plural(head_token.word) and not _quote_follows(tokens, after):
            return None  # a group, not a body
        if index > 0 and tokens[index - 1].text in _QUOTE_OPEN + '"':
            # a name that fills a quotation: '… в состав «Туристического кластера … округа»'
            end = _quote_end(text, tokens[index - 1].start) - 1
            return first.start, end, text[first.start : end]
        end = self._complement_end(text, tokens, after, head_token)
        if head_lemma in BUILDING_HEADS and end == head_token.end:
            return None  # 'Таврический дворец': a building, not a body
        if not first.capitalised and not re.search(r"[А-ЯЁ]", text[head_token.end : end]):
            return None  # 'кафедра истории', 'комитет по': no body named
        surface = text[first.start : end]
        return first.start, end, surface

    def _complement_end(self, text: str, tokens: list[_Token], index: int, head: _Token) -> int:
        """Where the words that complete a name after its head end: genitive complements,
        'по …' phrases, 'им. …', brackets, abbreviations, a region that closes the name."""
        walk = _Walk(index, head.end)
        while walk.i < len(tokens):
            token = tokens[walk.i]
            if token.is_word and token.text not in "–—-":
                go_on = self._word_step(text, tokens, walk)
            else:
                go_on = self._mark_step(text, tokens, walk, index)
            if not go_on:
                break
        return walk.end

    def _mark_step(self, text: str, tokens: list[_Token], walk: _Walk, first: int) -> bool:
        """A punctuation mark inside a name's complement: whether the name goes on."""
        i, token = walk.i, tokens[walk.i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.text in "–—-" and nxt and nxt.is_word and lemma(nxt.word) in UNIT_HEADS:
            # 'Северо-Западный институт управления – филиал РАНХиГС'
            walk.in_po = walk.in_po_ablt = False
            walk.end, walk.i = nxt.end, i + 2
            return True
        if token.text in _QUOTE_OPEN + '"':
            if i == first:  # a name right after the head: 'Институт «Высшая школа …»'
                walk.end = _quote_end(text, token.start)
            return False
        if token.text == "(":
            return self._bracket_step(text, tokens, walk)
        if token.text == "," and walk.in_po:
            # 'Комитет по государственному контролю, использованию и охране …'
            continued = (
                nxt is not None
                and nxt.is_word
                and not nxt.capitalised
                and _has_case(nxt.word, {"datv", "loct"}, {"NOUN", "ADJF"})
            )
            walk.i += 1
            return continued
        if token.text == ",":
            region = self._region_after_comma(tokens, i)
            if region is not None and tokens[region[1] - 1].start > token.start:
                walk.end, walk.i = region
                return False
            listed = _enumeration_after_comma(tokens, i)
            if listed is not None:  # 'Институт истории, языка и литературы …'
                walk.end, walk.i = listed
                return True
        return False

    @staticmethod
    def _bracket_step(text: str, tokens: list[_Token], walk: _Walk) -> bool:
        """'Институт русской литературы (Пушкинский Дом)', 'институт (филиал)': a short
        bracket belongs to the name; a city or a number in brackets does not."""
        start = tokens[walk.i].start
        close = text.find(")", start)
        inner = text[start + 1 : close] if close > 0 else ""
        if (
            close < 0
            or re.match(r"\s*(г\.|город|\d)", inner)
            or len(inner.split()) > (5 if inner[:1].isupper() else 2)
        ):
            return False
        walk.end = close + 1
        while walk.i < len(tokens) and tokens[walk.i].start < walk.end:
            walk.i += 1
        return True

    def _word_step(self, text: str, tokens: list[_Token], walk: _Walk) -> bool:
        """A word after a name's head: whether (and how far) it completes the name."""
        i, token = walk.i, tokens[walk.i]
        word, low = token.word, token.word.lower()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if low in ("им.", "им", "имени"):
            walk.end, walk.i = self._after_imeni(tokens, i + 1, token.end)
            return True
        if self.reference.legal_forms.match(text[token.start :]):
            return False  # the legal form of the next body
        if _ABBREVIATION.fullmatch(word):
            walk.end, walk.i = token.start + len(word), i + 1  # 'РАН', 'СПбГУ'
            return True
        if nxt is not None and self._joins(low, nxt, walk):
            walk.end, walk.i = nxt.end, i + 2
            return True
        if low in ("и", "в", "во"):
            return False
        readings = parses(low)
        if not readings or readings[0].tag.POS in _FUNCTION_WORDS or len(word) == 1:
            return False
        cases = {"gent", "datv", "loct"} if walk.in_po else {"gent"}
        if walk.in_po_ablt:
            cases = cases | {"ablt"}
        if not (
            _has_case(word, cases, {"NOUN", "ADJF", "PRTF"})
            or (token.capitalised and not _has_case(word, {"nomn"}) and _is_unknown(word))
        ):
            return False
        walk.end, walk.i = token.start + len(word), i + 1
        if token.text.endswith("."):
            return False  # the end of a sentence
        geo = self._geo_name_at(tokens, i)
        if geo is None:
            return True
        walk.end, walk.i = geo  # a region or country closes a name, but for 'по …'
        if _quote_follows(tokens, walk.i):  # its own name: 'Фонд … Югры «Мой Бизнес»'
            walk.end = _quote_end(text, tokens[walk.i].start)
            return False
        if walk.i + 1 < len(tokens) and tokens[walk.i].text == "и":
            # 'Союз журналистов Санкт-Петербурга и Ленинградской области'
            other = self._geo_name_at(tokens, walk.i + 1)
            if other is not None and tokens[walk.i + 1].capitalised:
                walk.end, walk.i = other
                return False
        return walk.i < len(tokens) and tokens[walk.i].text.lower() == "по"

    def _joins(self, low: str, nxt: _Token, walk: _Walk) -> bool:
        """Whether a function word and the word after it continue a name (and set the phrase
        they open): 'по культуре', 'с общественными …' inside 'по', 'и охране', 'в Смоленске'."""
        if low in ("с", "со") and walk.in_po and _has_case(nxt.word, {"ablt"}, {"NOUN", "ADJF"}):
            walk.in_po_ablt = True  # 'Комитет по … взаимодействию с общественными организациями'
            return True
        if (
            low == "по"
            and _has_case(nxt.word, {"datv", "loct"})
            and lemma(nxt.word) not in _PO_CIRCUMSTANCE
        ):
            walk.in_po = True
            return True
        if low == "и" and nxt.is_word and not nxt.capitalised:
            cases = {"gent", "datv", "loct"} if walk.in_po else {"gent"}
            return _has_case(nxt.word, cases, {"NOUN", "ADJF", "PRTF"})
        if low in ("о", "об") and nxt.capitalised and _has_case(nxt.word, {"loct"}, {"NOUN"}):
            return True  # 'Институт наук о Земле'
        if low in ("в", "во") and nxt.capitalised:
            return bool(
                self.reference.find_regions(nxt.word) or self.reference.find_cities(nxt.word)
            )
        return False

    def _geo_name_at(self, tokens: list[_Token], i: int) -> tuple[int, int] | None:
        """If a region or country name ends at or spans from tokens[i], its end and next index."""
        for n in (3, 2, 1):
            if i - n + 1 < 0:
                continue
            for span in ((i - n + 1, i + 1), (i, i + n)):
                a, b = span
                if b > len(tokens) or not all(t.is_word for t in tokens[a:b]):
                    continue
                key = tuple(lemma(t.word) for t in tokens[a:b])
                if key in self.reference.region_index or key in COUNTRY_KEYS:
                    return self._dashed_region(tokens, key, b)
        return None

    def _dashed_region(self, tokens: list[_Token], key: tuple[str, ...], b: int) -> tuple[int, int]:
        """The end of a region name found up to tokens[b - 1], with the part after a dash its
        full name has: 'Кемеровской области – Кузбасса', 'автономного округа – Югры'."""
        end = tokens[b - 1].start + len(tokens[b - 1].word)
        if b + 1 < len(tokens) and tokens[b].text in "–—-" and tokens[b + 1].is_word:
            longer = (*key, lemma(tokens[b + 1].word))
            if longer in self.reference.region_index:
                return tokens[b + 1].start + len(tokens[b + 1].word), b + 2
        return end, b

    def _region_after_comma(self, tokens: list[_Token], i: int) -> tuple[int, int] | None:
        """'Министерство строительства, архитектуры и жилищно-коммунального хозяйства
        Республики Татарстан': after a comma, genitive words joined by commas and 'и' that end
        in a region's name still belong to the name (its end and next index), or None."""
        j = i + 1
        while j < len(tokens) and j - i < 12:
            token = tokens[j]
            if token.is_word and token.capitalised:
                return self._geo_name_at(tokens, j)
            if token.text == "," or token.text.lower() == "и":
                j += 1
                continue
            if not (
                token.is_word
                and len(token.text) > 2
                and not token.text.endswith(".")  # 'г.', 'им.'
                and _field_genitive(token.word)  # not a list of bodies: 'музеев и …'
            ):
                return None
            j += 1
        return None

    @staticmethod
    def _after_imeni(tokens: list[_Token], i: int, end: int) -> tuple[int, int]:
        """'им. А.И. Герцена', 'им. Петра Великого', 'имени Б. Ельцина'."""
        names = 0
        while i < len(tokens) and tokens[i].is_word and tokens[i].capitalised and names < 3:
            token = tokens[i]
            if _INITIAL.match(token.text) or re.fullmatch(r"(?:[А-ЯЁ]\.){2}", token.text):
                end, i = token.end, i + 1
                continue
            names += 1
            end, i = token.end, i + 1
        return end, i

    def _not_a_body(self, name: str) -> bool:
        key = match_key(name, self.reference.legal_forms)
        if not key or key in COUNTRY_KEYS:
            return True
        if key in self.reference.region_index or self.reference.is_city_name(key):
            return True
        return all(w in GENERIC_HEADS for w in key)


# Where a cell of several bodies may be cut: a comma, a semicolon, a line break, 'и'.
_BODY_BREAK = re.compile(r"\s*[,;]\s*|\s*\n\s*|\s+и\s+")
# 'СПбГУ, КФУ': in a cell of bodies an abbreviation standing alone is one
_LONE_ABBREVIATION = re.compile(r"[А-ЯЁ][А-ЯЁа-яё]{1,8}(?=\s*(?:[,;]|$))")


def responsible_bodies(cell: str, finder: MentionFinder) -> list[str]:
    """The bodies a responsible-body cell names, each as its own text.

    'Комитет А, Комитет Б' names two; 'Комитет по государственному контролю, использованию
    и охране памятников …' and a name wrapped onto two lines name one: the cell is cut where a
    comma, semicolon, line break or 'и' is followed by the start of a body (a legal form or a
    name phrase the mention finder knows), never inside quotes or brackets."""
    bodies: list[str] = []
    start = 0
    for a, b in _breaks(cell):
        rest = clean(cell[b:])
        found = finder.find(rest)
        starts_body = bool(found and found[0].start == 0) or bool(_LONE_ABBREVIATION.match(rest))
        if starts_body and cell[start:a].strip():
            bodies.append(clean(cell[start:a]))
            start = b
    bodies.append(clean(cell[start:]))
    return [body.strip(" ,;") for body in bodies if body.strip(" ,;")]


def _breaks(text: str) -> list[tuple[int, int]]:
    """Spans of _BODY_BREAK that stand outside quotes and brackets."""
    depth, inside = 0, []
    for ch in text:
        if ch in _QUOTE_OPEN + "(":
            depth += 1
        elif ch in _QUOTE_CLOSE + ")":
            depth = max(0, depth - 1)
        inside.append(depth > 0)
    return [m.span() for m in _BODY_BREAK.finditer(text) if not inside[m.start()]]


# an abbreviation in brackets: up to three abbreviated words, perhaps with the person a body is
# named after ('(ИИЯЛ УФИЦ РАН)', '(БГПУ им. М. Акмуллы)')
_ABBREVIATED = r"[А-ЯЁA-Z][А-ЯЁA-Zа-яёa-z-]{1,11}"
_BRACKETED = re.compile(
    rf"\s*\(\s*({_ABBREVIATED}(?:\s+{_ABBREVIATED}){{0,2}}(?:\s+(?:им\.|имени)\s*[^()]{{1,40}})?)\s*\)"
)
# a name that is an abbreviation only: a bare one, which a report may define
BARE = re.compile(
    r"[А-ЯЁ](?:[А-ЯЁ]|[а-яё](?=[А-ЯЁ])){1,7}(?:\s+[А-ЯЁ][А-ЯЁа-яё]{1,7}){0,2}"
    r"(?:\s+(?:им\.|имени)\s*.{1,40})?"
)


def _with_abbreviation(text: str, mention: Mention) -> Mention:
    """'Казанский федеральный университет (КФУ)': an abbreviation in brackets right after a
    name (or closing it) is that body's short name, not a word of its name."""
    if "(" not in text:  # most texts: nothing to look for
        return mention
    inner = re.search(_BRACKETED.pattern + "$", mention.name)
    if inner and abbreviates(inner.group(1), mention.name[: inner.start()]):
        name = mention.name[: inner.start()].strip()
        return replace(mention, name=name, abbreviation=inner.group(1))
    after = _BRACKETED.match(text, mention.end)
    if after and abbreviates(after.group(1), mention.name):
        return replace(mention, abbreviation=after.group(1), end=after.end())
    return mention


def abbreviates(short: str, name: str) -> bool:
    """Whether short is an abbreviation of name: its capitals are initials of the name's words
    (or of the parts of a hyphenated word), in order, from the first: 'КФУ' of 'Казанский
    федеральный университет', 'СПбГУ' of 'Санкт-Петербургский государственный университет',
    'РАНХиГС' of 'Российская академия народного хозяйства и государственной службы'."""
    short = re.split(r"\s+(?:им\.|имени)", short)[0]  # '… им. М. Акмуллы': the person aside
    capitals = [ch for ch in short if ch.isupper()]
    initials = [part[0].upper() for part in re.findall(r"[^\W\d_]+", name)]
    if len(capitals) < 2 or not initials or capitals[0] != initials[0]:
        return False
    position = 0
    for letter in capitals:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def _attach_parents(text: str, mentions: list[Mention]) -> list[Mention]:
    """A body named directly after another, with nothing between, is the body it belongs to:
    'Смоленского института … (филиала) ФГБОУ ВО «МГУТУ …»' names one participant."""
    result: list[Mention] = []
    for mention in mentions:
        if result and not text[result[-1].end : mention.start].strip():
            result[-1] = replace(result[-1], parent=mention)
            continue
        result.append(mention)
    return result


def _sentence_end(text: str, start: int) -> int:
    match = re.search(r"\.\s+(?=[А-ЯЁA-Z])|$", text[start:])
    return start + match.start() if match else len(text)


def _split_outside(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Spans between separators that stand outside quotes and brackets."""
    parts: list[tuple[int, int]] = []
    depth = 0
    piece_start = start
    last_close = max((text.rfind(q, start, end) for q in _QUOTE_CLOSE + ")"), default=-1)
    for index in range(start, end):
        ch = text[index]
        if ch in _QUOTE_OPEN + "(":
            depth += 1
        elif ch in _QUOTE_CLOSE + ")":
            depth = max(0, depth - 1)
        # a quote left open ('«Центральный выставочный зал «Манеж», г. …') ends at the last
        # closing mark: a separator after it stands outside
        elif ch in separators and (depth == 0 or index > last_close):
            parts.append((piece_start, index))
            piece_start = index + 1
    parts.append((piece_start, end))
    return [(a, b) for a, b in parts if text[a:b].strip()]


@lru_cache(maxsize=65536)
def _agrees(adjective: str, noun: str) -> bool:
    """Whether an adjective can stand in the case and number of the noun it precedes."""
    forms = {(p.tag.case, p.tag.number) for p in parses(noun) if p.tag.POS == "NOUN"}
    return any(
        (p.tag.case, p.tag.number) in forms
        for p in parses(adjective)
        if p.tag.POS in ("ADJF", "PRTF")
    )


@lru_cache(maxsize=65536)
def _is_plural(word: str) -> bool:
    readings = [p for p in parses(word) if p.tag.POS == "NOUN"]
    return bool(readings) and readings[0].tag.number == "plur"


@lru_cache(maxsize=65536)
def _is_adjective(word: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parses(word))


@lru_cache(maxsize=65536)
def _has_noun_reading(word: str) -> bool:
    return any(p.tag.POS == "NOUN" for p in parses(word))


@lru_cache(maxsize=65536)
def _is_unknown(word: str) -> bool:
    return not any(p.is_known for p in parses(word))


def _head_of(tokens: list[_Token], index: int) -> int | None:
    """The index of a body's head noun after up to four adjectives from tokens[index] (one may
    stand in brackets: 'Казанский (Приволжский) федеральный университет'), or None."""
    position, adjectives = index, 0
    while adjectives <= 4 and position < len(tokens):
        token = tokens[position]
        if _bracketed_adjective(tokens, position):
            position += 3
            continue
        if not token.is_word:
            return None
        if lemma(token.word) in ORG_HEADS and _has_noun_reading(token.word):
            return position
        if not _is_adjective(token.word):
            return None
        position, adjectives = position + 1, adjectives + 1
    return None


def _enumeration_after_comma(tokens: list[_Token], i: int) -> tuple[int, int] | None:
    """'… истории, языка и литературы': lower-case genitive nouns after a comma that an 'и'
    closes (an enumeration of what a body deals with); their end and next index, or None."""
    j, seen_and = i + 1, False
    while j + 1 < len(tokens) and j - i < 10:
        token = tokens[j]
        if token.text == ",":
            j += 1
            continue
        if token.text == "и" and not seen_and:
            seen_and = True
            j += 1
            continue
        if not (token.is_word and not token.capitalised and _field_genitive(token.word)):
            break
        j += 1
        if seen_and and _has_case(token.word, {"gent"}, {"NOUN"}):
            return token.end, j
    return None


@lru_cache(maxsize=65536)
def _field_genitive(word: str) -> bool:
    """A genitive word that can name what a body deals with ('архитектуры', 'инноваций',
    'внешних'), not a kind of body ('музеев', 'библиотек': a list of other bodies)."""
    return lemma(word) not in ORG_HEADS and _has_case(word, {"gent"}, {"NOUN", "ADJF", "PRTF"})


def _index_at(tokens: list[_Token], position: int) -> int:
    """The index of the first token at or after a position."""
    return next((i for i, t in enumerate(tokens) if t.start >= position), len(tokens))


def _bracketed_adjective(tokens: list[_Token], index: int) -> bool:
    return (
        index + 2 < len(tokens)
        and tokens[index].text == "("
        and tokens[index + 2].text == ")"
        and tokens[index + 1].is_word
        and _is_adjective(tokens[index + 1].word)
    )


def _quote_follows(tokens: list[_Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].text in _QUOTE_OPEN + '"'
