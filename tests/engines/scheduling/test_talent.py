"""The talent-scheduling solver: the benchmark's optima reached and proven, brute force on small instances, the
reductions, dominance rules and lower bounds checked exhaustively, honest bounds when stopped early, input checks.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from setwise.engines.scheduling import ProblemError, TalentInstance, talent
from setwise.engines.scheduling import talent_search as search
from setwise.engines.scheduling.talent import cost_of, solve

BENCH = Path(os.environ.get("SETWISE_TALENT_BENCH", Path(__file__).resolve().parents[4] / "shared/bench/talent"))


def _bench_files() -> list[Path]:
    files = sorted(BENCH.glob("*.json"))
    assert files, f"no talent-scheduling instances in {BENCH} (set SETWISE_TALENT_BENCH)"
    return files


def _brute_force(inst: TalentInstance) -> int:
    return min(cost_of(inst, order) for order in itertools.permutations(range(inst.scenes)))


@st.composite
def instances(draw: Any, max_scenes: int = 7, max_actors: int = 5) -> TalentInstance:
    n = draw(st.integers(1, max_scenes))
    m = draw(st.integers(0, max_actors))
    durations = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    costs = draw(st.lists(st.integers(0, 6), min_size=m, max_size=m))
    actor = st.integers(0, m - 1) if m else st.nothing()
    plays = draw(st.lists(st.lists(actor, max_size=m, unique=True), min_size=n, max_size=n))
    return TalentInstance(tuple(durations), tuple(costs), tuple(tuple(sorted(p)) for p in plays))


# ------------------------------------------------------------------------------------------- the benchmark


@pytest.mark.parametrize("path", _bench_files(), ids=lambda p: p.stem)
def test_every_benchmark_instance_reaches_and_proves_its_optimum(path: Path) -> None:
    data = json.loads(path.read_text())
    inst = TalentInstance.from_json(data)
    result = solve(inst, time_limit=None)
    assert sorted(result.order) == list(range(inst.scenes))
    assert cost_of(inst, result.order) == result.cost == data["optimum"]
    assert result.bound == result.cost and result.optimal
    # the files' own optimal orders, and the idle-cost convention, agree with our objective
    assert cost_of(inst, data["order"]) == data["optimum"]
    assert data["optimum"] - talent.own_cost(inst) == data["optimum_idle"]


def test_cost_of_follows_the_readme() -> None:
    # actor 0 in scenes 0 and 2 (paid 1+2+3 days at 2), actor 1 only in scene 1 (paid 2 days at 5)
    inst = TalentInstance((1, 2, 3), (2, 5), ((0,), (1,), (0,)))
    assert cost_of(inst, [0, 1, 2]) == 2 * 6 + 5 * 2
    assert cost_of(inst, [0, 2, 1]) == 2 * 4 + 5 * 2
    assert talent.own_cost(inst) == 2 * 4 + 5 * 2
    with pytest.raises(ValueError, match="not a permutation"):
        cost_of(inst, [0, 1, 1])


# ------------------------------------------------------------------------------------------- brute force


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solver_equals_brute_force(inst: TalentInstance) -> None:
    result = solve(inst, time_limit=None)
    assert sorted(result.order) == list(range(inst.scenes))
    assert result.cost == cost_of(inst, result.order) == _brute_force(inst)
    assert result.optimal and result.bound == result.cost


@settings(max_examples=60, deadline=None)
@given(instances(max_scenes=7, max_actors=6))
def test_reductions_keep_the_optimum_and_the_cost_of_every_order(inst: TalentInstance) -> None:
    red = search.reduce_instance(inst.durations, inst.costs, inst.plays)
    assert sorted(red.expand(range(red.n))) == list(range(inst.scenes))
    best = math.inf
    for order in itertools.permutations(range(red.n)):
        total = red.fixed + red.reduced_cost(order)
        assert cost_of(inst, red.expand(order)) == total
        best = min(best, total)
    assert best == _brute_force(inst)


def _exhaustive(red: search.Reduced) -> Any:
    """Cost to finish from every state, over every order (no dominance, no bound)."""
    full = (1 << red.n) - 1

    def cast_union(x: int) -> int:
        out = 0
        for s in range(red.n):
            if x >> s & 1:
                out |= red.casts[s]
        return out

    @functools.cache
    def value(done: int) -> int:
        if done == full:
            return 0
        on = cast_union(done) & cast_union(full ^ done)
        options = []
        for s in range(red.n):
            if not done >> s & 1:
                paid = on | red.casts[s]
                step = red.durations[s] * sum(c for a, c in enumerate(red.costs) if paid >> a & 1)
                options.append(step + value(done | 1 << s))
        return min(options)

    return value


@st.composite
def reduced_problems(draw: Any) -> search.Reduced:
    n = draw(st.integers(2, 7))
    m = draw(st.integers(1, 7))
    durations = tuple(draw(st.lists(st.integers(0, 4), min_size=n, max_size=n)))
    costs = tuple(draw(st.lists(st.integers(1, 9), min_size=m, max_size=m)))
    casts = tuple(draw(st.lists(st.integers(1, (1 << m) - 1), min_size=n, max_size=n)))
    return search.Reduced(durations, casts, costs, tuple((s,) for s in range(n)), (), 0)


@settings(max_examples=60, deadline=None)
@given(reduced_problems())
def test_dominance_rules_keep_an_optimal_successor_and_bounds_never_overestimate(red: search.Reduced) -> None:
    """From every state: some successor the rules allow is on an optimal path; ``h`` (the relaxation, and the
    exact stage on top of it) is at most the true cost to finish; the cost so far is what the shots paid."""
    value = _exhaustive(red)
    tables = search._Tables(red)
    states = np.arange(1 << red.n, dtype=np.uint64)[:-1]
    cheap = tables.bound(states)
    forced_exact = tables._bound(states, np.zeros(len(states), dtype=np.int64), 2**60)
    for state, h1, h2 in zip(states.tolist(), cheap.tolist(), forced_exact.tolist(), strict=True):
        true = value(state)
        assert h1 <= true and h2 <= true, (state, h1, h2, true)
        children, paid, _, _ = tables.children(np.array([state], dtype=np.uint64), np.zeros(1, dtype=np.int64))
        assert len(children)
        assert min(int(g) + value(int(c)) for c, g in zip(children, paid, strict=True)) == true


def test_exact_stage_is_at_least_the_relaxation_and_sometimes_better() -> None:
    inst = talent.generate(3, scenes=24)
    red = search.reduce_instance(inst.durations, inst.costs, inst.plays)
    tables = search._Tables(red)
    rng = np.random.default_rng(0)
    states = np.array(
        [sum(1 << int(s) for s in rng.choice(red.n, 8, replace=False)) for _ in range(400)], dtype=np.uint64
    )
    cheap = tables.bound(states)
    exact = tables._bound(states, np.zeros(len(states), dtype=np.int64), 2**60)
    assert (exact >= cheap).all() and (exact > cheap).any()


# ------------------------------------------------------------------------------------------- honest bounds


@settings(max_examples=40, deadline=None)
@given(instances(max_scenes=7, max_actors=5))
def test_interrupted_and_low_threshold_passes_give_honest_bounds(inst: TalentInstance) -> None:
    red = search.reduce_instance(inst.durations, inst.costs, inst.plays)
    if red.n < 2:
        return
    optimum = _brute_force(inst) - red.fixed
    tables = search._Tables(red)
    for theta in (optimum // 2, optimum, optimum + 1):
        result = search.threshold_pass(tables, theta, math.inf)
        assert result.bound <= optimum
        assert result.completed and (result.cost == optimum if theta > optimum else result.cost is None)
    stopped = search.threshold_pass(tables, optimum + 1, math.inf, max_children=2)
    assert stopped.bound <= optimum


def test_a_pass_stopped_for_memory_still_bounds_a_benchmark_optimum() -> None:
    data = json.loads((BENCH / "film103.json").read_text())
    inst = TalentInstance.from_json(data)
    red = search.reduce_instance(inst.durations, inst.costs, inst.plays)
    tables = search._Tables(red)
    stopped = search.threshold_pass(tables, data["optimum"] - red.fixed + 1, math.inf, max_children=3000)
    assert not stopped.completed and stopped.cost is None
    assert 0 < stopped.bound <= data["optimum"] - red.fixed


def _completed_pass(states: int, cut: list[int]) -> search.PassResult:
    return search.PassResult(
        True, None, None, 100, states, 1.0, np.array(cut, dtype=np.int64), np.ones(len(cut), dtype=np.float64)
    )


def test_next_threshold_jumps_to_the_incumbent_only_when_time_allows_that_pass() -> None:
    """A pass at the incumbent's cost is the only one that can prove it; it is chosen once the states it would keep
    (those cut below it, twice over) fit in what the time left affords, and not before."""
    done = _completed_pass(1000, [110 + i % 50 for i in range(3000)])  # 3000 states cut between 110 and 159
    assert search._next_theta(100, 200, 110, done, growth=3.0, affordable=7.0) == 200  # 1000 + 6000 <= 7000
    stepped = search._next_theta(100, 200, 110, done, growth=3.0, affordable=6.9)
    assert 110 < stepped < 200  # a smaller step: about three times the states
    assert search._next_theta(100, 200, 110, done, growth=3.0) == stepped  # no time said: never jump
    stopped = search.PassResult(False, None, None, 100, 1000, 1.0, np.zeros(0, np.int64), np.zeros(0))
    assert search._next_theta(100, 200, 180, stopped, affordable=math.inf) == 120  # a quarter of the way up


def test_time_limited_solves_return_a_valid_order_and_a_bound_below_it() -> None:
    inst = talent.generate(7, scenes=40)
    result = solve(inst, time_limit=0.5)
    assert sorted(result.order) == list(range(inst.scenes))
    assert result.cost == cost_of(inst, result.order)
    assert talent.own_cost(inst) <= result.bound <= result.cost
    assert result.optimal == (result.bound == result.cost)


def test_instances_too_large_for_the_masks_get_a_heuristic_order_and_the_own_days_bound() -> None:
    inst = talent.generate(11, scenes=90, actors=70)
    result = solve(inst, time_limit=0.3)
    assert sorted(result.order) == list(range(inst.scenes))
    assert result.cost == cost_of(inst, result.order)
    assert result.bound <= result.cost


def test_progress_reports_costs_and_bounds_that_close_in() -> None:
    data = json.loads((BENCH / "film116.json").read_text())
    seen: list[tuple[int, int]] = []
    result = solve(TalentInstance.from_json(data), time_limit=None, progress=lambda c, b: seen.append((c, b)))
    assert seen and seen[-1] == (result.cost, result.bound)
    assert all(b <= c for c, b in seen) and all(c >= data["optimum"] for c, _ in seen)


def test_cpsat_baseline_solves_a_small_instance() -> None:
    data = json.loads((BENCH / "small.json").read_text())
    result = talent.solve_cpsat_baseline(TalentInstance.from_json(data), time_limit=10)
    assert result.order is not None and result.cost == data["optimum"] == cost_of(
        TalentInstance.from_json(data), result.order
    )
    assert result.optimal and result.bound == result.cost


def test_generator_is_seeded_and_film_like() -> None:
    a, b = talent.generate(5, scenes=35), talent.generate(5, scenes=35)
    assert a == b and a.plays != talent.generate(6, scenes=35).plays
    assert a.scenes == 35 and 9 <= a.actors <= 12
    assert all(1 <= len(p) <= 6 for p in a.plays) and set(a.durations) <= {1, 2, 3}
    assert TalentInstance.from_json(json.loads(json.dumps(a.to_json()))) == a


# ------------------------------------------------------------------------------------------- input checks

GOOD: dict[str, Any] = {
    "name": "toy",
    "scenes": [{"duration": 1}, {"duration": 2}],
    "actors": [{"cost_per_day": 3}],
    "plays": [[0], [0]],
}


@pytest.mark.parametrize(
    "change,message",
    [
        ({"scenes": None}, "'scenes' must be a list"),
        ({"plays": {"0": [0]}}, "'plays' must be a list"),
        ({"scenes": []}, "no scenes"),
        ({"scenes": [{"duration": 1}, {"days": 2}]}, "scenes[1] must be an object with 'duration'"),
        ({"scenes": [{"duration": 1}, {"duration": -2}]}, "scenes[1].duration must not be negative"),
        ({"scenes": [{"duration": 1}, {"duration": 1.5}]}, "scenes[1].duration must be an integer"),
        ({"scenes": [{"duration": True}, {"duration": 1}]}, "scenes[0].duration must be an integer"),
        ({"actors": [{"cost_per_day": "3"}]}, "actors[0].cost_per_day must be an integer"),
        ({"actors": [3]}, "actors[0] must be an object with 'cost_per_day'"),
        ({"plays": [[0]]}, "plays has 1 entries for 2 scenes"),
        ({"plays": [[0], [1]]}, "plays[1] names actor 1, but actors are numbered 0..0"),
        ({"plays": [[0], [-1]]}, "plays[1] names actor -1"),
        ({"plays": [[0], ["0"]]}, "plays[1] must be a list of actor indices"),
        ({"plays": [[0], 0]}, "plays[1] must be a list of actor indices"),
        ({"actors": [], "plays": [[0], []]}, "there are no actors"),
        ({"scenes": [{"duration": 2**40}] * 2, "actors": [{"cost_per_day": 2**20}]}, "too large"),
    ],
)
def test_malformed_instances_are_rejected_with_a_clear_message(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ProblemError) as exc:
        TalentInstance.from_json(GOOD | change)
    assert message in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("missing", ["scenes", "actors", "plays"])
def test_missing_keys_are_named(missing: str) -> None:
    with pytest.raises(ProblemError, match=f"missing key '{missing}'"):
        TalentInstance.from_json({k: v for k, v in GOOD.items() if k != missing})


def test_a_non_object_and_direct_construction_are_checked_too() -> None:
    with pytest.raises(ProblemError, match="must be a JSON object"):
        TalentInstance.from_json([1, 2])
    with pytest.raises(ProblemError, match="plays has 1 entries for 2 scenes"):
        TalentInstance((1, 1), (1,), ((0,),))
    inst = TalentInstance.from_json(GOOD | {"plays": [[0, 0], [0]], "optimum": 9})
    assert inst.plays == ((0,), (0,)) and inst.name == "toy"
    assert solve(inst, time_limit=None).cost == 9
