"""Event kinds: every row of data/reference/event-kinds.csv on its own example, and the
borderline words between kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_kg.errors import ConfigError
from roadmap_kg.extract.kinds import TABLE, KindWords, classify, read_table
from roadmap_kg.model import KINDS
from roadmap_kg.settings import resource_dir

ROWS = read_table(resource_dir("reference") / TABLE)


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.kind}:{row.word}" for row in ROWS])
def test_each_word_of_the_table_names_its_kind_in_its_example(row) -> None:
    assert row.example, "every word has an example a reviewer can check"
    assert classify(row.example) == row.kind


def test_the_table_names_every_kind_but_cooperation() -> None:
    assert {row.kind for row in ROWS} == set(KINDS) - {"cooperation"}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # a friendly game of two teams is sport, not a meeting
        (
            "Товарищеская встреча по мини-футболу команд Смоленской области и Санкт-Петербурга",
            "sports",
        ),
        ("Товарищеский матч по хоккею между юношескими командами", "sports"),
        ("Рабочая встреча руководителей спортивных федераций", "meeting"),
        # a round table in any case form
        ("Круглый стол «Экотуризм»", "discussion"),
        ("Проведение круглого стола по проблемам экотуризма", "discussion"),
        ("Участие в круглом столе «Музеи Арктики»", "discussion"),
        ("Цикл круглых столов для библиотекарей", "discussion"),
        ("Заседание круглого стола «Кадры для промышленности»", "discussion"),
        ("Встреча в формате круглого стола с представителями бизнеса", "discussion"),
        ("Совещание в формате ВКС", "meeting"),
        ("Стажировка руководителей общеобразовательных организаций Псковской области", "training"),
        ("Международная туристская выставка-ярмарка «Путешествуй по Северо-Западу»", "exhibition"),
        (
            "Участие Новгородской области в Международной туристской выставке-ярмарке «Путешествуй»",
            "exhibition",
        ),
        ("Деловая миссия смоленских предприятий в Санкт-Петербург", "business-mission"),
        ("Участие в деловой миссии в Республику Карелия", "business-mission"),
        (
            "Бизнес-миссия промышленных предприятий Санкт-Петербурга в г. Череповец",
            "business-mission",
        ),
        # 'тур' is a whole word: not 'турнир', 'туристский', 'туроператор'
        ("Пресс-тур для журналистов и блогеров Санкт-Петербурга", "tour"),
        ("Туристский форум «Смоленщина»", "forum"),
        ("Встреча туроператоров Смоленской области", "meeting"),
        ("Межрегиональный турнир по самбо", "sports"),
        # a compound names the kind of its first part, unless the whole compound is listed
        ("XVIII Международный форум-конкурс студентов и молодых ученых", "forum"),
        ("Семинар-практикум для учителей", "training"),
        ("Онлайн-семинар «Функциональная грамотность школьников»", "conference"),
        ("Первенство Северо-Западного федерального округа по боксу", "sports"),
        ("Чемпионат по профессиональному мастерству «Абилимпикс»", "competition"),
        ("Повышению квалификации учителей", "training"),
        ("Ознакомительная поездка журналистов в Великий Новгород", "tour"),
        ("Рабочая поездка делегации Комитета по культуре", "meeting"),
        # the seed's borderline names: the earliest kind word wins; topics and titles are not kinds
        (
            "XXХVII Всероссийское диалектологическое совещание «Лексический атлас» и Картографический семинар",
            "meeting",
        ),
        (
            "IХ Невский международный экологический конгресс: круглый стол «Актуальные вопросы»",
            "conference",
        ),
        (
            "Рабочее совещание по вопросам проведения совместных учебно-тренировочных сборов",
            "meeting",
        ),
        ("Взаимодействие по вопросам целевого обучения студентов вузов", "cooperation"),
        ("Мастер-классы специалистов Государственного Эрмитажа", "training"),
        ("Выставочное культурно-просветительское мероприятие", "exhibition"),
        (
            "Участие делегации Мурманской области в работе «Форума «Арктика – территория диалога»»",
            "forum",
        ),
        ("Экспертная деятельность в Институте судебной психологической экспертизы", "cooperation"),
        ("Выставка «Гости из прошлого»", "exhibition"),
        ("Межрегиональный конкурс молодых исполнителей «Северная звезда»", "competition"),
        ("Слёт волонтёров Северо-Запада", "forum"),
    ],
)
def test_borderline_names(name: str, kind: str) -> None:
    assert classify(name) == kind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind,word,example\nfestival,фестивал*,Фестиваль\n", "not a kind and a word"),
        ("kind,word,example\nconference,*,Конференция\n", "not a kind and a word"),
        ("kind,word,example\nforum,форум*,Форум\nconference,Форум*,Форум\n", "listed twice"),
    ],
)
def test_a_table_with_an_unknown_kind_or_a_word_twice_is_refused(
    tmp_path: Path, text, message
) -> None:
    path = tmp_path / TABLE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"{TABLE}:\d: .*{message}"):
        read_table(path)


def test_a_missing_table_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the event kinds"):
        read_table(tmp_path / TABLE)


def test_whole_words_stems_and_phrases(tmp_path: Path) -> None:
    path = tmp_path / TABLE
    path.write_text(
        "kind,word,example\ntour,тур,\nsports,турнир*,\ndiscussion,кругл* стол*,\n",
        encoding="utf-8",
    )
    words = KindWords(read_table(path))
    assert words.first(" пресс-тур ") == "tour"
    assert words.first(" туристы ") is None
    assert words.first(" турнирная таблица ") == "sports"
    assert words.first(" круглых столов ") == "discussion"
    assert words.first(" столы круглые ") is None
