"""Fountain reader (the public syntax, https://fountain.io/syntax).

Handled: title page ``Key: value`` blocks (indented continuation lines), scene headings (``INT``, ``EXT``,
``EST``, ``INT./EXT``, ``INT/EXT``, ``I/E``, the region's conventions in ``headings``, and forced ``.``), scene
numbers ``#12A#``, characters (upper-case lines before dialogue, extensions ``(V.O.)``, ``(O.S.)``,
``(CONT'D)``, forced ``@``, dual dialogue ``^``), parentheticals, dialogue, transitions (``... TO:`` and forced
``>``), centred text ``> <``, lyrics ``~``, forced action ``!``, notes ``[[ ]]`` and boneyard ``/* */`` (both
removed, also across lines), sections ``#`` and synopses ``=``, page breaks ``===``. Emphasis markers
(``*``, ``_``) stay in the text.
"""

from __future__ import annotations

import re

from .headings import looks_like_heading
from .model import (
    ACTION,
    CENTERED,
    CHARACTER,
    DIALOGUE,
    HEADING,
    LYRIC,
    PAGE_BREAK,
    PARENTHETICAL,
    SECTION,
    SYNOPSIS,
    TRANSITION,
    Element,
    TitlePage,
)

_BONEYARD = re.compile(r"/\*.*?\*/", re.DOTALL)
_NOTE = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_TITLE_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9 _-]{0,40}):(.*)$")
_PAGE_BREAK = re.compile(r"^={3,}\s*$")
_TRANSITION = re.compile(r"^[^a-z]*TO:$")
_KOREAN_NUMBERED_HASH = re.compile(r"^#\s*\d{1,4}[A-Za-z]{0,2}\.")
_EXTENSION = re.compile(r"\s*[(（][^()（）]*[)）]")


def _is_character(line: str) -> bool:
    """An upper-case cue: letters present and none lower-case once extensions are removed."""
    name = _EXTENSION.sub("", line).rstrip("^ ").strip()
    if not name or len(name) > 50:
        return False
    has_alpha = False
    for ch in name:
        if ch.isalpha():
            if not ch.isupper():
                return False
            has_alpha = True
    return has_alpha


def _strip_markup(text: str) -> str:
    text = _BONEYARD.sub("", text)
    # a note on a line of its own disappears with its line; inline notes just vanish
    return _NOTE.sub("\x00", text)


def parse(text: str) -> tuple[TitlePage, list[Element]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _strip_markup(text)
    lines = text.split("\n")
    # remove lines that held only notes; keep the others without their notes
    cleaned: list[str] = []
    for line in lines:
        if "\x00" in line:
            line = line.replace("\x00", "")
            if not line.strip():
                continue
        cleaned.append(line)
    lines = cleaned
    title_fields: list[tuple[str, str]] = []
    i = 0
    n = len(lines)
    while i < n and not lines[i].strip():
        i += 1
    if i < n and _TITLE_KEY.match(lines[i]) and not looks_like_heading(lines[i].strip()):
        key: str | None = None
        values: dict[str, list[str]] = {}
        order: list[str] = []
        while i < n and lines[i].strip():
            line = lines[i]
            m = _TITLE_KEY.match(line)
            if m and not line[:1].isspace():
                key = m.group(1).strip().lower()
                if key not in values:
                    values[key] = []
                    order.append(key)
                if m.group(2).strip():
                    values[key].append(m.group(2).strip())
            elif key is not None:
                values[key].append(line.strip())
            i += 1
        title_fields = [(k, "\n".join(values[k])) for k in order]
    elements: list[Element] = []
    append = elements.append
    prev_blank = True
    while i < n:
        raw = lines[i]
        line = raw.strip()
        if not line:
            # two spaces keep a blank line inside dialogue
            prev_blank = raw != "  " or not elements or elements[-1].kind not in (DIALOGUE, PARENTHETICAL)
            i += 1
            continue
        nxt_blank = i + 1 >= n or not lines[i + 1].strip()
        first = line[0]
        if _PAGE_BREAK.match(line):
            append(Element(PAGE_BREAK, ""))
        elif first == "!":
            append(Element(ACTION, line[1:]))
        elif first == "#" and not _KOREAN_NUMBERED_HASH.match(line):
            append(Element(SECTION, line.lstrip("#").strip()))
        elif first == "=":
            append(Element(SYNOPSIS, line.lstrip("=").strip()))
        elif first == "~":
            append(Element(LYRIC, line[1:].strip()))
        elif first == ">" and line.endswith("<"):
            append(Element(CENTERED, line[1:-1].strip()))
        elif first == ">":
            append(Element(TRANSITION, line[1:].strip()))
        elif (first == "." and len(line) > 1 and line[1] != "." and prev_blank) or (
            prev_blank and looks_like_heading(line)
        ):
            append(Element(HEADING, line))
        elif prev_blank and nxt_blank and _TRANSITION.match(line):
            append(Element(TRANSITION, line))
        elif prev_blank and not nxt_blank and (first == "@" or _is_character(line)):
            cue = line[1:].strip() if first == "@" else line
            dual = cue.endswith("^")
            append(Element(CHARACTER, cue.rstrip("^ ").strip(), dual=dual))
            i += 1
            while i < n and lines[i].strip():
                d = lines[i].strip()
                if d[0] == "(" and d.endswith(")"):
                    append(Element(PARENTHETICAL, d, dual=dual))
                elif d[0] == "~":
                    append(Element(LYRIC, d[1:].strip(), dual=dual))
                elif elements[-1].kind == DIALOGUE:
                    last = elements.pop()
                    append(Element(DIALOGUE, last.text + "\n" + d, dual=dual))
                else:
                    append(Element(DIALOGUE, d, dual=dual))
                i += 1
            prev_blank = True
            continue
        elif not prev_blank and elements and first != "~" and elements[-1].kind in (ACTION, LYRIC):
            last = elements.pop()
            append(Element(last.kind, last.text + "\n" + line))
        else:
            append(Element(ACTION, raw.rstrip() if raw[:1] == " " else line))
        prev_blank = False
        i += 1
    return TitlePage(tuple(title_fields)), elements
