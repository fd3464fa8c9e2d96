"""The part each organisation took in an event, as its row's sentences state it: host,
organiser, sponsor or participant.

Organisers: after 'Организатор…'; right after 'организован', 'проведены специалистами'; and
'X совместно с Y' in a sentence that says it was held or organised. Sponsors: after 'при
поддержке'. Hosts: after 'на базе', 'на площадке' (online, they provide it: organisers).
Any other body is a participant where a cell lists participants, elsewhere only when it is
written with its legal form; a body with another part is no mere participant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import Warning_
from ..read.table import Row
from .context import ReportContext
from .organisations import Mention
from .places import Venue, find_city

Role = Literal["organizer", "sponsor", "host", "participant"]

_ORGANIZER = re.compile(r"[Оо]рганизатор\w*|по инициативе")
_ORGANISING = re.compile(
    r"\b(?:провел\w*|провёл|проведен\w*|проведён\w*|организовал\w*|организован\w*"
    r"|подготовил\w*|подготовлен\w*|реализован\w*)",
    re.IGNORECASE,  # 'Проведена совместно с …' opens a sentence
)
_JOINT = re.compile(r"\bсовместно\s+с(?:о)?\s+")
# 'Конкурс организован X', 'Вебинары проведены специалистами X'
_ORGANISED_BY = re.compile(
    r"\b(?:организован\w*|проведен\w*|проведён\w*|подготовлен\w*)\s+(?:[а-яё]+\s+){0,2}$"
)
_SPONSOR = re.compile(r"при\s+(?:поддержке|содействии|участии\s+и\s+поддержке)\s*$", re.IGNORECASE)
_AT_BASE = re.compile(r"на\s+(?:базе|площадке)\s*$", re.IGNORECASE)
_NOT_A_PARTY = re.compile(r"подведомственн\w*\s*$|в\s+рамках\s*$|в\s+состав\w*\s*$", re.IGNORECASE)
_AT_BODY = re.compile(r"(?:\bв|\bво|на\s+базе|на\s+площадке)\s*$", re.IGNORECASE)
# the phrases looked for right before a mention are short: a window of text before it is
# searched, not all of it (which made a cell of many mentions cost quadratic time)
_NEAR = 200
# (the full stop comes first, so re looks for it before the look-behinds: it is fast)
_SENTENCE = re.compile(r"\.(?<![\s(]им\.)(?<![\s(]г\.)(?<![\s.«][А-ЯЁ]\.)\s+(?=[А-ЯЁ«])")
_CITY_BESIDE = re.compile(r"\s*(?:\(\s*|,\s*)(?:г\.|город)\s*([А-ЯЁ][\w-]+(?:[\s-][А-ЯЁ][\w-]+)?)")
_AFTER_MARKER = re.compile(
    r"[Оо]рганизатор\w*(?:\s+(?:мероприятия|выставки|конкурса|форума|фестиваля|проекта))?"
    r"\s*(?:выступил[аои]?\s+|[:–—-]\s*)?"
)


@dataclass
class Parties:
    """The organisations of one event and the part each took, as its row names them."""

    row: Row
    context: ReportContext
    online: bool
    hosts: list[tuple[str, Mention]] = field(default_factory=list)  # with how they were named
    organizers: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)

    def resolve(self, mention: Mention) -> str:
        context = self.context
        key = context.registry.resolve(mention, self.row.source, context.sides, self.warn)
        if mention.legal_form:  # 'СПб ГБУК', 'ГАУК ЛО': a regional body's mark
            region = context.reference.region_in_legal_form(mention.legal_form, context.parties)
            if region is not None:
                context.registry.note_place(key, context.reference.regions[region].key)
        return key

    def warn(self, message: str, surface: str, taken: str) -> None:
        """A body named without its region that both parties have: the reporting side's is
        taken (registry.resolve)."""
        self.context.warnings.append(
            Warning_(
                self.row.source,
                message,
                problem="organisation-ambiguous",
                cell=surface,
                details=(("name", taken),),
            )
        )

    def held_at(self, mention: Mention) -> None:
        """'на базе X', 'в ФГБОУ ВО «…»': on X's premises, or, online, provided by X."""
        if self.online:
            self.organizers.append(self.resolve(mention))
        else:
            self.hosts.append((self.resolve(mention), mention))

    def read(self, venue: Venue, name: str, participants: str, result: str) -> None:
        """The parts the row's venue, name, participants and result cells give."""
        self.in_venue(venue)
        self.in_name(name)
        self.in_text(participants, listing=True)
        self.in_text(result, listing=False)

    def in_venue(self, venue: Venue) -> None:
        self.hosts += [(self.resolve(m), m) for m in venue.hosts]
        self.sponsors += [self.resolve(m) for m in venue.sponsors]

    def in_name(self, name: str) -> None:
        """'Повышение квалификации в ФГБОУ ВО «…»' names where (or by whom) it is held."""
        for mention in self.context.finder.find(name):
            if _AT_BODY.search(name[max(0, mention.start - _NEAR) : mention.start]):
                self.held_at(mention)
            elif mention.legal_form and not _inside_quotes(name, mention.start):
                self.participants.append(self.resolve(mention))

    def in_text(self, text: str, listing: bool) -> None:
        """The roles sentences give; listing: a cell that lists participants (elsewhere only
        bodies with a legal form are participants)."""
        for sentence in sentences(text):
            mentions = with_named_organizer(sentence, self.context.finder.find(sentence))
            for mention in mentions:
                _note_city_beside(sentence, mention, self.context)
            for mention, role in roles_in_sentence(sentence, mentions):
                if role == "organizer":
                    self.organizers.append(self.resolve(mention))
                elif role == "sponsor":
                    self.sponsors.append(self.resolve(mention))
                elif role == "host":
                    self.held_at(mention)
                elif listing or mention.legal_form:
                    self.participants.append(self.resolve(mention))

    def settled(
        self,
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Hosts, organisers, participants and sponsors, each once; a body with another part
        is no mere participant."""
        hosts = _unique([key for key, _ in self.hosts])
        organizers, sponsors = _unique(self.organizers), _unique(self.sponsors)
        taken = set(organizers) | set(hosts) | set(sponsors)
        participants = [p for p in _unique(self.participants) if p not in taken]
        return tuple(hosts), tuple(organizers), tuple(participants), tuple(sponsors)


def _note_city_beside(sentence: str, mention: Mention, context: ReportContext) -> None:
    """'АО «Технополис «Химград»» (г. Казань)', 'ФГБОУ ВО «…», г. Тверь': the city written
    right after a body, as evidence of where it is."""
    beside = _CITY_BESIDE.match(sentence, mention.end)
    if beside is None:
        return
    city = find_city(beside.group(1), context.reference, context.parties)
    if city is not None:
        key = context.registry.key_of(mention, context.sides)
        context.registry.note_place(key, context.reference.city_place(city).key)


def sentences(text: str) -> list[str]:
    result: list[str] = []
    start = 0
    for match in _SENTENCE.finditer(text):
        result.append(text[start : match.start() + 1])
        start = match.end()
    if text[start:].strip():
        result.append(text[start:])
    return result


def roles_in_sentence(sentence: str, mentions: list[Mention]) -> list[tuple[Mention, Role]]:
    """Who organised, who supported, who hosted, who took part, as one sentence states it
    (a body right after 'в рамках', 'подведомственн…' takes no part)."""
    marker = _ORGANIZER.search(sentence)
    joint = _JOINT.search(sentence) if _ORGANISING.search(sentence) else None
    partner = None
    if joint:
        partner = next((m for m in mentions if m.start >= joint.end()), None)
    roles: list[tuple[Mention, Role]] = []
    for mention in mentions:
        before = sentence[max(0, mention.start - _NEAR) : mention.start]
        if _NOT_A_PARTY.search(before):
            continue
        if _SPONSOR.search(before):
            roles.append((mention, "sponsor"))
        elif _AT_BASE.search(before):  # 'проведена на базе X': where, not by whom
            roles.append((mention, "host"))
        elif (
            (marker and mention.start >= marker.end())
            or _ORGANISED_BY.search(before)
            or (joint and (mention.end <= joint.start() or mention is partner))
        ):
            roles.append((mention, "organizer"))
        else:
            roles.append((mention, "participant"))
    return roles


def with_named_organizer(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """'Организатором выступил Государственный Эрмитаж': after an organiser marker a proper
    name is a body even when its head word is not one the name rules know."""
    marker = _AFTER_MARKER.search(sentence)
    if marker is None or any(marker.end() <= m.start < marker.end() + 40 for m in mentions):
        return mentions
    name = re.match(r"[^,.;()]+", sentence[marker.end() :])
    if name is None:
        return mentions
    text = name.group(0).strip()
    if not text[:1].isupper() or not 1 <= len(text.split()) <= 8:
        return mentions
    start = marker.end() + name.group(0).index(text)
    found = Mention(text, text, None, start, start + len(text))
    return sorted([*mentions, found], key=lambda m: m.start)


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("«") > before.count("»")


def _unique(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))
