"""Characters as each language's style guide counts them, for characters per line and reading speed.

Two modes, chosen per language in the rule data (row ``counting``):

- ``all``: every character counts 1 (English, Indonesian, Thai), spaces and punctuation included;
- ``east_asian_width``: full-width and wide characters count 1, half-width and narrow ones (Latin letters,
  digits, ASCII spaces and punctuation) count 0.5 (Korean, Japanese, Traditional Chinese), with East Asian
  "ambiguous" characters (``…``, ``※``, Greek) at the language's own weight.

In both, combining marks (``Mn``/``Me``: Thai above/below vowels and tone marks, decomposed accents) and
invisible format characters (``Cf``: zero-width space, direction marks) count 0 unless the data says marks count,
so a Thai grapheme cluster counts once. Text is counted as given (no normalisation), line breaks not at all.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


class _Weights(dict[str, float]):
    """Character weights, computed on first sight (``sum(map(weights.__getitem__, text))`` stays in C)."""

    __slots__ = ("counting",)

    def __init__(self, counting: Counting) -> None:
        super().__init__()
        self.counting = counting

    def __missing__(self, char: str) -> float:
        value = self.counting.weight(char)
        if len(self) < 65_536:
            self[char] = value
        return value


@dataclass(frozen=True, slots=True)
class Counting:
    mode: str = "all"  # "all" | "east_asian_width"
    ambiguous: float = 1.0  # weight of East Asian Width "A" characters in east_asian_width mode
    marks_count: bool = False  # whether combining marks (Mn/Me) count
    _weights: _Weights = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_weights", _Weights(self))

    def weight(self, char: str) -> float:
        category = unicodedata.category(char)
        if (category in ("Mn", "Me") and not self.marks_count) or category in ("Cf", "Cc"):
            return 0.0
        if self.mode == "east_asian_width":
            width = unicodedata.east_asian_width(char)
            return 1.0 if width in ("W", "F") else self.ambiguous if width == "A" else 0.5
        return 1.0

    def count(self, text: str) -> float:
        """The counted length of one line (or of any text without line breaks)."""
        if self.mode == "all" and text.isascii() and text.isprintable():
            return float(len(text))
        return sum(map(self._weights.__getitem__, text), 0.0)


def as_number(value: float) -> int | float:
    """``3.0`` -> ``3``; other values rounded to 2 decimals (half characters stay exact)."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded
