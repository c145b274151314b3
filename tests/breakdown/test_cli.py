import json
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parents[1] / "engines" / "screenplay" / "fixtures" / "rooftop.fountain"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from setwise.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, "script", "parse", *args], capture_output=True, text=True)


def test_parse_prints_the_json_contract(tmp_path: Path) -> None:
    target = tmp_path / "rooftop.txt"
    target.write_bytes(FIXTURE.read_bytes())
    result = run(str(target), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "The Rooftop"
    assert data["scenes"][0] == {
        "number": "1",
        "heading": "EXT. HAN RIVER PARK - NIGHT",
        "int_ext": "EXT",
        "set": "HAN RIVER PARK",
        "location": None,
        "time_of_day": "NIGHT",
        "characters": ["MIN-HO", "JI-WOO"],
        "eighths": data["scenes"][0]["eighths"],
    }
    assert {"name": "MIN-HO", "aliases": ["MINHO"]} in data["characters"]


def test_unreadable_input_exits_1_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.fdx"
    bad.write_bytes(b"<FinalDraft><Content>")
    result = run(str(bad), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    missing = run(str(tmp_path / "missing.pdf"), "--format", "pdf", "--json")
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
