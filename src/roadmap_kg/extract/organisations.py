"""Organisations: finding their mentions in cell text and resolving them to one identity.

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

A mention resolves to the authority entry with the same match key, or else to a new
organisation identified by its match key, so every case form of a name is one organisation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from ..ids import slug
from ..lang.morph import lemma, parses
from ..lang.text import clean
from ..lang.names import balance_quotes, match_key, split_legal_form, to_nominative, unquote
from ..memo import Memo
from ..model import Organization, SourceRef
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
    суд инспекция управа мастерская консорциум партнёрство партнерство
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
# Keys of organisations new to the authority file are IRI path segments and the names of
# their pages' folders: longer ones are cut and hashed (a file name has at most 255 bytes).
_MAX_KEY = 160


@dataclass(frozen=True)
class Mention:
    surface: str  # as written
    name: str  # without legal form
    legal_form: str | None
    start: int
    end: int
    parent: Mention | None = None  # a body named right after it: 'институт (филиал) ФГБОУ ВО «…»'


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

        def add(start: int, end: int, legal_form: str | None, name: str) -> None:
            name = name.strip(" ,;:–—-")
            if not name or not free(start, end):
                return
            i = bisect_right(starts, start)  # a country or region name is claimed all the same
            starts.insert(i, start)
            ends.insert(i, end)
            # a legal form says it is a body, even when its name is a town's ('АО «Апатит»')
            if legal_form or not self._not_a_body(name):
                mentions.append(Mention(text[start:end].strip(), name, legal_form, start, end))

        for start, end in self._list_items(text):
            legal_form, rest = split_legal_form(text[start:end], self.reference.legal_forms)
            add(start, end, legal_form, unquote(rest))
        for match in self.legal_forms.finditer(text):
            end = self._name_after_legal_form(text, match.end())
            if end > match.end():
                add(match.start(), end, match.group(0), unquote(text[match.end() : end]))
        tokens = _tokens(text)
        for index, token in enumerate(tokens):
            if not free(token.start, token.end):
                continue
            found = self._abbreviation(text, tokens, index) or self._name_phrase(
                text, tokens, index
            )
            if found:
                start, end, name = found
                add(start, end, None, name)
        return _attach_parents(text, sorted(mentions, key=lambda m: m.start))

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
        for stop in sorted({end, token.start + len(word)}, reverse=True):
            if (
                match_key(text[token.start : stop], self.reference.legal_forms)
                in self.reference.authority_index
            ):
                return token.start, stop, text[token.start : stop]
        if rest or parent:  # an abbreviation with its full name or its parent is a body too
            return token.start, end, text[token.start : end]
        return None

    # --- rule 3: name phrases -----------------------------------------------------------------

    def _name_phrase(
        self, text: str, tokens: list[_Token], index: int
    ) -> tuple[int, int, str] | None:
        first = tokens[index]
        if not first.is_word:
            return None
        # up to four adjectives, then the head noun
        head = None
        for offset in range(0, 5):
            if index + offset >= len(tokens):
                return None
            token = tokens[index + offset]
            if not token.is_word:
                return None
            word_lemma = lemma(token.word)
            if word_lemma in ORG_HEADS and _has_noun_reading(token.word):
                head = index + offset
                break
            if not _is_adjective(token.word):
                return None
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
        if not first.capitalised:
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
        surface = text[first.start : end]
        return first.start, end, surface

    def _complement_end(self, text: str, tokens: list[_Token], index: int, head: _Token) -> int:
        end = head.end
        in_po = False  # inside a 'по …' phrase: dative and prepositional words belong too
        in_po_ablt = False  # … and after 'с', instrumental ones
        i = index
        while i < len(tokens):
            token = tokens[i]
            word = token.word
            low = word.lower()
            if token.text in _QUOTE_OPEN + '"':
                if i == index:  # a name right after the head: 'Институт «Высшая школа …»'
                    return _quote_end(text, token.start)
                break
            if token.text == "(":
                close = text.find(")", token.start)
                inner = text[token.start + 1 : close] if close > 0 else ""
                if (
                    close < 0
                    or re.match(r"\s*(г\.|город|\d)", inner)
                    or len(inner.split()) > (5 if inner[:1].isupper() else 2)
                ):
                    break
                end = close + 1
                while i < len(tokens) and tokens[i].start < end:
                    i += 1
                continue
            if (
                token.text == ","
                and in_po
                and i + 1 < len(tokens)
                and tokens[i + 1].is_word
                and not tokens[i + 1].capitalised
                and _has_case(tokens[i + 1].word, {"datv", "loct"}, {"NOUN", "ADJF"})
            ):  # 'Комитет по государственному контролю, использованию и охране …'
                i += 1
                continue
            if not token.is_word:
                break
            if low in ("им.", "им", "имени"):
                end, i = self._after_imeni(tokens, i + 1, token.end)
                continue
            if self.reference.legal_forms.match(text[token.start :]):
                break  # the legal form of the next body
            if _ABBREVIATION.fullmatch(word):
                end, i = token.start + len(word), i + 1  # 'РАН', 'СПбГУ'
                continue
            if (
                low in ("с", "со")
                and in_po
                and i + 1 < len(tokens)
                and _has_case(tokens[i + 1].word, {"ablt"}, {"NOUN", "ADJF"})
            ):  # 'Комитет по … взаимодействию с общественными организациями'
                end, i = tokens[i + 1].end, i + 2
                in_po_ablt = True
                continue
            if (
                low == "по"
                and i + 1 < len(tokens)
                and _has_case(tokens[i + 1].word, {"datv", "loct"})
            ):
                in_po = True
                end, i = tokens[i + 1].end, i + 2
                continue
            if low == "и" and i + 1 < len(tokens) and tokens[i + 1].is_word:
                nxt = tokens[i + 1].word
                cases = {"gent", "datv", "loct"} if in_po else {"gent"}
                if not tokens[i + 1].capitalised and _has_case(
                    nxt, cases, {"NOUN", "ADJF", "PRTF"}
                ):
                    end, i = tokens[i + 1].end, i + 2
                    continue
                break
            if low in ("в", "во") and i + 1 < len(tokens) and tokens[i + 1].capitalised:
                nxt = tokens[i + 1].word
                if self.reference.find_regions(nxt) or self.reference.find_cities(nxt):
                    end, i = tokens[i + 1].end, i + 2
                    continue
                break
            readings = parses(low)
            if not readings or readings[0].tag.POS in _FUNCTION_WORDS or len(word) == 1:
                break
            cases = {"gent", "datv", "loct"} if in_po else {"gent"}
            if in_po_ablt:
                cases = cases | {"ablt"}
            if _has_case(word, cases, {"NOUN", "ADJF", "PRTF"}) or (
                token.capitalised and not _has_case(word, {"nomn"}) and _is_unknown(word)
            ):
                end, i = token.start + len(word), i + 1
                if token.text.endswith("."):
                    break  # the end of a sentence
                geo = self._geo_name_at(tokens, i - 1)
                if geo is not None:  # a region or country closes a name, but for 'по …'
                    end, i = geo
                    if not (i < len(tokens) and tokens[i].text.lower() == "по"):
                        break
                continue
            break
        return end

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
                    return tokens[b - 1].start + len(tokens[b - 1].word), b
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
    for index in range(start, end):
        ch = text[index]
        if ch in _QUOTE_OPEN + "(":
            depth += 1
        elif ch in _QUOTE_CLOSE + ")":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
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


def _quote_follows(tokens: list[_Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].text in _QUOTE_OPEN + '"'


@dataclass(frozen=True)
class RegistryState:
    spellings: dict[str, Counter[str]]
    legal_forms: dict[str, Counter[str]]
    names: dict[str, Counter[str]]
    parents: dict[str, str]
    first_seen: dict[str, SourceRef]
    places: dict[str, Counter[str]]


class OrganisationRegistry:
    """Resolves mentions to organisations and collects what each report says about them."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self._spellings: dict[str, Counter[str]] = {}
        self._legal_forms: dict[str, Counter[str]] = {}
        self._names: dict[str, Counter[str]] = {}
        self._parents: dict[str, str] = {}
        self._first_seen: dict[str, SourceRef] = {}
        self._places: dict[str, Counter[str]] = {}  # places reports name beside a body
        self._keys: Memo[tuple[str, str | None, tuple[str, ...]], tuple[str, str]] = Memo()

    def resolve(
        self, mention: Mention, source: SourceRef | None = None, regions: tuple[str, ...] = ()
    ) -> str:
        """The key of the organisation a mention names.

        source: where it was named; regions: the regions a body that leaves its region out
        may be in, likeliest first ('Комитет по образованию' in a report is first the
        reporting region's committee, then the other party's: the authority file decides
        which exists). A reviewed link (data/reference/links.tsv) sends a new body to its
        authority entry."""
        parent = self.resolve(mention.parent, source, regions) if mention.parent else None
        parent_name = mention.parent.surface if mention.parent else None
        memo_key = (mention.name, parent_name, regions)
        known = self._keys.get(memo_key)
        if known is None:
            known = self._keys.remember(memo_key, self._key(mention.name, parent_name, regions))
        key, nominative = known
        if parent is not None and key not in self.reference.authority:
            self._parents[key] = parent
        if source is not None:
            self._first_seen.setdefault(key, source)
        self._spellings.setdefault(key, Counter())[mention.surface] += 1
        self._names.setdefault(key, Counter())[nominative] += 1
        if mention.legal_form:
            self._legal_forms.setdefault(key, Counter())[mention.legal_form] += 1
        return key

    def _key(self, name: str, parent: str | None, regions: tuple[str, ...]) -> tuple[str, str]:
        """(key, name in the nominative) of a body's name, given its parent's and regions."""
        name = balance_quotes(name)
        key_words = match_key(name, self.reference.legal_forms)
        entry = self.reference.authority_index.get(key_words)
        if entry is None and regions and not self.reference.find_regions(name):
            entry = next(
                (
                    found
                    for region in regions
                    if (
                        found := self.reference.authority_index.get(
                            key_words + self.reference.region_key(region)
                        )
                    )
                    is not None
                ),
                None,
            )
        if entry is None and parent is not None:  # known with its parent's name
            entry = self.reference.authority_index.get(
                key_words + match_key(parent, self.reference.legal_forms)
            )
        if entry is None:
            # a name given in quotes with its kind outside: try the quoted part alone
            quoted = re.search(r"«(.+)»", name)
            if quoted:
                entry = self.reference.authority_index.get(
                    match_key(quoted.group(1), self.reference.legal_forms)
                )
        # a name of legal forms only ('АО АО') has no match key: its own words make the key
        key = entry if entry is not None else slug(" ".join(key_words) or name, _MAX_KEY)
        return self.reference.accepted_links.get(key, key), to_nominative(name)

    def state(self) -> RegistryState:
        """What this registry has learnt, to merge into another one (see merge)."""
        return RegistryState(
            self._spellings,
            self._legal_forms,
            self._names,
            self._parents,
            self._first_seen,
            self._places,
        )

    def merge(self, later: RegistryState) -> None:
        """Add what another registry learnt from later reports, as if this registry had read
        them after its own: counts add up, the first mention stays first, a later parent wins."""
        for mine, theirs in (
            (self._spellings, later.spellings),
            (self._legal_forms, later.legal_forms),
            (self._names, later.names),
            (self._places, later.places),
        ):
            for key, counter in theirs.items():
                mine.setdefault(key, Counter()).update(counter)
        self._parents.update(later.parents)
        for key, source in later.first_seen.items():
            self._first_seen.setdefault(key, source)

    def note_place(self, key: str, place: str) -> None:
        """A report says the organisation key is in place (a city or region key): 'ФГБОУ ВО
        «…», г. Тверь' in a venue cell."""
        self._places.setdefault(key, Counter())[place] += 1

    def resolve_name(
        self, text: str, source: SourceRef | None = None, regions: tuple[str, ...] = ()
    ) -> str:
        """Resolve a whole cell that is a name (a section row's responsible body)."""
        legal_form, rest = split_legal_form(text, self.reference.legal_forms)
        mention = Mention(text, unquote(rest), legal_form, 0, len(text))
        return self.resolve(mention, source, regions)

    def first_seen(self, key: str) -> SourceRef | None:
        """Where the organisation key was first named."""
        return self._first_seen.get(key)

    def new_organisations(self) -> list[tuple[str, SourceRef | None]]:
        """Keys of organisations not in the authority file, with where each was first named."""
        return [
            (key, self._first_seen.get(key))
            for key in sorted(self._spellings)
            if key not in self.reference.authority
        ]

    def name_of(self, key: str) -> str:
        """The canonical name of an organisation resolved so far."""
        if key in self.reference.authority:
            return self.reference.authority[key].name
        name = _most_common(self._names[key])
        return name[:1].upper() + name[1:]

    def organisations(self, keys: Iterable[str] | None = None) -> list[Organization]:
        """The organisations of keys (default: all resolved so far) and their parents, by key."""
        result: dict[str, Organization] = {}
        pending = sorted(self._spellings if keys is None else set(keys))
        while pending:
            key = pending.pop()
            if key in result:
                continue
            org = self._organisation(key)
            result[key] = org
            if org.parent and org.parent not in result:
                pending.append(org.parent)
        return [result[k] for k in sorted(result)]

    def _organisation(self, key: str) -> Organization:
        spellings = self._spellings.get(key, Counter())
        location, evidence = self._location(key)
        if key in self.reference.authority:
            base = self.reference.organisation(key)
            alt = sorted((set(spellings) | set(base.alt_labels)) - {base.name})
            return replace(
                base, alt_labels=tuple(alt), location=location, location_evidence=evidence
            )
        name = self.name_of(key)
        return Organization(
            key=key,
            name=name,
            alt_labels=tuple(sorted(s for s in spellings if s != name)),
            legal_form=_most_common(self._legal_forms[key]) if key in self._legal_forms else None,
            location=location,
            location_evidence=evidence,
            parent=self._parent(key),
        )

    def _parent(self, key: str) -> str | None:
        if key in self.reference.authority:
            return self.reference.authority[key].parent or None
        return self._parents.get(key) or self._named_parent(self.name_of(key))

    def _location(self, key: str, depth: int = 0) -> tuple[str | None, str | None]:
        """Where an organisation is (a city or region key) and what says so, in this order:
        the authority file, its name, the places its reports name beside it, its parent."""
        if key in self.reference.authority:
            location = self.reference.organisation(key).location
            if location is not None:
                return location, "authority-file"
        location = self.reference.place_in_name(self.name_of(key))
        if location is not None:
            return location, "name"
        if key in self._places:
            return _most_common(self._places[key]), "report"
        parent = self._parent(key)
        if parent is not None and depth < 8:  # a unit of a unit of …, never a loop
            location, _ = self._location(parent, depth + 1)
            if location is not None:
                return location, "parent"
        return None, None

    def _named_parent(self, name: str) -> str | None:
        """A unit named after its body: 'Институт истории СПбГУ', '… Российской академии наук'."""
        key = match_key(name, self.reference.legal_forms)
        for size in range(min(6, len(key) - 1), 0, -1):
            parent = self.reference.authority_index.get(key[-size:])
            if parent is not None:
                return parent
        return None


def _most_common(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
