"""The venue cell: attendance mode, places (virtual, region, city, venue) and host bodies.

The cell is a list separated by commas, semicolons or slashes ('РГПУ им. А.И. Герцена, Музей
Анны Ахматовой (Фонтанный дом), г. Санкт-Петербург'; 'онлайн / г. Тверь'; a slash between
digits, as in a house number '9/27', separates nothing). A bracket that speaks of attendance
is a part of its own ('г. Москва (смешанный формат: очно и онлайн)' is 'г. Москва' and
'смешанный формат: очно и онлайн'). Each part is one of:
- an online or remote marker ('онлайн', 'ВКС', 'по средствам электронной связи') → virtual;
- a mixed marker ('в смешанном формате', 'очно и в режиме ВКС') → virtual, and attendance mixed;
- an in-person marker ('очно') → no place, but attendance in person;
- a city ('г. Смоленск'), or a region ('Смоленская область') → the place of the event;
- a body ('СОГБУК «…»', 'Санкт-Петербургский государственный университет') → a host, on
  whose premises the event is held ('X при поддержке Y': Y is a sponsor);
- anything else ('Таврический дворец') → a named building inside the city.
A lone abbreviation after a body ('Институт истории, РАН') belongs to that body. A cell that
names both a place (or 'очно') and a virtual location is mixed attendance.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..ids import slug
from ..lang.text import starting_with
from ..model import AttendanceMode
from ..reference import City, Reference
from .organisations import Mention, MentionFinder, _split_outside

ONLINE = starting_with(
    "одвизптуoz",
    r"онлайн|он-лайн|online|дистанционн|видео-?конференц|видеосвяз|\bВКС\b|вебинар"
    r"|веб-?конференц|телемост|в режиме видео|интернет|\bzoom\b"
    r"|(?:по\s*средствам|посредством)\s+[^,]*связи|в онлайн-формате|в формате онлайн|заочн"
    r"|виртуальн|удал[её]нно\b|в удал[её]нном (?:формате|режиме)",
    re.IGNORECASE,
)
MIXED = starting_with(
    "сгко",
    r"смешанн|гибридн|комбинированн|очно[\s-]*(?:и|/|-|\+)\s*(?:заочн|онлайн|дистанционн)",
    re.IGNORECASE,
)
# in person: 'очно', 'в очном формате' (not 'заочно'); a part that says only that
_IN_PERSON = re.compile(r"(?<![а-яёa-z])очн(?:о|ый|ом|ой|ая|ое|ого|ую)\b", re.IGNORECASE)
_IN_PERSON_ONLY = re.compile(
    r"(?:в\s+)?очн\w*(?:\s+(?:формат|режим|участи)\w*)?\s*\.?", re.IGNORECASE
)
# a bracket, as in 'г. Москва (смешанный формат: очно и онлайн)'
_BRACKET = re.compile(r"\s*\(([^()]*)\)")
# a slash between digits is part of a number ('д. 9/27'), not a separator
_NUMBER_SLASH = re.compile(r"\d\s*/\s*\d")
_CITY_MARK = re.compile(r"^\s*(?:г\.|гор\.|город|г\s)\s*", re.IGNORECASE)
_SPONSOR = re.compile(r"\s+при\s+поддержке\s+", re.IGNORECASE)
_LONE_ABBREVIATION = re.compile(r"^\s*[А-ЯЁ]{2,6}\s*$")


@dataclass
class Venue:
    attendance: AttendanceMode | None = None  # None when the cell says nothing either way
    virtual: list[str] = field(default_factory=list)  # texts of virtual locations
    regions: list[str] = field(default_factory=list)  # ISO codes
    cities: list[City] = field(default_factory=list)
    buildings: list[str] = field(default_factory=list)
    hosts: list[Mention] = field(default_factory=list)
    sponsors: list[Mention] = field(default_factory=list)


def parse_venue(
    text: str, reference: Reference, finder: MentionFinder, parties: tuple[str, ...]
) -> Venue:
    venue = Venue()
    online = in_person = False

    def names_a_place(part: str) -> bool:
        return bool(
            _CITY_MARK.match(part)
            or _speaks_of_attendance(part)
            or _whole_region(part, reference)
            or _whole_city(part, reference, parties)
        )

    for part in _parts(text, names_a_place):
        if ONLINE.search(part) or MIXED.search(part):
            online = True
            venue.virtual.append(part)
            # 'очно и в режиме ВКС' says mixed as plainly as 'в смешанном формате'
            if MIXED.search(part) or _IN_PERSON.search(part):
                venue.attendance = "mixed"
        elif _IN_PERSON_ONLY.fullmatch(part):
            in_person = True
        else:
            _place(part, venue, reference, finder, parties)
    physical = in_person or bool(venue.regions or venue.cities or venue.buildings or venue.hosts)
    if venue.attendance is None:
        if online and physical:
            venue.attendance = "mixed"
        elif online:
            venue.attendance = "online"
        elif physical:
            venue.attendance = "offline"
    return venue


def _place(
    part: str, venue: Venue, reference: Reference, finder: MentionFinder, parties: tuple[str, ...]
) -> None:
    """A part that names a place: a city, a region, host bodies (and sponsors) or a building."""
    city_mark = _CITY_MARK.match(part)
    if city_mark:
        city = find_city(part[city_mark.end() :], reference, parties)
        if city:
            venue.cities.append(city)
            return
    region = _whole_region(part, reference)
    if region:
        venue.regions.append(region)
        return
    city = _whole_city(part, reference, parties)
    if city:
        venue.cities.append(city)
        return
    sponsor_split = _SPONSOR.split(part, maxsplit=1)
    host_text = sponsor_split[0]
    mentions = finder.find(host_text)
    if mentions:
        venue.hosts.extend(mentions)
    else:
        venue.buildings.append(host_text.strip(" ."))
    if len(sponsor_split) > 1:
        venue.sponsors.extend(finder.find(sponsor_split[1]))


def _speaks_of_attendance(text: str) -> bool:
    return bool(ONLINE.search(text) or MIXED.search(text) or _IN_PERSON.search(text))


def _parts(text: str, names_a_place: Callable[[str], bool]) -> list[str]:
    """The parts of a venue cell: split at commas, semicolons and slashes outside quotes and
    brackets; a bracket that speaks of attendance taken out as parts of its own; a lone
    abbreviation joined to the body before it ('Институт истории, РАН'), not to a place or an
    attendance marker ('г. Казань, КФУ')."""
    parts: list[str] = []
    for piece in _split(text):
        notes = [m for m in _BRACKET.finditer(piece) if _speaks_of_attendance(m.group(1))]
        for note in reversed(notes):
            piece = piece[: note.start()] + piece[note.end() :]
        parts.append(piece.strip())
        for note in notes:
            parts.extend(_split(note.group(1)))
    return _joined(parts, names_a_place)


def _split(text: str) -> list[str]:
    spans = _split_outside(text, 0, len(text), ",;/")
    pieces: list[str] = []
    for a, b in spans:
        # a slash between digits ('9/27') does not separate: join the span to the one before
        if pieces and text[a - 1] == "/" and _NUMBER_SLASH.search(text, max(0, a - 3), a + 2):
            pieces[-1] += text[a - 1 : b]
        else:
            pieces.append(text[a:b])
    return [piece.strip() for piece in pieces if piece.strip()]


def _joined(parts: list[str], names_a_place: Callable[[str], bool]) -> list[str]:
    merged: list[str] = []
    for part in parts:
        if not part:
            continue
        if (
            merged
            and _LONE_ABBREVIATION.match(part)
            and not _CITY_MARK.match(part)
            and not names_a_place(merged[-1])
        ):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def _whole_region(part: str, reference: Reference) -> str | None:
    found = reference.find_regions(part)
    if len(found) == 1:
        iso, start, end = found[0]
        if not part[:start].strip() and not part[end:].strip(" ."):
            return iso
    return None


def _whole_city(part: str, reference: Reference, parties: tuple[str, ...]) -> City | None:
    found = reference.find_cities(part)
    if len(found) == 1:
        cities, start, end = found[0]
        if not part[:start].strip() and not part[end:].strip(" ."):
            return _prefer(cities, parties)
    return None


def find_city(text: str, reference: Reference, parties: tuple[str, ...]) -> City | None:
    """The city a name ('Смоленск', 'Санкт-Петербурга') refers to, preferring the roadmap's
    regions, then the most populous namesake."""
    found = reference.find_cities(text)
    if found and not text[: found[0][1]].strip():
        return _prefer(found[0][0], parties)
    return None


def _prefer(cities: tuple[City, ...], parties: tuple[str, ...]) -> City:
    for city in cities:
        if city.region_iso in parties:
            return city
    return cities[0]


def spell_out(name: str, reference: Reference) -> str:
    """A venue's name with the abbreviation of its kind spelt out: 'КВЦ «Экспофорум»' →
    'Конгрессно-выставочный центр «Экспофорум»'."""
    first, _, rest = name.partition(" ")
    expansion = reference.venue_abbreviations.get(first)
    return f"{expansion} {rest}" if expansion and rest else name


def virtual_key(text: str) -> str:
    return f"online/{slug(text, 48)}"


class RegionNames:
    """Region names in running text, for counting the reporting region's delegation."""

    _GAP = re.compile(r"^(?:\s*,\s*|\s+и\s+|\s*;\s*)$")

    def __init__(self, reference: Reference, reporting: str | None) -> None:
        self.reference = reference
        self.reporting = reporting

    def _mentions(self, text: str) -> list[tuple[str, int, int]]:
        found = list(self.reference.find_regions(text))
        # a city counts after 'г.' or 'город' only: a text without them is not looked through
        if "г." in text or "город" in text:
            for cities, start, end in self.reference.find_cities(text):
                if re.search(r"(?:г\.|город\w*)\s*$", text[:start]):
                    found.append((cities[0].region_iso, start, end))
        return sorted(found, key=lambda m: m[1])

    def leading_regions(self, text: str) -> list[str]:
        mentions = self._mentions(text)
        if not mentions or text[: mentions[0][1]].strip(" –—-:(г.") != "":
            return []
        listed = [mentions[0][0]]
        for (_, _, end), (iso, start, _) in zip(mentions, mentions[1:], strict=False):
            if not self._GAP.match(text[end:start]):
                break
            listed.append(iso)
        return listed

    def regions_in(self, text: str) -> set[str]:
        """Regions named in text, also by adjectives of their places ('студенты Новгородского
        университета', 'учителя петербургских школ')."""
        return {iso for iso, _, _ in self._mentions(text)} | self.reference.regions_by_adjective(
            text
        )
