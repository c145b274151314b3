"""Line-breaking assistant: Thai at word boundaries, CJK respecting kinsoku, Latin balanced at good places."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from setwise.engines.timedtext import check, load_rules, read, suggest_breaks, suggest_lines
from setwise.engines.timedtext.linebreak import NO_LINE_END, NO_LINE_START
from setwise.engines.timedtext.qc import counting_for


def width(text: str, lang: str) -> float:
    return counting_for(load_rules(lang)).count(text)


def test_latin_breaks_after_punctuation_and_before_conjunctions() -> None:
    lines = suggest_lines("I told you, and I will tell you again that the man in the car is my brother", "en")
    assert lines == ("I told you, and I will tell you again", "that the man in the car is my brother")
    lines = suggest_lines("Aku tidak tahu kapan dia akan kembali, tetapi aku akan menunggu di sini", "id")
    assert lines == ("Aku tidak tahu kapan dia akan kembali,", "tetapi aku akan menunggu di sini")
    assert suggest_lines("Short enough.", "en") == ("Short enough.",)
    lines = suggest_lines(("Hello there, my friend", "how are you today? I hope you are well"), "en")
    assert lines == ("Hello there, my friend how are you today?", "I hope you are well")  # a sentence ends there


def test_latin_keeps_article_with_its_noun() -> None:
    lines = suggest_lines("We have been waiting at the bus stop for the longest time today", "en")
    assert lines == ("We have been waiting at the bus stop", "for the longest time today")


def test_existing_lines_are_rejoined_before_breaking() -> None:
    assert suggest_lines(("I told you, and I will", "tell you again that the man in the car is my brother"), "en") == (
        "I told you, and I will tell you again",
        "that the man in the car is my brother",
    )


THAI = (
    "ฉันไม่รู้ว่าเธอจะกลับมาเมื่อไหร่ แต่ฉันจะรอที่นี่จนกว่าเธอจะกลับมา",
    "พรุ่งนี้เช้าเราต้องออกเดินทางไปเชียงใหม่ตั้งแต่ตีห้าเพื่อให้ทันประชุม",
    "ผมขอโทษที่ทำให้คุณต้องรอนานขนาดนี้ รถติดมากจริงๆ",
)


@pytest.mark.parametrize("text", THAI)
def test_thai_breaks_fall_between_words_and_fit(text: str) -> None:
    from pythainlp.tokenize import word_tokenize

    lines = suggest_lines(text, "th")
    assert len(lines) == 2
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(width(line, "th") <= 35 for line in lines)
    boundaries = set()
    position = 0
    for word in word_tokenize(text.replace(" ", ""), engine="newmm"):
        position += len(word)
        boundaries.add(position)
    assert len(lines[0].replace(" ", "")) in boundaries
    assert lines[1][0] not in "ะาำิีึืุู่้๊๋็์"  # no line starts with a vowel sign or tone mark


def test_thai_prefers_the_phrase_space() -> None:
    assert suggest_lines(THAI[2], "th") == ("ผมขอโทษที่ทำให้คุณต้องรอนานขนาดนี้", "รถติดมากจริงๆ")
    # Current lines are joined without inventing a space, then broken again at the phrase boundary.
    lines = suggest_lines(("ฉันไม่รู้ว่าเธอจะกลับมาเมื่อไหร่ แต่ฉันจะ", "รอที่นี่จนกว่าเธอจะกลับมา"), "th")
    assert lines == ("ฉันไม่รู้ว่าเธอจะกลับมาเมื่อไหร่", "แต่ฉันจะรอที่นี่จนกว่าเธอจะกลับมา")


def test_cjk_prefers_punctuation_and_spaces() -> None:
    assert suggest_lines("我們明天早上在台北車站見面，不要遲到了好嗎", "zh-Hant") == (
        "我們明天早上在台北車站見面，",
        "不要遲到了好嗎",
    )
    assert suggest_lines("東京駅で待っているから 早く来てね", "ja") == ("東京駅で待っているから", "早く来てね")


def test_japanese_kinsoku_and_latin_runs() -> None:
    lines = suggest_lines("「ちょっと待って」と彼女は言った。「すぐ戻るから」", "ja")
    assert all(width(line, "ja") <= 13 for line in lines)
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END
    lines = suggest_lines("新しいiPhone15を買いに行ったらもう売り切れだった", "ja")
    assert any("iPhone15" in line for line in lines)


CJK_CHARS = "あいうえおかきくけこっゃャー、。「」『』（）漢字東京駅台北車站見面，！？…ABC12 　"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=CJK_CHARS, min_size=1, max_size=60), st.sampled_from(["ja", "zh-Hant"]))
def test_cjk_breaks_never_break_kinsoku(text: str, lang: str) -> None:
    lines = suggest_lines(text, lang)
    assert "".join(lines).replace(" ", "").replace("　", "") == text.replace(" ", "").replace("　", "")
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["we", "are", "going", "to", "the", "station", "and", "home,", "but"]), max_size=30))
def test_latin_lines_keep_every_word_in_order(words: list[str]) -> None:
    lines = suggest_lines(" ".join(words), "en")
    assert " ".join(lines).split() == words
    assert all(len(line) <= 42 for line in lines)


def test_text_too_long_for_two_lines_gets_more_lines() -> None:
    text = " ".join(["This is a rather long sentence that keeps going."] * 3)
    lines = suggest_lines(text, "en")
    assert len(lines) == 4 and all(len(line) <= 42 for line in lines)


def test_suggest_breaks_for_a_document() -> None:
    data = (
        b"1\n00:00:01,000 --> 00:00:06,000\n"
        b"I told you, and I will tell you again that the man in the car is my brother\n\n"
        b"2\n00:00:07,000 --> 00:00:09,000\nFine.\n"
    )
    document = read(data, "a.srt")
    assert [f.rule for f in check(document, "en", fps="24").findings] == ["chars_per_line"]
    (suggestion,) = suggest_breaks(document, "en")
    assert suggestion.event == 1 and suggestion.fits and len(suggestion.lines) == 2
    assert suggestion.widths == tuple(float(len(line)) for line in suggestion.lines)
