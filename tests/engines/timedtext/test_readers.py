"""Readers: SRT, WebVTT and TTML/IMSC structure and markup, encodings, TTML hardening, clear errors with line
numbers, and the SRT/WebVTT writers."""

from __future__ import annotations

import codecs

import pytest

from setwise.engines.timedtext import TimedTextError, detect_format, read, write_srt, write_vtt
from setwise.engines.timedtext.model import COLOR, ITALIC, POSITION, POSITION_PX, RUBY, VERTICAL, VOICE

SRT = """1
00:00:01,000 --> 00:00:03,500
<i>Where were you</i>
last night?

2
00:00:04,000 --> 00:00:06,000
{\\an8}Up here.

3
00:01:02,5 --> 00:01:04.25
Short fractions.
"""

VTT = """WEBVTT - episode 1
Kind: captions

STYLE
::cue(.yellow) { color: yellow; }

NOTE a comment
spanning lines

intro
00:01.000 --> 00:03.500 line:10% position:50% align:center
<v Min-jun>Where were you</v> &amp; <i>why</i>?

00:00:04.000 --> 00:00:06.000 vertical:rl
<ruby>漢字<rt>かんじ</rt></ruby>です

01:00:00.000 --> 01:00:02.000
<c.yellow>Careful</c> &lt;3 &amp; more
"""


def test_srt_structure_and_markup() -> None:
    document = read(SRT.encode(), "ep1.srt")
    assert document.format == "srt" and document.encoding == "utf-8"
    first, second, third = document.events
    assert (first.index, first.start, first.end, first.source_line) == (1, 1000, 3500, 2)
    assert first.lines == ("Where were you", "last night?")
    assert [s.italic for s in first.spans[0]] == [True] and not first.spans[1][0].italic
    assert [m.kind for m in first.markup] == [ITALIC]
    assert second.position is not None and second.position.align == "top"
    assert [m.kind for m in second.markup] == [POSITION]
    assert (third.start, third.end) == (62_500, 64_250)


def test_srt_tolerates_missing_numbers_and_blank_lines() -> None:
    data = (
        b"00:00:01,000 --> 00:00:02,000\nOne\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n\n\n\n"
        b"3\n00:00:05,000 --> 00:00:06,000\nThree"
    )
    document = read(data, "x.srt")
    assert [e.lines for e in document.events] == [("One",), ("Two",), ("Three",)]
    assert document.warnings == (
        "1 subtitle(s) without a number (first at line 1)",
        "1 subtitle(s) not preceded by a blank line (first at line 3)",
    )
    assert read(SRT.encode(), "ep1.srt").warnings == ()


def test_vtt_structure_markup_and_settings() -> None:
    document = read(VTT.encode(), "ep1.vtt")
    assert document.format == "vtt"
    first, second, third = document.events
    assert first.identifier == "intro" and (first.start, first.end) == (1000, 3500)
    assert first.lines == ("Where were you & why?",)
    assert {m.kind for m in first.markup} >= {VOICE, ITALIC, POSITION}
    assert first.position is not None and (first.position.unit, first.position.x, first.position.y) == ("%", 50.0, 10.0)
    assert second.vertical and VERTICAL in {m.kind for m in second.markup}
    assert second.lines == ("漢字です",) and second.spans[0][0].ruby == "かんじ"
    assert RUBY in {m.kind for m in second.markup}
    assert third.start == 3_600_000 and third.lines == ("Careful <3 & more",)
    assert [m.detail for m in third.markup if m.kind == COLOR] == ["<c.yellow>", "STYLE ::cue(.yellow)"]


IMSC = """<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"
    xmlns:tts="http://www.w3.org/ns/ttml#styling" ttp:frameRate="24" ttp:frameRateMultiplier="1000 1001" xml:lang="ja">
  <head>
    <styling>
      <style xml:id="base" tts:color="white" tts:fontFamily="proportionalSansSerif"/>
      <style xml:id="it" style="base" tts:fontStyle="italic"/>
    </styling>
    <layout>
      <region xml:id="bottom" tts:origin="10% 80%" tts:extent="80% 10%" tts:displayAlign="after"/>
      <region xml:id="side" tts:origin="85% 10%" tts:extent="10% 80%" tts:writingMode="tbrl"/>
      <region xml:id="px" tts:origin="100px 200px" tts:extent="400px 100px"/>
    </layout>
  </head>
  <body style="base" region="bottom">
    <div begin="10s">
      <p begin="00:00:01:00" end="00:00:03:00">東京へ<span tts:ruby="container"><span tts:ruby="base">行</span><span
         tts:ruby="text">い</span></span>きます<br/>
         明日の   朝</p>
      <p begin="4s" end="6s" region="side"><span tts:textCombine="all">12</span>時</p>
      <p begin="7s" dur="1s" style="it">斜体</p>
      <p begin="9s" end="10s" region="px"><span tts:color="yellow">黄色</span>です</p>
    </div>
    <div timeContainer="seq">
      <p dur="2s">一</p>
      <p dur="3s">二</p>
    </div>
    <div>
      <p><span begin="30s" end="31s">時間は</span><span begin="31s" end="32s">スパンに</span></p>
    </div>
  </body>
</tt>
"""


def test_ttml_imsc_structure_styles_regions_and_timing() -> None:
    document = read(IMSC.encode(), "ep1.ttml")
    assert document.format == "ttml" and document.language == "ja"
    ruby, combine, italic, yellow, one, two, spans = document.events
    assert ruby.start == 11_000 and ruby.lines == ("東京へ行きます", "明日の 朝")
    assert [s.ruby for s in ruby.spans[0]] == [None, "い", None]
    assert ruby.position is not None and ruby.position.align == "bottom" and ruby.source_line == 17
    assert combine.vertical and {m.kind for m in combine.markup} >= {VERTICAL, "combine"}
    assert italic.spans[0][0].italic and (italic.start, italic.end) == (17_000, 18_000)
    assert {m.kind for m in yellow.markup} >= {POSITION_PX, COLOR}
    assert (one.start, one.end, two.start, two.end) == (0, 2_000, 2_000, 5_000)
    assert (spans.start, spans.end, spans.lines) == (30_000, 32_000, ("時間はスパンに",))


def test_ttml_default_white_template_style_is_not_markup() -> None:
    document = read(IMSC.encode(), "ep1.ttml")
    assert not {m.kind for m in document.events[0].markup} & {COLOR, "font"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
            b'<p begin="1s" end="2s">&lol3;</p></div></body></tt>',
            "DTD",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE tt [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            b'<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1s" end="2s">&xxe;</p></div></body></tt>',
            "DTD",
        ),
        (
            b'<!DOCTYPE tt SYSTEM "http://example.invalid/tt.dtd"><tt xmlns="http://www.w3.org/ns/ttml"/>',
            "DTD",
        ),
        (
            b'<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1s" end="2s">&nbsp;</p></div></body></tt>',
            "XML",
        ),
    ],
)
def test_ttml_hardening_refuses_entities_and_external_references(data: bytes, message: str) -> None:
    with pytest.raises(TimedTextError) as info:
        read(data, "evil.ttml")
    assert message in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\nOk\n\n2\n00:00:03 --> 00:00:04,000\nBad\n", "a.srt", "line 6:"),
        (b"1\n00:00:01,000 --> 00:00:02,000\nOk\n\n2\n00:75:03,000 --> 00:00:04,000\nBad\n", "a.srt", "line 6:"),
        (b"1\nHello\n", "a.srt", "line 2:"),
        (b"Hello there\n", "a.srt", "line 1:"),
        (b"WEBVTT\n\n00:01,000 --> 00:02,000\nHi\n", "a.vtt", "line 3:"),
        (b"WEBVTTX\n\n00:01.000 --> 00:02.000\nHi\n", "a.vtt", "line 1:"),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi --> there\n", "a.vtt", "line 4:"),
        (b'<tt xmlns="http://www.w3.org/ns/ttml">\n<body>\n<div>\n</body></tt>', "a.ttml", "line 4:"),
        (b"<html><body/></html>", "a.ttml", "not a TTML document"),
        (
            b'<tt xmlns="http://www.w3.org/ns/ttml">\n<body><div>\n<p begin="1s">x</p></div></body></tt>',
            "a.ttml",
            "line 3:",
        ),
        (
            b'<tt xmlns="http://www.w3.org/ns/ttml">\n<body><div>\n<p begin="1x" end="2s">x</p></div></body></tt>',
            "a.ttml",
            "line 3:",
        ),
        (b"", "a.srt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "a.png", ""),
    ],
)
def test_malformed_files_give_one_line_errors_with_line_numbers(data: bytes, name: str, expected: str) -> None:
    with pytest.raises(TimedTextError) as info:
        read(data, name)
    text = str(info.value)
    assert expected in text and "\n" not in text and text


LINES = ("ภาษาไทย ก็ได้", "한국어도", "日本語も", "繁體中文", "Café déjà vu")


@pytest.mark.parametrize(
    ("encoding", "language", "text"),
    [
        ("utf-8-sig", None, "\n".join(LINES)),
        ("utf-16", None, "\n".join(LINES)),  # with BOM
        ("utf-16-be", None, "\n".join(LINES)),  # no BOM
        ("utf-16-le", None, "\n".join(LINES)),  # no BOM
        ("cp874", "th", "ฉันจะรอเธอที่นี่ ไม่ต้องห่วง"),
        ("cp949", "ko", "여기서 기다릴게요. 걱정하지 마세요."),
        ("cp932", "ja", "ここで待ってるから、心配しないで。"),
        ("big5", "zh-Hant", "我在這裡等你，不要擔心。"),
        ("cp1252", "en", "Café, déjà vu – naïve “quotes”"),
    ],
)
def test_encodings(encoding: str, language: str | None, text: str) -> None:
    body = f"1\n00:00:01,000 --> 00:00:03,000\n{text}\n\n2\n00:00:04,000 --> 00:00:05,000\n{text}\n"
    data = body.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    document = read(data, "x.srt", language=language)
    assert document.events[0].lines == tuple(text.split("\n"))


def test_ttml_encodings_from_bom_and_declaration() -> None:
    text = IMSC.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert read(text.encode("utf-16"), "a.ttml").events[0].lines[0] == "東京へ行きます"
    text = IMSC.replace('encoding="UTF-8"', 'encoding="Shift_JIS"')
    document = read(text.encode("shift_jis"), "a.ttml")
    assert document.events[0].lines[0] == "東京へ行きます" and document.encoding == "shift_jis"


def test_explicit_encoding_and_its_errors() -> None:
    data = "1\n00:00:01,000 --> 00:00:02,000\nสวัสดี\n".encode("cp874")
    assert read(data, "a.srt", encoding="cp874").events[0].lines == ("สวัสดี",)
    with pytest.raises(TimedTextError):
        read(data, "a.srt", encoding="utf-8")
    with pytest.raises(TimedTextError):
        read(data, "a.srt", encoding="no-such-codec")


def test_format_detection_by_content_then_extension() -> None:
    assert detect_format(b"WEBVTT\n", "x.srt") == "vtt"
    assert detect_format(b"\xef\xbb\xbf<?xml version='1.0'?><tt/>", "x.srt") == "ttml"
    assert detect_format(b"1\n00:00:01,000 --> 00:00:02,000\n", "x.txt") == "srt"
    assert detect_format(b"??", "x.vtt") == "vtt"
    assert detect_format("WEBVTT\n".encode("utf-16"), None) == "vtt"


def test_writers_round_trip() -> None:
    for source in (read(SRT.encode(), "a.srt"), read(VTT.encode(), "a.vtt"), read(IMSC.encode(), "a.ttml")):
        for writer, name in ((write_srt, "b.srt"), (write_vtt, "b.vtt")):
            again = read(writer(source).encode(), name)
            assert [e.lines for e in again.events] == [e.lines for e in source.events]
            assert [round(e.start) for e in again.events] == [round(e.start) for e in source.events]
            assert [round(e.end) for e in again.events] == [round(e.end) for e in source.events]
            assert [[(c, s.italic) for s in line for c in s.text] for e in again.events for line in e.spans] == [
                [(c, s.italic) for s in line for c in s.text] for e in source.events for line in e.spans
            ]
    vtt = write_vtt(read(VTT.encode(), "a.vtt"))
    assert "<ruby>漢字<rt>かんじ</rt></ruby>" in vtt and "vertical:rl" in vtt and "&lt;3 &amp; more" in vtt
    assert "{\\an8}Up here." in write_srt(read(SRT.encode(), "a.srt"))
