"""The objective of a board, term by term, in plain Python (the reference the solver's model must agree with)."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass

from .model import Board, Problem, Weights
from .validate import day_moves


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A board's objective.

    ``shooting_days``: dates of the main unit's span (first schedule date through its last shooting date) plus the
    days of every other unit; ``company_moves``: moves between locations within days; ``holding_days`` and
    ``holding_cost``: performers' paid idle dates between their first and last shooting dates (less one
    drop/pick-up stretch where allowed), raw and weighted by ``cost_per_day``; ``location_changes``: arrivals at a
    location not shot at on the unit's previous shooting day (the first day's locations count);
    ``night_before_day``: (night scene, day scene) pairs shot in that order within a day; ``emotional_early``:
    emotional scenes' dates inside the first ``Weights.emotional_early_days``. ``total`` is the weighted sum.
    """

    shooting_days: int
    company_moves: int
    holding_days: int
    holding_cost: int
    location_changes: int
    night_before_day: int
    emotional_early: int
    total: int

    def weighted(self, weights: Weights) -> dict[str, int]:
        """Each term's share of ``total`` in cost units."""
        return {
            "shooting_days": weights.shooting_day * self.shooting_days,
            "company_moves": weights.company_move * self.company_moves,
            "holding_cost": weights.holding * self.holding_cost,
            "location_changes": weights.location_change * self.location_changes,
            "night_before_day": weights.night_before_day * self.night_before_day,
            "emotional_early": weights.emotional_early * self.emotional_early,
        }


def total_of(weights: Weights, days: int, moves: int, holding_cost: int, changes: int, nbd: int, emo: int) -> int:
    return (
        weights.shooting_day * days
        + weights.company_move * moves
        + weights.holding * holding_cost
        + weights.location_change * changes
        + weights.night_before_day * nbd
        + weights.emotional_early * emo
    )


def night_inversions(problem: Problem, scenes: tuple[str, ...] | list[str]) -> int:
    """(night, day) pairs in shooting order."""
    nights = 0
    pairs = 0
    for sid in scenes:
        scene = problem.scene_by_id.get(sid)
        if scene is None:
            continue
        if scene.night:
            nights += 1
        else:
            pairs += nights
    return pairs


def holding(work: list[int], drop_min: int | None) -> int:
    """Paid idle dates for work date indices ``work`` (sorted, distinct); ``drop_min`` enables one drop."""
    if not work:
        return 0
    idle = (work[-1] - work[0] + 1) - len(work)
    if drop_min is not None:
        longest = max((b - a - 1 for a, b in itertools.pairwise(work)), default=0)
        if longest >= drop_min:
            idle -= longest
    return idle


def evaluate(problem: Problem, board: Board) -> Breakdown:
    """The objective breakdown of ``board`` (meaningful for any board; the solver's boards are valid ones)."""
    scenes = problem.scene_by_id
    dates = sorted(set(problem.dates()) | {d.date for d in board.days})

    def index(day: dt.date) -> int:
        return bisect.bisect_left(dates, day)

    main = problem.main_unit
    days = [d for d in board.days if d.scenes]
    main_days = [d for d in days if d.unit == main]
    shooting_days = (max(index(d.date) for d in main_days) + 1 if main_days else 0) + sum(
        1 for d in days if d.unit != main
    )
    moves = sum(day_moves(problem, d.scenes) for d in days)
    changes = 0
    for unit in problem.units:
        prev: set[str] = set()
        for d in sorted((d for d in days if d.unit == unit.id), key=lambda d: d.date):
            locs = {scenes[s].location for s in d.scenes if s in scenes}
            changes += len(locs - prev)
            prev = locs
    work: dict[str, set[int]] = {}
    for d in days:
        i = index(d.date)
        for sid in d.scenes:
            for cid in scenes[sid].cast if sid in scenes else ():
                work.setdefault(cid, set()).add(i)
    holding_days = 0
    holding_cost = 0
    limit = problem.limits.drop_pickup_min_days
    for cid, idx in work.items():
        member = problem.cast_by_id[cid]
        h = holding(sorted(idx), limit if member.drop_pickup else None)
        holding_days += h
        holding_cost += h * member.cost_per_day
    nbd = sum(night_inversions(problem, d.scenes) for d in days)
    k = problem.weights.emotional_early_days
    emo = 0
    for d in days:
        i = index(d.date)
        emo += sum(max(0, k - i) for s in d.scenes if s in scenes and scenes[s].emotional)
    total = total_of(problem.weights, shooting_days, moves, holding_cost, changes, nbd, emo)
    return Breakdown(shooting_days, moves, holding_days, holding_cost, changes, nbd, emo, total)
