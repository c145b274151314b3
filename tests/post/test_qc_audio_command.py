"""``setwise qc audio``: the JSON contract, the summary with a delivery target, and the one-line error."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from tests.engines.audio.signals import RATE, sequence, wav_bytes

KEYS = {"integrated_lufs", "loudness_range_lu", "true_peak_dbtp", "sample_rate", "bit_depth", "channels"}


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("qc", "audio", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def mix(tmp_path: Path) -> Path:
    path = tmp_path / "mix.wav"
    path.write_bytes(wav_bytes(sequence([(-20.0, 5.0), (-30.0, 5.0)]), bits=24))
    return path


def test_json_contract(mix: Path) -> None:
    status, out = _run(str(mix), "--json")
    assert status == 0
    data = json.loads(out)
    assert set(data) == KEYS
    assert data["integrated_lufs"] == pytest.approx(-22.6, abs=0.2)
    assert data["loudness_range_lu"] == pytest.approx(10.0, abs=1.0)
    assert data["true_peak_dbtp"] == pytest.approx(-20.0, abs=0.1)
    assert (data["sample_rate"], data["bit_depth"], data["channels"]) == (48_000, 24, 2)
    assert all(isinstance(data[k], float) for k in ("integrated_lufs", "loudness_range_lu", "true_peak_dbtp"))
    assert all(type(data[k]) is int for k in ("sample_rate", "bit_depth", "channels"))


def test_json_keys_stay_the_same_with_a_spec(mix: Path) -> None:
    assert set(json.loads(_run(str(mix), "--json", "--spec", "streaming")[1])) == KEYS


def test_float_file_and_silence_in_json(tmp_path: Path) -> None:
    path = tmp_path / "silent.wav"
    path.write_bytes(wav_bytes(np.zeros((RATE, 6)), bits=32, sample_format="float", extensible=True, mask=0x3F))
    data = json.loads(_run(str(path), "--json")[1])
    assert data == {
        "integrated_lufs": None,
        "loudness_range_lu": 0.0,
        "true_peak_dbtp": None,
        "sample_rate": 48_000,
        "bit_depth": None,
        "channels": 6,
    }


def test_summary_and_findings(mix: Path, tmp_path: Path) -> None:
    status, out = _run(str(mix), "--spec", "ebu_r128")
    assert status == 0
    assert "24-bit PCM, 48000 Hz, 2 channels (2.0: L R), 0:10.000" in out
    assert "integrated loudness     -22.6 LUFS" in out
    assert "EBU R 128 (broadcast): no findings" in out
    quiet = tmp_path / "quiet.wav"
    quiet.write_bytes(wav_bytes(sequence([(-26.0, 3.0)]), bits=16))
    status, out = _run(str(quiet), "--spec", "ebu_r128_file")
    assert status == 0  # findings are not a failure to read
    assert "16-bit PCM" in out
    assert "EBU R 128, file-based delivery: 1 finding\n" in out
    assert "warning  integrated_loudness" in out and "outside -23.0 ±0.5 LUFS [U]" in out


def test_labels_option(tmp_path: Path) -> None:
    path = tmp_path / "three.wav"
    path.write_bytes(wav_bytes(sequence([(-23.0, 3.0)], channels=3), bits=24))
    status, out = _run(str(path), "--labels", "L,R,LFE")
    assert status == 0 and "(2.1: L R LFE)" in out
    assert json.loads(_run(str(path), "--labels", "L,R,LFE", "--json")[1])["integrated_lufs"] == pytest.approx(
        -23.0, abs=0.1
    )


def test_malformed_file_exits_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.wav"
    path.write_bytes(wav_bytes(sequence([(-20.0, 1.0)]), bits=24)[:5000])
    status, out = _run(str(path), "--json")
    assert status == 1 and out == ""
    err = capsys.readouterr().err
    assert err.startswith("error: truncated WAV file") and err.count("\n") == 1
    status, _ = _run(str(path), "--labels", "L")
    assert status == 1


def test_the_installed_command(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Scene 12, take 3: not audio at all.\n" * 3)
    setwise = Path(sys.executable).with_name("setwise")
    done = subprocess.run([str(setwise), "qc", "audio", str(path), "--json"], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "error: not a WAV file (no RIFF/WAVE header)\n"
