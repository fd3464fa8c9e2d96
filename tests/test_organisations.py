"""Organisations as reports by other hands name them (issue 11): where each one is and what
says so, units of universities, several responsible bodies, one body one IRI, abbreviations
defined in brackets, roles in sentences, whole names, plan-item codes and readable slugs.

Each rule is tested on its phrasings through a small report written inline (the report
family's text export: title lines, a header, rows of TAB-started cells), extracted as a build
extracts it, so what is asserted is what a release publishes.
"""

from __future__ import annotations

import shutil

import pytest

from roadmap_kg.extract.organisations import MentionFinder, abbreviates, responsible_bodies
from roadmap_kg.extract.plan_items import plan_item_codes
from roadmap_kg.lang.names import spell_out_words
from roadmap_kg.model import Event, Organization, Report
from roadmap_kg.reference import Reference
from roadmap_kg.settings import Settings

from inline import inline_report

TATARSTAN_TITLE = (
    "Отчет об исполнении в 2022 году Плана мероприятий «дорожной карты» сотрудничества "
    "Санкт-Петербурга и Республики Татарстан на 2022-2024 годы"
)
COLUMNS = (
    "№ п/п",
    "Наименование мероприятия",
    "Сроки проведения",
    "Место проведения",
    "Участники",
    "Ответственный исполнитель",
    "Информация об исполнении",
)


def report(reference, *rows: tuple[str, ...], title: str = TATARSTAN_TITLE) -> Report:
    """A report of the given rows (cells in COLUMNS order; a cell's lines split by '\n')."""
    return inline_report(reference, title, COLUMNS, *rows)


def row(
    name: str = "Научная конференция «Диалог двух столиц»",
    venue: str = "г. Санкт-Петербург",
    participants: str = "",
    responsible: str = "Комитет по науке и высшей школе",
    result: str = "Проведена",
    item: str = "1.1",
    date: str = "19 мая 2022 года",
) -> tuple[str, ...]:
    return (item, name, date, venue, participants, responsible, result)


def orgs(report: Report) -> dict[str, Organization]:
    return {org.name: org for org in report.organisations}


def names(report: Report, keys: tuple[str, ...]) -> list[str]:
    by_key = {org.key: org.name for org in report.organisations}
    return [by_key[k] for k in keys]


def only_event(report: Report) -> Event:
    (event,) = report.events
    return event


# --- where an organisation is ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("participant", "name", "location", "evidence"),
    [
        # a place adjective of the reviewed table, in any case form
        (
            "Ученые Казанского федерального университета",
            "Казанский федеральный университет",
            "ru-ta/kazan",
            "name",
        ),
        (
            "Представители Татарстанского отделения Русского географического общества",
            "Татарстанское отделение Русского географического общества",
            "ru-ta",
            "name",
        ),
        (
            "Ученые Тверского государственного университета",
            "Тверской государственный университет",
            "ru-tve/tver",
            "name",
        ),
        (
            "Ученые Югорского государственного университета",
            "Югорский государственный университет",
            "ru-khm",
            "name",
        ),
        (
            "Ученые Марийского государственного университета",
            "Марийский государственный университет",
            "ru-me",
            "name",
        ),
        # a region or a city named by its noun
        (
            "Специалисты Министерства культуры Республики Татарстан",
            "Министерство культуры Республики Татарстан",
            "ru-ta",
            "name",
        ),
        (
            "Специалисты филиала РАНХиГС в Смоленске",
            "Филиал Российской академии народного хозяйства и государственной службы при Президенте Российской Федерации в Смоленске",
            "ru-smo/smolensk",
            "name",
        ),
        # a regional body's mark in its legal form
        (
            "Специалисты ГБУК РТ «Национальная галерея искусств»",
            "Национальная галерея искусств",
            "ru-ta",
            "report",
        ),
    ],
)
def test_an_organisation_is_placed_by_its_name(
    reference, participant, name, location, evidence
) -> None:
    found = orgs(report(reference, row(participants=participant)))
    assert (found[name].location, found[name].location_evidence) == (location, evidence)


@pytest.mark.parametrize("adjective", ["Северный", "Уральский", "Сибирский"])
def test_an_adjective_that_names_no_one_place_places_nothing(reference, adjective) -> None:
    assert reference.place_in_name(f"{adjective} научный центр") is None


def test_a_person_named_after_imeni_is_no_place(reference) -> None:
    # Киров is a city, Пушкин a town: here they are people
    assert reference.place_in_name("Дворец культуры им. С. М. Кирова") is None
    assert reference.place_in_name("Музей Анны Ахматовой") is None


def test_a_host_is_in_the_city_of_its_venue_cell(reference) -> None:
    found = orgs(
        report(
            reference,
            row(venue="ФГБОУ ВО «Научно-исследовательский институт проблем управления», г. Тверь"),
        )
    )
    org = found["Научно-исследовательский институт проблем управления"]
    assert (org.location, org.location_evidence) == ("ru-tve/tver", "report")


def test_a_unit_is_where_its_parent_is(reference) -> None:
    found = orgs(
        report(
            reference, row(participants="Сотрудники Отдела нумизматики Государственного Эрмитажа")
        )
    )
    unit = found["Отдел нумизматики Государственного Эрмитажа"]
    assert unit.parent == "gosudarstvennyy-ermitazh"
    assert (unit.location, unit.location_evidence) == ("ru-spe", "parent")


def test_an_organisation_no_evidence_places_is_warned_about_with_its_row(reference) -> None:
    found = report(reference, row(participants="Представители Научного центра «Прогресс»"))
    assert orgs(found)["Научный центр «Прогресс»"].location is None
    (warning,) = [w for w in found.warnings if "has no location" in w.message]
    assert "Научный центр «Прогресс»" in warning.message
    assert (warning.source.file, warning.source.first) == ("inline.txt", 11)  # the row's line


# --- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (
            "Организатор – Институт истории СПбГУ",
            "Институт истории Санкт-Петербургского государственного университета",
        ),
        (
            "Организатор – Высшая школа менеджмента СПбГУ",
            "Высшая школа менеджмента Санкт-Петербургского государственного университета",
        ),
        (
            "Организатор – кафедра истории СПбГУ",
            "Кафедра истории Санкт-Петербургского государственного университета",
        ),
    ],
)
def test_a_unit_keeps_its_whole_name_and_belongs_to_its_university(reference, text, unit) -> None:
    found = report(reference, row(result=text))
    event = only_event(found)
    assert names(found, event.organizers) == [unit]
    assert orgs(found)[unit].parent == "sankt-peterburgskiy-gosudarstvennyy-universitet"


def test_an_abbreviation_defined_in_brackets_names_its_body_everywhere(reference) -> None:
    found = report(
        reference,
        row(participants="Ученые Казанского (Приволжского) федерального университета (КФУ)"),
        row(participants="Ученые КФУ", item="1.2", name="Семинар «Тюркология»"),
        row(
            result="Организатор – кафедра общего языкознания КФУ",
            item="1.3",
            name="Конференция «Язык»",
        ),
    )
    first, second, third = found.events
    kfu = "Казанский (Приволжский) федеральный университет"
    assert names(found, first.participants) == names(found, second.participants) == [kfu]
    assert "КФУ" in orgs(found)[kfu].alt_labels
    unit = "Кафедра общего языкознания Казанского (Приволжского) федерального университета"
    assert names(found, third.organizers) == [unit]
    assert orgs(found)[unit].parent == orgs(found)[kfu].key
    assert orgs(found)[unit].location == "ru-ta/kazan"


def test_an_abbreviation_no_report_defines_is_no_organisation(reference) -> None:
    event = only_event(report(reference, row(participants="Ученые ЮФУ и специалисты")))
    assert event.participants == ()


@pytest.mark.parametrize(
    ("short", "name", "expected"),
    [
        ("КФУ", "Казанский федеральный университет", True),
        ("СПбГУ", "Санкт-Петербургский государственный университет", True),
        ("РАНХиГС", "Российская академия народного хозяйства и государственной службы", True),
        ("КФУ", "Тверской государственный университет", False),
        ("Пушкинский Дом", "Институт русской литературы", False),
    ],
)
def test_abbreviates(short, name, expected) -> None:
    assert abbreviates(short, name) is expected


# --- responsible bodies ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "bodies"),
    [
        (
            "Комитет по науке и высшей школе, Комитет по внешним связям Санкт-Петербурга",
            ["Комитет по науке и высшей школе", "Комитет по внешним связям Санкт-Петербурга"],
        ),
        (
            "Комитет по государственному контролю, использованию и охране памятников истории и культуры",
            [
                "Комитет по государственному контролю, использованию и охране памятников истории и культуры"
            ],
        ),
        (
            "Комитет по внешним связям\nСанкт-Петербурга",
            ["Комитет по внешним связям Санкт-Петербурга"],
        ),
        (
            "Комитет по образованию\nКомитет по культуре Санкт-Петербурга",
            ["Комитет по образованию", "Комитет по культуре Санкт-Петербурга"],
        ),
        (
            "Правительство Кемеровской области – Кузбасса и Министерство образования Кузбасса",
            ["Правительство Кемеровской области – Кузбасса", "Министерство образования Кузбасса"],
        ),
        (
            "Комитет по молодежной политике и взаимодействию с общественными организациями",
            ["Комитет по молодежной политике и взаимодействию с общественными организациями"],
        ),
    ],
)
def test_a_responsible_cell_is_cut_between_bodies_never_inside_one(reference, cell, bodies) -> None:
    assert responsible_bodies(cell, MentionFinder(reference)) == bodies


def test_an_event_has_every_body_of_its_responsible_cell(reference) -> None:
    found = report(
        reference,
        row(
            responsible="Комитет по науке и высшей школе, Комитет по внешним связям Санкт-Петербурга"
        ),
    )
    event = only_event(found)
    assert event.responsible_bodies == (
        "komitet-po-nauke-i-vysshey-shkole-sankt-peterburga",
        "komitet-po-vneshnim-svyazyam-sankt-peterburga",
    )
    assert found.reporting_region == "RU-SPE"  # the authority file places the first one


# --- one body, one IRI -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Конференция проведена совместно с Комитетом по образованию",
        "Организатор – Комитет по образованию",
        "Конференция организована Комитетом по образованию",
    ],
)
def test_a_short_name_in_a_sentence_is_the_authority_body_of_a_party(reference, sentence) -> None:
    found = report(reference, row(result=sentence))
    assert only_event(found).organizers == ("komitet-po-obrazovaniyu-sankt-peterburga",)


# --- roles in sentences ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "organizers", "sponsors", "hosts"),
    [
        (
            "Организатор – Комитет по образованию при поддержке Правительства Санкт-Петербурга",
            ["Комитет по образованию Санкт-Петербурга"],
            ["Правительство Санкт-Петербурга"],
            [],
        ),
        (
            "Организаторы: Комитет по образованию и Комитет по культуре Санкт-Петербурга",
            ["Комитет по образованию Санкт-Петербурга", "Комитет по культуре Санкт-Петербурга"],
            [],
            [],
        ),
        (
            "Конференция проведена по инициативе Комитета по культуре Санкт-Петербурга",
            ["Комитет по культуре Санкт-Петербурга"],
            [],
            [],
        ),
        (
            "Конференция проведена на базе Российской национальной библиотеки",
            [],
            [],
            ["Российская национальная библиотека"],
        ),
        (
            "Конференция организована Комитетом по культуре Санкт-Петербурга и проведена на базе Российской национальной библиотеки",
            ["Комитет по культуре Санкт-Петербурга"],
            [],
            ["Российская национальная библиотека"],
        ),
        (
            "Комитет по культуре Санкт-Петербурга совместно с Российской национальной библиотекой провел конференцию",
            ["Комитет по культуре Санкт-Петербурга", "Российская национальная библиотека"],
            [],
            [],
        ),
    ],
)
def test_roles_in_sentences(reference, result, organizers, sponsors, hosts) -> None:
    found = report(reference, row(result=result))
    event = only_event(found)
    assert names(found, event.organizers) == organizers
    assert names(found, event.sponsors) == sponsors
    assert names(found, event.hosts) == hosts


def test_a_body_held_at_is_the_venue_of_the_event(reference) -> None:
    found = report(
        reference, row(result="Конференция проведена на базе Российской национальной библиотеки")
    )
    places = {p.key: p for p in found.places}
    (venue,) = [places[k] for k in only_event(found).locations if places[k].kind == "venue"]
    assert (venue.name, venue.parent) == ("Российская национальная библиотека", "ru-spe")


# --- whole names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Правительство Кемеровской области – Кузбасса",
        "Министерство образования Кузбасса",
        "Комитет по молодежной политике и взаимодействию с общественными организациями",
        "Министерство строительства, архитектуры и жилищно-коммунального хозяйства Республики Татарстан",
        "Фонд поддержки предпринимательства Югры «Мой Бизнес»",
    ],
)
def test_a_name_is_never_cut_at_a_dash_a_comma_or_a_conjunction(reference, name) -> None:
    (mention,) = MentionFinder(reference).find(f"Представители: {name}")
    assert mention.name == name


def test_a_regional_mark_after_a_legal_form_is_part_of_the_form(reference) -> None:
    (mention,) = MentionFinder(reference).find(
        "Организатор – АУ ДПО ХМАО – Югры «Институт развития образования»"
    )
    assert (mention.legal_form, mention.name) == (
        "АУ ДПО ХМАО – Югры",
        "Институт развития образования",
    )


# --- plan items ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("2.3.", ("2.3",)),
        ("п. 4.1", ("4.1",)),
        ("пп. 3.3, 3.4", ("3.3", "3.4")),
        ("3.3–3.5", ("3.3", "3.4", "3.5")),
        ("2.2-2.4", ("2.2", "2.3", "2.4")),
        ("1.9–2.1", ("1.9", "2.1")),  # no range of items: the ends differ before their last number
        ("1.1\n1.3", ("1.1", "1.3")),
    ],
)
def test_plan_item_codes(cell, codes) -> None:
    assert plan_item_codes(cell) == codes


# --- readable identifiers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("participant", "key"),
    [
        (
            "Специалисты Центра развития туризма Тверской области",
            "tsentr-razvitiya-turizma-tverskoy-oblasti",
        ),
        (
            "Специалисты Министерства культуры Республики Татарстан",
            "ministerstvo-kultury-respubliki-tatarstan",
        ),
        (
            "Специалисты Высшей школы менеджмента СПбГУ",
            "vysshaya-shkola-menedzhmenta-sankt-peterburgskogo-gosudarstvennogo-universiteta",
        ),
        (
            "Ученые Казанского государственного института культуры",
            "kazanskiy-gosudarstvennyy-institut-kultury",
        ),
        (
            "Представители Национальной библиотеки Республики Татарстан",
            "natsionalnaya-biblioteka-respubliki-tatarstan",
        ),
    ],
)
def test_a_body_outside_the_authority_file_has_a_key_that_reads_as_its_name(
    reference, participant, key
) -> None:
    (participant_key,) = only_event(report(reference, row(participants=participant))).participants
    assert participant_key == key


@pytest.mark.parametrize(
    ("body", "side"),
    [
        ("Администрация города Казани", "RU-TA"),
        ("Казанское городское управление культуры", "RU-TA"),
        ("Комитет по науке и высшей школе", "RU-SPE"),  # the authority file places it
    ],
)
def test_the_reporting_side_is_known_from_a_body_named_by_its_city_or_adjective(
    reference, body, side
) -> None:
    assert report(reference, row(responsible=body)).reporting_region == side


def test_a_short_name_both_parties_have_is_the_reporting_sides_with_a_warning(tmp_path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(Settings().reference_dir, folder)
    with (folder / "organisations.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "komitet-po-obrazovaniyu-respubliki-tatarstan,Комитет по образованию Республики Татарстан,,,"
            "state-body,RU-TA,,,,not in the 2021 report: a namesake made for this test\n"
        )
    reference = Reference(folder)
    found = report(
        reference,
        row(
            responsible="Министерство культуры Республики Татарстан",
            result="Проведена совместно с Комитетом по образованию",
        ),
    )
    assert found.reporting_region == "RU-TA"
    assert only_event(found).organizers == ("komitet-po-obrazovaniyu-respubliki-tatarstan",)
    (warning,) = [w for w in found.warnings if "either party" in w.message]
    assert "Комитетом по образованию" in warning.message


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ученые Института наук о Земле СПбГУ", "Института наук о Земле СПбГУ"),
        (
            "Члены Союза журналистов Санкт-Петербурга и Ленинградской области",
            "Союза журналистов Санкт-Петербурга и Ленинградской области",
        ),
        (
            "Ученые Института истории, языка и литературы Уфимского центра",
            "Института истории, языка и литературы Уфимского центра",
        ),
        (
            "Министерство промышленности, энергетики и инноваций Республики Башкортостан",
            "Министерство промышленности, энергетики и инноваций Республики Башкортостан",
        ),
        (
            "Департамент общественных, внешних связей и молодежной политики Ханты-Мансийского автономного округа – Югры",
            "Департамент общественных, внешних связей и молодежной политики Ханты-Мансийского автономного округа – Югры",
        ),
    ],
)
def test_names_with_prepositions_enumerations_and_two_regions_stay_whole(
    reference, text, name
) -> None:
    (mention,) = MentionFinder(reference).find(text)
    assert mention.name == name


def test_a_list_of_bodies_after_a_comma_is_not_one_name(reference) -> None:
    (first,) = MentionFinder(reference).find(
        "Представители Министерства культуры, музеев и библиотек Кузбасса"
    )
    assert first.name == "Министерства культуры"


def test_an_abbreviation_before_a_quoted_name_is_its_form(reference) -> None:
    (mention,) = MentionFinder(reference).find(
        "методисты ГОО ДПО «Кузбасский региональный институт развития образования»"
    )
    assert mention.name == "Кузбасский региональный институт развития образования"


def test_one_body_whatever_name_of_its_region_is_used(reference) -> None:
    assert reference.identity_key("Министерство культуры Кузбасса") == reference.identity_key(
        "Министерство культуры Кемеровской области – Кузбасса"
    )


def test_abbreviations_with_a_person_or_several_words_defined_in_brackets(reference) -> None:
    found = report(
        reference,
        row(
            participants="Ученые Башкирского государственного педагогического университета им. М. Акмуллы (БГПУ им. М. Акмуллы), Института истории, языка и литературы Уфимского федерального исследовательского центра Российской академии наук (ИИЯЛ УФИЦ РАН)"
        ),
        row(
            participants="Ученые БГПУ им. М. Акмуллы и ИИЯЛ УФИЦ",
            item="1.2",
            name="Семинар «Тюркология»",
        ),
    )
    first, second = found.events
    assert set(first.participants) == set(second.participants)
    assert len(second.participants) == 2


def test_a_body_named_with_and_without_its_honorific_is_one(reference) -> None:
    found = report(
        reference,
        row(
            venue="ГАОУ ДПО «Академия педагогического мастерства имени К. Д. Ушинского», г. Санкт-Петербург"
        ),
        row(
            result="Курсы проведены Академией педагогического мастерства",
            item="1.2",
            name="Курсы «Методика»",
        ),
    )
    first, second = found.events
    assert first.hosts == second.organizers


@pytest.mark.parametrize(
    ("name", "spelt"),
    [
        (
            "Управление культуры Гомельского облисполкома",
            "Управление культуры Гомельского областного исполнительного комитета",
        ),
        ("Мозырский райисполком", "Мозырский районный исполнительный комитет"),
        (
            "совместно с Гомельским горисполкомом",
            "совместно с Гомельским городским исполнительным комитетом",
        ),
        ("Комитет по культуре", "Комитет по культуре"),
    ],
)
def test_abbreviated_words_of_names_are_spelt_out_in_their_case(reference, name, spelt) -> None:
    assert spell_out_words(name, reference.word_abbreviations) == spelt
    assert reference.identity_key(name) == reference.identity_key(spelt)
