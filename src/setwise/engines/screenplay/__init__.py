"""Screenplay engine: Fountain, Final Draft (``.fdx``) and PDF scripts in; a typed ``Script`` out.

``parse(data, filename=None, format=None)`` reads a file's bytes (format from ``format``, else the file
extension, else the content) and returns a ``Script``: title page, scenes (number, heading, INT/EXT, set,
location, time of day, text, characters speaking and present, dialogue counts, eighths, page range, revision
marks, suggested breakdown elements) and characters with merged aliases. ``to_json(script)`` is the command
line's contract. Every failure to read is a ``ScriptError`` with a one-line message. No Django here.

See ``headings`` (the region's scene headings, set/location rule), ``eighths`` (page length method and its
measured error), ``elements`` (suggestion word lists) and ``characters`` (alias merging).
"""

from __future__ import annotations

from typing import Any

from .build import build
from .errors import ScriptError
from .model import Character, Element, Format, Heading, Revision, Scene, Script, Suggestion, TitlePage

__all__ = [
    "Character",
    "Element",
    "Heading",
    "Revision",
    "Scene",
    "Script",
    "ScriptError",
    "Suggestion",
    "TitlePage",
    "detect_format",
    "parse",
    "to_json",
]

_EXTENSIONS: dict[str, Format] = {
    ".fountain": "fountain",
    ".spmd": "fountain",
    ".txt": "fountain",
    ".text": "fountain",
    ".md": "fountain",
    ".fdx": "fdx",
    ".xml": "fdx",
    ".pdf": "pdf",
}
MAX_BYTES = 50 * 1024 * 1024


def detect_format(data: bytes, filename: str | None = None) -> Format:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"<") and (b"FinalDraft" in data[:4096] or head.startswith(b"<?xml")):
        return "fdx"
    if filename:
        lowered = filename.lower()
        for ext, fmt in _EXTENSIONS.items():
            if lowered.endswith(ext):
                return fmt
    if head.startswith(b"<"):
        return "fdx"
    return "fountain"


def parse(data: bytes, filename: str | None = None, format: str | None = None) -> Script:
    """Parse a script file's bytes; raises ``ScriptError`` (one-line message) for anything unreadable."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ScriptError("expected the file's bytes")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise ScriptError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise ScriptError("the file is empty")
    if format is None:
        if filename:
            lowered = filename.lower()
            fmt = next((f for ext, f in _EXTENSIONS.items() if lowered.endswith(ext)), None)
            fmt = fmt or detect_format(data, filename)
        else:
            fmt = detect_format(data)
        if fmt != "pdf" and data[:5] == b"%PDF-":
            fmt = "pdf"
    elif format in ("fountain", "fdx", "pdf"):
        fmt = format  # type: ignore[assignment]
    else:
        raise ScriptError(f"unknown format {format!r}: use fountain, fdx or pdf")
    try:
        if fmt == "pdf":
            from . import pdf

            title_page, elements, pages = pdf.read(data)
            return build("pdf", title_page, elements, page_count=pages)
        if fmt == "fdx":
            from . import fdx

            title_page, elements, revisions = fdx.read(data)
            return build("fdx", title_page, elements, revisions=revisions)
        from . import fountain
        from .text import decode

        title_page, elements = fountain.parse(decode(data))
        return build("fountain", title_page, elements)
    except ScriptError:
        raise
    except RecursionError:
        raise ScriptError("the file is nested too deeply to read") from None
    except Exception as exc:
        raise ScriptError(f"the {fmt} file could not be read ({type(exc).__name__})") from exc


def to_json(script: Script) -> dict[str, Any]:
    """The command line's JSON contract."""
    return {
        "title": script.title,
        "scenes": [
            {
                "number": s.number,
                "heading": s.heading,
                "int_ext": s.int_ext,
                "set": s.set,
                "location": s.location,
                "time_of_day": s.time_of_day,
                "characters": list(s.present),
                "eighths": s.eighths,
            }
            for s in script.scenes
        ],
        "characters": [{"name": c.name, "aliases": list(c.aliases)} for c in script.characters],
    }
