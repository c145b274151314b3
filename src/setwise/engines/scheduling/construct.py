"""A fast first board: fill the dates in order, a day at a time, keeping every hard constraint.

Each day takes first the scenes that cannot wait (their last possible date has come, or they have only a few
possible dates at all, such as the days an intimacy coordinator is booked), then a location's scenes (the previous
day's location if it still has work, else the most pressed one), then scenes at other locations within reach while
time is left. A day is filled towards the most a unit can shoot in what is left of its week (a 52-hour week holds
five days of about eight and a half hours of shooting, not six of ten); a scene that would cut the day short (a
night scene with a child's curfew on set, a late wrap before the next day's early call) waits when it can. Scenes
whose predecessors (order constraints) are not yet placed wait for them. Deadlines are backed off so that each
performer's, location's and booked need's scenes, and the main unit's whole workload, fit before them.

``squeaky`` reruns the greedy with the scenes it could not place brought forward (and, once missed twice, placed
first). What is still left when the calendar is tight the solver places with CP-SAT.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping

from .index import Index


class _State:
    def __init__(self, ix: Index, fixed: Mapping[int, int]) -> None:
        self.ix = ix
        p = ix.problem
        self.lim = p.limits
        self.move = p.company_move_minutes
        self.scenes: dict[int, list[int]] = defaultdict(list)  # slot -> scenes
        self.load: dict[int, int] = defaultdict(int)
        self.locs: dict[int, set[int]] = defaultdict(set)
        self.night: dict[int, bool] = defaultdict(bool)
        self.minors: dict[int, bool] = defaultdict(bool)
        self.cast_min: dict[tuple[int, int], int] = defaultdict(int)  # (cast, slot) -> scene minutes
        self.cast_at_date: dict[tuple[int, int], int] = {}  # (cast, date) -> slot
        self.cast_week: dict[tuple[int, int], int] = defaultdict(int)  # (cast, week) -> minutes with overhead
        self.unit_week: dict[tuple[int, int], int] = defaultdict(int)  # (unit, week) -> work minutes
        self.unit_days: dict[tuple[int, int], int] = defaultdict(int)
        self.assign: dict[int, int] = {}
        self.cast_done: dict[int, int] = defaultdict(int)  # scenes placed per cast
        self.cast_first: dict[int, int] = {}
        for s, k in fixed.items():
            self.add(s, k)

    # --- derived day values ---------------------------------------------------------------------------------
    def shooting(self, k: int, load: int, nlocs: int) -> int:
        return load + self.move * max(0, nlocs - 1)

    def call(self, night: bool) -> int:
        return self.lim.night_call_minute if night else self.lim.day_call_minute

    def wrap(self, k: int) -> int:
        shooting = self.shooting(k, self.load[k], len(self.locs[k]))
        return self.call(self.night[k]) + self.lim.day_overhead_minutes + shooting

    def work(self, k: int) -> int:
        if not self.scenes[k]:
            return 0
        return self.lim.day_overhead_minutes + self.shooting(k, self.load[k], len(self.locs[k]))

    def neighbour(self, k: int, step: int) -> int | None:
        ix = self.ix
        ui, t = ix.slots[k]
        t2 = t + step
        if not 0 <= t2 < len(ix.dates) or abs((ix.dates[t2] - ix.dates[t]).days) != 1:
            return None
        return ix.slot_at.get((ui, t2))

    # --- feasibility of adding a scene -----------------------------------------------------------------------
    def fits(self, s: int, k: int) -> bool:
        ix = self.ix
        lim = self.lim
        ui, t = ix.slots[k]
        loc = ix.loc[s]
        locs = self.locs[k]
        if loc not in locs and any(not ix.reach[loc][other] for other in locs):
            return False
        nlocs = len(locs) + (loc not in locs)
        load = self.load[k] + ix.minutes[s]
        shooting = self.shooting(k, load, nlocs)
        if shooting > ix.capacity:
            return False
        night = self.night[k] or ix.night[s]
        wrap = self.call(night) + lim.day_overhead_minutes + shooting
        minors = self.minors[k] or ix.minors[s]
        if minors and wrap > lim.minor_wrap_minute:
            return False
        day_cast = {c for s2 in self.scenes[k] for c in ix.cast[s2]} | set(ix.cast[s])
        for c in day_cast:
            wb = ix.wrap_by[c]
            if wb is not None and wrap > wb:
                return False
        week = ix.week[t]
        for c in ix.cast[s]:
            other = self.cast_at_date.get((c, t))
            if other is not None and other != k:
                return False
            new = self.cast_min[(c, k)] == 0
            extra = ix.minutes[s] + (lim.cast_overhead_minutes if new else 0)
            if self.cast_min[(c, k)] + ix.minutes[s] + lim.cast_overhead_minutes > ix.day_limit[c]:
                return False
            if self.cast_week[(c, week)] + extra > ix.week_limit[c]:
                return False
        empty = not self.scenes[k]
        old_work = self.work(k)
        new_work = lim.day_overhead_minutes + shooting
        if self.unit_week[(ui, week)] - old_work + new_work > lim.max_work_minutes_week:
            return False
        if empty:
            if self.unit_days[(ui, week)] + 1 > lim.max_days_week:
                return False
            run = 1
            for step in (-1, 1):
                cur: int | None = k
                while True:
                    assert cur is not None
                    nxt = self.neighbour(cur, step)
                    if nxt is None or not self.scenes[nxt]:
                        break
                    run += 1
                    cur = nxt
            if run > lim.max_consecutive_days:
                return False
        call = self.call(night)
        prev = self.neighbour(k, -1)
        if prev is not None and self.scenes[prev] and 1440 + call - self.wrap(prev) < lim.min_turnaround_minutes:
            return False
        nxt = self.neighbour(k, 1)
        return (
            nxt is None
            or not self.scenes[nxt]
            or 1440 + self.call(self.night[nxt]) - wrap >= lim.min_turnaround_minutes
        )

    def room_after(self, s: int | None, k: int) -> int:
        """The most shooting minutes day ``k`` could hold once scene ``s`` (None: nothing) is added, given its
        call (a night scene calls late), curfews of minors and of its performers, and the next day's call."""
        ix = self.ix
        lim = self.lim
        night = self.night[k] or (s is not None and ix.night[s])
        call = self.call(night)
        room = ix.capacity
        latest = []
        if self.minors[k] or (s is not None and ix.minors[s]):
            latest.append(lim.minor_wrap_minute)
        cast = {c for s2 in self.scenes[k] for c in ix.cast[s2]} | (set(ix.cast[s]) if s is not None else set())
        latest += [wb for c in cast if (wb := ix.wrap_by[c]) is not None]
        nxt = self.neighbour(k, 1)
        if nxt is not None and self.scenes[nxt]:
            latest.append(1440 + self.call(self.night[nxt]) - lim.min_turnaround_minutes)
        for wrap in latest:
            room = min(room, wrap - call - lim.day_overhead_minutes)
        return room

    def add(self, s: int, k: int) -> None:
        ix = self.ix
        lim = self.lim
        ui, t = ix.slots[k]
        week = ix.week[t]
        old_work = self.work(k)
        if not self.scenes[k]:
            self.unit_days[(ui, week)] += 1
        self.scenes[k].append(s)
        self.load[k] += ix.minutes[s]
        self.locs[k].add(ix.loc[s])
        self.night[k] = self.night[k] or ix.night[s]
        self.minors[k] = self.minors[k] or ix.minors[s]
        self.unit_week[(ui, week)] += self.work(k) - old_work
        for c in ix.cast[s]:
            if self.cast_min[(c, k)] == 0:
                self.cast_week[(c, week)] += lim.cast_overhead_minutes
            self.cast_min[(c, k)] += ix.minutes[s]
            self.cast_week[(c, week)] += ix.minutes[s]
            self.cast_at_date[(c, t)] = k
            self.cast_done[c] += 1
            self.cast_first.setdefault(c, t)
        self.assign[s] = k


SCARCE_DATES = 15
"""A scene with at most this many possible dates (a booked coordinator's days, a guest's few free days) is placed
on the first of them where it fits."""


def greedy(
    ix: Index,
    fixed: Mapping[int, int],
    boost: Mapping[int, int] | None = None,
    prefer: Mapping[int, int] | None = None,
    careful: bool = True,
) -> dict[int, int]:
    """Scene -> slot for as many scenes as the greedy can place (``fixed`` ones included). ``boost`` brings
    scenes forward (their deadline counts ``4 x boost`` dates earlier): the scenes a previous run could not place.
    ``prefer`` (a warm start) places scenes first where they were, in date order, as far as the rules allow.
    ``careful`` keeps scenes off days they would cut short (see ``_State.room_after``)."""
    p = ix.problem
    lim = p.limits
    w = p.weights
    state = _State(ix, fixed)
    n = len(ix.scene_ids)
    todo = {s for s in range(n) if s not in fixed}
    # deadlines and releases, tightened along order constraints
    deadline = {s: max((ix.slots[k][1] for k in ix.domain[s]), default=-1) for s in range(n)}
    preds: dict[int, list[int]] = defaultdict(list)
    for o in p.orders:
        a, b = ix.sidx[o.before], ix.sidx[o.after]
        preds[b].append(a)
    for _ in range(len(p.orders) + 1):
        changed = False
        for o in p.orders:
            a, b = ix.sidx[o.before], ix.sidx[o.after]
            if deadline[b] < deadline[a]:
                deadline[a] = deadline[b]
                changed = True
        if not changed:
            break
    _backward_deadlines(ix, todo, deadline)
    for s, b in (boost or {}).items():
        if s in todo:
            deadline[s] = max(min((ix.slots[k][1] for k in ix.domain[s]), default=0), deadline[s] - 4 * b)
    in_slot: dict[int, list[int]] = defaultdict(list)
    for s in todo:
        for k in ix.domain[s]:
            in_slot[k].append(s)
    dom_dates = {s: sorted({ix.slots[k][1] for k in ix.domain[s]}) for s in todo}
    remaining_at: dict[int, int] = defaultdict(int)  # location -> unplaced minutes
    for s in todo:
        remaining_at[ix.loc[s]] += ix.minutes[s]
    cast_left: dict[int, int] = defaultdict(int)
    for s in todo:
        for c in ix.cast[s]:
            cast_left[c] += 1
    cast_cost = ix.cost
    start_t = min((ix.slots[k][1] for k in in_slot), default=0)
    prev_locs: dict[int, set[int]] = defaultdict(set)
    horizon_weeks = 3  # deadlines further off than this do not order the locations

    def slack(s: int, t: int) -> int:
        """Dates left for ``s`` from ``t`` on."""
        dates = dom_dates[s]
        return len(dates) - bisect.bisect_left(dates, t)

    def ready(s: int, k: int) -> bool:
        t = ix.slots[k][1]
        for a in preds.get(s, ()):
            ka = state.assign.get(a)
            if ka is None:
                return False
            ta = ix.slots[ka][1]
            if ta > t or (ta == t and ka != k):
                return False
        return True

    def target_for(ui: int, t: int) -> int:
        """Shooting minutes to aim for today: the best use of the rest of the week's hours."""
        week = ix.week[t]
        budget = lim.max_work_minutes_week - state.unit_week[(ui, week)]
        days_left = lim.max_days_week - state.unit_days[(ui, week)]
        dates_left = sum(1 for k in ix.unit_slots[ui] if ix.week[ix.slots[k][1]] == week and ix.slots[k][1] >= t)
        best_total, best_d = 0, 1
        for d in range(1, max(1, min(days_left, dates_left)) + 1):
            total = min(d * ix.capacity, budget - d * lim.day_overhead_minutes)
            if total > best_total:
                best_total, best_d = total, d
        return max(0, min(ix.capacity, best_total // best_d + 30))

    def cast_score(s: int, t: int) -> float:
        score = 0.0
        for c in ix.cast[s]:
            cost = cast_cost[c] * w.holding
            if c in state.cast_first and cast_left[c] > 0:
                score -= cost  # keeps someone already on the payroll working
            elif cast_left[c] > 1:
                score += cost * 0.5  # starts someone's paid stretch
        return score

    def pick_location(cands: list[int], k: int, t: int, ui: int) -> int | None:
        by_loc: dict[int, list[int]] = defaultdict(list)
        for s in cands:
            by_loc[ix.loc[s]].append(s)
        best = None
        best_key: tuple[float, ...] = ()
        for loc, ss in by_loc.items():
            due = min(deadline[s] for s in ss)
            volume = sum(ix.minutes[s] for s in ss)
            key = (
                ix.week[max(0, due)] - ix.week[t] if due - t < horizon_weeks * 7 else horizon_weeks,
                0 if loc in prev_locs[ui] else 1,
                -min(volume, ix.capacity) - 0.2 * remaining_at[loc],
            )
            if best is None or key < best_key:
                best, best_key = loc, key
        return best

    for ps, pk in sorted((prefer or {}).items(), key=lambda sk: (ix.slots[sk[1]][1], sk[1])):
        if ps in todo and pk in ix.domain[ps] and pk not in ix.frozen_slot and ready(ps, pk) and state.fits(ps, pk):
            state.add(ps, pk)
            todo.discard(ps)

    for t in range(start_t, len(ix.dates)):
        for ui in range(len(ix.units)):
            slot = ix.slot_at.get((ui, t))
            if slot is None:
                continue
            k = slot
            if k in ix.frozen_slot:
                if state.scenes[k]:
                    prev_locs[ui] = set(state.locs[k])
                continue
            cands = [s for s in in_slot.get(k, []) if s in todo]
            if not cands:
                if state.scenes[k]:
                    prev_locs[ui] = set(state.locs[k])
                continue
            target = target_for(ui, t)
            # 1. scenes that cannot wait
            urgent = sorted(
                (s for s in cands if deadline[s] <= t or slack(s, t) <= 2 or len(dom_dates[s]) <= SCARCE_DATES),
                key=lambda s: (deadline[s], slack(s, t), -ix.minutes[s]),
            )
            for s in urgent:
                if s in todo and ready(s, k) and state.fits(s, k):
                    state.add(s, k)
                    todo.discard(s)
            # 2. locations
            rounds = 0
            while rounds < 3 and state.load[k] < target:
                rounds += 1
                pool = [s for s in cands if s in todo and ready(s, k)]
                if not pool:
                    break
                here = state.locs[k]
                if here:
                    near = [s for s in pool if ix.loc[s] in here]
                    if not near:
                        spare = ix.capacity - state.shooting(k, state.load[k], len(here))
                        if spare < p.company_move_minutes + 30:
                            break
                        others = [s for s in pool if all(ix.reach[ix.loc[s]][o] for o in here)]
                        loc = pick_location(others, k, t, ui) if others else None
                        if loc is None:
                            break
                        near = [s for s in others if ix.loc[s] == loc]
                else:
                    loc = pick_location(pool, k, t, ui)
                    near = [s for s in pool if ix.loc[s] == loc]
                near.sort(key=lambda s: (min(slack(s, t), 6), cast_score(s, t), -ix.minutes[s]))
                added = False
                for cautious in (careful, False):
                    for s in near:
                        if state.load[k] >= target:
                            break
                        if s not in todo or (state.load[k] + ix.minutes[s] > target + 60 and state.load[k] > 0):
                            continue
                        # a scene that would cap the day short of its target (a night call with a child's curfew
                        # or minors on set, a late wrap before an early call) waits for a day it does not spoil
                        if cautious and state.room_after(s, k) < min(target, state.room_after(None, k)):
                            continue
                        if state.fits(s, k):
                            state.add(s, k)
                            todo.discard(s)
                            added = True
                    if added:
                        break
                if not added and here:
                    break
            if state.scenes[k]:
                prev_locs[ui] = set(state.locs[k])
        # refresh location volumes and cast counts once a date
        remaining_at.clear()
        cast_left.clear()
        for s in todo:
            remaining_at[ix.loc[s]] += ix.minutes[s]
            for c in ix.cast[s]:
                cast_left[c] += 1
    return dict(state.assign)


def _backward_deadlines(ix: Index, todo: set[int], deadline: dict[int, int]) -> None:
    """Tighten deadlines so that each performer's, location's and booked need's scenes, and all the scenes only the
    main unit may shoot, fit the dates before their deadlines: schedule each group backwards (latest deadline
    first, each scene on the latest of its dates with room left, an average day's worth of room a date)."""
    p = ix.problem
    lim = p.limits
    weekdays = max(1, len(p.calendar.working_weekdays))
    per_week = max(
        min(d * ix.capacity, lim.max_work_minutes_week - d * lim.day_overhead_minutes)
        for d in range(1, lim.max_days_week + 1)
    )
    per_day = max(60, min(ix.capacity, per_week // weekdays))
    groups: dict[tuple[str, int | str], list[int]] = defaultdict(list)
    main_slots = set(ix.unit_slots[ix.main])
    for s in todo:
        for c in ix.cast[s]:
            groups[("cast", c)].append(s)
        groups[("loc", ix.loc[s])].append(s)
        for need in p.scenes[s].requirements.names:
            if need in p.requirement_dates:
                groups[("need", need)].append(s)
        if ix.domain[s] and all(k in main_slots for k in ix.domain[s]):
            groups[("unit", ix.main)].append(s)
    dom_dates = {s: sorted({ix.slots[k][1] for k in ix.domain[s]}) for s in todo}
    for (kind, key), scenes in groups.items():
        cap = per_day
        if kind == "cast":
            assert isinstance(key, int)
            cap = min(per_day, ix.day_limit[key] - p.limits.cast_overhead_minutes)
        room: dict[int, int] = {}
        for s in sorted(scenes, key=lambda s: (-deadline[s], -ix.minutes[s])):
            dates = dom_dates[s]
            i = bisect.bisect_right(dates, deadline[s]) - 1
            while i >= 0 and room.get(dates[i], cap) < ix.minutes[s]:
                i -= 1
            if i < 0:
                continue  # no room before its deadline: leave it as it is
            t = dates[i]
            room[t] = room.get(t, cap) - ix.minutes[s]
            deadline[s] = min(deadline[s], t)


def squeaky(
    ix: Index, fixed: Mapping[int, int], rounds: int = 6, prefer: Mapping[int, int] | None = None
) -> dict[int, int]:
    """The greedy run again with the scenes it could not place brought forward, keeping the run that placed most
    (the careful greedy first, then the plain one). A scene missed twice is placed before all others, on one of its
    possible slots (another one each time it is missed again)."""
    best: dict[int, int] = {}
    n = len(ix.scene_ids)
    for careful in (True, False):
        boost: dict[int, int] = defaultdict(int)
        for _ in range(rounds):
            first = dict(prefer or {})
            for s, b in boost.items():
                if b >= 2 and ix.domain[s]:
                    first.setdefault(s, ix.domain[s][(b - 2) * 7 % len(ix.domain[s])])
            got = greedy(ix, fixed, boost, first, careful)
            if len(got) > len(best):
                best = got
            if len(got) == n:
                return best
            for s in range(n):
                if s not in got:
                    boost[s] += 1
    return best
