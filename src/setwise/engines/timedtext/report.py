"""Report output: the full JSON-able dict (API, product), the command line's contract, and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any, TextIO

from .qc import CLI_RULE_IDS, Finding, Report

CSV_COLUMNS = ("event", "timecode", "smpte", "rule", "key", "value", "limit", "unit", "severity", "status", "detail")


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "event": finding.event,
        "timecode": finding.timecode,
        "smpte": finding.smpte,
        "rule": finding.rule,
        "key": finding.key,
        "value": finding.value,
        "limit": finding.limit,
        "unit": finding.unit,
        "severity": finding.severity,
        "status": finding.status,
        "source": finding.source,
        "detail": finding.detail,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """Everything in the report, JSON-serialisable."""
    return {
        "language": report.language,
        "format": report.format,
        "encoding": report.encoding,
        "events": report.events,
        "frame_rate": report.frame_rate.label,
        "frame_rate_source": report.frame_rate_source,
        "programme_type": report.programme_type,
        "average_reading_speed": report.average_reading_speed,
        "passed": report.passed,
        "counts": report.counts(),
        "notes": list(report.notes),
        "findings": [finding_to_dict(f) for f in report.findings],
    }


def report_to_cli(report: Report, rules: tuple[str, ...] = CLI_RULE_IDS) -> dict[str, Any]:
    """The ``setwise qc timedtext --json`` contract: ``{"events", "findings": [{"event", "rule", "value",
    "limit"}]}``, findings limited to ``rules``."""
    return {
        "events": report.events,
        "findings": [
            {"event": f.event, "rule": f.rule, "value": f.value, "limit": f.limit}
            for f in report.findings
            if f.rule in rules
        ],
    }


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # text from the file must not become a spreadsheet formula
    return value


def write_csv(report: Report, stream: TextIO) -> None:
    """One row per finding, with a header row."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for finding in report.findings:
        row = finding_to_dict(finding)
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])


def report_to_csv(report: Report) -> str:
    buffer = io.StringIO()
    write_csv(report, buffer)
    return buffer.getvalue()
