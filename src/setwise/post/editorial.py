"""Editorial cuts read into a plain ``Cut``: its running time and its clips (name, place in the cut, markers).

Every format is read through OpenTimelineIO (``opentimelineio``; CMX 3600 EDLs through ``otio-cmx3600-adapter``,
Final Cut Pro 7 XML through ``otio-fcp-adapter``, OTIO JSON natively). OpenTimelineIO's EDL adapter is strict: it
refuses an EDL whose source and record lengths differ or whose header it does not know. Such an EDL is read again
by the lenient CMX 3600 reader here (``read_edl``), which either reads it (``Cut.reader`` says ``builtin``) or
names the line it cannot read. FCP XML is checked for a DTD or entities before any parser sees it. Every failure is
a ``CutError`` with a one-line message.

The CMX 3600 reader: ``TITLE:`` and ``FCM:`` (drop or non-drop frame) headers; event lines (event number, reel,
track, transition ``C``/``D``/``W###``/``K``, an optional transition length, source in/out and record in/out);
``* FROM CLIP NAME:`` / ``* TO CLIP NAME:`` comments name the event's clip, ``* LOC:`` comments are markers (VFX
editors put shot codes there). The running time is the extent of the picture events' record times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any
from xml.etree.ElementTree import ParseError

import opentimelineio as otio
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as defused

from setwise.engines.timedtext import FrameRate, TimedTextError, timecode_to_frames

FORMATS = ("edl", "fcp_xml", "otio")
MAX_BYTES = 20 * 1024 * 1024
_ADAPTERS = {"edl": "cmx_3600", "fcp_xml": "fcp_xml", "otio": "otio_json"}
_FORMAT_NAMES = {"edl": "CMX 3600 EDL", "fcp_xml": "Final Cut Pro XML", "otio": "OpenTimelineIO"}


class CutError(ValueError):
    """The cut cannot be read; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class CutClip:
    name: str
    reel: str
    record_in: int  # frames from the start of the cut
    frames: int
    markers: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every name the clip is known by: clip name, markers and reel."""
        return tuple(n for n in (self.name, *self.markers, self.reel) if n)


@dataclass(frozen=True, slots=True)
class Cut:
    title: str
    format: str
    reader: str  # "opentimelineio" or "builtin"
    rate: FrameRate
    start_frame: int  # the record timecode of the first frame
    duration_frames: int
    clips: tuple[CutClip, ...]

    @property
    def duration_ms(self) -> int:
        return int(Fraction(self.duration_frames) * 1000 / self.rate.fps)


def detect_format(data: bytes, filename: str = "") -> str:
    lowered = filename.lower()
    if lowered.endswith(".edl"):
        return "edl"
    if lowered.endswith((".xml", ".fcpxml")):
        return "fcp_xml"
    if lowered.endswith(".otio"):
        return "otio"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "otio"
    if head.startswith(b"<"):
        return "fcp_xml"
    return "edl"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # EDLs from older systems; every byte decodes


def read_cut(data: bytes, filename: str = "", fps: str = "23.976", format: str | None = None) -> Cut:
    """Read a cut's bytes (format from ``format``, else the extension, else the content) at ``fps``."""
    if len(data) > MAX_BYTES:
        raise CutError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise CutError("the file is empty")
    try:
        rate = FrameRate.parse(fps)
    except TimedTextError as exc:
        raise CutError(str(exc)) from None
    fmt = format or detect_format(data, filename)
    if fmt not in FORMATS:
        raise CutError(f"unknown cut format {fmt[:20]!r} (expected edl, fcp_xml or otio)")
    text = _decode(data)
    if fmt == "fcp_xml":
        _check_xml(data)
    try:
        return _read_with_otio(text, fmt, rate)
    except CutError:
        if fmt != "edl":
            raise
    # OpenTimelineIO refused the EDL: the lenient reader reads it or names the line it cannot read.
    return read_edl(text, rate)


def _check_xml(data: bytes) -> None:
    """Refuse XML with a DTD or entities (billion laughs, external entities) before any adapter parses it."""
    try:
        defused.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ParseError) as exc:
        message = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise CutError(f"the XML was refused: {message}") from None


# --- OpenTimelineIO -------------------------------------------------------------------------------------------


def _frames(time: Any, rate: FrameRate) -> int:
    return round(float(time.value_rescaled_to(float(rate.fps))))


def _read_with_otio(text: str, fmt: str, rate: FrameRate) -> Cut:
    adapter = _ADAPTERS[fmt]
    try:
        kwargs: dict[str, Any] = {"rate": float(rate.fps)} if fmt == "edl" else {}
        result = otio.adapters.read_from_string(text, adapter_name=adapter, **kwargs)
    except Exception as exc:
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise CutError(f"{_FORMAT_NAMES[fmt]} could not be read: {message}") from None
    if isinstance(result, otio.schema.Timeline):
        timelines = [result]
    elif hasattr(result, "find_children"):  # a collection of timelines
        timelines = list(result.find_children(descended_from_type=otio.schema.Timeline))
    else:
        timelines = []
    if not timelines:
        raise CutError(f"the {_FORMAT_NAMES[fmt]} holds no timeline")
    timeline = timelines[0]
    clips: list[CutClip] = []
    tracks = list(timeline.video_tracks()) or list(timeline.tracks)
    for track in tracks:
        for clip in track.find_clips():
            try:
                placed = clip.range_in_parent()
            except ValueError:  # a clip OTIO cannot place (e.g. inside a broken transition)
                continue
            frames = _frames(placed.duration, rate)
            if frames <= 0:
                continue
            metadata = clip.metadata.get("cmx_3600", {})
            reel = str(metadata.get("reel", "")) if hasattr(metadata, "get") else ""
            clips.append(
                CutClip(
                    name=str(clip.name or ""),
                    reel=reel if reel != clip.name else "",
                    record_in=_frames(placed.start_time, rate),
                    frames=frames,
                    markers=tuple(str(m.name) for m in clip.markers if m.name),
                )
            )
    if not clips:
        raise CutError(f"the {_FORMAT_NAMES[fmt]} has no picture clips")
    duration = max(c.record_in + c.frames for c in clips) - min(c.record_in for c in clips)
    return Cut(
        title=str(timeline.name or ""),
        format=fmt,
        reader="opentimelineio",
        rate=rate,
        start_frame=_start_frame(timeline, tracks, rate),
        duration_frames=duration,
        clips=tuple(sorted(clips, key=lambda c: (c.record_in, c.name))),
    )


def _start_frame(timeline: Any, tracks: list[Any], rate: FrameRate) -> int:
    """The record timecode of the cut's first frame: the timeline's global start time when the file has one, else
    the offset OpenTimelineIO's EDL adapter gives the tracks (a track trimmed to start at -01:00:00:00 holds a cut
    recorded from 01:00:00:00)."""
    if timeline.global_start_time is not None:
        return _frames(timeline.global_start_time, rate)
    for track in tracks:
        trimmed = track.source_range
        if trimmed is not None and trimmed.start_time.value < 0:
            return -_frames(trimmed.start_time, rate)
    return 0


# --- CMX 3600 -------------------------------------------------------------------------------------------------

_TC = r"\d{1,2}[:;.]\d{2}[:;.]\d{2}[:;.]\d{2}"
_EVENT = re.compile(
    rf"^\s*(?P<num>\d{{1,6}})\s+(?P<reel>\S+)\s+(?P<track>\S+)\s+(?P<trans>C|D|W\d{{1,3}}|K\s*[BO]?|KB|KO)\s*"
    rf"(?:(?P<length>\d{{1,4}})\s+)?(?P<src_in>{_TC})\s+(?P<src_out>{_TC})\s+(?P<rec_in>{_TC})\s+(?P<rec_out>{_TC})\s*$",
    re.IGNORECASE,
)
_LOC = re.compile(rf"^\*\s*LOC:\s*(?P<tc>{_TC})\s+(?:(?P<colour>\w+)\s+)?(?P<name>.*)$", re.IGNORECASE)
_COLOURS = {"RED", "GREEN", "BLUE", "CYAN", "MAGENTA", "YELLOW", "BLACK", "WHITE", "ORANGE", "PINK", "PURPLE"}


@dataclass
class _Event:
    line: int
    num: str
    reel: str
    track: str
    record_in: int
    record_out: int
    name: str = ""
    markers: tuple[str, ...] = ()

    @property
    def picture(self) -> bool:
        track = self.track.upper()
        return "V" in track or track == "B"


def _tc(text: str, rate: FrameRate, line: int, drop: bool) -> int:
    label = text.replace(".", ":")
    if drop and ";" not in label:
        label = label[:8] + ";" + label[9:]
    try:
        return timecode_to_frames(label, FrameRate(rate.fps, drop) if drop else rate)
    except TimedTextError as exc:
        raise CutError(f"line {line}: {exc}") from None


def read_edl(text: str, rate: FrameRate) -> Cut:
    """A CMX 3600 EDL at ``rate`` (drop-frame where ``FCM: DROP FRAME`` says so)."""
    title = ""
    drop = False
    events: list[_Event] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        upper = line.upper()
        if upper.startswith("TITLE:"):
            title = line[6:].strip()[:200]
            continue
        if upper.startswith("FCM:"):
            mode = upper[4:].strip()
            if mode not in ("DROP FRAME", "NON-DROP FRAME", "NON DROP FRAME"):
                raise CutError(f"line {number}: unknown frame code mode {line[4:].strip()[:30]!r}")
            drop = mode == "DROP FRAME"
            if drop and rate.nominal not in (30, 60):
                raise CutError(f"line {number}: drop-frame timecode needs 29.97 or 59.94 fps, not {rate.label}")
            continue
        if line.startswith("*"):
            if not events:
                continue
            body = line.lstrip("*").strip()
            key, _, value = body.partition(":")
            key = key.strip().upper()
            value = value.strip()
            if key == "FROM CLIP NAME":
                # After a transition's two rows, FROM names the outgoing row and TO the incoming one.
                pair = len(events) >= 2 and events[-2].num == events[-1].num
                target = events[-2] if pair else events[-1]
                if not target.name:
                    target.name = value[:200]
            elif key == "TO CLIP NAME":
                events[-1].name = value[:200]
            elif key == "LOC":
                match = _LOC.match(line)
                if match:
                    name = match.group("name").strip()
                    colour = (match.group("colour") or "").upper()
                    if colour and colour not in _COLOURS:
                        name = f"{match.group('colour')} {name}".strip()
                    if name:
                        events[-1].markers = (*events[-1].markers, name[:200])
            continue
        match = _EVENT.match(line)
        if match:
            rec_in = _tc(match.group("rec_in"), rate, number, drop)
            rec_out = _tc(match.group("rec_out"), rate, number, drop)
            if rec_out < rec_in:
                raise CutError(f"line {number}: the record out-point comes before the in-point")
            events.append(
                _Event(number, match.group("num"), match.group("reel"), match.group("track"), rec_in, rec_out)
            )
            continue
        if upper.startswith(("M2", "SPLIT", "AUD", ">>>", "EFFECTS NAME")):
            continue
        if re.match(r"^\d{1,6}\s", line):
            raise CutError(f"line {number}: not a CMX 3600 event line: {line[:60]!r}")
        # Anything else (vendor notes, blank titles) is ignored, as editing systems do.
    if not events:
        raise CutError("no edit events found: is this a CMX 3600 EDL?")
    picture = [e for e in events if e.picture and e.record_out > e.record_in] or [
        e for e in events if e.record_out > e.record_in
    ]
    if not picture:
        raise CutError("the EDL's events have no length")
    start = min(e.record_in for e in picture)
    end = max(e.record_out for e in picture)
    clips = tuple(
        CutClip(
            name=e.name or e.reel,
            reel=e.reel if e.name else "",
            record_in=e.record_in - start,
            frames=e.record_out - e.record_in,
            markers=e.markers,
        )
        for e in sorted(picture, key=lambda e: (e.record_in, e.line))
    )
    return Cut(
        title=title,
        format="edl",
        reader="builtin",
        rate=FrameRate(rate.fps, drop) if drop else rate,
        start_frame=start,
        duration_frames=end - start,
        clips=clips,
    )


# --- matching ---------------------------------------------------------------------------------------------------

_SHOT_LIKE = re.compile(r"^(?:EP?\d{1,3}_)?\d{1,4}[A-Z]{0,2}_\d{2,4}$", re.IGNORECASE)


def normalise(name: str) -> str:
    """Shot codes compared without case, spaces or separators: ``ep01_12a-010`` matches ``EP01_12A_010``."""
    return re.sub(r"[^0-9A-Z]", "", name.upper())


def tokens(clip: CutClip) -> list[str]:
    """Each name of the clip, and each word of it (a marker ``VFX EP01_12A_010 sky`` gives its shot code)."""
    out: list[str] = []
    for name in clip.names():
        out.append(name)
        out += [word for word in re.split(r"[\s,;/]+", name) if word and word != name]
    return out


def looks_like_shot(token: str) -> bool:
    return bool(_SHOT_LIKE.match(token)) or ("VFX" in token.upper() and len(normalise(token)) > 3)
