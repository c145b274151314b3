"""Audio QC engine: WAV/BWF/RF64 stems measured per ITU-R BS.1770-4 / EBU R128 and checked against delivery
targets. Pure Python + NumPy/SciPy, no Django.
"""

from __future__ import annotations

from .errors import AudioError
from .meter import ClipRun, Measurement, Options, SilenceRun, measure_file, measure_samples
from .wav import Bext, WavInfo, read_info

__all__ = [
    "AudioError",
    "Bext",
    "ClipRun",
    "Measurement",
    "Options",
    "SilenceRun",
    "WavInfo",
    "measure_file",
    "measure_samples",
    "read_info",
]
