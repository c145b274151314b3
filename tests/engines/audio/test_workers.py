"""A file measured in parallel stretches gives what one pass gives: filters warmed across the joins, clipped
runs and silences that cross them, the true-peak filter's history."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from setwise.engines.audio import measure_file, meter

from .signals import RATE, wav_bytes

JOINS = (4 * RATE, 8 * RATE)  # where three workers split 12 s (2 s blocks)


def _mix() -> np.ndarray:
    rng = np.random.default_rng(5)
    frames = 12 * RATE
    levels = np.repeat(10 ** (rng.uniform(-40, -10, 24) / 20), RATE // 2)
    x = rng.standard_normal((frames, 6)) * 0.2 * levels[:, None]
    x[: RATE // 2] = 0.0  # leading silence
    x[7 * RATE : 9 * RATE + 100] = 0.0  # 2 s of silence across the second join
    x[JOINS[0] - 2 : JOINS[0] + 3, 0] = 1.0  # a clipped run across the first join
    x[JOINS[0] - 5 : JOINS[0], 2] = -1.0  # ... one ending at it
    x[JOINS[0] : JOINS[0] + 4, 1] = 1.0  # ... one starting at it
    x[3 * RATE : int(6.5 * RATE), 5] = 1.0  # ... one 3.5 s long, across a join and the next block boundary
    x[JOINS[0] + 1, 4] = -0.97  # a true peak right after a join
    return x


def test_parallel_stretches_measure_like_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mix.wav"
    path.write_bytes(wav_bytes(_mix(), bits=24, extensible=True, mask=0x3F))
    monkeypatch.setattr(meter, "_MIN_STRETCH_S", 1)
    assert meter._stretches(12 * RATE, 3, 2 * RATE, RATE) == [(0, JOINS[0]), JOINS, (JOINS[1], 12 * RATE)]
    one = measure_file(path)
    three = measure_file(path, workers=3)
    assert three.integrated_lufs == pytest.approx(one.integrated_lufs, abs=1e-9)
    assert three.loudness_range_lu == pytest.approx(one.loudness_range_lu, abs=1e-9)
    assert three.max_momentary_lufs == pytest.approx(one.max_momentary_lufs, abs=1e-9)
    assert three.true_peak_dbtp == one.true_peak_dbtp
    assert three.channel_peaks_dbfs == one.channel_peaks_dbfs
    assert three.silence == one.silence
    assert [(r.position, round(r.start_s, 2), round(r.end_s, 2)) for r in one.silence] == [
        ("leading", 0.0, 0.5),
        ("internal", 7.0, 9.0),
    ]
    assert three.clipping == one.clipping
    assert [(r.channel, round(r.start_s * RATE), r.samples) for r in one.clipping] == [
        ("Rs", 3 * RATE, int(3.5 * RATE)),
        ("C", JOINS[0] - 5, 5),
        ("L", JOINS[0] - 2, 5),
        ("R", JOINS[0], 4),
    ]
    assert three.clip_runs == one.clip_runs == 4
