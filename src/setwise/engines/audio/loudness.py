"""ITU-R BS.1770-4 loudness and EBU Tech 3342 loudness range, from 100 ms sub-block energies.

K-weighting is the BS.1770 pre-filter (a high shelf, +4 dB above ~1.7 kHz) followed by the RLB high-pass
(~38 Hz), designed for any sample rate by the bilinear transform from their analogue parameters, which
reproduces the 48 kHz coefficient table of the standard. The measuring chain reduces each channel to the sum of
its squared K-weighted samples per 100 ms sub-block and adds the channels with their weights (``layout.weight``);
every later quantity is a window over those sums:

- momentary loudness: 400 ms blocks (4 sub-blocks) every 100 ms, i.e. 75 % overlap;
- integrated loudness: the momentary blocks gated at -70 LUFS (absolute), then at 10 LU below the power mean of
  the blocks that passed (relative); ``None`` when every block is gated out (silence: -inf LUFS);
- short-term loudness: 3 s windows (30 sub-blocks) every 100 ms (10 Hz);
- maximum momentary and short-term loudness: the same windows slid in steps of a tenth of a sub-block (10 ms at
  48 kHz, from the meter's per-window energies), so a burst that does not start on the 100 ms grid still reads
  its level (EBU Tech 3341 cases 10 and 13 shift their bursts off any grid: at 100 ms steps a 400 ms burst can
  read up to 0.6 LU low);
- loudness range: the short-term values at or above -70 LUFS, then at or above 20 LU below their power mean; the
  spread between the 10th and 95th percentiles (linear interpolation, as in Tech 3342's reference code); 0.0
  when nothing passes the gates.

A sub-block is ``round(rate / 10)`` samples (exact for the usual rates); only whole blocks and windows count.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
LRA_RELATIVE_GATE_LU = -20.0
LRA_LOW_PERCENTILE = 10.0
LRA_HIGH_PERCENTILE = 95.0
MOMENTARY_SUBBLOCKS = 4
SHORT_TERM_SUBBLOCKS = 30
_OFFSET = -0.691  # BS.1770: -0.691 dB makes a 997 Hz sine read its own level after K-weighting

# Analogue parameters of the two K-weighting stages (the BS.1770 48 kHz table, recovered by the bilinear design).
_SHELF_F0 = 1681.974450955533
_SHELF_GAIN_DB = 3.999843853973347
_SHELF_Q = 0.7071752369554196
_HIGHPASS_F0 = 38.13547087602444
_HIGHPASS_Q = 0.5003270373238773


def subblock_frames(sample_rate: int) -> int:
    """Samples in one 100 ms sub-block at this rate."""
    return max(1, round(sample_rate / 10))


def k_weighting(sample_rate: int) -> tuple[FloatArray, FloatArray]:
    """The K-weighting filter at this rate: ``(sos, ba)``. ``sos`` holds the two second-order sections (pre-filter,
    RLB high-pass) as rows ``[b0, b1, b2, 1, a1, a2]``; ``ba`` stacks the cascade's 4th-order ``b`` and ``a``."""
    k = math.tan(math.pi * _SHELF_F0 / sample_rate)
    vh = 10.0 ** (_SHELF_GAIN_DB / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / _SHELF_Q + k * k
    shelf = [
        (vh + vb * k / _SHELF_Q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / _SHELF_Q + k * k) / a0,
        1.0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / _SHELF_Q + k * k) / a0,
    ]
    k = math.tan(math.pi * _HIGHPASS_F0 / sample_rate)
    a0 = 1.0 + k / _HIGHPASS_Q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / _HIGHPASS_Q + k * k) / a0]
    sos = np.array([shelf, highpass], dtype=np.float64)
    b = np.convolve(sos[0, :3], sos[1, :3])
    a = np.convolve(sos[0, 3:], sos[1, 3:])
    return sos, np.stack([b, a])


def to_lufs(mean_square: float) -> float | None:
    """Loudness of a weighted mean square; ``None`` for zero (-inf)."""
    return _OFFSET + 10.0 * math.log10(mean_square) if mean_square > 0.0 else None


def _window_means(energies: FloatArray, subblocks: int, frames: int) -> FloatArray:
    """Mean square of every window of ``subblocks`` consecutive sub-blocks, one per sub-block step."""
    if len(energies) < subblocks:
        return np.zeros(0, dtype=np.float64)
    sums = np.lib.stride_tricks.sliding_window_view(energies, subblocks).sum(axis=1)
    return np.asarray(sums, dtype=np.float64) / (subblocks * frames)


def _lufs_array(means: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore"):
        return _OFFSET + 10.0 * np.log10(means)


def momentary(energies: FloatArray, frames: int) -> FloatArray:
    """Momentary loudness (LUFS, -inf for silence) every 100 ms from weighted sub-block energies."""
    return _lufs_array(_window_means(energies, MOMENTARY_SUBBLOCKS, frames))


def short_term(energies: FloatArray, frames: int) -> FloatArray:
    """Short-term loudness (LUFS, -inf for silence) every 100 ms from weighted sub-block energies."""
    return _lufs_array(_window_means(energies, SHORT_TERM_SUBBLOCKS, frames))


def integrated(energies: FloatArray, frames: int) -> float | None:
    """Gated integrated loudness (BS.1770-4) from weighted sub-block energies; ``None`` if all is gated out."""
    means = _window_means(energies, MOMENTARY_SUBBLOCKS, frames)
    levels = _lufs_array(means)
    passed = means[levels > ABSOLUTE_GATE_LUFS]
    if not len(passed):
        return None
    relative = _OFFSET + 10.0 * math.log10(float(passed.mean())) + RELATIVE_GATE_LU
    gated = means[(levels > ABSOLUTE_GATE_LUFS) & (levels > relative)]
    return to_lufs(float(gated.mean())) if len(gated) else None


def loudness_range(energies: FloatArray, frames: int) -> float:
    """Loudness range (EBU Tech 3342) in LU from weighted sub-block energies; 0.0 when nothing passes the gates."""
    means = _window_means(energies, SHORT_TERM_SUBBLOCKS, frames)
    levels = _lufs_array(means)
    keep = levels >= ABSOLUTE_GATE_LUFS
    if not keep.any():
        return 0.0
    power = float(means[keep].mean())
    relative = _OFFSET + 10.0 * math.log10(power) + LRA_RELATIVE_GATE_LU
    gated = levels[keep & (levels >= relative)]
    if len(gated) < 2:
        return 0.0
    low, high = np.percentile(gated, [LRA_LOW_PERCENTILE, LRA_HIGH_PERCENTILE])
    return float(high - low)


def subblocks(fine: FloatArray, parts: int) -> FloatArray:
    """Sub-block energies from energies of ``parts`` equal steps per sub-block (an incomplete last one dropped)."""
    whole = len(fine) // parts
    return np.asarray(fine[: whole * parts].reshape(whole, parts).sum(axis=1), dtype=np.float64)


def max_window(fine: FloatArray, subblocks_per_window: int, parts: int, frames: int) -> float | None:
    """The loudest window of ``subblocks_per_window`` sub-blocks (4: momentary, 30: short-term) slid one fine step
    (a ``parts``-th of a sub-block of ``frames`` samples) at a time over the fine energies; ``None`` when the
    signal is shorter than one window or silent."""
    steps = subblocks_per_window * parts
    if len(fine) < steps:
        return None
    # Running sums from a cumulative sum: O(n) for the 30 x 10 steps of a short-term window. The loudest window
    # holds at least the mean energy, so the cancellation error stays near 1e-16 x (number of windows).
    total = np.concatenate(([0.0], np.cumsum(fine)))
    best = float((total[steps:] - total[:-steps]).max())
    return to_lufs(best / (subblocks_per_window * frames))


def maximum(levels: FloatArray) -> float | None:
    """The largest finite value of a loudness series, ``None`` if there is none."""
    finite = levels[np.isfinite(levels)]
    return float(finite.max()) if len(finite) else None
