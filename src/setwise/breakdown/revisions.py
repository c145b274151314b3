"""Matching a revised draft's scenes to the scenes already in the production (pure Python, no ORM).

Rule: a new scene with an explicit scene number takes the existing scene with the same number; the rest are
paired by content similarity (``difflib`` ratio of heading and text, best pairs first, at least
``THRESHOLD``). Unpaired existing scenes are omitted in the revision; unpaired new scenes are added.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

THRESHOLD = 0.5


@dataclass(frozen=True)
class OldScene:
    key: int
    number: str
    heading: str
    text: str


@dataclass(frozen=True)
class NewScene:
    index: int
    number: str | None  # only an explicit number in the file counts
    heading: str
    text: str


def _content(heading: str, text: str) -> str:
    return f"{' '.join(heading.split())}\n{text}".strip()


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_scenes(old: list[OldScene], new: list[NewScene], threshold: float = THRESHOLD) -> dict[int, int]:
    """``{new index: old key}`` for every new scene that continues an existing one."""
    matches: dict[int, int] = {}
    taken: set[int] = set()
    by_number: dict[str, OldScene] = {}
    for o in old:
        by_number.setdefault(o.number.upper(), o)
    for n in new:
        if n.number:
            same = by_number.get(n.number.upper())
            if same is not None and same.key not in taken:
                matches[n.index] = same.key
                taken.add(same.key)
    rest_old = [o for o in old if o.key not in taken]
    rest_new = [n for n in new if n.index not in matches]
    pairs: list[tuple[float, int, int]] = []
    old_texts = {o.key: _content(o.heading, o.text) for o in rest_old}
    for n in rest_new:
        b = _content(n.heading, n.text)
        for o in rest_old:
            matcher = SequenceMatcher(None, old_texts[o.key], b, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score >= threshold:
                # Prefer the higher score; on ties, the scene nearest in position.
                pairs.append((score, n.index, o.key))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    for _score, index, key in pairs:
        if index in matches or key in taken:
            continue
        matches[index] = key
        taken.add(key)
    return matches


def next_number(previous: str | None, used: set[str], fallback: str) -> str:
    """A number for a scene added without one: the previous scene's number with a letter (``12A``, ``12B``),
    the way locked scripts number inserted scenes; before the first scene, ``A1``, ``B1`` (``fallback`` is the
    scene's position)."""
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        candidate = f"{previous}{letter}" if previous else f"{letter}{fallback}"
        if candidate.upper() not in used:
            return candidate
    candidate, n = fallback, 2
    while candidate.upper() in used:
        candidate, n = f"{fallback}-{n}", n + 1
    return candidate
