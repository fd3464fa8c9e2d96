"""The venue cell: online, mixed and in-person attendance, and the places beside them."""

from __future__ import annotations

import pytest

from roadmap_kg.extract.organisations import MentionFinder
from roadmap_kg.extract.places import parse_venue

PARTIES = ("RU-TVE", "RU-SPE")


@pytest.fixture(scope="module")
def finder(reference) -> MentionFinder:
    return MentionFinder(reference)


def _places(venue) -> dict[str, list[str]]:
    return {
        "cities": [city.key for city in venue.cities],
        "regions": venue.regions,
        "buildings": venue.buildings,
        "hosts": [mention.name for mention in venue.hosts],
    }


def _no_places() -> dict[str, list[str]]:
    return {"cities": [], "regions": [], "buildings": [], "hosts": []}


@pytest.mark.parametrize(
    ("cell", "virtual", "places"),
    [
        ("онлайн / г. Тверь", ["онлайн"], {"cities": ["ru-tve/tver"]}),
        ("дистанционно / г. Тверь", ["дистанционно"], {"cities": ["ru-tve/tver"]}),
        ("г. Тверь/онлайн", ["онлайн"], {"cities": ["ru-tve/tver"]}),
        # the bracket is a part of its own: Moscow is still found
        (
            "г. Москва (смешанный формат: очно и онлайн)",
            ["смешанный формат: очно и онлайн"],
            {"cities": ["ru-mow/moskva"]},
        ),
        (
            "СПбГУ (г. Санкт-Петербург, очно и онлайн)",
            ["очно и онлайн"],
            {"cities": ["ru-spe/sankt-peterburg"], "hosts": ["СПбГУ"]},
        ),
        ("г. Псков, в смешанном формате", ["в смешанном формате"], {"cities": ["ru-psk/pskov"]}),
        ("Тверская область, в гибридном формате", ["в гибридном формате"], {"regions": ["RU-TVE"]}),
        (
            "ФГБОУ ВО «Тверской государственный университет» / онлайн",
            ["онлайн"],
            {"hosts": ["Тверской государственный университет"]},
        ),
        (
            "Таврический дворец (онлайн-трансляция)",
            ["онлайн-трансляция"],
            {"buildings": ["Таврический дворец"]},
        ),
        # a marker of both ways and no place named: mixed, with only the virtual location
        ("очно и в режиме ВКС", ["очно и в режиме ВКС"], {}),
        ("очно и онлайн", ["очно и онлайн"], {}),
        ("в смешанном формате", ["в смешанном формате"], {}),
        ("в гибридном формате", ["в гибридном формате"], {}),
        ("очно / дистанционно", ["дистанционно"], {}),
        ("очно-заочная форма", ["очно-заочная форма"], {}),
    ],
)
def test_mixed_attendance_has_the_place_and_a_virtual_location(
    reference, finder, cell, virtual, places
) -> None:
    venue = parse_venue(cell, reference, finder, PARTIES)
    assert venue.attendance == "mixed"
    assert venue.virtual == virtual
    assert _places(venue) == {**_no_places(), **places}


@pytest.mark.parametrize(
    "cell",
    [
        "в формате ВКС",
        "дистанционно",
        "в дистанционном формате",
        "в режиме видеоконференцсвязи",
        "в режиме видео-конференц-связи",
        "видео-конференц-связь",
        "онлайн-формат",
        "онлайн",
        "в формате телемоста",
        "удалённо",
        "по средствам электронной связи",
    ],
)
def test_online_only(reference, finder, cell: str) -> None:
    venue = parse_venue(cell, reference, finder, PARTIES)
    assert venue.attendance == "online"
    assert venue.virtual == [cell]
    assert _places(venue) == _no_places()


@pytest.mark.parametrize(
    ("cell", "places"),
    [
        ("г. Тверь / г. Санкт-Петербург", {"cities": ["ru-tve/tver", "ru-spe/sankt-peterburg"]}),
        # a bracket that says nothing of attendance stays with its name
        (
            "Музей Анны Ахматовой (Фонтанный дом), г. Санкт-Петербург",
            {
                "cities": ["ru-spe/sankt-peterburg"],
                "hosts": ["Музей Анны Ахматовой (Фонтанный дом)"],
            },
        ),
        ("г. Тверь (очно)", {"cities": ["ru-tve/tver"]}),
    ],
)
def test_in_person(reference, finder, cell: str, places) -> None:
    venue = parse_venue(cell, reference, finder, PARTIES)
    assert venue.attendance == "offline"
    assert venue.virtual == []
    assert _places(venue) == {**_no_places(), **places}


def test_a_lone_abbreviation_after_a_city_is_not_part_of_its_name(reference, finder) -> None:
    venue = parse_venue("онлайн / г. Тверь, ТвГУ", reference, finder, PARTIES)
    assert venue.attendance == "mixed"
    assert [city.key for city in venue.cities] == ["ru-tve/tver"]
    assert "ТвГУ" in venue.buildings + [mention.name for mention in venue.hosts]


def test_a_slash_between_digits_is_a_house_number_not_a_separator(reference, finder) -> None:
    venue = parse_venue("Дом культуры «Пролетарка», д. 9/27, г. Тверь", reference, finder, PARTIES)
    assert "д. 9/27" in venue.buildings
    assert [city.key for city in venue.cities] == ["ru-tve/tver"]


@pytest.mark.parametrize("cell", ["очно", "в очном формате"])
def test_in_person_without_a_place(reference, finder, cell: str) -> None:
    venue = parse_venue(cell, reference, finder, PARTIES)
    assert (venue.attendance, venue.virtual, _places(venue)) == ("offline", [], _no_places())


def test_an_empty_cell_says_nothing(reference, finder) -> None:
    venue = parse_venue("", reference, finder, PARTIES)
    assert (venue.attendance, venue.virtual, _places(venue)) == (None, [], _no_places())
