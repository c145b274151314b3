"""Measure a WAV/BWF file or an array in one streamed pass: loudness, loudness range, true peak, sample peaks,
silence and clipping.

``measure_file(path)`` reads the file block by block (``wav.read_blocks``), so memory stays flat for a 2-hour
mix: per block it keeps each channel's window peaks, feeds the true-peak meter, K-weights the weighted channels
with ``scipy.signal.lfilter`` (filter state carried across blocks) and reduces them to weighted 100 ms sub-block
energies; the loudness figures are windows over those energies (see ``loudness``), computed at the end.

Silence is judged on windows of about 10 ms: a window is silent when every channel's sample peak is below
``silence_threshold_dbfs``. Runs of silent windows are reported when they start the file (leading), end it
(trailing) or last at least ``min_silence_s`` in between (internal); times are on the 10 ms grid. Clipping is a
run of at least ``min_clip_samples`` consecutive samples of one channel at full scale (the top PCM code or its
negative, |x| >= 1.0 for float files).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import signal

from . import layout, loudness, wav
from .errors import AudioError
from .truepeak import TruePeakMeter

FloatArray = npt.NDArray[np.float64]
SilencePosition = Literal["leading", "internal", "trailing", "whole"]

MIN_SAMPLE_RATE = 8000
_BLOCK_SUBBLOCKS = 20  # 2 s blocks: a channel (0.8 MB at 48 kHz) stays in cache through its passes


@dataclass(frozen=True)
class Options:
    """Thresholds for the silence and clipping reports (loudness follows the standards and has none)."""

    silence_threshold_dbfs: float = -60.0
    min_silence_s: float = 2.0
    min_clip_samples: int = 3
    max_clip_runs: int = 100  # runs listed; all are counted


@dataclass(frozen=True)
class SilenceRun:
    start_s: float
    end_s: float
    position: SilencePosition

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class ClipRun:
    channel: str
    start_s: float
    samples: int


@dataclass(frozen=True)
class Measurement:
    """Everything measured in one file. Loudness and peak levels are ``None`` where they are -inf (silence)."""

    sample_rate: int
    channels: int
    bit_depth: int | None
    sample_format: wav.SampleFormat
    container_bits: int
    channel_labels: tuple[str, ...]
    channel_layout: str
    frames: int
    integrated_lufs: float | None
    loudness_range_lu: float
    true_peak_dbtp: float | None
    sample_peak_dbfs: float | None
    channel_peaks_dbfs: tuple[float | None, ...]
    max_momentary_lufs: float | None
    max_short_term_lufs: float | None
    silence: tuple[SilenceRun, ...]
    clipping: tuple[ClipRun, ...]
    clip_runs: int
    bext: wav.Bext | None = None

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate

    @property
    def leading_silence_s(self) -> float:
        return sum(r.duration_s for r in self.silence if r.position in ("leading", "whole"))

    @property
    def trailing_silence_s(self) -> float:
        return sum(r.duration_s for r in self.silence if r.position in ("trailing", "whole"))


def _db(linear: float) -> float | None:
    return 20.0 * math.log10(linear) if linear > 0.0 else None


def window_frames(sample_rate: int) -> int:
    """The peak window: the sub-block split in up to 10 equal parts of at least 11 samples (10 ms at 48 kHz)."""
    sub = loudness.subblock_frames(sample_rate)
    for parts in (10, 8, 6, 5, 4, 3, 2):
        if sub % parts == 0 and sub // parts >= 11:
            return sub // parts
    return sub


class _Analysis:
    """The streamed pass over one file (or array); ``feed`` blocks in order, then ``result``."""

    def __init__(self, sample_rate: int, labels: tuple[str, ...], full_scale: float, options: Options) -> None:
        if sample_rate < MIN_SAMPLE_RATE:
            raise AudioError(f"sample rate {sample_rate} Hz is too low to measure (at least {MIN_SAMPLE_RATE} Hz)")
        self.rate = sample_rate
        self.labels = labels
        self.options = options
        self.sub = loudness.subblock_frames(sample_rate)
        self.window = window_frames(sample_rate)
        self.block_frames = self.sub * _BLOCK_SUBBLOCKS
        weights = [layout.weight(label) for label in labels]
        self.weighted = [(c, w) for c, w in enumerate(weights) if w > 0.0]
        _sos, ba = loudness.k_weighting(sample_rate)
        self.b, self.a = ba[0], ba[1]
        self.zi = np.zeros((len(labels), 4), dtype=np.float64)
        self.energies: list[FloatArray] = []
        self.window_peaks: list[npt.NDArray[np.float32]] = []
        self.channel_peaks = np.zeros(len(labels), dtype=np.float64)
        self.true_peak = TruePeakMeter(len(labels), self.window)
        self.clip_level = full_scale
        self.clip_carry = [(0, 0)] * len(labels)  # (start frame, length) of a run reaching the block's end
        self.clip_runs: list[ClipRun] = []
        self.clip_count = 0
        self.frames = 0
        self.pending = 0  # samples of an incomplete sub-block: only the last block may leave some

    def _peaks(self, block: FloatArray) -> FloatArray:
        channels, frames = block.shape
        windows = -(-frames // self.window)
        whole = frames // self.window
        peaks = np.empty((channels, windows), dtype=np.float64)
        for c in range(channels):
            shaped = block[c, : whole * self.window].reshape(whole, self.window)
            np.maximum(shaped.max(axis=1), -shaped.min(axis=1), out=peaks[c, :whole])
            if windows > whole:
                peaks[c, whole] = np.abs(block[c, whole * self.window :]).max()
        return peaks

    def feed(self, block: FloatArray) -> None:
        if self.pending:
            raise AssertionError("only the last block may end inside a sub-block")
        channels, frames = block.shape
        if not frames:
            return
        peaks = self._peaks(block)
        if not np.isfinite(peaks).all():
            at = (self.frames + int(np.nonzero(~np.isfinite(peaks).all(axis=0))[0][0]) * self.window) / self.rate
            raise AudioError(f"the file holds non-finite samples (NaN or infinity) near {at:.2f} s")
        block_peaks = peaks.max(axis=1)
        np.maximum(self.channel_peaks, block_peaks, out=self.channel_peaks)
        self.window_peaks.append(peaks.max(axis=0).astype(np.float32))
        self.true_peak.feed(block, peaks)
        whole = frames // self.sub
        energy = np.zeros(whole, dtype=np.float64)
        for c, w in self.weighted:
            filtered, self.zi[c] = signal.lfilter(self.b, self.a, block[c], zi=self.zi[c])
            if whole:
                shaped = filtered[: whole * self.sub].reshape(whole, self.sub)
                energy += w * np.einsum("ij,ij->i", shaped, shaped)
        self.energies.append(energy)
        self.pending = frames - whole * self.sub
        for c in range(channels):
            if block_peaks[c] >= self.clip_level or self.clip_carry[c][1]:
                self._clips(c, block[c])
        self.frames += frames

    def _clips(self, channel: int, samples: FloatArray) -> None:
        start, length = self.clip_carry[channel]
        hits = np.abs(samples) >= self.clip_level
        edges = np.diff(np.concatenate(([False], hits, [False])).astype(np.int8))
        starts = np.nonzero(edges == 1)[0]
        ends = np.nonzero(edges == -1)[0]
        runs = [(self.frames + int(s), int(e - s)) for s, e in zip(starts, ends, strict=True)]
        if length:
            if runs and runs[0][0] == self.frames:
                runs[0] = (start, length + runs[0][1])
            else:
                self._clip(channel, start, length)
        carry = (0, 0)
        if runs and ends[-1] == len(samples):
            carry = runs.pop()
        for run_start, run_length in runs:
            self._clip(channel, run_start, run_length)
        self.clip_carry[channel] = carry

    def _clip(self, channel: int, start: int, length: int) -> None:
        if length < self.options.min_clip_samples:
            return
        self.clip_count += 1
        if len(self.clip_runs) < self.options.max_clip_runs:
            self.clip_runs.append(ClipRun(self.labels[channel], start / self.rate, length))

    def _silence(self) -> tuple[SilenceRun, ...]:
        if not self.window_peaks or not self.frames:
            return ()
        level = 10.0 ** (self.options.silence_threshold_dbfs / 20.0)
        silent = np.concatenate(self.window_peaks) < level
        edges = np.diff(np.concatenate(([False], silent, [False])).astype(np.int8))
        starts = np.nonzero(edges == 1)[0]
        ends = np.nonzero(edges == -1)[0]
        windows = len(silent)
        runs: list[SilenceRun] = []
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            start_s = s * self.window / self.rate
            end_s = min(e * self.window, self.frames) / self.rate
            if s == 0 and e == windows:
                runs.append(SilenceRun(start_s, end_s, "whole"))
            elif s == 0:
                runs.append(SilenceRun(start_s, end_s, "leading"))
            elif e == windows:
                runs.append(SilenceRun(start_s, end_s, "trailing"))
            elif end_s - start_s >= self.options.min_silence_s:
                runs.append(SilenceRun(start_s, end_s, "internal"))
        return tuple(runs)

    def energy(self) -> FloatArray:
        """The weighted K-weighted energy of every whole 100 ms sub-block so far."""
        return np.concatenate(self.energies) if self.energies else np.zeros(0, dtype=np.float64)

    def result(self, info: wav.WavInfo | None, bit_depth: int | None, sample_format: wav.SampleFormat) -> Measurement:
        for c, (start, length) in enumerate(self.clip_carry):
            if length:
                self._clip(c, start, length)
        self.clip_carry = [(0, 0)] * len(self.labels)
        energies = self.energy()
        true_peak = self.true_peak.finish()
        return Measurement(
            sample_rate=self.rate,
            channels=len(self.labels),
            bit_depth=bit_depth,
            sample_format=sample_format,
            container_bits=info.container_bits if info else (bit_depth or 64),
            channel_labels=self.labels,
            channel_layout=layout.layout_name(self.labels),
            frames=self.frames,
            integrated_lufs=loudness.integrated(energies, self.sub),
            loudness_range_lu=loudness.loudness_range(energies, self.sub),
            true_peak_dbtp=_db(true_peak),
            sample_peak_dbfs=_db(float(self.channel_peaks.max())) if len(self.channel_peaks) else None,
            channel_peaks_dbfs=tuple(_db(float(p)) for p in self.channel_peaks),
            max_momentary_lufs=loudness.maximum(loudness.momentary(energies, self.sub)),
            max_short_term_lufs=loudness.maximum(loudness.short_term(energies, self.sub)),
            silence=self._silence(),
            clipping=tuple(self.clip_runs),
            clip_runs=self.clip_count,
            bext=info.bext if info else None,
        )


def _labels(given: tuple[str, ...] | list[str] | None, channels: int, default: tuple[str, ...]) -> tuple[str, ...]:
    if given is None:
        return default
    labels = tuple(given)
    if len(labels) != channels:
        raise AudioError(f"{len(labels)} channel labels given for {channels} channels")
    return labels


def measure_file(
    path: str | os.PathLike[str],
    *,
    labels: tuple[str, ...] | list[str] | None = None,
    options: Options | None = None,
) -> Measurement:
    """Measure a WAV/BWF/RF64 file, streamed in blocks. ``labels`` overrides the channel layout the header gives
    (one label per channel, see ``layout``). ``AudioError`` for a file that cannot be read."""
    info = wav.read_info(path)
    if not info.frames:
        raise AudioError("the WAV file holds no samples")
    analysis = _Analysis(
        info.sample_rate,
        _labels(labels, info.channels, info.channel_labels),
        wav.full_scale(info),
        options or Options(),
    )
    for block in wav.read_blocks(info, path, analysis.block_frames):
        analysis.feed(block)
    if analysis.frames != info.frames:
        raise AudioError(f"truncated WAV file: {analysis.frames} of {info.frames} frames could be read")
    return analysis.result(info, info.bit_depth, info.sample_format)


def _prepare(samples: npt.ArrayLike) -> FloatArray:
    data = np.asarray(samples, dtype=np.float64)
    if data.ndim == 1:
        data = data[:, None]
    if data.ndim != 2 or not data.shape[0] or not data.shape[1]:
        raise AudioError("samples must be a non-empty (frames, channels) array")
    return data


def _feed_array(analysis: _Analysis, data: FloatArray) -> None:
    for start in range(0, data.shape[0], analysis.block_frames):
        analysis.feed(np.ascontiguousarray(data[start : start + analysis.block_frames].T))


def measure_samples(
    samples: npt.ArrayLike,
    sample_rate: int,
    *,
    labels: tuple[str, ...] | list[str] | None = None,
    bit_depth: int | None = None,
    options: Options | None = None,
) -> Measurement:
    """Measure an in-memory signal: ``(frames, channels)`` or ``(frames,)`` for mono, values in [-1, 1]. With a
    ``bit_depth`` the samples are taken as that PCM depth (full scale ``1 - 2^-(bits-1)``), else as float."""
    data = _prepare(samples)
    channels = data.shape[1]
    full_scale = 1.0 - 2.0 ** -(bit_depth - 1) if bit_depth else 1.0
    analysis = _Analysis(
        sample_rate, _labels(labels, channels, layout.default_labels(channels)), full_scale, options or Options()
    )
    _feed_array(analysis, data)
    return analysis.result(None, bit_depth, "pcm" if bit_depth else "float")


def loudness_profile(
    samples: npt.ArrayLike, sample_rate: int, *, labels: tuple[str, ...] | list[str] | None = None
) -> tuple[FloatArray, FloatArray]:
    """Momentary and short-term loudness (LUFS, -inf where silent) every 100 ms of an in-memory signal: value
    ``k`` is the window ending at ``(k + 4) x 100 ms`` (momentary) or ``(k + 30) x 100 ms`` (short-term)."""
    data = _prepare(samples)
    analysis = _Analysis(
        sample_rate, _labels(labels, data.shape[1], layout.default_labels(data.shape[1])), 1.0, Options()
    )
    _feed_array(analysis, data)
    energies = analysis.energy()
    return loudness.momentary(energies, analysis.sub), loudness.short_term(energies, analysis.sub)
