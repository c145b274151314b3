"""Page length in eighths, the way breakdown software counts it.

**Method.** Every element is laid out as a standard screenplay page would print it: Courier 12 (10 characters
an inch, 6 lines an inch), US Letter with 1 inch top and bottom margins, **55 lines a page**. Element widths in
characters: scene heading, action, shot, centred text and general text 60 (6 inches from the 1.5 inch margin),
dialogue and lyrics 35, parenthetical 25, character cue and transition one line each. One blank line goes
before each element except a parenthetical, dialogue or lyric inside a speech; none at the top of a page.
Text wraps at spaces; CJK and other full-width characters count two columns, Thai and other combining marks
count zero, so a line of Korean holds 30 syllables and Thai vowels and tone marks do not lengthen a line.
Side-by-side (dual) dialogue takes the height of the taller of the two speeches. An explicit page break
(Fountain ``===``) starts a new page.

A scene's length is its line count (its heading, its blank lines and its elements) divided by 55, in eighths
of a page, rounded to the nearest eighth and never less than 1/8. The page range is the page of the heading to
the page of the scene's last line. A PDF is measured on the file's own pages instead (see ``pdf``), and a Final
Draft file that records ``SceneProperties Length`` keeps its own figure.

**Error.** The simple flow above ignores what a printing program does at page ends (headings kept with the
next line, speeches split with ``(MORE)``/``(CONT'D)``, paragraphs not split after one line), so it counts a
little short. Measured with ``bench/screenplay.py`` on the generator's English scripts, whose PDF writer applies
those rules: 120-page feature, 118 pages by this method vs 122 printed (-3.3%); 16 x 70-page series, 1103 vs 1147
(-3.8%). Summed scene eighths: 928 (116.0 pages) by this method vs 971 (121.4 pages) measured on the PDF's pages.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .model import (
    ACTION,
    CENTERED,
    CHARACTER,
    DIALOGUE,
    GENERAL,
    HEADING,
    LYRIC,
    PAGE_BREAK,
    PARENTHETICAL,
    SECTION,
    SHOT,
    SYNOPSIS,
    TRANSITION,
    Element,
)

LINES_PER_PAGE = 55
WIDTHS: dict[str, int] = {
    HEADING: 60,
    ACTION: 60,
    SHOT: 60,
    GENERAL: 60,
    CENTERED: 60,
    DIALOGUE: 35,
    LYRIC: 35,
    PARENTHETICAL: 25,
    CHARACTER: 38,
    TRANSITION: 20,
}
_IN_SPEECH = {DIALOGUE, PARENTHETICAL, LYRIC}
_SPEECH_PARTS = {CHARACTER, DIALOGUE, PARENTHETICAL, LYRIC}
_NOT_PRINTED = {SECTION, SYNOPSIS, PAGE_BREAK}


@lru_cache(maxsize=65536)
def char_width(ch: str) -> int:
    """Columns a character takes in Courier-like layout: 2 for full-width/wide, 0 for combining marks."""
    if ch.isascii():
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def wrap(text: str, width: int) -> list[str]:
    """Wrap one line of text to ``width`` columns: at spaces, and anywhere between wide characters."""
    if text_width(text) <= width:
        return [text]
    out: list[str] = []
    line = ""
    used = 0
    for word in text.split(" "):
        w = text_width(word)
        if used and used + 1 + w <= width:
            line += " " + word
            used += 1 + w
            continue
        if used:
            out.append(line)
            line, used = "", 0
        if w <= width:
            line, used = word, w
            continue
        for ch in word:  # a word wider than the line: break it (CJK text has no spaces)
            cw = char_width(ch)
            if used + cw > width and used:
                out.append(line)
                line, used = "", 0
            line += ch
            used += cw
    if line or not out:
        out.append(line)
    return out


def _ascii_lines(text: str, width: int) -> int:
    """``len(wrap(text, width))`` for ASCII text, counted on word lengths without building the lines."""
    lines = 0
    used = 0
    for word in text.split(" "):
        w = len(word)
        if used and used + 1 + w <= width:
            used += 1 + w
            continue
        if used:
            lines += 1
            used = 0
        if w <= width:
            used = w
        elif w:
            full, used = divmod(w, width)
            lines += full
            if not used:
                lines -= 1
                used = width
    return lines + (1 if used or not lines else 0)


def count_lines(text: str, width: int) -> int:
    total = 0
    for part in text.split("\n"):
        if part.isascii():
            total += 1 if len(part) <= width else _ascii_lines(part, width)
            continue
        total += len(wrap(part, width))
    return total


def element_lines(element: Element) -> int:
    """Printed lines of an element, without the blank line before it."""
    if element.kind in _NOT_PRINTED:
        return 0
    if element.kind in (CHARACTER, TRANSITION):
        return 1
    return count_lines(element.text, WIDTHS.get(element.kind, 60))


def space_before(element: Element, previous: Element | None) -> int:
    if element.kind in _NOT_PRINTED or previous is None:
        return 0
    if element.kind in _IN_SPEECH and previous.kind in (CHARACTER, *_IN_SPEECH):
        return 0
    return 1


def layout(elements: Iterable[Element]) -> list[tuple[int, int]]:
    """Lay the elements out; return each element's (first line, line count) on a continuous line axis.

    Line numbers run through the whole script: page ``p`` (1-based) holds lines ``(p-1)*55 .. p*55-1``.
    A page break moves to the next page's first line.
    """
    result: list[tuple[int, int]] = []
    append = result.append
    cursor = 0
    previous: Element | None = None
    speech_start = -1  # first line of the speech being laid out
    last_speech = (-1, -1)  # (first line, end) of the speech before it
    floor = -1  # after side-by-side speeches, the next element goes below the taller one
    for el in elements:
        kind = el.kind
        if kind in _NOT_PRINTED:
            if kind == PAGE_BREAK:
                cursor = max(cursor, floor)
                floor, speech_start, last_speech, previous = -1, -1, (-1, -1), None
                if cursor % LINES_PER_PAGE:
                    cursor += LINES_PER_PAGE - cursor % LINES_PER_PAGE
            append((cursor, 0))
            continue
        in_speech = kind in _IN_SPEECH and previous is not None and previous.kind in _SPEECH_PARTS
        if kind == CHARACTER or not in_speech:
            if speech_start >= 0:
                last_speech = (speech_start, cursor)
                speech_start = -1
            if kind != CHARACTER or not el.dual:
                if floor > cursor:
                    cursor = floor
                floor = -1
        lines = element_lines(el)
        if kind == CHARACTER and el.dual and last_speech[0] >= 0:
            floor = max(floor, last_speech[1])
            cursor = last_speech[0]
            speech_start = cursor
            append((cursor, lines))
            cursor += lines
            previous = el
            continue
        start = cursor + (space_before(el, previous) if cursor % LINES_PER_PAGE else 0)
        if kind == CHARACTER:
            speech_start = start
        elif not in_speech:
            last_speech = (-1, -1)
        append((start, lines))
        cursor = start + lines
        previous = el
    return result


def to_eighths(lines: int) -> int:
    """Lines of a scene to eighths of a page: nearest eighth, at least 1."""
    return max(1, (lines * 16 + LINES_PER_PAGE) // (2 * LINES_PER_PAGE))


def page_of(line: int) -> int:
    return line // LINES_PER_PAGE + 1
