"""Frame rates and SMPTE timecodes, drop-frame included, and frame-based TTML times at every supported rate."""

from __future__ import annotations

from fractions import Fraction

import pytest

from setwise.engines.timedtext import FrameRate, TimedTextError, read
from setwise.engines.timedtext.timecode import (
    FPS_23_976,
    FPS_25,
    FPS_29_97,
    FPS_29_97_DF,
    FPS_30,
    format_clock,
    frames_to_ms,
    frames_to_timecode,
    ms_to_frames,
    timecode_to_frames,
    timecode_to_ms,
)


@pytest.mark.parametrize(
    ("text", "fps", "drop"),
    [
        ("23.976", Fraction(24000, 1001), False),
        ("23.98", Fraction(24000, 1001), False),
        ("24", Fraction(24), False),
        ("25", Fraction(25), False),
        ("29.97", Fraction(30000, 1001), False),
        ("29.97ndf", Fraction(30000, 1001), False),
        ("29.97df", Fraction(30000, 1001), True),
        ("29.97 DF", Fraction(30000, 1001), True),
        ("30", Fraction(30), False),
        ("30000/1001", Fraction(30000, 1001), False),
        ("59.94df", Fraction(60000, 1001), True),
    ],
)
def test_frame_rate_parse(text: str, fps: Fraction, drop: bool) -> None:
    rate = FrameRate.parse(text)
    assert (rate.fps, rate.drop) == (fps, drop)


@pytest.mark.parametrize("text", ["0", "-25", "abc", "25df", "1e9", ""])
def test_bad_frame_rates(text: str) -> None:
    with pytest.raises(TimedTextError):
        FrameRate.parse(text)


@pytest.mark.parametrize(
    ("timecode", "frames"),
    [
        ("00:00:00;00", 0),
        ("00:00:59;29", 1799),
        ("00:01:00;02", 1800),  # ;00 and ;01 are skipped at the start of minute 1
        ("00:02:00;02", 3598),
        ("00:09:59;29", 17981),
        ("00:10:00;00", 17982),  # every tenth minute keeps ;00 and ;01
        ("00:10:00;01", 17983),
        ("01:00:00;00", 107892),
        ("23:59:59;29", 2589407),
    ],
)
def test_drop_frame_labels(timecode: str, frames: int) -> None:
    assert timecode_to_frames(timecode, FPS_29_97_DF) == frames
    assert frames_to_timecode(frames, FPS_29_97_DF) == timecode


def test_drop_frame_round_trip_and_wall_clock() -> None:
    for frames in list(range(0, 40_000)) + list(range(107_000, 108_000)):
        assert timecode_to_frames(frames_to_timecode(frames, FPS_29_97_DF), FPS_29_97_DF) == frames
    # The drop-frame label tracks wall-clock time: one hour of labels is 3.6 ms short of an hour.
    assert timecode_to_ms("01:00:00;00", FPS_29_97_DF) == Fraction(107892 * 1001, 30)
    assert abs(float(timecode_to_ms("01:00:00;00", FPS_29_97_DF)) - 3_600_000) < 4
    # Non-drop 29.97 drifts 3.6 s per hour; 23.976 the same.
    assert timecode_to_ms("01:00:00:00", FPS_29_97) == 3_603_600
    assert timecode_to_ms("01:00:00:00", FPS_23_976) == 3_603_600
    assert timecode_to_ms("01:00:00:00", FPS_25) == 3_600_000
    assert timecode_to_ms("00:00:01:15", FPS_30) == 1_500


@pytest.mark.parametrize("timecode", ["00:01:00;00", "00:01:00;01", "00:00:00:30", "00:60:00:00", "1:2:3"])
def test_impossible_timecodes(timecode: str) -> None:
    with pytest.raises(TimedTextError):
        timecode_to_frames(timecode, FPS_29_97_DF)


def test_ms_frames_and_clock() -> None:
    assert ms_to_frames(frames_to_ms(25, FPS_29_97), FPS_29_97) == 25
    assert ms_to_frames(834, FPS_29_97) == 25
    assert frames_to_ms(1, FPS_29_97) == Fraction(1001, 30)
    assert format_clock(Fraction(1001, 30)) == "00:00:00.033"
    assert format_clock(3_723_004, ",") == "01:02:03,004"


def _ttml(params: str, begin: str, end: str) -> bytes:
    return (
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
        f'{params}><body><div><p begin="{begin}" end="{end}">Hi.</p></div></body></tt>'
    ).encode()


@pytest.mark.parametrize(
    ("params", "begin", "end", "start_ms", "end_ms"),
    [
        (
            'ttp:frameRate="24" ttp:frameRateMultiplier="1000 1001"',
            "00:00:01:12",
            "00:00:02:00",
            1000 + Fraction(12_012, 24),
            2000,
        ),
        ('ttp:frameRate="24"', "00:00:01:12", "48f", 1500, 2000),
        ('ttp:frameRate="25"', "00:00:01:12", "00:00:02:24", 1480, 2960),
        ('ttp:frameRate="25" ttp:subFrameRate="2"', "00:00:01:12.1", "2s", 1500, 2000),
        (
            'ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"',
            "00:01:00:02",
            "00:01:01:00",
            60_000 + Fraction(2002, 30),
            61_000,
        ),
        (
            'ttp:timeBase="smpte" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001" ttp:dropMode="dropNTSC"',
            "00:01:00:02",
            "00:10:00:00",
            Fraction(1800 * 1001, 30),
            Fraction(17982 * 1001, 30),
        ),
        (
            'ttp:timeBase="smpte" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001" ttp:dropMode="nonDrop"',
            "00:01:00:00",
            "00:01:01:00",
            Fraction(1800 * 1001, 30),
            Fraction(1830 * 1001, 30),
        ),
        ('ttp:frameRate="30"', "00:00:01:15", "90f", 1500, 3000),
        ('ttp:tickRate="10000000"', "15000000t", "25000000t", 1500, 2500),
        ("", "1.5s", "2500ms", 1500, 2500),
        ("", "0.025m", "0.001h", 1500, 3600),
        ("", "00:00:01.5", "00:00:02.250", 1500, 2250),
    ],
)
def test_ttml_time_expressions(params: str, begin: str, end: str, start_ms: Fraction, end_ms: Fraction) -> None:
    (event,) = read(_ttml(params, begin, end)).events
    assert (event.start, event.end) == (start_ms, end_ms)


def test_ttml_declared_frame_rate_is_effective_rate() -> None:
    document = read(
        _ttml(
            'ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001" ttp:timeBase="smpte" ttp:dropMode="dropNTSC"',
            "00:00:01:00",
            "00:00:02:00",
        )
    )
    assert document.frame_rate == Fraction(30000, 1001) and document.drop_frame
    assert read(_ttml("", "1s", "2s")).frame_rate is None


@pytest.mark.parametrize(
    ("params", "begin"),
    [('ttp:frameRate="25"', "00:00:01:25"), ("", "1.5x"), ("", "00:61:00.000"), ('ttp:frameRate="0"', "1s")],
)
def test_ttml_bad_times_are_errors(params: str, begin: str) -> None:
    with pytest.raises(TimedTextError):
        read(_ttml(params, begin, "99s"))
