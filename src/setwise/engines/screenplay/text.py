"""Bytes to text: byte-order marks, UTF-8 first, then a detected legacy encoding (EUC-KR, Shift_JIS, TIS-620...)."""

from __future__ import annotations

import codecs

from .errors import ScriptError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode a text file; raises ``ScriptError`` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is None or best.encoding is None:
            raise ScriptError("the file is not text in an encoding we can read") from None
        text = data.decode(best.encoding, errors="replace")
    if "\x00" in text[:4096]:
        raise ScriptError("the file is binary, not a script")
    return text
