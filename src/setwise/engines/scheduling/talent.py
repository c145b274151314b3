"""The classic talent-scheduling problem, solved exactly: order the scenes to pay the actors the least.

Scenes are shot back to back from day 0; scene ``s`` lasts ``durations[s]`` days and needs the actors
``plays[s]``; every actor is paid ``costs[a]`` per day from the first day of their first scene to the last day of
their last one, waiting days included (Cheng, Diamond & Lin 1993; CSPLib prob039). The JSON format and the
benchmark instances are described in the shared bench folder (``talent/README.md``).

- ``TalentInstance.from_json(data)``: a validated instance (``ProblemError`` with a one-line message otherwise);
- ``solve(instance, time_limit=...)`` -> ``TalentResult(order, cost, bound, optimal, seconds)``: the best order
  found and a proven lower bound, ``optimal`` when they meet. Exact reductions, then a dynamic program over the
  sets of scenes already shot (Garcia de la Banda, Stuckey & Chu 2011) expanded layer by layer under a cost
  threshold with lower bounds and dominance rules (``talent_search``); anytime: stopped by the time limit it
  returns the best order and the best bound proven so far;
- ``cost_of(instance, order)``: the total cost of an order, written independently of the search;
- ``solve_cpsat_baseline(instance, time_limit)``: a plain CP-SAT model, the baseline of the benchmark;
- ``generate(seed, scenes=35)``: a film-like random instance (leads, supporting cast, day players).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import talent_search as search
from .model import ProblemError

MAX_TOTAL = 2**50  # costs times days stay exact in the float64 arithmetic of the bounds
DEFAULT_TIME_LIMIT = 60.0


@dataclass(frozen=True, slots=True)
class TalentInstance:
    """Scene durations (days), actors' costs per day, and the actors of each scene (0-based indices)."""

    durations: tuple[int, ...]
    costs: tuple[int, ...]
    plays: tuple[tuple[int, ...], ...]
    name: str = ""

    def __post_init__(self) -> None:
        _check(self)

    @property
    def scenes(self) -> int:
        return len(self.durations)

    @property
    def actors(self) -> int:
        return len(self.costs)

    @classmethod
    def from_json(cls, data: Any) -> TalentInstance:
        """The instance in ``data`` (the benchmark's JSON format, already parsed); other keys are ignored."""
        if not isinstance(data, Mapping):
            raise ProblemError("a talent instance must be a JSON object with scenes, actors and plays")
        for key in ("scenes", "actors", "plays"):
            if key not in data:
                raise ProblemError(f"missing key '{key}'")
            if not isinstance(data[key], list):
                raise ProblemError(f"'{key}' must be a list")
        durations = [_field(item, "duration", f"scenes[{i}]") for i, item in enumerate(data["scenes"])]
        costs = [_field(item, "cost_per_day", f"actors[{j}]") for j, item in enumerate(data["actors"])]
        plays = []
        for i, cast in enumerate(data["plays"]):
            if not isinstance(cast, list) or not all(_is_int(a) for a in cast):
                raise ProblemError(f"plays[{i}] must be a list of actor indices")
            plays.append(tuple(sorted(set(cast))))
        name = data.get("name", "")
        return cls(tuple(durations), tuple(costs), tuple(plays), name if isinstance(name, str) else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "scenes": [{"duration": d} for d in self.durations],
            "actors": [{"cost_per_day": c} for c in self.costs],
            "plays": [list(p) for p in self.plays],
        }


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _field(item: object, key: str, where: str) -> int:
    if not isinstance(item, Mapping) or key not in item:
        raise ProblemError(f"{where} must be an object with '{key}'")
    value = item[key]
    if not _is_int(value):
        raise ProblemError(f"{where}.{key} must be an integer, not {value!r}")
    if value < 0:
        raise ProblemError(f"{where}.{key} must not be negative ({value})")
    return int(value)


def _check(inst: TalentInstance) -> None:
    n, m = len(inst.durations), len(inst.costs)
    if n == 0:
        raise ProblemError("the instance has no scenes")
    if len(inst.plays) != n:
        raise ProblemError(f"plays has {len(inst.plays)} entries for {n} scenes")
    for what, values in (("duration", inst.durations), ("cost_per_day", inst.costs)):
        for i, v in enumerate(values):
            if not _is_int(v) or v < 0:
                raise ProblemError(f"{what} {v!r} (index {i}) must be a non-negative integer")
    for i, cast in enumerate(inst.plays):
        for a in cast:
            if not _is_int(a) or not 0 <= a < m:
                known = f"actors are numbered 0..{m - 1}" if m else "there are no actors"
                raise ProblemError(f"plays[{i}] names actor {a!r}, but {known}")
    if sum(inst.durations) * max(1, sum(inst.costs)) >= MAX_TOTAL:
        raise ProblemError("durations and costs are too large (their product must stay below 2**50)")


@dataclass(frozen=True, slots=True)
class TalentResult:
    """``order``: 0-based scene indices, first shot first; ``bound``: proven lower bound on the optimum."""

    order: list[int]
    cost: int
    bound: int
    optimal: bool
    seconds: float

    @property
    def gap(self) -> float:
        """(cost - bound) / cost, 0 when proven optimal."""
        return 0.0 if self.cost <= self.bound else (self.cost - self.bound) / self.cost

    def to_json(self) -> dict[str, Any]:
        return {
            "order": list(self.order),
            "cost": self.cost,
            "bound": self.bound,
            "optimal": self.optimal,
            "seconds": round(self.seconds, 3),
        }


def cost_of(instance: TalentInstance, order: Sequence[int]) -> int:
    """Total cost of shooting the scenes in ``order``: each actor's cost per day times their first-to-last span."""
    if sorted(order) != list(range(instance.scenes)):
        raise ValueError(f"order is not a permutation of the {instance.scenes} scenes")
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    day = 0
    for s in order:
        for a in instance.plays[s]:
            first.setdefault(a, day)
            last[a] = day + instance.durations[s]
        day += instance.durations[s]
    return sum(instance.costs[a] * (last[a] - first[a]) for a in first)


def own_cost(instance: TalentInstance) -> int:
    """What every order pays: each actor's cost per day times the days of their own scenes."""
    return sum(instance.durations[s] * sum(instance.costs[a] for a in cast) for s, cast in enumerate(instance.plays))


Progress = Callable[[int, int], None]  # (best cost, best bound) whenever either improves


def solve(
    instance: TalentInstance, time_limit: float | None = DEFAULT_TIME_LIMIT, progress: Progress | None = None
) -> TalentResult:
    """The least-cost order, or the best found within ``time_limit`` seconds (None: until proven optimal).

    ``cost`` is the total cost of ``order``; ``bound`` a proven lower bound on every order's cost; ``optimal``
    is true exactly when they are equal.
    """
    start = time.perf_counter()
    deadline = math.inf if time_limit is None else start + max(0.0, time_limit)
    red = search.reduce_instance(instance.durations, instance.costs, instance.plays)

    def report(cost: int, bound: int) -> None:
        if progress is not None:
            progress(red.fixed + cost, red.fixed + bound)

    outcome = search.solve_reduced(red, deadline, report if progress is not None else None)
    order = red.expand(outcome.order)
    cost = cost_of(instance, order)
    if cost != red.fixed + outcome.cost:  # the reductions promise this; never report a cost we did not pay
        raise AssertionError(f"reduced cost {red.fixed + outcome.cost} differs from the order's cost {cost}")
    bound = min(cost, red.fixed + outcome.bound)
    return TalentResult(order, cost, bound, bound == cost, time.perf_counter() - start)


# ------------------------------------------------------------------------------------------------ baseline


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """The plain CP-SAT model's answer: ``order`` and ``cost`` are None when it found no order in time."""

    order: list[int] | None
    cost: int | None
    bound: int
    optimal: bool
    seconds: float


def solve_cpsat_baseline(instance: TalentInstance, time_limit: float, workers: int = 2) -> BaselineResult:
    """A plain CP-SAT model, the benchmark's baseline: one interval per scene on a single machine (no overlap,
    horizon = total duration, so no gaps), each actor's first start and last end, minimise the paid spans."""
    from ortools.sat.python import cp_model

    start = time.perf_counter()
    horizon = sum(instance.durations)
    model = cp_model.CpModel()
    starts = [model.new_int_var(0, horizon - d, f"start{s}") for s, d in enumerate(instance.durations)]
    intervals = [model.new_fixed_size_interval_var(starts[s], d, f"scene{s}") for s, d in enumerate(instance.durations)]
    model.add_no_overlap(intervals)
    spans = []
    for a, cost in enumerate(instance.costs):
        scenes = [s for s, cast in enumerate(instance.plays) if a in cast]
        if not scenes or cost == 0:
            continue
        first = model.new_int_var(0, horizon, f"first{a}")
        last = model.new_int_var(0, horizon, f"last{a}")
        model.add_min_equality(first, [starts[s] for s in scenes])
        model.add_max_equality(last, [starts[s] + instance.durations[s] for s in scenes])
        spans.append(cost * (last - first))
    model.minimize(sum(spans))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    seconds = time.perf_counter() - start
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return BaselineResult(None, None, math.ceil(solver.best_objective_bound - 1e-6), False, seconds)
    order = sorted(range(instance.scenes), key=lambda s: (solver.value(starts[s]), s))
    cost = cost_of(instance, order)
    bound = min(cost, math.ceil(solver.best_objective_bound - 1e-6))
    return BaselineResult(order, cost, bound, status == cp_model.OPTIMAL, seconds)


# ------------------------------------------------------------------------------------------------ generator


def generate(seed: int, scenes: int = 35, actors: int | None = None) -> TalentInstance:
    """A film-like instance: a few expensive leads in many scenes, supporting cast in some, day players in a few.

    Like the film instances of the benchmark: most scenes last a day, some two or three; a scene has one to six
    actors; leads cost 20-40 a day, supporting cast 5-15, day players 1-5. The same seed gives the same instance.
    """
    rng = random.Random(seed)  # noqa: S311  (reproducible test data, not security)
    m = actors if actors is not None else rng.randint(9, 12)
    leads = max(1, m // 5)
    supporting = max(1, (m - leads) // 2)
    kinds = ["lead"] * leads + ["supporting"] * supporting + ["day"] * (m - leads - supporting)
    costs = tuple(
        rng.randint(20, 40) if k == "lead" else rng.randint(5, 15) if k == "supporting" else rng.randint(1, 5)
        for k in kinds
    )
    share = {"lead": (0.35, 0.6), "supporting": (0.12, 0.3), "day": (0.05, 0.12)}
    plays: list[set[int]] = [set() for _ in range(scenes)]
    for a, kind in enumerate(kinds):
        low, high = share[kind]
        count = max(2, round(scenes * rng.uniform(low, high)))
        for s in rng.sample(range(scenes), min(scenes, count)):
            plays[s].add(a)
    for s in range(scenes):
        while len(plays[s]) > 6:
            plays[s].discard(rng.choice(sorted(plays[s])))
        if not plays[s]:
            plays[s].add(rng.randrange(m))
    durations = tuple(rng.choices((1, 2, 3), weights=(7, 2, 1))[0] for _ in range(scenes))
    return TalentInstance(durations, costs, tuple(tuple(sorted(p)) for p in plays), f"generated-{scenes}-{seed}")


__all__ = [
    "DEFAULT_TIME_LIMIT",
    "BaselineResult",
    "Progress",
    "TalentInstance",
    "TalentResult",
    "cost_of",
    "generate",
    "own_cost",
    "solve",
    "solve_cpsat_baseline",
]
