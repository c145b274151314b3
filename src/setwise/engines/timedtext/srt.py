"""SubRip (``.srt``) reader: numbered blocks of a timing line and text lines, separated by blank lines.

Lenient where players are (missing numbers, ``.`` instead of ``,``, one- or two-digit milliseconds, a missing blank
line before the next numbered block), strict where the timing could be misread (each field in range, ``-->``).
"""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import TimedTextError
from .inline import parse_inline
from .model import POSITION_PX, Event, Markup, Position

_TIME = r"(\d{1,3}):(\d{1,2}):(\d{1,2})[,.:](\d{1,3})"
_TIMING = re.compile(rf"^[ \t]*{_TIME}[ \t]*-{{1,2}}>[ \t]*{_TIME}(.*)$")
_COORDS = re.compile(r"X1:\s*(-?\d{1,6})\s+X2:\s*(-?\d{1,6})\s+Y1:\s*(-?\d{1,6})\s+Y2:\s*(-?\d{1,6})", re.IGNORECASE)
_MS_SCALE = {1: 100, 2: 10, 3: 1}


def _ms(h: str, m: str, s: str, frac: str, line: int) -> Fraction:
    minutes, seconds = int(m), int(s)
    if minutes > 59 or seconds > 59:
        raise TimedTextError(f"time {h}:{m}:{s},{frac} has minutes or seconds above 59", line)
    return Fraction(((int(h) * 60 + minutes) * 60 + seconds) * 1000 + int(frac) * _MS_SCALE[len(frac)])


def _shown(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= 40 else line[:37] + "...")


def read_srt(text: str) -> tuple[tuple[Event, ...], tuple[str, ...]]:
    """Events in file order, and warnings about what was tolerated (one line each)."""
    lines = text.split("\n")
    count = len(lines)
    events: list[Event] = []
    unnumbered: list[int] = []
    unseparated: list[int] = []
    i = 0
    while i < count:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        timing = _TIMING.match(line)
        identifier: str | None = None
        if timing is None:
            stripped = line.strip()
            if stripped.isdigit() and i + 1 < count:
                timing = _TIMING.match(lines[i + 1])
                if timing is not None:
                    identifier = stripped
                    i += 1
            if timing is None:
                if stripped.isdigit():
                    raise TimedTextError(
                        f"subtitle {stripped[:12]} has no timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm' after it", i + 2
                    )
                raise TimedTextError(
                    "expected a subtitle number or a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', "
                    f"found {_shown(line)}",
                    i + 1,
                )
        timing_line = i + 1
        if identifier is None:
            unnumbered.append(timing_line)
        g = timing.groups()
        start = _ms(g[0], g[1], g[2], g[3], timing_line)
        end = _ms(g[4], g[5], g[6], g[7], timing_line)
        extra = g[8]
        i += 1
        body: list[str] = []
        while i < count:
            current = lines[i]
            if not current.strip():
                break
            if _TIMING.match(current):
                unseparated.append(i + 1)
                break  # a timing line without the blank line and number before it
            if current.strip().isdigit() and i + 1 < count and _TIMING.match(lines[i + 1]) and body:
                unseparated.append(i + 1)
                break  # the next numbered block without a blank line before it
            body.append(current)
            i += 1
        position: Position | None = None
        extra_markup: tuple[Markup, ...] = ()
        if extra.strip():
            coords = _COORDS.search(extra)
            if coords:
                x1, _x2, y1, _y2 = (int(v) for v in coords.groups())
                position = Position("px", float(x1), float(y1))
                extra_markup = (Markup(POSITION_PX, " ".join(coords.group(0).split())),)
        lines_out, spans, markup, inline_position = parse_inline("\n".join(body), "srt")
        if not body:
            lines_out, spans = (), ()
        events.append(
            Event(
                index=len(events) + 1,
                start=start,
                end=end,
                lines=lines_out,
                spans=spans,
                markup=extra_markup + markup,
                position=position or inline_position,
                identifier=identifier,
                source_line=timing_line,
            )
        )
    if not events:
        raise TimedTextError("the file holds no subtitles")
    warnings: list[str] = []
    if unnumbered:
        warnings.append(f"{len(unnumbered)} subtitle(s) without a number (first at line {unnumbered[0]})")
    if unseparated:
        warnings.append(f"{len(unseparated)} subtitle(s) not preceded by a blank line (first at line {unseparated[0]})")
    return tuple(events), tuple(warnings)
