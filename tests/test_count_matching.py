"""Counts: each belongs to the role its phrase names, and the fast ways of finding them equal
the regular expressions they stand for."""

from __future__ import annotations

import random
import re
import sys

import pytest

from roadmap_kg.extract import counts, places
from roadmap_kg.extract.counts import count_matches, extract_counts, folded
from roadmap_kg.extract.places import RegionNames
from roadmap_kg.lang.text import collapse
from roadmap_kg.model import Count

SMO, SPE = "RU-SMO", "RU-SPE"


@pytest.mark.parametrize(
    ("text", "reporting", "away", "expected"),
    [
        # regions are not people
        ("Приняли участие представители 9 регионов", SMO, False, {"regions": Count(9)}),
        ("Участники 12 регионов России и 3 стран", SMO, False, {"regions": Count(12)}),
        ("Команды 5 регионов-участников", SMO, False, {"regions": Count(5)}),
        # the reporting region's delegation, named or (away from home) not
        ("Делегация Смоленской области в составе 7 человек", SMO, True, {"delegation": Count(7)}),
        ("Делегация Смоленской области в составе 7 человек", SMO, False, {"delegation": Count(7)}),
        ("делегация в составе 7 человек", SMO, True, {"delegation": Count(7)}),
        (
            "Делегация в составе 21 человека приняла участие в работе секций",
            SPE,
            True,
            {"delegation": Count(21)},
        ),
        ("Делегация численностью 4 человека", SMO, True, {"delegation": Count(4)}),
        (
            "Делегация из Смоленской области в составе более 20 человек",
            SMO,
            False,
            {"delegation": Count(20, "более")},
        ),
        # at home a delegation that names no region is the guests': not ours, nor all participants
        ("Делегация в составе 21 человека", SPE, False, {}),
        # another region's delegation counts no one of ours
        ("Делегация Псковской области в составе 12 человек", SMO, True, {}),
        (
            "Делегация Псковской области в составе 12 человек; всего 150 участников",
            SMO,
            True,
            {"participants": Count(150)},
        ),
        # a region's team is its delegation, and so is a share of all people
        (
            "в том числе команда Санкт-Петербурга – 18 спортсменов",
            SPE,
            True,
            {"delegation": Count(18)},
        ),
        (
            "Всего 150 участников, в том числе команда Санкт-Петербурга – 18 спортсменов",
            SPE,
            True,
            {"participants": Count(150), "delegation": Count(18)},
        ),
        (
            "Всего 150 участников, в том числе команда Санкт-Петербурга – 18 спортсменов",
            SPE,
            False,
            {"participants": Count(150), "delegation": Count(18)},
        ),
        (
            "Всего 150 участников, в том числе спортсмены Санкт-Петербурга – 18 человек",
            SPE,
            False,
            {"participants": Count(150), "delegation": Count(18)},
        ),
        ("Сборная команда Смоленской области – 16 человек", SMO, True, {"delegation": Count(16)}),
        (
            "Всего 602 участника из 33 регионов, в том числе спортсмены г. Санкт-Петербурга",
            SPE,
            True,
            {"participants": Count(602), "regions": Count(33)},
        ),
        # participants, with their qualifier
        ("более 300 участников", SMO, False, {"participants": Count(300, "более")}),
        ("курсы прошли 40 учителей", SMO, False, {"participants": Count(40)}),
        ("Число участников – 25 организаций", SMO, False, {}),
        # spectators and guests are visitors
        ("свыше 2 000 зрителей", SMO, False, {"visitors": Count(2000, "более")}),
        ("около 2,5 тыс. посетителей", SMO, False, {"visitors": Count(2500, "около")}),
        (
            "более 300 участников и 2000 зрителей",
            SMO,
            False,
            {"participants": Count(300, "более"), "visitors": Count(2000)},
        ),
        ("Концерт посетили более 500 гостей", SMO, False, {"visitors": Count(500, "более")}),
        # people of a body the reporting region has, named by an adjective of its place, away
        (
            "Студенты ФГБОУ ВО «Смоленский государственный университет» – 3 человека",
            SMO,
            True,
            {"delegation": Count(3)},
        ),
        (
            "Исследователи Санкт-Петербургского государственного университета – 6 человек",
            SPE,
            True,
            {"delegation": Count(6)},
        ),
        (
            "Приняли участие студенты Казанского федерального университета – 6 человек",
            SPE,
            True,
            {"participants": Count(6)},
        ),
        # a breakdown in brackets counts no one else
        (
            "Сборная команда Смоленской области – 10 человек (8 спортсменов, 2 тренера)",
            SMO,
            True,
            {"delegation": Count(10)},
        ),
        (
            "Обучающиеся из 8 регионов России (более 300 человек)",
            SMO,
            False,
            {"regions": Count(8), "participants": Count(300, "более")},
        ),
        # visiting participants are participants
        (
            "Форум посетили более 17 тыс. участников из 130 стран",
            SMO,
            False,
            {"participants": Count(17000, "более")},
        ),
        # numbers of things are never head counts
        ("На выставке представлено 120 экспонатов", SMO, False, {}),
        ("Приняли участие 25 компаний", SMO, False, {}),
        ("Команда Смоленской области победила со счётом 2:1", SMO, True, {}),
        ("Команда Санкт-Петербурга заняла 3 место", SPE, True, {}),
        ("По итогам подписано 5 соглашений", SMO, False, {}),
        ("Делегация посетила 3 предприятия", SMO, True, {}),
        ("Размещение в 5 гостиницах", SMO, False, {}),
    ],
)
def test_a_count_belongs_to_the_role_its_phrase_names(
    reference, text, reporting, away, expected
) -> None:
    geo = RegionNames(reference, reporting)
    for participants_text, result_text in ((text, ""), ("", text)):
        found = extract_counts(participants_text, result_text, geo, away)
        roles = ("participants", "visitors", "delegation", "regions")
        got = {role: getattr(found, role) for role in roles if getattr(found, role) is not None}
        assert got == expected, (participants_text, result_text)


def _by_regex(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple]:
    end = len(text) if endpos is None else endpos
    return [(m.start(), m.end(), *m.groups()) for m in counts._COUNT.finditer(text, pos, end)]


def _by_number(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple]:
    return [(m.start, m.end, *m.groups()) for m in count_matches(text, pos, endpos)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5 человек",
        "более 5 человек",
        "Более  5\u00a0человек",
        "не более 10 участников, не менее 3 детей",
        "1 500 человек",
        "более 1\u00a0500 человек и около 2\u202f000 зрителей",
        "4,5 тыс. участников",
        "почти 4.5 тысячи гостей",
        "12345 678 человек",  # the number starts inside a run of digits
        "2021 15 человек",
        "Надо 5 человек",  # a qualifier inside a word is one all the same
        "ДО 5 человек",
        "до5 человек",  # no space: no qualifier
        "5 человек6 человек 7 чел. и 8 чел",  # adjacent counts
        "приблизительно 7 специалистов; примерно 8 экспертов",
        "порядка 100 уникальных фотографий",
        "бᲂлее 5 человек",  # a narrow 'о' (U+1C82) matches 'о' ignoring case
        "более \n 5 человек",
        "5\t\tчеловек",
        "от 3 до 5 человек",
    ],
)
def test_counts_are_found_from_their_numbers_as_the_pattern_finds_them(text: str) -> None:
    assert _by_number(text) == _by_regex(text)
    for pos in range(len(text) + 1):
        assert _by_number(text, pos) == _by_regex(text, pos)
        assert _by_number(text, 0, pos) == _by_regex(text, 0, pos)


def test_counts_found_from_numbers_equal_the_pattern_on_random_texts() -> None:
    pieces = (
        "более Более не более не менее до ДО Надо около свыше порядка приблизительно почти "
        "примерно больше 1 12 123 1234 500 4,5 4.5 тыс. тыс тысяч человек чел. чел участников "
        "детей дети мастеров ученых , . - – а не ᲂколо x 5 0 ٣"
    ).split() + [" ", "  ", "\u00a0", "\u202f", "\t", "\n", "1 500"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(
            rng.choice(pieces) + rng.choice(("", " ")) for _ in range(rng.randint(1, 12))
        )
        pos = rng.randint(0, len(text))
        endpos = rng.randint(pos, len(text))
        assert _by_number(text) == _by_regex(text), text
        assert _by_number(text, pos, endpos) == _by_regex(text, pos, endpos), (text, pos, endpos)


def test_folded_text_holds_every_letter_ignorecase_takes_for_a_cyrillic_one() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    words = counts._VISITORS_WORDS + counts._REGIONS_WORDS + counts._PARTICIPANTS_LABELLED_WORDS
    for letter in set("".join(words)):
        for char in re.findall(re.escape(letter), every, re.IGNORECASE):
            assert folded(char) == letter, (letter, hex(ord(char)))


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (counts._VISITORS, counts._VISITORS_WORDS),
        (counts._REGIONS, counts._REGIONS_WORDS),
        (counts._PARTICIPANTS_LABELLED, counts._PARTICIPANTS_LABELLED_WORDS),
    ],
)
def test_every_match_of_a_count_pattern_holds_one_of_its_words(pattern, words) -> None:
    texts = [
        "мероприятие посетило 2299 человек",
        "свыше 2 000 зрителей",
        "более 500 гостей и 30 болельщиков",
        "представители 9 регионов",
        "участники 4 субъектов",
        "5 регионов-участников",
        "ПОСЕТИЛИ более 300",
        "около 40 посетителей",
        "посещаемость составила 1 500",
        "из 23 регионов",
        "из 5 субъектов",
        "12 регионов РФ",
        "Количество участников – 40",
        "число участников: более 4,5 тыс.",
    ]
    for text in texts:
        for match in pattern.finditer(text):
            assert any(word in folded(match.group(0)) for word in words), text


def test_collapse_splits_at_exactly_the_whitespace_of_regular_expressions() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    spaces = "".join(re.findall(r"\s", every))
    assert "".join(c for c in every if c.isspace()) == spaces
    text = f"{spaces}a{spaces}b c\u00a0\u00a0d{spaces}"
    assert collapse(text) == re.sub(r"\s+", " ", text).strip() == "a b c d"


def _without_look_ahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    source = pattern.pattern
    assert source.startswith("(?=[")
    return re.compile(source[source.index("])(?:") + 5 : -1], pattern.flags)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        (
            counts._VISITORS,
            "посетило ПОСЕТИЛИ посетителей Посетителей посещаемость Посещаемость составила "
            "зрителей Зрителей гостей Гостей болельщиков предприятия человек",
        ),
        (
            counts._REGIONS,
            "из Из ИЗ регионов Регионов субъектов России Российской Федерации РФ "
            "регионов\u00a0России субъектов\u00a0РФ представители Представители участников "
            "делегации команды Команд регионов-участников",
        ),
        (
            places.ONLINE,
            "онлайн Онлайн он-лайн online ONLINE дистанционно Дистанционный видеоконференция "
            "ВКС вкс вебинар веб-конференция вебконференция в режиме видео В режиме видео "
            "интернет zoom ZOOM Zoom по средствам посредством по средствам связи "
            "в онлайн-формате в формате онлайн заочно Заочная виртуальный очно и телемост "
            "Телемоста видео-конференц-связи видеосвязь удаленно удалённо Удаленном в удаленном "
            "формате режиме",
        ),
        (
            places.MIXED,
            "смешанный Смешанном гибридный комбинированном очно и заочно Очно-онлайн "
            "очно/дистанционно очно-заочная очно+онлайн Очно-дистанционный",
        ),
    ],
)
def test_a_look_ahead_for_the_first_character_changes_no_match(pattern, pieces: str) -> None:
    plain = _without_look_ahead(pattern)
    words = [
        *pieces.split(),
        *"более около до свыше почти порядка 5 12 4,5 тыс. человек - ᲂ x".split(),
        "не более",
        "не менее",
        "1 500",
        " ",
        "\u00a0",
        "",
    ]
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice(words) + rng.choice((" ", "", " ")) for _ in range(6))
        expected = [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == expected, text
