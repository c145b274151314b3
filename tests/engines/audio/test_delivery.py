"""Delivery targets (rules.md 4.3) as data, and files that break each rule once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from setwise.engines.audio import check, measure_file, targets
from setwise.engines.audio.delivery import RULE_IDS, parse_targets

from .signals import RATE, amplitude, sequence, wav_bytes

# Four scenes between -21 and -29 dBFS: about -23.5 LUFS, a loudness range near 8 LU, peaks at -21 dBFS.
SCENES = [(-21.0, 5.0), (-27.0, 5.0), (-21.0, 5.0), (-29.0, 5.0)]


def _file(tmp_path: Path, x: np.ndarray, rate: int = RATE, **kwargs: object) -> Path:
    path = tmp_path / "mix.wav"
    path.write_bytes(wav_bytes(x, rate, **kwargs))  # type: ignore[arg-type]
    return path


def _rules(path: Path, target: str = "streaming") -> dict[str, str]:
    return {f.rule: f.severity for f in check(measure_file(path), target)}


def test_a_compliant_mix_has_no_findings(tmp_path: Path) -> None:
    m = measure_file(_file(tmp_path, sequence(SCENES)))
    assert -26.0 < m.integrated_lufs < -22.0  # type: ignore[operator]
    assert 4.0 < m.loudness_range_lu < 18.0
    assert check(m, "streaming") == ()
    assert check(m, "streaming_qc") == ()


def test_integrated_loudness(tmp_path: Path) -> None:
    findings = check(measure_file(_file(tmp_path, sequence(SCENES) * amplitude(-6.0))), "streaming")
    assert [(f.rule, f.severity, f.limit) for f in findings] == [("integrated_loudness", "error", "-24.0 ±2.0")]
    assert findings[0].measured == pytest.approx(-29.5, abs=0.6)
    assert "outside -24.0 ±2.0 LUFS" in findings[0].message


def test_true_peak(tmp_path: Path) -> None:
    x = sequence(SCENES)
    x[RATE * 5 : RATE * 5 + 3] = [[0.9, 0.9], [-0.9, -0.9], [0.9, 0.9]]  # a click
    findings = check(measure_file(_file(tmp_path, x)), "streaming")
    assert [(f.rule, f.severity) for f in findings] == [("true_peak", "error")]
    assert findings[0].measured > -2.0  # type: ignore[operator]


def test_loudness_range_is_a_warning(tmp_path: Path) -> None:
    assert _rules(_file(tmp_path, sequence([(-24.0, 20.0)]))) == {"loudness_range": "warning"}  # 0 LU: too narrow
    wide = sequence([(-20.0, 10.0), (-42.0, 10.0), (-28.0, 10.0), (-40.0, 10.0)])  # 22 LU at -22.5 LUFS
    findings = check(measure_file(_file(tmp_path, wide)), "streaming")
    assert [(f.rule, f.severity, f.limit) for f in findings] == [("loudness_range", "warning", "4..18")]
    assert findings[0].measured > 18.0  # type: ignore[operator]


def test_sample_rate(tmp_path: Path) -> None:
    assert _rules(_file(tmp_path, sequence(SCENES, rate=44_100), 44_100)) == {"sample_rate": "error"}


def test_bit_depth_is_unverified_so_a_warning(tmp_path: Path) -> None:
    assert _rules(_file(tmp_path, sequence(SCENES), bits=16)) == {"bit_depth": "warning"}


def test_float_is_not_pcm(tmp_path: Path) -> None:
    findings = check(measure_file(_file(tmp_path, sequence(SCENES), bits=32, sample_format="float")), "streaming")
    assert {f.rule for f in findings} == {"sample_format", "bit_depth"}
    assert any("float32" in f.message for f in findings)


def test_channels(tmp_path: Path) -> None:
    quad = sequence(SCENES, channels=4) * amplitude(-3.8)  # L R Ls Rs: as loud as the stereo mix
    assert _rules(_file(tmp_path, quad)) == {"channels": "error"}


def test_clipping(tmp_path: Path) -> None:
    x = sequence(SCENES)
    x[RATE * 7 : RATE * 7 + 10, 0] = 1.0
    findings = {f.rule: f for f in check(measure_file(_file(tmp_path, x)), "streaming")}
    assert findings["clipping"].measured == 1
    assert "L at 7.000 s" in findings["clipping"].message
    assert set(findings) == {"clipping", "true_peak"}  # full scale is above -2 dBTP too


def test_ebu_r128(tmp_path: Path) -> None:
    assert _rules(_file(tmp_path, sequence([(-23.0, 10.0)])), "ebu_r128") == {}
    assert _rules(_file(tmp_path, sequence([(-25.0, 10.0)])), "ebu_r128") == {"integrated_loudness": "error"}
    # The file-based tolerance (±0.5 LU) is unverified: a warning.
    assert _rules(_file(tmp_path, sequence([(-23.8, 10.0)])), "ebu_r128_file") == {"integrated_loudness": "warning"}


def test_silence_fails_loudness(tmp_path: Path) -> None:
    findings = check(measure_file(_file(tmp_path, np.zeros((RATE * 2, 2)))), "ebu_r128")
    assert [(f.rule, f.measured) for f in findings] == [("integrated_loudness", None)]
    assert "-inf LUFS" in findings[0].message


def test_every_row_is_sourced_data() -> None:
    known = targets()
    assert {"ebu_r128", "atsc_a85", "streaming", "streaming_qc"} <= set(known)
    for target in known.values():
        for rule in target.rules:
            assert rule.id in RULE_IDS
            assert rule.source and rule.status in ("V", "S", "U") and rule.last_checked == "2026-11-25"
            assert rule.status != "U" or rule.severity == "warning"


def _doc(**row: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "true_peak", "maximum": -1.0, "source": "x", "status": "S", "last_checked": "d"}
    return {"targets": {"t": {"name": "T", "rules": [base | row]}}}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"status": "U", "severity": "error"}, "unverified rule true_peak cannot be an error"),
        ({"status": "X"}, "status"),
        ({"id": "loudness"}, "bad rule row"),
        ({"colour": "red"}, "bad rule row"),
        ({"maximum": None}, "no limit"),
    ],
)
def test_the_loader_refuses_bad_rows(row: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_targets(_doc(**row))


def test_unknown_target() -> None:
    with pytest.raises(KeyError, match="unknown delivery target 'netflix'"):
        check(None, "netflix")  # type: ignore[arg-type]
