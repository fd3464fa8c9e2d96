"""Russian morphology (pymorphy3), loaded once; every word is analysed at most once."""

from __future__ import annotations

from functools import cache, lru_cache

import pymorphy3


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=131072)
def _parses(low: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    try:
        return tuple(analyzer().parse(low))
    except ValueError:  # pymorphy3 fails on letters without a Unicode name (e.g. Tangut)
        return ()


def parses(word: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    """All readings of a word, most likely first (pymorphy ignores letter case)."""
    return _parses(word.lower())


@lru_cache(maxsize=131072)
def lemma(word: str) -> str:
    """Dictionary form of a word, lower-cased, 'ё' as 'е'; unknown words are kept as they are."""
    low = word.lower().replace("ё", "е")
    if not any(ch.isalpha() for ch in low):
        return low
    candidates = _parses(low)
    if not candidates:
        return low
    # Adjectives that can also be read as nouns ('главное', 'русского') get their adjective
    # lemma, so every case form of a name reduces to the same key.
    chosen = next((p for p in candidates if p.tag.POS == "ADJF"), candidates[0])
    return str(chosen.normal_form).replace("ё", "е")


@lru_cache(maxsize=131072)
def is_known(word: str) -> bool:
    """Whether the word as a whole is in the dictionary (not guessed from its ending)."""
    try:
        return bool(analyzer().word_is_known(word.lower()))
    except ValueError:
        return False
