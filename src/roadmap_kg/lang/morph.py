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


# lemma's results: those of this build, and those a build cache gave it (remember_lemmas).
# A lemma is a function of the word and of pymorphy's dictionaries alone, so the build cache
# keeps them for the next build of the same code (buildcache.LEMMAS): a rebuild's settling of
# 600 organisation names parsed 1,100 words again (0.06 s of CPU at 60 reports).
_found: dict[str, str] = {}
_given: dict[str, str] = {}
_MAX_LEMMAS = 131072  # words, in each table: memory stays bounded on any corpus


def lemma(word: str) -> str:
    """Dictionary form of a word, lower-cased, 'ё' as 'е'; unknown words are kept as they are."""
    found = _found.get(word)
    if found is None:
        if len(_found) >= _MAX_LEMMAS:
            _found.clear()
        found = _given.get(word)
        _found[word] = found = found if found is not None else _lemma(word)
    return found


def remember_lemmas(given: dict[str, str]) -> None:
    """Start a build: lemma gives the lemmas of given (a build cache's, made by this code
    with these dictionaries) without parsing their words, and notes the words it is asked."""
    _given.clear()
    _given.update(given if len(given) <= _MAX_LEMMAS else {})
    _found.clear()


def found_lemmas() -> dict[str, str]:
    """The lemmas found in this build so far (given or parsed)."""
    return dict(_found)


def take_lemmas(found: dict[str, str]) -> None:
    """Lemmas another process of this build found (the forked half of an extraction), kept
    as if found here."""
    if len(_found) + len(found) > _MAX_LEMMAS:
        return
    _found.update(found)


def lemmas() -> dict[str, str]:
    """The lemmas given by remember_lemmas and those found since, for the next build (only
    those found, if both together are too many)."""
    both = _given | _found
    return both if len(both) <= _MAX_LEMMAS else dict(_found)


def _lemma(word: str) -> str:
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
