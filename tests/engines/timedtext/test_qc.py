"""QC per rule and language: a compliant file has no findings; a file breaking one rule once has exactly that
finding, on that event, in SRT, WebVTT and TTML alike."""

from __future__ import annotations

from fractions import Fraction

import pytest

from setwise.engines.timedtext import (
    LANGUAGES,
    RuleDataError,
    check,
    load_rules,
    read,
    report_to_cli,
    report_to_csv,
    report_to_dict,
)
from setwise.engines.timedtext.qc import counting_for

from .builders import BUILDERS, Cue

# A short compliant line, a line too long for one line, and a one-word reply, per language.
TEXT = {
    "en": ("I'll wait for you here.", "This sentence is clearly longer than the limit.", "Yes."),
    "id": ("Aku akan menunggumu di sini.", "Kalimat ini jelas jauh lebih panjang dari batasnya.", "Ya."),
    "ko": ("여기서 기다릴게요.", "이 문장은 한 줄에 들어가기에는 너무 깁니다.", "네."),
    "ja": ("ここで待ってる", "この文章は一行に収めるには長すぎます", "はい"),
    "th": ("ฉันจะรอเธอที่นี่", "ประโยคนี้ยาวเกินกว่าที่จะใส่ลงในบรรทัดเดียวของคำบรรยาย", "ใช่"),
    "zh-Hant": ("我在這裡等你。", "這個句子太長了，放不進一行字幕裡面", "好。"),
}


def compliant(lang: str) -> list[Cue]:
    short = TEXT[lang][0]
    return [Cue(10_000 + i * 6_000, 10_000 + i * 6_000 + 2_500, (short,)) for i in range(5)]


def breaking(lang: str, rule: str) -> tuple[list[Cue], int]:
    """Events breaking ``rule`` once, and the 1-based number of the event that breaks it."""
    cues = compliant(lang)
    short, long, reply = TEXT[lang]
    third = cues[2]
    if rule == "chars_per_line":
        cues[2] = Cue(third.start, third.start + 5_000, (long,))
    elif rule == "lines_per_event":
        cues[2] = Cue(third.start, third.start + 5_000, (reply, reply, reply))
    elif rule == "reading_speed":
        cues[2] = Cue(third.start, third.start + 1_000, (short, short))
    elif rule == "min_duration":
        cues[2] = Cue(third.start, third.start + 500, (reply,))
    elif rule == "max_duration":
        cues[3] = Cue(cues[3].start + 500, cues[3].start + 500 + 8_000, (short,))
        cues[4] = Cue(cues[3].end + 1_000, cues[3].end + 3_000, (short,))
        return cues, 4
    elif rule == "min_gap":
        cues[2] = Cue(cues[1].end + 42, third.end, (short,))  # one frame at 24 fps
    elif rule == "overlap":
        cues[2] = Cue(cues[1].end - 500, third.end, (short,))
    elif rule == "empty_event":
        cues[2] = Cue(third.start, third.end, ())
    elif rule == "forbidden_markup":
        cues[2] = Cue(third.start, third.end, (short,), "color")
    elif rule == "forbidden_italic":
        cues[2] = Cue(third.start, third.end, (short,), "italic")
    return cues, 3


RULES = (
    "chars_per_line",
    "lines_per_event",
    "reading_speed",
    "min_duration",
    "max_duration",
    "min_gap",
    "overlap",
    "empty_event",
    "forbidden_markup",
)


def run(cues: list[Cue], lang: str, fmt: str) -> dict[str, object]:
    data = BUILDERS[fmt](cues)
    document = read(data, f"sub.{fmt}")
    return report_to_cli(check(document, lang, fps="24"))


@pytest.mark.parametrize("fmt", ["srt", "vtt", "ttml"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_compliant_file_has_no_findings(lang: str, fmt: str) -> None:
    result = run(compliant(lang), lang, fmt)
    assert result == {"events": 5, "findings": []}


@pytest.mark.parametrize("fmt", ["srt", "vtt", "ttml"])
@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_rule_broken_once_is_reported_once(lang: str, rule: str, fmt: str) -> None:
    cues, event = breaking(lang, rule)
    result = run(cues, lang, fmt)
    findings = result["findings"]
    assert isinstance(findings, list)
    assert [(f["event"], f["rule"]) for f in findings] == [(event, rule)], findings


@pytest.mark.parametrize("fmt", ["srt", "vtt", "ttml"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_italics_forbidden_only_in_korean_and_chinese(lang: str, fmt: str) -> None:
    cues, event = breaking(lang, "forbidden_italic")
    findings = run(cues, lang, fmt)["findings"]
    expected = [(event, "forbidden_markup")] if lang in ("ko", "zh-Hant") else []
    assert [(f["event"], f["rule"]) for f in findings] == expected  # type: ignore[index]


def test_values_and_limits_are_the_measured_ones() -> None:
    cues, _ = breaking("en", "chars_per_line")
    (finding,) = run(cues, "en", "srt")["findings"]  # type: ignore[misc]
    assert finding == {"event": 3, "rule": "chars_per_line", "value": 47, "limit": 42}
    cues, _ = breaking("ja", "chars_per_line")
    (finding,) = run(cues, "ja", "srt")["findings"]  # type: ignore[misc]
    assert finding == {"event": 3, "rule": "chars_per_line", "value": 18, "limit": 13}
    cues, _ = breaking("ko", "chars_per_line")
    (finding,) = run(cues, "ko", "srt")["findings"]  # type: ignore[misc]
    assert finding["value"] == 21.5  # Hangul 1, spaces and punctuation 0.5
    cues, _ = breaking("en", "reading_speed")
    (finding,) = run(cues, "en", "srt")["findings"]  # type: ignore[misc]
    assert finding == {"event": 3, "rule": "reading_speed", "value": 46.0, "limit": 17}
    cues, _ = breaking("en", "min_gap")
    (finding,) = run(cues, "en", "srt")["findings"]  # type: ignore[misc]
    assert finding == {"event": 3, "rule": "min_gap", "value": 1, "limit": 2}
    cues, _ = breaking("en", "min_duration")
    (finding,) = run(cues, "en", "srt")["findings"]  # type: ignore[misc]
    assert finding == {"event": 3, "rule": "min_duration", "value": 0.5, "limit": 0.833}
    cues, _ = breaking("en", "overlap")
    (finding,) = run(cues, "en", "srt")["findings"]  # type: ignore[misc]
    assert finding == {"event": 3, "rule": "overlap", "value": 0.5, "limit": 0}


@pytest.mark.parametrize(("fps", "frames"), [("23.976", 20), ("24", 20), ("25", 21), ("29.97", 25), ("30", 25)])
def test_min_duration_is_ceil_of_five_sixths_of_a_second_in_frames(fps: str, frames: int) -> None:
    from setwise.engines.timedtext import FrameRate
    from setwise.engines.timedtext.timecode import frames_to_ms

    rate = FrameRate.parse(fps)
    ok_ms = int(frames_to_ms(frames, rate) + 1)  # the file's millisecond rounding of an exact frame count
    short_ms = int(frames_to_ms(frames - 1, rate))
    for length, expected in ((ok_ms, []), (short_ms, ["min_duration"])):
        cues = [Cue(1_000, 1_000 + length, ("Yes.",))]
        result = report_to_cli(check(read(BUILDERS["srt"](cues)), "en", fps=fps))
        assert [f["rule"] for f in result["findings"]] == expected, (fps, length)


def test_min_gap_in_frames_at_the_given_rate() -> None:
    # 2 frames: 83 ms at 24 fps (compliant), 66.7 ms at 30 fps; 67 ms at 24 fps is under 2 frames.
    cues = [Cue(1_000, 3_000, ("One.",)), Cue(3_084, 5_000, ("Two.",))]
    assert report_to_cli(check(read(BUILDERS["srt"](cues)), "en", fps="24"))["findings"] == []
    cues = [Cue(1_000, 3_000, ("One.",)), Cue(3_067, 5_000, ("Two.",))]
    assert report_to_cli(check(read(BUILDERS["srt"](cues)), "en", fps="30"))["findings"] == []
    (finding,) = report_to_cli(check(read(BUILDERS["srt"](cues)), "en", fps="24"))["findings"]
    assert finding == {"event": 2, "rule": "min_gap", "value": 1.61, "limit": 2}


def test_thai_marks_are_not_counted_and_cjk_half_width_counts_half() -> None:
    th = counting_for(load_rules("th"))
    assert th.count("ที่นี่") == 2  # ท and น; the vowel SARA II and the tone mark MAI EK above each are not counted
    assert th.count("คำ") == 2  # SARA AM is a spacing vowel
    ja = counting_for(load_rules("ja"))
    assert ja.count("ＯＫです") == 4
    assert ja.count("OKです") == 3
    assert ja.count("　") == 1  # ideographic space
    zh = counting_for(load_rules("zh-Hant"))
    assert zh.count("你好, OK") == 2 + 0.5 * 4
    en = counting_for(load_rules("en"))
    assert en.count("Cafe\u0301!") == 5  # a decomposed accent is one character


def test_programme_length_and_beyond_programme() -> None:
    cues = [Cue(1_000, 3_000, ("One.",)), Cue(59_000, 61_000, ("Two.",))]
    report = check(read(BUILDERS["srt"](cues)), "en", fps="24", programme_length=60_000)
    assert [(f.event, f.rule, f.value, f.limit) for f in report.findings] == [(2, "beyond_programme", 61.0, 60.0)]
    assert report_to_cli(report)["findings"] == []  # not part of the default command-line contract


def test_children_reading_speed_and_average() -> None:
    cues = [Cue(1_000, 3_000, ("I'll wait for you here.", "I'll wait for you here."))]  # 46 chars in 2 s
    adult = check(read(BUILDERS["srt"](cues)), "en", fps="24")
    assert [f.rule for f in adult.findings] == ["reading_speed"]
    cues = [Cue(1_000, 3_000, ("I'll wait for you here.", "Soon."))]  # 28 chars in 2 s = 14 cps
    assert check(read(BUILDERS["srt"](cues)), "en", fps="24").findings == ()
    kids = check(read(BUILDERS["srt"](cues)), "en", fps="24", programme_type="children")
    assert [(f.rule, f.value, f.limit) for f in kids.findings] == [("reading_speed", 14.0, 13)]
    assert kids.average_reading_speed == 14.0


def test_forbidden_characters_and_glyphs() -> None:
    cues = [Cue(1_000, 3_000, ("Bell\x07 here.",)), Cue(4_000, 6_000, ("Snowman ☃ here.",))]
    report = check(read(BUILDERS["srt"](cues)), "en", fps="24")
    found = [(f.event, f.rule, f.key, f.severity) for f in report.findings]
    assert found == [(1, "forbidden_markup", "character", "error"), (2, "forbidden_markup", "glyph", "warning")]
    assert report.findings[0].value == "U+0007"


def test_pixel_positions_and_unknown_tags_are_forbidden() -> None:
    data = (
        b"1\n00:00:01,000 --> 00:00:03,000  X1:100 X2:600 Y1:400 Y2:450\nHello.\n\n"
        b"2\n00:00:04,000 --> 00:00:06,000\n<script>Hi</script> there.\n\n"
        b"3\n00:00:07,000 --> 00:00:09,000\n{\\an8}Top is allowed.\n"
    )
    report = check(read(data, "a.srt"), "en", fps="24")
    assert [(f.event, f.key) for f in report.findings] == [(1, "position_px"), (2, "unknown_tag")]
    assert read(data, "a.srt").events[2].position is not None


def test_report_outputs() -> None:
    cues, _ = breaking("en", "chars_per_line")
    report = check(read(BUILDERS["srt"](cues)), "en", fps="24")
    full = report_to_dict(report)
    assert full["passed"] is False and full["counts"] == {"chars_per_line": 1}
    assert full["findings"][0]["timecode"] == "00:00:22.000" and full["findings"][0]["smpte"] == "00:00:22:00"
    csv_text = report_to_csv(report)
    assert csv_text.splitlines()[0].startswith("event,timecode,smpte,rule")
    assert "chars_per_line" in csv_text.splitlines()[1]


def test_csv_neutralises_formulas_from_the_file() -> None:
    data = b"1\n00:00:01,000 --> 00:00:03,000\n<=cmd|' /C calc'!A0>x\n"
    report = check(read(data, "a.srt"), "en", fps="24")
    assert ",'<=" not in report_to_csv(report)  # starts with '<', harmless
    data = b"1\n00:00:01,000 --> 00:00:03,000\n{\\=1}x\n"
    assert report_to_csv(check(read(data, "a.srt"), "en", fps="24"))


def test_frame_rate_from_file_and_mismatch_note() -> None:
    cues = [Cue(1_000, 3_000, ("One.",))]
    document = read(BUILDERS["ttml"](cues, frame_rate="25"))
    assert check(document, "en").frame_rate.fps == 25
    report = check(document, "en", fps="24")
    assert report.frame_rate.fps == 24 and any("declares 25" in note for note in report.notes)
    assert check(read(BUILDERS["srt"](cues)), "en").frame_rate_source == "default"


def test_unknown_language_and_programme_type() -> None:
    document = read(BUILDERS["srt"]([Cue(1_000, 3_000, ("One.",))]))
    with pytest.raises(RuleDataError):
        check(document, "xx")
    with pytest.raises(RuleDataError):
        check(document, "en", programme_type="teen")
    assert check(document, "zh-TW").language == "zh-Hant"


def test_events_out_of_time_order_are_checked_in_time_order() -> None:
    cues = [Cue(5_000, 7_000, ("Two.",)), Cue(1_000, 3_000, ("One.",)), Cue(2_000, 4_500, ("Overlap.",))]
    report = check(read(BUILDERS["srt"](cues)), "en", fps="24")
    assert [(f.event, f.rule) for f in report.findings] == [(3, "overlap")]
    assert report.findings[0].value == 1.0
    assert Fraction(report.findings[0].value) == 1  # type: ignore[arg-type]
