"""``setwise rules check PLAN.json``: the stable JSON contract, --policy, the table, and exit status 1 on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

PLAN: dict[str, Any] = {
    "country": "KR",
    "timezone": "Asia/Seoul",
    "people": [{"id": "gaffer", "role": "gaffer", "birth_date": None}],
    "shifts": [
        {
            "person": "gaffer",
            "call": "2026-03-02T08:00:00+09:00",
            "wrap": "2026-03-02T17:00:00+09:00",
            "meals": [["2026-03-02T12:00:00+09:00", "2026-03-02T13:00:00+09:00"]],
        },
        {
            "person": "gaffer",
            "call": "2026-03-03T03:00:00+09:00",
            "wrap": "2026-03-03T11:00:00+09:00",
            "meals": [["2026-03-03T07:00:00+09:00", "2026-03-03T07:30:00+09:00"]],
        },
    ],
}  # fmt: skip  10 h between wrap and the next call: the studio's 11 h, not Korean law


def _write(tmp_path: Path, data: Any, name: str = "plan.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    code = "from setwise.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "rules", "check", *args], capture_output=True, text=True, input=stdin
    )


def call(*args: str) -> str:
    out = io.StringIO()
    call_command("rules", "check", *args, stdout=out)
    return out.getvalue()


def test_json_contract_exactly(tmp_path: Path) -> None:
    assert json.loads(call(_write(tmp_path, PLAN), "--json")) == {
        "violations": [
            {"person": "gaffer", "rule": "min_turnaround", "date": "2026-03-03", "value": 10, "limit": 11,
             "source": "Studio policy"}
        ]
    }  # fmt: skip


def test_policy_none_checks_the_law_alone(tmp_path: Path) -> None:
    assert json.loads(call(_write(tmp_path, PLAN), "--policy", "none", "--json")) == {"violations": []}


def test_policy_file_and_agreement_flag(tmp_path: Path) -> None:
    from setwise.engines.rules import shipped_document

    policy = shipped_document("policy")
    for row in policy["rules"]:
        if row["id"] == "min_turnaround":
            row["value"] = 9
    data = json.loads(call(_write(tmp_path, PLAN), "--policy", _write(tmp_path, policy, "p.json"), "--json"))
    assert data == {"violations": []}
    au = PLAN | {"country": "AU", "timezone": "Australia/Sydney"}
    data = json.loads(call(_write(tmp_path, au), "--policy", "none", "--agreement", "mppa", "--json"))
    assert [(v["rule"], v["limit"]) for v in data["violations"]] == []  # MPPA: 10 h, exactly met
    au["shifts"] = [PLAN["shifts"][0], PLAN["shifts"][1] | {"call": "2026-03-03T02:30:00+09:00"}]
    data = json.loads(call(_write(tmp_path, au), "--policy", "none", "--agreement", "MPPA", "--json"))
    assert [(v["rule"], v["limit"], v["source"]) for v in data["violations"]] == [
        ("min_turnaround", 10, "MPPA (crew summary of MPPA 2013)")
    ]


def test_table_without_json(tmp_path: Path) -> None:
    text = call(_write(tmp_path, PLAN))
    lines = text.strip().splitlines()
    assert lines[0].split()[:5] == ["date", "person", "rule", "value", "limit"]
    assert "2026-03-03" in lines[1] and "min_turnaround" in lines[1] and "Studio policy" in lines[1]
    assert lines[-1] == "1 violation(s)"
    assert call(_write(tmp_path, PLAN), "--policy", "none").strip() == "no violations"


@pytest.mark.parametrize(
    "content,message",
    [
        ("{not json", "is not valid JSON"),
        (PLAN | {"country": "FR"}, "unknown country 'FR'"),
        (PLAN | {"shifts": [PLAN["shifts"][0] | {"call": "2026-03-02T08:00:00"}]}, "no UTC offset"),
        (PLAN | {"shifts": [PLAN["shifts"][0] | {"wrap": "2026-03-02T07:00:00+09:00"}]}, "is not after call"),
        (PLAN | {"shifts": [PLAN["shifts"][0] | {"person": "grip"}]}, "unknown person 'grip'"),
        (PLAN | {"timezone": "Seoul"}, "unknown time zone"),
        (None, "cannot read plan"),
    ],
)
def test_malformed_plans_exit_1_with_one_line(tmp_path: Path, content: Any, message: str, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exc:
        call(str(tmp_path / "missing.json") if content is None else _write(tmp_path, content), "--json")
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_errors_from_the_real_command_line(tmp_path: Path) -> None:
    bad = run(_write(tmp_path, PLAN | {"country": "XX"}), "--json")
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith("error: unknown country") and len(bad.stderr.strip().splitlines()) == 1
    piped = run("-", "--json", stdin=json.dumps(PLAN))
    assert piped.returncode == 0, piped.stderr
    assert [v["rule"] for v in json.loads(piped.stdout)["violations"]] == ["min_turnaround"]


def test_a_bad_policy_file_exits_1(tmp_path: Path, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exc:
        call(_write(tmp_path, PLAN), "--policy", _write(tmp_path, {"origin": "x"}, "p.json"))
    assert exc.value.code == 1 and capsys.readouterr().err.startswith("error: rules x: layer must be")
