"""Combinatorial lower bounds on the objective, valid for every board the validator accepts.

Each term gets its own bound and the weighted sum is a bound of the total (each term is at least its bound):

- shooting days: the main unit's scenes, released no earlier than the first date they can go to, must fit the
  main unit's capacity (day capacity, a week's minutes and days) from that date on, so the span reaches at least
  the first date by which every such suffix of work fits; other units need their scenes' minutes in days;
- company moves: a day with n locations has at least n - 1 moves and a location's scenes need at least their minutes
  over a day's capacity in days, so the main unit moves at least the sum of those days less its shooting days (the
  span and the moves are bounded together: a longer span allows more days);
- location changes: every location with a scene is arrived at at least once per unit that must shoot there;
- holding: a performer whose scenes' feasible dates force their first date at or before ``a`` and their last at or
  after ``b`` is paid for every date in ``[a, b]`` they cannot work (unavailable, or more dates than scenes);
- emotional scenes early: each such scene's best feasible date.

Night-before-day pairs are bounded by 0. The solver reports the larger of this and CP-SAT's own
bound when it has one.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from .evaluate import total_of
from .index import Index
from .model import Problem


@dataclass(frozen=True, slots=True)
class LowerBound:
    shooting_days: int
    company_moves: int
    location_changes: int
    holding_cost: int
    emotional_early: int
    total: int


def _week_capacity(ix: Index, unit: int, dates: list[int]) -> int:
    """Most shooting minutes a unit can do on ``dates`` of one calendar week."""
    lim = ix.problem.limits
    n = min(len(dates), lim.max_days_week)
    best = 0
    for d in range(1, n + 1):
        best = max(best, min(d * ix.capacity, lim.max_work_minutes_week - d * lim.day_overhead_minutes))
    return max(0, best)


def span_bound(ix: Index, scenes: list[int], unit: int) -> int:
    """Least span (dates from the first schedule date) for ``unit`` to shoot ``scenes`` given their release dates."""
    if not scenes:
        return 0
    release = {s: min(ix.slots[k][1] for k in ix.domain[s]) for s in scenes if ix.domain[s]}
    if not release:
        return 0
    slot_dates = sorted({ix.slots[k][1] for k in ix.unit_slots[unit]})
    week_dates: dict[int, list[int]] = defaultdict(list)
    for t in slot_dates:
        week_dates[ix.week[t]].append(t)
    best = max(release.values()) + 1
    for a in sorted(set(release.values())):
        need = sum(ix.minutes[s] for s, r in release.items() if r >= a)
        # capacity from date a to date n (exclusive), adding whole or partial weeks
        got = 0
        found = None
        by_week: dict[int, list[int]] = defaultdict(list)
        for t in slot_dates:
            if t < a:
                continue
            by_week[ix.week[t]].append(t)
            got_week = _week_capacity(ix, unit, by_week[ix.week[t]])
            prev_week = _week_capacity(ix, unit, by_week[ix.week[t]][:-1])
            got += got_week - prev_week
            if got >= need:
                found = t + 1
                break
        if found is None:
            found = (slot_dates[-1] + 1) if slot_dates else 0
        best = max(best, found)
    return best


def lower_bound(ix: Index) -> LowerBound:
    p = ix.problem
    w = p.weights
    n_units = len(ix.units)
    unit_only: dict[int, list[int]] = defaultdict(list)
    for s in range(len(ix.scene_ids)):
        units = {ix.slots[k][0] for k in ix.domain[s]}
        if len(units) == 1:
            unit_only[next(iter(units))].append(s)
    main_scenes = unit_only.get(ix.main, [])
    main_span = span_bound(ix, main_scenes, ix.main)
    # company moves: a day with n locations has at least n - 1 moves, and a location's scenes need at least
    # minutes / capacity days, so the main unit moves at least (sum of those days) - (its shooting days); more
    # dates in the span allow more days (each extra date costs a shooting day's weight)
    # (frozen days are history and may break any rule: they are left out on both sides)
    per_location: dict[int, int] = defaultdict(int)
    for s in main_scenes:
        if s not in ix.frozen_assign:
            per_location[ix.loc[s]] += ix.minutes[s]
    need = sum(-(-m // max(1, ix.capacity)) for m in per_location.values())
    main_ts = sorted(ix.slots[k][1] for k in ix.unit_slots[ix.main] if k not in ix.frozen_slot)
    days, moves = main_span, 0
    best: int | None = None
    for span in range(main_span, max(main_span, len(ix.dates)) + 1):
        lack = max(0, need - bisect.bisect_left(main_ts, span))
        value = w.shooting_day * span + w.company_move * lack
        if best is None or value < best:
            best, days, moves = value, span, lack
        if lack == 0:
            break
    for u in range(1, n_units):
        minutes = sum(ix.minutes[s] for s in unit_only.get(u, []))
        if minutes:
            days += -(-minutes // max(1, ix.capacity))
    # location changes: each location once per unit that alone can shoot some of its scenes, else once
    changes = 0
    for loc in range(len(ix.loc_ids)):
        scenes = [s for s in range(len(ix.scene_ids)) if ix.loc[s] == loc]
        if not scenes:
            continue
        forced = {u for u, ss in unit_only.items() for s in ss if ix.loc[s] == loc}
        changes += max(1, len(forced))
    # holding
    hold = 0
    gap_days = p.limits.drop_pickup_min_days
    del gap_days
    for c, scenes in enumerate(ix.cast_scenes):
        if not scenes or ix.cost[c] == 0 or ix.drop[c]:
            continue
        doms = [[ix.slots[k][1] for k in ix.domain[s]] for s in scenes if ix.domain[s]]
        if len(doms) < 2:
            continue
        first_by = min(max(d) for d in doms)  # the first work date is at or before this
        last_from = max(min(d) for d in doms)  # the last work date is at or after this
        if last_from <= first_by:
            continue
        possible: set[int] = set()
        for d in doms:
            possible.update(t for t in d if first_by <= t <= last_from)
        workable = min(len(scenes), len(possible))
        hold += ix.cost[c] * max(0, (last_from - first_by + 1) - workable)
    emo = 0
    k_early = w.emotional_early_days
    for s in range(len(ix.scene_ids)):
        if ix.emotional[s] and ix.domain[s]:
            emo += min(max(0, k_early - ix.slots[k][1]) for k in ix.domain[s])
    total = total_of(w, days, moves, hold, changes, 0, emo)
    return LowerBound(days, moves, changes, hold, emo, total)


def lower_bound_of(problem: Problem) -> LowerBound:
    """The combinatorial lower bound of ``problem`` (see the module docstring)."""
    problem.check()
    return lower_bound(Index(problem))
