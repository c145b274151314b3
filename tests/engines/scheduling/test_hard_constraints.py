"""Every hard constraint: a board breaking it is rejected by the independent checker, and the optimiser never
produces one even where breaking it would make the schedule cheaper ("binding" cases)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from setwise.engines.scheduling import (
    CODES,
    Board,
    Calendar,
    CastMember,
    Day,
    Location,
    Order,
    Pin,
    Problem,
    Requirements,
    Unit,
    evaluate,
    solve,
    validate,
)
from tests.engines.scheduling.builders import D, board, codes, far_apart, problem, scene, with_limits


@dataclass(frozen=True)
class Case:
    """``bad`` breaks ``code``; when ``binding``, ``bad`` is cheaper than any valid board, so only the rule keeps
    the optimiser from it. ``check`` is a direct test of the rule on the optimiser's board."""

    code: str
    problem: Problem
    bad: Board
    binding: bool
    check: Callable[[Problem, Board], bool] = lambda p, b: True


def _dates_of(b: Board, *scene_ids: str) -> set[dt.date]:
    return {d.date for d in b.days for s in d.scenes if s in scene_ids}


def _slot_of(b: Board, sid: str) -> tuple[dt.date, str, int]:
    return b.placement()[sid]


def _cases() -> list[Case]:
    out: list[Case] = []
    two = [scene("a", 120, cast=["A"]), scene("b", 120, cast=["A"])]

    # cast availability: A cannot come on Monday, when both scenes would fit
    p = problem(two, cast=[CastMember("A", "Ana", 100, unavailable=frozenset({D[0]}))])
    out.append(Case("cast_unavailable", p, board((D[0], ("a", "b"))), True, lambda p, b: D[0] not in _dates_of(b, "a")))

    # location availability
    p = problem([scene("a", 120), scene("b", 120)], locations=[Location("L1", "Studio", unavailable=frozenset({D[0]}))])
    out.append(Case("location_unavailable", p, board((D[0], ("a", "b"))), True, lambda p, b: D[0] not in _dates_of(b)))

    # calendar: Children's Day (Wednesday 2027-05-05) is a Korean public holiday
    cal = Calendar(dt.date(2027, 5, 4), 5, country="KR")
    p = problem([scene("a", 400), scene("b", 400)], calendar=cal)
    bad = board((dt.date(2027, 5, 4), "a"), (dt.date(2027, 5, 5), "b"))
    out.append(Case("not_working_date", p, bad, False, lambda p, b: _dates_of(b) <= set(p.calendar.dates)))

    # units: the 2nd unit works only on Wednesday and shoots only its own scenes
    units = (Unit("1", "1st unit", scenes=frozenset({"a"})), Unit("2", "2nd unit", frozenset({"e"}), frozenset({D[2]})))
    p = problem([scene("a", 500), scene("e", 60, location="L2")], units=units)
    out.append(
        Case(
            "unit_date",
            p,
            board((D[0], "a"), (D[0], "e", "2")),
            False,
            lambda p, b: _slot_of(b, "e")[:2] == (D[2], "2"),
        )
    )
    units2 = (Unit("1", "1st unit"), Unit("2", "2nd unit", frozenset({"e"}), frozenset({D[0]})))
    p = problem([scene("a", 500), scene("e", 60)], units=units2)
    out.append(Case("unit_scene", p, board((D[0], ("e", "a"), "2")), False, lambda p, b: _slot_of(b, "a")[1] == "1"))

    # a performer cannot be with both units on one date
    units3 = (Unit("1", "1st unit", scenes=frozenset({"a"})), Unit("2", "2nd unit", frozenset({"e"}), None))
    p = problem([scene("a", 300, cast=["A"]), scene("e", 300, cast=["A"])], units=units3)
    out.append(
        Case(
            "cast_double_booked",
            p,
            board((D[0], "a"), (D[0], "e", "2")),
            False,
            lambda p, b: _slot_of(b, "a")[0] != _slot_of(b, "e")[0],
        )
    )

    # requirement dates: the intimacy coordinator is booked on Wednesday only
    p = problem([scene("a", 120, requirements=Requirements(intimacy=True))], requirement_dates={"intimacy": {D[2]}})
    out.append(Case("requirement_date", p, board((D[0], "a")), True, lambda p, b: _dates_of(b, "a") == {D[2]}))

    # pins
    p = problem([scene("a", 120), scene("b", 120)], pins=(Pin("a", D[2]),))
    out.append(Case("pinned", p, board((D[0], ("a", "b"))), True, lambda p, b: _dates_of(b, "a") == {D[2]}))

    # order (continuity): b before a; b's performer is away on Monday; the scenes cannot share a day
    p = problem(
        [scene("a", 400), scene("b", 400, cast=["B"])],
        cast=[CastMember("B", "Bo", 100, unavailable=frozenset({D[0]}))],
        orders=(Order("b", "a"),),
    )
    out.append(
        Case(
            "order",
            p,
            board((D[0], "a"), (D[1], "b")),
            True,
            lambda p, b: _slot_of(b, "b")[0] < _slot_of(b, "a")[0],
        )
    )

    # the shooting day (10 h) and the working day (shooting + 2 h prep, meals and wrap)
    p = problem([scene("a", 350), scene("b", 350)])
    out.append(Case("day_too_long", p, board((D[0], ("a", "b"))), True, lambda p, b: len(b.days) == 2))
    p = with_limits(problem([scene("a", 250), scene("b", 250)]), max_work_minutes_day=600)
    out.append(Case("work_day_too_long", p, board((D[0], ("a", "b"))), True, lambda p, b: len(b.days) == 2))

    # two locations two hours apart cannot share a day (a company move may take an hour)
    p = problem(
        [scene("a", 120), scene("b", 120, location="L2")], locations=far_apart("L1", "L2"), company_move_minutes=60
    )
    out.append(Case("locations_too_far", p, board((D[0], ("a", "b"))), True, lambda p, b: len(b.days) == 2))

    # minors wrap by 20:00; a night scene the same day calls at 15:00 and wraps at 21:00
    p = with_limits(
        problem([scene("a", 120, requirements=Requirements(minors=True)), scene("b", 120, time_of_day="NIGHT")]),
        minor_wrap_minute=1200,
    )
    out.append(Case("minor_wrap", p, board((D[0], ("a", "b"))), True, lambda p, b: len(b.days) == 2))
    # a performer's curfew (a child must wrap by 18:00)
    p = problem(
        [scene("a", 120, cast=["K"]), scene("b", 120, time_of_day="NIGHT")],
        cast=[CastMember("K", "Kid", 100, wrap_by_minute=1080)],
    )
    out.append(Case("minor_wrap", p, board((D[0], ("a", "b"))), True, lambda p, b: len(b.days) == 2))

    # a performer's day: 1 h 30 make-up + their scenes, at most 5 h for this one
    p = problem(two, cast=[CastMember("A", "Ana", 100, max_work_minutes_day=300)])
    out.append(Case("person_day_hours", p, board((D[0], ("a", "b"))), True, lambda p, b: len(b.days) == 2))

    # a performer's week: three days of 4 h are over a 700-minute week
    far3 = far_apart("L1", "L2", "L3")
    p = problem(
        [scene("a", 150, "L1", ["A"]), scene("b", 150, "L2", ["A"]), scene("c", 150, "L3", ["A"])],
        cast=[CastMember("A", "Ana", 100, max_work_minutes_week=700)],
        locations=far3,
    )
    out.append(
        Case(
            "person_week_hours",
            p,
            board((D[0], "a"), (D[1], "b"), (D[2], "c")),
            True,
            lambda p, b: len({d.date.isocalendar()[1] for d in b.days}) == 2,
        )
    )

    # the unit's week
    p = with_limits(problem([scene("a", 300), scene("b", 300), scene("c", 300)]), max_work_minutes_week=1000)
    out.append(Case("week_hours", p, board((D[0], ("a", "b")), (D[1], "c")), True))
    three_far = problem([scene("a", 100, "L1"), scene("b", 100, "L2"), scene("c", 100, "L3")], locations=far3)
    p = with_limits(three_far, max_days_week=2)
    out.append(Case("days_per_week", p, board((D[0], "a"), (D[1], "b"), (D[2], "c")), True))
    p = with_limits(replace(three_far, calendar=Calendar(D[0], 10, frozenset(range(7)))), max_consecutive_days=2)
    out.append(
        Case(
            "consecutive_days",
            p,
            board((D[0], "a"), (D[1], "b"), (D[2], "c")),
            True,
            lambda p, b: sorted(_dates_of(b)) != [D[0], D[1], D[2]],
        )
    )

    # turnaround: a night scene (pinned to Monday) wraps at 20:20; Tuesday's 07:00 call leaves 10 h 40 of rest
    p = problem(
        [scene("a", 200, "L1"), scene("b", 200, "L2", time_of_day="NIGHT")],
        locations=far_apart("L1", "L2"),
        pins=(Pin("b", D[0]),),
    )
    out.append(Case("turnaround", p, board((D[0], "b"), (D[1], "a")), True, lambda p, b: _dates_of(b, "a") != {D[1]}))

    # frozen (shot) days stay exactly as shot; nothing new before the re-planning date
    base = problem([scene("a", 120), scene("b", 120)])
    p = replace(base, frozen=(Day(D[0], "1", ("a",)),))
    out.append(
        Case("frozen", p, board((D[0], ("a", "b"))), True, lambda p, b: b.day(D[0], "1") == Day(D[0], "1", ("a",)))
    )
    p = replace(base, frozen=(Day(D[0], "1", ("a",)),), reschedule_from=D[2])
    out.append(
        Case(
            "before_reschedule",
            p,
            board((D[0], "a"), (D[1], "b")),
            True,
            lambda p, b: _dates_of(b, "b") == {D[2]},
        )
    )
    return out


CASES = _cases()


def test_every_hard_constraint_code_has_a_case() -> None:
    structural = {"unknown_scene", "unknown_unit", "duplicate_day", "duplicate_scene", "missing_scene"}
    assert {c.code for c in CASES} | structural == set(CODES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{i}" for i, c in enumerate(CASES)])
def test_violating_board_is_rejected(case: Case) -> None:
    found = validate(case.problem, case.bad)
    assert case.code in {v.code for v in found}
    assert all(v.message for v in found)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{i}" for i, c in enumerate(CASES)])
def test_optimiser_never_breaks_the_rule(case: Case) -> None:
    result = solve(case.problem, time_limit=10, workers=1)
    assert result.board is not None, result.conflicts
    assert validate(case.problem, result.board) == []
    assert case.check(case.problem, result.board)
    assert result.objective == evaluate(case.problem, result.board).total
    if case.binding:
        # the broken board is cheaper: the optimiser had every reason to pick it but for the rule
        assert evaluate(case.problem, case.bad).total < (result.objective or 0)
    assert result.bound <= (result.objective or 0)


def test_board_that_holds_has_no_violations() -> None:
    p = problem([scene("a", 120, cast=["A"]), scene("b", 120, cast=["A"], location="L2")])
    assert validate(p, board((D[0], ("a", "b")))) == []


# --- structural checks ---------------------------------------------------------------------------------------------


def test_every_scene_exactly_once_on_known_units() -> None:
    p = problem([scene("a", 120), scene("b", 120)])
    assert codes(p, board((D[0], "a"))) == {"missing_scene"}
    assert codes(p, board((D[0], ("a", "b")), (D[1], "a"))) == {"duplicate_scene"}
    assert "unknown_scene" in codes(p, board((D[0], ("a", "b", "zz"))))
    assert "unknown_unit" in codes(p, board((D[0], ("a", "b"), "9")))
    two_days = Board((Day(D[0], "1", ("a",)), Day(D[0], "1", ("b",))))
    assert "duplicate_day" in codes(p, two_days)


# --- calendar details ----------------------------------------------------------------------------------------------


def test_calendar_rejects_weekends_days_off_holidays_and_dates_outside() -> None:
    cal = Calendar(dt.date(2027, 5, 4), 6, country="KR", days_off=frozenset({dt.date(2027, 5, 7)}))
    # May 4 Tue, [5 Wed Children's Day], 6 Thu, [7 Fri day off], 10, 11, 12, [13 Thu Buddha's Birthday], 14
    assert cal.dates == tuple(dt.date(2027, 5, d) for d in (4, 6, 10, 11, 12, 14))
    p = problem([scene("a", 60)], calendar=cal)
    for date, words in [
        (dt.date(2027, 5, 5), "public holiday"),
        (dt.date(2027, 5, 7), "day off"),
        (dt.date(2027, 5, 8), "Saturday"),
        (dt.date(2027, 5, 13), "public holiday"),
        (dt.date(2027, 5, 17), "after the calendar"),
        (dt.date(2027, 4, 30), "before the calendar"),
    ]:
        found = [v for v in validate(p, board((date, "a"))) if v.code == "not_working_date"]
        assert found and words in found[0].message, (date, found)
    assert validate(p, board((dt.date(2027, 5, 6), "a"))) == []


def test_work_on_overrides_a_holiday() -> None:
    cal = Calendar(dt.date(2027, 5, 4), 3, country="KR", work_on=frozenset({dt.date(2027, 5, 5)}))
    assert dt.date(2027, 5, 5) in cal.dates
    p = problem([scene("a", 60)], calendar=cal)
    assert validate(p, board((dt.date(2027, 5, 5), "a"))) == []


def test_order_within_a_day_and_across_units() -> None:
    units = (Unit("1"), Unit("2"))
    p = problem([scene("a", 60), scene("b", 60)], orders=(Order("b", "a"),), units=units)
    assert "order" in codes(p, board((D[0], ("a", "b"))))
    assert codes(p, board((D[0], ("b", "a")))) == set()
    # the same date on two units is not "before"
    assert "order" in codes(p, board((D[0], "b"), (D[0], "a", "2")))


def test_company_moves_count_towards_the_day() -> None:
    p = problem([scene("a", 280), scene("b", 280, location="L2")], company_move_minutes=60)
    # 560 minutes of scenes and one 60-minute move: over the 10-hour shooting day
    assert "day_too_long" in codes(p, board((D[0], ("a", "b"))))
    same_place = problem([scene("a", 280), scene("b", 280)])
    assert codes(same_place, board((D[0], ("a", "b")))) == set()


def test_frozen_history_is_not_reported_but_new_days_next_to_it_are() -> None:
    # a shot week that broke the days-per-week rule is history; adding a day to that week is not allowed
    scenes = [scene(s, 60, f"L{s}") for s in "abcd"]
    locs = far_apart(*[f"L{s}" for s in "abcd"])
    p = with_limits(problem(scenes, locations=locs), max_days_week=2)
    frozen = (Day(D[0], "1", ("a",)), Day(D[1], "1", ("b",)), Day(D[2], "1", ("c",)))
    p = replace(p, frozen=frozen)
    assert codes(p, board((D[0], "a"), (D[1], "b"), (D[2], "c"), (D[7], "d"))) == set()
    assert "days_per_week" in codes(p, board((D[0], "a"), (D[1], "b"), (D[2], "c"), (D[3], "d")))
    result = solve(p, time_limit=5, workers=1)
    assert result.board is not None and validate(p, result.board) == []
    assert _dates_of(result.board, "d") and min(_dates_of(result.board, "d")) >= D[7]


def test_messages_name_people_places_and_dates() -> None:
    p = problem(
        [scene("a", 120, cast=["A"])],
        cast=[CastMember("A", "Kim Min-ji", 100, unavailable=frozenset({D[0]}))],
        locations=[Location("L1", "Paju studio", unavailable=frozenset({D[0]}))],
    )
    messages = {v.code: v.message for v in validate(p, board((D[0], "a")))}
    assert "Kim Min-ji" in messages["cast_unavailable"] and "2027-03-08" in messages["cast_unavailable"]
    assert "Paju studio" in messages["location_unavailable"]
