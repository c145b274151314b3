"""The engine against reference implementations: pyloudnorm (dev dependency) for integrated loudness and loudness
range, ``scipy.signal.upfirdn`` over every sample for the pruned true peak, and the BS.1770-4 48 kHz table for
the K-weighting design."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from setwise.engines.audio import loudness, measure_samples, truepeak

RATE = 48_000


def _programme(seconds: float, channels: int, seed: int) -> np.ndarray:
    """Noise with a loudness that changes every half second over ~30 dB: gating and LRA have work to do."""
    rng = np.random.default_rng(seed)
    steps = int(seconds * 2)
    envelope = np.repeat(10 ** (rng.uniform(-40, -8, (steps, 1)) / 20), RATE // 2, axis=0)
    return rng.standard_normal((steps * RATE // 2, channels)) * 0.3 * envelope


def test_k_weighting_reproduces_the_bs1770_table_at_48k() -> None:
    sos, ba = loudness.k_weighting(48_000)
    assert sos[0] == pytest.approx([1.53512485958697, -2.69169618940638, 1.19839281085285, 1, -1.69065929318241,
                                    0.73248077421585], abs=1e-12)  # fmt: skip
    assert sos[1] == pytest.approx([1.0, -2.0, 1.0, 1.0, -1.99004745483398, 0.99007225036621], abs=1e-12)
    # The 4th-order form used for speed is the same filter.
    x = np.random.default_rng(1).standard_normal(48_000)
    assert np.abs(signal.sosfilt(sos, x) - signal.lfilter(ba[0], ba[1], x)).max() < 1e-9


@pytest.mark.parametrize("rate", [44_100, 96_000, 192_000])
def test_k_weighting_at_other_rates_has_the_same_shape(rate: int) -> None:
    sos48, _ = loudness.k_weighting(48_000)
    sos, _ = loudness.k_weighting(rate)
    freqs = np.array([20.0, 38.0, 100.0, 1000.0, 1681.0, 4000.0, 10_000.0])
    _, h48 = signal.sosfreqz(sos48, freqs, fs=48_000)
    _, h = signal.sosfreqz(sos, freqs, fs=rate)
    assert 20 * np.log10(np.abs(h)) == pytest.approx(20 * np.log10(np.abs(h48)), abs=0.1)


def test_integrated_loudness_matches_pyloudnorm_on_random_stereo() -> None:
    x = _programme(30, 2, seed=7)
    ours = measure_samples(x, RATE).integrated_lufs
    # pyloudnorm's default filter approximates K-weighting; its "DeMan" class is the same bilinear design as ours.
    assert ours == pytest.approx(pyloudnorm.Meter(RATE).integrated_loudness(x), abs=0.1)
    assert ours == pytest.approx(pyloudnorm.Meter(RATE, filter_class="DeMan").integrated_loudness(x), abs=1e-6)


def test_surround_weights_match_pyloudnorm_on_random_5_0() -> None:
    x = _programme(20, 5, seed=8)
    ours = measure_samples(x, RATE).integrated_lufs
    assert ours == pytest.approx(pyloudnorm.Meter(RATE, filter_class="DeMan").integrated_loudness(x), abs=1e-6)


def test_loudness_range_matches_pyloudnorm_within_tolerance() -> None:
    x = _programme(60, 2, seed=9)
    ours = measure_samples(x, RATE).loudness_range_lu
    assert ours > 5.0
    # pyloudnorm steps its 3 s windows by 90 ms and pads 1.5 s of silence: close, not identical.
    assert ours == pytest.approx(pyloudnorm.Meter(RATE, filter_class="DeMan").loudness_range(x), abs=1.0)


def _brute_true_peak(x: np.ndarray) -> float:
    peaks = [np.abs(signal.upfirdn(truepeak.FILTER, x[:, c], truepeak.OVERSAMPLING)).max() for c in range(x.shape[1])]
    return max(float(max(peaks)), float(np.abs(x).max()))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    channels=st.integers(1, 3),
    seconds=st.floats(0.05, 5.0),
    spikes=st.integers(0, 6),
)
def test_pruned_true_peak_equals_oversampling_every_sample(
    seed: int, channels: int, seconds: float, spikes: int
) -> None:
    rng = np.random.default_rng(seed)
    rate = 8_000  # small blocks (2 s) and windows (80 samples): many boundaries in a short signal
    frames = max(1, int(seconds * rate))
    x = rng.standard_normal((frames, channels)) * rng.uniform(0.001, 0.3, channels)
    for _ in range(spikes):  # isolated peaks, some right at block and window edges
        at = int(rng.choice([rng.integers(0, frames), min(frames - 1, 16_000), min(frames - 1, 80), frames - 1]))
        x[at, int(rng.integers(0, channels))] = rng.uniform(-1.0, 1.0)
    m = measure_samples(x, rate)
    expected = _brute_true_peak(x)
    assert m.true_peak_dbtp == pytest.approx(20 * np.log10(expected), abs=1e-9)


def test_true_peak_meter_skips_most_of_a_programme() -> None:
    x = _programme(20, 2, seed=10)
    meter = truepeak.TruePeakMeter(2, 480)
    block = 96_000
    for start in range(0, len(x), block):
        chunk = np.ascontiguousarray(x[start : start + block].T)
        windows = -(-chunk.shape[1] // 480)
        padded = np.zeros((2, windows * 480))
        padded[:, : chunk.shape[1]] = np.abs(chunk)
        meter.feed(chunk, padded.reshape(2, windows, 480).max(axis=2))
    assert meter.finish() == pytest.approx(_brute_true_peak(x), abs=1e-12)
    assert meter.interpolated_samples < 0.25 * x.size


def test_true_peak_against_32x_oversampling() -> None:
    # The Annex 2 filter (4x) against a long polyphase interpolator at 32x, which finds the real peak between
    # samples to within a few hundredths of a dB. Programme-like noise band-limited to 18 kHz lands inside Tech
    # 3341's true-peak tolerance (+0.2 / -0.4 dB). Pure sines up to 18 kHz stay above -0.4 dB (4x can miss the top
    # of a cycle by 1 - cos(pi / 12) at 16 kHz) and at most the Annex filter's own largest phase gain above it:
    # phases 1 and 2 of the standard's taps gain up to +0.22 dB in the pass band, so every meter using them reads
    # some sines that much high (the EBU peak cases, at fs/4, fs/6 and fs/8, stay within +0.2).
    rng = np.random.default_rng(11)
    band = signal.butter(12, 18_000, fs=RATE, output="sos")
    noise_errors = []
    for _ in range(8):
        x = signal.sosfilt(band, rng.standard_normal((RATE // 2, 2)), axis=0)
        x *= 0.9 / np.abs(x).max()
        reference = 20 * np.log10(np.abs(signal.resample_poly(x, 32, 1, axis=0)).max())
        noise_errors.append(measure_samples(x, RATE).true_peak_dbtp - reference)
    assert min(noise_errors) >= -0.4 and max(noise_errors) <= 0.2, noise_errors

    freqs = np.linspace(500.0, 18_000.0, 15)
    phase_gain = max(np.abs(signal.freqz(taps, worN=freqs, fs=RATE)[1]).max() for taps in truepeak.PHASES)
    t = np.arange(RATE // 4) / RATE
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)
    sine_errors = []
    for freq in freqs:
        for phase in (0.0, 0.3, 0.79, 1.3):
            x = 0.5 * np.sin(2 * np.pi * freq * t + phase) * fade
            sine_errors.append(measure_samples(x, RATE).true_peak_dbtp - 20 * np.log10(0.5))
    assert 0.2 < 20 * np.log10(phase_gain) < 0.23
    assert min(sine_errors) >= -0.4 and max(sine_errors) <= 20 * np.log10(phase_gain) + 1e-6, sine_errors
