"""Why no schedule exists: a small set of conflicting constraints in plain words."""

from __future__ import annotations

from dataclasses import replace

from setwise.engines.scheduling import (
    CastMember,
    DateRange,
    Location,
    Order,
    Pin,
    explain,
    solve,
)
from tests.engines.scheduling.builders import D, problem, scene


def test_performer_with_too_few_days() -> None:
    ana = CastMember("A", "Kim Ana", 100, available=(DateRange(D[0], D[2]),))
    p = problem([scene(f"s{i}", 500, cast=["A"]) for i in range(5)], cast=[ana])
    found = explain(p)
    assert [c.kind for c in found] == ["cast_days"]
    assert found[0].message == "Kim Ana is available 3 days but appears in scenes needing 5 days"
    assert found[0].subjects == ("A",)
    result = solve(p, time_limit=5)
    assert result.status == "infeasible" and result.board is None
    assert [c.message for c in result.conflicts] == [found[0].message]


def test_scene_without_a_date_names_only_the_reasons_that_clash() -> None:
    p = problem(
        [scene("a", 60, cast=["A", "B"])],
        cast=[
            CastMember("A", "Ana", 100, available=(DateRange(D[0], D[1]),)),
            CastMember("B", "Bo", 100),  # always available: not part of the reason
        ],
        locations=[Location("L1", "Paju studio", available=(DateRange(D[2], D[4]),))],
    )
    (conflict,) = explain(p)
    assert conflict.kind == "no_date"
    assert conflict.message.startswith("Scene a cannot be shot on any date:")
    assert "Ana is available 2027-03-08..2027-03-09" in conflict.message
    assert "Paju studio is available 2027-03-10..2027-03-12" in conflict.message
    assert "Bo" not in conflict.message


def test_constraints_that_only_conflict_together_are_named_minimally() -> None:
    # Ana can come Monday-Tuesday, the studio is free Tuesday-Wednesday: both 400-minute scenes need Tuesday
    ana = CastMember("A", "Ana", 100, available=(DateRange(D[0], D[1]),))
    studio = Location("L1", "Paju studio", available=(DateRange(D[1], D[2]),))
    p = problem([scene("a", 400, cast=["A"]), scene("b", 400, cast=["A"])], cast=[ana], locations=[studio])
    (conflict,) = explain(p)
    assert conflict.kind == "together"
    assert conflict.message.startswith("No schedule satisfies all of these together:")
    assert len(conflict.parts) == 3
    text = " | ".join(conflict.parts)
    assert "Ana is available on 2 days" in text
    assert "Paju studio is available on 2 days" in text
    assert "a day holds at most 10 h of shooting" in text
    # each part matters: without any one of them a schedule exists
    assert solve(replace(p, cast=(replace(ana, available=()),)), time_limit=5).board is not None
    assert solve(replace(p, locations=(replace(studio, available=()),)), time_limit=5).board is not None
    longer_days = replace(p.limits, max_shooting_minutes_day=800, max_work_minutes_day=920)
    assert solve(replace(p, limits=longer_days), time_limit=5).board is not None
    assert solve(p, time_limit=5).status == "infeasible"


def test_order_cycle_and_pins() -> None:
    p = problem([scene("a", 60), scene("b", 60)], orders=(Order("a", "b"), Order("b", "a")))
    (conflict,) = explain(p)
    assert conflict.kind == "order_cycle" and "scene a before scene b before scene a" in conflict.message
    p = problem([scene("a", 400), scene("b", 400)], pins=(Pin("a", D[1]), Pin("b", D[1])))
    kinds = {c.kind for c in explain(p)}
    assert "pins_overfull" in kinds
    p = problem([scene("a", 60), scene("b", 60)], pins=(Pin("a", D[3]), Pin("b", D[1])), orders=(Order("a", "b"),))
    (conflict,) = explain(p)
    assert conflict.kind == "order_dates" and "pinned later" in conflict.message


def test_too_much_work_for_the_calendar() -> None:
    p = problem([scene(f"s{i}", 500, f"L{i}") for i in range(8)], days=5)
    (conflict,) = explain(p)
    assert conflict.kind == "calendar_capacity"
    assert "5 dates hold at most" in conflict.message


def test_feasible_problem_has_nothing_to_explain() -> None:
    p = problem([scene("a", 60, cast=["A"]), scene("b", 60, cast=["A"])])
    assert explain(p) == []
