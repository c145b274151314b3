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


@dataclass(frozen=True, slots=True)
class Counting:
    mode: str = "all"  # "all" | "east_asian_width"
    ambiguous: float = 1.0  # weight of East Asian Width "A" characters in east_asian_width mode
    marks_count: bool = False  # whether combining marks (Mn/Me) count
    _cache: dict[str, float] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def weight(self, char: str) -> float:
        cached = self._cache.get(char)
        if cached is not None:
            return cached
        category = unicodedata.category(char)
        if (category in ("Mn", "Me") and not self.marks_count) or category in ("Cf", "Cc"):
            value = 0.0
        elif self.mode == "east_asian_width":
            width = unicodedata.east_asian_width(char)
            value = 1.0 if width in ("W", "F") else self.ambiguous if width == "A" else 0.5
        else:
            value = 1.0
        self._cache[char] = value
        return value

    def count(self, text: str) -> float:
        """The counted length of one line (or of any text without line breaks)."""
        if self.mode == "all" and text.isascii() and text.isprintable():
            return float(len(text))
        cache = self._cache
        total = 0.0
        for char in text:
            value = cache.get(char)
            total += value if value is not None else self.weight(char)
        return total


def as_number(value: float) -> int | float:
    """``3.0`` -> ``3``; other values rounded to 2 decimals (half characters stay exact)."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded
