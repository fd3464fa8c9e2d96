"""The kind of an event, read from the words of its name.

Each kind has word stems that name it, as the ontology's definitions of the kinds describe
them. Quoted titles are ignored ('конгресс «Спорт, человек, здоровье»' is a conference, not
sports) but for their first word ('в работе «Форума «Арктика»»' is a forum); words after
'по вопросам', 'в сфере' … name the topic, not the event. The earliest kind word of the name
wins ('Международный форум …; конференция …' is a forum), and of two words at one place the
longer ('семинар-практикум' is training, 'семинар' a conference). A name with no kind word
('Взаимодействие по вопросам …', 'Обмен опытом …') is ongoing cooperation.
"""

from __future__ import annotations

import re
from functools import lru_cache

# kind → stems of words that name it (matched at a word start, lower case), as the ontology's
# definitions of the kinds describe them
_KIND_WORDS: dict[str, list[str]] = {
    kind: stems.split("|")
    for kind, stems in {
        "conference": "конференц|конгресс|симпозиум|чтени|съезд|коллоквиум|семинар|онлайн-семинар",
        "forum": "форум",
        "exhibition": "выставк|выставоч|фотовыставк|экспозиц|вернисаж|биеннале|ярмарк",
        "competition": "конкурс|олимпиад|премия|фестиваль-конкурс|смотр-конкурс",
        "sports": "соревнован|турнир|первенств|чемпионат|полумарафон|марафон|забег|спартакиад"
        "|кубок|регат|эстафет",
        "training": "повышение квалификац|повышения квалификац|обучени|обучающ|курсы|стажировк"
        "|семинар-практикум|вебинар|мастер-класс|тренинг|школа|практикум|лекци",
        "meeting": "встреч|совещани|заседани|переговор|консультац|визит",
        "discussion": "дискусси|онлайн-дискусси|круглый стол|круглого стола|дебат|панельн",
        "tour": "тур |тур»|инфотур|пресс-тур|рекламный тур|экскурси|путешестви",
        "business-mission": "бизнес-мисси|деловая мисси|деловой мисси",
    }.items()
}
_QUOTED = re.compile(r"«([^«»]*(?:«[^«»]*»[^«»]*)*)»|\"([^\"]*)\"")
# what follows these words is the topic, not the event: 'Взаимодействие по вопросам обучения'
_TOPIC = re.compile(r"\b(?:по вопросам|в сфере|в области|в части|по теме|на тему|посвящ\w+)\b")


def _first_word(match: re.Match[str]) -> str:
    """A quoted title keeps only its first word: «Форума «Арктика»» names a forum."""
    inner = (match.group(1) or match.group(2) or "").strip()
    return " " + inner.split(" ", 1)[0].strip('«»"') + " … "


# every stem in one pattern, longer stems first: a search finds the earliest kind word and,
# of two at one place, the longer (of equal stems, the kind listed first)
_STEM_KIND: dict[str, str] = {}
for _kind, _stems in _KIND_WORDS.items():
    for _stem in _stems:
        _STEM_KIND.setdefault(_stem, _kind)
_ANY_KIND_WORD = re.compile(
    r"(?<![а-яa-z])(?:"
    + "|".join(re.escape(s) for s in sorted(_STEM_KIND, key=len, reverse=True))
    + ")"
)


@lru_cache(maxsize=65536)
def classify(name: str) -> str:
    """One kind of rmk: for an event name; 'cooperation' when no word names a kind."""
    text = _QUOTED.sub(_first_word, name.lower().replace("ё", "е"))
    text = " " + _TOPIC.split(text, maxsplit=1)[0] + " "
    match = _ANY_KIND_WORD.search(text)
    return _STEM_KIND[match.group(0)] if match else "cooperation"
