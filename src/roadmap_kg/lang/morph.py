"""Russian morphology (pymorphy3), loaded once and cached per word."""

from __future__ import annotations

from functools import cache, lru_cache

import pymorphy3


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Dictionary form of a word, lower-cased, 'ё' as 'е'; unknown words are kept as they are."""
    low = word.lower().replace("ё", "е")
    if not any(ch.isalpha() for ch in low):
        return low
    candidates = analyzer().parse(low)
    # Adjectives that can also be read as nouns ('главное', 'русского') get their adjective
    # lemma, so every case form of a name reduces to the same key.
    chosen = next((p for p in candidates if p.tag.POS == "ADJF"), candidates[0])
    return chosen.normal_form.replace("ё", "е")


@lru_cache(maxsize=65536)
def is_known(word: str) -> bool:
    return analyzer().word_is_known(word.lower())


@lru_cache(maxsize=65536)
def parse(word: str) -> pymorphy3.analyzer.Parse:
    return analyzer().parse(word)[0]


@lru_cache(maxsize=65536)
def parses(word: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    return tuple(analyzer().parse(word))
