"""Identity of organisations: mentions resolved to one key each, across a whole release.

A mention resolves to the authority entry with the same match key (lemmas of its name), or
else to a new organisation identified by its match key, so every case form of a name is one
organisation. Once every report is drafted, settle() gives each organisation its published
key: the authority entry's, or the slug of its canonical nominative name; a bare abbreviation
that a report defined ('Казанский федеральный университет (КФУ)') joins the body it names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..ids import slug
from ..lang.names import (
    balance_quotes,
    match_key,
    spell_out_words,
    split_legal_form,
    to_genitive,
    to_nominative,
    unquote,
)
from ..memo import Memo
from ..model import LocationEvidence, Organization, SourceRef
from ..reference import Reference
from .organisations import Mention

# Keys of organisations new to the authority file are IRI path segments and the names of
# their pages' folders: longer ones are cut and hashed (a file name has at most 255 bytes).
_MAX_KEY = 160
_BRANCH = re.compile(r"\b(?:филиал|представительств)\w*", re.IGNORECASE)
# an abbreviation standing as a word of a name: 'СПбГУ', 'КФУ', 'РАНХиГС'
_ABBREVIATION_WORD = re.compile(r"(?<![\w-])[А-ЯЁ](?:[А-ЯЁ]|[а-яё](?=[А-ЯЁ])){1,7}(?![\w-])")


@dataclass(frozen=True)
class RegistryState:
    spellings: dict[str, Counter[str]]
    legal_forms: dict[str, Counter[str]]
    names: dict[str, Counter[str]]
    parents: dict[str, str]
    first_seen: dict[str, SourceRef]
    places: dict[str, Counter[str]]
    abbreviations: dict[tuple[str, ...], Counter[str]]
    bare: dict[str, tuple[str, ...]]


class OrganisationRegistry:
    """Resolves mentions to organisations and collects what each report says about them."""

    def __init__(
        self,
        reference: Reference,
        keys: Memo[tuple[str, str | None, tuple[str, ...]], tuple[str, str, bool]] | None = None,
    ) -> None:
        self.reference = reference
        self._spellings: dict[str, Counter[str]] = {}
        self._legal_forms: dict[str, Counter[str]] = {}
        self._names: dict[str, Counter[str]] = {}
        self._parents: dict[str, str] = {}
        self._first_seen: dict[str, SourceRef] = {}
        self._places: dict[str, Counter[str]] = {}  # places reports name beside a body
        # 'Казанский федеральный университет (КФУ)': match key of 'КФУ' → keys it names
        self._abbreviations: dict[tuple[str, ...], Counter[str]] = {}
        # keys of bodies named only by an abbreviation ('КФУ') → its match key
        self._bare: dict[str, tuple[str, ...]] = {}
        self._defined: dict[tuple[str, ...], str] = {}  # settled: abbreviation → its body
        self._is_settled = False
        self._settled: dict[str, Organization] = {}
        # once settled, names no longer change: each worked out once (each was asked for
        # seven times in settling 666 organisations)
        self._settled_names: dict[str, str] = {}
        self._settled_written: dict[str, str] = {}
        # what a name resolves to depends on the reference data alone: registries of one
        # release may share it
        self._keys = keys if keys is not None else Memo()

    def resolve(
        self,
        mention: Mention,
        source: SourceRef | None = None,
        regions: tuple[str, ...] = (),
        warn: Callable[[str, str, str], None] | None = None,
    ) -> str:
        """The key of the organisation a mention names.

        source: where it was named; regions: the regions a body that leaves its region out
        may be in, likeliest first ('Комитет по образованию' in a report is first the
        reporting region's committee, then the other party's: the authority file decides
        which exists; when both do, the first is taken and warn is told: the message, the mention
        as written and the name taken). A reviewed link
        (data/reference/links.tsv) sends a new body to its authority entry."""
        parent = self.resolve(mention.parent, source, regions) if mention.parent else None
        key, nominative, guessed = self._known(mention, regions)
        if guessed and warn is not None:
            taken = self.name_of(key)
            warn(
                f"«{mention.surface}» names a body of either party; taken as "
                f"«{taken}», the reporting side's",
                mention.surface,
                taken,
            )
        if parent is not None and key not in self.reference.authority:
            self._parents[key] = parent
        if source is not None:
            self._first_seen.setdefault(key, source)
        self._spellings.setdefault(key, Counter())[mention.surface] += 1
        self._names.setdefault(key, Counter())[nominative] += 1
        if mention.legal_form:
            self._legal_forms.setdefault(key, Counter())[mention.legal_form] += 1
        if mention.abbreviation:
            short = match_key(mention.abbreviation, self.reference.legal_forms)
            self._abbreviations.setdefault(short, Counter())[key] += 1
        if mention.bare and key not in self.reference.authority:
            self._bare[key] = match_key(mention.name, self.reference.legal_forms)
        return key

    def key_of(self, mention: Mention, regions: tuple[str, ...] = ()) -> str:
        """The key resolve gives a mention, without recording the mention."""
        return self._known(mention, regions)[0]

    def _known(self, mention: Mention, regions: tuple[str, ...]) -> tuple[str, str, bool]:
        parent_name = mention.parent.surface if mention.parent else None
        memo_key = (mention.name, parent_name, regions)
        known = self._keys.get(memo_key)
        if known is None:
            known = self._keys.remember(memo_key, self._key(mention.name, parent_name, regions))
        return known

    def _key(
        self, name: str, parent: str | None, regions: tuple[str, ...]
    ) -> tuple[str, str, bool]:
        """(key, name in the nominative, whether it was a guess between the regions' bodies)
        of a body's name, given its parent's and regions."""
        name = balance_quotes(name)
        key_words = self.reference.identity_key(name)
        entry = self.reference.authority_index.get(key_words)
        candidates: list[str] = []
        if entry is None and regions and not self.reference.find_regions(name):
            index = self.reference.authority_index
            completed = (index.get(key_words + (region.lower(),)) for region in regions)
            candidates = [found for found in completed if found is not None]
            entry = candidates[0] if candidates else None
        if entry is None and parent is not None:  # known with its parent's name
            entry = self.reference.authority_index.get(
                key_words + self.reference.identity_key(parent)
            )
        if entry is None:
            # a name given in quotes with its kind outside: try the quoted part alone
            quoted = re.search(r"«(.+)»", name)
            if quoted:
                entry = self.reference.authority_index.get(
                    self.reference.identity_key(quoted.group(1))
                )
        # a name of legal forms only ('АО АО') has no match key: its own words make the key
        key = entry if entry is not None else slug(" ".join(key_words) or name, _MAX_KEY)
        key = self.reference.accepted_links.get(key, key)
        return key, to_nominative(name), len(set(candidates)) > 1

    def state(self) -> RegistryState:
        """What this registry has learnt, to merge into another one (see merge)."""
        return RegistryState(
            self._spellings,
            self._legal_forms,
            self._names,
            self._parents,
            self._first_seen,
            self._places,
            self._abbreviations,
            self._bare,
        )

    def alone(self) -> OrganisationRegistry:
        """A registry that has learnt nothing yet, sharing this one's memo of names."""
        return OrganisationRegistry(self.reference, self._keys)

    def merge(self, later: RegistryState) -> None:
        """Add what another registry learnt from later reports, as if this registry had read
        them after its own: counts add up, the first mention stays first, a later parent wins."""
        for mine, theirs in (
            (self._spellings, later.spellings),
            (self._legal_forms, later.legal_forms),
            (self._names, later.names),
            (self._places, later.places),
            (self._abbreviations, later.abbreviations),
        ):
            for key, counter in theirs.items():
                mine.setdefault(key, Counter()).update(counter)  # type: ignore[arg-type]
        self._parents.update(later.parents)
        self._bare.update(later.bare)
        for key, source in later.first_seen.items():
            self._first_seen.setdefault(key, source)

    def settle(self) -> dict[str, str | None]:
        """Once every report is drafted: the published key of every organisation resolved so
        far (None: not an organisation), and this registry re-keyed to them.

        A bare abbreviation joins the body a report defined it for ('КФУ' after 'Казанский
        федеральный университет (КФУ)'); one no report defines is dropped (it may be no body
        at all: 'ВКС', 'СМИ'). A body outside the authority file is published under the slug
        of its canonical nominative name ('tsentr-razvitiya-turizma-tverskoy-oblasti'), or
        under the authority entry a reviewer accepted for it (data/reference/links.tsv)."""
        defined = {short: _most_common(keys) for short, keys in self._abbreviations.items()}
        self._defined = defined
        joined: dict[str, str | None] = {}
        honoured = self._honoured_names()
        for key in self._spellings:
            if key in self._bare:
                joined[key] = _defined_for(self._bare[key], defined)
            else:
                joined[key] = honoured.get(key, key)
        published: dict[str, str] = {}
        taken: set[str] = set(self.reference.authority)
        for key in sorted({k for k in joined.values() if k is not None}):
            published[key] = self._published_key(key, taken)
            taken.add(published[key])
        mapping = {
            key: (published[target] if target is not None else None)
            for key, target in joined.items()
        }
        self._rekey(mapping)
        self._is_settled = True
        self._defined = {
            short: target for short, key in defined.items() if (target := mapping[key]) is not None
        }
        return mapping

    def _honoured_names(self) -> dict[str, str]:
        """A body named once with the person it is named after and once without ('… академия
        … образования имени К. Д. Ушинского', '… академия … образования'): the shorter name
        joins the longer, when exactly one body of the release has it with an 'имени'."""
        identities = {  # each name's identity key, worked out once for both loops below
            key: self.reference.identity_key(_most_common(self._names[key]))
            for key in self._spellings
            if key in self._names
        }
        by_stem: dict[tuple[str, ...], set[str]] = {}
        for key, words in identities.items():
            if key not in self._bare and "им" in words[1:]:
                by_stem.setdefault(words[: words.index("им", 1)], set()).add(key)
        joined = {}
        for key, words in identities.items():
            if key not in self.reference.authority:
                longer = by_stem.get(words, set())
                if len(longer) == 1:
                    joined[key] = next(iter(longer))
        return joined

    def _published_key(self, key: str, taken: set[str]) -> str:
        if key in self.reference.authority:
            return key
        links = self.reference.accepted_links
        name_key = slug(self.name_of(key), _MAX_KEY)
        if name_key in links or key in links:  # reviewed under its new or its former key
            return links.get(name_key) or links[key]
        if name_key in taken:  # a namesake of another body: the match key tells them apart
            return slug(f"{name_key} {key}", _MAX_KEY)
        return name_key

    def _rekey(self, mapping: dict[str, str | None]) -> None:
        """Every table of this registry under the published keys, merging joined bodies."""

        def counters(table: dict[str, Counter[str]]) -> dict[str, Counter[str]]:
            result: dict[str, Counter[str]] = {}
            for key, counter in table.items():
                target = mapping.get(key, key)
                if target is not None:
                    result.setdefault(target, Counter()).update(counter)
            return result

        self._spellings = counters(self._spellings)  # 'КФУ' a spelling of its body …
        self._legal_forms = counters(self._legal_forms)
        self._names = counters(  # … but never its canonical name
            {key: names for key, names in self._names.items() if key not in self._bare}
        )
        self._places = counters(self._places)
        parents: dict[str, str] = {}
        for key, parent in self._parents.items():
            target, parent_target = mapping.get(key, key), mapping.get(parent, parent)
            if target is not None and parent_target is not None and target != parent_target:
                parents[target] = parent_target
        self._parents = parents
        first_seen: dict[str, SourceRef] = {}
        for key, source in self._first_seen.items():
            target = mapping.get(key, key)
            if target is not None:
                first_seen.setdefault(target, source)
        self._first_seen = first_seen
        self._bare = {}

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
        """The canonical name of an organisation resolved so far: the authority file's, or the
        commonest nominative of its mentions, with the abbreviation of the body it belongs to
        spelt out ('Институт истории СПбГУ' → 'Институт истории Санкт-Петербургского
        государственного университета')."""
        if key in self.reference.authority:
            return self.reference.authority[key].name
        known = self._settled_names.get(key)
        if known is None:
            known = self._with_bodies_spelt_out(self._written(key), key)
            if self._is_settled:
                self._settled_names[key] = known
        return known

    def _with_bodies_spelt_out(self, name: str, key: str) -> str:
        return _ABBREVIATION_WORD.sub(lambda m: self._spelt_out(m.group(0), key), name)

    def _written(self, key: str) -> str:
        known = self._settled_written.get(key)
        if known is None:
            name = _most_common(self._names[key])
            name = spell_out_words(name, self.reference.word_abbreviations)
            known = name[:1].upper() + name[1:]
            if self._is_settled:
                self._settled_written[key] = known
        return known

    def _abbreviated_body(self, abbreviation: str, key: str) -> str | None:
        """The body (another than key) an abbreviation names: by the authority file, or by a
        report's definition ('… (КФУ)')."""
        short = match_key(abbreviation, self.reference.legal_forms)
        body = self.reference.authority_index.get(short) or self._defined.get(short)
        known = body in self.reference.authority or body in self._names
        return body if body is not None and body != key and known else None

    def _spelt_out(self, abbreviation: str, key: str) -> str:
        body = self._abbreviated_body(abbreviation, key)
        if body is None:
            return abbreviation
        name = (
            self.reference.authority[body].name
            if body in self.reference.authority
            else self._written(body)
        )
        return abbreviation if _ABBREVIATION_WORD.search(name) else to_genitive(name)

    def organisations(self, keys: Iterable[str] | None = None) -> list[Organization]:
        """The organisations of keys (default: all resolved so far) and their parents, by key."""
        result: dict[str, Organization] = {}
        pending = sorted(self._spellings if keys is None else set(keys))
        while pending:
            key = pending.pop()
            if key in result:
                continue
            org = self._settled.get(key) or self._organisation(key)
            if self._is_settled:  # nothing changes after settle(): worked out once
                self._settled[key] = org
            result[key] = org
            if org.parent and org.parent not in result:
                pending.append(org.parent)
        return [result[k] for k in sorted(result)]

    def _organisation(self, key: str) -> Organization:
        spellings = self._spellings.get(key, Counter())
        location, evidence = self._location(key)
        if key in self.reference.authority:
            base = self.reference.organisation(key)
            # 'Высшая школа … СПбГУ' is also written '… Санкт-Петербургского … университета'
            spelt = {
                whole
                for label in base.alt_labels
                if not _ABBREVIATION_WORD.search(whole := self._with_bodies_spelt_out(label, key))
            }
            alt = sorted((set(spellings) | set(base.alt_labels) | spelt) - {base.name})
            return replace(
                base, alt_labels=tuple(alt), location=location, location_evidence=evidence
            )
        name = self.name_of(key)
        written = {self._written(key)} - {name}  # 'Институт истории СПбГУ' beside its full name
        return Organization(
            key=key,
            name=name,
            alt_labels=tuple(sorted((set(spellings) | written) - {name})),
            legal_form=_most_common(self._legal_forms[key]) if key in self._legal_forms else None,
            location=location,
            location_evidence=evidence,
            parent=self._parent(key),
        )

    def _parent(self, key: str) -> str | None:
        if key in self.reference.authority:
            return self.reference.authority[key].parent or None
        if key in self._parents:
            return self._parents[key]
        for abbreviation in _ABBREVIATION_WORD.findall(self._written(key)):
            body = self._abbreviated_body(abbreviation, key)  # 'кафедра … КФУ'
            if body is not None:
                return body
        return self._named_parent(self.name_of(key))

    def _location(self, key: str, depth: int = 0) -> tuple[str | None, LocationEvidence | None]:
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
        if parent is not None and depth < 8 and self._shares_place(key, parent):
            location, _ = self._location(parent, depth + 1)
            if location is not None:
                return location, "parent"
        return None, None

    def _shares_place(self, key: str, parent: str) -> bool:
        """Whether a unit is where its parent is: not a branch ('филиал …', by what it is
        elsewhere), nor an institute of an academy (the Academy of Sciences has them all over
        the country: its org_type in the authority file is 'academy')."""
        entry = self.reference.authority.get(parent)
        return not _BRANCH.search(self.name_of(key)) and not (
            entry is not None and entry.org_type == "academy"
        )

    def _named_parent(self, name: str) -> str | None:
        """A unit named after its body: 'Институт истории СПбГУ', '… Российской академии
        наук', 'кафедра истории КФУ' (КФУ defined in the release), 'филиал РАНХиГС в …': the
        longest run of its words after the first that names a body of the authority file, or
        an abbreviation a report defined."""
        key = self.reference.identity_key(name)
        for size in range(min(6, len(key) - 1), 0, -1):
            for start in range(1, len(key) - size + 1):
                words = key[start : start + size]
                parent = self.reference.authority_index.get(words) or self._defined.get(words)
                if parent is not None:
                    return parent
        return None


def _defined_for(short: tuple[str, ...], defined: dict[tuple[str, ...], str]) -> str | None:
    """The body a report defined an abbreviation for: exactly, or the one body whose
    definition starts with it ('ИИЯЛ УФИЦ' of '(ИИЯЛ УФИЦ РАН)')."""
    if short in defined:
        return defined[short]
    longer = {body for key, body in defined.items() if key[: len(short)] == short}
    return next(iter(longer)) if len(longer) == 1 and len(short) > 1 else None


def _most_common(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
