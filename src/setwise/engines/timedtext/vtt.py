"""WebVTT reader: the ``WEBVTT`` header, cues (identifier, timing line with settings, payload), ``NOTE``,
``STYLE`` and ``REGION`` blocks. Timestamps are ``[HH:]MM:SS.mmm`` as the specification writes them.

``STYLE`` rules that colour or change the font of every cue (``::cue { color: ... }``) or of a class
(``::cue(.yellow) { ... }``) are recorded on the cues they apply to, like inline markup.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import TimedTextError
from .inline import parse_inline
from .model import CLASS, COLOR, FONT, POSITION, VERTICAL, Event, Markup, Position

_TS = r"(?:(\d{1,4}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^[ \t]*{_TS}[ \t]+-->[ \t]+{_TS}(?:[ \t]+(.*))?[ \t]*$")
_LOOSE_TIMING = re.compile(r"\d+:\d+.*-->")
_STYLE_RULE = re.compile(r"::cue(?:\(([^)]{0,200})\))?\s*\{([^}]{0,2000})\}")
_PERCENT = re.compile(r"^(-?\d{1,3}(?:\.\d{1,6})?)%$")


def _ms(h: str | None, m: str, s: str, ms: str) -> Fraction:
    return Fraction(((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms))


def _percent(value: str) -> float | None:
    match = _PERCENT.match(value.split(",")[0])
    return float(match.group(1)) if match else None


def _settings(text: str) -> tuple[Position | None, bool, tuple[Markup, ...]]:
    values: dict[str, str] = {}
    for token in text.split():
        name, sep, value = token.partition(":")
        if sep and value:
            values[name] = value
    vertical = values.get("vertical") in ("rl", "lr")
    markup: list[Markup] = []
    position: Position | None = None
    if vertical:
        markup.append(Markup(VERTICAL, f"vertical:{values['vertical']}"))
    if any(k in values for k in ("line", "position", "align", "region")):
        line = values.get("line", "")
        y = _percent(line) if line else None
        unit = "%" if y is not None or "position" in values else ("line" if line else None)
        if unit == "line":
            try:
                y = float(line.split(",")[0])
            except ValueError:
                y = None
        x = _percent(values["position"]) if "position" in values else None
        position = Position(unit, x, y, values.get("align"))
        markup.append(Markup(POSITION, " ".join(f"{k}:{v}" for k, v in values.items() if k != "vertical")))
    return position, vertical, tuple(markup)


def _style_rules(css: str) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Kinds set on every cue, and kinds set per class, by ``STYLE`` blocks."""
    everywhere: list[str] = []
    by_class: dict[str, tuple[str, ...]] = {}
    for match in _STYLE_RULE.finditer(css):
        selector, declarations = (match.group(1) or "").strip(), match.group(2).lower()
        kinds = tuple(
            kind
            for kind, present in (
                (COLOR, "color" in declarations or "background" in declarations),
                (FONT, "font" in declarations),
            )
            if present
        )
        if not kinds:
            continue
        if not selector:
            everywhere.extend(kinds)
        for cls in re.findall(r"\.([A-Za-z0-9_-]{1,64})", selector):
            by_class[cls] = tuple(dict.fromkeys(by_class.get(cls, ()) + kinds))
    return tuple(dict.fromkeys(everywhere)), by_class


def read_vtt(text: str) -> tuple[Event, ...]:
    lines = text.split("\n")
    first = lines[0]
    if not (first.startswith("WEBVTT") and (len(first) == 6 or first[6] in " \t")):
        raise TimedTextError("a WebVTT file must start with the line 'WEBVTT'", 1)
    count = len(lines)
    i = 1
    while i < count and lines[i].strip():
        if "-->" in lines[i]:
            raise TimedTextError("the WEBVTT header must be followed by a blank line before the first cue", i + 1)
        i += 1
    css: list[str] = []
    raw: list[tuple[int, str | None, re.Match[str], list[str]]] = []
    while i < count:
        if not lines[i].strip():
            i += 1
            continue
        block_start = i
        block: list[str] = []
        while i < count and lines[i].strip():
            block.append(lines[i])
            i += 1
        head = block[0]
        keyword = head.split(maxsplit=1)[0] if head.split() else ""
        if keyword in ("NOTE", "STYLE", "REGION") and "-->" not in head:
            if keyword == "STYLE":
                css.append("\n".join(block[1:]))
            continue
        identifier: str | None = None
        timing_at = 0
        if "-->" not in head:
            identifier = head.strip()
            timing_at = 1
            if len(block) < 2:
                raise TimedTextError(f"expected a cue timing line after the cue identifier {identifier[:40]!r}", i)
        timing = _TIMING.match(block[timing_at])
        if timing is None:
            hint = (
                " (WebVTT times are [HH:]MM:SS.mmm with a full stop)" if _LOOSE_TIMING.search(block[timing_at]) else ""
            )
            shown = block[timing_at].strip()[:50]
            raise TimedTextError(f"malformed cue timing line {shown!r}{hint}", block_start + timing_at + 1)
        payload = block[timing_at + 1 :]
        for offset, line in enumerate(payload):
            if "-->" in line:
                raise TimedTextError(
                    "cue text contains '-->' (a missing blank line between cues?)", block_start + timing_at + 2 + offset
                )
        raw.append((block_start + timing_at + 1, identifier, timing, payload))
    everywhere, by_class = _style_rules("\n".join(css)) if css else ((), {})
    events: list[Event] = []
    for line_no, identifier, timing, payload in raw:
        g = timing.groups()
        position, vertical, setting_markup = _settings(g[8] or "")
        lines_out, spans, markup, _ = parse_inline("\n".join(payload), "vtt")
        if not payload:
            lines_out, spans = (), ()
        styled: list[Markup] = [Markup(kind, "STYLE ::cue") for kind in everywhere]
        if by_class:
            for m in markup:
                if m.kind in (CLASS, COLOR):
                    for cls in re.findall(r"\.([^\s.<>/]+)", m.detail):
                        styled.extend(Markup(kind, f"STYLE ::cue(.{cls})") for kind in by_class.get(cls, ()))
        events.append(
            Event(
                index=len(events) + 1,
                start=_ms(g[0], g[1], g[2], g[3]),
                end=_ms(g[4], g[5], g[6], g[7]),
                lines=lines_out,
                spans=spans,
                markup=setting_markup + markup + tuple(dict.fromkeys(styled)),
                position=position,
                vertical=vertical,
                identifier=identifier,
                source_line=line_no,
            )
        )
    return tuple(events)
