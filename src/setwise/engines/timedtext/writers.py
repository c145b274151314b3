"""SRT and WebVTT writers. Styling kept: italics, bold and underline as tags, top placement (``{\\an8}`` /
``line:0``), WebVTT vertical text and ruby; times rounded to the nearest millisecond."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Document, Event, Span
from .timecode import format_clock


def _events(source: Document | Iterable[Event]) -> tuple[Event, ...]:
    return source.events if isinstance(source, Document) else tuple(source)


def _styled(spans: tuple[Span, ...], escape: bool, ruby: bool) -> str:
    out: list[str] = []
    for span in spans:
        text = span.text
        if escape:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if span.ruby and ruby:
            note = span.ruby.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            text = f"<ruby>{text}<rt>{note}</rt></ruby>"
        if span.underline:
            text = f"<u>{text}</u>"
        if span.bold:
            text = f"<b>{text}</b>"
        if span.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    return "".join(out)


def _lines(event: Event, escape: bool, ruby: bool) -> list[str]:
    if event.spans and len(event.spans) == len(event.lines):
        return [_styled(spans, escape, ruby) for spans in event.spans]
    if escape:
        return [line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in event.lines]
    return list(event.lines)


def _is_top(event: Event) -> bool:
    return bool(event.position and event.position.align and event.position.align.startswith("top"))


def write_srt(source: Document | Iterable[Event], newline: str = "\n") -> str:
    """SubRip text, events numbered 1..n in the given order."""
    blocks: list[str] = []
    for number, event in enumerate(_events(source), 1):
        lines = [line for line in _lines(event, False, False) if line.strip()]
        if lines and _is_top(event):
            lines[0] = "{\\an8}" + lines[0]
        head = f"{number}{newline}{format_clock(event.start, ',')} --> {format_clock(event.end, ',')}"
        blocks.append(newline.join([head, *lines]))
    return (newline + newline).join(blocks) + newline


def write_vtt(source: Document | Iterable[Event], newline: str = "\n") -> str:
    """WebVTT text with cue identifiers kept (when they contain no ``-->``)."""
    parts = ["WEBVTT"]
    for event in _events(source):
        settings: list[str] = []
        if event.vertical:
            settings.append("vertical:rl")
        if _is_top(event):
            settings.append("line:0")
        head = f"{format_clock(event.start)} --> {format_clock(event.end)}"
        if settings:
            head += " " + " ".join(settings)
        cue: list[str] = []
        ident = event.identifier
        if ident and "-->" not in ident and "\n" not in ident and ident.split()[0] not in ("NOTE", "STYLE", "REGION"):
            cue.append(ident)
        cue.append(head)
        cue.extend(line for line in _lines(event, True, True) if line.strip())
        parts.append(newline.join(cue))
    return (newline + newline).join(parts) + newline
