"""Layering law -> agreements -> policy: the strictest wins per limit, and the limit knows its layer."""

from __future__ import annotations

import datetime as dt

import pytest

from setwise.engines.rules import (
    COUNTRIES,
    RulesDataError,
    check,
    limits_for,
    load_ruleset,
    shipped_document,
)

from .plans import BORN_12, BORN_16, MONDAY, plan, run, sh, week

MEAL = ("12:00", "13:00")


def test_strictest_turnaround_wins_and_names_its_layer() -> None:
    assert limits_for("AU", ["MPPA"], None).min_turnaround == 10
    assert limits_for("AU", ["MPPA"], None).provenance["min_turnaround"].origin == "MPPA"
    studio = limits_for("AU", ["MPPA"])
    assert studio.min_turnaround == 11 and studio.provenance["min_turnaround"].layer == "policy"
    shifts = [sh(0, "08:00", "17:00", MEAL), sh(1, "03:30", "12:30", ("07:30", "08:30"))]  # 10.5 h rest
    assert run("AU", shifts, agreements=["MPPA"]) == []
    [v] = run("AU", shifts, agreements=["MPPA"], policy=True)
    assert (v.rule, v.layer, v.origin, v.value, v.limit, v.source) == (
        "min_turnaround",
        "policy",
        "policy",
        10.5,
        11,
        "Studio policy",
    )


def test_a_tie_goes_to_the_law() -> None:
    six_long_days = week(range(6), "08:00", "18:00", ("12:00", "12:30"), ("16:30", "17:00"))  # 54 h
    [v] = [v for v in run("KR", six_long_days, policy=True) if v.rule == "max_hours_week"]
    assert (v.layer, v.origin, v.limit) == ("law", "KR", 52)
    assert v.source == "Labor Standards Act art.50 + art.53 (52-hour week)"


def test_policy_cap_under_an_agreement_cap() -> None:
    day = [sh(0, "07:00", "21:30", ("12:00", "13:00"), ("17:00", "17:30"))]  # 14.5 h call to wrap
    [with_policy] = [v for v in run("JP", day, agreements=["EITEKI"], policy=True) if v.rule == "max_hours_day"]
    assert (with_policy.origin, with_policy.limit, with_policy.excess) == ("policy", 12, 2.5)
    [law_and_eiteki] = [v for v in run("JP", day, agreements=["EITEKI"]) if v.rule == "max_hours_day"]
    assert (law_and_eiteki.origin, law_and_eiteki.layer, law_and_eiteki.limit) == ("EITEKI", "agreement", 13)
    assert not [v for v in run("JP", day) if v.rule == "max_hours_day"]  # the law alone has no daily cap


def test_the_layer_broken_by_most_is_reported_once() -> None:
    # TW 13 h call to wrap with one 30-minute meal: law 12.5 h worked (over by 0.5), policy 13 h (over by 1)
    day = [sh(0, "07:00", "20:00", ("10:30", "11:00"), ("14:30", "15:00"), ("18:30", "19:00"))]
    found = [v for v in run("TW", day, policy=True) if v.rule == "max_hours_day"]
    assert [(v.origin, v.value, v.excess) for v in found] == [("policy", 13, 1)]


def test_meal_interval_takes_the_shortest_and_the_longest_minimum() -> None:
    kr = limits_for("KR")
    assert (kr.meal_break_after_hours, kr.provenance["meal_break_after_hours"].origin) == (4, "KR")
    au = limits_for("AU", ["MPPA"])
    assert (au.meal_break_after_hours, au.provenance["meal_break_after_hours"].origin) == (5, "MPPA")
    th_minor = limits_for("TH", minor_band="15_17")
    assert (th_minor.meal_break_after_hours, th_minor.meal_break_min_minutes) == (4, 60)
    assert th_minor.provenance["meal_break_after_hours"].rule == "minor_break"
    jp = limits_for("JP")
    assert jp.meal_break_after_hours == 5 and jp.meal_break_min_minutes == 30  # policy, default meal length
    assert jp.required_meal_minutes(6) == (0, None)
    assert jp.required_meal_minutes(6.5)[0] == 45 and jp.required_meal_minutes(8.5)[0] == 60
    assert limits_for("KR").required_meal_minutes(4)[0] == 30  # KR: "for 4 hours", inclusive


def test_minor_limits_are_the_strictest_of_adult_and_minor_rows() -> None:
    child = limits_for("JP", minor_band="under_15")
    assert child.max_day_with_meals == 6 and child.provenance["max_day_with_meals"].rule == "minor_max_hours_day"
    assert child.max_day_net == 7 and child.provenance["max_day_net"].origin == "JP"
    assert child.no_overtime and child.wrap_by_hour == 20
    assert [str(b.window) for b in child.night_bans] == ["20:00-05:00"]
    actor = limits_for("JP", minor_band="under_15", role="child actor")
    assert [str(b.window) for b in actor.night_bans] == ["21:00-06:00"]
    assert limits_for("JP").night_bans == () and not limits_for("JP").no_overtime
    tw = limits_for("TW", None, "studio", "15_17")  # widened to child_15: a 15-year-old may be a child worker
    assert tw.max_day_net == 8
    assert limits_for("TW", None, "studio", {"15_17"}).max_day_net == 12  # exact bands of a 16-year-old
    with pytest.raises(RulesDataError, match="minor band"):
        limits_for("KR", minor_band="under_18")


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("policy", ["studio", None])
def test_the_scheduler_limit_and_the_check_agree_to_the_minute(country: str, policy: str | None) -> None:
    """A day exactly at limits_for's longest span passes check; one minute more fails (same rules)."""
    limits = limits_for(country, [], policy)
    longest = limits.max_span_day(1.0)  # with one hour of meals
    if longest is None:
        assert not [v for v in run(country, [sh(0, "04:00", "23:00")], policy=bool(policy)) if "hours_day" in v.rule]
        return
    rules = load_ruleset(country, [], policy)
    minutes = round(longest * 60)
    meals = [(f"{h:02d}:00", f"{h:02d}:15") for h in range(6, 6 + minutes // 60, 3)][:4]  # four 15-minute meals
    wrap = 5 * 60 + minutes
    exact = sh(0, "05:00", f"{wrap // 60:02d}:{wrap % 60:02d}", *meals)
    over = sh(0, "05:00", f"{(wrap + 1) // 60:02d}:{(wrap + 1) % 60:02d}", *meals)
    assert not [v for v in check(plan(country, [exact]), rules) if v.rule == "max_hours_day"]
    assert [v for v in check(plan(country, [over]), rules) if v.rule == "max_hours_day"]


def test_overrides_change_remove_and_add_rows() -> None:
    day = [sh(0, "08:00", "19:30", ("12:00", "12:30"), ("16:00", "16:30"))]  # 11.5 h call to wrap
    assert not [v for v in run("KR", day, policy=True) if v.rule == "max_hours_day"]
    stricter = load_ruleset("KR", (), "studio", {"policy": {"max_hours_day": {"value": 11, "note": "prep week"}}})
    [v] = [v for v in check(plan("KR", day), stricter) if v.rule == "max_hours_day"]
    assert v.limit == 11 and v.origin == "policy"
    without = load_ruleset("KR", (), "studio", {"policy": {"min_turnaround": None}})
    assert without.limits().min_turnaround is None
    with_law = load_ruleset(
        "KR",
        (),
        None,
        {"KR": {"min_turnaround": {"value": 11, "status": "S", "source": "Labor Standards Act art.59(2)"}}},
    )
    assert with_law.limits().provenance["min_turnaround"].layer == "law"
    added = load_ruleset(
        "AU",
        (),
        None,
        {"AU": {"max_hours_day": {"value": 10, "source": "state award", "status": "V", "last_checked": "2026-11-25",
                                  "includes_meals": False}}},
    )  # fmt: skip
    assert added.limits().max_day_net == 10
    assert added.limits().provenance["max_day_net"].origin == "AU"


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"MPPA": {"min_turnaround": {"value": 9}}}, "not layered"),
        ({"policy": {"max_hours_day": {"colour": "red"}}}, "unknown or fixed field"),
        ({"policy": {"max_hours_day": {"value": 11, "status": "U", "severity": "error"}}}, r"\[U\] value"),
        ({"policy": {"max_hours_day": {"value": "twelve"}}}, "non-negative number"),
        ({"policy": {"bogus_rule": {"value": 1, "source": "x", "status": "V", "last_checked": "2026-11-25",
                                    "includes_meals": False}}}, "unknown rule id"),
        ({"policy": {"nothing_here": None}}, "does not have"),
        ({"policy": {"Max Hours": {"value": 1}}}, "not of the form"),
    ],
)  # fmt: skip
def test_bad_overrides_are_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(RulesDataError, match=message):
        load_ruleset("KR", (), "studio", overrides)  # type: ignore[arg-type]


def test_agreements_and_custom_documents() -> None:
    with pytest.raises(RulesDataError, match="apply to JP, not KR"):
        load_ruleset("KR", ["EITEKI"])
    with pytest.raises(RulesDataError, match="unknown agreement"):
        load_ruleset("KR", ["FIFA"])
    with pytest.raises(RulesDataError, match="unknown country"):
        load_ruleset("FR")
    with pytest.raises(RulesDataError, match="layered twice"):
        load_ruleset("AU", ["MPPA", "mppa"])
    union = {
        "origin": "KOFIC-2026",
        "layer": "agreement",
        "title": "Production agreement",
        "countries": ["KR"],
        "rules": [
            {"id": "min_turnaround", "value": 12, "unit": "h", "includes_meals": False, "source": "clause 7",
             "status": "V", "last_checked": "2026-11-25"},
        ],
    }  # fmt: skip
    rules = load_ruleset("KR", [union])
    assert rules.agreements == ("KOFIC-2026",)
    assert rules.limits().min_turnaround == 12 and rules.limits().provenance["min_turnaround"].layer == "agreement"
    with pytest.raises(RulesDataError, match="declares layer policy"):
        load_ruleset("KR", [shipped_document("policy")], None)


def test_minor_without_birthday_is_an_adult_and_adults_keep_adult_limits() -> None:
    evening = [sh(0, "15:00", "21:00", ("17:00", "17:45"))]
    assert run("JP", evening) == []
    assert [v.rule for v in run("JP", evening, birth=BORN_12)] == ["minor_night_ban"]
    assert run("JP", evening, birth=dt.date(2000, 1, 1)) == []
    assert run("JP", evening, birth=BORN_16) == []  # 15-17: 22:00
    assert MONDAY.weekday() == 0
