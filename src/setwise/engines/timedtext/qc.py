"""Quality control of a subtitle ``Document`` against one language's rules (rules.md section 3).

``check(document, language, fps=..., programme_type=..., programme_length=...)`` returns a ``Report`` whose
findings each name the event (1-based, file order), its start as ``HH:MM:SS.mmm`` and as SMPTE timecode, the rule
id, the measured value, the limit, and the rule's severity, status and source. Units: characters for
``chars_per_line``, lines for ``lines_per_event``, characters per second for ``reading_speed``, seconds for
``min_duration``, ``max_duration``, ``overlap`` and ``beyond_programme``, frames for ``min_gap``.

Durations and gaps are compared in whole frames at the programme's frame rate (times snapped to the nearest frame),
so millisecond rounding in SRT/WebVTT files never makes a compliant event fail. Empty events are reported once
(``empty_event``) and take no part in the other checks.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Any

from .counting import Counting, as_number
from .errors import RuleDataError
from .model import Document, Event
from .ruleset import Rule, RuleSet, load_rules, normalize_language
from .timecode import FrameRate, format_clock, ms_to_frames, ms_to_timecode

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


def _glyph_pattern(rule: Rule | None) -> re.Pattern[str] | None:
    if rule is None or not isinstance(rule.value, list):
        return None
    parts: list[str] = []
    for item in rule.value:
        low, _, high = str(item).partition("-")
        try:
            a, b = int(low, 16), int(high or low, 16)
        except ValueError:
            raise RuleDataError(f"glyph range {item!r} is not hexadecimal") from None
        parts.append(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b != a else ""))
    return re.compile("[^" + "".join(parts) + "]")


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


@cache
def _bad_character(char: str) -> bool:
    """Control, private-use, surrogate and unassigned code points, and U+FFFD: in no glyph list."""
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cs", "Cn")


def _seconds(ms: Fraction) -> float:
    return round(float(ms) / 1000, 3)


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
    max_ms = Fraction(str(max_rule.value)) * 1000
    gap_frames = int(gap_rule.value)
    speed_limit = float(speed_rule.value)
    length_ms = Fraction(programme_length) if programme_length is not None else None
    beyond_rule = Rule(
        "beyond_programme",
        "",
        None,
        "s",
        "error",
        "V",
        "Delivery spec: events must end within the programme",
        "2026-11-25",
    )

    findings: list[Finding] = []
    total_chars = 0.0
    total_ms = Fraction(0)
    timed: list[Event] = []

    def add(event: Event, rule: Rule, value: Number | str | None, limit: Number | str | None, detail: str) -> None:
        findings.append(
            Finding(
                event=event.index,
                timecode=format_clock(event.start),
                smpte=ms_to_timecode(max(event.start, Fraction(0)), rate),
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

    for event in document.events:
        if event.is_empty:
            if empty_rule.value is False:
                add(event, empty_rule, None, None, "the event has no text")
            continue
        timed.append(event)
        lines = event.lines
        if len(lines) > max_lines:
            add(event, lines_rule, len(lines), max_lines, f"{len(lines)} lines")
        counts = [counting.count(line) for line in lines]
        widest = max(counts)
        limit_rule = cpl_vertical if event.vertical else cpl_rule
        if widest > float(limit_rule.value):
            add(event, limit_rule, as_number(widest), limit_rule.value, f"line {counts.index(widest) + 1} is too long")
        duration = event.end - event.start
        chars = sum(counts)
        if duration > 0:
            cps = chars * 1000 / float(duration)
            total_chars += chars
            total_ms += duration
            if cps > speed_limit:
                add(event, speed_rule, round(cps, 2), as_number(speed_limit), f"{as_number(chars)} characters")
        frames = ms_to_frames(event.end, rate) - ms_to_frames(event.start, rate)
        if frames < min_frames:
            add(event, min_rule, _seconds(duration), min_seconds, f"{frames} frames, minimum {min_frames}")
        if duration > max_ms:
            add(event, max_rule, _seconds(duration), as_number(float(max_ms) / 1000), "")
        if length_ms is not None and event.end > length_ms:
            add(event, beyond_rule, _seconds(event.end), _seconds(length_ms), "ends after the programme")
        seen: set[str] = set()
        for item in event.markup:
            rule = compiled.forbidden.get(item.kind)
            if rule is not None and item.kind not in seen:
                seen.add(item.kind)
                add(event, rule, item.detail, None, f"{item.kind} markup")
        text = "".join(lines)
        if char_rule is not None and not (text.isascii() and text.isprintable()):
            bad = sorted(c for c in set(text) if _bad_character(c))
            if bad:
                add(event, char_rule, " ".join(f"U+{ord(c):04X}" for c in bad[:5]), None, "characters in no glyph list")
        if glyph_rule is not None and compiled.glyph_outside is not None:
            outside = sorted({c for c in compiled.glyph_outside.findall(text) if not _bad_character(c)})
            if outside:
                shown = " ".join(f"U+{ord(c):04X} {c}" for c in outside[:5])
                add(event, glyph_rule, shown, None, "characters outside the language's glyph ranges")

    _sequence(timed, rate, gap_frames, gap_rule, overlap_rule, add)
    findings.sort(key=lambda f: (f.event, _ORDER.get(f.rule, 99)))
    average = round(total_chars * 1000 / float(total_ms), 2) if total_ms > 0 else None
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
    events: list[Event], rate: FrameRate, gap_frames: int, gap_rule: Rule, overlap_rule: Rule, add: Any
) -> None:
    """Gaps and overlaps between events in time order; each is reported on the later event."""
    ordered = sorted(events, key=lambda e: (e.start, e.index))
    latest: Event | None = None
    for event in ordered:
        if latest is not None:
            if event.start < latest.end:
                overlap = latest.end - event.start
                if overlap > Fraction(overlap_rule.value) * 1000:
                    add(event, overlap_rule, _seconds(overlap), overlap_rule.value, f"overlaps event {latest.index}")
            else:
                gap = ms_to_frames(event.start, rate) - ms_to_frames(latest.end, rate)
                if gap < gap_frames:
                    add(event, gap_rule, gap, gap_frames, f"{gap} frames after event {latest.index}")
        if latest is None or event.end > latest.end:
            latest = event
