"""The text of a PDF table cell: glyphs → lines → paragraphs → text.

A PDF holds glyphs at positions, not words or paragraphs. A line is the glyphs on one
baseline; a paragraph ends where the next line's first word would have fit on the line
before it (a line wraps because its next word does not fit). Inside a paragraph, line breaks
are undone in two steps:

1. words a column too narrow for them broke without a hyphen (`Межрег` + `иональная`): only a
   line of one word that reaches the cell's edge can end inside a word, and where the pieces
   could be joined or not, a reading of dictionary words only wins (`занятости` + `населени`
   + `я` → `занятости населения`), then the one of fewer words;
2. the rest: a space the PDF drew or a soft hyphen a tagged PDF marks say what they are; a
   hyphen after a letter is the word processor's (dropped) when the joined word is in the
   dictionary and the compound is not, or when a part is no word (`государствен-ный`,
   `135-ле-тию`, `полумара-фона`) or it splits an abbreviation (`СОГБ-ПОУ`), and typed
   otherwise (`Санкт-Петербург`, `научно-практическая`, `туристско-информационных`); a
   comma or a closing bracket that wrapped alone joins the word before it; a dash ending a
   line where a space would have fit but none is drawn is followed by none (`II–IV`).

Paragraphs are kept apart by "\\n", as the .docx reader keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import product
from typing import Any

from ..lang.morph import is_known
from .grid import cell_text as grid_cell_text

SOFT_HYPHEN = "\u00ad"
NBSP = "\u00a0"
Char = dict[str, Any]  # a pdfplumber character: text, x0, x1, top, bottom, size, …

# the letters that end a line and start the next one: the two halves of a broken word
_TAIL = re.compile(r"[^\W\d_]+$")
_HEAD = re.compile(r"^[^\W\d_]+")
_HYPHENATED_HEAD = re.compile(r"^([^\W\d_]+)(?:-([^\W\d_]+))?")
_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")  # the letters before a hyphen ending a line
# the vowels joining the parts of a compound ('туристско-', 'историко-', 'северо-')
_LINKING_VOWELS = ("о", "е")
# what never starts a line after a space: it wrapped alone from the word before it
_CLOSING = tuple(",.;:!?»)]”%")
_DASHES = ("–", "—", "/")  # a line may break after these with a space or without
_HYPHEN_GOES_ON = re.compile(r"-[^\W\d_]")  # a line starting with a hyphen and a letter
MAX_PIECES = 9  # a word broken over more lines is judged nine pieces at a time


@dataclass(frozen=True)
class PdfRow:
    """A table row as a PDF reader read it, before it becomes a Row."""

    cells: tuple[str, ...]  # distinct cells left to right: one for a section row
    pages: tuple[int, int]  # the first and the last page it is on


@dataclass(frozen=True)
class Line:
    """One line of a cell as the PDF draws it."""

    text: str  # its glyphs, spaces between words, no space at either end
    spaced: bool  # the PDF drew a space after its last glyph: the line broke between words
    x1: float  # the right edge of its last visible glyph
    head_width: float  # the width of its first word (up to the first space)
    lead_width: float  # the width of its first glyph
    size: float  # font size of its first glyph
    page: int
    right: float | None = None  # how far right text may reach in its cell, when measured
    # how far right the lines of its paragraph reach, when the cell is not measured (tagged):
    # text may reach at least that far
    reach: float | None = None

    def may_break_before(self, after: Line) -> bool:
        """Whether this line may end inside a word that after goes on with: it holds one word
        (a word that fits is moved whole to the next line) and, when measured, not even the
        first glyph of the next line would have fit after it."""
        if " " in self.text or self.spaced:
            return False
        return self.right is None or self.right - self.x1 < after.lead_width + 0.1 * self.size


def lines_of(chars: Iterable[Char], page: int, right: float | None = None) -> list[Line]:
    """Glyphs in reading order grouped into lines: a glyph whose baseline leaves the current
    line's by over half its size (or goes back left of the line's start) starts a new one."""
    lines: list[list[Char]] = []
    for char in chars:
        if lines:
            last = lines[-1][-1]
            same = abs(char["bottom"] - last["bottom"]) < 0.5 * max(char["size"], 1.0)
            if same and char["x0"] >= last["x0"] - 0.5 * last["size"]:
                lines[-1].append(char)
                continue
        lines.append([char])
    return [line for chars_ in lines if (line := _line(chars_, page, right)) is not None]


def _line(chars: list[Char], page: int, right: float | None) -> Line | None:
    """A line from its glyphs: words split at the spaces drawn (a no-break space stays inside
    its word, as it keeps the line from breaking there) or, in a PDF that draws no spaces,
    at gaps wider than a fifth of an em."""
    words: list[list[Char]] = [[]]
    last: Char | None = None
    for char in chars:
        if last is not None and _duplicate(last, char):
            continue  # bold drawn twice a hair apart
        if char["text"].isspace() and char["text"] != NBSP:
            words.append([])
        elif last is not None and char["x0"] - last["x1"] > 0.2 * char["size"] and words[-1]:
            words.append([char])
        else:
            words[-1].append(char)
        last = char
    words = [word for word in words if word]
    if not words:
        return None
    first, final = words[0], words[-1]
    return Line(
        text=" ".join("".join(c["text"] for c in word) for word in words),
        spaced=chars[-1]["text"].isspace(),
        x1=final[-1]["x1"],
        head_width=first[-1]["x1"] - first[0]["x0"],
        lead_width=first[0]["x1"] - first[0]["x0"],
        size=float(first[0]["size"]),
        page=page,
        right=right,
    )


def _duplicate(a: Char, b: Char) -> bool:
    return bool(a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 0.1 * max(a["size"], 1.0))


def paragraphs(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines split where a paragraph ends: where the next line's first word would have fit on
    the line before it (a wrapped line ends because its next word did not fit)."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not _ends_paragraph(groups[-1][-1], line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _ends_paragraph(line: Line, after: Line) -> bool:
    if line.right is None:
        return False
    if line.text.endswith(SOFT_HYPHEN) or _HYPHEN_END.search(line.text):
        return False  # a hyphen after a letter at the end: the word goes on
    room = line.right - line.x1 - 0.25 * line.size  # a space is a quarter of an em
    return after.head_width <= room


def cell_text(
    groups: Sequence[Sequence[Line]], hyphens_marked: bool = False, spaces_drawn: bool = False
) -> str:
    """Paragraphs joined by line breaks, the lines of each joined into running text; what
    every reader removes (converter artefacts, soft hyphens) removed."""
    texts = (paragraph_text(group, hyphens_marked, spaces_drawn) for group in groups if group)
    return grid_cell_text(texts)


def draws_spaces(lines: Iterable[Line]) -> bool:
    """Whether a PDF draws the space a line ends with (LibreOffice does, where it fits)."""
    return any(line.spaced for line in lines)


def paragraph_text(
    lines: Sequence[Line], hyphens_marked: bool = False, spaces_drawn: bool = False
) -> str:
    """The lines of one paragraph as running text. hyphens_marked: the PDF marks the hyphens
    the word processor added (soft hyphens in a tagged PDF), so a plain one was typed.
    spaces_drawn: the PDF draws the spaces lines end with, so one missing where it would have
    fit was not there."""
    mended = mend_broken_words(lines)
    text = mended[0].text if mended else ""
    for index in range(1, len(mended)):
        after = mended[index + 1].text if index + 1 < len(mended) else ""
        text = _join(text, mended[index - 1], mended[index], after, hyphens_marked, spaces_drawn)
    return text.replace(SOFT_HYPHEN, "")


def _join(
    text: str, before: Line, line: Line, after: str, hyphens_marked: bool, spaces_drawn: bool
) -> str:
    """text (ending with before's text) continued by line (and after it the text after)."""
    if before.spaced:
        return f"{text} {line.text}"
    if text.endswith(SOFT_HYPHEN):  # a tagged PDF's automatic hyphen
        return text[:-1] + line.text
    if line.text.startswith(_CLOSING) or _HYPHEN_GOES_ON.match(line.text):
        return text + line.text  # '«Саврасова' + ', Ивана'; 'туристско' + '-информац…'
    if line.text == "-" and _TAIL.search(text) and _HEAD.match(after):
        return text + line.text  # 'туристско' + '-' + 'информационных'
    if _HYPHEN_END.search(text):  # a hyphen after a letter: inside a word or a compound
        return text + line.text if hyphens_marked else _after_hyphen(text, line.text, after)
    if text.endswith("-") and not text.endswith(" -"):  # '150-' + 'летию'
        return text + line.text
    if spaces_drawn and text.endswith(_DASHES) and _room(before) > 0.3 * before.size:
        # a space would have fit after the dash, and this PDF draws the spaces lines end
        # with: the text had none ('II–' + 'IV'); with no room, a space may hang unseen
        return text + line.text
    return f"{text} {line.text}"


def _room(line: Line) -> float:
    """The room left after a line's last glyph in its cell, at least (0 when unknown)."""
    edge = line.right if line.right is not None else line.reach
    return edge - line.x1 if edge is not None else 0.0


def _after_hyphen(text: str, following: str, after: str = "") -> str:
    """A line ending in a hyphen that may be the word processor's: kept when the hyphenated
    compound is a dictionary word ('северо-западного'), dropped when the joined word is one
    ('государствен-ный', 'исто-рико-архитектурный'), when the part after it is no word
    ('135-ле-тию') or when the part before it is no word and cannot begin a compound
    ('полумара-фона'; but 'туристско-информационных'), or when it splits an abbreviation
    ('СОГБ-ПОУ', 'КузГ-ТУ'); kept before a capital ('Санкт-Петербург'). A part after it
    broken again at its line's end is judged whole ('научно-' + 'педагогиче-' + 'ских')."""
    found = _HYPHEN_END.search(text)
    head = _HYPHENATED_HEAD.match(following)
    if not found or not head:
        return text + following
    left, right, then = found.group(1), head.group(1), head.group(2)
    rest = _HEAD.match(after)
    if following == right + "-" and rest and not is_known(right):
        right += rest.group(0)  # 'педагогиче-' + 'ских': the part is 'педагогических'
    if is_known(f"{left}-{right}"):
        return text + following
    if _capitals(left) > 1 and _capitals(right) > 1:
        return text[:-1] + following  # abbreviations are written whole
    if not following[0].islower():
        return text + following
    fragment = not is_known(left) and not left.lower().endswith(_LINKING_VOWELS)
    joined = is_known(left + right) or bool(then and is_known(f"{left}{right}-{then}"))
    if joined or not is_known(right) or fragment:
        return text[:-1] + following
    return text + following


def _capitals(word: str) -> int:
    return sum(1 for letter in word if letter.isupper())


def mend_broken_words(lines: Sequence[Line]) -> list[Line]:
    """Lines with the words a narrow column broke without a hyphen joined back (see the
    module's docstring); a run of lines that may each end inside a word is judged whole."""
    mended: list[Line] = []
    start = 0
    while start < len(lines):
        end = start
        while (
            end + 1 < len(lines)
            and end - start < MAX_PIECES - 1
            and _may_continue(lines, start, end)
        ):
            end += 1
        mended += _best_reading(lines, start, end) if end > start else [lines[start]]
        start = end + 1
    return mended


def _may_continue(lines: Sequence[Line], start: int, end: int) -> bool:
    """Whether the word ending lines[end] may go on in lines[end + 1]; a line inside a run
    must be one piece of a word (letters only)."""
    line, after = lines[end], lines[end + 1]
    if end > start and not _HEAD.fullmatch(line.text):
        return False
    return line.may_break_before(after) and _continues_word(line.text, after.text)


def _continues_word(text: str, following: str) -> bool:
    """Letters of one script on both sides of the break, in one case: a word goes on in lower
    case ('С' + 'отрудники' too), an abbreviation in capitals ('СОГ' + 'БУ')."""
    tail = _TAIL.search(text)
    head = _HEAD.match(following)
    if not tail or not head or _cyrillic(tail.group(0)[-1]) != _cyrillic(following[0]):
        return False
    if tail.group(0)[-1].islower() or len(tail.group(0)) == 1:  # a word, or its capital
        return following[0].islower() or tail.group(0).isupper() and following[0].isupper()
    return tail.group(0).isupper() and following[0].isupper()


def _cyrillic(letter: str) -> bool:
    return "\u0400" <= letter <= "\u04ff"


def _best_reading(lines: Sequence[Line], start: int, end: int) -> list[Line]:
    """The lines start..end of a run joined as the best reading joins them: one of dictionary
    words only if there is one, then the fewest words, then the most letters in dictionary
    words (a word no dictionary holds, 'полумара' + 'фона', is taken whole rather than as a
    word and a fragment). The words at either end are judged whole where a hyphen breaks
    them further ('пе-' + 'тербургских', 'промышлен-' + 'ных')."""
    run = lines[start : end + 1]
    tail = _TAIL.search(run[0].text)
    head = _HYPHENATED_HEAD.match(run[-1].text)
    assert tail is not None  # _continues_word saw letters on both sides
    assert head is not None
    pieces = [tail.group(0), *(line.text for line in run[1:-1]), head.group(1)]
    before = _HYPHEN_END.search(lines[start - 1].text) if start > 0 else None
    first = before.group(1) if before and tail.group(0) == run[0].text else ""
    best = max(
        product((False, True), repeat=len(pieces) - 1),
        key=lambda joins: _score(pieces, joins, first, _endings(lines, end, head)),
    )
    mended = [run[0]]
    for joined, line in zip(best, run[1:], strict=True):
        if joined:
            mended[-1] = replace(line, text=mended[-1].text + line.text)
        else:
            mended.append(line)
    return mended


def _endings(lines: Sequence[Line], end: int, head: re.Match[str]) -> tuple[str, ...]:
    """What the last piece of a run may stand for: itself, with the part after a hyphen typed
    inside it ('чес-кой'), or with the next line's start after a hyphen ending its line."""
    endings = [head.group(1)]
    if head.group(2):
        endings.append(head.group(1) + head.group(2))
        if head.group(1).lower().endswith(_LINKING_VOWELS):  # 'дворцово-пар…': a compound's
            endings.append("")  # first part, known whatever it is
    elif head.group(0) + "-" == lines[end].text and end + 1 < len(lines):
        following = _HEAD.match(lines[end + 1].text)
        if following:
            endings.append(head.group(1) + following.group(0))
    return tuple(endings)


def _score(
    pieces: Sequence[str], joins: Sequence[bool], first: str, endings: tuple[str, ...]
) -> tuple[bool, int, int]:
    words = [pieces[0]]
    for joined, piece in zip(joins, pieces[1:], strict=True):
        if joined:
            words[-1] += piece
        else:
            words.append(piece)
    known = [is_known(word) for word in words]
    known[0] = known[0] or bool(first) and _known_ending(first + words[0], words, endings)
    stem = words[-1][: -len(endings[0])]
    known[-1] = known[-1] or any(_known_with(stem, ending) for ending in endings[1:])
    return all(known), -len(words), sum(len(w) for w, k in zip(words, known, strict=True) if k)


def _known_ending(word: str, words: Sequence[str], endings: tuple[str, ...]) -> bool:
    """Whether word, the first word with what a hyphen broke off before it, is known (with
    the last piece's other endings when it is the last word too)."""
    if is_known(word):
        return True
    if len(words) > 1:
        return False
    stem = word[: -len(endings[0])]
    return any(_known_with(stem, ending) for ending in endings[1:])


def _known_with(stem: str, ending: str) -> bool:
    """stem + ending is a word; an empty ending stands for a compound's first part, which
    counts as a word when it is one piece (no stem before it)."""
    return not stem if not ending else is_known(stem + ending)
