"""The anytime solver: warm starts, re-planning the unshot remainder, progress reports, strategies, generated
productions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from setwise.engines.scheduling import (
    Board,
    CastMember,
    Day,
    Problem,
    Progress,
    evaluate,
    first_board,
    generator,
    lower_bound_of,
    solve,
    validate,
)
from setwise.engines.scheduling.explain import prechecks
from setwise.engines.scheduling.index import Index
from tests.engines.scheduling.builders import D, board, problem, scene


@pytest.fixture(scope="module")
def feature() -> Problem:
    return generator.feature(1)


@pytest.fixture(scope="module")
def feature_board(feature: Problem) -> Board:
    result = solve(feature, time_limit=2)
    assert result.board is not None
    return result.board


def test_feature_board_holds(feature: Problem, feature_board: Board) -> None:
    assert validate(feature, feature_board) == []
    assert evaluate(feature, feature_board).total >= lower_bound_of(feature).total


def test_progress_is_monotone_and_ends_at_the_result(feature: Problem) -> None:
    seen: list[Progress] = []
    result = solve(feature, time_limit=2, progress=seen.append)
    assert result.board is not None and seen
    assert [p.seconds for p in seen] == sorted(p.seconds for p in seen)
    objectives = [p.objective for p in seen if p.objective is not None]
    assert objectives and objectives == sorted(objectives, reverse=True)
    bounds = [p.bound for p in seen]
    assert bounds == sorted(bounds)
    assert objectives[-1] == result.objective and bounds[-1] == result.bound
    for p in seen:
        if p.objective is not None:
            assert p.gap == pytest.approx((p.objective - p.bound) / p.objective)
    assert list(result.history) == seen
    assert result.first_solution_seconds is not None


def test_valid_warm_start_is_never_made_worse(feature: Problem, feature_board: Board) -> None:
    before = evaluate(feature, feature_board).total
    result = solve(feature, time_limit=0, warm_start=feature_board)
    assert result.board is not None and result.objective is not None
    assert result.objective <= before
    assert validate(feature, result.board) == []


def test_broken_warm_start_still_gives_a_valid_board(feature: Problem, feature_board: Board) -> None:
    # everything crammed into the first two days: far over every limit
    ids = [s.id for s in feature.scenes]
    dates = feature.calendar.dates
    crammed = Board.of([Day(dates[0], "1", tuple(ids[::2])), Day(dates[1], "1", tuple(ids[1::2]))])
    assert validate(feature, crammed)
    result = solve(feature, time_limit=1.5, warm_start=crammed)
    assert result.board is not None and validate(feature, result.board) == []


def test_remainder_keeps_shot_days_and_replans_the_rest(feature: Problem, feature_board: Board) -> None:
    shot_through = feature_board.days[5].date
    rest = feature.remainder(feature_board, shot_through)
    shot = [d for d in feature_board.days if d.date <= shot_through]
    assert set(rest.frozen) == set(shot) and rest.reschedule_from == shot_through + dt.timedelta(days=1)
    # the lead cannot come for the next week: the plan must change around it
    lead = rest.cast_by_id["C01"]
    away = frozenset(d for d in rest.calendar.dates if shot_through < d <= shot_through + dt.timedelta(days=7))
    cast = tuple(replace(c, unavailable=c.unavailable | away) if c is lead else c for c in rest.cast)
    changed = replace(rest, cast=cast)
    assert validate(changed, feature_board)  # the old board no longer holds
    result = solve(changed, time_limit=2, warm_start=feature_board)
    assert result.board is not None
    assert validate(changed, result.board) == []
    for day in shot:
        assert result.board.day(day.date, day.unit) == day
    new_days = [d for d in result.board.days if d not in shot]
    assert all(d.date > shot_through for d in new_days)
    assert not any("C01" in feature.scene_by_id[s].cast for d in new_days if d.date in away for s in d.scenes)


def test_remainder_of_a_valid_board_is_not_made_worse(feature: Problem, feature_board: Board) -> None:
    rest = feature.remainder(feature_board, feature_board.days[3].date)
    assert validate(rest, feature_board) == []
    result = solve(rest, time_limit=0.5, warm_start=feature_board)
    assert result.objective is not None and result.objective <= evaluate(rest, feature_board).total


def test_first_board_keeps_every_rule_and_the_shot_days_and_is_the_same_every_time(
    feature: Problem, feature_board: Board
) -> None:
    shot_through = feature_board.days[5].date
    shot = [d for d in feature_board.days if d.date <= shot_through]
    # the shot days as they were, the rest crammed onto one date: the warm start breaks the rules
    crammed = Day(feature_board.days[6].date, "1", tuple(s for d in feature_board.days[6:] for s in d.scenes))
    broken = Board.of([*shot, crammed])
    rest = feature.remainder(broken, shot_through)
    assert validate(rest, broken)
    first = first_board(rest, warm_start=broken)
    assert first.status in ("feasible", "optimal") and first.board is not None
    assert validate(rest, first.board) == []
    for day in shot:
        assert first.board.day(day.date, day.unit) == day
    assert all(d.date > shot_through for d in first.board.days if d not in shot)
    assert first_board(rest, warm_start=broken).board == first.board
    assert first.objective is not None and first.bound <= first.objective


def test_first_board_reports_a_proven_conflict() -> None:
    p = problem(
        [scene("a", 300, cast=["A"]), scene("b", 300, cast=["A"])],
        cast=[CastMember("A", "Ana", 100, unavailable=frozenset(D))],
    )
    result = first_board(p)
    assert result.status == "infeasible" and result.board is None and result.conflicts


@pytest.mark.parametrize("strategy", ["plain", "full", "lns"])
def test_every_strategy_gives_valid_boards(strategy: str) -> None:
    p = generator.random_problem(4, scenes=12, units=2)
    result = solve(p, time_limit=2, strategy=strategy, workers=1)  # type: ignore[arg-type]
    assert result.board is not None and validate(p, result.board) == []
    assert result.strategy == strategy


def test_infeasible_result_has_conflicts_and_no_board() -> None:
    p = problem(
        [scene("a", 300, cast=["A"]), scene("b", 300, cast=["A"])],
        cast=[CastMember("A", "Ana", 100, max_work_minutes_day=400, unavailable=frozenset(D[1:14]))],
    )
    result = solve(p, time_limit=5)
    assert result.status == "infeasible" and result.board is None and result.objective is None
    assert result.conflicts


def test_optimal_status_means_the_bound_is_reached() -> None:
    p = problem([scene("a", 300, cast=["A"]), scene("b", 300, "L2", cast=["A"]), scene("c", 200)])
    result = solve(p, time_limit=10, workers=1)
    assert result.status == "optimal" and result.gap == 0 and result.objective == result.bound
    assert board((D[0], ("a", "b"))) is not None


def test_generated_productions_have_the_advertised_size_and_are_deterministic() -> None:
    f = generator.feature(1)
    assert generator.feature(1) == f
    assert 100 <= len([s for s in f.scenes if not s.id.startswith("E")]) <= 120
    assert (len(f.cast), len(f.locations), len(f.units)) == (25, 30, 2)
    assert f.limits.max_work_minutes_week == 52 * 60 and f.calendar.country == "KR"
    s = generator.series(1)
    assert 850 <= len(s.scenes) <= 950 and len(s.cast) == 60
    assert 140 <= len({(x.location, x.set) for x in s.scenes}) <= 200
    for p in (f, s):
        p.check()
        assert prechecks(p) == []
        assert all(Index(p).domain)  # every scene has a date


def test_generated_feature_gets_a_board_first(feature: Problem) -> None:
    result = solve(feature, time_limit=1)
    assert result.board is not None and validate(feature, result.board) == []
    assert result.first_solution_seconds is not None and result.breakdown is not None
    # the main unit's span reaches at most the calendar's length; every scene is on it
    assert sum(len(d.scenes) for d in result.board.days) == len(feature.scenes)
