"""Reports of the roadmap family, generated for benchmarks: text exports with the variety real
reports have (region pairs, years, sections, date and venue phrasings, organisations in legal
forms and case forms, counts, multi-line cells, blank lines inside rows).

    python bench/generate.py 100 OUT_DIR     # 100 reports of 50 events: 5,000 events

Deterministic: the same scale gives the same files.
"""

from __future__ import annotations

import random
import sys
from functools import cache
from pathlib import Path

import pymorphy3

EVENTS_PER_REPORT = 50
PARTNERS = (
    ("Смоленская область", "Смоленск"),
    ("Псковская область", "Псков"),
    ("Новгородская область", "Великий Новгород"),
    ("Вологодская область", "Вологда"),
    ("Мурманская область", "Мурманск"),
    ("Ленинградская область", "Гатчина"),
    ("Калужская область", "Калуга"),
    ("Тверская область", "Тверь"),
    ("Ярославская область", "Ярославль"),
    ("Архангельская область", "Архангельск"),
    ("Калининградская область", "Калининград"),
    ("Республика Карелия", "Петрозаводск"),
    ("Республика Коми", "Сыктывкар"),
    ("Костромская область", "Кострома"),
    ("Брянская область", "Брянск"),
)
AREAS = (
    "культуры",
    "образования и науки",
    "экономического развития",
    "по туризму",
    "спорта",
    "цифрового развития",
    "здравоохранения",
    "социальной защиты населения",
    "по делам молодежи",
    "промышленности и торговли",
)
KINDS = (
    "Международная научно-практическая конференция",
    "Всероссийская конференция",
    "Межрегиональный форум",
    "Выставка",
    "Фотовыставка",
    "Открытый турнир по самбо",
    "Первенство по плаванию",
    "Семинар-практикум",
    "Повышение квалификации по программе",
    "Рабочая встреча представителей",
    "Круглый стол",
    "Рекламный тур для туроператоров",
    "Бизнес-миссия предприятий",
    "Конкурс проектов",
    "Обмен опытом в сфере",
)
TOPICS = (
    "Цифровая трансформация региона",
    "Наследие и современность",
    "Молодежь и наука",
    "Экология большого города",
    "Историческая память",
    "Туризм без границ",
    "Инновации в образовании",
    "Культурные столицы",
    "Промышленная кооперация",
    "Здоровье и спорт",
    "Северо-Запад: история и люди",
    "Библиотека будущего",
)
SPB_BODIES = (
    "ФГБОУ ВО «Санкт-Петербургский государственный университет»",
    "Санкт-Петербургский государственный университет промышленных технологий и дизайна",
    "РГПУ им. А.И. Герцена",
    "Государственный Русский музей",
    "Комитет по инвестициям Санкт-Петербурга",
    "Комитет по культуре Санкт-Петербурга",
    "Президентская библиотека им. Б. Ельцина",
    "ФГАОУ ВО «Санкт-Петербургский политехнический университет Петра Великого»",
    "СПб ГБУК «Государственный музей истории Санкт-Петербурга»",
    "АО «Балтийский завод»",
)
MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
NOMINATIVE_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def inflect(phrase: str, case: str) -> str:
    """A region or body name in another case ('Смоленская область' → 'Смоленской областью')."""
    words = phrase.split()
    out = []
    for word in words:
        parse = _morph().parse(word)[0]
        form = parse.inflect({case}) if parse.tag.POS in ("NOUN", "ADJF") else None
        text = form.word if form else word
        out.append(text[:1].upper() + text[1:] if word[:1].isupper() else text)
    return " ".join(out)


def _date(rng: random.Random, year: int) -> str:
    month = rng.randrange(12)
    day = rng.randint(1, 27)
    match rng.randrange(6):
        case 0:
            return f"{day} {MONTHS[month]} {year} года"
        case 1:
            return f"{day}-{day + rng.randint(1, 2)} {MONTHS[month]} {year} года"
        case 2:
            return f"{NOMINATIVE_MONTHS[month]}\n{year} года"
        case 3:
            return f"в течение {'I II III IV'.split()[month // 3]} квартала {year} года"
        case 4:
            return f"{day:02d}.{month + 1:02d}.{year}"
        case _:
            return "в течение всего периода"


def _partner_body(rng: random.Random, region: str, city: str) -> str:
    match rng.randrange(4):
        case 0:
            stem = city[:-1] if city.endswith("ь") else city
            return f"ФГБОУ ВО «{stem}ский государственный университет»"
        case 1:
            return f"ГБУК «{inflect(region, 'gent').split()[0]} областная научная библиотека»"
        case 2:
            return f"Департамент {rng.choice(AREAS)} {inflect(region, 'gent')}"
        case _:
            return f"ООО «{rng.choice(TOPICS).split()[0]} {rng.randint(1, 99)}»"


def report(index: int, rng: random.Random) -> str:
    region, city = PARTNERS[index % len(PARTNERS)]
    year = 2021 + index // len(PARTNERS)  # one report per partner and year
    start = year - (year - 2021) % 3
    lines = [
        f"Отчет об исполнении в {year} году",
        "Плана мероприятий «Дорожной карты» по развитию сотрудничества между ",
        f"Санкт-Петербургом и {inflect(region, 'ablt')} на {start}-{start + 2} годы",
        "",
        "\t№ п/п Плана ",
        "\tНаименование мероприятия",
        "\tСроки проведения ",
        "\tМесто проведения ",
        "\tУчастники ",
        "\tСодержание и результат ",
        "",
    ]
    region_gent = inflect(region, "gent")
    for event in range(EVENTS_PER_REPORT):
        if event % 10 == 0:
            lines += [
                f"\tДепартамент {AREAS[(event // 10 + index) % len(AREAS)]} {region_gent}",
                "",
            ]
        kind = rng.choice(KINDS)
        name = f"{kind} «{rng.choice(TOPICS)}» {rng.randint(1, 999)}"
        if rng.random() < 0.3:
            half = len(name) // 2
            name = name[:half] + "\n" + name[half:]
        away = rng.random() < 0.6
        host = rng.choice(SPB_BODIES) if away else _partner_body(rng, region, city)
        venue = (
            "онлайн"
            if rng.random() < 0.15
            else f"{host},\nг. {'Санкт-Петербург' if away else city}"
        )
        count = rng.randint(12, 2400)
        participants = rng.choice(
            (
                f"Представители {_partner_body(rng, region, city)}",
                f"Всего {count} участников из {rng.randint(2, 40)} регионов, "
                f"в том числе от {region_gent} – {rng.randint(1, 30)} человек",
                f"Более {count} участников. От {region_gent} – {_partner_body(rng, region, city)}",
                f"Организатор: {rng.choice(SPB_BODIES)}, мероприятие посетило {count} человек",
            )
        )
        lines += [
            f"\t{rng.randint(1, 12)}.{rng.randint(1, 6)}",
            f"\t{name}",
            f"\t{_date(rng, year)}",
            f"\t{venue}",
        ]
        if rng.random() < 0.2:
            lines.append("")  # a blank line inside the row, as exports have
        lines += [
            f"\t{participants}",
            f"\t{rng.choice(TOPICS)}: обмен опытом, {rng.randint(2, 40)} докладов",
            "",
        ]
    return "\n".join(lines) + "\n"


def generate(scale: int, folder: Path, seed: int = 20211231) -> list[Path]:
    """`scale` reports of 50 events each into folder; their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(scale):
        path = folder / f"report-{index:05d}.txt"
        path.write_text(report(index, rng), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
