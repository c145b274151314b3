"""The typed result of parsing a screenplay: frozen dataclasses, no behaviour beyond small helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Format = Literal["fountain", "fdx", "pdf"]
IntExt = Literal["INT", "EXT", "INT/EXT"]
TIMES_OF_DAY = ("DAY", "NIGHT", "MORNING", "EVENING", "DAWN", "DUSK", "CONTINUOUS", "LATER")

# Element kinds, shared by every reader.
HEADING = "heading"
ACTION = "action"
CHARACTER = "character"
DIALOGUE = "dialogue"
PARENTHETICAL = "parenthetical"
TRANSITION = "transition"
CENTERED = "centered"
LYRIC = "lyric"
SHOT = "shot"
GENERAL = "general"
SECTION = "section"
SYNOPSIS = "synopsis"
PAGE_BREAK = "page_break"
ELEMENT_KINDS = (
    HEADING,
    ACTION,
    CHARACTER,
    DIALOGUE,
    PARENTHETICAL,
    TRANSITION,
    CENTERED,
    LYRIC,
    SHOT,
    GENERAL,
    SECTION,
    SYNOPSIS,
    PAGE_BREAK,
)


@dataclass(frozen=True, slots=True)
class Element:
    """One paragraph of the script as written (a character cue keeps its extension in ``text``)."""

    kind: str
    text: str
    dual: bool = False
    scene_number: str | None = None  # an explicit number (Fountain ``#12A#``, FDX ``Number``, PDF margin)
    page: int | None = None  # the page the file puts it on (PDF, FDX scene properties)
    top: float | None = None  # PDF only: distance from the page top, in points
    bottom: float | None = None
    length_eighths: int | None = None  # FDX scene properties ``Length``
    revisions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TitlePage:
    """Title page ``key: value`` pairs in file order (keys lower-cased, e.g. ``title``, ``author``)."""

    fields: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str | None:
        key = key.lower()
        for k, v in self.fields:
            if k == key:
                return v
        return None

    @property
    def title(self) -> str | None:
        value = self.get("title")
        return " ".join(value.split()) if value else None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested breakdown element: ``category`` (e.g. ``props``), ``name`` and the words that triggered it."""

    category: str
    name: str
    triggers: tuple[str, ...]
    language: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A scene heading taken apart (see ``headings`` for the rules)."""

    text: str
    number: str | None
    int_ext: IntExt | None
    location: str | None
    set: str
    time_of_day: str | None


@dataclass(frozen=True, slots=True)
class Scene:
    index: int  # 1-based position in the script
    number: str | None
    heading: str
    int_ext: IntExt | None
    set: str
    location: str | None
    time_of_day: str | None
    text: str  # the scene's body (action, cues, dialogue) as plain text, one paragraph a line
    elements: tuple[Element, ...]
    speaking: tuple[str, ...]  # canonical character names, in order of first line
    present: tuple[str, ...]  # speaking + known characters named in the action
    dialogue_counts: tuple[tuple[str, int], ...]  # (character, speeches)
    eighths: int
    page_start: int
    page_end: int
    revisions: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True, slots=True)
class Character:
    name: str  # the most used spelling, as written (upper-cased for Latin scripts)
    aliases: tuple[str, ...]  # other spellings merged into it
    scenes: tuple[int, ...]  # scene indexes where the character speaks
    speeches: int


@dataclass(frozen=True, slots=True)
class Revision:
    id: str
    name: str
    color: str | None = None


@dataclass(frozen=True, slots=True)
class Script:
    format: Format
    language: str  # main language detected: en, id, ko, ja, zh, th
    title_page: TitlePage
    scenes: tuple[Scene, ...]
    characters: tuple[Character, ...]
    page_count: int  # pages of the file (PDF) or of the standard layout (Fountain/FDX)
    revisions: tuple[Revision, ...] = field(default=())

    @property
    def title(self) -> str | None:
        return self.title_page.title

    @property
    def eighths(self) -> int:
        return sum(s.eighths for s in self.scenes)
