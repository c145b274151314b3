"""Every seeded rule, per country, agreement and policy: a plan that breaks it is caught (with the rule's origin
and source), and a compliant plan under the same layers has no violation at all.

``test_every_seeded_rule_has_a_case`` keeps this table complete: a new check rule in a data file needs a row here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from setwise.engines.rules import Person, Plan, Shift, check, load_ruleset, shipped_document

from .plans import BORN_12, BORN_14, BORN_15, BORN_16, S, plan, run, sh, week

GOOD_ADULT = week(range(5), "08:00", "17:00", ("12:00", "13:00"))
GOOD_MINOR = week(range(5), "09:00", "15:00", ("11:30", "12:30"))
THRESHOLDS = {"max_hours_day_ordinary", "max_hours_week_ordinary"}  # define overtime; see test_thresholds
MARCH_WEEKDAYS = [d for d in range(-1, 30) if (dt.date(2026, 3, 2) + dt.timedelta(days=d)).weekday() < 5]


@dataclass
class Case:
    country: str
    bad: list[S]
    agreements: tuple[str, ...] = ()
    policy: bool = False
    birth: dt.date | None = None
    role: str = "crew"
    good: list[S] | None = None
    good_birth: dt.date | None = field(default=None)
    overrides: dict[str, Any] | None = None


CASES: dict[tuple[str, str], Case] = {
    # --- Korea (law alone) ---
    ("KR", "max_hours_week"): Case(
        "KR", week(range(6), "08:00", "18:00", ("12:00", "12:30"), ("16:30", "17:00"))
    ),  # 6 x 9 h = 54 > 52
    ("KR", "meal_break"): Case("KR", [sh(0, "08:00", "14:00")]),
    ("KR", "meal_break_total"): Case("KR", [sh(0, "08:00", "16:30", ("12:00", "12:30"))]),  # 8 h worked, 30 min
    ("KR", "min_days_off_per_week"): Case("KR", week(range(7), "08:00", "17:00", ("12:00", "13:00"))),
    ("KR", "minor_max_hours_week[under_15]"): Case(
        "KR", week(range(5), "08:00", "17:00", ("12:00", "13:00")), birth=BORN_14
    ),  # 40 > 35
    ("KR", "minor_max_hours_week[15_17]"): Case(
        "KR", week(range(6), "08:00", "17:00", ("12:00", "13:00")), birth=BORN_16
    ),  # 48 > 40
    ("KR", "minor_night_ban[15_17,under_15]"): Case("KR", [sh(0, "18:00", "23:00", ("21:00", "21:30"))], birth=BORN_16),
    # --- Japan (law alone) ---
    ("JP", "max_overtime_month"): Case("JP", week(MARCH_WEEKDAYS, "08:00", "19:30", ("12:00", "13:00"))),
    ("JP", "max_overtime_year"): Case(
        "JP",
        [
            sh(dt.date(2026, 1, 1) + dt.timedelta(days=i), "08:00", "18:54", ("12:00", "13:00"))
            for i in range(365)
            if (dt.date(2026, 1, 1) + dt.timedelta(days=i)).weekday() < 5
        ],
    ),  # 1.9 h a day over 8: 496 h in the year, at most 43.7 in any month
    ("JP", "meal_break_total"): Case("JP", [sh(0, "08:00", "16:30", ("12:00", "12:30"))]),  # 8 h > 6: 45 min
    ("JP", "min_days_off_per_week"): Case("JP", week(range(7), "08:00", "17:00", ("12:00", "13:00"))),
    ("JP", "minor_no_overtime[15_17,under_15]"): Case(
        "JP", [sh(0, "08:00", "18:00", ("12:00", "13:00"))], birth=BORN_16
    ),
    ("JP", "minor_night_ban[15_17]"): Case("JP", [sh(0, "17:00", "23:00", ("19:00", "19:45"))], birth=BORN_16),
    ("JP", "minor_night_ban[under_15]"): Case("JP", [sh(0, "15:00", "21:00", ("17:00", "17:45"))], birth=BORN_12),
    ("JP", "minor_night_ban[under_15]@performers"): Case("JP", [sh(0, "05:00", "10:00")], birth=BORN_12, role="Actor"),
    ("JP", "minor_max_hours_day[under_15]"): Case(
        "JP", [sh(0, "08:00", "16:30", ("12:00", "12:45"))], birth=BORN_12
    ),  # 7.75 > 7
    ("JP", "minor_max_hours_week[under_15]"): Case(
        "JP", week(range(6), "08:00", "15:45", ("12:00", "12:45")), birth=BORN_12
    ),  # 6 x 7 = 42 > 40
    # --- Thailand (law alone) ---
    ("TH", "max_overtime_week"): Case(
        "TH", week(range(6), "06:00", "22:30", ("11:00", "12:00"), ("17:00", "18:00"))
    ),  # 6 x 6.5 h over 8 = 39 > 36
    ("TH", "meal_break"): Case("TH", [sh(0, "08:00", "14:00")]),
    ("TH", "min_days_off_per_week"): Case("TH", week(range(7), "08:00", "17:00", ("12:00", "13:00"))),
    ("TH", "max_consecutive_days"): Case(
        "TH", week(range(3, 10), "08:00", "17:00", ("12:00", "13:00"))
    ),  # Thursday to Wednesday, a day off in each week
    ("TH", "minor_min_age"): Case("TH", GOOD_MINOR, birth=BORN_14, good_birth=BORN_16),
    ("TH", "minor_night_ban[15_17,under_15]"): Case("TH", [sh(0, "17:00", "23:00", ("19:00", "20:00"))], birth=BORN_16),
    ("TH", "minor_no_overtime[15_17,under_15]"): Case(
        "TH", [sh(0, "08:00", "18:00", ("12:00", "13:00"))], birth=BORN_16
    ),
    ("TH", "minor_break[15_17,under_15]"): Case("TH", [sh(0, "08:00", "12:30")], birth=BORN_16),
    # --- Indonesia (law alone) ---
    ("ID", "max_overtime_day"): Case(
        "ID", [sh(0, "08:00", "21:45", ("12:00", "12:30"), ("16:00", "16:30"), ("20:00", "20:30"))]
    ),  # 12.25 h worked: 4.25 over 8
    ("ID", "max_overtime_week"): Case(
        "ID", week(range(5), "08:00", "21:15", ("12:00", "12:30"), ("16:00", "16:30"), ("20:00", "20:30"))
    ),  # 5 x 3.75 = 18.75 > 18
    ("ID", "meal_break"): Case("ID", [sh(0, "08:00", "13:00")]),
    ("ID", "min_days_off_per_week"): Case("ID", week(range(6), "08:00", "17:00", ("12:00", "13:00"))),
    ("ID", "minor_max_hours_day[under_15]"): Case(
        "ID", [sh(0, "09:00", "13:00")], birth=BORN_14, good=week(range(5), "09:00", "12:00")
    ),
    # --- Taiwan (law alone) ---
    ("TW", "max_hours_day"): Case(
        "TW", [sh(0, "07:00", "21:00", ("11:00", "11:30"), ("15:00", "15:30"), ("19:00", "19:30"))]
    ),  # 12.5 h worked
    ("TW", "max_overtime_month"): Case(
        "TW", week(MARCH_WEEKDAYS, "08:00", "19:30", ("12:00", "12:30"), ("16:00", "16:30"))
    ),  # 22-23 days x 2.5 h
    ("TW", "min_turnaround"): Case(
        "TW", [sh(0, "08:00", "17:00", ("12:00", "13:00")), sh(1, "03:30", "12:30", ("07:30", "08:30"))]
    ),
    ("TW", "meal_break"): Case("TW", [sh(0, "08:00", "13:00")]),
    ("TW", "min_days_off_per_week"): Case("TW", week(range(6), "08:00", "17:00", ("12:00", "13:00"))),
    ("TW", "minor_max_hours_day[child_15]"): Case(
        "TW", [sh(0, "08:00", "17:30", ("12:00", "12:30"), ("16:00", "16:30"))], birth=BORN_15
    ),
    ("TW", "minor_max_hours_week[child_15]"): Case(
        "TW", week(range(6), "08:00", "16:00", ("12:00", "13:00")), birth=BORN_15
    ),
    ("TW", "minor_night_ban[child_15]"): Case("TW", [sh(0, "15:00", "21:00", ("18:00", "18:30"))], birth=BORN_15),
    # --- Eiteki (Japan, agreement) ---
    ("EITEKI", "max_hours_day"): Case("JP", [sh(0, "07:00", "21:00", ("12:00", "13:00"))], agreements=("EITEKI",)),
    ("EITEKI", "min_days_off_per_week"): Case(
        "JP",
        week(range(7), "08:00", "17:00", ("12:00", "13:00")),
        agreements=("EITEKI",),
        overrides={"JP": {"min_days_off_per_week": None}},  # the law says the same, and a tie goes to the law
    ),
    ("EITEKI", "min_days_off_per_14"): Case(
        "JP", week(range(13), "08:00", "17:00", ("12:00", "13:00")), agreements=("EITEKI",)
    ),
    # --- MPPA (Australia, agreement) ---
    ("MPPA", "meal_break"): Case("AU", [sh(0, "08:00", "14:00")], agreements=("MPPA",)),
    ("MPPA", "meal_break_max_minutes"): Case("AU", [sh(0, "08:00", "17:30", ("12:00", "13:30"))], agreements=("MPPA",)),
    ("MPPA", "min_turnaround"): Case(
        "AU", [sh(0, "08:00", "17:00", ("12:00", "13:00")), sh(1, "02:30", "10:00")], agreements=("MPPA",)
    ),
    # --- studio policy (on Korea or Australia, whichever lets the policy bind) ---
    ("policy", "max_hours_day"): Case(
        "KR",
        [sh(0, "07:00", "20:00", ("11:00", "11:30"), ("15:00", "15:30"), ("19:00", "19:30"))],
        policy=True,
    ),
    ("policy", "min_turnaround"): Case(
        "KR", [sh(0, "08:00", "17:00", ("12:00", "13:00")), sh(1, "03:30", "12:30", ("07:30", "08:30"))], policy=True
    ),
    ("policy", "meal_break"): Case("AU", [sh(0, "08:00", "14:00")], policy=True),
    ("policy", "max_hours_week"): Case(
        "AU", week(range(6), "08:00", "17:30", ("12:00", "12:30")), policy=True
    ),  # 6 x 9 = 54 > 52
    ("policy", "max_consecutive_days"): Case(
        "AU", week(range(3, 10), "08:00", "17:00", ("12:00", "13:00")), policy=True
    ),
    ("policy", "min_days_off_per_week"): Case("AU", week(range(7), "08:00", "17:00", ("12:00", "13:00")), policy=True),
    ("policy", "min_2_consecutive_days_off_per_14"): Case(
        "AU", week([*range(6), *range(7, 13)], "08:00", "17:00", ("12:00", "13:00")), policy=True
    ),  # Sundays off only
    ("policy", "minor_max_hours_day[under_15]"): Case(
        "AU", [sh(0, "09:00", "16:00", ("12:00", "12:30"))], policy=True, birth=BORN_12
    ),
    ("policy", "minor_max_hours_day[15_17]"): Case(
        "AU", [sh(0, "08:00", "17:00", ("12:00", "12:30"))], policy=True, birth=BORN_16
    ),
    ("policy", "minor_wrap_by[under_15]"): Case(
        "AU", [sh(0, "15:00", "20:30", ("17:00", "17:30"))], policy=True, birth=BORN_12
    ),
    ("policy", "minor_wrap_by[15_17]"): Case(
        "AU", [sh(0, "17:00", "22:30", ("19:00", "19:30"))], policy=True, birth=BORN_16
    ),
}


def _rule_id(key: str) -> str:
    return key.split("[")[0].split("@")[0]


@pytest.mark.parametrize("origin,key", list(CASES), ids=[f"{o}:{k}" for o, k in CASES])
def test_seeded_rule_catches_a_violation(origin: str, key: str) -> None:
    case = CASES[(origin, key)]
    found = run(
        case.country,
        case.bad,
        agreements=case.agreements,
        policy=case.policy,
        birth=case.birth,
        role=case.role,
        overrides=case.overrides,
    )
    hits = [v for v in found if v.rule == _rule_id(key) and v.origin == origin]
    assert hits, f"{origin} {key} not caught; got {[(v.rule, v.origin, v.value, v.limit) for v in found]}"
    rules = load_ruleset(case.country, case.agreements, "studio").rules
    row = next(r for r in rules if (r.origin, r.key) == (origin, key))
    v = hits[0]
    assert v.source == row.source and v.layer == row.layer and v.status == row.status
    assert v.excess > 0
    assert v.severity == ("warning" if row.status == "U" else "error")


@pytest.mark.parametrize("origin,key", list(CASES), ids=[f"{o}:{k}" for o, k in CASES])
def test_compliant_plan_passes_the_same_layers(origin: str, key: str) -> None:
    case = CASES[(origin, key)]
    birth = case.good_birth or case.birth
    good = case.good or (GOOD_MINOR if birth else GOOD_ADULT)
    found = run(
        case.country,
        good,
        agreements=case.agreements,
        policy=case.policy,
        birth=birth,
        role=case.role,
        overrides=case.overrides,
    )
    assert found == []


def test_every_seeded_rule_has_a_case() -> None:
    seeded: set[tuple[str, str]] = set()
    for origin in ("KR", "JP", "TH", "ID", "TW", "AU", "EITEKI", "MPPA", "policy"):
        doc = shipped_document(origin)
        for row in doc["rules"]:
            if row.get("kind") == "info" or row.get("check") is False or row["value"] is None:
                continue
            if row["id"] in THRESHOLDS:
                continue
            key = row["id"] + ("[" + ",".join(sorted(row["bands"])) + "]" if row.get("bands") else "")
            key += "@" + row["roles"] if row.get("roles") else ""
            seeded.add((origin, key))
    assert seeded == set(CASES)


@pytest.mark.parametrize("country", ["KR", "JP", "TH", "ID", "TW", "AU"])
def test_thresholds_define_overtime(country: str) -> None:
    """Ordinary hours are not limits but the base of overtime; each seeded value reaches the limits it defines."""
    limits = load_ruleset(country, (), None).limits()
    doc = shipped_document(country)
    for row in doc["rules"]:
        if row["id"] in THRESHOLDS:
            name = "ordinary_day" if row["id"] == "max_hours_day_ordinary" else "ordinary_week"
            assert getattr(limits, name) == row["value"]
            assert limits.provenance[name].source == row["source"]


@pytest.mark.parametrize("origin,key", list(CASES)[::4], ids=[f"{o}:{k}" for o, k in list(CASES)[::4]])
def test_same_violations_in_any_order_and_any_utc_offset(origin: str, key: str) -> None:
    case = CASES[(origin, key)]
    rules = load_ruleset(case.country, case.agreements, "studio" if case.policy else None, case.overrides)
    local = plan(case.country, case.bad, birth=case.birth, role=case.role)
    utc = dt.UTC
    moved = tuple(
        Shift(
            s.person, s.call.astimezone(utc), s.wrap.astimezone(utc), tuple((a.astimezone(utc), b) for a, b in s.meals)
        )
        for s in reversed(local.shifts)
    )
    assert check(Plan(local.timezone, local.people, moved), rules) == check(local, rules)


def test_people_without_shifts_and_empty_plans() -> None:
    rules = load_ruleset("KR")
    assert check(Plan("Asia/Seoul", (Person("idle"),), ()), rules) == []
    assert check(Plan("Asia/Seoul", (), ()), rules) == []
