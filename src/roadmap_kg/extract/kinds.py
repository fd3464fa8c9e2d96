"""The kind of an event, read from the words of its name.

The words that name each kind are a reviewable table, data/reference/event-kinds.csv: one row
per word with an example event name a reviewer can check it on. A word ending in '*' is the
start of a word ('конференц*': конференция, конференции …), one without it a whole word ('тур',
not 'турнир'); a phrase ('кругл* стол*') is words in a row, each in any form ('круглом столе').

Quoted titles are ignored ('конгресс «Спорт, человек, здоровье»' is a conference, not sports)
but for their first word ('в работе «Форума «Арктика»»' is a forum); words after 'по
вопросам', 'в сфере' … name the topic, not the event. A kind word after 'в формате' / 'в форме'
names what the event is ('Встреча в формате круглого стола' is a discussion); otherwise the
earliest kind word of the name wins ('Международный форум …; конференция …' is a forum), and of
two at one place the longer ('семинар-практикум' is training, 'семинар' a conference;
'товарищеская встреча' sports, 'встреча' a meeting). A name with no kind word
('Взаимодействие по вопросам …', 'Обмен опытом …') is ongoing cooperation.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..errors import ConfigError
from ..model import KINDS, Kind
from ..settings import resource_dir

TABLE = "event-kinds.csv"
_LETTER = "а-яёa-z"
_QUOTED = re.compile(r"«([^«»]*(?:«[^«»]*»[^«»]*)*)»|\"([^\"]*)\"")
# what follows these words is the topic, not the event: 'Взаимодействие по вопросам обучения'
_TOPIC = re.compile(r"\b(?:по вопросам|в сфере|в области|в части|по теме|на тему|посвящ\w+)\b")
# what follows these words is the event's form: 'Встреча в формате круглого стола'
_FORM = re.compile(r"\bв форм(?:ате|е)\s")


@dataclass(frozen=True)
class KindWord:
    """A row of the table: a word (or phrase) that names a kind, and an example name."""

    kind: Kind
    word: str
    example: str


def _kind(text: str) -> Kind | None:
    """The kind a table cell names, if it names one."""
    return next((kind for kind in KINDS if kind == text), None)


def _normal(text: str) -> str:
    return text.lower().replace("ё", "е")


def _word_pattern(word: str) -> str:
    """The regular expression of a table word: 'кругл* стол*' → 'кругл[-а-яёa-z]*\\s+стол'."""
    parts = []
    for index, part in enumerate(word.split()):
        stem = re.escape(part.rstrip("*"))
        if not part.endswith("*"):
            parts.append(f"{stem}(?![{_LETTER}])")  # the whole word
        elif index < len(word.split()) - 1:  # a later word follows: take in the ending
            parts.append(f"{stem}[-{_LETTER}]*")
        else:
            parts.append(stem)
    return r"\s+".join(parts)


def read_table(path: Path) -> list[KindWord]:
    """The rows of an event-kinds table; a kind not in KINDS or a word listed twice is an
    error (its kind would depend on the row order)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the event kinds ({exc.strerror})") from None
    table: list[KindWord] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        written, word = (row.get("kind") or "").strip(), _normal(row.get("word") or "").strip()
        kind = _kind(written)
        if kind is None or not word.strip("*"):
            raise ConfigError(f"{path}:{line}: not a kind and a word: {written!r}, {word!r}")
        if word in seen:
            raise ConfigError(f"{path}:{line}: {word!r} is listed twice")
        seen.add(word)
        table.append(KindWord(kind, word, (row.get("example") or "").strip()))
    return table


class KindWords:
    """Kind words found in a name: one pattern of every word, longer ones first, so a search
    finds the earliest kind word and, of two at one place, the longer."""

    def __init__(self, table: list[KindWord]) -> None:
        by_length = sorted(table, key=lambda row: len(row.word), reverse=True)
        self.kinds = [row.kind for row in by_length]
        self.pattern = re.compile(
            f"(?<![{_LETTER}])(?:"
            + "|".join(f"({_word_pattern(row.word)})" for row in by_length)
            + ")"
        )

    def first(self, text: str, pos: int = 0) -> Kind | None:
        match = self.pattern.search(text, pos)
        return self.kinds[match.lastindex - 1] if match and match.lastindex else None


@cache
def kind_words() -> KindWords:
    """The table of the reference data folder settings give (the packaged copy when
    installed), read once."""
    return KindWords(read_table(resource_dir("reference") / TABLE))


def _first_word(match: re.Match[str]) -> str:
    """A quoted title keeps only its first word: «Форума «Арктика»» names a forum."""
    inner = (match.group(1) or match.group(2) or "").strip()
    return " " + inner.split(" ", 1)[0].strip('«»"') + " … "


@lru_cache(maxsize=65536)
def classify(name: str) -> Kind:
    """One kind of rmk: for an event name; 'cooperation' when no word names a kind."""
    words = kind_words()
    text = _QUOTED.sub(_first_word, _normal(name))
    text = " " + _TOPIC.split(text, maxsplit=1)[0] + " "
    form = _FORM.search(text)
    return (form and words.first(text, form.end())) or words.first(text) or "cooperation"
