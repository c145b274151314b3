"""WAV, BWF (``bext``) and RF64/BW64 files: the header facts and the samples, streamed in blocks.

``read_info(path)`` walks the RIFF chunks (``fmt``, ``data``, ``ds64``, ``bext``; others are skipped) and returns a
``WavInfo``. ``read_blocks(info, path, block_frames)`` yields ``(channels, frames)`` float64 arrays scaled to
[-1, 1) (integer PCM: code / 2^(bits-1); IEEE float as stored), one block at a time, so memory stays flat
whatever the file's length. The decoding is NumPy on the raw bytes (24-bit samples read through a strided
32-bit view), which is several times faster than converting through libsndfile and gives the same values.

Supported: PCM 8 (unsigned), 16, 24 and 32-bit and IEEE float 32/64, ``WAVE_FORMAT_PCM``,
``WAVE_FORMAT_IEEE_FLOAT`` and ``WAVE_FORMAT_EXTENSIBLE`` (channel mask for the layout, valid bits for the bit
depth). ``bit_depth`` is the PCM bit depth (``wValidBitsPerSample`` when given) and ``None`` for float files,
whose precision is not a bit depth; ``container_bits`` keeps 32/64 for them. Everything else (big-endian RIFX,
compressed formats, a missing or truncated ``data`` chunk) is an ``AudioError``.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal

import numpy as np
import numpy.typing as npt

from . import layout
from .errors import AudioError

SampleFormat = Literal["pcm", "float"]
FloatArray = npt.NDArray[np.float64]

_PCM = 1
_FLOAT = 3
_EXTENSIBLE = 0xFFFE
_GUID_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
_MAX_CHANNELS = 64
_MAX_RATE = 768_000


@dataclass(frozen=True)
class Bext:
    """The Broadcast Wave ``bext`` chunk (EBU Tech 3285). Loudness fields (version 2) are ``None`` when unset."""

    description: str
    originator: str
    originator_reference: str
    origination_date: str
    origination_time: str
    time_reference: int
    version: int
    loudness_value: float | None
    loudness_range: float | None
    max_true_peak_level: float | None
    max_momentary_loudness: float | None
    max_short_term_loudness: float | None
    coding_history: str


@dataclass(frozen=True)
class WavInfo:
    """What the header says: format, layout, length and where the samples start."""

    container: str
    sample_rate: int
    channels: int
    sample_format: SampleFormat
    container_bits: int
    bit_depth: int | None
    block_align: int
    frames: int
    channel_mask: int | None
    channel_labels: tuple[str, ...]
    channel_layout: str
    data_offset: int
    bext: Bext | None

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate


def _text(raw: bytes) -> str:
    return raw.split(b"\x00", 1)[0].decode("latin-1").strip()


def _parse_bext(raw: bytes) -> Bext | None:
    if len(raw) < 348:
        return None
    time_low, time_high, version = struct.unpack_from("<IIH", raw, 338)
    loudness: list[float | None] = [None] * 5
    if version >= 2 and len(raw) >= 422:
        for i, value in enumerate(struct.unpack_from("<5h", raw, 412)):
            loudness[i] = None if value == 0x7FFF else value / 100.0
    return Bext(
        description=_text(raw[0:256]),
        originator=_text(raw[256:288]),
        originator_reference=_text(raw[288:320]),
        origination_date=_text(raw[320:330]),
        origination_time=_text(raw[330:338]),
        time_reference=time_low | (time_high << 32),
        version=version,
        loudness_value=loudness[0],
        loudness_range=loudness[1],
        max_true_peak_level=loudness[2],
        max_momentary_loudness=loudness[3],
        max_short_term_loudness=loudness[4],
        coding_history=raw[602:].split(b"\x00", 1)[0].decode("latin-1").strip() if len(raw) > 602 else "",
    )


@dataclass
class _Fmt:
    sample_format: SampleFormat
    channels: int
    sample_rate: int
    block_align: int
    container_bits: int
    valid_bits: int | None
    channel_mask: int | None


def _parse_fmt(raw: bytes) -> _Fmt:
    if len(raw) < 16:
        raise AudioError("the fmt chunk is too short")
    tag, channels, rate, _byte_rate, block_align, bits = struct.unpack_from("<HHIIHH", raw, 0)
    valid_bits: int | None = None
    mask: int | None = None
    if tag == _EXTENSIBLE:
        if len(raw) < 40:
            raise AudioError("the WAVE_FORMAT_EXTENSIBLE fmt chunk is too short")
        valid, mask_value = struct.unpack_from("<HI", raw, 18)
        guid = raw[24:40]
        if guid[2:] != _GUID_TAIL:
            raise AudioError("unsupported WAVE_FORMAT_EXTENSIBLE sub-format (not PCM or IEEE float)")
        tag = struct.unpack_from("<H", guid, 0)[0]
        valid_bits = valid or None
        mask = mask_value or None
    if tag == _PCM:
        sample_format: SampleFormat = "pcm"
        if bits not in (8, 16, 24, 32):
            raise AudioError(f"unsupported PCM sample size: {bits} bits")
    elif tag == _FLOAT:
        sample_format = "float"
        if bits not in (32, 64):
            raise AudioError(f"unsupported float sample size: {bits} bits")
    else:
        raise AudioError(f"unsupported WAV format tag 0x{tag:04X} (only PCM and IEEE float are read)")
    if not 1 <= channels <= _MAX_CHANNELS:
        raise AudioError(f"unsupported channel count: {channels}")
    if not 1 <= rate <= _MAX_RATE:
        raise AudioError(f"unsupported sample rate: {rate} Hz")
    if block_align != channels * bits // 8:
        raise AudioError(f"inconsistent fmt chunk: block align {block_align} for {channels} x {bits}-bit samples")
    if valid_bits is not None and (valid_bits > bits or sample_format == "float"):
        valid_bits = None if sample_format == "float" else bits
    return _Fmt(sample_format, channels, rate, block_align, bits, valid_bits, mask)


def read_info(path: str | os.PathLike[str]) -> WavInfo:
    """Read the header of a WAV/BWF/RF64 file; ``AudioError`` when it is not one this engine can measure."""
    try:
        with open(path, "rb") as fh:
            file_size = os.fstat(fh.fileno()).st_size
            return _read_info(fh, file_size)
    except OSError as exc:
        raise AudioError(f"cannot read {os.fspath(path)}: {exc.strerror or exc}") from None


def _read_info(fh: BinaryIO, file_size: int) -> WavInfo:
    head = fh.read(12)
    if len(head) < 12:
        raise AudioError("not a WAV file: too short for a RIFF header")
    riff, _size, wave = struct.unpack("<4sI4s", head)
    if riff == b"RIFX":
        raise AudioError("big-endian RIFX files are not supported")
    if riff not in (b"RIFF", b"RF64", b"BW64") or wave != b"WAVE":
        raise AudioError("not a WAV file (no RIFF/WAVE header)")
    container = riff.decode("ascii")
    ds64_data_size: int | None = None
    fmt: _Fmt | None = None
    bext: Bext | None = None
    data_offset: int | None = None
    data_size = 0
    pos = 12
    while pos + 8 <= file_size:
        fh.seek(pos)
        chunk_id, size = struct.unpack("<4sI", fh.read(8))
        body = pos + 8
        if chunk_id == b"ds64":
            raw = fh.read(min(size, 28))
            if len(raw) < 16:
                raise AudioError("the ds64 chunk is too short")
            ds64_data_size = struct.unpack_from("<Q", raw, 8)[0]
        elif chunk_id == b"fmt ":
            fmt = _parse_fmt(fh.read(min(size, 64)))
        elif chunk_id == b"bext":
            bext = _parse_bext(fh.read(min(size, 1 << 20)))
        elif chunk_id == b"data":
            data_offset = body
            if size == 0xFFFFFFFF and container != "RIFF":
                if ds64_data_size is None:
                    raise AudioError(f"{container} file without a ds64 chunk giving the data size")
                size = ds64_data_size
            data_size = size
        elif not all(32 <= ch < 127 for ch in chunk_id):
            if data_offset is not None and fmt is not None:
                break  # padding or garbage after the audio: ignore it
            raise AudioError(f"malformed WAV file: unreadable chunk header at byte {pos}")
        if data_offset is not None and fmt is not None and body + size > file_size:
            break
        pos = body + size + (size & 1)
    if fmt is None:
        raise AudioError("malformed WAV file: no fmt chunk")
    if data_offset is None:
        raise AudioError("malformed WAV file: no data chunk")
    available = file_size - data_offset
    if data_size > available:
        raise AudioError(f"truncated WAV file: the data chunk declares {data_size} bytes but only {available} follow")
    if data_size % fmt.block_align:
        raise AudioError(
            f"truncated WAV file: the data chunk ({data_size} bytes) is not a whole number of "
            f"{fmt.block_align}-byte frames"
        )
    if fmt.channel_mask is not None:
        labels = layout.labels_from_mask(fmt.channel_mask, fmt.channels)
    else:
        labels = layout.default_labels(fmt.channels)
    return WavInfo(
        container=container,
        sample_rate=fmt.sample_rate,
        channels=fmt.channels,
        sample_format=fmt.sample_format,
        container_bits=fmt.container_bits,
        bit_depth=None if fmt.sample_format == "float" else (fmt.valid_bits or fmt.container_bits),
        block_align=fmt.block_align,
        frames=data_size // fmt.block_align,
        channel_mask=fmt.channel_mask,
        channel_labels=labels,
        channel_layout=layout.layout_name(labels),
        data_offset=data_offset,
        bext=bext,
    )


def full_scale(info: WavInfo) -> float:
    """The largest sample value the format can hold: the top PCM code (1 - 2^-(bits-1)), or 1.0 for float."""
    if info.sample_format == "float":
        return 1.0
    return 1.0 - 2.0 ** -(info.container_bits - 1)


class _Decoder:
    """Turns the raw bytes of whole frames into per-channel float64 arrays, reusing its buffers. With a
    ``window`` it also returns each channel's sample peak per window, taken on the integers (cheaper)."""

    def __init__(self, info: WavInfo, block_frames: int, window: int | None) -> None:
        self.info = info
        self.block_frames = block_frames
        self.window = window
        # One spare byte in front: a 24-bit sample is read as the top three bytes of a little-endian int32.
        self.raw = np.zeros(block_frames * info.block_align + 1, dtype=np.uint8)
        self.out = np.empty((info.channels, block_frames), dtype=np.float64)
        self.tmp = np.empty(block_frames, dtype=np.int32)
        self.scale = 2.0 ** -(info.container_bits - 1)

    def view(self) -> memoryview:
        return memoryview(self.raw)[1:]

    def _integers(self, c: int, frames: int) -> npt.NDArray[np.int32]:
        info = self.info
        bits = info.container_bits
        align = info.block_align
        tmp = self.tmp[:frames]
        if bits == 24:
            src = np.ndarray((frames,), dtype="<i4", buffer=self.raw.data, offset=3 * c, strides=(align,))
            np.right_shift(src, 8, out=tmp)
        elif bits == 8:
            src = np.ndarray((frames,), dtype=np.uint8, buffer=self.raw.data, offset=1 + c, strides=(align,))
            np.subtract(src, 128, out=tmp, dtype=np.int32)
        else:
            dtype = "<i2" if bits == 16 else "<i4"
            src = np.ndarray((frames,), dtype=dtype, buffer=self.raw.data, offset=1 + c * bits // 8, strides=(align,))
            np.copyto(tmp, src)
        return tmp

    def _peaks(self, values: npt.NDArray[Any], into: FloatArray, scale: float) -> None:
        window = self.window
        assert window is not None
        whole = len(values) // window
        shaped = values[: whole * window].reshape(whole, window)
        np.maximum(shaped.max(axis=1).astype(np.float64), -shaped.min(axis=1).astype(np.float64), out=into[:whole])
        if len(into) > whole:
            tail = values[whole * window :]
            into[whole] = max(float(tail.max()), -float(tail.min()))
        into *= scale

    def decode(self, frames: int) -> tuple[FloatArray, FloatArray | None]:
        info = self.info
        out = self.out[:, :frames]
        peaks = None
        if self.window:
            peaks = np.empty((info.channels, -(-frames // self.window)), dtype=np.float64)
        for c in range(info.channels):
            if info.sample_format == "float":
                dtype = "<f4" if info.container_bits == 32 else "<f8"
                offset = 1 + c * info.container_bits // 8
                src = np.ndarray(
                    (frames,), dtype=dtype, buffer=self.raw.data, offset=offset, strides=(info.block_align,)
                )
                np.copyto(out[c], src)
                if peaks is not None:
                    self._peaks(out[c], peaks[c], 1.0)
                continue
            values = self._integers(c, frames)
            if peaks is not None:
                self._peaks(values, peaks[c], self.scale)
            np.multiply(values, self.scale, out=out[c])
        return out, peaks


def _blocks(
    info: WavInfo,
    path: str | os.PathLike[str],
    block_frames: int,
    start: int,
    stop: int | None,
    window: int | None,
) -> Iterator[tuple[FloatArray, FloatArray | None]]:
    stop = info.frames if stop is None else min(stop, info.frames)
    decoder = _Decoder(info, block_frames, window)
    try:
        with open(path, "rb", buffering=0) as fh:
            fh.seek(info.data_offset + start * info.block_align)
            pos = start
            while pos < stop:
                frames = min(block_frames, stop - pos)
                want = frames * info.block_align
                view = decoder.view()[:want]
                got = 0
                while got < want:
                    n = fh.readinto(view[got:])
                    if not n:
                        raise AudioError(f"truncated WAV file: the samples end after {pos} frames")
                    got += n
                yield decoder.decode(frames)
                pos += frames
    except OSError as exc:
        raise AudioError(f"cannot read {os.fspath(path)}: {exc.strerror or exc}") from None


def read_blocks(
    info: WavInfo,
    path: str | os.PathLike[str],
    block_frames: int,
    start: int = 0,
    stop: int | None = None,
) -> Iterator[FloatArray]:
    """Yield frames ``start`` to ``stop`` as ``(channels, n)`` float64 arrays of ``block_frames`` frames (the last
    may be shorter). The array is reused for the next block: copy what you keep."""
    for block, _peaks in _blocks(info, path, block_frames, start, stop, None):
        yield block


def read_blocks_with_peaks(
    info: WavInfo,
    path: str | os.PathLike[str],
    block_frames: int,
    window: int,
    start: int = 0,
    stop: int | None = None,
) -> Iterator[tuple[FloatArray, FloatArray]]:
    """Like ``read_blocks``, with each channel's sample peak over every ``window`` frames of the block (the last
    window may be partial): ``(channels, ceil(n / window))``."""
    for block, peaks in _blocks(info, path, block_frames, start, stop, window):
        assert peaks is not None
        yield block, peaks
