"""Every delivery format measured from a file: 44.1, 48 and 96 kHz x 16-bit and 24-bit PCM and 32-bit float x mono,
stereo, 5.1 and 7.1. Each channel carries a 1 kHz tone at a known level (the LFE a loud 50 Hz tone), so the
expected loudness follows from the BS.1770-4 sum: 10 log10(sum of weight x 10^(level / 10)) - 3.01 LUFS (a stereo
tone at -23 dBFS reads -23 LUFS), with the LFE left out and 5.1 surrounds and 7.1 side surrounds weighted 1.41."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from setwise.engines.audio import measure_file, read_info

from .signals import tone, wav_bytes

LAYOUTS: dict[str, tuple[int | None, tuple[tuple[str, float, float], ...]]] = {
    # name: (WAVE_FORMAT_EXTENSIBLE channel mask or None for a plain header, (label, level dBFS, weight) per channel)
    "mono": (None, (("C", -20.0, 1.0),)),
    "2.0": (None, (("L", -23.0, 1.0), ("R", -23.0, 1.0))),
    "5.1": (
        0x3F,
        (
            ("L", -28.0, 1.0),
            ("R", -28.0, 1.0),
            ("C", -24.0, 1.0),
            ("LFE", -6.0, 0.0),
            ("Ls", -30.0, 1.41),
            ("Rs", -30.0, 1.41),
        ),
    ),
    "7.1": (
        0x63F,
        (
            ("L", -28.0, 1.0),
            ("R", -28.0, 1.0),
            ("C", -24.0, 1.0),
            ("LFE", -6.0, 0.0),
            ("Lrs", -31.0, 1.0),
            ("Rrs", -31.0, 1.0),
            ("Lss", -33.0, 1.41),
            ("Rss", -33.0, 1.41),
        ),
    ),
}
ENCODINGS = {"pcm16": (16, "pcm"), "pcm24": (24, "pcm"), "float32": (32, "float")}


def _expected_lufs(channels: tuple[tuple[str, float, float], ...]) -> float:
    return 10 * math.log10(sum(weight * 10 ** (level / 10) for _label, level, weight in channels)) - 10 * math.log10(2)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("rate", [44_100, 48_000, 96_000])
def test_rate_encoding_and_layout(tmp_path: Path, rate: int, encoding: str, layout: str) -> None:
    mask, channels = LAYOUTS[layout]
    bits, sample_format = ENCODINGS[encoding]
    seconds = 2.0
    columns = [
        tone(level, seconds, rate=rate, freq=50.0 if label == "LFE" else 1000.0, fade_s=0.01)
        for label, level, _weight in channels
    ]
    path = tmp_path / f"{layout}-{encoding}-{rate}.wav"
    path.write_bytes(
        wav_bytes(
            np.stack(columns, axis=1),
            rate,
            bits=bits,
            sample_format=sample_format,
            extensible=mask is not None,
            mask=mask or 0,
        )
    )
    info = read_info(path)
    m = measure_file(path)
    assert (m.sample_rate, m.channels, m.frames) == (rate, len(channels), round(seconds * rate))
    assert m.bit_depth == (bits if sample_format == "pcm" else None)
    assert m.sample_format == sample_format == info.sample_format
    assert m.channel_labels == tuple(label for label, _level, _weight in channels)
    assert m.channel_layout == layout == info.channel_layout
    assert m.integrated_lufs == pytest.approx(_expected_lufs(channels), abs=0.1)
    # The loudest channel sets the true peak, the LFE included; a 1 kHz tone's peak lies within 0.1 dB of its level.
    loudest = max(level for _label, level, _weight in channels)
    assert m.true_peak_dbtp == pytest.approx(loudest, abs=0.1)
    assert m.clip_runs == 0
    assert [run.position for run in m.silence] == []  # faded in over 10 ms: no window is silent
    # Each channel's own sample peak: the quantised tone's, so within 0.05 dB of its level (16-bit at -33 dBFS too).
    for (_label, level, _weight), peak in zip(channels, m.channel_peaks_dbfs, strict=True):
        assert peak == pytest.approx(level, abs=0.05)


def test_the_expected_values_follow_the_standard() -> None:
    # The formula reproduces EBU Tech 3341 cases 1 and 6 (5.0 at -28/-28/-24/-30/-30 dBFS: -23.02 with the 1.41
    # weight); a mono channel is one channel, 3 dB below the same tone in both channels of a stereo file.
    assert _expected_lufs(LAYOUTS["5.1"][1]) == pytest.approx(-23.0, abs=0.05)
    assert _expected_lufs(LAYOUTS["2.0"][1]) == pytest.approx(-23.0, abs=1e-9)
    assert _expected_lufs((("C", -23.0, 1.0),)) == pytest.approx(-26.01, abs=0.01)
