"""IRI minting: readable, stable under edits of other rows, distinct on collisions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from roadmap_kg import ids
from roadmap_kg.model import Count, Counts, DateSpan, Event, Report, Roadmap, SourceRef

ROADMAP = Roadmap(("RU-SMO", "RU-SPE"), 2021, 2023)


def event(name: str, start: date, line: int, description: str = "") -> Event:
    return Event(
        plan_items=("4.2",),
        name=name,
        date=DateSpan(start, start, "day", start.isoformat()),
        attendance="offline",
        locations=("ru-spe",),
        hosts=(),
        organizers=(),
        participants=(),
        sponsors=(),
        counts=Counts(participants=Count(10)),
        kind="conference",
        description=description,
        responsible_bodies=("body",),
        source=SourceRef("r.txt", line, line + 5),
    )


def report(*events: Event) -> Report:
    return Report("t", ROADMAP, 2021, "RU-SMO", "r.txt", tuple(events), (), ())


def test_slug_transliterates_and_cuts_long_names_with_a_hash() -> None:
    assert ids.slug("Смоленская область") == "smolenskaya-oblast"
    assert ids.slug("Турцентр «На 7 холмах»") == "turtsentr-na-7-kholmakh"
    assert ids.slug("Щёлково, Подъезд №9") == "shchelkovo-podezd-9"
    long_a = ids.slug("Международная научная конференция " + "очень " * 20 + "А", ids.MAX_SLUG)
    long_b = ids.slug("Международная научная конференция " + "очень " * 20 + "Б", ids.MAX_SLUG)
    assert len(long_a) <= ids.MAX_SLUG
    assert len(long_b) <= ids.MAX_SLUG
    assert long_a != long_b


def test_keys_name_the_roadmap_report_and_event() -> None:
    e = event("Конференция «Наука»", date(2021, 4, 8), 10)
    keys = ids.event_keys(report(e))
    assert ids.roadmap_key(ROADMAP) == "ru-smo_ru-spe_2021-2023"
    assert ids.report_key(report(e)) == "ru-smo_ru-spe_2021-2023/2021/ru-smo"
    assert keys[e] == "ru-smo_ru-spe_2021-2023/2021/ru-smo/2021-04-08-konferentsiya-nauka"


def test_event_keys_do_not_depend_on_row_position_or_other_rows() -> None:
    a = event("Форум А", date(2021, 3, 1), 10)
    b = event("Выставка Б", date(2021, 5, 1), 20)
    c = event("Турнир В", date(2021, 6, 1), 30)
    before = ids.event_keys(report(a, b, c))
    moved = [replace(x, source=replace(x.source, first=x.source.first + 100)) for x in (c, a)]
    inserted = event("Новая встреча", date(2021, 4, 1), 15)
    after = ids.event_keys(report(moved[0], inserted, moved[1]))
    assert after[moved[1]] == before[a]
    assert after[moved[0]] == before[c]


def test_colliding_events_get_distinct_keys_whatever_their_order() -> None:
    one = event("Рабочая встреча", date(2021, 3, 1), 10, description="первая")
    two = event("Рабочая встреча", date(2021, 3, 1), 20, description="вторая")
    forward = ids.event_keys(report(one, two))
    backward = ids.event_keys(report(two, one))
    assert forward[one] != forward[two]
    assert forward == backward
    same = event("Рабочая встреча", date(2021, 3, 1), 30, description="первая")
    keys = ids.event_keys(report(one, same))
    assert keys[one] != keys[same]
