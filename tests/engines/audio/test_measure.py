"""Silence, clipping, -inf levels and the options of a measurement."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from setwise.engines.audio import AudioError, Options, loudness_profile, measure_file, measure_samples, to_json
from setwise.engines.audio.meter import window_frames

from .signals import RATE, tone, wav_bytes


def _stereo(*parts: np.ndarray) -> np.ndarray:
    mono = np.concatenate(parts)
    return np.stack([mono, 0.5 * mono], axis=1)


def _zeros(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * RATE))


def test_silence_leading_internal_and_trailing() -> None:
    quiet = tone(-70.0, 0.5)  # below the -60 dBFS threshold, but too short to report inside the programme
    x = _stereo(_zeros(1.5), tone(-20, 3.0), _zeros(2.5), tone(-20, 2.0), quiet, tone(-20, 1.0), _zeros(1.2))
    m = measure_samples(x, RATE)
    assert [(r.position, round(r.start_s, 2), round(r.end_s, 2)) for r in m.silence] == [
        ("leading", 0.0, 1.5),
        ("internal", 4.5, 7.0),
        ("trailing", 10.5, 11.7),
    ]
    assert m.leading_silence_s == pytest.approx(1.5)
    assert m.trailing_silence_s == pytest.approx(1.2)
    louder = measure_samples(x, RATE, options=Options(silence_threshold_dbfs=-80.0, min_silence_s=0.4))
    assert [r.position for r in louder.silence] == ["leading", "internal", "trailing"]  # -70 dBFS is not silence
    shorter = measure_samples(x, RATE, options=Options(min_silence_s=0.4))
    assert [(r.position, round(r.start_s, 2)) for r in shorter.silence][1:3] == [("internal", 4.5), ("internal", 9.0)]


def test_silence_is_judged_on_all_channels() -> None:
    x = np.stack([np.concatenate([tone(-20, 1.0), _zeros(3.0)]), tone(-30, 4.0)], axis=1)
    assert measure_samples(x, RATE).silence == ()


def test_a_silent_file_has_no_levels_and_valid_json(tmp_path: Path) -> None:
    path = tmp_path / "silent.wav"
    path.write_bytes(wav_bytes(np.zeros((RATE * 3, 2)), bits=24))
    m = measure_file(path)
    assert (m.integrated_lufs, m.true_peak_dbtp, m.sample_peak_dbfs, m.max_momentary_lufs) == (None, None, None, None)
    assert m.loudness_range_lu == 0.0
    assert [(r.position, r.start_s, r.end_s) for r in m.silence] == [("whole", 0.0, 3.0)]
    text = json.dumps(to_json(m), allow_nan=False)
    assert json.loads(text) == {
        "integrated_lufs": None,
        "loudness_range_lu": 0.0,
        "true_peak_dbtp": None,
        "sample_rate": RATE,
        "bit_depth": 24,
        "channels": 2,
    }


def test_below_the_absolute_gate_has_a_peak_but_no_loudness() -> None:
    m = measure_samples(np.stack([tone(-80.0, 2.0)] * 2, axis=1), RATE)
    assert m.integrated_lufs is None
    assert m.true_peak_dbtp == pytest.approx(-80.0, abs=0.1)


def test_shorter_than_one_block() -> None:
    m = measure_samples(tone(-20.0, 0.3), RATE)
    assert m.integrated_lufs is None and m.max_momentary_lufs is None
    assert m.sample_peak_dbfs == pytest.approx(-20.0, abs=0.01)


def _clipped(frames: int, runs: list[tuple[int, int, int, float]], channels: int = 2) -> np.ndarray:
    x = np.stack([tone(-12.0, frames / RATE)] * channels, axis=1)
    for channel, start, length, value in runs:
        x[start : start + length, channel] = value
    return x


BLOCK = 2 * RATE  # the meter's block: runs across it must be joined


@pytest.mark.parametrize("bits", [16, 24])
def test_clipping_runs_in_a_pcm_file(tmp_path: Path, bits: int) -> None:
    frames = 3 * RATE
    runs = [
        (0, RATE, 5, 1.0),  # 5 samples at the top code
        (0, RATE + RATE // 2, 2, 1.0),  # too short to count
        (1, BLOCK - 2, 4, -1.0),  # across the block boundary
        (1, frames - 3, 3, 1.0),  # runs to the end of the file
    ]
    path = tmp_path / "clipped.wav"
    path.write_bytes(wav_bytes(_clipped(frames, runs), bits=bits))
    m = measure_file(path)
    assert m.clip_runs == 3
    assert [(r.channel, round(r.start_s * RATE), r.samples) for r in m.clipping] == [
        ("L", RATE, 5),
        ("R", BLOCK - 2, 4),
        ("R", frames - 3, 3),
    ]
    assert measure_file(path, options=Options(min_clip_samples=2)).clip_runs == 4


def test_clipping_in_float_and_the_listed_runs_are_capped() -> None:
    runs = [(0, 1000 + 100 * k, 3, 1.2 if k % 2 else -1.0) for k in range(30)]
    m = measure_samples(_clipped(RATE, runs), RATE, options=Options(max_clip_runs=10))
    assert m.clip_runs == 30
    assert len(m.clipping) == 10
    almost = _clipped(RATE, [(0, 1000, 50, 0.999)])
    assert measure_samples(almost, RATE).clip_runs == 0


def test_non_finite_float_samples_are_refused() -> None:
    x = np.stack([tone(-20, 5.0)] * 2, axis=1)
    x[3 * RATE, 1] = np.inf
    with pytest.raises(AudioError, match=r"near 3\.00 s"):
        measure_samples(x, RATE)


def test_bad_arrays_and_labels() -> None:
    with pytest.raises(AudioError, match="non-empty"):
        measure_samples(np.zeros((0, 2)), RATE)
    with pytest.raises(AudioError, match="3 channel labels given for 2 channels"):
        measure_samples(np.zeros((RATE, 2)), RATE, labels=["L", "R", "C"])
    with pytest.raises(AudioError, match="too low"):
        measure_samples(np.zeros(100), 4000)


def test_lfe_label_excludes_a_channel() -> None:
    x = np.stack([tone(-23, 5.0), tone(-23, 5.0), tone(-3, 5.0, freq=60.0)], axis=1)
    with_lfe = measure_samples(x, RATE, labels=["L", "R", "LFE"])
    assert with_lfe.integrated_lufs == pytest.approx(-23.0, abs=0.1)
    assert with_lfe.channel_layout == "2.1"
    assert with_lfe.true_peak_dbtp == pytest.approx(-3.0, abs=0.05)  # the LFE still counts for peaks


def test_loudness_profile_times() -> None:
    momentary, short = loudness_profile(np.stack([tone(-23, 5.0)] * 2, axis=1), RATE)
    assert len(momentary) == 50 - 4 + 1 and len(short) == 50 - 30 + 1


@pytest.mark.parametrize(("rate", "window"), [(48_000, 480), (44_100, 441), (96_000, 960), (22_050, 441), (8_000, 80)])
def test_peak_windows(rate: int, window: int) -> None:
    assert window_frames(rate) == window
