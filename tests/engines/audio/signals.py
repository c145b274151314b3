"""Test signals (EBU Tech 3341/3342 style sine sequences) and a WAV writer that controls every header field."""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

RATE = 48_000
GUID_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
Array = npt.NDArray[np.float64]


def amplitude(dbfs: float) -> float:
    return float(10.0 ** (dbfs / 20.0))


def tone(
    dbfs: float,
    seconds: float,
    rate: int = RATE,
    freq: float = 1000.0,
    phase_deg: float = 0.0,
    fade_s: float = 0.0,
) -> Array:
    """A sine whose peak is ``dbfs``; ``phase_deg`` is the phase of the first sample. ``fade_s`` ramps it in and
    out (raised cosine), so that it does not start or stop with a click."""
    t = np.arange(round(seconds * rate)) / rate
    out: Array = amplitude(dbfs) * np.sin(2 * np.pi * freq * t + np.deg2rad(phase_deg))
    ramp = round(fade_s * rate)
    if ramp:
        shape = 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp) / ramp)
        out[:ramp] *= shape
        out[-ramp:] *= shape[::-1]
    return out


def sequence(parts: Sequence[tuple[float, float]], rate: int = RATE, channels: int = 2, freq: float = 1000.0) -> Array:
    """Segments of one continuous sine at the given (dBFS, seconds), the same in every channel."""
    lengths = [round(seconds * rate) for _level, seconds in parts]
    t = np.arange(sum(lengths)) / rate
    gains = np.concatenate([np.full(n, amplitude(level)) for (level, _s), n in zip(parts, lengths, strict=True)])
    mono = gains * np.sin(2 * np.pi * freq * t)
    return np.repeat(mono[:, None], channels, axis=1)


def _pcm_bytes(data: Array, bits: int) -> bytes:
    scale = float(2 ** (bits - 1))
    ints: npt.NDArray[np.int64] = np.clip(np.round(data * scale), -scale, scale - 1).astype(np.int64)
    if bits == 8:
        packed: npt.NDArray[np.generic] = (ints + 128).astype(np.uint8)
    elif bits == 16:
        packed = ints.astype("<i2")
    elif bits == 24:
        packed = ints.astype("<i4").view(np.uint8).reshape(-1, 4)[:, :3]
    else:
        packed = ints.astype("<i4")
    return packed.tobytes()


def bext_chunk(description: str = "", originator: str = "", version: int = 2, loudness: int | None = None) -> bytes:
    def fixed(text: str, size: int) -> bytes:
        return text.encode("latin-1")[:size].ljust(size, b"\x00")

    values = [loudness if loudness is not None else 0x7FFF] + [0x7FFF] * 4
    return (
        fixed(description, 256)
        + fixed(originator, 32)
        + fixed("REF-1", 32)
        + fixed("2026-11-25", 10)
        + fixed("10:20:30", 8)
        + struct.pack("<IIH", 48000 * 3600, 0, version)
        + bytes(64)
        + struct.pack("<5h", *values)
        + bytes(180)
        + b"A=PCM,F=48000,W=24,M=stereo\r\n"
    )


def wav_bytes(
    samples: npt.ArrayLike,
    rate: int = RATE,
    *,
    bits: int = 24,
    sample_format: str = "pcm",
    extensible: bool = False,
    mask: int = 0,
    valid_bits: int | None = None,
    bext: bytes | None = None,
    rf64: bool = False,
    extra_chunks: Sequence[tuple[bytes, bytes]] = (),
) -> bytes:
    data = np.asarray(samples, dtype=np.float64)
    if data.ndim == 1:
        data = data[:, None]
    channels = data.shape[1]
    floats = sample_format == "float"
    raw = data.astype("<f4" if bits == 32 else "<f8").tobytes() if floats else _pcm_bytes(data, bits)
    block_align = channels * bits // 8
    tag = 3 if sample_format == "float" else 1
    if extensible:
        fmt = (
            struct.pack(
                "<HHIIHHHHI",
                0xFFFE,
                channels,
                rate,
                rate * block_align,
                block_align,
                bits,
                22,
                valid_bits or bits,
                mask,
            )
            + struct.pack("<H", tag)
            + GUID_TAIL
        )
    else:
        fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block_align, block_align, bits)

    def chunk(cid: bytes, body: bytes, size: int | None = None) -> bytes:
        return cid + struct.pack("<I", len(body) if size is None else size) + body + (b"\x00" if len(body) % 2 else b"")

    middle = chunk(b"fmt ", fmt) + (chunk(b"bext", bext) if bext else b"")
    middle += b"".join(chunk(cid, body) for cid, body in extra_chunks)
    if rf64:
        ds64 = struct.pack("<QQQI", 0, len(raw), len(raw) // block_align, 0)
        body = b"WAVE" + chunk(b"ds64", ds64) + middle + chunk(b"data", raw, 0xFFFFFFFF)
        return b"RF64" + struct.pack("<I", 0xFFFFFFFF) + body
    body = b"WAVE" + middle + chunk(b"data", raw)
    return b"RIFF" + struct.pack("<I", len(body)) + body
