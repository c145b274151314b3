"""Measure a WAV/BWF file or an array in one streamed pass: loudness, loudness range, true peak, sample peaks,
silence and clipping.

``measure_file(path)`` reads the file block by block (``wav.read_blocks``), so memory stays flat for a 2-hour
mix: per block it keeps each channel's window peaks, feeds the true-peak meter, K-weights the weighted channels
with ``scipy.signal.lfilter`` (filter state carried across blocks) and reduces them to weighted energies per peak
window (10 ms at 48 kHz; ten make a 100 ms sub-block); the loudness figures are windows over those energies (see
``loudness``), computed at the end.

Silence is judged on windows of about 10 ms: a window is silent when every channel's sample peak is below
``silence_threshold_dbfs``. Runs of silent windows are reported when they start the file (leading), end it
(trailing) or last at least ``min_silence_s`` in between (internal); times are on the 10 ms grid. Clipping is a
run of at least ``min_clip_samples`` consecutive samples of one channel at full scale (the top PCM code or its
negative, |x| >= 1.0 for float files).
"""

from __future__ import annotations

import concurrent.futures
import itertools
import math
import multiprocessing
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
_MIN_STRETCH_S = 60  # parallel workers only for files of at least this many seconds per worker
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


@dataclass(frozen=True)
class _Part:
    """What one pass over a stretch of frames found; parts of consecutive stretches combine into a measurement."""

    frames: int
    energies: FloatArray  # per peak window (10 ms at 48 kHz); sub-block energies are sums of sub // window of them
    window_peaks: npt.NDArray[np.float32]
    channel_peaks: FloatArray
    true_peak: float
    clip_runs: tuple[ClipRun, ...]
    clip_count: int


class _Analysis:
    """The streamed pass over frames ``origin`` to ``end`` of a file (or array): ``warm`` with the frames just
    before ``origin`` (filter state and true-peak history), ``feed`` the stretch block by block, ``look_ahead``
    past ``end`` while a clipped run is still open, then ``part``. A run belongs to the stretch it starts in."""

    def __init__(
        self,
        sample_rate: int,
        labels: tuple[str, ...],
        full_scale: float,
        options: Options,
        origin: int = 0,
        warm_from: int | None = None,
    ) -> None:
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
        self.origin = origin
        self.position = origin if warm_from is None else warm_from  # the absolute frame of the next block
        self.end: int | None = None  # set once the stretch is fed: runs starting there belong to the next one
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

    def warm(self, block: FloatArray) -> None:
        """Frames just before the stretch: they set the filter state and history but are not measured."""
        for c, _w in self.weighted:
            _filtered, self.zi[c] = signal.lfilter(self.b, self.a, block[c], zi=self.zi[c])
        self.true_peak.prime(block)
        self._clip_block(block, np.abs(block).max(axis=1))
        self.position += block.shape[1]

    def feed(self, block: FloatArray, peaks: FloatArray | None = None) -> None:
        """Measure the next block; ``peaks`` are its per-window sample peaks if the reader already has them."""
        if self.pending:
            raise AssertionError("only the last block may end inside a sub-block")
        frames = block.shape[1]
        if not frames:
            return
        if peaks is None:
            peaks = self._peaks(block)
        if not np.isfinite(peaks).all():
            at = (self.position + int(np.nonzero(~np.isfinite(peaks).all(axis=0))[0][0]) * self.window) / self.rate
            raise AudioError(f"the file holds non-finite samples (NaN or infinity) near {at:.2f} s")
        block_peaks = peaks.max(axis=1)
        np.maximum(self.channel_peaks, block_peaks, out=self.channel_peaks)
        self.window_peaks.append(peaks.max(axis=0).astype(np.float32))
        self.true_peak.feed(block, peaks)
        whole = frames // self.window
        energy = np.zeros(whole, dtype=np.float64)
        for c, w in self.weighted:
            filtered, self.zi[c] = signal.lfilter(self.b, self.a, block[c], zi=self.zi[c])
            if whole:
                shaped = filtered[: whole * self.window].reshape(whole, self.window)
                energy += w * np.einsum("ij,ij->i", shaped, shaped)
        self.energies.append(energy)
        self.pending = frames % self.sub
        self._clip_block(block, block_peaks)
        self.position += frames

    def _clip_block(self, block: FloatArray, block_peaks: FloatArray) -> None:
        for c in range(block.shape[0]):
            if block_peaks[c] >= self.clip_level or self.clip_carry[c][1]:
                self._clips(c, block[c])

    def look_ahead(self, block: FloatArray) -> bool:
        """Frames after the stretch, only to finish a clipped run that crosses its end; False once none is open."""
        if self.end is None:
            self.end = self.position
        open_runs = [c for c, (start, length) in enumerate(self.clip_carry) if length and start < self.end]
        for c in open_runs:
            self._clips(c, block[c])
        self.position += block.shape[1]
        self.clip_carry = [(s, n) if s < self.end else (0, 0) for s, n in self.clip_carry]
        return any(length for _start, length in self.clip_carry)

    def _clips(self, channel: int, samples: FloatArray) -> None:
        start, length = self.clip_carry[channel]
        hits = np.abs(samples) >= self.clip_level
        edges = np.diff(np.concatenate(([False], hits, [False])).astype(np.int8))
        starts = np.nonzero(edges == 1)[0]
        ends = np.nonzero(edges == -1)[0]
        runs = [(self.position + int(s), int(e - s)) for s, e in zip(starts, ends, strict=True)]
        if length:
            if runs and runs[0][0] == self.position:
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
        if length < self.options.min_clip_samples or start < self.origin:
            return
        if self.end is not None and start >= self.end:
            return
        self.clip_count += 1
        if len(self.clip_runs) < self.options.max_clip_runs:
            self.clip_runs.append(ClipRun(self.labels[channel], start / self.rate, length))

    def fine_energy(self) -> FloatArray:
        """The weighted K-weighted energy of every whole peak window (a tenth of a sub-block, 10 ms at 48 kHz)."""
        return np.concatenate(self.energies) if self.energies else np.zeros(0, dtype=np.float64)

    def energy(self) -> FloatArray:
        """The weighted K-weighted energy of every whole 100 ms sub-block so far."""
        return loudness.subblocks(self.fine_energy(), self.sub // self.window)

    def part(self, last: bool) -> _Part:
        """The stretch's findings; ``last`` when it ends the file (the true-peak filter's tail is measured)."""
        if self.end is None:
            self.end = self.position
        for c, (start, length) in enumerate(self.clip_carry):
            if length:
                self._clip(c, start, length)
        self.clip_carry = [(0, 0)] * len(self.labels)
        return _Part(
            frames=self.end - self.origin,
            energies=self.fine_energy(),
            window_peaks=(np.concatenate(self.window_peaks) if self.window_peaks else np.zeros(0, dtype=np.float32)),
            channel_peaks=self.channel_peaks.copy(),
            true_peak=self.true_peak.finish(flush=last),
            clip_runs=tuple(self.clip_runs),
            clip_count=self.clip_count,
        )


def _silence(
    peaks: npt.NDArray[np.float32], frames: int, rate: int, window: int, options: Options
) -> tuple[SilenceRun, ...]:
    if not len(peaks) or not frames:
        return ()
    level = 10.0 ** (options.silence_threshold_dbfs / 20.0)
    silent = peaks < level
    edges = np.diff(np.concatenate(([False], silent, [False])).astype(np.int8))
    starts = np.nonzero(edges == 1)[0]
    ends = np.nonzero(edges == -1)[0]
    windows = len(silent)
    runs: list[SilenceRun] = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        start_s = s * window / rate
        end_s = min(e * window, frames) / rate
        if s == 0 and e == windows:
            runs.append(SilenceRun(start_s, end_s, "whole"))
        elif s == 0:
            runs.append(SilenceRun(start_s, end_s, "leading"))
        elif e == windows:
            runs.append(SilenceRun(start_s, end_s, "trailing"))
        elif end_s - start_s >= options.min_silence_s:
            runs.append(SilenceRun(start_s, end_s, "internal"))
    return tuple(runs)


def _combine(
    parts: list[_Part],
    rate: int,
    labels: tuple[str, ...],
    options: Options,
    info: wav.WavInfo | None,
    bit_depth: int | None,
    sample_format: wav.SampleFormat,
) -> Measurement:
    sub = loudness.subblock_frames(rate)
    window = window_frames(rate)
    steps = sub // window
    fine = np.concatenate([p.energies for p in parts])  # stretches end on block boundaries: the steps line up
    energies = loudness.subblocks(fine, steps)
    channel_peaks = np.max([p.channel_peaks for p in parts], axis=0)
    frames = sum(p.frames for p in parts)
    runs = sorted((run for p in parts for run in p.clip_runs), key=lambda r: (r.start_s, labels.index(r.channel)))
    clip_runs = tuple(runs[: options.max_clip_runs])
    return Measurement(
        sample_rate=rate,
        channels=len(labels),
        bit_depth=bit_depth,
        sample_format=sample_format,
        container_bits=info.container_bits if info else (bit_depth or 64),
        channel_labels=labels,
        channel_layout=layout.layout_name(labels),
        frames=frames,
        integrated_lufs=loudness.integrated(energies, sub),
        loudness_range_lu=loudness.loudness_range(energies, sub),
        true_peak_dbtp=_db(max(p.true_peak for p in parts)),
        sample_peak_dbfs=_db(float(channel_peaks.max())),
        channel_peaks_dbfs=tuple(_db(float(p)) for p in channel_peaks),
        max_momentary_lufs=loudness.max_window(fine, loudness.MOMENTARY_SUBBLOCKS, steps, sub),
        max_short_term_lufs=loudness.max_window(fine, loudness.SHORT_TERM_SUBBLOCKS, steps, sub),
        silence=_silence(np.concatenate([p.window_peaks for p in parts]), frames, rate, window, options),
        clipping=clip_runs,
        clip_runs=sum(p.clip_count for p in parts),
        bext=info.bext if info else None,
    )


def _labels(given: tuple[str, ...] | list[str] | None, channels: int, default: tuple[str, ...]) -> tuple[str, ...]:
    if given is None:
        return default
    labels = tuple(given)
    if len(labels) != channels:
        raise AudioError(f"{len(labels)} channel labels given for {channels} channels")
    return labels


def _measure_stretch(
    path: str,
    info: wav.WavInfo,
    labels: tuple[str, ...],
    options: Options,
    start: int,
    stop: int,
) -> _Part:
    """One pass over frames ``start`` to ``stop`` of a file (a worker process's share, or the whole file)."""
    frames = loudness.subblock_frames(info.sample_rate) * _BLOCK_SUBBLOCKS
    warm_from = max(0, start - frames)  # 2 s: the K-weighting forgets its starting state within ~0.1 s
    analysis = _Analysis(info.sample_rate, labels, wav.full_scale(info), options, origin=start, warm_from=warm_from)
    position = warm_from
    for block, peaks in wav.read_blocks_with_peaks(info, path, frames, analysis.window, start=warm_from):
        if position < start:
            analysis.warm(block)
        elif position < stop:
            analysis.feed(block, peaks)
        elif not analysis.look_ahead(block):
            break
        position += block.shape[1]
    if analysis.end is None and analysis.position < stop:
        raise AudioError(f"truncated WAV file: {analysis.position} of {info.frames} frames could be read")
    return analysis.part(last=stop >= info.frames)


def _stretches(frames: int, workers: int, block: int, rate: int) -> list[tuple[int, int]]:
    """Split ``frames`` into up to ``workers`` stretches on block boundaries, none shorter than a minute."""
    count = max(1, min(workers, frames // (rate * _MIN_STRETCH_S)))
    blocks = -(-frames // block)
    bounds = [round(blocks * k / count) * block for k in range(count)] + [frames]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def measure_file(
    path: str | os.PathLike[str],
    *,
    labels: tuple[str, ...] | list[str] | None = None,
    options: Options | None = None,
    workers: int = 1,
) -> Measurement:
    """Measure a WAV/BWF/RF64 file, streamed in blocks. ``labels`` overrides the channel layout the header gives
    (one label per channel, see ``layout``). ``workers`` > 1 splits a file of several minutes into consecutive
    stretches measured in parallel processes (each stretch's filters warmed on the 2 s before it, so the result
    is the same to ~1e-12). ``AudioError`` for a file that cannot be read."""
    info = wav.read_info(path)
    if not info.frames:
        raise AudioError("the WAV file holds no samples")
    options = options or Options()
    chosen = _labels(labels, info.channels, info.channel_labels)
    if info.sample_rate < MIN_SAMPLE_RATE:
        raise AudioError(f"sample rate {info.sample_rate} Hz is too low to measure (at least {MIN_SAMPLE_RATE} Hz)")
    block = loudness.subblock_frames(info.sample_rate) * _BLOCK_SUBBLOCKS
    stretches = _stretches(info.frames, max(1, workers), block, info.sample_rate)
    name = os.fspath(path)
    if len(stretches) == 1:
        parts = [_measure_stretch(name, info, chosen, options, 0, info.frames)]
    else:
        context = multiprocessing.get_context("forkserver")
        with concurrent.futures.ProcessPoolExecutor(len(stretches) - 1, mp_context=context) as pool:
            futures = [pool.submit(_measure_stretch, name, info, chosen, options, a, b) for a, b in stretches[1:]]
            first = _measure_stretch(name, info, chosen, options, *stretches[0])
            parts = [first] + [f.result() for f in futures]
    return _combine(parts, info.sample_rate, chosen, options, info, info.bit_depth, info.sample_format)


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
    options = options or Options()
    chosen = _labels(labels, data.shape[1], layout.default_labels(data.shape[1]))
    full_scale = 1.0 - 2.0 ** -(bit_depth - 1) if bit_depth else 1.0
    analysis = _Analysis(sample_rate, chosen, full_scale, options)
    _feed_array(analysis, data)
    part = analysis.part(last=True)
    return _combine([part], sample_rate, chosen, options, None, bit_depth, "pcm" if bit_depth else "float")


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
