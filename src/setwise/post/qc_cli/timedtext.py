"""``setwise qc timedtext FILE --language en|ko|ja|th|id|zh-Hant [--fps FPS] [--json]``.

Reads an SRT, WebVTT or TTML/IMSC file (format from ``--format``, else the content, else the extension) and checks
it against the language's timed-text rules. With ``--json`` it prints the stable contract ``{"events": int,
"findings": [{"event", "rule", "value", "limit"}]}`` (rule ids ``chars_per_line``, ``lines_per_event``,
``reading_speed``, ``min_duration``, ``max_duration``, ``min_gap``, ``overlap``, ``empty_event``,
``forbidden_markup``, plus ``beyond_programme`` only when ``--programme-length`` is given); ``--csv`` prints every
finding with its timecode, severity and source. A file that was read exits 0, findings or not; an unreadable or
malformed file prints one ``error: ...`` line on stderr and exits 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from setwise.engines import timedtext
from setwise.engines.timedtext import LANGUAGES, FrameRate, RuleDataError, TimedTextError

_LENGTH = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def add_timedtext_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="an .srt, .vtt or .ttml/.xml subtitle file")
    parser.add_argument("--language", required=True, choices=LANGUAGES, help="the subtitle language")
    parser.add_argument(
        "--fps",
        default=None,
        help="programme frame rate: 23.976, 24, 25, 29.97, 29.97df, 30 (default: the file's own, else 24)",
    )
    parser.add_argument("--format", choices=timedtext.FORMATS, default=None, help="override format detection")
    parser.add_argument("--encoding", default=None, help="override encoding detection (e.g. cp874, shift_jis)")
    parser.add_argument("--programme-type", choices=("adult", "children"), default="adult")
    parser.add_argument(
        "--programme-length",
        default=None,
        help="programme running time (HH:MM:SS[.mmm] or seconds): events ending later are reported",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the JSON contract")
    output.add_argument("--csv", action="store_true", help="print every finding as CSV")


def _programme_length(text: str) -> Fraction:
    text = text.strip()
    match = _LENGTH.match(text)
    if match:
        hours, minutes, seconds, millis = match.groups()
        total = (int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)
        return Fraction(total * 1000 + int((millis or "0").ljust(3, "0")))
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise TimedTextError(f"--programme-length {text[:20]!r} is not HH:MM:SS or a number of seconds") from None
    if value <= 0:
        raise TimedTextError("--programme-length must be positive")
    return value * 1000


def _fail(message: str) -> int:
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    sys.stderr.flush()
    return 1


def run_timedtext(options: dict[str, Any], stdout: TextIO) -> int:
    path = Path(options["file"])
    try:
        fps = FrameRate.parse(options["fps"]) if options.get("fps") else None
        length = _programme_length(options["programme_length"]) if options.get("programme_length") else None
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TimedTextError(f"cannot read {path}: {exc.strerror or exc}") from None
        document = timedtext.read(
            data,
            path.name,
            format=options.get("format"),
            encoding=options.get("encoding"),
            language=options["language"],
        )
        report = timedtext.check(
            document,
            options["language"],
            fps=fps,
            programme_type=options.get("programme_type") or "adult",
            programme_length=length,
        )
    except (TimedTextError, RuleDataError) as exc:
        return _fail(str(exc))
    if options.get("json"):
        rules = timedtext.CLI_RULE_IDS + (("beyond_programme",) if length is not None else ())
        stdout.write(json.dumps(timedtext.report_to_cli(report, rules), ensure_ascii=False, indent=2) + "\n")
        return 0
    if options.get("csv"):
        stdout.write(timedtext.report_to_csv(report))
        return 0
    verdict = "PASS" if report.passed else "FAIL"
    stdout.write(
        f"{path.name}: {report.format.upper()} ({report.encoding}), {report.events} events, "
        f"{report.language} at {report.frame_rate.label} fps ({report.frame_rate_source}): "
        f"{len(report.findings)} findings, {verdict}\n"
    )
    for note in report.notes:
        stdout.write(f"note: {note}\n")
    for f in report.findings:
        limit = "" if f.limit is None else f" (limit {f.limit})"
        stdout.write(f"#{f.event:<5} {f.timecode}  {f.severity:<7} {f.rule:<17} {f.value}{limit}\n")
    return 0
