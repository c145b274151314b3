"""Decoding: binary files (images, audio, archives, random bytes) are refused as binary with one clear line, while
text in every encoding the engine supports still decodes."""

from __future__ import annotations

import gzip
import io
import math
import random
import struct
import wave
import zipfile
import zlib

import pytest

from setwise.engines.timedtext import TimedTextError, read
from setwise.engines.timedtext.encoding import decode

SRT_HEAD = b"1\n00:00:01,000 --> 00:00:02,000\n"


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes((x * 7 + y * 13) % 256 for x in range(48)) for y in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(48_000)
        writer.writeframes(b"".join(struct.pack("<hh", int(9000 * math.sin(i / 7)), 0) for i in range(2000)))
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("episode.srt", (SRT_HEAD + b"Where were you?\n\n") * 40)
    return out.getvalue()


def _random(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


BINARIES = {
    "png": (_png(), "a PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + _random(1, 600), "a JPEG image"),
    "wav": (_wav(), "a WAV audio file"),
    "zip": (_zip(), "a ZIP archive"),
    "gzip": (gzip.compress(SRT_HEAD * 30), "a gzip archive"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
    "mp4": (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + _random(2, 600), "an MP4 or QuickTime file"),
    "ebu-stl": (b"850STL25.01" + b" " * 1013 + _random(3, 512), "an EBU STL subtitle file"),
    "random": (_random(4, 4096), "mostly control characters"),
    "random-small": (_random(5, 512), "mostly control characters"),
    "controls": (bytes(range(1, 32)) * 50, "mostly control characters"),
    "utf-16-looking": (b"\x00\x01\x02\x03" * 50, "mostly control characters"),
    "subtitle-head-then-random": (SRT_HEAD + _random(6, 2048), "mostly control characters"),
}


@pytest.mark.parametrize("name", BINARIES)
@pytest.mark.parametrize("language", [None, "en", "ko", "ja", "th", "zh-Hant"])
def test_binary_input_is_refused_as_binary(name: str, language: str | None) -> None:
    data, what = BINARIES[name]
    with pytest.raises(TimedTextError) as info:
        decode(data, language=language)
    message = str(info.value)
    assert message.startswith("the file is binary (") and what in message and "\n" not in message


@pytest.mark.parametrize("name", BINARIES)
def test_reading_a_binary_file_says_it_is_binary_whatever_its_name(name: str) -> None:
    for filename in ("episode.srt", "episode.vtt", "episode.ttml", None):
        with pytest.raises(TimedTextError, match=r"^the file is binary \("):
            read(BINARIES[name][0], filename, language="en")


def test_an_explicit_encoding_does_not_turn_binary_into_text() -> None:
    for name in ("png", "random", "controls"):
        with pytest.raises(TimedTextError, match=r"^the file is binary \("):
            decode(BINARIES[name][0], encoding="latin-1")


def test_random_bytes_of_any_seed_are_binary() -> None:
    for seed in range(40):
        with pytest.raises(TimedTextError, match="binary"):
            decode(_random(100 + seed, 1024 + 97 * seed), language="ja")


LINES = "1\n00:00:01,000 --> 00:00:03,000\n{text}\n\n2\n00:00:04,000 --> 00:00:05,000\n{text}\n"


@pytest.mark.parametrize(
    ("encoding", "language", "text", "expected"),
    [
        ("utf-8", None, "Café, 여기서, ここで, ฉันจะรอ, 我在這裡", "utf-8"),
        ("utf-8-sig", None, "Café, 여기서, ここで, ฉันจะรอ, 我在這裡", "utf-8"),
        ("utf-16", None, "Café, 여기서, ここで, ฉันจะรอ, 我在這裡", None),  # with BOM
        ("utf-16-le", None, "Café, 여기서, ここで, ฉันจะรอ, 我在這裡", "utf-16"),  # no BOM
        ("utf-16-be", None, "Café, 여기서, ここで, ฉันจะรอ, 我在這裡", "utf-16"),  # no BOM
        ("utf-32", None, "Café, 여기서, ここで, ฉันจะรอ, 我在這裡", None),  # with BOM
        ("cp1252", "en", "Café, déjà vu – naïve “quotes”", None),
        ("cp949", "ko", "여기서 기다릴게요. 걱정하지 마세요.", None),
        ("euc_kr", "ko", "여기서 기다릴게요. 걱정하지 마세요.", None),
        ("cp932", "ja", "ここで待ってるから、心配しないで。", None),
        ("euc_jp", "ja", "ここで待ってるから、心配しないで。", None),
        ("iso2022_jp", "ja", "ここで待ってるから、心配しないで。", "iso2022_jp"),
        ("cp874", "th", "ฉันจะรอเธอที่นี่ ไม่ต้องห่วง", None),
        ("big5", "zh-Hant", "我在這裡等你，不要擔心。", None),
    ],
)
def test_text_in_supported_encodings_still_decodes(
    encoding: str, language: str | None, text: str, expected: str | None
) -> None:
    decoded, used = decode(LINES.format(text=text).encode(encoding), language=language)
    assert decoded == LINES.format(text=text)
    if expected is not None:
        assert used == expected


def test_a_stray_control_character_in_text_is_not_binary() -> None:
    data = LINES.format(text="Where were you?").encode() + b"\x1a"  # a DOS end-of-file mark
    assert decode(data)[0].endswith("Where were you?\n\x1a")
    data = LINES.format(text="Caf\xe9\x0cd\xe9j\xe0 vu").encode("cp1252")
    assert "déjà" in decode(data, language="en")[0]
