"""Edge cases: midnight, week boundaries, birthdays, daylight saving, missing meals, runs of days, night windows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from setwise.engines.rules import (
    Person,
    Plan,
    PlanError,
    Shift,
    check,
    load_ruleset,
    minor_band,
    minor_bands,
    shipped_document,
)

from .plans import BORN_12, BORN_16, MONDAY, at, plan, rules_of, run, sh, week

MEAL = ("12:00", "13:00")


def test_shift_across_midnight_belongs_to_its_call_date() -> None:
    # 20:00 -> 09:00: 13 h on Monday's date (policy 12 h call to wrap)
    found = run(
        "KR", [sh(0, "20:00", "33:00", ("23:30", "24:00"), ("27:30", "28:00"), ("31:30", "32:00"))], policy=True
    )
    [v] = [v for v in found if v.rule == "max_hours_day"]
    assert v.date == MONDAY and v.value == 13 and v.limit == 12
    # Tuesday's call at 20:00 is 11 h after the 09:00 wrap: no turnaround problem, and the day is Tuesday's
    two = [
        sh(0, "20:00", "30:00", ("23:30", "24:00"), ("27:30", "28:00")),
        sh(1, "17:00", "27:00", ("20:30", "21:00"), ("24:30", "25:00")),
    ]
    assert run("KR", two, policy=True) == []
    short = [two[0], sh(1, "16:00", "26:00", ("19:30", "20:00"), ("23:30", "24:00"))]
    [v] = run("KR", short, policy=True)
    assert (v.rule, v.date, v.value, v.limit) == ("min_turnaround", MONDAY + dt.timedelta(days=1), 10, 11)


def test_week_boundary_counts_a_sunday_night_shift_in_its_own_week() -> None:
    days = week(range(5), "08:00", "17:30", ("12:00", "12:30"))  # Mon-Fri 9 h = 45
    sunday_night = sh(6, "20:00", "28:30", ("23:30", "24:00"))  # Sunday 20:00 -> Monday 04:30, 8 h worked
    next_week = week(range(8, 13), "14:00", "23:30", ("18:00", "18:30"))  # Tue-Sat of week 2, 9 h each = 45
    found = run("KR", [*days, sunday_night, *next_week])
    weekly = [v for v in found if v.rule == "max_hours_week"]
    assert [(v.date, v.value) for v in weekly] == [(MONDAY + dt.timedelta(days=6), 53)]  # 45 + 8 in week 1
    # the 4.5 h after midnight are not counted again in week 2 (45 h there)


def test_week_start_follows_the_policy_document() -> None:
    shifts = week(range(6), "08:00", "17:30", ("12:00", "12:30"))  # Mon-Sat 6 x 9 = 54 h
    assert "max_hours_week" in rules_of(run("AU", shifts, policy=True))
    rules = load_ruleset("AU", (), shipped_document("policy") | {"week_starts": "wednesday"})
    assert rules.week_start == 2
    assert "max_hours_week" not in rules_of(check(plan("AU", shifts), rules))  # Mon-Tue and Wed-Sat: 18 h + 36 h


def test_minor_birthday_during_the_shoot() -> None:
    born = dt.date(2011, 3, 5)  # 15th birthday on Thursday 5 March 2026
    days = week(range(6), "08:00", "15:00", ("11:30", "12:00"))  # 7 h call to wrap: over 6 (under 15), not 8
    found = run("AU", days, policy=True, birth=born)
    caps = [v for v in found if v.rule == "minor_max_hours_day"]
    assert [v.date.day for v in caps] == [2, 3, 4]  # Monday to Wednesday; 15 on Thursday
    assert {v.limit for v in caps} == {6}


def test_japan_child_until_the_31_march_after_the_15th_birthday() -> None:
    born = dt.date(2010, 5, 1)  # 15 since 1 May 2025: still a child until 31 March 2026
    assert minor_band("JP", born, dt.date(2026, 3, 31)) == "under_15"
    assert minor_band("KR", born, dt.date(2026, 3, 31)) == "15_17"
    assert minor_band("JP", born, dt.date(2026, 4, 1)) == "15_17"
    # born 1 April: reaches 15 at the end of 31 March (Act on Calculation of Age), child only until that day
    assert minor_band("JP", dt.date(2011, 4, 1), dt.date(2026, 3, 31)) == "under_15"
    assert minor_band("JP", dt.date(2011, 4, 1), dt.date(2026, 4, 1)) == "15_17"
    assert minor_band("JP", dt.date(2011, 4, 2), dt.date(2026, 4, 2)) == "under_15"  # 15 today, child a year more
    # the 20:00 window of a child binds in March, the 22:00 window of 15-17s from April
    z = ZoneInfo("Asia/Tokyo")
    p = Plan(
        "Asia/Tokyo",
        (Person("k", "crew", born),),
        (
            Shift("k", dt.datetime(2026, 3, 30, 15, tzinfo=z), dt.datetime(2026, 3, 30, 21, tzinfo=z)),
            Shift("k", dt.datetime(2026, 4, 1, 15, tzinfo=z), dt.datetime(2026, 4, 1, 21, tzinfo=z)),
        ),
    )
    found = [v for v in check(p, load_ruleset("JP", (), None)) if v.rule == "minor_night_ban"]
    assert [(v.date, v.value) for v in found] == [(dt.date(2026, 3, 30), 1)]


def test_bands_and_ages() -> None:
    assert minor_bands("TW", dt.date(2010, 6, 1), MONDAY) == {"15_17", "child_15"}
    assert minor_bands("TW", dt.date(2009, 6, 1), MONDAY) == {"15_17"}
    assert minor_bands("TW", BORN_12, MONDAY) == {"under_15", "child_15"}
    assert minor_bands("KR", dt.date(2008, 3, 2), MONDAY) == frozenset()  # 18 today
    assert minor_bands("KR", None, MONDAY) == frozenset()
    leap = dt.date(2008, 2, 29)
    assert minor_band("KR", leap, dt.date(2026, 2, 28)) == "15_17"  # 17 until 1 March in a common year
    assert minor_band("KR", leap, dt.date(2026, 3, 1)) is None


def test_daylight_saving_end_counts_the_extra_hour() -> None:
    # Sydney, Sunday 5 April 2026 03:00 AEDT -> 02:00 AEST: 18:00 -> 06:00 on the wall clock is 13 h of work
    z = ZoneInfo("Australia/Sydney")
    sat = dt.date(2026, 4, 4)
    shift = Shift(
        "p",
        at(z, sat, "18:00"),
        at(z, sat, "30:00"),
        ((at(z, sat, "22:00"), at(z, sat, "22:30")), (at(z, sat, "25:30"), at(z, sat, "26:00"))),
    )
    found = check(Plan("Australia/Sydney", (Person("p"),), (shift,)), load_ruleset("AU"))
    [v] = found
    assert (v.rule, v.date, v.value, v.limit) == ("max_hours_day", sat, 13, 12)
    # turnaround measured in real hours: 23:00 -> 09:30 on the wall clock is 11.5 h
    rest = (
        Shift("p", at(z, sat, "14:00"), at(z, sat, "23:00"), ((at(z, sat, "18:00"), at(z, sat, "18:30")),)),
        Shift("p", at(z, sat, "33:30"), at(z, sat, "40:00"), ((at(z, sat, "36:00"), at(z, sat, "36:30")),)),
    )
    assert check(Plan("Australia/Sydney", (Person("p"),), rest), load_ruleset("AU")) == []


def test_daylight_saving_start_loses_an_hour() -> None:
    # Sunday 4 October 2026 02:00 AEST -> 03:00 AEDT: 18:00 -> 06:30 on the wall clock is 11.5 h
    z = ZoneInfo("Australia/Sydney")
    sat = dt.date(2026, 10, 3)
    long_night = Shift(
        "p",
        at(z, sat, "18:00"),
        at(z, sat, "30:30"),
        ((at(z, sat, "22:00"), at(z, sat, "22:30")), (at(z, sat, "27:30"), at(z, sat, "28:00"))),
    )
    assert check(Plan("Australia/Sydney", (Person("p"),), (long_night,)), load_ruleset("AU")) == []
    rest = (
        Shift("p", at(z, sat, "13:00"), at(z, sat, "22:00"), ((at(z, sat, "17:00"), at(z, sat, "17:30")),)),
        Shift("p", at(z, sat, "33:30"), at(z, sat, "40:00"), ((at(z, sat, "36:00"), at(z, sat, "36:30")),)),
    )
    [v] = check(Plan("Australia/Sydney", (Person("p"),), rest), load_ruleset("AU"))
    assert (v.rule, v.date, v.value, v.limit) == ("min_turnaround", dt.date(2026, 10, 4), 10.5, 11)


def test_a_shift_with_no_meal_break() -> None:
    found = run("JP", [sh(0, "08:00", "17:00")], policy=True)
    by_rule = {v.rule: v for v in found}
    assert by_rule["meal_break"].value == 9 and by_rule["meal_break"].limit == 5  # policy: a meal within 5 h
    assert by_rule["meal_break_total"].value == 0 and by_rule["meal_break_total"].limit == 60  # JP art.34
    assert by_rule["meal_break_total"].layer == "law"


def test_short_breaks_do_not_reset_the_meal_clock() -> None:
    # KR: a 15-minute break is not a meal break (30 min); 08:00 -> 12:30 runs 4.5 h without one
    found = run("KR", [sh(0, "08:00", "16:30", ("10:00", "10:15"), ("12:30", "13:30"))])
    [v] = [v for v in found if v.rule == "meal_break"]
    assert v.value == 4.5 and v.limit == 4


def test_consecutive_days_reported_once_per_run_on_the_day_it_broke() -> None:
    found = run("AU", week(range(3, 13), "08:00", "17:00", MEAL), policy=True)  # Thursday + 10 days
    runs = [v for v in found if v.rule == "max_consecutive_days"]
    assert [(v.date, v.value, v.limit) for v in runs] == [(MONDAY + dt.timedelta(days=9), 10, 6)]


def test_days_off_crossing_date_is_the_day_that_should_have_been_off() -> None:
    found = run("ID", week(range(6), "08:00", "17:00", MEAL))  # two days off needed, Saturday worked
    [v] = [v for v in found if v.rule == "min_days_off_per_week"]
    assert (v.date, v.value, v.limit) == (MONDAY + dt.timedelta(days=5), 1, 2)


def test_night_shift_wrap_after_midnight_uses_the_next_day() -> None:
    # Saturday 20:00 -> Sunday 04:00: Sunday is worked, so the week has no day off (Mon-Sat worked too)
    shifts = [*week(range(5), "08:00", "17:00", MEAL), sh(5, "20:00", "28:00", ("24:00", "24:30"))]
    found = run("JP", shifts)
    assert "min_days_off_per_week" in rules_of(found)
    # wrapping exactly at midnight leaves Sunday free
    shifts[-1] = sh(5, "15:00", "24:00", ("19:00", "20:00"))
    assert "min_days_off_per_week" not in rules_of(run("JP", shifts))


def test_night_window_for_minors_and_child_performers() -> None:
    # JP under 15: 20:00-05:00, but 21:00-06:00 for child actors (the specific row replaces the general one)
    evening = [sh(0, "15:00", "20:45", ("17:00", "17:45"))]
    assert [v.value for v in run("JP", evening, birth=BORN_12) if v.rule == "minor_night_ban"] == [0.75]
    assert run("JP", evening, birth=BORN_12, role="Actor") == []
    dawn = [sh(0, "05:30", "09:30")]
    assert run("JP", dawn, birth=BORN_12) == []
    [v] = [v for v in run("JP", dawn, birth=BORN_12, role="cast") if v.rule == "minor_night_ban"]
    assert v.value == 0.5 and v.source.endswith("MHLW Notice 2004 No.407")
    # a shift ending exactly when the window opens is fine; adults have no night ban
    assert run("KR", [sh(0, "14:00", "22:00", ("17:30", "18:00"))], birth=BORN_16) == []
    assert run("KR", [sh(0, "18:00", "26:00", ("21:30", "22:00"))]) == []


def test_meals_counted_or_not_per_rule() -> None:
    # TW law: 12 h worked (meals excluded); policy: 12 h call to wrap (meals included)
    shift = [sh(0, "07:00", "20:00", ("11:00", "11:30"), ("15:00", "15:30"), ("19:00", "19:30"))]  # 13 h, 11.5 worked
    assert "max_hours_day" not in rules_of(run("TW", shift))
    [v] = [v for v in run("TW", shift, policy=True) if v.rule == "max_hours_day"]
    assert (v.value, v.limit, v.layer) == (13, 12, "policy")
    longer = [sh(0, "06:00", "20:00", ("10:00", "10:30"), ("14:00", "14:30"), ("18:00", "18:30"))]  # 14 h, 12.5
    [v] = [v for v in run("TW", longer) if v.rule == "max_hours_day"]
    assert (v.value, v.limit, v.layer) == (12.5, 12, "law")


def test_split_shifts_add_up_in_the_day() -> None:
    # TW: 4 h in the morning and 9 h worked at night on the same call date: 13 h in the day; the gap is no rest
    shifts = [sh(0, "06:00", "10:00"), sh(0, "20:30", "30:30", ("24:00", "24:30"), ("27:30", "28:00"))]
    assert [(v.rule, v.value) for v in run("TW", shifts)] == [("max_hours_day", 13)]
    # the next day's call is measured from the day's last wrap (06:30): 10 h later is short
    shifts.append(sh(1, "16:30", "20:30"))
    assert [(v.rule, v.date.day, v.value) for v in run("TW", shifts)] == [
        ("max_hours_day", 2, 13),
        ("min_turnaround", 3, 10),
    ]


def test_overtime_lands_on_the_day_the_week_passes_ordinary_hours() -> None:
    # JP 16-year-old: 6 x 7 h = 42 h: 2 h over the 40-hour week, on Saturday
    found = run("JP", week(range(6), "09:00", "17:00", MEAL), birth=BORN_16)
    [v] = found
    assert (v.rule, v.date, v.value, v.limit) == ("minor_no_overtime", MONDAY + dt.timedelta(days=5), 2, 0)


def test_overlapping_shifts_and_meals_outside_are_refused() -> None:
    z = ZoneInfo("Asia/Seoul")
    a = Shift("p", at(z, 0, "08:00"), at(z, 0, "17:00"))
    b = Shift("p", at(z, 0, "16:00"), at(z, 0, "20:00"))
    with pytest.raises(PlanError, match="overlap"):
        check(Plan("Asia/Seoul", (Person("p"),), (a, b)), load_ruleset("KR"))
    bad_meal = Shift("p", at(z, 0, "08:00"), at(z, 0, "17:00"), ((at(z, 0, "16:30"), at(z, 0, "17:30")),))
    with pytest.raises(PlanError, match="outside call to wrap"):
        check(Plan("Asia/Seoul", (Person("p"),), (bad_meal,)), load_ruleset("KR"))
    naive = Shift("p", dt.datetime(2026, 3, 2, 8), dt.datetime(2026, 3, 2, 17))
    with pytest.raises(PlanError, match="no UTC offset"):
        check(Plan("Asia/Seoul", (Person("p"),), (naive,)), load_ruleset("KR"))
    with pytest.raises(PlanError, match="not after call"):
        check(Plan("Asia/Seoul", (Person("p"),), (Shift("p", a.wrap, a.call),)), load_ruleset("KR"))
    with pytest.raises(PlanError, match="unknown person"):
        check(Plan("Asia/Seoul", (Person("q"),), (a,)), load_ruleset("KR"))
    with pytest.raises(PlanError, match="time zone"):
        check(Plan("Mars/Olympus", (Person("p"),), (a,)), load_ruleset("KR"))


def test_violations_are_sorted_and_carry_everything() -> None:
    found = run("KR", [sh(1, "08:00", "14:00"), sh(0, "08:00", "14:00")])
    assert [v.date for v in found] == sorted(v.date for v in found)
    v = found[0]
    assert v.person == "p" and v.unit == "h" and v.origin == "KR" and v.status == "U" and v.severity == "warning"
