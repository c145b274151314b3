"""Inline markup of SRT and WebVTT cue text: styled spans per line, and the markup found (for QC).

SRT: ``<i> <b> <u> <font color= face= size=>`` and ASS/SSA override blocks (``{\\an8}``, ``{\\pos(x,y)}``,
``{\\i1}``...). WebVTT: ``<i> <b> <u> <c.class> <v Name> <lang xx> <ruby>/<rt>``, timestamps, and character
references. Any other tag is stripped from the text and recorded as ``unknown_tag``.
"""

from __future__ import annotations

import html
import re
from typing import Literal

from .model import (
    BOLD,
    CLASS,
    COLOR,
    FONT,
    ITALIC,
    OVERRIDE,
    POSITION,
    POSITION_PX,
    RUBY,
    UNDERLINE,
    UNKNOWN_TAG,
    VOICE,
    Markup,
    Position,
    Span,
)

Flavour = Literal["srt", "vtt"]

_TOKEN = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})((?:\.[^\s.<>/]{1,64}){0,16})(\s[^<>]{0,512})?\s*/?>"  # tags
    r"|<(\d[\d:.]{3,20})>"  # WebVTT timestamps
    r"|\{\\([^{}]{0,512})\}"  # ASS/SSA override blocks (SRT)
)
VTT_COLOR_CLASSES = frozenset(
    {"white", "lime", "cyan", "red", "yellow", "magenta", "blue", "black"}
    | {f"bg_{c}" for c in ("white", "lime", "cyan", "red", "yellow", "magenta", "blue", "black")}
)
_ASS_ALIGN = {
    "1": "bottom left",
    "2": "bottom",
    "3": "bottom right",
    "4": "middle left",
    "5": "middle",
    "6": "middle right",
    "7": "top left",
    "8": "top",
    "9": "top right",
}
_ASS_LEGACY_ALIGN = {"1": "1", "2": "2", "3": "3", "5": "7", "6": "8", "7": "9", "9": "4", "10": "5", "11": "6"}
_ASS_POS = re.compile(r"\\(?:pos|move)\(\s*(-?[\d.]{1,12})\s*,\s*(-?[\d.]{1,12})")

InlineResult = tuple[tuple[str, ...], tuple[tuple[Span, ...], ...], tuple[Markup, ...], Position | None]


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _finish_line(spans: list[Span]) -> tuple[str, tuple[Span, ...]]:
    parts = [s for s in spans if s.text or s.ruby]
    if parts:
        first, last = parts[0], parts[-1]
        parts[0] = Span(first.text.lstrip(), first.italic, first.bold, first.underline, first.ruby)
        last = parts[-1]
        parts[-1] = Span(last.text.rstrip(), last.italic, last.bold, last.underline, last.ruby)
    parts = [s for s in parts if s.text or s.ruby]
    return "".join(s.text for s in parts), tuple(parts)


def parse_inline(text: str, flavour: Flavour) -> InlineResult:
    """Lines (plain, stripped), styled spans per line, markup found, and a position set inline (SRT ``{\\an8}``)."""
    special = "<&{" if flavour == "srt" else "<&"
    if not any(c in text for c in special):
        lines = tuple(line.strip() for line in text.split("\n"))
        return lines, tuple((Span(line),) if line else () for line in lines), (), None
    markup: list[Markup] = []
    position: Position | None = None
    italic = bold = underline = 0
    in_ruby = in_rt = False
    ruby_base_start = 0
    ruby_text: list[str] = []
    lines_spans: list[list[Span]] = [[]]

    def add_text(raw: str) -> None:
        if not raw:
            return
        if flavour == "vtt" and "&" in raw:
            raw = html.unescape(raw)
        pieces = raw.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                lines_spans.append([])
            if in_rt:
                ruby_text.append(piece)
            elif piece:
                lines_spans[-1].append(Span(piece, italic > 0, bold > 0, underline > 0))

    def close_ruby() -> None:
        nonlocal in_ruby, in_rt
        annotation = "".join(ruby_text).strip()
        current = lines_spans[-1]
        base = current[ruby_base_start:]
        if base and annotation:
            merged = Span("".join(s.text for s in base), base[0].italic, base[0].bold, base[0].underline, annotation)
            del current[ruby_base_start:]
            current.append(merged)
        ruby_text.clear()
        in_ruby = in_rt = False

    pos = 0
    for match in _TOKEN.finditer(text):
        if flavour == "vtt" and match.group(6) is not None:
            continue  # braces are text in WebVTT
        add_text(text[pos : match.start()])
        pos = match.end()
        if match.group(5) is not None:
            continue  # a WebVTT karaoke timestamp
        if match.group(6) is not None:
            block = "\\" + match.group(6)
            position = _ass_override(block, markup, position)
            if re.search(r"\\i1", block):
                italic += 1
            elif re.search(r"\\i0", block) and italic:
                italic -= 1
            continue
        closing = match.group(1) == "/"
        name = match.group(2).lower()
        classes = [c for c in (match.group(3) or "").split(".") if c]
        annotation = (match.group(4) or "").strip()
        tag = _clip(match.group(0))
        if name in ("i", "b", "u"):
            delta = -1 if closing else 1
            if name == "i":
                italic = max(0, italic + delta)
            elif name == "b":
                bold = max(0, bold + delta)
            else:
                underline = max(0, underline + delta)
            if not closing:
                markup.append(Markup({"i": ITALIC, "b": BOLD, "u": UNDERLINE}[name], tag))
        elif flavour == "srt" and name == "font":
            if not closing:
                attrs = annotation.lower()
                if "color" in attrs:
                    markup.append(Markup(COLOR, tag))
                if "face" in attrs or "size" in attrs or "color" not in attrs:
                    markup.append(Markup(FONT, tag))
        elif flavour == "vtt" and name in ("c", "v", "lang", "ruby", "rt"):
            if name == "v" and not closing:
                markup.append(Markup(VOICE, annotation or tag))
            if name == "ruby":
                if closing:
                    if in_ruby:
                        close_ruby()
                else:
                    in_ruby, in_rt, ruby_base_start = True, False, len(lines_spans[-1])
                    markup.append(Markup(RUBY, tag))
            elif name == "rt" and in_ruby:
                in_rt = not closing
            if classes and not closing:
                for cls in classes:
                    kind = COLOR if cls.lower() in VTT_COLOR_CLASSES else CLASS
                    markup.append(Markup(kind, tag))
        else:
            markup.append(Markup(UNKNOWN_TAG, tag))
    add_text(text[pos:])
    if in_ruby:
        close_ruby()
    finished = [_finish_line(spans) for spans in lines_spans]
    return tuple(f[0] for f in finished), tuple(f[1] for f in finished), tuple(_unique(markup)), position


def _unique(items: list[Markup]) -> list[Markup]:
    seen: set[Markup] = set()
    out: list[Markup] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _ass_override(block: str, markup: list[Markup], position: Position | None) -> Position | None:
    detail = _clip("{" + block + "}")
    rest = block
    align = re.search(r"\\an([1-9])", block)
    legacy = re.search(r"\\a(1[01]|[1-35-79])(?![0-9])", block)
    if align or legacy:
        key = align.group(1) if align else _ASS_LEGACY_ALIGN[legacy.group(1)] if legacy else "2"
        position = Position(align=_ASS_ALIGN[key])
        markup.append(Markup(POSITION, detail))
        rest = re.sub(r"\\an?[0-9]{1,2}", "", rest)
    pos = _ASS_POS.search(block)
    if pos:
        try:
            position = Position("px", float(pos.group(1)), float(pos.group(2)))
        except ValueError:
            position = Position("px")
        markup.append(Markup(POSITION_PX, detail))
        rest = _ASS_POS.sub("", rest)
    if re.search(r"\\(?:[1-4]?c|alpha|[1-4]a)&", rest):
        markup.append(Markup(COLOR, detail))
    if re.search(r"\\(?:fn|fs)", rest):
        markup.append(Markup(FONT, detail))
    if re.search(r"\\i[01]", rest):
        markup.append(Markup(ITALIC, detail))
        rest = re.sub(r"\\i[01]", "", rest)
    leftover = re.sub(r"\\(?:[1-4]?c|alpha|[1-4]a)&[^\\]*|\\(?:fn|fs)[^\\]*|\\[bu][01]|\)", "", rest).strip()
    if re.search(r"\\[bu]1", rest):
        markup.append(Markup(BOLD if "\\b1" in rest else UNDERLINE, detail))
    if leftover:
        markup.append(Markup(OVERRIDE, detail))
    return position
