"""Random small productions from the generator, solved and checked by the independent validator; tiny ones also
against a brute-force enumeration of every board."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from setwise.engines.scheduling import Problem, evaluate, explain, generator, lower_bound_of, solve, validate
from tests.engines.scheduling.builders import brute_optimum


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    scenes=st.integers(3, 12),
    units=st.sampled_from([1, 1, 2]),
    frozen_days=st.sampled_from([0, 0, 2]),
)
def test_optimiser_boards_hold_on_random_productions(seed: int, scenes: int, units: int, frozen_days: int) -> None:
    p = generator.random_problem(seed, scenes=scenes, units=units, frozen_days=frozen_days, pins=1, orders=2)
    result = solve(p, time_limit=1.0, workers=1)
    if result.status == "infeasible":
        assert result.board is None
        assert result.conflicts and all(c.message for c in result.conflicts)
        return
    assert result.status in ("optimal", "feasible"), result
    assert result.board is not None and result.breakdown is not None
    assert validate(p, result.board) == []
    assert result.breakdown == evaluate(p, result.board)
    assert result.objective == result.breakdown.total
    assert result.bound <= result.objective
    assert lower_bound_of(p).total <= result.objective
    for day in p.frozen:
        assert result.board.day(day.date, day.unit) == day
    if p.reschedule_from is not None:
        frozen = {(d.date, d.unit) for d in p.frozen}
        assert all(d.date >= p.reschedule_from for d in result.board.days if (d.date, d.unit) not in frozen)


@pytest.fixture(scope="module")
def tiny() -> list[tuple[Problem, int | None]]:
    """Tiny productions with their brute-force optima (None: no valid board)."""
    out = []
    for seed in (1, 2, 3, 8, 13):
        p = generator.random_problem(seed, scenes=4, cast=3, locations=2, days=4, pins=1, orders=1)
        out.append((p, brute_optimum(p)))
    return out


def test_tiny_productions_cover_feasible_and_infeasible(tiny: list[tuple[Problem, int | None]]) -> None:
    # the brute-force comparison below sees both kinds
    assert {best is None for _p, best in tiny} == {True, False}


def test_optimiser_agrees_with_brute_force_on_tiny_productions(tiny: list[tuple[Problem, int | None]]) -> None:
    for p, best in tiny:
        result = solve(p, time_limit=5, workers=1)
        if best is None:
            assert result.status == "infeasible", p.name
            assert result.conflicts
            assert explain(p), p.name
            continue
        assert result.board is not None, p.name
        assert validate(p, result.board) == []
        assert result.bound <= best <= (result.objective or 0), p.name
        assert lower_bound_of(p).total <= best, p.name
        if result.status == "optimal":
            assert result.objective == best, p.name
        assert explain(p) == [], p.name
