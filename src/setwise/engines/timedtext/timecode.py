"""Frame rates and SMPTE timecodes: exact conversions between frames, milliseconds and ``HH:MM:SS:FF`` labels.

Rates are exact fractions (29.97 is 30000/1001). Drop-frame timecode (29.97 and 59.94 only, written with ``;``)
skips the labels ``:00`` and ``:01`` (``:00``-``:03`` at 59.94) at the start of every minute except each tenth
minute, so that the label stays within a frame of wall-clock time; frames themselves are never dropped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from .errors import TimedTextError


@dataclass(frozen=True, slots=True)
class FrameRate:
    """A frame rate: ``fps`` exactly, and whether its timecodes are drop-frame."""

    fps: Fraction
    drop: bool = False

    def __post_init__(self) -> None:
        if self.fps <= 0:
            raise TimedTextError("a frame rate must be positive")
        if self.drop and self.nominal not in (30, 60):
            raise TimedTextError("drop-frame timecode exists only at 29.97 and 59.94 fps")

    @property
    def nominal(self) -> int:
        """The whole number of frames counted per timecode second (30 for 29.97)."""
        return max(1, math.ceil(self.fps - Fraction(1, 100)))

    @property
    def label(self) -> str:
        text = f"{float(self.fps):.3f}".rstrip("0").rstrip(".")
        return text + (" DF" if self.drop else "")

    @classmethod
    def parse(cls, text: str | float | int) -> FrameRate:
        """``23.976``, ``23.98``, ``24``, ``25``, ``29.97`` (non-drop), ``29.97df``/``29.97 DF``, ``29.97ndf``,
        ``30``, ``48``, ``50``, ``59.94[df]``, ``60``, or a fraction ``30000/1001``."""
        raw = str(text).strip().lower().replace(" ", "").replace("fps", "")
        drop = False
        if raw.endswith("ndf"):
            raw = raw[:-3]
        elif raw.endswith("df"):
            raw, drop = raw[:-2], True
        if raw in NAMED_RATES:
            return cls(NAMED_RATES[raw], drop)
        try:
            value = Fraction(raw)
        except (ValueError, ZeroDivisionError):
            raise TimedTextError(f"unknown frame rate {str(text)[:20]!r}") from None
        if not 1 <= value <= 1000:
            raise TimedTextError(f"unknown frame rate {str(text)[:20]!r}")
        for exact in NAMED_RATES.values():
            if abs(exact - value) < Fraction(1, 100):
                value = exact
                break
        return cls(value, drop)


NAMED_RATES: dict[str, Fraction] = {
    "23.976": Fraction(24000, 1001),
    "23.98": Fraction(24000, 1001),
    "24": Fraction(24),
    "25": Fraction(25),
    "29.97": Fraction(30000, 1001),
    "30": Fraction(30),
    "48": Fraction(48),
    "50": Fraction(50),
    "59.94": Fraction(60000, 1001),
    "60": Fraction(60),
}
FPS_23_976 = FrameRate(Fraction(24000, 1001))
FPS_24 = FrameRate(Fraction(24))
FPS_25 = FrameRate(Fraction(25))
FPS_29_97 = FrameRate(Fraction(30000, 1001))
FPS_29_97_DF = FrameRate(Fraction(30000, 1001), drop=True)
FPS_30 = FrameRate(Fraction(30))


def frames_to_ms(frames: int | Fraction, rate: FrameRate) -> Fraction:
    """Milliseconds from the first frame to the start of frame ``frames`` (exact)."""
    return Fraction(frames) * 1000 / rate.fps


def ms_to_frames(ms: Fraction | int, rate: FrameRate) -> int:
    """The frame on which a time falls, to the nearest frame (halves round up)."""
    n, d = ms.numerator, ms.denominator
    fn, fd = rate.fps.numerator, rate.fps.denominator
    # floor(n/d * fn/fd / 1000 + 1/2) in integers
    return (2 * n * fn + 1000 * d * fd) // (2000 * d * fd)


_TC = re.compile(r"^(\d{1,3}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$")


def _drop_count(rate: FrameRate) -> int:
    return 2 * rate.nominal // 30


def timecode_to_frames(timecode: str, rate: FrameRate) -> int:
    """Frame count of an SMPTE label ``HH:MM:SS:FF`` (``;`` before the frames marks drop-frame)."""
    match = _TC.match(timecode.strip())
    if not match:
        raise TimedTextError(f"not an SMPTE timecode: {timecode[:30]!r}")
    hours, minutes, seconds, frames = (int(match.group(i)) for i in (1, 2, 3, 5))
    nominal = rate.nominal
    if minutes > 59 or seconds > 59 or frames >= nominal:
        raise TimedTextError(f"timecode {timecode!r} is out of range at {rate.label} fps")
    total = ((hours * 60 + minutes) * 60 + seconds) * nominal + frames
    drop = rate.drop or match.group(4) == ";"
    if drop:
        if nominal not in (30, 60):
            raise TimedTextError(f"drop-frame timecode {timecode!r} at {rate.label} fps")
        skipped = _drop_count(FrameRate(rate.fps, True))
        if seconds == 0 and minutes % 10 and frames < skipped:
            raise TimedTextError(f"timecode {timecode!r} does not exist in drop-frame counting")
        total_minutes = hours * 60 + minutes
        total -= skipped * (total_minutes - total_minutes // 10)
    return total


def frames_to_timecode(frames: int, rate: FrameRate) -> str:
    """The SMPTE label of a frame count (``;`` before the frames when drop-frame)."""
    if frames < 0:
        raise TimedTextError("a timecode cannot be negative")
    nominal = rate.nominal
    if rate.drop:
        skipped = _drop_count(rate)
        per_minute = nominal * 60 - skipped
        per_ten = nominal * 600 - skipped * 9
        tens, rest = divmod(frames, per_ten)
        frames += skipped * 9 * tens
        if rest > skipped:
            frames += skipped * ((rest - skipped) // per_minute)
    seconds_total, ff = divmod(frames, nominal)
    minutes_total, ss = divmod(seconds_total, 60)
    hh, mm = divmod(minutes_total, 60)
    return f"{hh:02d}:{mm:02d}:{ss:02d}{';' if rate.drop else ':'}{ff:02d}"


def timecode_to_ms(timecode: str, rate: FrameRate) -> Fraction:
    return frames_to_ms(timecode_to_frames(timecode, rate), rate)


def ms_to_timecode(ms: Fraction | int, rate: FrameRate) -> str:
    return frames_to_timecode(ms_to_frames(ms, rate), rate)


def format_clock(ms: Fraction | int, separator: str = ".") -> str:
    """``HH:MM:SS.mmm`` (``separator`` ``,`` for SRT), to the nearest millisecond; negative times clamp to 0."""
    n, d = ms.numerator, ms.denominator
    whole = max(0, (2 * n + d) // (2 * d))
    seconds, millis = divmod(whole, 1000)
    minutes, ss = divmod(seconds, 60)
    hh, mm = divmod(minutes, 60)
    return f"{hh:02d}:{mm:02d}:{ss:02d}{separator}{millis:03d}"
