"""From a reader's elements to a ``Script``: scenes, characters, eighths, page ranges and suggestions."""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise

from . import eighths as layout_mod
from .characters import Cast
from .elements import suggest
from .headings import parse_heading
from .model import (
    ACTION,
    CENTERED,
    CHARACTER,
    GENERAL,
    HEADING,
    PAGE_BREAK,
    SECTION,
    SHOT,
    SYNOPSIS,
    Element,
    Format,
    Revision,
    Scene,
    Script,
    TitlePage,
)

_DESCRIPTIVE = {ACTION, GENERAL, SHOT, CENTERED}
_HANGUL = re.compile("[\uac00-\ud7a3]")
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u4e00-\u9fff]")
_THAI = re.compile("[\u0e00-\u0e7f]")


def detect_language(text: str) -> str:
    """The main language of a script from its characters (Hangul, kana, Han, Thai) or, for Latin, common words."""
    sample = text[:20000]
    hangul = kana = han = thai = 0
    if not sample.isascii():
        hangul = len(_HANGUL.findall(sample))
        kana = len(_KANA.findall(sample))
        han = len(_HAN.findall(sample))
        thai = len(_THAI.findall(sample))
    best = max(hangul, kana + han, thai)
    if best >= 20:
        if best == hangul:
            return "ko"
        if best == thai:
            return "th"
        return "ja" if kana * 10 >= han else "zh"
    words = sample.lower().split()
    indonesian = sum(w in {"yang", "dan", "di", "itu", "tidak", "dengan", "ini", "ke", "siang", "malam"} for w in words)
    english = sum(w in {"the", "and", "is", "of", "to", "a", "his", "her", "day", "night"} for w in words)
    return "id" if indonesian > english else "en"


def _pdf_measure(elements: list[Element], ranges: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Eighths and pages of each scene measured on the PDF's own pages (elements carry page, top, bottom).

    A page's body runs from its first text line to 55 lines below it; a scene owns the part of each page from its
    first line there (or the body top, when it continues from the page before) to the next scene's heading (or
    the body bottom). Lengths are summed over pages, in eighths, rounded, at least 1/8.
    """
    pitch = 12.0
    tops: dict[int, float] = {}
    for el in elements:
        if el.page is not None and el.top is not None:
            tops[el.page] = min(tops.get(el.page, el.top), el.top)
    gaps = sorted(
        b.top - a.top
        for a, b in pairwise(elements)
        if a.page == b.page and a.top is not None and b.top is not None and b.top > a.top
    )
    if gaps:
        pitch = max(6.0, min(gaps[0], 24.0))
    body = pitch * layout_mod.LINES_PER_PAGE
    starts = [(elements[a].page or 1, elements[a].top or 0.0) for a, _ in ranges]
    out = []
    for k, (_, b) in enumerate(ranges):
        first_page, first_top = starts[k]
        last_el = elements[b - 1]
        last_page = last_el.page or first_page
        end_page, end_top = starts[k + 1] if k + 1 < len(ranges) else (last_page, -1.0)
        total = 0.0
        for page in range(first_page, max(first_page, end_page) + 1):
            top = tops.get(page, 0.0)
            begin = first_top if page == first_page else top
            if page == end_page and k + 1 < len(ranges):
                finish = end_top
            elif page == end_page:
                finish = (last_el.bottom or last_el.top or top) + pitch
            else:
                finish = top + body
            total += max(0.0, min(finish, top + body) - begin) / body
        out.append((max(1, math.floor(total * 8 + 0.5)), first_page, max(first_page, last_page)))
    return out


def build(
    fmt: Format,
    title_page: TitlePage,
    elements: list[Element],
    *,
    page_count: int | None = None,
    revisions: tuple[Revision, ...] = (),
) -> Script:
    positions = layout_mod.layout(elements)
    heads = [i for i, el in enumerate(elements) if el.kind == HEADING]
    ranges = [(h, heads[k + 1] if k + 1 < len(heads) else len(elements)) for k, h in enumerate(heads)]
    cast = Cast(el.text for el in elements if el.kind == CHARACTER)
    language = detect_language("\n".join(el.text for el in elements[:400]))
    languages = [language] if language == "en" else [language, "en"]
    is_pdf = fmt == "pdf" and all(el.page is not None for el in elements)
    measured = _pdf_measure(elements, ranges) if is_pdf and ranges else []
    scenes: list[Scene] = []
    speeches: Counter[str] = Counter()
    scenes_by_name: dict[str, list[int]] = {}
    for k, (a, b) in enumerate(ranges):
        head_el = elements[a]
        heading = parse_heading(head_el.text, head_el.scene_number)
        body = elements[a + 1 : b]
        speaking: dict[str, int] = {}
        descriptive: list[str] = [heading.set]
        lines: list[str] = []
        revs: dict[str, None] = dict.fromkeys(head_el.revisions)
        for el in body:
            for r in el.revisions:
                revs[r] = None
            if el.kind in (SECTION, SYNOPSIS, PAGE_BREAK):
                continue
            lines.append(el.text)
            if el.kind == CHARACTER:
                name = cast.resolve(el.text)
                if name is not None:
                    speaking[name] = speaking.get(name, 0) + 1
            elif el.kind in _DESCRIPTIVE:
                descriptive.append(el.text)
        text = "\n".join(lines)
        present = dict.fromkeys(speaking)
        for name in cast.named_in("\n".join(descriptive)):
            present.setdefault(name, None)
        for name, count in speaking.items():
            speeches[name] += count
            scenes_by_name.setdefault(name, []).append(k + 1)
        if measured:
            eighths, page_start, page_end = measured[k]
        else:
            first_line = positions[a][0]
            last_start, last_lines = positions[b - 1]
            last_line = max(first_line, last_start + last_lines - 1)
            end = positions[b][0] if b < len(elements) and elements[b].kind == HEADING else last_line + 1
            # the blank line before the next heading belongs to this scene
            count = max(1, min(end, last_line + 2) - first_line) if b < len(elements) else last_line + 1 - first_line
            eighths = layout_mod.to_eighths(count)
            page_start, page_end = layout_mod.page_of(first_line), layout_mod.page_of(last_line)
        if head_el.length_eighths is not None:
            eighths = max(1, head_el.length_eighths)
        if head_el.page is not None and not is_pdf:
            shift = head_el.page - page_start
            page_start, page_end = head_el.page, page_end + shift
        scenes.append(
            Scene(
                index=k + 1,
                number=heading.number,
                heading=heading.text,
                int_ext=heading.int_ext,
                set=heading.set,
                location=heading.location,
                time_of_day=heading.time_of_day,
                text=text,
                elements=tuple(elements[a:b]),
                speaking=tuple(speaking),
                present=tuple(present),
                dialogue_counts=tuple(speaking.items()),
                eighths=eighths,
                page_start=page_start,
                page_end=page_end,
                revisions=tuple(revs),
                suggestions=suggest(heading.set + "\n" + text, languages, present, language),
            )
        )
    if page_count is None:
        last = max((s + n for s, n in positions), default=0)
        page_count = max(1, math.ceil(last / layout_mod.LINES_PER_PAGE)) if elements else 0
    return Script(
        format=fmt,
        language=language,
        title_page=title_page,
        scenes=tuple(scenes),
        characters=cast.characters(scenes_by_name, speeches),
        page_count=page_count,
        revisions=revisions,
    )
