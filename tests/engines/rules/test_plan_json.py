"""The JSON contract: malformed plans are refused with one line; violations have exactly the contract's keys."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from setwise.engines.rules import PlanError, check, load_ruleset, plan_from_json, violations_to_json

PLAN: dict[str, Any] = {
    "country": "KR",
    "timezone": "Asia/Seoul",
    "people": [{"id": "gaffer", "role": "gaffer", "birth_date": None}, {"id": "kid", "role": "cast",
                                                                          "birth_date": "2013-06-01"}],
    "shifts": [
        {"person": "gaffer", "call": "2026-03-02T07:00:00+09:00", "wrap": "2026-03-02T21:00:00+09:00",
         "meals": [["2026-03-02T11:00:00+09:00", "2026-03-02T11:30:00+09:00"],
                   ["2026-03-02T15:00:00+09:00", "2026-03-02T15:30:00+09:00"],
                   ["2026-03-02T19:00:00+09:00", "2026-03-02T19:30:00+09:00"]]},
        {"person": "gaffer", "call": "2026-03-02T22:00:00Z", "wrap": "2026-03-03T04:00:00Z", "meals": []},
        {"person": "kid", "call": "2026-03-02T10:00:00+09:00", "wrap": "2026-03-02T14:00:00+09:00"},
    ],
}  # fmt: skip


def test_plan_is_read_and_checked() -> None:
    doc = plan_from_json(copy.deepcopy(PLAN))
    assert doc.country == "KR" and doc.agreements == ()
    assert doc.plan.people[1].birth_date == dt.date(2013, 6, 1)
    assert doc.plan.shifts[1].call.utcoffset() == dt.timedelta(0)
    out = violations_to_json(check(doc.plan, load_ruleset(doc.country)))
    assert list(out) == ["violations"]
    got = {(v["person"], v["rule"], v["date"], v["value"], v["limit"]) for v in out["violations"]}
    assert got == {
        ("gaffer", "max_hours_day", "2026-03-02", 14, 12),
        ("gaffer", "min_turnaround", "2026-03-03", 10, 11),  # 21:00 -> 07:00 next morning (22:00Z)
        ("gaffer", "meal_break", "2026-03-03", 6, 4),
        ("gaffer", "meal_break_total", "2026-03-03", 0, 30),
        ("kid", "meal_break_total", "2026-03-02", 0, 30),  # 4 h worked without a break
    }
    for v in out["violations"]:
        assert list(v) == ["person", "rule", "date", "value", "limit", "source"]
        assert isinstance(v["value"], int | float) and isinstance(v["limit"], int | float)
    assert isinstance(out["violations"][0]["value"], int)  # whole numbers print without ".0"


def _broken(path: str, value: Any) -> dict[str, Any]:
    plan = copy.deepcopy(PLAN)
    target: Any = plan
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is KeyError:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return plan


@pytest.mark.parametrize(
    "plan,message",
    [
        ([], "must be a JSON object"),
        (_broken("country", "FR"), "unknown country 'FR'"),
        (_broken("country", KeyError), "unknown country None"),
        (_broken("timezone", "Asia/Atlantis"), "unknown time zone"),
        (_broken("timezone", KeyError), "no 'timezone'"),
        (_broken("shifts", KeyError), "no 'shifts'"),
        (_broken("people", {}), "people must be a list"),
        (_broken("people.0.id", ""), "id must be a non-empty string"),
        (_broken("people.1.id", "gaffer"), "listed twice"),
        (_broken("people.0.birth_date", "1990-02-30"), "YYYY-MM-DD"),
        (_broken("people.0.birth_date", 1990), "YYYY-MM-DD"),
        (_broken("people.0.role", 7), "role must be a string"),
        (_broken("shifts.0.call", "2026-03-02T07:00:00"), "no UTC offset"),
        (_broken("shifts.0.wrap", "tomorrow"), "not an ISO-8601"),
        (_broken("shifts.0.wrap", None), "ISO-8601 date-time with a UTC offset"),
        (_broken("shifts.0.wrap", "2026-03-02T06:00:00+09:00"), "is not after call"),
        (_broken("shifts.0.person", "boom"), "unknown person 'boom'"),
        (_broken("shifts.0.meals", "lunch"), "meals must be a list"),
        (_broken("shifts.0.meals.0", ["2026-03-02T11:00:00+09:00"]), r"must be \[start, end\]"),
        (_broken("shifts.0.meals.0", ["2026-03-02T11:00:00", "2026-03-02T11:30:00"]), "no UTC offset"),
        (_broken("agreements", ["MPPA", "FIFA"]), "unknown agreement"),
        (_broken("shifts", [1]), "must be an object"),
    ],
)
def test_malformed_plans_are_refused_with_one_line(plan: Any, message: str) -> None:
    with pytest.raises(PlanError, match=message) as info:
        plan_from_json(plan)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "path,value,message",
    [
        ("shifts.0.meals.0", ["2026-03-02T06:00:00+09:00", "2026-03-02T07:30:00+09:00"], "outside call to wrap"),
        ("shifts.0.meals.0", ["2026-03-02T12:00:00+09:00", "2026-03-02T11:30:00+09:00"], "ends before it starts"),
        ("shifts.1.call", "2026-03-02T20:00:00+09:00", "overlap"),
        ("shifts.0.wrap", "2026-03-05T21:00:00+09:00", "more than 48 h"),
        ("people.0.birth_date", "2027-01-01", "born 2027-01-01, after 2026-03-02"),
    ],
)
def test_plans_that_read_but_cannot_be_checked(path: str, value: Any, message: str) -> None:
    doc = plan_from_json(_broken(path, value))
    with pytest.raises(ValueError, match=message):
        check(doc.plan, load_ruleset(doc.country))


def test_agreements_in_the_plan_and_country_case() -> None:
    plan = copy.deepcopy(PLAN) | {"country": "au", "timezone": "Australia/Sydney", "agreements": ["mppa"]}
    doc = plan_from_json(plan)
    assert doc.country == "AU" and doc.agreements == ("MPPA",)
