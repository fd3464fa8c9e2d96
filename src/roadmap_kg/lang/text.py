"""Cleaning cell text: whitespace, line-break hyphenation, quotes."""

from __future__ import annotations

import re

from .morph import is_known

# a word broken by a hyphen: a lowercase-ending part, a hyphen, a lowercase continuation
_BROKEN = re.compile(r"(?<![\w-])([^\W\d_]+)-\s*([a-zа-яё]+)(?![\w-])")


def starting_with(first: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """pattern compiled with a look-ahead for first, a character class that holds the first
    character of every match of pattern: it matches the same, but re turns most positions down
    with one test instead of trying each alternative there (re has no such shortcut of its own
    for a pattern that ignores case or starts with optional parts)."""
    return re.compile(f"(?=[{first}])(?:{pattern})", flags)


def collapse(text: str) -> str:
    """Collapse all whitespace (line breaks, NBSP, tabs) to single spaces and strip."""
    return " ".join(text.split())  # str.split() splits at what \s matches


def repair_hyphenation(text: str) -> str:
    """Join words hyphenated at a line break ('государствен-ный' → 'государственный').

    A hyphenated pair is joined only when the joined word is in the dictionary and the
    hyphenated compound as a whole is not, so real compounds ('научно-практическая',
    'онлайн-дискуссия') and names ('Семёнова-Тян-Шанского', 'Санкт-Петербург') stay.
    """

    def join(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        compound = f"{left}-{right}"
        joined = left + right
        if is_known(compound) or not is_known(joined):
            return match.group(0)
        return joined

    if "-" not in text:  # every match has one
        return text
    return _BROKEN.sub(join, text)


def clean(text: str) -> str:
    """Cell text as published: collapsed whitespace, hyphenation repaired."""
    return repair_hyphenation(collapse(text))
