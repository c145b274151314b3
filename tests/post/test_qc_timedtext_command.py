"""``setwise qc timedtext``: the JSON contract, exit statuses and one-line errors."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.engines.timedtext.builders import BUILDERS, Cue

CONTRACT_RULES = {
    "chars_per_line",
    "lines_per_event",
    "reading_speed",
    "min_duration",
    "max_duration",
    "min_gap",
    "overlap",
    "empty_event",
    "forbidden_markup",
}
CUES = [
    Cue(1_000, 3_000, ("Where were you last night?",)),
    Cue(3_040, 3_400, ("No.",)),  # gap of one frame at 24 fps, too short
    Cue(5_000, 13_000, ("This line is clearly much longer than the forty-two character limit",)),
    Cue(14_000, 16_000, ()),
    Cue(17_000, 19_000, ("Fine.",), "color"),
]


def qc(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("qc", "timedtext", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.parametrize("fmt", ["srt", "vtt", "ttml"])
def test_json_contract(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"episode.{fmt}"
    path.write_bytes(BUILDERS[fmt](CUES))
    status, output = qc(str(path), "--language", "en", "--fps", "24", "--json")
    assert status == 0
    data = json.loads(output)
    assert set(data) == {"events", "findings"} and data["events"] == 5
    for finding in data["findings"]:
        assert set(finding) == {"event", "rule", "value", "limit"}
        assert isinstance(finding["event"], int) and finding["rule"] in CONTRACT_RULES
        assert finding["value"] is None or isinstance(finding["value"], int | float | str)
        assert finding["limit"] is None or isinstance(finding["limit"], int | float | str)
    assert [(f["event"], f["rule"]) for f in data["findings"]] == [
        (2, "min_duration"),
        (2, "min_gap"),
        (3, "chars_per_line"),
        (3, "max_duration"),
        (4, "empty_event"),
        (5, "forbidden_markup"),
    ]
    assert data["findings"][1] == {"event": 2, "rule": "min_gap", "value": 0.96, "limit": 2}


def test_compliant_file_exits_0_with_no_findings(tmp_path: Path) -> None:
    path = tmp_path / "ok.srt"
    path.write_bytes(BUILDERS["srt"]([Cue(1_000, 3_000, ("여기서 기다릴게요.",)), Cue(4_000, 6_000, ("네.",))]))
    assert qc(str(path), "--language", "ko", "--json") == (0, '{\n  "events": 2,\n  "findings": []\n}\n')


def test_fps_changes_frame_based_limits(tmp_path: Path) -> None:
    path = tmp_path / "gap.srt"
    path.write_bytes(BUILDERS["srt"]([Cue(1_000, 3_000, ("One.",)), Cue(3_070, 5_000, ("Two.",))]))
    assert json.loads(qc(str(path), "--language", "en", "--fps", "29.97df", "--json")[1])["findings"] == []
    (finding,) = json.loads(qc(str(path), "--language", "en", "--fps", "24", "--json")[1])["findings"]
    assert finding["rule"] == "min_gap"


def test_programme_length_adds_beyond_programme(tmp_path: Path) -> None:
    path = tmp_path / "long.srt"
    path.write_bytes(BUILDERS["srt"]([Cue(1_000, 3_000, ("One.",)), Cue(59_000, 61_000, ("Two.",))]))
    status, output = qc(str(path), "--language", "en", "--programme-length", "00:01:00", "--json")
    assert status == 0
    assert json.loads(output)["findings"] == [{"event": 2, "rule": "beyond_programme", "value": 61.0, "limit": 60.0}]


def test_human_and_csv_outputs(tmp_path: Path) -> None:
    path = tmp_path / "episode.srt"
    path.write_bytes(BUILDERS["srt"](CUES))
    status, output = qc(str(path), "--language", "en", "--fps", "24")
    assert status == 0 and "5 events" in output and "FAIL" in output and "chars_per_line" in output
    status, output = qc(str(path), "--language", "en", "--fps", "24", "--csv")
    assert (
        status == 0 and output.splitlines()[0].startswith("event,timecode,smpte,rule") and len(output.splitlines()) == 7
    )


@pytest.mark.parametrize(
    ("content", "name", "extra"),
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\nOk\n\n2\nbroken timing\nBad\n", "bad.srt", ()),
        (b'<!DOCTYPE tt [<!ENTITY x "y">]><tt xmlns="http://www.w3.org/ns/ttml"/>', "bad.ttml", ()),
        (b"", "empty.vtt", ()),
        (b"1\n00:00:01,000 --> 00:00:02,000\nOk\n", "ok.srt", ("--fps", "12.5x")),
        (None, "missing.srt", ()),
    ],
)
def test_unreadable_input_exits_1_with_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, name: str, extra: tuple[str, ...]
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    status, output = qc(str(path), "--language", "en", "--json", *extra)
    assert status == 1 and output == ""
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4, "a PNG image"),
        (b"RIFF\x24\x10\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00" + bytes(range(256)) * 4, "a WAV audio file"),
        (random.Random(7).randbytes(4096), "mostly control characters"),
    ],
)
def test_binary_file_exits_1_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, what: str
) -> None:
    path = tmp_path / "episode.srt"
    path.write_bytes(content)
    status, output = qc(str(path), "--language", "ja", "--json")
    assert status == 1 and output == ""
    err = capsys.readouterr().err
    assert err == f"error: the file is binary ({what}), not a subtitle text file\n"


def test_through_the_setwise_command(tmp_path: Path) -> None:
    good = tmp_path / "episode.vtt"
    good.write_bytes(BUILDERS["vtt"](CUES))
    bad = tmp_path / "bad.srt"
    bad.write_bytes(b"not a subtitle file\n")
    code = "from setwise.cli import main; main()"
    ok = subprocess.run(
        [sys.executable, "-c", code, "qc", "timedtext", str(good), "--language", "en", "--fps", "24", "--json"],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["events"] == 5
    failed = subprocess.run(
        [sys.executable, "-c", code, "qc", "timedtext", str(bad), "--language", "th", "--json"],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.startswith("error: line 1: ") and len(failed.stderr.strip().splitlines()) == 1


def test_binary_file_through_the_setwise_command(tmp_path: Path) -> None:
    path = tmp_path / "episode.srt"
    path.write_bytes(random.Random(11).randbytes(8192))
    failed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from setwise.cli import main; main()",
            "qc",
            "timedtext",
            str(path),
            "--language",
            "en",
        ],
        capture_output=True,
        text=True,
    )
    assert (failed.returncode, failed.stdout) == (1, "")
    assert failed.stderr == "error: the file is binary (mostly control characters), not a subtitle text file\n"
