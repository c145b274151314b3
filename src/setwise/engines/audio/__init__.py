"""Audio QC engine: WAV/BWF/RF64 stems measured per ITU-R BS.1770-4 / EBU R 128 / EBU Tech 3342 and checked
against delivery targets. Pure Python + NumPy/SciPy, no Django.

- ``read_info(path) -> WavInfo``: header facts (rate, bit depth, channels and layout, duration, ``bext``).
- ``measure_file(path, labels=None, options=None) -> Measurement``: one streamed pass (memory stays flat) giving
  integrated loudness, loudness range, true peak (4x oversampled, Annex 2 filter), sample peaks, max momentary
  and short-term loudness (windows slid in 10 ms steps), silence runs and clipped runs.
  ``measure_samples(array, rate)`` does the same for an in-memory ``(frames, channels)`` signal, and
  ``loudness_profile(array, rate)`` gives its momentary and short-term loudness every 100 ms.
- ``targets()`` / ``check(measurement, "streaming") -> tuple[Finding, ...]``: the delivery targets of rules.md
  4.3 as data (``delivery_targets.json``) and the findings against one.
- ``to_json(measurement)``: the ``setwise qc audio --json`` contract.

Every failure to read is an ``AudioError`` with a one-line message. Where a level is -inf (silence, nothing
above the gates) the engine says ``None`` and the JSON says ``null``; the loudness range is then 0.0.
See ``loudness`` (gating), ``truepeak`` (oversampling), ``layout`` (channel weights) and ``wav`` (formats).
"""

from __future__ import annotations

from .delivery import DeliveryTarget, Finding, TargetRule, check, targets
from .errors import AudioError
from .meter import ClipRun, Measurement, Options, SilenceRun, loudness_profile, measure_file, measure_samples
from .wav import Bext, WavInfo, read_info

__all__ = [
    "AudioError",
    "Bext",
    "ClipRun",
    "DeliveryTarget",
    "Finding",
    "Measurement",
    "Options",
    "SilenceRun",
    "TargetRule",
    "WavInfo",
    "check",
    "loudness_profile",
    "measure_file",
    "measure_samples",
    "read_info",
    "targets",
    "to_json",
]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def to_json(measurement: Measurement) -> dict[str, float | int | None]:
    """The stable ``--json`` contract: ``integrated_lufs``, ``loudness_range_lu``, ``true_peak_dbtp`` (rounded to
    0.01; ``null`` where -inf), ``sample_rate``, ``bit_depth`` (``null`` for float files) and ``channels``."""
    return {
        "integrated_lufs": _round(measurement.integrated_lufs),
        "loudness_range_lu": _round(measurement.loudness_range_lu),
        "true_peak_dbtp": _round(measurement.true_peak_dbtp),
        "sample_rate": measurement.sample_rate,
        "bit_depth": measurement.bit_depth,
        "channels": measurement.channels,
    }
