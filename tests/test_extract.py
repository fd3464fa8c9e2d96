"""Extraction rules, each on small inline cases (the whole seed is in test_seed_annotation)."""

from __future__ import annotations

import pytest

from roadmap_kg.errors import InputError
from roadmap_kg.extract.counts import extract_counts
from roadmap_kg.extract.kinds import classify
from roadmap_kg.extract.organisations import MentionFinder
from roadmap_kg.extract.places import RegionNames, parse_venue
from roadmap_kg.extract.registry import OrganisationRegistry
from roadmap_kg.extract.title import parse_title
from roadmap_kg.model import Count, SourceRef

TITLE_SOURCE = SourceRef("t.txt", 1, 3)


@pytest.mark.parametrize(
    ("title", "year", "parties", "period"),
    [
        (
            "Отчет об исполнении в 2021 году Плана мероприятий «Дорожной карты» по развитию "
            "сотрудничества между Санкт-Петербургом и Смоленской областью на 2021-2023 годы",
            2021,
            ("RU-SMO", "RU-SPE"),
            (2021, 2023),
        ),
        (
            "Отчет об исполнении в 2022 году Плана мероприятий по развитию сотрудничества между "
            "Санкт-Петербургом и Псковской областью на 2022–2024 годы",
            2022,
            ("RU-PSK", "RU-SPE"),
            (2022, 2024),
        ),
        (
            "Информация о выполнении за 2023 год Плана мероприятий («дорожной карты») между "
            "Санкт-Петербургом и Республикой Карелия на 2023 - 2025 гг.",
            2023,
            ("RU-KR", "RU-SPE"),
            (2023, 2025),
        ),
        (
            "Отчет об исполнении в 2021 году Плана между Ленинградской областью и "
            "Санкт-Петербургом на 2021-2023 годы",
            2021,
            ("RU-LEN", "RU-SPE"),
            (2021, 2023),
        ),
    ],
)
def test_title_gives_year_parties_and_period(reference, title, year, parties, period) -> None:
    got_year, roadmap = parse_title(title, TITLE_SOURCE, reference)
    assert got_year == year
    assert roadmap.parties == parties
    assert (roadmap.start_year, roadmap.end_year) == period
    assert roadmap.name.startswith("План")


@pytest.mark.parametrize(
    "title",
    [
        "Отчет об исполнении в 2021 году",
        "Отчет между Санкт-Петербургом и Смоленской областью на 2021-2023 годы",
        "Отчет об исполнении в 2021 году Плана между Санкт-Петербургом и Марсом на 2021-2023 годы",
    ],
)
def test_title_without_its_facts_is_an_input_error(reference, title) -> None:
    with pytest.raises(InputError, match=r"t\.txt:1: cannot read"):
        parse_title(title, TITLE_SOURCE, reference)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Межрегиональная конференция «Служба занятости населения России»", "conference"),
        ("X Международный научный конгресс «Спорт, человек, здоровье»", "conference"),
        (
            "Международный научный форум «Медиа в современном мире. 60 Петербургские чтения»",
            "forum",
        ),
        (
            "ХХI Международный форум «Экология большого города»; конференция «Лучшие практики»",
            "forum",
        ),
        ("Фотовыставка «100 чудес света»", "exhibition"),
        ("Выставочное культурно-просветительское мероприятие", "exhibition"),
        ("Всероссийский конкурс «Лучшие кадровые практики»", "competition"),
        ("Открытое первенство Смоленской области по шорт-треку", "sports"),
        ("Региональный этап Всероссийского полумарафона «Забег.РФ»", "sports"),
        ("Повышение квалификации по программе «Цифровые технологии»", "training"),
        ("Рабочая встреча представителей ООО «Корпорация»", "meeting"),
        ("IV Всероссийское совещание региональных центров энергосбережения", "meeting"),
        ("Онлайн-дискуссия «Использование современных технологий»", "discussion"),
        ("Круглый стол «Экотуризм»", "discussion"),
        ("Рекламный тур для представителей туроператоров «Санкт-Петербург – Смоленск»", "tour"),
        ("Бизнес-миссия в г. Санкт-Петербург и Кронштадт", "business-mission"),
        (
            "Взаимодействие по вопросам межрегионального перераспределения рабочей силы",
            "cooperation",
        ),
        (
            "Содействие участию делегации молодежи во Всероссийском молодежном форуме «Выше Крыши»",
            "forum",
        ),
    ],
)
def test_kind_from_the_words_of_the_name(name: str, kind: str) -> None:
    assert classify(name) == kind


@pytest.mark.parametrize(
    ("texts", "participants", "visitors", "delegation", "regions"),
    [
        (
            ["Всего 602 участника из 33 регионов, в том числе спортсмены г. Санкт-Петербурга"],
            Count(602),
            None,
            None,
            Count(33),
        ),
        (["Более 700 участников – руководителей"], Count(700, "более"), None, None, None),
        (
            ["директора организаций (70 чел.). От Смоленской области приняли участие директор"],
            Count(70),
            None,
            None,
            None,
        ),
        (
            ["(количество участников – около 700 человек),\nот Смоленской области –3 человека"],
            Count(700, "около"),
            None,
            Count(3),
            None,
        ),
        (
            ["Организатором выступила компания, мероприятие посетило 366 человек"],
            None,
            Count(366),
            None,
            None,
        ),
        (
            ["4 делегата от Смоленской области, один из которых защитил проект"],
            None,
            None,
            Count(4),
            None,
        ),
        (
            [
                "От Смоленской области - учреждение ОГКУ «Дирекция ООПТ Смоленской области» - 2 человека. От Санкт-Петербурга - ГКУ «Дирекция»"
            ],
            None,
            None,
            Count(2),
            None,
        ),
        (["мероприятие посетили более 1\u00a0240 человек"], None, Count(1240, "более"), None, None),
        (["более 5 тыс. человек"], Count(5000, "более"), None, None, None),
        (["выставку посетили более 4,5 тыс. человек"], None, Count(4500, "более"), None, None),
        (
            [
                "в том числе 14 спортсменов Смоленской области; всего 120 участников из 7 субъектов РФ"
            ],
            Count(120),
            None,
            Count(14),
            Count(7),
        ),
        (["в экспозиции было представлено 100 уникальных фотографий"], None, None, None, None),
        (
            ["Около 300 участников из Смоленской области, Санкт-Петербурга и Псковской области"],
            Count(300, "около"),
            None,
            None,
            None,
        ),
        (
            [
                "Делегация Смоленской области в составе 12 человек, в том числе представители АО «Корпорация»"
            ],
            None,
            None,
            Count(12),
            None,
        ),
        (["Делегация Смоленской области – 9 человек"], None, None, Count(9), None),
        (
            ["Учителя общеобразовательных организаций Смоленской области – 15 человек"],
            Count(15),
            None,
            None,
            None,
        ),
        (
            ["Всего 180 участниц из 6 регионов, в том числе 24 спортсменки Псковской области"],
            Count(180),
            None,
            None,
            Count(6),
        ),
        (
            ["28 участников, в том числе 5 учащихся из Смоленской области (ГАПОУ «Колледж»)"],
            Count(28),
            None,
            Count(5),
            None,
        ),
    ],
)
def test_counts(reference, texts, participants, visitors, delegation, regions) -> None:
    counts = extract_counts(texts[0], "", RegionNames(reference, "RU-SMO"))
    assert (counts.participants, counts.visitors, counts.delegation, counts.regions) == (
        participants,
        visitors,
        delegation,
        regions,
    )


def test_people_of_the_reporting_region_away_from_home_are_its_delegation(reference) -> None:
    text = ["Учителя общеобразовательных организаций Смоленской области – 15 человек"]
    counts = extract_counts(text[0], "", RegionNames(reference, "RU-SMO"), away=True)
    assert (counts.participants, counts.delegation) == (None, Count(15))
    mixed = ["Учителя Смоленской области и Санкт-Петербурга – 40 человек"]
    counts = extract_counts(mixed[0], "", RegionNames(reference, "RU-SMO"), away=True)
    assert (counts.participants, counts.delegation) == (Count(40), None)


@pytest.fixture(scope="module")
def finder(reference) -> MentionFinder:
    return MentionFinder(reference)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Департамент государственной службы занятости населения Смоленской области, "
            "Комитет по труду и занятости населения Санкт-Петербурга",
            [
                "Департамент государственной службы занятости населения Смоленской области",
                "Комитет по труду и занятости населения Санкт-Петербурга",
            ],
        ),
        (
            "Представители ФГБОУ ВО «Смоленский государственный университет»",
            ["Смоленский государственный университет"],
        ),
        ("Представители туристско-информационных центров", []),
        ("директора концертных организаций и образовательных организаций (70 чел.)", []),
        ("Сотрудники службы занятости населения субъектов Российской Федерации", []),
        (
            "Организатором выступила компания из Санкт-Петербурга «Арт-центр в Перинных рядах»",
            ["Арт-центр в Перинных рядах"],
        ),
        (
            "Туроператоры Смоленской области: Агентство «Турпоездка», Смоленск Тревел, а также Национальный парк «Смоленское Поозерье»",
            [
                "Агентство «Турпоездка»",
                "Смоленск Тревел",
                "Национальный парк «Смоленское Поозерье»",
            ],
        ),
        (
            "РГПУ им. А.И. Герцена, Музей Анны Ахматовой (Фонтанный дом)",
            ["РГПУ им. А.И. Герцена", "Музей Анны Ахматовой (Фонтанный дом)"],
        ),
        ("Таврический дворец", []),
        (
            "ГБУДО дворец творчества детей и молодежи колпинского района Санкт-Петербурга",
            ["дворец творчества детей и молодежи колпинского района Санкт-Петербурга"],
        ),
        (
            "Департамент инвестиционного развития Смоленской области совместно с СОГБУ «Центр туризма «Смоленский терем» провел тур",
            [
                "Департамент инвестиционного развития Смоленской области",
                "Центр туризма «Смоленский терем»",
            ],
        ),
        (
            "Организатор: Информационно-культурный центр Музея истории Кронштадта. В ходе",
            ["Информационно-культурный центр Музея истории Кронштадта"],
        ),
    ],
)
def test_mentions(finder, text: str, names: list[str]) -> None:
    assert [m.name for m in finder.find(text)] == names


def test_a_body_named_after_a_unit_is_its_parent_not_another_mention(finder) -> None:
    mentions = finder.find(
        "Магистр Смоленского казачьего института (филиала) ФГБОУ ВО «МГУТУ им. К.Г. Разумовского (ПКУ)»"
    )
    assert len(mentions) == 1
    assert mentions[0].parent is not None
    assert mentions[0].parent.legal_form == "ФГБОУ ВО"


def test_registry_gives_one_key_per_body_and_keeps_namesakes_apart(reference, finder) -> None:
    registry = OrganisationRegistry(reference)
    keys = [
        registry.resolve(m)
        for text in (
            "Представители Санкт-Петербургского государственного университета",
            "Санкт-Петербургский государственный университет, г. Санкт-Петербург",
            "ФГБОУ ВО «Санкт-Петербургский государственный университет»",
            "Санкт-Петербургский государственный университет промышленных технологий и дизайна",
            "Санкт-Петербургский государственный архитектурно-строительный университет",
        )
        for m in finder.find(text)
    ]
    assert keys[0] == keys[1] == keys[2] == "sankt-peterburgskiy-gosudarstvennyy-universitet"
    assert len({keys[0], keys[3], keys[4]}) == 3


def test_unknown_bodies_get_one_key_from_their_lemmas_whatever_the_case(reference, finder) -> None:
    registry = OrganisationRegistry(reference)
    a = registry.resolve(
        finder.find("Представители Комитета по молодежной политике Псковской области")[0]
    )
    b = registry.resolve(
        finder.find("Комитетом по молодежной политике Псковской области проведен")[0]
    )
    assert a == b == "komitet-po-molodezhnyy-politika-ru-psk"  # lemmas, the region as its code
    (org,) = [o for o in registry.organisations() if o.key == a]
    assert org.name == "Комитет по молодежной политике Псковской области"
    assert org.location == "ru-psk"
    assert "Комитета по молодежной политике Псковской области" in org.alt_labels


@pytest.mark.parametrize(
    ("cell", "attendance", "cities", "regions", "buildings", "hosts", "sponsors"),
    [
        ("онлайн", "online", [], [], [], [], []),
        ("по средствам телефонной и электронной связи", "online", [], [], [], [], []),
        ("в режиме видеоконференцсвязи", "online", [], [], [], [], []),
        ("ВКС", "online", [], [], [], [], []),
        ("дистанционно", "online", [], [], [], [], []),
        ("в онлайн-формате", "online", [], [], [], [], []),
        ("по средствам электронной связи", "online", [], [], [], [], []),
        ("очно и онлайн", "mixed", [], [], [], [], []),
        ("г. Смоленск", "offline", ["ru-smo/smolensk"], [], [], [], []),
        ("Смоленская область", "offline", [], ["RU-SMO"], [], [], []),
        (
            "Таврический дворец,\nг. Санкт-Петербург",
            "offline",
            ["ru-spe/sankt-peterburg"],
            [],
            ["Таврический дворец"],
            [],
            [],
        ),
        (
            "СОГБУК «Культурно-выставочный центр им. Тенишевых»,\nг. Смоленск",
            "offline",
            ["ru-smo/smolensk"],
            [],
            [],
            ["Культурно-выставочный центр им. Тенишевых"],
            [],
        ),
        (
            "Музей антропологии и этнографии им. Петра Великого (Кунсткамера), РАН,\nг. Санкт-Петербург",
            "offline",
            ["ru-spe/sankt-peterburg"],
            [],
            [],
            ["Музей антропологии и этнографии им. Петра Великого (Кунсткамера) РАН"],
            [],
        ),
        (
            "Институт русской литературы (Пушкинский дом) РАН при поддержке Итальянского института культуры в Санкт-Петербурге,\nг. Санкт-Петербург",
            "offline",
            ["ru-spe/sankt-peterburg"],
            [],
            [],
            ["Институт русской литературы (Пушкинский дом) РАН"],
            ["Итальянского института культуры в Санкт-Петербурге"],
        ),
        ("г. Псков, очно и онлайн", "mixed", ["ru-psk/pskov"], [], [], [], []),
        ("в смешанном формате", "mixed", [], [], [], [], []),
        (
            "КВЦ «ЭКСПОФОРУМ», г. Санкт-Петербург",
            "offline",
            ["ru-spe/sankt-peterburg"],
            [],
            ["КВЦ «ЭКСПОФОРУМ»"],
            [],
            [],
        ),
        ("г. Великие Луки", "offline", ["ru-psk/velikie-luki"], [], [], [], []),
        (
            "г. Вологда, г. Череповец",
            "offline",
            ["ru-vlg/vologda", "ru-vlg/cherepovets"],
            [],
            [],
            [],
            [],
        ),
    ],
)
def test_venue_cell(
    reference, finder, cell, attendance, cities, regions, buildings, hosts, sponsors
) -> None:
    venue = parse_venue(cell, reference, finder, ("RU-SMO", "RU-SPE"))
    assert venue.attendance == attendance
    assert [c.key for c in venue.cities] == cities
    assert venue.regions == regions
    assert venue.buildings == buildings
    assert [m.name for m in venue.hosts] == hosts
    assert [m.name for m in venue.sponsors] == sponsors


def test_venue_kinds_are_spelt_out(reference) -> None:
    from roadmap_kg.extract.places import spell_out

    assert spell_out("КВЦ «ЭКСПОФОРУМ»", reference) == "Конгрессно-выставочный центр «ЭКСПОФОРУМ»"
    assert spell_out("Таврический дворец", reference) == "Таврический дворец"


def test_organisers_listed_after_a_marker_in_the_result_column(reference) -> None:
    from roadmap_kg.extract.roles import roles_in_sentence, with_named_organizer

    finder = MentionFinder(reference)
    sentence = "Организаторы: Комитет по культуре Санкт-Петербурга, ГБУК «Псковский областной центр народного творчества»"
    roles = roles_in_sentence(sentence, finder.find(sentence))
    assert [(m.name, role) for m, role in roles] == [
        ("Комитет по культуре Санкт-Петербурга", "organizer"),
        ("Псковский областной центр народного творчества", "organizer"),
    ]
    dash = "Организатор – Государственный Эрмитаж. Участвовали представители СОГБУК «Музей»"
    found = roles_in_sentence(dash, with_named_organizer(dash, finder.find(dash)))
    assert ("Государственный Эрмитаж", "organizer") in [(m.name, r) for m, r in found]
