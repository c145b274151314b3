"""Character names: cleaning cues, merging spellings, finding known characters in the action.

A cue is cleaned by removing extensions in parentheses (``(V.O.)``, ``(O.S.)``, ``(CONT'D)``, ``（声）``,
``(소리)``), the forced-character ``@`` and dual-dialogue ``^`` marks; names in Latin script are upper-cased,
others stay as written. Spellings are merged when they are equal after Unicode folding and removing everything
that is not a letter or digit: ``MIN-HO`` = ``MINHO`` = ``Min Ho`` = ``MIN-HO (V.O.)``. The most used spelling
names the character; the others are its aliases.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from .model import Character

_EXTENSION = re.compile(r"\s*[(（][^()（）]*[)）]?")
_CONTD = re.compile(r"\s+CONT['’]?D\.?$", re.IGNORECASE)


def has_latin(text: str) -> bool:
    return any(("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("\u00c0" <= ch <= "\u024f") for ch in text)


def clean_name(cue: str) -> str:
    name = cue.strip().lstrip("@").strip()
    name = _EXTENSION.sub("", name).rstrip("^ :：").strip()
    name = _CONTD.sub("", name)
    name = " ".join(name.split())
    return name.upper() if has_latin(name) else name


def name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


class Cast:
    """The script's characters, merged by ``name_key``."""

    def __init__(self, cues: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        order: dict[str, int] = {}
        cleaned: dict[str, str] = {}  # cue -> cleaned name (a script repeats its cues)
        keys: dict[str, str] = {}  # cleaned name -> name_key
        for cue in cues:
            name = cleaned.get(cue)
            if name is None:
                name = cleaned[cue] = clean_name(cue)
                if name not in keys:
                    keys[name] = name_key(name) if name else ""
            if not keys[name]:
                continue
            counts[name] += 1
            order.setdefault(name, len(order))
        groups: dict[str, list[str]] = {}
        for name in order:
            groups.setdefault(keys[name], []).append(name)
        self.canonical: dict[str, str] = {}  # key -> canonical name
        self.aliases: dict[str, tuple[str, ...]] = {}
        for key, names in groups.items():
            best = max(names, key=lambda n: (counts[n], -order[n]))
            self.canonical[key] = best
            self.aliases[best] = tuple(n for n in names if n != best)
        self._pattern = self._compile()
        self._forms: dict[str, str | None] = {}  # matched spelling -> canonical name
        self._resolved: dict[str, str | None] = {cue: self.canonical.get(keys[name]) for cue, name in cleaned.items()}

    def resolve(self, cue: str) -> str | None:
        try:
            return self._resolved[cue]
        except KeyError:
            name = self._resolved[cue] = self.canonical.get(name_key(clean_name(cue)))
            return name

    def _compile(self) -> re.Pattern[str] | None:
        latin: list[str] = []
        other: list[str] = []
        for canonical, aliases in self.aliases.items():
            for form in (canonical, *aliases):
                if has_latin(form):
                    if len(form) >= 2:
                        latin.append(re.escape(form))
                elif len(form) >= 2 or not form.isascii():
                    other.append(re.escape(form))
        parts = []
        if latin:
            latin.sort(key=len, reverse=True)
            parts.append(r"(?<!\w)(?:" + "|".join(latin) + r")(?!\w)")
        if other:
            other.sort(key=len, reverse=True)
            parts.append("(?:" + "|".join(other) + ")")
        return re.compile("|".join(parts), re.IGNORECASE) if parts else None

    def named_in(self, text: str) -> list[str]:
        """Known characters named in ``text``, in order of first mention."""
        if self._pattern is None or not text:
            return []
        seen: dict[str, None] = {}
        forms = self._forms
        for m in self._pattern.finditer(text):
            form = m.group(0)
            try:
                name = forms[form]
            except KeyError:
                name = forms[form] = self.canonical.get(name_key(form))
            if name is not None:
                seen.setdefault(name, None)
        return list(seen)

    def characters(self, scenes_by_name: dict[str, list[int]], speeches: Counter[str]) -> tuple[Character, ...]:
        return tuple(
            Character(name=name, aliases=aliases, scenes=tuple(scenes_by_name.get(name, ())), speeches=speeches[name])
            for name, aliases in self.aliases.items()
        )
