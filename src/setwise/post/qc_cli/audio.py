"""``setwise qc audio FILE [--spec TARGET] [--labels L,R,...] [--workers N] [--json]``: measure a WAV/BWF/RF64
file.

With ``--json`` the output is the stable contract (``setwise.engines.audio.to_json``): exactly
``{"integrated_lufs", "loudness_range_lu", "true_peak_dbtp", "sample_rate", "bit_depth", "channels"}``, where a
level that is -inf (a silent file) is ``null`` and ``bit_depth`` is ``null`` for float files. Without it, a
readable summary, and with ``--spec`` the findings against a delivery target (rules.md 4.3). A file that was
read exits 0, findings or not; a file that cannot be read prints one ``error: ...`` line on stderr and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO

from setwise.engines.audio import AudioError, Measurement, check, measure_file, targets, to_json


def add_audio_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print the JSON contract")
    parser.add_argument(
        "--spec",
        choices=sorted(targets()),
        default=None,
        help="check against a delivery target and print the findings (not part of --json)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="processes measuring stretches of a long file in parallel (default: up to 4, one per CPU)",
    )
    parser.add_argument(
        "--labels",
        default=None,
        help="channel labels in file order when the header's layout is wrong, e.g. L,R,C,LFE,Lss,Rss,Lrs,Rrs",
    )


def _level(value: float | None, unit: str) -> str:
    return f"{'-inf':>6} {unit}" if value is None else f"{value:6.1f} {unit}"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60.0)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{secs:06.3f}" if hours else f"{minutes}:{secs:06.3f}"


def _summary(name: str, m: Measurement) -> list[str]:
    depth = f"{m.bit_depth}-bit PCM" if m.bit_depth is not None else f"{m.container_bits}-bit float"
    peaks = ", ".join(
        f"{label} {'-inf' if p is None else f'{p:.1f}'}"
        for label, p in zip(m.channel_labels, m.channel_peaks_dbfs, strict=True)
    )
    lines = [
        f"{name}: {depth}, {m.sample_rate} Hz, {m.channels} channels "
        f"({m.channel_layout}: {' '.join(m.channel_labels)}), {_clock(m.duration_s)}",
        f"  integrated loudness    {_level(m.integrated_lufs, 'LUFS')}",
        f"  loudness range         {m.loudness_range_lu:6.1f} LU",
        f"  true peak              {_level(m.true_peak_dbtp, 'dBTP')}",
        f"  sample peak            {_level(m.sample_peak_dbfs, 'dBFS')}  ({peaks})",
        f"  max momentary          {_level(m.max_momentary_lufs, 'LUFS')}",
        f"  max short-term         {_level(m.max_short_term_lufs, 'LUFS')}",
        f"  silence                leading {m.leading_silence_s:.2f} s, trailing {m.trailing_silence_s:.2f} s",
    ]
    lines += [
        f"    internal {_clock(run.start_s)} - {_clock(run.end_s)} ({run.duration_s:.2f} s)"
        for run in m.silence
        if run.position == "internal"
    ]
    if m.clip_runs:
        lines.append(f"  clipping               {m.clip_runs} runs of full-scale samples")
        lines += [f"    {run.channel} at {_clock(run.start_s)}: {run.samples} samples" for run in m.clipping[:10]]
    else:
        lines.append("  clipping               none")
    if m.bext is not None:
        bext = m.bext
        lines.append(
            f"  bext                   {bext.description or '-'} / {bext.originator or '-'}"
            f" {bext.origination_date} {bext.origination_time}".rstrip()
        )
    return lines


def run_audio(options: dict[str, Any], stdout: TextIO) -> int:
    path = str(options["file"])
    labels = [s.strip() for s in options["labels"].split(",")] if options.get("labels") else None
    try:
        measurement = measure_file(path, labels=labels, workers=max(1, int(options.get("workers") or 1)))
    except AudioError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.stderr.flush()
        return 1
    if options.get("json"):
        stdout.write(json.dumps(to_json(measurement)) + "\n")
        return 0
    stdout.write("\n".join(_summary(path, measurement)) + "\n")
    spec = options.get("spec")
    if spec:
        target = targets()[spec]
        findings = check(measurement, target)
        stdout.write(f"{target.name}: {len(findings) or 'no'} finding{'s' if len(findings) != 1 else ''}\n")
        for f in findings:
            stdout.write(f"  {f.severity:<8} {f.rule:<20} {f.message} [{f.status}]\n")
    return 0
