"""WAV/BWF/RF64 reading: header facts, layouts from channel masks, samples identical to libsndfile's, and a clear
``AudioError`` for everything that cannot be measured."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile

from setwise.engines.audio import AudioError, measure_file, measure_samples, read_info
from setwise.engines.audio.layout import labels_from_mask, layout_name, weight
from setwise.engines.audio.wav import read_blocks

from .signals import RATE, bext_chunk, wav_bytes


def _noise(frames: int, channels: int, seed: int = 0) -> np.ndarray:
    return np.clip(np.random.default_rng(seed).standard_normal((frames, channels)) * 0.3, -1.0, 1.0)


def _write(tmp_path: Path, data: bytes, name: str = "x.wav") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("bits", "fmt", "extensible"),
    [(8, "pcm", False), (16, "pcm", False), (24, "pcm", False), (24, "pcm", True), (32, "pcm", False),
     (32, "float", False), (64, "float", False), (32, "float", True)],
)  # fmt: skip
def test_samples_are_libsndfiles_in_blocks(tmp_path: Path, bits: int, fmt: str, extensible: bool) -> None:
    x = _noise(10_007, 3)
    path = _write(tmp_path, wav_bytes(x, bits=bits, sample_format=fmt, extensible=extensible, mask=0x7))
    info = read_info(path)
    expected, rate = soundfile.read(path, dtype="float64", always_2d=True)
    got = np.concatenate([block.copy() for block in read_blocks(info, path, 4_000)], axis=1).T
    assert rate == info.sample_rate == RATE
    assert np.array_equal(got, expected)
    # A window of the file from an arbitrary frame.
    part = np.concatenate([b.copy() for b in read_blocks(info, path, 999, start=1234, stop=5678)], axis=1).T
    assert np.array_equal(part, expected[1234:5678])


@pytest.mark.parametrize(
    ("bits", "fmt", "expected_depth"), [(16, "pcm", 16), (24, "pcm", 24), (32, "float", None), (64, "float", None)]
)
def test_header_facts(tmp_path: Path, bits: int, fmt: str, expected_depth: int | None) -> None:
    path = _write(tmp_path, wav_bytes(_noise(RATE * 2 + 10, 2), bits=bits, sample_format=fmt))
    info = read_info(path)
    assert (info.sample_rate, info.channels, info.bit_depth, info.sample_format) == (RATE, 2, expected_depth, fmt)
    assert info.container_bits == bits
    assert info.frames == RATE * 2 + 10
    assert info.duration_s == pytest.approx(2.0 + 10 / RATE)
    assert info.channel_labels == ("L", "R")
    assert info.channel_layout == "2.0"
    assert info.bext is None


def test_valid_bits_of_an_extensible_file_are_its_bit_depth(tmp_path: Path) -> None:
    path = _write(tmp_path, wav_bytes(_noise(100, 2), bits=24, extensible=True, mask=0x3, valid_bits=20))
    assert read_info(path).bit_depth == 20


@pytest.mark.parametrize(
    ("mask", "channels", "labels", "name"),
    [
        (0x4, 1, ("C",), "mono"),
        (0x3, 2, ("L", "R"), "2.0"),
        (0x3F, 6, ("L", "R", "C", "LFE", "Ls", "Rs"), "5.1"),
        (0x60F, 6, ("L", "R", "C", "LFE", "Ls", "Rs"), "5.1"),
        (0x63F, 8, ("L", "R", "C", "LFE", "Lrs", "Rrs", "Lss", "Rss"), "7.1"),
        (0x33, 4, ("L", "R", "Ls", "Rs"), "4.0"),
        (0x3F, 8, ("L", "R", "C", "LFE", "Ls", "Rs", "Ch7", "Ch8"), "8ch"),
        (0x2D63F, 12, ("L", "R", "C", "LFE", "Lrs", "Rrs", "Lss", "Rss", "Tfl", "Tfr", "Tbl", "Tbr"), "7.1.4"),
    ],
)
def test_channel_masks(mask: int, channels: int, labels: tuple[str, ...], name: str) -> None:
    assert labels_from_mask(mask, channels) == labels
    assert layout_name(labels) == name


def test_channel_weights() -> None:
    assert [weight(label) for label in ("L", "R", "C", "LFE", "Ls", "Rs")] == [1.0, 1.0, 1.0, 0.0, 1.41, 1.41]
    assert [weight(label) for label in ("Lss", "Rss", "Lrs", "Rrs", "Tfl", "Ch9")] == [1.41, 1.41, 1.0, 1.0, 1.0, 1.0]


def test_a_7_1_file_measures_with_its_layout(tmp_path: Path) -> None:
    x = _noise(RATE * 3, 8) * np.array([0.1, 0.1, 0.1, 0.1, 1.0, 1.0, 0.05, 0.05])
    path = _write(tmp_path, wav_bytes(x, bits=24, extensible=True, mask=0x63F))
    m = measure_file(path)
    assert m.channel_layout == "7.1"
    quantised = soundfile.read(path, dtype="float64")[0]
    same = measure_samples(quantised, RATE, labels=("L", "R", "C", "LFE", "Lrs", "Rrs", "Lss", "Rss"))
    assert m.integrated_lufs == pytest.approx(same.integrated_lufs, abs=1e-9)
    # SMPTE order read as WAVE order weighs other channels: the labels can be overridden.
    smpte = measure_file(path, labels=("L", "R", "C", "LFE", "Lss", "Rss", "Lrs", "Rrs"))
    assert smpte.integrated_lufs - m.integrated_lufs == pytest.approx(10 * np.log10(1.41), abs=0.05)  # type: ignore[operator]


def test_broadcast_wave_bext(tmp_path: Path) -> None:
    bext = bext_chunk("Ep 3 final mix", "Studio A", loudness=-2310)
    path = _write(tmp_path, wav_bytes(_noise(RATE, 2), bits=24, bext=bext, extra_chunks=[(b"LIST", b"INFOabc")]))
    info = read_info(path)
    assert info.bext is not None
    assert (info.bext.description, info.bext.originator, info.bext.origination_date) == (
        "Ep 3 final mix",
        "Studio A",
        "2026-11-25",
    )
    assert info.bext.time_reference == RATE * 3600
    assert info.bext.loudness_value == pytest.approx(-23.1)
    assert info.bext.loudness_range is None
    assert info.bext.coding_history.startswith("A=PCM")
    got = np.concatenate([b.copy() for b in read_blocks(info, path, 10_000)], axis=1).T
    assert np.array_equal(got, soundfile.read(path, dtype="float64")[0])
    assert measure_file(path).bext == info.bext


def test_rf64(tmp_path: Path) -> None:
    x = _noise(RATE, 2)
    plain = _write(tmp_path, wav_bytes(x, bits=24, rf64=True), "plain.wav")
    info = read_info(plain)
    assert (info.container, info.frames) == ("RF64", RATE)
    expected = soundfile.read(plain, dtype="float64")[0]
    assert np.array_equal(np.concatenate([b.copy() for b in read_blocks(info, plain, 10_000)], axis=1).T, expected)
    # With bext and LIST chunks between ds64 and data (which libsndfile's RF64 reader does not take).
    rich = _write(tmp_path, wav_bytes(x, bits=24, rf64=True, bext=bext_chunk("m"), extra_chunks=[(b"LIST", b"ab")]))
    info = read_info(rich)
    assert info.bext is not None and info.bext.description == "m"
    assert np.array_equal(np.concatenate([b.copy() for b in read_blocks(info, rich, 10_000)], axis=1).T, expected)
    with pytest.raises(AudioError, match="ds64"):
        measure_file(_write(tmp_path, wav_bytes(x, rf64=True).replace(b"ds64", b"junk"), "no-ds64.wav"))


def test_bw64_and_a_truncated_rf64(tmp_path: Path) -> None:
    x = _noise(RATE, 2)
    data = wav_bytes(x, bits=24, rf64=True)
    bw64 = _write(tmp_path, b"BW64" + data[4:], "bw64.wav")  # ITU-R BS.2088: the same layout under another name
    info = read_info(bw64)
    assert (info.container, info.frames) == ("BW64", RATE)
    assert measure_file(bw64).integrated_lufs == pytest.approx(measure_samples(x, RATE).integrated_lufs, abs=0.01)
    # A recording cut short: the ds64 chunk still declares every sample.
    with pytest.raises(AudioError, match="truncated WAV file: the data chunk declares 288000 bytes"):
        measure_file(_write(tmp_path, data[: len(data) // 2], "cut.wav"))


def test_file_and_array_measure_the_same(tmp_path: Path) -> None:
    x = _noise(RATE * 7 + 123, 6) * np.repeat(np.linspace(0.01, 1, 15), RATE // 2 + 9)[: RATE * 7 + 123, None]
    path = _write(tmp_path, wav_bytes(x, bits=24, extensible=True, mask=0x3F))
    quantised = soundfile.read(path, dtype="float64")[0]
    from_file = measure_file(path)
    from_array = measure_samples(quantised, RATE, bit_depth=24)
    assert from_file.integrated_lufs == pytest.approx(from_array.integrated_lufs, abs=1e-12)
    assert from_file.loudness_range_lu == pytest.approx(from_array.loudness_range_lu, abs=1e-12)
    assert from_file.true_peak_dbtp == pytest.approx(from_array.true_peak_dbtp, abs=1e-12)
    assert from_file.channel_peaks_dbfs == from_array.channel_peaks_dbfs


def _fmt(tag: int = 1, channels: int = 2, rate: int = RATE, align: int = 6, bits: int = 24) -> bytes:
    return struct.pack("<HHIIHH", tag, channels, rate, rate * align, align, bits)


def _riff(*chunks: tuple[bytes, bytes], magic: bytes = b"RIFF") -> bytes:
    body = b"WAVE" + b"".join(cid + struct.pack("<I", len(data)) + data for cid, data in chunks)
    return magic + struct.pack("<I", len(body)) + body


GOOD = wav_bytes(_noise(4_800, 2), bits=24)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "too short"),
        (b"ID3\x03\x00" + bytes(100), "not a WAV file"),
        (b"RIFF\x10\x00\x00\x00AVI LIST", "not a WAV file"),
        (_riff((b"fmt ", _fmt()), (b"data", bytes(600)), magic=b"RIFX"), "big-endian"),
        (GOOD[:44 + 3000], "truncated"),
        (GOOD[:30], "fmt chunk is too short"),
        (_riff((b"data", bytes(600))), "no fmt chunk"),
        (_riff((b"fmt ", _fmt())), "no data chunk"),
        (_riff((b"fmt ", _fmt()), (b"data", bytes(601))), "whole number"),
        (_riff((b"fmt ", _fmt(tag=2)), (b"data", bytes(600))), "format tag 0x0002"),
        (_riff((b"fmt ", _fmt(bits=12, align=3)), (b"data", bytes(600))), "12 bits"),
        (_riff((b"fmt ", _fmt(tag=3, bits=24)), (b"data", bytes(600))), "float sample size"),
        (_riff((b"fmt ", _fmt(channels=0, align=0)), (b"data", bytes(600))), "channel count"),
        (_riff((b"fmt ", _fmt(rate=0)), (b"data", bytes(600))), "sample rate"),
        (_riff((b"fmt ", _fmt(align=4)), (b"data", bytes(600))), "block align"),
        (_riff((b"fmt ", _fmt(rate=4000)), (b"data", bytes(6000))), "too low"),
        (_riff((b"fmt ", _fmt()), (b"data", b"")), "no samples"),
        (_riff((b"fmt ", _fmt()), (b"\x00\x01\x02\x03", b"xx"), (b"data", bytes(600))), "unreadable chunk"),
        (wav_bytes(np.full((100, 1), np.nan), bits=32, sample_format="float"), "non-finite"),
        (wav_bytes(_noise(100, 2), extensible=True, mask=3)[:-100].replace(b"\x10\x00\x80\x00", b"\x10\x00\x80\x01"),
         "sub-format"),
    ],
)  # fmt: skip
def test_unreadable_files_raise_one_clear_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(AudioError, match=message) as caught:
        measure_file(path)
    assert "\n" not in str(caught.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="No such file"):
        measure_file(tmp_path / "missing.wav")
    with pytest.raises(AudioError, match="cannot read"):
        measure_file(tmp_path)


def test_trailing_bytes_after_the_audio_are_ignored(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + b"\x00\xff\x13garbage")
    assert read_info(path).frames == 4_800
