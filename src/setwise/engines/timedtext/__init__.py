"""Timed-text engine: SRT, WebVTT and TTML/IMSC 1.1 subtitles in; a typed ``Document``, QC reports and line-break
suggestions out. Pure Python, no Django.

- ``read(data, filename=None, format=None, encoding=None, language=None)`` reads a file's bytes (format from
  ``format``, else the content, else the extension; encoding from BOM/declaration/UTF-8/detection) into a
  ``Document`` of ``Event``s with exact times (``Fraction`` milliseconds). Every failure is a ``TimedTextError``
  with a one-line message (``line N: ...`` when the line is known).
- ``check(document, language, fps=..., programme_type=..., programme_length=...)`` -> ``Report`` of ``Finding``s
  against the rule data (``ruleset``, ``rules/*.json``); ``report_to_dict``/``report_to_cli``/``write_csv``.
- ``suggest_lines(text, language)`` and ``suggest_breaks(document, language)``: compliant line breaks.
- ``write_srt``/``write_vtt``; ``timecode`` for frame rates and SMPTE (drop-frame) conversions.
"""

from __future__ import annotations

from .encoding import decode
from .errors import RuleDataError, TimedTextError
from .linebreak import BreakSuggestion, suggest_breaks, suggest_lines
from .model import FORMATS, Document, Event, Format, Markup, Position, Span
from .qc import CLI_RULE_IDS, RULE_IDS, Finding, Report, check
from .report import report_to_cli, report_to_csv, report_to_dict, write_csv
from .ruleset import LANGUAGES, Rule, RuleSet, load_rules, normalize_language
from .srt import read_srt
from .timecode import FrameRate, format_clock, frames_to_timecode, ms_to_frames, timecode_to_frames
from .ttml import read_ttml
from .vtt import read_vtt
from .writers import write_srt, write_vtt

__all__ = [
    "CLI_RULE_IDS",
    "FORMATS",
    "LANGUAGES",
    "MAX_BYTES",
    "RULE_IDS",
    "BreakSuggestion",
    "Document",
    "Event",
    "Finding",
    "Format",
    "FrameRate",
    "Markup",
    "Position",
    "Report",
    "Rule",
    "RuleDataError",
    "RuleSet",
    "Span",
    "TimedTextError",
    "check",
    "detect_format",
    "format_clock",
    "frames_to_timecode",
    "load_rules",
    "ms_to_frames",
    "normalize_language",
    "read",
    "report_to_cli",
    "report_to_csv",
    "report_to_dict",
    "suggest_breaks",
    "suggest_lines",
    "timecode_to_frames",
    "write_csv",
    "write_srt",
    "write_vtt",
]

MAX_BYTES = 20 * 1024 * 1024
_EXTENSIONS: dict[str, Format] = {
    ".srt": "srt",
    ".vtt": "vtt",
    ".webvtt": "vtt",
    ".ttml": "ttml",
    ".dfxp": "ttml",
    ".xml": "ttml",
    ".imsc": "ttml",
}


def _sniff(data: bytes) -> Format | None:
    head = data[:2048]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if b"\x00" in head[:64]:
        head = head.replace(b"\x00", b"")
    stripped = head.lstrip()
    if stripped.startswith(b"WEBVTT"):
        return "vtt"
    if stripped.startswith(b"<"):
        return "ttml"
    if b"-->" in head and (b"," in head or b"." in head):
        return "srt"
    return None


def detect_format(data: bytes, filename: str | None = None) -> Format:
    """From the content when it is unambiguous (``WEBVTT``, ``<``, ``-->``), else from the extension, else SRT."""
    sniffed = _sniff(data)
    if sniffed is not None:
        return sniffed
    if filename:
        lowered = filename.lower()
        for ext, fmt in _EXTENSIONS.items():
            if lowered.endswith(ext):
                return fmt
    return "srt"


def read(
    data: bytes,
    filename: str | None = None,
    *,
    format: str | None = None,
    encoding: str | None = None,
    language: str | None = None,
) -> Document:
    """Read a subtitle file's bytes; raises ``TimedTextError`` (one line) for anything unreadable."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TimedTextError("expected the file's bytes")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise TimedTextError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise TimedTextError("the file is empty")
    if format is not None and format not in FORMATS:
        raise TimedTextError(f"unknown subtitle format {format[:20]!r} (expected srt, vtt or ttml)")
    fmt = format if format is not None else detect_format(data, filename)
    lang_hint = None
    if language:
        try:
            lang_hint = normalize_language(language)
        except RuleDataError:
            lang_hint = None
    text, used = decode(data, encoding=encoding, language=lang_hint, xml=fmt == "ttml")
    try:
        if fmt == "srt":
            events, warnings = read_srt(text)
            return Document(events, "srt", used, warnings=warnings)
        if fmt == "vtt":
            return Document(read_vtt(text), "vtt", used)
        events, xml_lang, rate, drop = read_ttml(text)
        return Document(events, "ttml", used, language=xml_lang, frame_rate=rate, drop_frame=drop)
    except TimedTextError:
        raise
    except (RecursionError, MemoryError, OverflowError) as exc:
        raise TimedTextError(f"the file could not be read ({type(exc).__name__})") from None
