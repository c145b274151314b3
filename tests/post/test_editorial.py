"""Reading editorial cuts: every format through OpenTimelineIO, the lenient CMX 3600 reader for EDLs that
OpenTimelineIO refuses, and one-line errors. No database."""

from __future__ import annotations

import pytest

from setwise.engines.timedtext import FrameRate
from setwise.post import editorial
from setwise.post.editorial import CutError, read_cut, read_edl
from tests.post.conftest import FIXTURES

NAMES = ["EP01_12A_010", "A001C004_HARBOUR", "EP01_14_020", "EP01_99_010"]


def test_builtin_edl_reader() -> None:
    cut = read_edl((FIXTURES / "ep1.edl").read_text(), FrameRate.parse("23.976"))
    assert (cut.title, cut.format, cut.reader) == ("EP01 LOCKED CUT", "edl", "builtin")
    # 01:00:00:00 to 01:00:22:12 of picture: the audio-only event 004 does not lengthen the cut.
    assert cut.start_frame == 86_400 and cut.duration_frames == 22 * 24 + 12
    assert cut.duration_ms == round(540 * 1001 / 24)
    assert [c.name for c in cut.clips] == NAMES
    first, second, dissolve, last = cut.clips
    assert first.reel == "A001C003" and first.markers == ("VFX EP01_12A_010 sky replacement",)
    assert (second.record_in, second.frames) == (120, 108)
    # The incoming clip of the dissolve carries the TO CLIP NAME; the zero-length outgoing row is dropped.
    assert (dissolve.record_in, dissolve.frames, dissolve.reel) == (228, 240, "B003C002")
    assert (last.record_in, last.frames) == (468, 72)


def test_drop_frame_edl() -> None:
    text = (
        "TITLE: DF\nFCM: DROP FRAME\n"
        "001  AX V C 00:00:00;00 00:01:00;02 00:59:59;28 01:01:00;02\n"
        "* FROM CLIP NAME: EP02_5_010\n"
    )
    cut = read_edl(text, FrameRate.parse("29.97"))
    assert cut.rate.drop
    # 00:59:59;28 to 01:01:00;02 in drop-frame counting: 1 minute and 4 labels, of which :00 and :01 skipped.
    assert cut.duration_frames == 1800 + 4 - 2
    with pytest.raises(CutError, match=r"drop-frame timecode needs 29\.97"):
        read_edl(text, FrameRate.parse("25"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("TITLE: nothing\n", "no edit events"),
        ("TITLE: x\n001  AX V C 00:00:00:00 00:00:01:00 01:00:01:00 01:00:00:00\n", "out-point comes before"),
        ("TITLE: x\n001  AX V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:00:30\n", "line 2: timecode"),
        ("TITLE: x\n001 this is not an event\n", "line 2: not a CMX 3600 event line"),
        ("TITLE: x\nFCM: SOMETIMES\n", "line 2: unknown frame code mode"),
    ],
)
def test_malformed_edls_give_one_line(text, message) -> None:
    with pytest.raises(CutError, match=message) as info:
        read_edl(text, FrameRate.parse("24"))
    assert "\n" not in str(info.value)
    # OpenTimelineIO refuses it too, and the message that reaches the user is the one naming the line.
    with pytest.raises(CutError, match=message) as info:
        read_cut(text.encode(), "bad.edl", "24")
    assert "\n" not in str(info.value)


def test_an_edl_opentimelineio_refuses_is_read_by_the_lenient_reader() -> None:
    # A retimed event: 24 source frames play over 48 record frames. OpenTimelineIO's adapter refuses an event whose
    # source and record lengths differ; the cut's length is its record time all the same.
    text = "TITLE: RETIME\n001  AX V C 00:00:00:00 00:00:01:00 01:00:00:00 01:00:02:00\n* FROM CLIP NAME: EP01_3_010\n"
    cut = read_cut(text.encode(), "retime.edl", "24")
    assert (cut.reader, cut.duration_frames, [c.name for c in cut.clips]) == ("builtin", 48, ["EP01_3_010"])
    assert read_cut((FIXTURES / "ep1.edl").read_bytes(), "ep1.edl", "23.976").reader == "opentimelineio"


def test_empty_and_oversized_files() -> None:
    with pytest.raises(CutError, match="empty"):
        read_cut(b" \n", "cut.edl", "24")
    with pytest.raises(CutError, match="larger than"):
        read_cut(b"x" * (editorial.MAX_BYTES + 1), "cut.edl", "24")
    with pytest.raises(CutError, match="unknown frame rate"):
        read_cut(b"TITLE: x", "cut.edl", "fast")


def test_format_detection() -> None:
    assert editorial.detect_format(b"TITLE: x", "cut.EDL") == "edl"
    assert editorial.detect_format(b"", "cut.xml") == "fcp_xml"
    assert editorial.detect_format(b'{"OTIO_SCHEMA": "Timeline.1"}', "") == "otio"
    assert editorial.detect_format(b"<?xml version='1.0'?><xmeml/>", "") == "fcp_xml"


def test_shot_codes_match_without_case_or_separators() -> None:
    assert editorial.normalise("ep01_12a-010") == editorial.normalise("EP01 12A 010")
    clip = editorial.CutClip("A001C003", "", 0, 10, ("VFX EP01_12A_010 sky",))
    assert "EP01_12A_010" in editorial.tokens(clip)
    assert editorial.looks_like_shot("EP01_99_010") and editorial.looks_like_shot("VFX_SKY")
    assert not editorial.looks_like_shot("A001C004_HARBOUR")


@pytest.mark.parametrize("name", ["ep1.edl", "ep1.xml", "ep1.otio"])
def test_opentimelineio_reads_every_format_alike(name) -> None:
    cut = read_cut((FIXTURES / name).read_bytes(), name, "23.976")
    assert cut.reader == "opentimelineio"
    assert cut.duration_frames == 540
    # The record timecode of the first frame: 01:00:00:00 in the EDL and the OTIO file, 00:00:00:00 in the XML.
    assert cut.start_frame == {"ep1.edl": 86_400, "ep1.xml": 0, "ep1.otio": 86_400}[name]
    assert [c.name for c in cut.clips] == NAMES
    assert cut.clips[0].markers == ("VFX EP01_12A_010 sky replacement",)


def test_opentimelineio_errors_are_one_line() -> None:
    with pytest.raises(CutError, match="could not be read"):
        read_cut(b'{"OTIO_SCHEMA": "Timeline.1", "tracks": ', "bad.otio", "24")


def test_fcp_xml_with_entities_is_refused_before_parsing() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><xmeml>&b;</xmeml>'
    with pytest.raises(CutError, match="the XML was refused"):
        read_cut(bomb, "cut.xml", "24")
