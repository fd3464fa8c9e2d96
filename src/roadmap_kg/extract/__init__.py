"""Table → Report: the meaning of a report's title, columns, sections and rows.

Pure functions of the table and the reference data; every rule is general to the family
of roadmap reports (see the module of each fact for its rules).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import ids
from ..errors import InputError
from ..ids import slug
from ..lang.morph import analyzer
from ..lang.text import clean
from ..model import Event, Place, Report, Roadmap, SourceRef, Warning_
from ..read.table import Row, Table
from ..reference import Reference
from ..workers import Workers
from .counts import extract_counts
from .dates import parse_date
from .kinds import classify
from .organisations import Mention, MentionFinder, responsible_bodies
from .places import ONLINE, RegionNames, Venue, find_city, parse_venue, spell_out, virtual_key
from .registry import OrganisationRegistry, RegistryState
from .title import parse_title

# Column meanings, tried in this order on each header cell (most specific first).
_COLUMNS = (
    # 'Содержание мероприятия' is what was done, its name; 'Содержание и результат' a result
    ("name", re.compile(r"^\W*(?:наименовани|содержани|названи)\w*\s+мероприяти", re.I)),
    ("plan_item", re.compile(r"№|п/п|пункт|номер", re.IGNORECASE)),
    ("participants", re.compile(r"участник", re.IGNORECASE)),
    ("venue", re.compile(r"мест[оа]", re.IGNORECASE)),
    ("date", re.compile(r"срок|дат[аы]|период|время", re.IGNORECASE)),
    ("responsible", re.compile(r"ответственн|исполнител", re.IGNORECASE)),
    ("result", re.compile(r"содержани|результат|итог|информаци|отметк|выполнени", re.IGNORECASE)),
    ("name", re.compile(r"наименовани|мероприяти|названи", re.IGNORECASE)),
)
# the plan-item column is not required: a table without one gives events without plan items
_REQUIRED = {"name": "Наименование", "date": "Сроки проведения"}
_PLAN_ITEM = re.compile(r"(\d+(?:\.\d+)*)(?:\s*[–—-]\s*(\d+(?:\.\d+)*))?")
_MAX_RANGE = 50  # '3.3–3.5' is three items; a range of more is no range of items
_MAX_PLAN_ITEM = 32  # '7.2', '10.1.3' …
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
# a section row numbered as a part of the report ('Раздел 2. …', 'II. …', '3. …'), or one that
# names no body, is a theme of the rows below, not their responsible body
_THEME_NUMBERING = re.compile(r"^\W*(?:раздел\b|[IVXLC]+\s*[.)]|\d+(?:\.\d+)*\s*[.)]?\s)", re.I)
# 'Отчет Комитета по внешним связям Санкт-Петербурга о …': the body that wrote the report
# ('Отчет об исполнении … о …' names no author: what follows 'об' is no body)
_TITLE_AUTHOR = re.compile(r"^\W*(?:отч[её]т|информаци\w*)\s+(?!об?\s)(.+?)\s+об?\s", re.I | re.S)
# 'Ответственный исполнитель – Комитет по …', 'Организатор: Комитет по …' in a row's text
_NAMED_BODY = re.compile(
    r"(?:ответственн\w*\s+исполнител\w*|организатор\w*)\s*[–—:-]\s*([^.;\n]+)", re.I
)
_SENTENCE = re.compile(r"\.(?<![\s(]им\.)(?<![\s(]г\.)(?<![\s.«][А-ЯЁ]\.)\s+(?=[А-ЯЁ«])")


def columns(header: Row) -> dict[str, int]:
    """Column index per meaning, found by the words of the header, not by position."""
    found: dict[str, int] = {}
    for index, title in enumerate(header.cells):
        for meaning, pattern in _COLUMNS:
            if meaning not in found and pattern.search(title):
                found[meaning] = index
                break
    for meaning, label in _REQUIRED.items():
        if meaning not in found:
            raise InputError(
                header.source.file, header.source.first, f"the table has no column {label!r}"
            )
    return found


@dataclass
class _Context:
    reference: Reference
    finder: MentionFinder
    registry: OrganisationRegistry
    parties: tuple[str, ...]
    reporting_region: str | None
    year: int
    places: dict[str, Place]
    warnings: list[Warning_]
    names_responsible: bool = True  # section rows or a column name the responsible bodies

    @property
    def sides(self) -> tuple[str, ...]:
        """The parties, the reporting one first: the likeliest home of a body named without
        its region."""
        if self.reporting_region is None:
            return self.parties
        return (self.reporting_region, *(p for p in self.parties if p != self.reporting_region))


# Below this many data rows (or bytes of source files) a release is extracted in one process
# (a fork costs more).
PARALLEL_ROWS = 2000
PARALLEL_BYTES = 1_000_000


def extract_reports(tables: Iterable[Table], reference: Reference) -> tuple[Report, ...]:
    """Reports of one release. Organisations are resolved across all of them, so one body
    has one name, one IRI and every spelling in every report that names it.

    A large release is drafted by two processes, each taking a run of consecutive reports;
    what they learnt about organisations is merged in report order, so the result is the
    same as drafting them one after another."""
    tables = list(tables)
    sizes = [len(table.rows) for table in tables]
    if len(tables) < 2 or sum(sizes) < PARALLEL_ROWS:
        drafts, registry = _drafts(tables, reference)
        return _finalise(drafts, registry)
    split = _half(sizes)
    return _in_two(lambda: tables[:split], lambda: tables[split:], reference)


def extract_files(
    paths: Sequence[Path], read: Callable[[Path], Table], reference: Reference
) -> tuple[Report, ...]:
    """Reports of one release from its source files, as extract_reports gives them; for a
    large release each of the two processes reads its own run of files, too (reading is a
    tenth of the work). An error names the first failing file of a run."""
    sizes = [_size(path) for path in paths]
    if len(paths) < 2 or sum(sizes) < PARALLEL_BYTES:
        return extract_reports([read(path) for path in paths], reference)
    split = _half(sizes)
    return _in_two(
        lambda: [read(path) for path in paths[:split]],
        lambda: [read(path) for path in paths[split:]],
        reference,
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # reading it will say what is wrong
        return 0


def _half(sizes: list[int]) -> int:
    """Where to cut a run of sizes into two of about equal sums (each at least one)."""
    half, split = sum(sizes) / 2, 0
    while split < len(sizes) - 1 and sum(sizes[: split + 1]) <= half:
        split += 1
    return max(split, 1)


def _in_two(
    first: Callable[[], list[Table]], later: Callable[[], list[Table]], reference: Reference
) -> tuple[Report, ...]:
    """Drafts of the tables first() gives in this process and of those later() gives in a
    forked one, merged as if drafted one after another."""
    # what both processes need is loaded once, before the fork
    analyzer()
    reference.region_index, reference.authority_index  # noqa: B018
    with Workers() as workers:
        other = workers.start(lambda: _drafts_and_state(later(), reference))
        drafts, registry = _drafts(first(), reference)
        later_drafts, later_state = other.result()
    registry.merge(later_state)
    return _finalise(drafts + later_drafts, registry)


def _drafts(tables: list[Table], reference: Reference) -> tuple[list[Report], OrganisationRegistry]:
    registry = OrganisationRegistry(reference)
    finder = MentionFinder(reference)
    return [_draft(table, reference, finder, registry) for table in tables], registry


def _drafts_and_state(
    tables: list[Table], reference: Reference
) -> tuple[list[Report], RegistryState]:
    drafts, registry = _drafts(tables, reference)
    return drafts, registry.state()


def extract_report(table: Table, reference: Reference) -> Report:
    return extract_reports([table], reference)[0]


def _draft(
    table: Table, reference: Reference, finder: MentionFinder, registry: OrganisationRegistry
) -> Report:
    year, roadmap = parse_title(table.title, table.title_source, reference)
    column = columns(table.header)
    themes = {row.source for row in table.rows if row.is_section and _is_theme(row, finder)}
    reporting_region = _reporting_region(table, column, themes, roadmap.parties, reference)
    context = _Context(
        reference,
        finder,
        registry,
        roadmap.parties,
        reporting_region,
        year,
        {},
        [],
    )
    for iso in roadmap.parties:
        _add_region(context, iso)
    if reporting_region is None:
        context.warnings.append(Warning_(table.header.source, _NO_SIDE))
    context.names_responsible = "responsible" in column or any(
        row.is_section and row.source not in themes for row in table.rows
    )
    events = _events(table, column, themes, context)
    return Report(
        title=clean(table.title),
        roadmap=roadmap,
        year=year,
        reporting_region=reporting_region,
        source_file=table.file,
        events=tuple(events),
        organisations=(),
        places=tuple(context.places[k] for k in sorted(context.places)),
        warnings=(*table.warnings, *context.warnings),
        has_plan_item_column="plan_item" in column,
        names_responsible_bodies=context.names_responsible,
    )


def _is_theme(row: Row, finder: MentionFinder) -> bool:
    """A section row that is a part of the report ('Раздел 1. Образование и наука', 'II. …')
    or names no body at its start ('Культура и туризм')."""
    text = clean(row.cells[0])
    if _THEME_NUMBERING.match(text):
        return True
    found = finder.find(text)
    return not (found and found[0].start == 0)


_NO_SIDE = (
    "cannot tell which region wrote the report (neither its title, section rows, responsible "
    "bodies nor organisers name one of its parties): it is published without a reporting region"
)


def _events(
    table: Table, column: dict[str, int], themes: set[SourceRef], context: _Context
) -> list[Event]:
    """The events of a table's data rows, each with the body (or theme) its section row above
    names."""
    events: list[Event] = []
    responsible: tuple[str, ...] = ()
    theme: str | None = None
    previous_items: tuple[str, ...] = ()
    for row in table.rows:
        if row.is_section and row.source in themes:
            theme = clean(row.cells[0])
            continue
        if row.is_section:
            sides = context.sides[:1]
            body = context.registry.resolve_name(clean(row.cells[0]), row.source, sides)
            responsible, theme = (body,), None
            continue
        _require(
            len(row.cells) == len(table.header.cells),
            row,
            f"row has {len(row.cells)} cells, the header has {len(table.header.cells)}",
        )
        event = _event(row, column, responsible, previous_items, context)
        if theme is not None:
            event = replace(event, theme=theme)
        previous_items = event.plan_items
        events.append(event)
    if not events:
        raise InputError(table.file, table.header.source.last, "the table has no data rows")
    return events


def _finalise(drafts: list[Report], registry: OrganisationRegistry) -> tuple[Report, ...]:
    """Settle what depends on all reports: the organisations' published keys, names and
    places, the names of their premises, the roadmap's name (from its earliest report), and
    warnings for bodies new to the authority file or placed nowhere."""
    _one_file_per_report(drafts)
    keys = registry.settle()
    drafts = [_rekeyed(draft, keys) for draft in drafts]
    roadmap_names: dict[Roadmap, str] = {}
    for draft in sorted(drafts, key=lambda d: (d.year, d.source_file)):
        roadmap_names.setdefault(draft.roadmap, draft.roadmap.name)
    warnings = _organisation_warnings(registry)
    reports = []
    for draft in drafts:
        used = {
            key
            for event in draft.events
            for key in (
                *event.hosts,
                *event.organizers,
                *event.participants,
                *event.sponsors,
                *event.responsible_bodies,
            )
        }
        organisations = tuple(registry.organisations(used))
        known = {place.key: place for place in draft.places}
        for org in organisations:  # the places organisations are located in are described too
            if org.location:
                for place in _place_and_containers(org.location, registry.reference):
                    known.setdefault(place.key, place)
        places = tuple(
            replace(place, name=registry.name_of(place.organization))
            if place.organization
            else place
            for place in (known[k] for k in sorted(known))
        )
        reports.append(
            replace(
                draft,
                roadmap=replace(draft.roadmap, name=roadmap_names[draft.roadmap]),
                organisations=organisations,
                places=places,
                warnings=(*draft.warnings, *warnings.pop(draft.source_file, [])),
            )
        )
    return tuple(reports)


def _organisation_warnings(registry: OrganisationRegistry) -> dict[str, list[Warning_]]:
    """Per source file, a warning for each organisation first named there that is new to the
    authority file, and for each that nothing places (each once in a release)."""
    warnings: dict[str, list[Warning_]] = {}
    for key, source in registry.new_organisations():
        if source is not None:
            warnings.setdefault(source.file, []).append(
                Warning_(
                    source,
                    f"organisation «{registry.name_of(key)}» is not in the authority file; "
                    f"it is published as org/{key}",
                )
            )
    unplaced = []
    for org in registry.organisations():
        source = registry.first_seen(org.key)
        if org.location is None and source is not None:
            unplaced.append(Warning_(source, _UNPLACED.format(org.name)))
    for warning in sorted(unplaced, key=lambda w: (w.source.first, w.message)):
        warnings.setdefault(warning.source.file, []).append(warning)
    return warnings


_UNPLACED = (
    "organisation «{}» has no location: not in the authority file, and neither its name, "
    "a city beside it nor a parent says where it is"
)


def _rekeyed(draft: Report, keys: dict[str, str | None]) -> Report:
    """A draft with its organisations under their published keys (registry.settle): a body
    that is none is dropped, and premises named after it become a building of that name."""
    places: dict[str, str] = {}
    kept = []
    for place in draft.places:
        if place.organization is None:
            kept.append(place)
            continue
        key = keys.get(place.organization, place.organization)
        if key is None:
            kept.append(replace(place, organization=None))
            continue
        places[place.key] = f"{place.parent}/{key}"
        kept.append(replace(place, key=places[place.key], organization=key))

    def orgs(found: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for k in (keys.get(o, o) for o in found) if k is not None))

    def rekeyed(event: Event) -> Event:
        hosts, organizers, sponsors = (
            orgs(event.hosts),
            orgs(event.organizers),
            orgs(event.sponsors),
        )
        taken = {*hosts, *organizers, *sponsors}  # two keys that became one take one part
        return replace(
            event,
            hosts=hosts,
            organizers=organizers,
            participants=tuple(p for p in orgs(event.participants) if p not in taken),
            sponsors=sponsors,
            responsible_bodies=orgs(event.responsible_bodies),
            locations=tuple(dict.fromkeys(places.get(k, k) for k in event.locations)),
        )

    events = tuple(rekeyed(event) for event in draft.events)
    unique = {place.key: place for place in kept}
    return replace(draft, events=events, places=tuple(unique[k] for k in sorted(unique)))


def _one_file_per_report(drafts: list[Report]) -> None:
    """Two files of one report (its .txt export and its .docx, or a copy) would give every
    event two sources and mix their facts: a release takes each report once."""
    seen: dict[str, Report] = {}
    for draft in drafts:
        first = seen.setdefault(ids.report_key(draft), draft)
        if first is not draft:
            raise InputError(
                draft.source_file,
                None,
                f"the same report as {first.source_file} (the {draft.year} report of "
                f"{draft.reporting_region or 'an unknown region'} on roadmap "
                f"{ids.roadmap_key(draft.roadmap)}); "
                "give each report once",
            )


def _place_and_containers(key: str, reference: Reference) -> list[Place]:
    """A city or region of the reference data, and the region a city lies in."""
    if key in reference.cities:
        city = reference.city_place(reference.cities[key])
        containers = reference.region_places(reference.cities[key].region_iso)
        return [city, *containers] if city.kind == "city" else containers
    if key.upper() in reference.regions:
        return reference.region_places(key.upper())
    return []


def _reporting_region(
    table: Table,
    column: dict[str, int],
    themes: set[SourceRef],
    parties: tuple[str, ...],
    reference: Reference,
) -> str | None:
    """The party whose bodies wrote the report: the first of these that names one party more
    than the other decides: a body the title names as the report's author, the bodies of the
    section rows, of the responsible-body column, and those rows name as their organisers or
    responsible bodies ('Организатор – Комитет по …'). None when nothing decides."""
    author = _TITLE_AUTHOR.match(clean(table.title))
    data = [r for r in table.rows if not r.is_section]
    evidence = (
        [author.group(1)] if author else [],
        [r.cells[0] for r in table.rows if r.is_section and r.source not in themes],
        [r.cells[column["responsible"]] for r in data] if "responsible" in column else [],
        [m.group(1) for r in data for cell in r.cells for m in _NAMED_BODY.finditer(cell)],
    )
    for texts in evidence:
        votes: Counter[str] = Counter()
        for text in texts:
            votes.update(_parties_named(clean(text), parties, reference))
        ranked = votes.most_common()
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
    return None


def _parties_named(text: str, parties: tuple[str, ...], reference: Reference) -> list[str]:
    """The parties a body's name places it in: by a region it names ('… Смоленской
    области'), its authority entry ('Комитет по науке и высшей школе'), or a city or an
    adjective of one ('Администрация города Смоленска', 'Смоленское областное …')."""
    named = [iso for iso, _, _ in reference.find_regions(text) if iso in parties]
    return (
        named
        or reference.parties_of_body(text, parties)
        or [iso for iso in [_party_named(text, parties, reference)] if iso]
    )


def _party_named(text: str, parties: tuple[str, ...], reference: Reference) -> str | None:
    """The party a body's name places it in, by a city or an adjective of one."""
    place = reference.place_in_name(text)
    iso = reference.region_of(place) if place is not None else None
    return iso if iso in parties else None


def _event(
    row: Row,
    column: dict[str, int],
    responsible: tuple[str, ...],
    previous_items: tuple[str, ...],
    context: _Context,
) -> Event:
    texts = {meaning: clean(row.cells[index]) for meaning, index in column.items()}

    def cell(meaning: str) -> str:
        return texts.get(meaning, "")

    name = cell("name")
    _require(bool(name), row, "the event has no name")
    plan_items = (
        _plan_items(row, cell("plan_item"), previous_items, context)
        if "plan_item" in column
        else ()
    )
    if "responsible" in column and cell("responsible"):
        responsible = _responsible(row.cells[column["responsible"]], row, context)
    responsible = responsible or _named_responsible(row, context)
    date, date_warning = parse_date(cell("date"), context.year)
    if date_warning:
        context.warnings.append(Warning_(row.source, date_warning))

    venue = parse_venue(cell("venue"), context.reference, context.finder, context.parties)
    attendance = venue.attendance or ("online" if ONLINE.search(name) else "offline")
    parties = _Parties(row, context, online=attendance == "online")
    parties.read(venue, name, cell("participants"), cell("result"))
    hosts, organizers, participants, sponsors = parties.settled()
    _note_host_places(hosts, venue, context)

    locations = _locations(venue, parties.hosts, context)
    away = attendance != "online" and _held_away(locations, context)
    counts = extract_counts(
        cell("participants"),
        cell("result"),
        RegionNames(context.reference, context.reporting_region),
        away,
    )
    return Event(
        plan_items=plan_items,
        name=name,
        date=date,
        attendance=attendance,
        locations=tuple(locations),
        hosts=hosts,
        organizers=organizers,
        participants=participants,
        sponsors=sponsors,
        counts=counts,
        kind=classify(name),
        description=cell("result"),
        responsible_bodies=responsible,
        source=row.source,
        cells=tuple(row.cells),
    )


def _require(condition: bool, row: Row, message: str) -> None:
    if not condition:
        raise InputError(row.source.file, row.source.first, message)


def _plan_items(
    row: Row, cell: str, previous_items: tuple[str, ...], context: _Context
) -> tuple[str, ...]:
    plan_items = plan_item_codes(cell)
    if any(len(item) > _MAX_PLAN_ITEM for item in plan_items):  # it would be an IRI segment
        raise InputError(
            row.source.file,
            row.source.first,
            f"a plan item number longer than {_MAX_PLAN_ITEM} characters is not one",
        )
    if plan_items:
        return plan_items
    if not previous_items:
        raise InputError(row.source.file, row.source.first, "no plan item number in the row")
    context.warnings.append(
        Warning_(row.source, "no plan item number: taken from the row above (a merged cell)")
    )
    return previous_items


def _body_named_in_row(row: Row, context: _Context) -> tuple[str, ...]:
    """The reporting side's bodies a row names as its 'Ответственный исполнитель' or
    'Организатор' ('Организатор – Комитет по культуре Санкт-Петербурга'); a body of the
    other party is no responsible body of this report, and none is invented."""
    bodies: list[str] = []
    for cell in row.cells:
        for match in _NAMED_BODY.finditer(cell):
            for body in responsible_bodies(match.group(1), context.finder):
                found = context.finder.find(body)
                if not found or found[0].start != 0:
                    continue  # 'Организатор – студенты …': no body
                named = _parties_named(body, context.parties, context.reference)
                if context.reporting_region is None or (
                    named and context.reporting_region not in named
                ):
                    continue
                bodies.append(context.registry.resolve_name(body, row.source, context.sides))
    return tuple(_unique(bodies))


def _named_responsible(row: Row, context: _Context) -> tuple[str, ...]:
    """When no section row nor column names the row's body, the row may ('Ответственный
    исполнитель – Комитет по …'); a report that names its bodies by section rows or a column
    names one for every row."""
    named = _body_named_in_row(row, context)
    _require(
        bool(named) or not context.names_responsible,
        row,
        "no responsible body: no section row above this row",
    )
    return named


def _responsible(cell: str, row: Row, context: _Context) -> tuple[str, ...]:
    """Every body of a responsible-body cell, each resolved on its own."""
    bodies = responsible_bodies(cell, context.finder)
    return tuple(
        _unique([context.registry.resolve_name(b, row.source, context.sides) for b in bodies])
    )


@dataclass
class _Parties:
    """The organisations of one event and the part each took, as its row names them."""

    row: Row
    context: _Context
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

    def warn(self, message: str) -> None:
        self.context.warnings.append(Warning_(self.row.source, message))

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
        for sentence in _sentences(text):
            mentions = _with_named_organizer(sentence, self.context.finder.find(sentence))
            for mention in mentions:
                _note_city_beside(sentence, mention, self.context)
            for mention, role in _roles_in_sentence(sentence, mentions):
                if role == "organizer":
                    self.organizers.append(self.resolve(mention))
                elif role == "sponsor":
                    self.sponsors.append(self.resolve(mention))
                elif role == "host":
                    self.held_at(mention)
                elif role == "participant" and (listing or mention.legal_form):
                    self.participants.append(self.resolve(mention))

    def settled(self) -> tuple[tuple[str, ...], ...]:
        """Hosts, organisers, participants and sponsors, each once; a body with another part
        is no mere participant."""
        hosts = _unique([key for key, _ in self.hosts])
        organizers, sponsors = _unique(self.organizers), _unique(self.sponsors)
        taken = set(organizers) | set(hosts) | set(sponsors)
        participants = [p for p in _unique(self.participants) if p not in taken]
        return tuple(hosts), tuple(organizers), tuple(participants), tuple(sponsors)


def _note_host_places(hosts: Sequence[str], venue: Venue, context: _Context) -> None:
    """'ФГБОУ ВО «…», г. Тверь': the one city (or else region) of a venue cell is where its
    host bodies are, as evidence of their location."""
    cities = {context.reference.city_place(city).key for city in venue.cities}
    regions = {context.reference.regions[iso].key for iso in venue.regions}
    places = cities or regions
    if len(places) == 1:
        (place,) = places
        for host in hosts:
            context.registry.note_place(host, place)


def plan_item_codes(cell: str) -> tuple[str, ...]:
    """The plan items a cell names: '2.3.', 'п. 4.1', 'пп. 3.3, 3.4', and ranges '3.3–3.5'
    (3.3, 3.4 and 3.5: the two ends differ only in their last number)."""
    codes: list[str] = []
    for first, last in _PLAN_ITEM.findall(cell):
        codes.append(first)
        if not last:
            continue
        head, _, start = first.rpartition(".")
        last_head, _, stop = last.rpartition(".")
        if head == last_head and 0 < int(stop) - int(start) <= _MAX_RANGE:
            prefix = f"{head}." if head else ""
            codes += [f"{prefix}{n}" for n in range(int(start) + 1, int(stop) + 1)]
        else:
            codes.append(last)
    return tuple(dict.fromkeys(codes))


_CITY_BESIDE = re.compile(r"\s*(?:\(\s*|,\s*)(?:г\.|город)\s*([А-ЯЁ][\w-]+(?:[\s-][А-ЯЁ][\w-]+)?)")


def _note_city_beside(sentence: str, mention: Mention, context: _Context) -> None:
    """'АО «Технополис «Химград»» (г. Казань)', 'ФГБОУ ВО «…», г. Тверь': the city written
    right after a body, as evidence of where it is."""
    beside = _CITY_BESIDE.match(sentence, mention.end)
    if beside is None:
        return
    city = find_city(beside.group(1), context.reference, context.parties)
    if city is not None:
        key = context.registry.key_of(mention, context.sides)
        context.registry.note_place(key, context.reference.city_place(city).key)


def _sentences(text: str) -> list[str]:
    result: list[str] = []
    start = 0
    for match in _SENTENCE.finditer(text):
        result.append(text[start : match.start() + 1])
        start = match.end()
    if text[start:].strip():
        result.append(text[start:])
    return result


def _roles_in_sentence(sentence: str, mentions: list[Mention]) -> list[tuple[Mention, str]]:
    """Who organised, who supported, who took part, as one sentence states it.

    Organisers: after 'Организатор…'; right after 'организован', 'проведены специалистами';
    and 'X совместно с Y' in a sentence that says it was held or organised."""
    marker = _ORGANIZER.search(sentence)
    joint = _JOINT.search(sentence) if _ORGANISING.search(sentence) else None
    partner = None
    if joint:
        partner = next((m for m in mentions if m.start >= joint.end()), None)
    roles: list[tuple[Mention, str]] = []
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


_AFTER_MARKER = re.compile(
    r"[Оо]рганизатор\w*(?:\s+(?:мероприятия|выставки|конкурса|форума|фестиваля|проекта))?"
    r"\s*(?:выступил[аои]?\s+|[:–—-]\s*)?"
)


def _with_named_organizer(sentence: str, mentions: list[Mention]) -> list[Mention]:
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


def _held_away(locations: list[str], context: _Context) -> bool:
    """Whether an event's places lie outside the reporting region."""
    regions = set()
    for key in locations:
        place = context.places[key]
        while place.parent is not None and place.kind != "region":
            place = context.places[place.parent]
        if place.kind == "region" and place.iso_code:
            regions.add(place.iso_code)
    reporting = context.reporting_region
    return bool(regions) and reporting is not None and reporting not in regions


def _add_region(context: _Context, iso: str) -> str:
    place, *containers = context.reference.region_places(iso)  # abroad: and its country
    for known in (place, *containers):
        context.places.setdefault(known.key, known)
    return place.key


def _add_city(context: _Context, city) -> str:  # type: ignore[no-untyped-def]
    place = context.reference.city_place(city)
    context.places.setdefault(place.key, place)
    if place.parent:
        _add_region(context, context.reference.cities[city.key].region_iso)
    return place.key


def _add_place(context: _Context, place: Place) -> str:
    known = context.places.get(place.key)
    if known is not None:
        labels = tuple(sorted(set(known.alt_labels) | set(place.alt_labels)))
        place = replace(known, alt_labels=labels)
    context.places[place.key] = place
    return place.key


def _locations(venue: Venue, hosts: list[tuple[str, Mention]], context: _Context) -> list[str]:
    """Place keys of an event, most specific first: venues, then cities, then regions.

    A host body's premises are a venue named after it, inside the city of the cell."""
    keys: list[str] = []
    for text in venue.virtual:
        keys.append(_add_place(context, Place(key=virtual_key(text), name=text, kind="virtual")))
    city_keys = [_add_city(context, city) for city in venue.cities]
    region_keys = [_add_region(context, iso) for iso in venue.regions]
    container = city_keys[0] if city_keys else (region_keys[0] if region_keys else None)
    venue_keys: list[str] = []
    for host, mention in hosts:
        place_container = container or _host_location(host, context)
        if place_container is None:
            continue
        name = context.registry.name_of(host)
        spellings = tuple(sorted({mention.surface, mention.name} - {name}))
        venue_place = Place(
            key=f"{place_container}/{host}",
            name=name,
            kind="venue",
            parent=place_container,
            alt_labels=spellings,
            organization=host,
        )
        venue_keys.append(_add_place(context, venue_place))
    for building in venue.buildings:
        if not building:
            continue
        name = spell_out(building, context.reference)
        key = f"{container}/{slug(name, 64)}" if container else f"venue/{slug(name, 64)}"
        spellings = (building,) if name != building else ()
        place = Place(key=key, name=name, kind="venue", parent=container, alt_labels=spellings)
        venue_keys.append(_add_place(context, place))
    keys += venue_keys
    if not venue_keys:
        keys += city_keys or region_keys
    return _unique(keys)


def _host_location(host: str, context: _Context) -> str | None:
    if host in context.reference.authority:
        org = context.reference.organisation(host)
        if org.location:
            _add_known_location(org.location, context)
            return org.location
    return None


def _add_known_location(key: str, context: _Context) -> None:
    if key in context.reference.cities:
        _add_city(context, context.reference.cities[key])
    elif key.upper() in context.reference.regions:
        _add_region(context, key.upper())
