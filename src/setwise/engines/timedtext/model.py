"""The typed result of reading a subtitle file: frozen dataclasses, no behaviour beyond small helpers.

Times are exact: ``Event.start`` and ``Event.end`` are milliseconds as ``Fraction`` (a frame at 29.97 fps is
1001/30 ms, which no whole number of milliseconds or microseconds represents).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Format = Literal["srt", "vtt", "ttml"]
FORMATS: tuple[Format, ...] = ("srt", "vtt", "ttml")

# Markup kinds recorded on events (``Markup.kind``). The QC rules decide which are forbidden per language.
ITALIC = "italic"
BOLD = "bold"
UNDERLINE = "underline"
FONT = "font"  # a font face or size change
COLOR = "color"  # a text or background colour change
POSITION_PX = "position_px"  # an absolute pixel position (SRT X1/Y1, ASS \pos, TTML px origin)
POSITION = "position"  # a relative position or alignment (allowed)
RUBY = "ruby"
EMPHASIS = "emphasis"  # bouten (tts:textEmphasis)
COMBINE = "combine"  # tate-chu-yoko (tts:textCombine)
VERTICAL = "vertical"
VOICE = "voice"  # WebVTT <v>
CLASS = "class"  # WebVTT <c.x> with a class that is not a colour
UNKNOWN_TAG = "unknown_tag"  # a tag the format does not define
OVERRIDE = "override"  # an ASS/SSA override block ({\...}) other than alignment or italics
MARKUP_KINDS = (
    ITALIC,
    BOLD,
    UNDERLINE,
    FONT,
    COLOR,
    POSITION_PX,
    POSITION,
    RUBY,
    EMPHASIS,
    COMBINE,
    VERTICAL,
    VOICE,
    CLASS,
    UNKNOWN_TAG,
    OVERRIDE,
)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one styling. ``ruby`` is an annotation shown over this run (it is not counted)."""

    text: str
    italic: bool = False
    bold: bool = False
    underline: bool = False
    ruby: str | None = None


@dataclass(frozen=True, slots=True)
class Markup:
    """Styling or layout found on an event: ``kind`` (see ``MARKUP_KINDS``) and the source text that set it."""

    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class Position:
    """Where an event is placed. ``unit`` is ``%``, ``px``, ``c`` (TTML cells) or ``line`` (WebVTT line numbers);
    ``x``/``y`` are ``None`` when only one axis or only an alignment is given. ``align`` is e.g. ``top``."""

    unit: str | None = None
    x: float | None = None
    y: float | None = None
    align: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One subtitle event.

    ``index`` is its 1-based place in file order; ``lines`` the displayed text, one string per line, markup
    removed and ruby annotations left out; ``spans`` the same lines as styled runs; ``source_line`` the file line
    the event starts on (its timing line for SRT/WebVTT, its ``<p>`` for TTML).
    """

    index: int
    start: Fraction
    end: Fraction
    lines: tuple[str, ...]
    spans: tuple[tuple[Span, ...], ...] = ()
    markup: tuple[Markup, ...] = ()
    position: Position | None = None
    vertical: bool = False
    identifier: str | None = None
    source_line: int | None = None

    @property
    def duration(self) -> Fraction:
        return self.end - self.start

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def is_empty(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass(frozen=True, slots=True)
class Document:
    """A subtitle file: its events in file order and what the file declared about itself.

    ``frame_rate`` is the effective rate the file declares (TTML ``ttp:frameRate`` x ``ttp:frameRateMultiplier``),
    ``None`` when it declares none; ``drop_frame`` is true for TTML ``ttp:dropMode="dropNTSC"``.
    """

    events: tuple[Event, ...]
    format: Format
    encoding: str
    language: str | None = None
    frame_rate: Fraction | None = None
    drop_frame: bool = False
    warnings: tuple[str, ...] = ()
