"""Reference data: federal subjects, the first-level regions of partner countries abroad,
cities, the organisation authority, legal forms.

Loaded once from data/reference/ (see its README for sources and licences) into lookup
tables keyed by *match keys* (lemmatised words), so any case form of a name finds its entry.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .lang.morph import lemma, parses
from .lang.names import legal_form_pattern, match_key, spell_out_words, words
from .memo import Memo
from .model import ORG_TYPES, Organization, OrgType, Place
from .review import Decision, read_review

WIKIDATA = "http://www.wikidata.org/entity/"
# match keys of country names, which are never a region or a body: Russia, and the partner
# countries of countries.csv (tests/test_abroad.py checks that every name there is here)
COUNTRY_KEYS = {
    ("российский", "федерация"),
    ("россия",),
    ("рф",),
    ("республика", "беларусь"),
    ("беларусь",),
    ("белоруссия",),
    ("республика", "белоруссия"),
    ("республика", "казахстан"),
    ("казахстан",),
    ("республика", "узбекистан"),
    ("узбекистан",),
    ("кыргызский", "республика"),
    ("киргизский", "республика"),
    ("киргизия",),
    ("кыргызстан",),
    ("республика", "армения"),
    ("армения",),
}


@dataclass(frozen=True)
class City:
    key: str
    name: str
    region_iso: str
    okato: str
    oktmo: str
    population: int
    wikidata: str


@dataclass(frozen=True)
class Region:
    iso_code: str
    name: str
    short_name: str
    type: str
    okato: str
    oktmo: str
    wikidata: str
    aliases: tuple[str, ...]
    country: str = "RU"  # ISO 3166-1 alpha-2
    capital: str = ""  # key of the city that is its administrative centre (regions abroad)

    @property
    def key(self) -> str:
        return self.iso_code.lower()

    @property
    def federal_city(self) -> bool:
        """A city that is itself a first-level region: a Russian federal city, Minsk,
        Astana, Tashkent, Yerevan ('город федерального значения', 'город республиканского
        подчинения' …)."""
        return self.type.startswith("город ")

    @property
    def abroad(self) -> bool:
        return self.country != "RU"


@dataclass(frozen=True)
class Country:
    """A partner country abroad; its regions lie in it (Russia's are not given one)."""

    iso_code: str  # ISO 3166-1 alpha-2
    name: str
    short_name: str
    wikidata: str
    aliases: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.iso_code.lower()


@dataclass(frozen=True)
class AuthorityEntry:
    key: str
    name: str
    aliases: tuple[str, ...]
    legal_form: str
    org_type: str
    region_iso: str
    city_key: str
    parent: str
    wikidata: str


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read reference data ({exc.strerror})") from None


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _regions(directory: Path) -> dict[str, Region]:
    """Russia's federal subjects (regions.csv), then the first-level regions of partner
    countries (foreign-regions.csv: the same table, with their country and centre)."""
    regions = {
        r["iso_code"]: Region(
            r["iso_code"],
            r["name"],
            r["short_name"],
            r["type"],
            r["okato"],
            r["oktmo"],
            r["wikidata"],
            _split(r["aliases"]),
        )
        for r in _rows(directory / "regions.csv")
    }
    regions.update(
        (
            r["iso_code"],
            Region(
                r["iso_code"],
                r["name"],
                r["short_name"],
                r["type"],
                "",
                "",
                r["wikidata"],
                _split(r["aliases"]),
                country=r["country"],
                capital=r["capital"],
            ),
        )
        for r in _rows(directory / "foreign-regions.csv")
    )
    return regions


def _countries(directory: Path) -> dict[str, Country]:
    return {
        r["iso_code"]: Country(
            r["iso_code"], r["name"], r["short_name"], r["wikidata"], _split(r["aliases"])
        )
        for r in _rows(directory / "countries.csv")
    }


def _cities(directory: Path) -> dict[str, City]:
    """Russian cities (cities.csv), then cities abroad (foreign-cities.csv, no OKATO or
    OKTMO codes)."""
    cities = {
        r["key"]: City(
            r["key"],
            r["name"],
            r["region_iso"],
            r["okato"],
            r["oktmo"],
            int(r["population"] or 0),
            r["wikidata"],
        )
        for r in _rows(directory / "cities.csv")
    }
    cities.update(
        (
            r["key"],
            City(
                r["key"],
                r["name"],
                r["region_iso"],
                "",
                "",
                int(r["population"] or 0),
                r["wikidata"],
            ),
        )
        for r in _rows(directory / "foreign-cities.csv")
    )
    return cities


def _authority(directory: Path) -> dict[str, AuthorityEntry]:
    return {
        r["key"]: AuthorityEntry(
            r["key"],
            r["name"],
            _split(r["aliases"]),
            r["legal_form"],
            r["org_type"],
            r["region_iso"],
            r["city_key"],
            r["parent"],
            r["wikidata"],
        )
        for r in _rows(directory / "organisations.csv")
    }


def _expansions(path: Path) -> dict[str, str]:
    """Abbreviation → what it stands for."""
    return {r["abbreviation"]: r["expansion"] for r in _rows(path)}


def _place_adjectives(directory: Path) -> dict[str, str | None]:
    return {
        r["adjective"]: _place_key(r["place"]) if r["status"] != "ambiguous" else None
        for r in _rows(directory / "place-adjectives.csv")
    }


class Reference:
    """All reference data, with the indexes extraction needs."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._found_regions: Memo[str, tuple[tuple[str, int, int], ...]] = Memo()
        self._found_cities: Memo[str, tuple[tuple[tuple[City, ...], int, int], ...]] = Memo()
        self._city_keys: dict[str, dict[tuple[str, ...], tuple[City, ...]]] = {}
        self.regions = _regions(directory)
        self.countries = _countries(directory)
        self.cities = _cities(directory)
        self.authority = _authority(directory)
        # abbreviated words of names, spelt out ('облисполком' → 'областной исполнительный
        # комитет'): one body however its name is written
        self.word_abbreviations = _expansions(directory / "word-abbreviations.csv")
        self.venue_abbreviations = _expansions(directory / "venue-abbreviations.csv")
        # reviewed links (roadmap-kg link): a new body accepted as an authority entry
        self.accepted_links = accepted_links(directory / "links.tsv")
        # adjective lemma → place key ('казанский' → 'ru-ta/kazan'); None: names no one place
        self.place_adjectives = _place_adjectives(directory)
        forms = [r["abbreviation"] for r in _rows(directory / "legal-forms.csv")]
        self.legal_forms = legal_form_pattern(forms)
        self.legal_forms_anywhere = legal_form_pattern(forms, anchored=False)

    # --- indexes -------------------------------------------------------------------------

    @cached_property
    def region_index(self) -> dict[tuple[str, ...], str]:
        """Match key of every name a region goes by → ISO code.

        Short names that are adjectives ('Смоленская') are left out: alone they are not the
        region ('Смоленский государственный университет').
        """
        index: dict[tuple[str, ...], str] = {}
        for region in self.regions.values():
            names = [region.name, *region.aliases]
            if _is_noun(region.short_name):
                names.append(region.short_name)
            for name in names:
                index.setdefault(_geo_key(name), region.iso_code)
        return index

    @cached_property
    def _cities_by_prefix(self) -> dict[str, list[City]]:
        # Lemmatising 1,100 city names up front costs more than a whole build of a report,
        # so cities are grouped by their first two letters (which inflection keeps) and
        # lemmatised only when a word with those letters is looked up.
        # A Russian city comes before a namesake abroad (Светлогорск in Kaliningrad Oblast
        # before the larger one in Gomel Oblast) unless the roadmap's parties choose it.
        index: dict[str, list[City]] = {}

        def order(c: City) -> tuple[bool, int, str]:
            return (self.regions[c.region_iso].abroad, -c.population, c.key)

        for city in sorted(self.cities.values(), key=order):
            index.setdefault(city.name[:2].lower().replace("ё", "е"), []).append(city)
        return index

    def cities_named(self, key: tuple[str, ...]) -> tuple[City, ...]:
        """Cities whose name has this match key, the most populous first."""
        if not key:
            return ()
        prefix = key[0][:2]
        by_key = self._city_keys.get(prefix)
        if by_key is None:
            by_key = {}
            for city in self._cities_by_prefix.get(prefix, []):
                by_key[_geo_key(city.name)] = (*by_key.get(_geo_key(city.name), ()), city)
            self._city_keys[prefix] = by_key
        return by_key.get(key, ())

    def is_city_name(self, key: tuple[str, ...]) -> bool:
        return bool(self.cities_named(key))

    def identity_key(self, name: str) -> tuple[str, ...]:
        """What decides that two names name one body: the match key of the name (lemmas,
        without legal form or punctuation), with every name of a region in it written as the
        region's code, so 'Министерство культуры Кузбасса' and '… Кемеровской области –
        Кузбасса' are one body."""
        spelt = spell_out_words(name, self.word_abbreviations)
        return self._regions_as_codes(match_key(spelt, self.legal_forms))

    def _regions_as_codes(self, key: tuple[str, ...]) -> tuple[str, ...]:
        result: list[str] = []
        i = 0
        while i < len(key):
            for n in range(min(6, len(key) - i), 0, -1):
                iso = self.region_index.get(key[i : i + n])
                if iso is not None:
                    result.append(iso.lower())
                    i += n
                    break
            else:
                result.append(key[i])
                i += 1
        return tuple(result)

    @cached_property
    def authority_index(self) -> dict[tuple[str, ...], str]:
        """Identity key of every name and alias of the authority file → its entry's key."""
        index: dict[tuple[str, ...], str] = {}
        for entry in self.authority.values():
            for name in (entry.name, *entry.aliases):
                key = self.identity_key(name)
                other = index.setdefault(key, entry.key)
                if other != entry.key:
                    raise ConfigError(
                        f"organisations.csv: {name!r} names both {other} and {entry.key}"
                    )
        return index

    # --- lookups -------------------------------------------------------------------------

    def place_in_name(self, name: str) -> str | None:
        """The city or region (a place key) a body's name says it is in, or None.

        In this order: a place after 'в' ('филиал РАНХиГС в Смоленске'); a region or city
        named by its noun ('… Республики Татарстан', '… г. Твери'); an adjective of the
        place-adjectives table ('Казанский …', 'Югорский …'), the first that names one place
        ('Северный', 'Уральский' name none). Person names after 'им.' are no places
        ('им. С. М. Кирова'), nor a word whose likelier reading is not a place name ('Анны')."""
        text = _IMENI.sub(lambda m: " " * len(m.group(0)), name)
        named: list[tuple[int, str]] = [
            (start, self.regions[iso].key) for iso, start, _ in self.find_regions(text)
        ]
        for cities, start, _ in self.find_cities(text):
            marked = _CITY_MARK.search(text[:start])
            if marked or _likely_place(text[start:].split(maxsplit=1)[0]):
                named.append((start, self.city_place(cities[0]).key))
        for start, place in sorted(named):
            if _LOCATIVE.search(text[:start]):
                return place
        if named:
            return min(named)[1]
        return next(filter(None, map(self._adjective_place, words(text))), None)

    def _adjective_place(self, word: str) -> str | None:
        """The place an adjective names ('Казанского' → Kazan), or None."""
        lowered = word.lower().replace("ё", "е")
        adjective = lowered if lowered in self.place_adjectives else lemma(lowered)
        return self.place_adjectives.get(adjective)

    def region_in_legal_form(self, form: str, parties: tuple[str, ...]) -> str | None:
        """The party a legal form's regional mark names: 'СПб ГБУК' → St Petersburg,
        'ГБУК ЛО' → Leningrad Oblast, 'ГБУ РК' → Republic of Karelia (in a report with
        Karelia; the initials of a party's name), or None."""
        for mark in form.split()[1:] if not form.startswith("СПб") else form.split()[:1]:
            for iso in parties:
                named = [found for found, _, _ in self.find_regions(mark)]
                if named == [iso] or mark == _initials(self.regions[iso].name):
                    return iso
        return None

    def regions_by_adjective(self, text: str) -> set[str]:
        """ISO codes of the regions whose places the adjectives of text name."""
        return {self.region_of(p) for p in filter(None, map(self._adjective_place, words(text)))}

    def region_of(self, place: str) -> str:
        """The ISO code of the region a place key (a city's or a region's) lies in."""
        return self.cities[place].region_iso if place in self.cities else place.upper()

    def parties_of_body(self, name: str, parties: tuple[str, ...]) -> list[str]:
        """The parties an authority entry named by name (as written, or completed with a
        party's name: 'Комитет по культуре' + 'Санкт-Петербурга') is located in."""
        key = self.identity_key(name)
        found = []
        for iso in parties:
            entry = self.authority_index.get(key) or self.authority_index.get(key + (iso.lower(),))
            if entry is not None and self.authority[entry].region_iso == iso:
                found.append(iso)
        return found

    def find_regions(self, text: str, place_nouns: bool = False) -> list[tuple[str, int, int]]:
        """Regions named in text: (ISO code, start, end), longest names first, no overlaps.

        place_nouns: a capitalised word is read as the place it can name, though its likelier
        reading is an adjective's ('между Санкт-Петербургом и Минском': Минском is also a
        form of минский); for a title, where a word never is both."""
        if place_nouns:
            return _find(text, self.region_index, 6, _place_noun_lemma)
        found = self._found_regions.get(text)
        if found is None:
            found = self._found_regions.remember(text, tuple(_find(text, self.region_index, 6)))
        return list(found)

    def find_cities(self, text: str) -> list[tuple[tuple[City, ...], int, int]]:
        found = self._found_cities.get(text)
        if found is None:
            found = self._found_cities.remember(text, tuple(_find(text, _CityLookup(self), 3)))
        return list(found)

    def region_place(self, iso: str) -> Place:
        region = self.regions[iso]
        return Place(
            key=region.key,
            name=region.name,
            kind="region",
            # a region abroad lies in its country; Russia's are left as they were
            parent=self.countries[region.country].key if region.abroad else None,
            iso_code=region.iso_code,
            okato=region.okato or None,
            oktmo=region.oktmo or None,
            federal_city=region.federal_city,
            same_as=(WIKIDATA + region.wikidata,) if region.wikidata else (),
        )

    def region_places(self, iso: str) -> list[Place]:
        """A region's place and the places it lies in (a region abroad: its country)."""
        region = self.region_place(iso)
        if not self.regions[iso].abroad:
            return [region]
        return [region, self.country_place(self.regions[iso].country)]

    def country_place(self, code: str) -> Place:
        country = self.countries[code]
        return Place(
            key=country.key,
            name=country.name,
            kind="country",
            alt_labels=(country.short_name, *country.aliases),
            same_as=(WIKIDATA + country.wikidata,) if country.wikidata else (),
        )

    def city_place(self, city: City) -> Place:
        region = self.regions[city.region_iso]
        if region.federal_city:
            return self.region_place(region.iso_code)
        return Place(
            key=city.key,
            name=city.name,
            kind="city",
            parent=region.key,
            okato=city.okato or None,
            oktmo=city.oktmo or None,
            same_as=(WIKIDATA + city.wikidata,) if city.wikidata else (),
        )

    def organisation(self, key: str) -> Organization:
        entry = self.authority[key]
        location = None
        if entry.city_key in self.cities:
            location = self.city_place(self.cities[entry.city_key]).key
        elif entry.region_iso in self.regions:
            location = self.regions[entry.region_iso].key
        return Organization(
            key=entry.key,
            name=entry.name,
            alt_labels=tuple(a for a in entry.aliases if a != entry.name),
            legal_form=entry.legal_form or None,
            org_type=_org_type(entry),
            location=location,
            parent=entry.parent or None,
            same_as=(WIKIDATA + entry.wikidata,) if entry.wikidata else (),
        )


def _org_type(entry: AuthorityEntry) -> OrgType | None:
    """An authority entry's type, one of the model's (empty: none)."""
    if not entry.org_type:
        return None
    org_type = next((known for known in ORG_TYPES if known == entry.org_type), None)
    if org_type is None:
        raise ConfigError(
            f"organisations.csv: {entry.key}: org_type {entry.org_type!r} is none of "
            + ", ".join(ORG_TYPES)
        )
    return org_type


# 'им. А. С. Пушкина', 'имени Петра Великого': a person, whose name may be a town's
_IMENI = re.compile(r"\b(?:им\.|имени)\s*(?:[А-ЯЁ]\.\s*){0,2}[А-ЯЁ][\w-]*(?:\s+[А-ЯЁ][\w-]*)?")
_CITY_MARK = re.compile(r"(?:\bг\.|\bгор\.|\bгород\w*)\s*$")
_LOCATIVE = re.compile(r"(?:\bв|\bво)\s+(?:г\.\s*|городе\s+)?$")


def _initials(name: str) -> str:
    """'Ленинградская область' → 'ЛО', 'Республика Марий Эл' → 'РМЭ'."""
    return "".join(part[0].upper() for part in re.findall(r"[^\W\d_]+", name))


def _likely_place(word: str) -> bool:
    """Whether a word's likeliest reading is a place name ('Казани' yes, 'Анны' no)."""
    readings = parses(word.lower())
    return bool(readings) and "Geox" in readings[0].tag


def _place_key(value: str) -> str:
    """A place column's value: a city key as is, an ISO code as a region key."""
    return value if "/" in value else value.lower()


def _is_noun(word: str) -> bool:
    """Whether a region's short name is a noun ('Татарстан'), not an adjective ('Тверская',
    which the dictionary also knows as a street: a noun reading of an adjective's form)."""
    readings = parses(word.lower())
    adjectival = any(p.tag.POS == "ADJF" for p in parses(word.lower().split()[-1]))
    return (
        bool(readings)
        and readings[0].tag.POS == "NOUN"
        and not (adjectival and " " not in word and "-" not in word)
    )


def accepted_links(path: Path) -> dict[str, str]:
    """Key of a new organisation → key of the authority entry a reviewer accepted for it."""
    return {
        _org_key(row.subject_id): _org_key(row.candidate_id)
        for row in read_review(path)
        if row.decision is Decision.ACCEPT
    }


def _org_key(iri: str) -> str:
    """'https://…/id/org/KEY' or 'org:KEY' → KEY."""
    return iri.rsplit("org/", 1)[-1].removeprefix("org:")


class _CityLookup:
    """The city index seen as a mapping from match keys, for _find."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference

    def get(self, key: tuple[str, ...]) -> tuple[City, ...] | None:
        return self.reference.cities_named(key) or None


_DASHES = re.compile(r"\s+[—–-]\s+")


@lru_cache(maxsize=8192)
def _geo_key(name: str) -> tuple[str, ...]:
    return tuple(lemma(w) for w in words(_DASHES.sub(" ", name)))


def _place_noun_lemma(word: str) -> str:
    """A capitalised word's lemma as a place name, where it has that reading ('Минском' →
    'минск'), else its lemma."""
    if word[:1].isupper():
        for reading in parses(word):
            if reading.tag.POS == "NOUN" and "Geox" in reading.tag:
                return str(reading.normal_form).replace("ё", "е")
    return lemma(word)


def _find(text: str, index: Any, max_words: int, key: Any = lemma) -> list[tuple[Any, int, int]]:
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[^\W_]+(?:-[^\W_]+)*", text)]
    keys = [key(t[0]) for t in tokens]
    found: list[tuple[Any, int, int]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(max_words, len(tokens) - i), 0, -1):
            value = index.get(tuple(keys[i : i + n]))
            if value is not None:
                found.append((value, tokens[i][1], tokens[i + n - 1][2]))
                i += n
                break
        else:
            i += 1
    return found
