"""Text decoding for subtitle files: byte-order marks, UTF-8, UTF-16 without a mark, and legacy code pages.

Order: an explicit encoding; a byte-order mark (UTF-8, UTF-16 and UTF-32); for XML, the encoding its declaration
names; ISO-2022-JP (seven-bit, with its escape sequences); UTF-8; UTF-16 without a mark (NUL bytes on every other
position); then charset-normalizer, first among the code pages used for the subtitle language (short Thai files
otherwise pass for Japanese), then among all.

Binary files are refused with "the file is binary" rather than decoded into garbage: first by their signature
(images, audio and video, archives, documents, EBU STL subtitles), then by control characters, which text never
holds in numbers: in the raw bytes before a code page is guessed (no code page used for subtitles puts text in
them), and in the decoded text whatever the encoding.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from .errors import TimedTextError

# Legacy code pages per subtitle language, most likely first.
LEGACY_ENCODINGS: dict[str, tuple[str, ...]] = {
    "en": ("cp1252", "latin_1"),
    "id": ("cp1252", "latin_1"),
    "ko": ("cp949", "euc_kr"),
    "ja": ("cp932", "euc_jp", "iso2022_jp"),
    "th": ("cp874", "tis_620"),
    "zh-Hant": ("cp950", "big5", "big5hkscs"),
}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Signatures of binary formats someone may upload instead of a subtitle text file: (offset, magic bytes, what).
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"8BPS", "a Photoshop image"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document"),
    (0, b"PK\x03\x04", "a ZIP archive or Office document"),
    (0, b"PK\x05\x06", "a ZIP archive"),
    (0, b"\x1f\x8b", "a gzip archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"\xfd7zXZ\x00", "an xz archive"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"OggS", "an Ogg audio or video file"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
    (0, b"\x06\x0e\x2b\x34\x02\x05\x01\x01", "an MXF file"),
    (4, b"ftyp", "an MP4 or QuickTime file"),
    (0, b"\x7fELF", "a program"),
)
# Chunked containers: the form type at offset 8 says what they hold.
_CONTAINERS: dict[tuple[bytes, bytes], str] = {
    (b"RIFF", b"WAVE"): "a WAV audio file",
    (b"RF64", b"WAVE"): "an RF64 audio file",
    (b"RIFF", b"AVI "): "an AVI video",
    (b"RIFF", b"WEBP"): "a WebP image",
    (b"FORM", b"AIFF"): "an AIFF audio file",
    (b"FORM", b"AIFC"): "an AIFF audio file",
}
# C0 controls other than whitespace, and DEL: no subtitle text holds them in numbers. In the raw bytes SO, SI and
# ESC are left out too, since ISO-2022-JP uses them to switch character sets.
_TEXT_CONTROLS = frozenset(chr(c) for c in (*range(0x20), 0x7F)) - frozenset("\t\n\v\f\r")
_BYTE_CONTROLS = bytes(sorted(ord(c) for c in _TEXT_CONTROLS - frozenset("\x0e\x0f\x1b")))
_SAMPLE = 8192  # characters (or bytes) looked at
_BINARY_SHARE = 20  # more than one control in this many characters makes the file binary
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise TimedTextError(f"unknown text encoding {name!r}") from None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) < len(head) // 4:
        return None
    return _strict(data, "utf-16-be" if even > odd else "utf-16-le")


def _binary(what: str) -> TimedTextError:
    return TimedTextError(f"the file is binary ({what}), not a subtitle text file")


def _check_signature(data: bytes) -> None:
    for offset, magic, what in _SIGNATURES:
        if data.startswith(magic, offset):
            raise _binary(what)
    container = _CONTAINERS.get((data[:4], data[8:12]))
    if container:
        raise _binary(container)
    if data[:3].isdigit() and data[3:6] == b"STL":
        raise _binary("an EBU STL subtitle file; export it as SRT, WebVTT or TTML")


def _mostly_controls(count: int, size: int) -> bool:
    return count > 0 and count * _BINARY_SHARE > size


def _check_bytes(data: bytes) -> None:
    sample = data[:_SAMPLE]
    if _mostly_controls(len(sample) - len(sample.translate(None, _BYTE_CONTROLS)), len(sample)):
        raise _binary("mostly control characters")


def _finish(text: str, encoding: str) -> tuple[str, str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    sample = text[:_SAMPLE]
    if _mostly_controls(sum(1 for ch in sample if ch in _TEXT_CONTROLS), len(sample)):
        raise _binary("mostly control characters")
    if "\x00" in text:
        raise TimedTextError("the file contains NUL characters: it is binary or its encoding was not recognised")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def decode(
    data: bytes, *, encoding: str | None = None, language: str | None = None, xml: bool = False
) -> tuple[str, str]:
    """The file's text (newlines normalised to ``\\n``, no BOM) and the name of the encoding used; a
    ``TimedTextError`` for bytes that are not text in a known encoding (``the file is binary (...)`` for binary
    files)."""
    _check_signature(data)
    if encoding:
        codec = _codec_name(encoding)
        text = _strict(data, codec)
        if text is None:
            raise TimedTextError(f"the file is not valid {encoding}")
        return _finish(text, codec)
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], name)
            if text is None:
                raise TimedTextError(f"the file starts with a {name.upper()} byte-order mark but is not valid {name}")
            return _finish(text, name.replace("-sig", ""))
    if xml:
        declared = _XML_DECL.match(data)
        if declared:
            codec = _codec_name(declared.group(1).decode("ascii"))
            if codec not in ("utf-8", "utf-16", "utf-32"):
                text = _strict(data, codec)
                if text is None:
                    raise TimedTextError(f"the XML declares encoding {declared.group(1).decode()!r} but is not valid")
                return _finish(text, codec)
    if data.isascii() and (b"\x1b$B" in data or b"\x1b$@" in data):
        text = _strict(data, "iso2022_jp")  # seven-bit, so valid UTF-8 too, but with escapes in the text
        if text is not None:
            return _finish(text, "iso2022_jp")
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return _finish(text, "utf-16")
    text = _strict(data, "utf-8")
    if text is not None:
        return _finish(text, "utf-8")
    _check_bytes(data)
    return _detect(data, language)


def _detect(data: bytes, language: str | None) -> tuple[str, str]:
    attempts: list[list[str] | None] = []
    if language in LEGACY_ENCODINGS:
        attempts.append(list(LEGACY_ENCODINGS[language]))
    attempts.append(None)
    for isolation in attempts:
        try:
            best = charset_normalizer.from_bytes(data, cp_isolation=isolation).best()
        except Exception:  # a detector failure on hostile bytes means "not recognised"
            best = None
        if best is None or not best.encoding:
            continue
        text = _strict(data, best.encoding)
        if text is not None:
            return _finish(text, best.encoding)
    raise TimedTextError("the text encoding could not be recognised; save the file as UTF-8")
