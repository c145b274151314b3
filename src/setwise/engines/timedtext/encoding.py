"""Text decoding for subtitle files: byte-order marks, UTF-8, UTF-16 without a mark, and legacy code pages.

Order: an explicit encoding; a byte-order mark (UTF-8, UTF-16 and UTF-32); for XML, the encoding its declaration
names; UTF-8; UTF-16 without a mark (NUL bytes on every other position); then charset-normalizer, first among the
code pages used for the subtitle language (short Thai files otherwise pass for Japanese), then among all.
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


def _finish(text: str, encoding: str) -> tuple[str, str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise TimedTextError("the file contains NUL characters: it is binary or its encoding was not recognised")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def decode(
    data: bytes, *, encoding: str | None = None, language: str | None = None, xml: bool = False
) -> tuple[str, str]:
    """The file's text (newlines normalised to ``\\n``, no BOM) and the name of the encoding used."""
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
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return _finish(text, "utf-16")
    text = _strict(data, "utf-8")
    if text is not None:
        return _finish(text, "utf-8")
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
