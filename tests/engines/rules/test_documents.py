"""The shipped rule documents and their schema: sources, statuses, units, [U] values as warnings."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from setwise.engines.rules import (
    AGREEMENTS,
    CHECK_RULES,
    COUNTRIES,
    RulesDataError,
    load_ruleset,
    parse_document,
    shipped_document,
)

ORIGINS = [*COUNTRIES, *AGREEMENTS, "policy"]
# Rows people read but no check evaluates; adding one here is a decision, not an accident.
INFO = {
    "KR": {"applies_min_headcount", "night_window", "crew_contract"},
    "JP": {"overtime_special_caps", "night_window", "minor_permit_required"},
    "TH": {"night_window"},
    "ID": {"hours_patterns", "minor_light_work", "minor_talent_rules", "minor_night_ban_female"},
    "TW": set(),
    "AU": {"award", "minors_state_law"},
    "EITEKI": {"day_starts_at", "shoot_hours_nominal", "over_13_remedy", "full_rest_days"},
    "MPPA": {"meal_break_extension", "supper_break_after_midnight", "standard_week", "day_over_12h_rate"},
    "policy": {
        "max_hours_day_hard_stop",
        "min_turnaround_hard_floor",
        "travel_counts_as_work",
        "minor_guardian_on_set",
    },
}


@pytest.mark.parametrize("origin", ORIGINS)
def test_every_shipped_row_has_its_source_status_and_date(origin: str) -> None:
    doc = parse_document(shipped_document(origin))
    assert doc.origin == origin and doc.rules
    for rule in doc.rules:
        assert rule.source and rule.status in ("V", "S", "U") and rule.last_checked == dt.date(2026, 11, 25)
        assert rule.severity == ("warning" if rule.status == "U" else "error")
        if rule.kind == "check":
            assert rule.unit == CHECK_RULES[rule.id][0]
    assert {r.id for r in doc.rules if r.kind == "info"} == INFO[origin]


def test_layers_and_seeded_values() -> None:
    kr = load_ruleset("KR", (), None)
    assert [d.layer for d in kr.documents] == ["law"]
    assert [d.layer for d in load_ruleset("JP", ["EITEKI"]).documents] == ["law", "agreement", "policy"]
    values = {r.key: r.value for r in kr.rules}
    assert values["max_hours_week"] == 52 and values["min_turnaround"] is None
    assert values["minor_max_hours_week[under_15]"] == 35 and values["minor_max_hours_week[15_17]"] == 40
    overtime = next(r for r in kr.rules if r.id == "max_overtime_week")
    assert not overtime.enforced and "max_hours_week" in overtime.note  # enforced as 40 + 12 = 52
    eiteki = next(r for r in load_ruleset("JP", ["EITEKI"]).rules if r.origin == "EITEKI" and r.id == "max_hours_day")
    assert eiteki.includes_meals and eiteki.value == 13 and eiteki.status == "V"


def _doc(**row: Any) -> dict[str, Any]:
    base = {"id": "max_hours_day", "value": 10, "unit": "h", "includes_meals": True, "source": "s", "status": "V",
            "last_checked": "2026-11-25"}  # fmt: skip
    return {"origin": "X", "layer": "policy", "rules": [{**base, **row}]}


@pytest.mark.parametrize(
    "doc,message",
    [
        (_doc(status="U", severity="error"), r"unverified \[U\] value cannot be an error"),
        (_doc(id="max_hours_fortnight"), "unknown rule id"),
        (_doc(unit="min"), "unit must be 'h'"),
        (_doc(id="minor_max_hours_day"), "needs the bands"),
        (_doc(id="max_overtime_week"), "without meals"),
        (_doc(id="minor_night_ban", unit="window", value="22:00-25:00", bands=["15_17"]), "must look like"),
        (_doc(id="minor_night_ban", unit="window", value="22:00-22:00", bands=["15_17"]), "empty"),
        (_doc(bands=["teen"]), "bands must be among"),
        (_doc(last_checked="25/11/2026"), "YYYY-MM-DD"),
        (_doc(source=" "), "needs its source"),
        (_doc(status="X"), "status must be"),
        (_doc(includes_meals="yes"), "includes_meals"),
        (_doc(id="meal_break", unit="h/min", value={"after": 5}), "after_hours, min_minutes"),
        (_doc(id="meal_break_total", unit="h/min", value=[{"minutes": 30}]), "from_hours|over_hours"),
        (_doc(id="min_days_off_per_week", unit="days", value=1.5), "whole number"),
        (_doc(kind="info", id="max_hours_week"), "cannot be info"),
        (_doc(colour="red"), "unknown field"),
        ({"origin": "X", "layer": "union", "rules": []}, "layer must be"),
        ({"origin": "X", "layer": "policy", "rules": [], "week_starts": "someday"}, "weekday"),
        ({"origin": "X", "layer": "policy", "countries": ["FR"], "rules": []}, "countries"),
        ({"layer": "policy", "rules": []}, "without an origin"),
    ],
)
def test_invalid_documents_are_refused_with_one_line(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesDataError, match=message) as info:
        parse_document(doc)
    assert "\n" not in str(info.value)


def test_duplicate_rows_and_undefined_role_groups() -> None:
    doc = _doc()
    doc["rules"].append(copy.deepcopy(doc["rules"][0]))
    with pytest.raises(RulesDataError, match="appears twice"):
        parse_document(doc)
    policy = shipped_document("policy")
    policy["rules"].append(
        {"id": "minor_night_ban", "bands": ["under_15"], "roles": "dancers", "value": "19:00-06:00", "unit": "window",
         "includes_meals": False, "source": "s", "status": "V", "last_checked": "2026-11-25"}
    )  # fmt: skip
    with pytest.raises(RulesDataError, match="undefined role group"):
        load_ruleset("KR", (), policy)


def test_shipped_documents_are_fresh_copies() -> None:
    doc = shipped_document("KR")
    doc["rules"].clear()
    assert shipped_document("KR")["rules"]
    with pytest.raises(RulesDataError, match="no rule document"):
        shipped_document("XX")
