"""Line-breaking assistant: compliant line breaks for an event's text, per language.

- Latin script (en, id) and Korean: break at spaces; prefer after punctuation, before conjunctions and
  prepositions, never (at a cost) after an article, determiner or preposition, or inside a capitalised name;
  balanced lines, the top line a little shorter when lengths differ.
- Thai: words from pythainlp's dictionary segmentation (``newmm``); a space (a Thai phrase boundary) is the best
  place to break, and a break never falls inside a word.
- Japanese and Traditional Chinese: a break may fall between any two characters except against kinsoku rules
  (no line starts with closing brackets, small kana, ``ー``, ``、。，！？`` or ``…``; no line ends with an opening
  bracket) and never inside a run of Latin letters or digits; spaces and punctuation are preferred, then the end of
  a hiragana run (after particles), and a kanji/hanzi compound or kanji-okurigana pair is kept together.

Widths are counted with the language's counting rule (``counting``), limits come from the rule data.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .counting import Counting
from .model import Document
from .qc import counting_for
from .ruleset import RuleSet, load_rules, normalize_language

NO_LINE_START = frozenset(
    "、。，．・：；？！゛゜ヽヾゝゞ々〻ー）］｝」』】〕〉》〙〗〟’”｠»ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ‐゠–〜～…‥)]},.?!:;%"
    "﹐﹑﹒﹔﹕﹖﹗︰︱︳︴︵︶﹚﹜﹞"
)
NO_LINE_END = frozenset("（［｛「『【〔〈《〘〖〝‘“｟«([{")
_PUNCT_END = frozenset("、。，．！？!?,.;:；：…")
_SENTENCE_END = frozenset("。！？!?.")
JA_PARTICLES = frozenset("はがをにでともへのやか")
ZH_PARTICLES = frozenset("的了著嗎呢吧啊和與跟在是")
EN_CONJUNCTIONS = frozenset(
    [
        "and",
        "but",
        "or",
        "nor",
        "so",
        "because",
        "although",
        "though",
        "while",
        "when",
        "whenever",
        "if",
        "unless",
        "until",
        "since",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "after",
        "before",
        "than",
        "as",
    ]
)
EN_STICKY = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "your",
        "his",
        "her",
        "its",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "onto",
        "about",
        "over",
        "under",
        "some",
        "any",
        "no",
        "every",
        "each",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)
ID_CONJUNCTIONS = frozenset(
    [
        "dan",
        "tetapi",
        "tapi",
        "atau",
        "karena",
        "yang",
        "bahwa",
        "jika",
        "kalau",
        "ketika",
        "saat",
        "sebelum",
        "sesudah",
        "setelah",
        "agar",
        "supaya",
    ]
)
ID_STICKY = frozenset(
    [
        "si",
        "sang",
        "para",
        "sebuah",
        "seorang",
        "ini",
        "itu",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "pada",
        "kepada",
        "oleh",
    ]
)
EN_PREPOSITIONS = frozenset(
    ["to", "of", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "about", "over", "under", "without"]
)
ID_PREPOSITIONS = frozenset(["di", "ke", "dari", "untuk", "dengan", "pada", "kepada", "oleh", "tanpa"])
_LATIN_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f'’.,:%\-]+|\s+|.", re.DOTALL)


@dataclass(frozen=True, slots=True)
class BreakSuggestion:
    """Suggested lines for an event whose lines are too long or too many; ``fits`` is false when the text needs
    more lines than the rules allow (split the event) or holds an unbreakable run wider than a line."""

    event: int
    lines: tuple[str, ...]
    widths: tuple[float, ...]
    fits: bool


@dataclass(slots=True)
class _Tokens:
    words: list[str]
    gaps: list[str]  # gaps[i]: the whitespace before words[i] ("" for words[0])
    costs: list[float | None]  # costs[i]: cost of breaking before words[i] (None: not allowed); costs[0] unused


def _script(char: str) -> str:
    code = ord(char)
    if 0x3040 <= code <= 0x309F:
        return "hira"
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
        return "kata"
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FFFF:
        return "han"
    if char.isascii() and char.isalnum():
        return "latin"
    return "other"


def _split_spaces(text: str) -> tuple[list[str], list[str]]:
    words: list[str] = []
    gaps: list[str] = []
    gap = ""
    for piece in re.split(r"(\s+)", text):
        if not piece:
            continue
        if piece.isspace():
            gap = piece
        else:
            words.append(piece)
            gaps.append(gap if words[:-1] else "")
            gap = ""
    return words, gaps


def _latin_tokens(text: str, language: str) -> _Tokens:
    words, gaps = _split_spaces(text)
    conj = ID_CONJUNCTIONS if language == "id" else EN_CONJUNCTIONS if language == "en" else frozenset()
    sticky = ID_STICKY if language == "id" else EN_STICKY if language == "en" else frozenset()
    prepositions = ID_PREPOSITIONS if language == "id" else EN_PREPOSITIONS if language == "en" else frozenset()
    costs: list[float | None] = [None]
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        cost = 0.0
        if prev[-1] in _SENTENCE_END or prev.endswith(('?"', '."', '!"', "?”", ".”", "!”")):
            cost -= 25
        elif prev[-1] in _PUNCT_END or prev.endswith(("—", "-")):
            cost -= 12
        lowered = word.lower().strip("\"'“‘(")
        if lowered in conj:
            cost -= 6
        elif lowered in prepositions:
            cost -= 4
        if prev.lower().strip("\"'“‘(") in sticky:
            cost += 15
        if prev[:1].isupper() and word[:1].isupper() and prev[-1].isalpha() and i > 1:
            cost += 8  # likely a name
        if word[:1] in NO_LINE_START:
            cost = 40
        costs.append(cost)
    return _Tokens(words, gaps, costs)


@cache
def _thai_words(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(text, engine="newmm", keep_whitespace=True))


def _thai_tokens(text: str) -> _Tokens:
    words: list[str] = []
    gaps: list[str] = []
    costs: list[float | None] = []
    gap = ""
    for token in _thai_words(text):
        if token.isspace():
            gap += token
            continue
        if words:
            cost: float | None = -15.0 if gap else 2.0  # a space ends a Thai phrase or sentence
            if not gap and (token[:1] in NO_LINE_START or unicodedata.category(token[0]) == "Mn"):
                cost = None
            costs.append(cost)
        else:
            costs.append(None)
        words.append(token)
        gaps.append(gap if len(words) > 1 else "")
        gap = ""
    return _Tokens(words, gaps, costs)


def _cjk_tokens(text: str, language: str) -> _Tokens:
    raw = [m.group(0) for m in _LATIN_RUN.finditer(text)]
    words: list[str] = []
    gaps: list[str] = []
    gap = ""
    for piece in raw:
        if piece.isspace() or piece == "\u3000":
            gap += piece
            continue
        words.append(piece)
        gaps.append(gap if len(words) > 1 else "")
        gap = ""
    particles = JA_PARTICLES if language == "ja" else ZH_PARTICLES
    costs: list[float | None] = [None]
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        if gaps[i]:
            costs.append(-10.0 if word[0] not in NO_LINE_START else 30.0)
            continue
        if word[0] in NO_LINE_START or prev[-1] in NO_LINE_END:
            costs.append(None)
            continue
        if prev[-1] == word[0] and prev[-1] in "…‥—―":
            costs.append(None)
            continue
        before, after = _script(prev[-1]), _script(word[0])
        cost = 4.0
        if prev[-1] in _SENTENCE_END:
            cost = -25.0
        elif prev[-1] in _PUNCT_END:
            cost = -12.0
        elif before == after and before in ("han", "kata"):
            cost = 10.0
        elif before == "han" and after == "hira":
            cost = 9.0  # kanji and its okurigana
        elif before == "hira" and prev[-1] in particles and after != "hira":
            cost = -4.0
        elif before == "hira" and after in ("han", "kata"):
            cost = 0.0
        elif language != "ja" and prev[-1] in particles:
            cost = -2.0
        costs.append(cost)
    return _Tokens(words, gaps, costs)


def _tokens(text: str, language: str) -> _Tokens:
    if language == "th":
        return _thai_tokens(text)
    if language in ("ja", "zh-Hant"):
        return _cjk_tokens(text, language)
    return _latin_tokens(text, language)


def _layout(tokens: _Tokens, counting: Counting, lines: int, limit: float) -> tuple[float, list[int]]:
    """Best ``lines``-line layout: (cost, indexes of the words that start lines 2..n)."""
    n = len(tokens.words)
    word_w = [counting.count(w) for w in tokens.words]
    gap_w = [counting.count(g) if g else 0.0 for g in tokens.gaps]
    prefix = [0.0]
    for i in range(n):
        prefix.append(prefix[-1] + word_w[i] + (gap_w[i] if i else 0.0))

    def width(a: int, b: int) -> float:  # words[a:b] on one line (the gap before words[a] dropped)
        return prefix[b] - prefix[a] - (gap_w[a] if a else 0.0)

    total = width(0, n)
    target = total / lines
    scale = 10 / limit  # imbalance in tenths of a line, so that costs mean the same at 13 and at 42 characters
    inf = math.inf
    best: list[list[float]] = [[inf] * (n + 1) for _ in range(lines + 1)]
    back: list[list[int]] = [[0] * (n + 1) for _ in range(lines + 1)]
    best[0][0] = 0.0
    for j in range(1, lines + 1):
        for b in range(j, n - (lines - j) + 1):
            if j == lines and b != n:
                continue
            for a in range(j - 1, b):
                if best[j - 1][a] == inf:
                    continue
                cost_break = 0.0
                if a > 0:
                    c = tokens.costs[a]
                    if c is None:
                        continue
                    cost_break = c
                w = width(a, b)
                cost = best[j - 1][a] + cost_break + ((w - target) * scale) ** 2
                if w > limit:
                    cost += 1000 + 100 * (w - limit)
                if j == 1 and lines == 2 and w > total - w:
                    cost += 0.5 * (w - (total - w)) * scale  # a slightly shorter top line reads better
                if cost < best[j][b]:
                    best[j][b] = cost
                    back[j][b] = a
    if best[lines][n] == inf:
        return inf, []
    starts: list[int] = []
    b = n
    for j in range(lines, 1, -1):
        b = back[j][b]
        starts.append(b)
    return best[lines][n], sorted(starts)


def _render(tokens: _Tokens, starts: list[int]) -> tuple[str, ...]:
    bounds = [0, *starts, len(tokens.words)]
    out: list[str] = []
    for a, b in itertools.pairwise(bounds):
        parts = [tokens.words[a]]
        for i in range(a + 1, b):
            parts.append(tokens.gaps[i] + tokens.words[i])
        out.append("".join(parts))
    return tuple(out)


def _join(lines: tuple[str, ...] | list[str], language: str) -> str:
    """Current lines as one text: joined with a space in space-separated languages; in Thai, Japanese and Chinese
    without one (a space there is punctuation, not to be invented), except between two Latin words."""
    if language in ("ja", "zh-Hant", "th"):
        joined = ""
        for line in lines:
            line = line.strip()
            if joined and line and (_script(joined[-1]) == "latin" and _script(line[0]) == "latin"):
                joined += " "
            joined += line
        return joined
    return " ".join(line.strip() for line in lines if line.strip())


def suggest_lines(
    text: str | tuple[str, ...] | list[str],
    language: str,
    *,
    max_chars: float | None = None,
    max_lines: int | None = None,
    rules: RuleSet | None = None,
) -> tuple[str, ...]:
    """The text (a string or its current lines) broken into the fewest lines that fit, at most ``max_lines`` when
    possible; more lines (or an overlong one) are returned only when nothing else fits."""
    code = normalize_language(language)
    rules = rules or load_rules(code)
    counting = counting_for(rules)
    limit = float(max_chars if max_chars is not None else rules.require("chars_per_line").value)
    most = int(max_lines if max_lines is not None else rules.require("lines_per_event").value)
    joined = _join(text.split("\n") if isinstance(text, str) else text, code)
    joined = re.sub(r"[ \t]+", " ", joined).strip()
    if not joined:
        return ()
    if counting.count(joined) <= limit:
        return (joined,)
    tokens = _tokens(joined, code)
    if len(tokens.words) < 2:
        return (joined,)
    needed = max(2, math.ceil(counting.count(joined) / limit))
    results: list[tuple[float, list[int]]] = []
    for lines in range(2, min(len(tokens.words), max(most, needed) + 3) + 1):
        cost, starts = _layout(tokens, counting, lines, limit)
        if cost < 1000:
            return _render(tokens, starts)
        if cost < math.inf:
            results.append((cost + (0 if lines <= most else 500 * (lines - most)), starts))
    if not results:
        return (joined,)
    return _render(tokens, min(results, key=lambda r: r[0])[1])


def suggest_breaks(document: Document, language: str, *, rules: RuleSet | None = None) -> tuple[BreakSuggestion, ...]:
    """Suggestions for every event with a line over the limit or more lines than allowed."""
    code = normalize_language(language)
    rules = rules or load_rules(code)
    counting = counting_for(rules)
    limit_rule = rules.require("chars_per_line")
    vertical_rule = rules.get("chars_per_line", "vertical") or limit_rule
    most = int(rules.require("lines_per_event").value)
    out: list[BreakSuggestion] = []
    for event in document.events:
        if event.is_empty:
            continue
        limit = float((vertical_rule if event.vertical else limit_rule).value)
        widths = [counting.count(line) for line in event.lines]
        if len(event.lines) <= most and max(widths) <= limit:
            continue
        lines = suggest_lines(event.lines, code, max_chars=limit, max_lines=most, rules=rules)
        new_widths = tuple(counting.count(line) for line in lines)
        fits = len(lines) <= most and all(w <= limit for w in new_widths)
        out.append(BreakSuggestion(event.index, lines, new_widths, fits))
    return tuple(out)
