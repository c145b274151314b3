"""Small subtitle-file builders for the tests: the same events written as SRT, WebVTT or TTML by hand (not with
the engine's writers), with optional inline colour or italics."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Cue:
    start: int  # ms
    end: int
    lines: tuple[str, ...]
    style: str | None = None  # "color" | "italic"


def _clock(ms: int, sep: str) -> str:
    s, milli = divmod(ms, 1000)
    m, ss = divmod(s, 60)
    h, mm = divmod(m, 60)
    return f"{h:02d}:{mm:02d}:{ss:02d}{sep}{milli:03d}"


def srt(cues: list[Cue]) -> bytes:
    blocks = []
    for n, cue in enumerate(cues, 1):
        lines = list(cue.lines)
        if cue.style == "color" and lines:
            lines[0] = f'<font color="red">{lines[0]}</font>'
        if cue.style == "italic" and lines:
            lines[0] = f"<i>{lines[0]}</i>"
        blocks.append("\n".join([str(n), f"{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}", *lines]))
    return ("\n\n".join(blocks) + "\n").encode()


def vtt(cues: list[Cue]) -> bytes:
    blocks = ["WEBVTT"]
    for cue in cues:
        lines = list(cue.lines)
        if cue.style == "color" and lines:
            lines[0] = f"<c.yellow>{lines[0]}</c>"
        if cue.style == "italic" and lines:
            lines[0] = f"<i>{lines[0]}</i>"
        blocks.append("\n".join([f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}", *lines]))
    return ("\n\n".join(blocks) + "\n").encode()


def ttml(cues: list[Cue], lang: str = "en", frame_rate: str | None = None) -> bytes:
    params = f' ttp:frameRate="{frame_rate}"' if frame_rate else ""
    ps = []
    for cue in cues:
        lines = [escape(line) for line in cue.lines]
        if cue.style == "color" and lines:
            lines[0] = f'<span tts:color="yellow">{lines[0]}</span>'
        if cue.style == "italic" and lines:
            lines[0] = f'<span tts:fontStyle="italic">{lines[0]}</span>'
        ps.append(
            f'<p begin="{_clock(cue.start, ".")}" end="{_clock(cue.end, ".")}" style="s1">'
            + "<br/>".join(lines)
            + "</p>"
        )
    body = "\n      ".join(ps)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling"
    xmlns:ttp="http://www.w3.org/ns/ttml#parameter" xml:lang="{lang}"{params}>
  <head>
    <styling><style xml:id="s1" tts:color="white" tts:fontFamily="proportionalSansSerif"/></styling>
    <layout><region xml:id="bottom" tts:origin="10% 80%" tts:extent="80% 15%"/></layout>
  </head>
  <body region="bottom">
    <div>
      {body}
    </div>
  </body>
</tt>
""".encode()


BUILDERS = {"srt": srt, "vtt": vtt, "ttml": ttml}
