"""The objective on hand-made boards, term by term; in-day sequencing; estimates and problem integrity."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from setwise.engines.scheduling import (
    Calendar,
    CastMember,
    Order,
    Problem,
    ProblemError,
    Unit,
    Weights,
    estimate_minutes,
    evaluate,
    lower_bound_of,
    sequence_day,
    solve,
)
from tests.engines.scheduling.builders import MON, D, board, problem, scene


def _five_scenes() -> Problem:
    cast = [CastMember("A", "Ana", 100), CastMember("B", "Bo", 50)]
    scenes = [
        scene("a", 60, "L1", ["A"]),
        scene("b", 60, "L2", ["A"], time_of_day="NIGHT"),
        scene("c", 60, "L1", ["B"]),
        scene("d", 60, "L2", ["B"]),
        scene("e", 60, "L1", ["A"], emotional=True),
    ]
    return problem(scenes, cast=cast)


def test_every_term_on_a_hand_made_board() -> None:
    p = _five_scenes()
    # Monday: b (night, L2) then a (day, L1); Wednesday: c; Thursday: d (L2) then e (L1)
    b = board((D[0], ("b", "a")), (D[2], "c"), (D[3], ("d", "e")))
    got = evaluate(p, b)
    assert got.shooting_days == 4  # Monday .. Thursday
    assert got.company_moves == 2  # L2 -> L1 on Monday and on Thursday
    assert got.location_changes == 3  # L1 and L2 on Monday, L2 again on Thursday (L1 was shot on Wednesday)
    assert got.holding_days == 2  # Ana works Monday and Thursday: Tuesday and Wednesday paid idle
    assert got.holding_cost == 200
    assert got.night_before_day == 1  # b (night) before a (day) on Monday
    assert got.emotional_early == 2  # e on the 4th date, inside the first 5
    w = p.weights
    expected = 4 * w.shooting_day + 2 * w.company_move + 200 * w.holding + 3 * w.location_change
    expected += 1 * w.night_before_day + 2 * w.emotional_early
    assert got.total == expected == 218_700
    assert sum(got.weighted(w).values()) == got.total


def test_weights_change_the_total_not_the_terms() -> None:
    p = _five_scenes()
    b = board((D[0], ("b", "a")), (D[2], "c"), (D[3], ("d", "e")))
    heavy = p.with_weights(Weights(shooting_day=1, company_move=0, holding=10, location_change=0, night_before_day=0))
    got = evaluate(heavy, b)
    assert got.holding_cost == 200 and got.total == 4 + 2000 + 2 * 1000


def test_span_counts_from_the_calendar_start_and_other_units_by_day() -> None:
    units = (Unit("1"), Unit("2", scenes=frozenset({"e"})))
    p = problem([scene("a", 60), scene("e", 60)], units=units)
    got = evaluate(p, board((D[2], "a"), (D[0], "e", "2")))
    # the main unit's span is Monday .. Wednesday (3 dates, two idle); the 2nd unit's one day counts once
    assert got.shooting_days == 3 + 1


def test_holding_skips_weekends_and_one_long_drop() -> None:
    cal = Calendar(MON, 20)  # Monday-Friday: weekends are not dates
    scenes = [scene("a", 60, cast=["B"]), scene("b", 60, cast=["B"]), scene("c", 60, cast=["B"])]
    dates = cal.dates
    b = board((dates[0], "a"), (dates[5], "b"), (dates[17], "c"))
    # dates 0, 5, 17: 18 dates from first to last, 3 worked -> 15 idle; the 11-date gap is a drop (>= 10)
    no_drop = problem(scenes, cast=[CastMember("B", "Bo", 10)], calendar=cal)
    with_drop = problem(scenes, cast=[CastMember("B", "Bo", 10, drop_pickup=True)], calendar=cal)
    assert evaluate(no_drop, b).holding_days == 15
    assert evaluate(with_drop, b).holding_days == 4
    assert evaluate(with_drop, b).holding_cost == 40
    short_gap = board((dates[0], "a"), (dates[5], "b"), (dates[9], "c"))
    assert evaluate(with_drop, short_gap).holding_days == 7  # no gap of 10 or more: all paid


def test_company_move_and_night_order_within_a_day() -> None:
    p = problem(
        [
            scene("n1", 60, "L1", time_of_day="NIGHT"),
            scene("d1", 60, "L1"),
            scene("d2", 60, "L2"),
            scene("n2", 60, "L2", time_of_day="NIGHT"),
            scene("d3", 60, "L1", set="kitchen"),
        ]
    )
    order = sequence_day(p, ["n1", "d1", "d2", "n2", "d3"])
    got = evaluate(p, board((D[0], order)))
    assert got.company_moves == 1  # each location once
    assert got.night_before_day == 1  # the least possible: one block's night comes before the other's day
    assert set(order) == {"n1", "d1", "d2", "n2", "d3"}


def test_sequence_keeps_order_constraints_within_a_day() -> None:
    p = problem(
        [scene("a", 60, "L1"), scene("b", 60, "L2"), scene("c", 60, "L1", time_of_day="NIGHT")],
        orders=(Order("c", "a"),),
    )
    order = sequence_day(p, ["a", "b", "c"])
    assert order.index("c") < order.index("a")


def test_solver_breakdown_matches_evaluate_and_prefers_day_before_night() -> None:
    p = problem([scene("n", 60, time_of_day="NIGHT"), scene("d", 60)])
    result = solve(p, time_limit=5, workers=1)
    assert result.board is not None and result.breakdown == evaluate(p, result.board)
    assert result.board.days[0].scenes == ("d", "n")
    assert result.status == "optimal" and result.objective == result.bound


def test_lower_bound_of_span_under_the_week_limit() -> None:
    # ten 5-hour scenes: a 52-hour week with 2 h overhead a day holds eight of them (3 days of two, 2 of one)
    p = problem([scene(f"s{i}", 300) for i in range(10)], days=10)
    assert lower_bound_of(p).shooting_days == 6
    result = solve(p, time_limit=10, workers=1)
    assert result.breakdown is not None and result.breakdown.shooting_days == 6


def test_lower_bound_counts_moves_a_short_span_would_need() -> None:
    # three places with 400 minutes each: two dates could hold the minutes, but only with a place split over two
    # days, so either a third date or at least one company move
    p = problem([scene("a", 400, "L1"), scene("b", 400, "L2"), scene("c", 400, "L3")])
    bound = lower_bound_of(p)
    assert (bound.shooting_days, bound.company_moves) == (2, 1)
    w = p.weights
    assert bound.total == 2 * w.shooting_day + w.company_move + 3 * w.location_change
    result = solve(p, time_limit=10, workers=1)
    assert result.objective is not None and bound.total <= result.objective


def test_estimated_minutes() -> None:
    assert estimate_minutes(8) == 115  # 20 + 96, rounded to 5 minutes
    assert estimate_minutes(8, 5) == 185  # 20 + 96 x 1.7 = 183.2
    assert estimate_minutes(0, 1) == 20
    assert estimate_minutes(1, 99) == estimate_minutes(1, 5)
    assert scene("x", 77).estimated_minutes == 77


def test_problem_check_names_what_is_wrong() -> None:
    p = problem([scene("a", 60)])
    with pytest.raises(ProblemError, match="unknown location"):
        replace(p, scenes=(scene("a", 60, "nowhere"),)).check()
    with pytest.raises(ProblemError, match="duplicate scene"):
        replace(p, scenes=(scene("a", 60), scene("a", 30))).check()
    with pytest.raises(ProblemError, match="before itself"):
        replace(p, orders=(Order("a", "a"),)).check()
    with pytest.raises(ProblemError, match="must be positive"):
        replace(p, limits=replace(p.limits, max_work_minutes_week=0)).check()
    with pytest.raises(ProblemError):
        solve(replace(p, scenes=(scene("a", 60, cast=["ghost"]),)), time_limit=1)


def test_calendar_horizon_with_holidays() -> None:
    cal = Calendar(dt.date(2027, 2, 1), 10, frozenset(range(6)), country="KR")
    # Seollal 2027: February 6 (Sat) .. 9 (substitute holiday on Tuesday)
    assert dt.date(2027, 2, 8) not in cal.dates and dt.date(2027, 2, 9) not in cal.dates
    assert cal.holiday(dt.date(2027, 2, 7)) is not None
    assert len(cal.dates) == 10 and cal.dates[0] == dt.date(2027, 2, 1)
