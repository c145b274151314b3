"""Quality control of a subtitle ``Document`` against one language's rules (rules.md section 3).

``check(document, language, fps=..., programme_type=..., programme_length=...)`` returns a ``Report`` whose
findings each name the event (1-based, file order), its start as ``HH:MM:SS.mmm`` and as SMPTE timecode, the rule
id, the measured value, the limit, and the rule's severity, status and source. Units: characters for
``chars_per_line``, lines for ``lines_per_event``, characters per second for ``reading_speed``, seconds for
``min_duration``, ``max_duration``, ``overlap`` and ``beyond_programme``, frames for ``min_gap``.

Minimum durations and gaps are frame counts at the programme's frame rate, compared with the file's own times
allowing one millisecond for the rounding of frame times to whole milliseconds in SRT/WebVTT files (a 25-frame
event at 29.97 fps, 834.17 ms, may be written as 834 ms). Empty events are reported once
(``empty_event``) and take no part in the other checks.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .counting import Counting, as_number
from .errors import RuleDataError
from .model import Document, Event
from .ruleset import Rule, RuleSet, load_rules, normalize_language
from .timecode import FrameRate, format_clock, ms_to_timecode

# Rule ids in the order findings of one event are listed.
RULE_IDS: tuple[str, ...] = (
    "empty_event",
    "lines_per_event",
    "chars_per_line",
    "reading_speed",
    "min_duration",
    "max_duration",
    "min_gap",
    "overlap",
    "forbidden_markup",
    "beyond_programme",
)
CLI_RULE_IDS = RULE_IDS[:-1]
LAST_CHECKED = "2026-11-25"
_ORDER = {rule: i for i, rule in enumerate(RULE_IDS)}
Number = int | float


@dataclass(frozen=True, slots=True)
class Finding:
    event: int
    timecode: str
    smpte: str
    rule: str
    value: Number | str | None
    limit: Number | str | None
    unit: str | None
    severity: str
    status: str
    source: str
    key: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    language: str
    format: str
    encoding: str
    events: int
    findings: tuple[Finding, ...]
    frame_rate: FrameRate
    frame_rate_source: str  # "argument", "file" or "default"
    programme_type: str
    average_reading_speed: float | None
    notes: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """No finding of severity ``error``."""
        return not any(f.severity == "error" for f in self.findings)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for finding in self.findings:
            out[finding.rule] = out.get(finding.rule, 0) + 1
        return out


@dataclass(frozen=True, slots=True)
class _Compiled:
    """Rule values turned into what the checks need, once per rule set."""

    rules: RuleSet
    counting: Counting
    glyph_outside: re.Pattern[str] | None
    forbidden: dict[str, Rule] = field(default_factory=dict)


_COMPILED: dict[int, _Compiled] = {}


def counting_for(rules: RuleSet) -> Counting:
    row = rules.get("counting")
    value: dict[str, Any] = row.value if row and isinstance(row.value, dict) else {}
    mode = str(value.get("mode", "all"))
    if mode not in ("all", "east_asian_width"):
        raise RuleDataError(f"{rules.language}: unknown counting mode {mode!r}")
    return Counting(mode, float(value.get("ambiguous", 1.0)), bool(value.get("marks_count", False)))


def _usable_runs(first: int, last: int) -> list[tuple[int, int]]:
    """Runs of code points in ``first..last`` that a glyph list can hold (checked 256 at a time: a block whose
    characters are all printable needs no per-character look-up)."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for block in range(first, last + 1, 256):
        end = min(block + 255, last)
        chunk = "".join(map(chr, range(block, end + 1)))
        if chunk.isprintable():
            if start is None:
                start = block
            continue
        for code in range(block, end + 1):
            if _bad_character(chr(code)):
                if start is not None:
                    runs.append((start, code - 1))
                    start = None
            elif start is None:
                start = code
    if start is not None:
        runs.append((start, last))
    return runs


def _glyph_pattern(rule: Rule | None) -> re.Pattern[str] | None:
    """A pattern matching any character outside the glyph ranges; code points in the ranges that no glyph list
    can hold (unassigned, control, private use) are left out of the ranges, so they match too."""
    if rule is None or not isinstance(rule.value, list):
        return None
    parts: list[str] = []
    for item in rule.value:
        low, _, high = str(item).partition("-")
        try:
            a, b = int(low, 16), int(high or low, 16)
        except ValueError:
            raise RuleDataError(f"glyph range {item!r} is not hexadecimal") from None
        if not 0 <= a <= b <= 0x10FFFF or b - a > 0x20000:
            raise RuleDataError(f"glyph range {item!r} is out of bounds")
        for low_code, high_code in _usable_runs(a, b):
            low_char, high_char = re.escape(chr(low_code)), re.escape(chr(high_code))
            parts.append(low_char if low_code == high_code else f"{low_char}-{high_char}")
    return re.compile("[^" + "".join(parts) + "]") if parts else re.compile(r"[\s\S]")


def _compile(rules: RuleSet) -> _Compiled:
    cached = _COMPILED.get(id(rules))
    if cached is not None and cached.rules is rules:
        return cached
    forbidden = {
        rule.key: rule
        for rule in rules.variants("forbidden_markup")
        if rule.key not in ("character", "glyph") and rule.value is True
    }
    compiled = _Compiled(rules, counting_for(rules), _glyph_pattern(rules.get("forbidden_markup", "glyph")), forbidden)
    if len(_COMPILED) > 64:
        _COMPILED.clear()
    _COMPILED[id(rules)] = compiled
    return compiled


@lru_cache(maxsize=8192)
def _bad_character(char: str) -> bool:
    """Control, private-use, surrogate and unassigned code points, and U+FFFD: in no glyph list."""
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cs", "Cn")


_SLACK_MS = 1


def _frames(ms: float, fps: float) -> Number:
    """A length in frames: a whole number when the time is within a millisecond of a frame boundary."""
    exact = ms * fps / 1000
    nearest = round(exact)
    if abs(exact - nearest) * 1000 / fps <= _SLACK_MS:
        return int(nearest)
    return round(exact, 2)


def _seconds(ms: float) -> float:
    return round(ms / 1000, 3)


def resolve_frame_rate(
    document: Document, fps: FrameRate | str | float | None, rules: RuleSet
) -> tuple[FrameRate, str, tuple[str, ...]]:
    notes: list[str] = []
    declared = FrameRate(document.frame_rate, document.drop_frame) if document.frame_rate else None
    if fps is not None:
        rate = fps if isinstance(fps, FrameRate) else FrameRate.parse(str(fps))
        if declared and declared.fps != rate.fps:
            notes.append(
                f"the file declares {declared.label} fps but {rate.label} fps was given; checked at {rate.label}"
            )
        return rate, "argument", tuple(notes)
    if declared:
        return declared, "file", ()
    default = rules.get("frame_rate", "default")
    rate = FrameRate.parse(str(default.value if default else "24"))
    notes.append(f"no frame rate given or declared; checked at {rate.label} fps")
    return rate, "default", tuple(notes)


def check(
    document: Document,
    language: str,
    *,
    fps: FrameRate | str | float | None = None,
    programme_type: str = "adult",
    programme_length: Fraction | int | float | None = None,
    rules: RuleSet | None = None,
) -> Report:
    """Check every event; ``programme_length`` is in milliseconds (events ending after it are reported)."""
    if programme_type not in ("adult", "children"):
        raise RuleDataError(f"programme type must be 'adult' or 'children', not {programme_type!r}")
    code = normalize_language(language)
    rules = rules or load_rules(code)
    compiled = _compile(rules)
    rate, rate_source, notes = resolve_frame_rate(document, fps, rules)
    counting = compiled.counting

    lines_rule = rules.require("lines_per_event")
    cpl_rule = rules.require("chars_per_line")
    cpl_vertical = rules.get("chars_per_line", "vertical") or cpl_rule
    speed_rule = rules.require("reading_speed", programme_type)
    min_rule = rules.require("min_duration")
    max_rule = rules.require("max_duration")
    gap_rule = rules.require("min_gap")
    overlap_rule = rules.require("overlap")
    empty_rule = rules.require("empty_event")
    char_rule = rules.get("forbidden_markup", "character")
    glyph_rule = rules.get("forbidden_markup", "glyph")

    max_lines = int(lines_rule.value)
    min_frames = math.ceil(rate.fps * Fraction(str(min_rule.value)))
    min_seconds = round(float(min_frames / rate.fps), 3)
    min_threshold = float(min_frames * 1000 / rate.fps) - _SLACK_MS
    max_ms = float(Fraction(str(max_rule.value)) * 1000)
    gap_frames = int(gap_rule.value)
    gap_threshold = float(gap_frames * 1000 / rate.fps) - _SLACK_MS
    speed_limit = float(speed_rule.value)
    cpl_limit = float(cpl_rule.value)
    cpl_vertical_limit = float(cpl_vertical.value)
    length_ms = float(Fraction(programme_length)) if programme_length is not None else None
    overlap_allowed = float(Fraction(overlap_rule.value)) * 1000
    fps = float(rate.fps)
    beyond_rule = Rule(
        "beyond_programme",
        "",
        None,
        "s",
        "error",
        "V",
        "Delivery spec: events must end within the programme",
        LAST_CHECKED,
    )

    findings: list[Finding] = []
    total_chars = 0.0
    total_ms = 0.0
    timed: list[tuple[float, float, Event]] = []
    stamps: dict[int, tuple[str, str]] = {}

    def add(event: Event, rule: Rule, value: Number | str | None, limit: Number | str | None, detail: str) -> None:
        stamp = stamps.get(event.index)
        if stamp is None:
            start = max(event.start, Fraction(0))
            stamp = stamps[event.index] = (format_clock(start), ms_to_timecode(start, rate))
        findings.append(
            Finding(
                event=event.index,
                timecode=stamp[0],
                smpte=stamp[1],
                rule=rule.id,
                value=value,
                limit=limit,
                unit=rule.unit,
                severity=rule.severity,
                status=rule.status,
                source=rule.source,
                key=rule.key,
                detail=detail,
            )
        )

    count = counting.count
    forbidden = compiled.forbidden
    glyph_outside = compiled.glyph_outside if glyph_rule is not None else None
    for event in document.events:
        lines = event.lines
        if not "".join(lines).strip():
            if empty_rule.value is False:
                add(event, empty_rule, None, None, "the event has no text")
            continue
        start = float(event.start)
        end = float(event.end)
        timed.append((start, end, event))
        if len(lines) > max_lines:
            add(event, lines_rule, len(lines), max_lines, f"{len(lines)} lines")
        counts = [count(line) for line in lines]
        widest = max(counts)
        if widest > (cpl_vertical_limit if event.vertical else cpl_limit):
            limit_rule = cpl_vertical if event.vertical else cpl_rule
            add(event, limit_rule, as_number(widest), limit_rule.value, f"line {counts.index(widest) + 1} is too long")
        duration = end - start
        chars = sum(counts)
        if duration > 0:
            total_chars += chars
            total_ms += duration
            cps = chars * 1000 / duration
            if cps > speed_limit:
                add(event, speed_rule, round(cps, 2), as_number(speed_limit), f"{as_number(chars)} characters")
        if duration < min_threshold:
            detail = f"{_frames(duration, fps)} frames, minimum {min_frames}"
            add(event, min_rule, _seconds(duration), min_seconds, detail)
        if duration > max_ms:
            add(event, max_rule, _seconds(duration), as_number(max_ms / 1000), "")
        if length_ms is not None and end > length_ms:
            add(event, beyond_rule, _seconds(end), _seconds(length_ms), "ends after the programme")
        if event.markup:
            seen: set[str] = set()
            for item in event.markup:
                rule = forbidden.get(item.kind)
                if rule is not None and item.kind not in seen:
                    seen.add(item.kind)
                    add(event, rule, item.detail, None, f"{item.kind} markup")
        text = "".join(lines)
        if text.isascii() and text.isprintable():
            continue
        if glyph_outside is not None:
            found = glyph_outside.findall(text)
            if not found:
                continue
            odd = set(found)
        else:
            odd = set(text)
        bad = sorted(c for c in odd if _bad_character(c))
        if bad and char_rule is not None:
            add(event, char_rule, " ".join(f"U+{ord(c):04X}" for c in bad[:5]), None, "characters in no glyph list")
        outside = sorted(odd.difference(bad)) if glyph_outside is not None else []
        if outside and glyph_rule is not None:
            shown = " ".join(f"U+{ord(c):04X} {c}" for c in outside[:5])
            add(event, glyph_rule, shown, None, "characters outside the language's glyph ranges")

    _sequence(timed, fps, gap_frames, gap_threshold, overlap_allowed, gap_rule, overlap_rule, add)
    findings.sort(key=lambda f: (f.event, _ORDER.get(f.rule, 99)))
    average = round(total_chars * 1000 / total_ms, 2) if total_ms > 0 else None
    return Report(
        language=code,
        format=document.format,
        encoding=document.encoding,
        events=len(document.events),
        findings=tuple(findings),
        frame_rate=rate,
        frame_rate_source=rate_source,
        programme_type=programme_type,
        average_reading_speed=average,
        notes=notes + document.warnings,
    )


def _sequence(
    events: list[tuple[float, float, Event]],
    fps: float,
    gap_frames: int,
    gap_threshold: float,
    overlap_allowed: float,
    gap_rule: Rule,
    overlap_rule: Rule,
    add: Any,
) -> None:
    """Gaps and overlaps between events in time order; each is reported on the later event."""
    ordered = sorted(events, key=lambda item: item[0])  # stable: file order among equal starts
    latest_end: float | None = None
    latest: Event | None = None
    for start, end, event in ordered:
        if latest is not None and latest_end is not None:
            if start < latest_end:
                overlap = latest_end - start
                if overlap > overlap_allowed:
                    add(event, overlap_rule, _seconds(overlap), overlap_rule.value, f"overlaps event {latest.index}")
            else:
                gap = start - latest_end
                if gap < gap_threshold:
                    frames = _frames(gap, fps)
                    add(event, gap_rule, frames, gap_frames, f"{frames} frames after event {latest.index}")
        if latest_end is None or end > latest_end:
            latest, latest_end = event, end
