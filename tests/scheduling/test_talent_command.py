"""``setwise schedule talent FILE.json``: the stable JSON contract, --time-limit, the summary, exit 1 on bad input."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from setwise.engines.scheduling.talent import TalentInstance, cost_of

# seven scenes, five actors of different costs: small enough for brute force
INSTANCE: dict[str, Any] = {
    "name": "rehearsal",
    "scenes": [{"duration": d} for d in (2, 4, 1, 3, 3, 2, 5)],
    "actors": [{"cost_per_day": c} for c in (4, 1, 3, 2, 5)],
    "plays": [[0, 1, 3, 4], [1, 3], [0, 1, 4], [0, 2, 3, 4], [1, 3, 4], [0, 2], [1, 2]],
}


def _write(tmp_path: Path, data: Any, name: str = "instance.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def call(*args: str) -> str:
    out = io.StringIO()
    call_command("schedule", "talent", *args, stdout=out)
    return out.getvalue()


def test_json_contract_exactly(tmp_path: Path) -> None:
    data = json.loads(call(_write(tmp_path, INSTANCE), "--json"))
    assert list(data) == ["order", "cost", "bound", "optimal", "seconds"]
    assert isinstance(data["order"], list) and all(type(s) is int for s in data["order"])
    assert type(data["cost"]) is int and type(data["bound"]) is int
    assert type(data["optimal"]) is bool and type(data["seconds"]) is float
    inst = TalentInstance.from_json(INSTANCE)
    optimum = min(cost_of(inst, order) for order in itertools.permutations(range(inst.scenes)))
    assert sorted(data["order"]) == list(range(7)) and cost_of(inst, data["order"]) == data["cost"] == optimum
    assert data["bound"] == optimum and data["optimal"] is True and data["seconds"] >= 0


def test_time_limit_is_accepted_and_checked(tmp_path: Path) -> None:
    path = _write(tmp_path, INSTANCE)
    data = json.loads(call(path, "--time-limit", "2.5", "--json"))
    assert data["optimal"] is True and data["bound"] == data["cost"]
    for bad in ("0", "-1", "soon", "inf"):
        with pytest.raises(CommandError, match="time"):
            call(path, "--time-limit", bad, "--json")


def test_a_short_time_limit_still_gives_an_order_and_an_honest_bound(tmp_path: Path) -> None:
    from setwise.engines.scheduling.talent import generate

    inst = generate(2, scenes=40)
    data = json.loads(call(_write(tmp_path, inst.to_json()), "--time-limit", "0.2", "--json"))
    assert sorted(data["order"]) == list(range(40)) and cost_of(inst, data["order"]) == data["cost"]
    assert data["bound"] <= data["cost"] and data["optimal"] == (data["bound"] == data["cost"])


def test_summary_without_json(tmp_path: Path) -> None:
    lines = call(_write(tmp_path, INSTANCE)).strip().splitlines()
    assert lines[0] == "rehearsal: 7 scenes, 5 actors"
    assert lines[1].startswith("cost ") and "(optimal)" in lines[1]
    assert lines[2].startswith("order ") and sorted(map(int, lines[2].split()[1:])) == list(range(7))


@pytest.mark.parametrize(
    "content,message",
    [
        ("{not json", "is not valid JSON"),
        ([1, 2, 3], "must be a JSON object"),
        ({k: v for k, v in INSTANCE.items() if k != "plays"}, "missing key 'plays'"),
        (INSTANCE | {"plays": INSTANCE["plays"][:-1]}, "plays has 6 entries for 7 scenes"),
        (INSTANCE | {"plays": [*INSTANCE["plays"][:-1], [7]]}, "plays[6] names actor 7"),
        (INSTANCE | {"scenes": [{"duration": -1}] * 7}, "scenes[0].duration must not be negative"),
        (INSTANCE | {"scenes": []}, "no scenes"),
        (None, "cannot read instance"),
    ],
)
def test_malformed_instances_exit_1_with_one_line(tmp_path: Path, content: Any, message: str, capsys: Any) -> None:
    path = str(tmp_path / "missing.json") if content is None else _write(tmp_path, content)
    with pytest.raises(SystemExit) as exc:
        call(path, "--json")
    assert exc.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and message in captured.err and captured.err.count("\n") == 1


def test_exit_status_from_the_real_command_line(tmp_path: Path) -> None:
    code = "from setwise.cli import main; main()"
    bad = subprocess.run(
        [sys.executable, "-c", code, "schedule", "talent", _write(tmp_path, {"scenes": 3}), "--json"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith("error: malformed instance") and len(bad.stderr.strip().splitlines()) == 1


def test_instance_from_stdin(monkeypatch: Any) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(INSTANCE)))
    assert json.loads(call("-", "--json"))["optimal"] is True
