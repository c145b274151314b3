"""Arbitrary and mutated input never crashes the readers or the checks: a file is read, or refused with a
one-line ``TimedTextError``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from setwise.engines.timedtext import TimedTextError, check, read, suggest_breaks, write_srt, write_vtt

from .builders import BUILDERS, Cue
from .test_readers import IMSC, SRT, VTT

CUES = [
    Cue(1_000, 3_000, ("<i>Where</i> were you?", "Last night.")),
    Cue(3_050, 3_400, ("Short",), "color"),
    Cue(5_000, 13_000, ("A very long line that goes well beyond the forty-two character limit",)),
    Cue(14_000, 15_000, ()),
]
SAMPLES = [SRT.encode(), VTT.encode(), IMSC.encode(), *(build(CUES) for build in BUILDERS.values())]


def _exercise(data: bytes, name: str | None, fmt: str | None = None) -> None:
    try:
        document = read(data, name, format=fmt)
    except TimedTextError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for language in ("en", "th", "ja"):
        report = check(document, language, fps="29.97df", programme_length=10_000)
        assert report.events == len(document.events)
    suggest_breaks(document, "ko")
    write_srt(document)
    write_vtt(document)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2_000), st.sampled_from([None, "a.srt", "a.vtt", "a.ttml"]))
def test_arbitrary_bytes(data: bytes, name: str | None) -> None:
    _exercise(data, name)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=500), st.sampled_from(["srt", "vtt", "ttml"]))
def test_arbitrary_bytes_in_each_format(data: bytes, fmt: str) -> None:
    _exercise(b"WEBVTT\n\n" + data if fmt == "vtt" else data, None, fmt)


mutation = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "dup"]), st.integers(0, 10**6), st.binary(min_size=1, max_size=8)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(SAMPLES))), st.lists(mutation, min_size=1, max_size=6))
def test_mutated_valid_files(index: int, mutations: list[tuple[str, int, bytes]]) -> None:
    data = bytearray(SAMPLES[index])
    for op, where, chunk in mutations:
        at = where % (len(data) + 1)
        if op == "flip" and data:
            data[at % len(data)] ^= chunk[0] or 1
        elif op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at:at] = data[at : at + 40]
    _exercise(bytes(data), ["a.srt", "a.vtt", "a.ttml"][min(index, 2)] if index < 3 else None)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_cue_text(text: str) -> None:
    _exercise(f"1\n00:00:01,000 --> 00:00:02,000\n{text}\n".encode(), "a.srt")
    _exercise(f"WEBVTT\n\n00:01.000 --> 00:02.000\n{text}\n".encode(), "a.vtt")


@pytest.mark.parametrize(
    "data",
    [
        b"<tt xmlns='http://www.w3.org/ns/ttml'><body>" + b"<div>" * 200 + b"</div>" * 200 + b"</body></tt>",
        b"<tt xmlns='http://www.w3.org/ns/ttml'><body><div><p begin='1s' end='2s'>"
        + b"<span>" * 500
        + b"x"
        + b"</span>" * 500
        + b"</p></div></body></tt>",
        b"<tt xmlns='http://www.w3.org/ns/ttml' xmlns:tts='http://www.w3.org/ns/ttml#styling'><head><styling>"
        b"<style xml:id='a' style='b'/><style xml:id='b' style='a'/></styling></head><body style='a'><div>"
        b"<p begin='1s' end='2s'>loop</p></div></body></tt>",
        b"1\n99999:00:00,000 --> 99999:00:00,000\nx\n",
        b"<tt xmlns='http://www.w3.org/ns/ttml'><body><div><p begin='"
        + b"9" * 5000
        + b"s' end='2s'>x</p></div></body></tt>",
    ],
)
def test_hostile_structures(data: bytes) -> None:
    _exercise(data, None)
