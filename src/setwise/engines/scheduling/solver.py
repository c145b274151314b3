"""Anytime solving: a feasible board fast, then better boards until the time limit, with an honest lower bound.

Strategies (``solve(..., strategy=...)``):

- ``"full"``: one CP-SAT model of the whole problem, hinted with the warm start or a constructed board;
- ``"lns"``: construction (``construct``: a greedy filling dates in order, rerun with the scenes it could not place
  brought forward, then CP-SAT placing what is still left), then large-neighbourhood search: repeatedly free the
  scenes of a window of dates, of a few locations, of one performer's first, last and a few other dates, of a few
  scattered days, or of the last dates (free to move into the last weeks' room), and re-optimise them with
  CP-SAT, hinted with the current board, the rest fixed, several sub-problems side by side; for problems of up to
  300 scenes the full model also runs at the end, hinted, for its bound;
- ``"plain"``: the baseline: one CP-SAT model of the whole problem with no hint, construction or extra bound;
- ``"auto"``: ``"full"`` for small problems, ``"lns"`` otherwise.

Every board reported has passed ``validate``; the bound is the larger of CP-SAT's bound on the day-level model
(when the full model ran) and the combinatorial bound of ``bounds``.
"""

from __future__ import annotations

import math
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from ortools.sat.python import cp_model

from .bounds import lower_bound
from .construct import squeaky
from .cpmodel import Builder
from .evaluate import Breakdown, evaluate
from .explain import Conflict, explain_with_index, prechecks
from .index import Index
from .model import Board, Day, Problem
from .sequence import sequence_day
from .validate import validate

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
Strategy = Literal["auto", "full", "lns", "plain"]


class Progress(NamedTuple):
    """One report while solving: seconds since the start, best objective (None before a board exists), lower
    bound, relative gap ``(objective - bound) / objective`` (None before a board exists)."""

    seconds: float
    objective: int | None
    bound: int
    gap: float | None


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class Result:
    """The outcome of ``solve``.

    ``status``: ``optimal`` (bound reached), ``feasible``, ``infeasible`` (proven; ``conflicts`` explain it) or
    ``unknown`` (no board within the time limit). ``board`` and ``breakdown`` are the best valid board and its
    objective terms; ``bound`` a lower bound on every valid board's objective; ``gap`` relative to ``objective``.
    """

    status: Status
    board: Board | None
    breakdown: Breakdown | None
    objective: int | None
    bound: int
    gap: float | None
    seconds: float
    first_solution_seconds: float | None
    strategy: str
    conflicts: tuple[Conflict, ...] = ()
    history: tuple[Progress, ...] = field(default=())


def gap_of(objective: int | None, bound: int) -> float | None:
    if objective is None:
        return None
    if objective <= bound:
        return 0.0
    return (objective - bound) / max(1, abs(objective))


LNS_SUB_LIMIT = 1.0
"""Seconds per large-neighbourhood sub-problem."""
LNS_WORKERS = 1
"""CP-SAT workers per sub-problem (0: the search's workers); small hinted models solve fastest on one."""
LNS_KINDS = ("window", "locations", "cast", "days", "tail")
"""The kinds of neighbourhood the search draws from (see ``_Search.neighbourhood``)."""
LNS_PRESOLVE = False
"""Whether sub-problems are presolved."""
LNS_FULL_SHARE = 0.3
"""Share of the time limit given to the hinted full model after the search (problems of up to 300 scenes)."""

FULL_MODEL_MAX_VARS = 2_000
FIRST_BOARD_LIMIT = 60.0  # seconds the repair of ``first_board`` may take at most
"""``auto`` uses the single full model up to this many scene x slot booleans (CP-SAT proves small problems optimal;
beyond, construction and large-neighbourhood search find far better boards in the same time)."""


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    warm_start: Board | None = None,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    seed: int = 0,
    strategy: Strategy = "auto",
) -> Result:
    """Schedule ``problem`` within ``time_limit`` seconds (see the module docstring for the strategies).

    ``warm_start`` is the current board: a valid one is never made worse (frozen days stay as they are in any
    case); ``progress`` is called with a ``Progress`` on every better board and better bound.
    """
    problem.check()
    search = _Search(problem, time_limit, progress, workers, seed)
    return search.run(warm_start, strategy)


def first_board(problem: Problem, *, warm_start: Board | None = None, seed: int = 0) -> Result:
    """The first valid board only: the greedy construction (starting from ``warm_start``'s placements where the rules
    allow) and, for scenes it could not place, its CP-SAT repair; no search after. The same problem gives the same
    board (one worker), in well under a second for a season's block: a layout that keeps every rule, to start from.
    ``status`` is ``feasible`` (or ``optimal`` when it meets the bound), ``unknown`` when construction got stuck,
    ``infeasible`` with ``conflicts`` when the prechecks prove no board exists."""
    problem.check()
    search = _Search(problem, FIRST_BOARD_LIMIT, None, 1, seed)
    ix = Index(problem)
    conflicts = prechecks(problem, ix)
    if conflicts:
        return search.result("first", tuple(conflicts), infeasible=True)
    search.ix = ix
    search.raise_bound(lower_bound(ix).total)
    search.construct(search.warm(warm_start))
    return search.result("first")


class _Search:
    def __init__(
        self, problem: Problem, time_limit: float, progress: ProgressCallback | None, workers: int | None, seed: int
    ) -> None:
        self.problem = problem
        self.start = time.monotonic()
        self.deadline = self.start + max(0.0, time_limit)
        self.progress = progress
        self.workers = workers or max(1, min(8, os.cpu_count() or 1))
        self.rng = random.Random(seed)  # noqa: S311 - search diversification, not security
        self.seed = seed
        self.ix: Index | None = None
        self.best_assign: dict[int, int] | None = None  # scene -> slot for every scene
        self.best_board: Board | None = None
        self.best_breakdown: Breakdown | None = None
        self.best_value: int | None = None
        self.bound = 0
        self.first_time: float | None = None
        self.history: list[Progress] = []
        self.seq_cache: dict[tuple[int, ...], tuple[str, ...]] = {}
        self.proven_optimal = False

    # --- bookkeeping -------------------------------------------------------------------------------------------------

    def now(self) -> float:
        return time.monotonic() - self.start

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def report(self) -> None:
        p = Progress(round(self.now(), 3), self.best_value, self.bound, gap_of(self.best_value, self.bound))
        self.history.append(p)
        if self.progress is not None:
            self.progress(p)

    def raise_bound(self, bound: int) -> None:
        if self.best_value is not None:
            bound = min(bound, self.best_value)
        if bound > self.bound:
            self.bound = bound
            self.report()

    def board_of(self, assign: Mapping[int, int]) -> Board:
        ix = self.ix
        assert ix is not None
        frozen = {(d.date, d.unit): d for d in self.problem.frozen}
        by_slot: dict[int, list[int]] = defaultdict(list)
        for s, k in assign.items():
            by_slot[k].append(s)
        days = []
        for k, ss in by_slot.items():
            date, unit = ix.slot_date(k), ix.slot_unit(k)
            fday = frozen.get((date, unit))
            if fday is not None:
                days.append(fday)
                continue
            key = tuple(sorted(ss))
            order = self.seq_cache.get(key)
            if order is None:
                order = sequence_day(self.problem, [ix.scene_ids[s] for s in key])
                self.seq_cache[key] = order
            days.append(Day(date, unit, order))
        return Board.of(days)

    def offer(self, assign: Mapping[int, int]) -> bool:
        """Consider a complete assignment; keep it when valid and better. Returns whether it was kept."""
        board = self.board_of(assign)
        breakdown = evaluate(self.problem, board)
        if self.best_value is not None and breakdown.total >= self.best_value:
            return False
        if validate(self.problem, board):
            return False
        self.best_assign = dict(assign)
        self.best_board = board
        self.best_breakdown = breakdown
        self.best_value = breakdown.total
        if self.first_time is None:
            self.first_time = self.now()
        if self.bound > self.best_value:
            self.bound = self.best_value
        self.report()
        return True

    def params(self, limit: float, workers: int | None = None, light: bool = False) -> cp_model.CpSolver:
        """A solver; ``light`` skips presolve (short re-optimisations of a hinted board, where presolve would
        take most of the time)."""
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.01, limit)
        solver.parameters.num_workers = workers or self.workers
        solver.parameters.random_seed = self.seed
        if light:
            solver.parameters.cp_model_presolve = False
        return solver

    def result(self, strategy: str, conflicts: tuple[Conflict, ...] = (), infeasible: bool = False) -> Result:
        status: Status
        if infeasible:
            status = "infeasible"
        elif self.best_value is None:
            status = "unknown"
        elif self.best_value <= self.bound:
            status = "optimal"
        else:
            status = "feasible"
        return Result(
            status=status,
            board=self.best_board,
            breakdown=self.best_breakdown,
            objective=self.best_value,
            bound=self.bound if self.best_value is None else min(self.bound, self.best_value),
            gap=gap_of(self.best_value, self.bound),
            seconds=round(self.now(), 3),
            first_solution_seconds=None if self.first_time is None else round(self.first_time, 3),
            strategy=strategy,
            conflicts=conflicts,
            history=tuple(self.history),
        )

    # --- driver -------------------------------------------------------------------------------------------------------

    def run(self, warm_start: Board | None, strategy: Strategy) -> Result:
        problem = self.problem
        ix = Index(problem)
        conflicts = prechecks(problem, ix)
        if conflicts:
            return self.result(strategy, tuple(conflicts), infeasible=True)
        self.ix = ix
        if strategy != "plain":
            self.raise_bound(lower_bound(ix).total)
        n_vars = sum(len(d) for s, d in enumerate(ix.domain) if s not in ix.frozen_assign)
        chosen: str = strategy
        if strategy == "auto":
            chosen = "full" if n_vars <= FULL_MODEL_MAX_VARS else "lns"
        hint = self.warm(warm_start)
        if chosen == "plain":
            outcome = self.full(None, self.left(), plain=True)
        elif chosen == "full":
            if self.best_assign is None:
                self.construct(hint, repair=False)
            outcome = self.full(self.best_assign or hint, self.left())
        else:
            outcome = self.lns(hint)
        if outcome == "infeasible":
            found = explain_with_index(problem, max(1.0, min(30.0, self.left())), self.workers)
            return self.result(chosen, tuple(found), infeasible=True)
        return self.result(chosen)

    def warm(self, board: Board | None) -> dict[int, int] | None:
        """The warm-start board as scene -> slot (scenes whose slot is outside their domain are left out); a valid
        board becomes the incumbent."""
        ix = self.ix
        assert ix is not None
        if board is None:
            return None
        out: dict[int, int] = dict(ix.frozen_assign)
        for day in board.days:
            ui = ix.uidx.get(day.unit)
            t = ix.tidx.get(day.date)
            if ui is None or t is None:
                continue
            k = ix.slot_at.get((ui, t))
            if k is None:
                continue
            for sid in day.scenes:
                s = ix.sidx.get(sid)
                if s is not None and s not in out and k in ix.domain[s]:
                    out[s] = k
        if len(out) == len(ix.scene_ids):
            self.offer(out)
        return out

    # --- the full model -----------------------------------------------------------------------------------------------

    def full(self, hint: Mapping[int, int] | None, limit: float, plain: bool = False) -> str:
        ix = self.ix
        assert ix is not None
        free = {s: d for s, d in enumerate(ix.domain) if s not in ix.frozen_assign}
        builder = Builder(ix, free, dict(ix.frozen_assign))
        if hint is None and self.best_assign is not None:
            hint = self.best_assign
        if hint is not None and not plain:
            builder.hint({s: k for s, k in hint.items() if s in free})
        solver = self.params(self.left() if limit is None else min(limit, self.left()))
        search = self
        frozen_assign = ix.frozen_assign

        class Callback(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                assign = dict(frozen_assign)
                assign.update(builder.assignment(self.value))
                search.offer(assign)
                search.raise_bound(math.ceil(self.best_objective_bound - 1e-6))

        solver.best_bound_callback = lambda b: search.raise_bound(math.ceil(b - 1e-6))
        status = solver.solve(builder.model, Callback())
        if status == cp_model.INFEASIBLE:
            return "infeasible"
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.raise_bound(math.ceil(solver.best_objective_bound - 1e-6))
        return "done"

    # --- construction by blocks and large-neighbourhood search --------------------------------------------------------

    def lns(self, hint: Mapping[int, int] | None) -> str:
        ix = self.ix
        assert ix is not None
        if self.best_assign is None:
            outcome = self.construct(hint)
            if outcome == "infeasible":
                return outcome
            if self.best_assign is None:
                # no board from the greedy and repair: try the whole model for what time is left
                return self.full(hint, self.left())
        n_scenes = len(ix.scene_ids)
        small = n_scenes <= 300
        # share of time for the full model (its bound, and improvements): small problems only
        full_share = LNS_FULL_SHARE if small else 0.0
        lns_until = time.monotonic() + self.left() * (1.0 - full_share)
        self.improve(lns_until)
        if full_share and self.left() > 1.0:
            self.full(self.best_assign, self.left())
        return "done"

    def construct(self, hint: Mapping[int, int] | None, repair: bool = True) -> str:
        """A first board: the greedy (``construct.squeaky``), starting from the warm start's placements where the
        rules allow, with scenes it could not place put in by CP-SAT re-optimising a window of dates around each."""
        ix = self.ix
        assert ix is not None
        n = len(ix.scene_ids)
        fixed: dict[int, int] = dict(ix.frozen_assign)
        for s, d in enumerate(ix.domain):
            if s not in fixed and len(d) == 1:
                fixed[s] = d[0]
        assign = squeaky(ix, fixed, prefer=hint)
        if hint and len(assign) < n:  # the warm start's placements may block what must move: start afresh
            fresh = squeaky(ix, fixed)
            if len(fresh) > len(assign):
                assign = fresh
        missing = [s for s in range(n) if s not in assign]
        if missing and repair:
            assign = self.repair(assign, missing, fixed)
        if len(assign) == n and self.offer(assign):
            return "done"
        return "stuck"

    def repair(self, assign: dict[int, int], missing: list[int], pinned: Mapping[int, int]) -> dict[int, int]:
        """Place ``missing`` scenes: for each, CP-SAT may put it on the possible dates with the most room left in
        their weeks while the scenes already on those dates move: to dates nearby at first, then anywhere they may
        go (more dates each round)."""
        ix = self.ix
        assert ix is not None
        assign = dict(assign)
        for rnd in range(4):
            n_dates, reach = (8, 2) if rnd == 0 else (4 * 2**rnd, len(ix.dates))
            for s in sorted(missing, key=lambda s: len(ix.domain[s])):
                if s in assign or self.left() <= 0:
                    continue
                week_load: dict[int, int] = defaultdict(int)
                on_date: dict[int, list[int]] = defaultdict(list)
                for x, k in assign.items():
                    week_load[ix.week[ix.slots[k][1]]] += ix.minutes[x]
                    on_date[ix.slots[k][1]].append(x)
                dates = sorted({ix.slots[k][1] for k in ix.domain[s]}, key=lambda t: (week_load[ix.week[t]], t))
                chosen = set(dates[:n_dates])
                free: dict[int, list[int]] = {s: [k for k in ix.domain[s] if ix.slots[k][1] in chosen]}
                for t in chosen:
                    for x in on_date.get(t, []):
                        if x not in pinned:
                            free[x] = [j for j in ix.domain[x] if abs(ix.slots[j][1] - t) <= reach]
                fixed = {x: k for x, k in assign.items() if x not in free}
                builder = Builder(ix, free, fixed, objective=False)  # any board will do: the search improves it
                builder.hint({x: assign[x] for x in free if x in assign})
                solver = self.params(min(self.left(), 2.0 * (rnd + 1)))
                status = solver.solve(builder.model)
                if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    assign.update(builder.assignment(solver.value))
            missing = [s for s in missing if s not in assign]
            if not missing:
                break
        return assign

    def improve(self, until: float) -> None:
        """Large-neighbourhood search until ``until`` (monotonic seconds).

        Sub-problems run side by side, one CP-SAT worker each, as many as the search has workers (CP-SAT releases
        the interpreter while it solves). A finished one's moves are laid over the current best board, which may
        have changed meanwhile, and kept when the whole board is valid and better. Each kind of neighbourhood keeps
        its own size (grown when CP-SAT proves its sub-problems optimal, shrunk when it runs out of time) and is
        drawn with a probability that follows the improvement it brought per second lately, never below a floor so
        that every kind keeps being tried."""
        ix = self.ix
        assert ix is not None
        movable = [s for s, d in enumerate(ix.domain) if s not in ix.frozen_assign and len(d) > 1]
        if not movable:
            return
        kinds = list(LNS_KINDS)
        target = dict.fromkeys(kinds, 40)  # free scenes per neighbourhood
        rate = dict.fromkeys(kinds, 0.0)  # recent improvement per second
        per_task = LNS_WORKERS or self.workers
        lanes = max(1, self.workers // per_task)

        def task(
            free: dict[int, list[int]], base: dict[int, int], limit: float
        ) -> tuple[cp_model.CpSolverStatus, dict[int, int]]:
            fixed = {s: k for s, k in base.items() if s not in free}
            builder = Builder(ix, free, fixed)
            builder.hint({s: base[s] for s in free})
            solver = self.params(limit, workers=per_task, light=not LNS_PRESOLVE)
            status = solver.solve(builder.model)
            got = builder.assignment(solver.value) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else {}
            return status, got

        running: dict[Future[tuple[cp_model.CpSolverStatus, dict[int, int]]], tuple[str, float, dict[int, int]]] = {}
        with ThreadPoolExecutor(max_workers=lanes) as pool:
            while True:
                searching = self.best_value is not None and self.best_value > self.bound
                while searching and len(running) < lanes and time.monotonic() < until - 0.05:
                    assert self.best_assign is not None
                    top = max(rate.values())
                    weights = [max(rate[k], 0.15 * top, 1e-9) for k in kinds]
                    kind = self.rng.choices(kinds, weights=weights)[0]
                    free = self.neighbourhood(kind, target[kind])
                    if not free:
                        rate[kind] *= 0.5
                        continue
                    limit = min(LNS_SUB_LIMIT, until - time.monotonic())
                    base = dict(self.best_assign)
                    future = pool.submit(task, free, base, limit)
                    running[future] = (kind, time.monotonic(), base)
                if not running:
                    break
                done, _pending = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    kind, started, base = running.pop(future)
                    status, got = future.result()
                    before = self.best_value
                    moved = {s: k for s, k in got.items() if base.get(s) != k}
                    if moved and self.best_assign is not None:
                        merged = dict(self.best_assign)
                        merged.update(got)
                        if not self.offer(merged) and self.best_assign != base:
                            own = dict(base)
                            own.update(got)
                            self.offer(own)
                    if status == cp_model.OPTIMAL:
                        target[kind] = min(400, int(target[kind] * 1.15) + 1)
                    elif status in (cp_model.FEASIBLE, cp_model.UNKNOWN):
                        target[kind] = max(12, int(target[kind] * 0.85))
                    gain = (before or 0) - (self.best_value or 0)
                    rate[kind] = 0.7 * rate[kind] + 0.3 * max(0, gain) / max(0.01, time.monotonic() - started)

    def neighbourhood(self, kind: str, target: int) -> dict[int, list[int]]:
        """Free scenes -> their allowed slots for one neighbourhood of the current board."""
        ix = self.ix
        assert ix is not None and self.best_assign is not None
        assign = self.best_assign
        rng = self.rng
        frozen = ix.frozen_assign
        by_t: dict[int, list[int]] = defaultdict(list)
        for s, k in assign.items():
            if s not in frozen:
                by_t[ix.slots[k][1]].append(s)
        used_ts = sorted(by_t)
        if not used_ts:
            return {}
        chosen: set[int] = set()
        allowed_t: set[int] = set()
        if kind == "tail":
            # the scenes of the last shooting dates may move into any date of the last weeks with room left: a
            # shorter span when the last date empties
            last = used_ts[-rng.randint(1, 3) :]
            for t in last:
                chosen.update(by_t[t])
            allowed_t = set(range(max(0, used_ts[-1] - 60), used_ts[-1] + 1))
        elif kind == "window":
            i = rng.randrange(len(used_ts))
            end = used_ts[i] + 1
            j = i
            count = 0
            while j >= 0 and count < target:
                count += len(by_t[used_ts[j]])
                j -= 1
            lo = used_ts[j + 1] if j + 1 < len(used_ts) else used_ts[0]
            for t in range(lo, end):
                chosen.update(by_t.get(t, []))
            allowed_t = set(range(lo, end))
        elif kind == "locations":
            locs = list({ix.loc[s] for s in assign if s not in frozen})
            rng.shuffle(locs)
            for loc in locs:
                group = [s for s in assign if ix.loc[s] == loc and s not in frozen]
                if chosen and len(chosen) + len(group) > target:
                    continue
                chosen.update(group)
                if len(chosen) >= target // 2:
                    break
            days = {ix.slots[assign[s]][1] for s in chosen}
            for t in list(days):
                allowed_t.update((t - 1, t, t + 1))
            # scenes sharing those days may move too
            extra = [s for t in days for s in by_t.get(t, []) if s not in chosen]
            rng.shuffle(extra)
            chosen.update(extra[: max(0, target - len(chosen))])
        elif kind == "cast":
            c = self.costly_cast()
            if c is None:
                return self.neighbourhood("window", target)
            # the performer's first and last dates and a few in between: their scenes there may gather on fewer
            # dates, with the other scenes of those dates (and the dates next to them) making room
            ts = sorted({ix.slots[assign[s]][1] for s in ix.cast_scenes[c]})
            inner = ts[3:-3]
            ends = set(ts[:3] + ts[-3:] + rng.sample(inner, min(len(inner), 3)))
            allowed_t = {t + d for t in ends for d in (-1, 0, 1)}
            chosen.update(s for s in ix.cast_scenes[c] if s not in frozen and ix.slots[assign[s]][1] in ends)
            near = [s for t in sorted(allowed_t) for s in by_t.get(t, []) if s not in chosen]
            rng.shuffle(near)
            chosen.update(near[: max(0, target - len(chosen))])
        else:  # a few scattered days
            picks = rng.sample(used_ts, min(len(used_ts), max(2, target // 8)))
            for t in picks:
                chosen.update(by_t[t])
            allowed_t = set(picks)
        out: dict[int, list[int]] = {}
        for s in chosen:
            if s in frozen or len(ix.domain[s]) <= 1:
                continue
            cur = assign[s]
            dom = [k for k in ix.domain[s] if ix.slots[k][1] in allowed_t or k == cur]
            if len(dom) > 1:
                out[s] = dom
        return out

    def costly_cast(self) -> int | None:
        """A performer drawn with probability proportional to their holding cost on the current board."""
        ix = self.ix
        assert ix is not None and self.best_assign is not None
        weights = []
        for c, scenes in enumerate(ix.cast_scenes):
            if not scenes or ix.cost[c] == 0:
                continue
            ts = sorted({ix.slots[self.best_assign[s]][1] for s in scenes})
            idle = (ts[-1] - ts[0] + 1) - len(ts)
            if idle > 0:
                weights.append((c, idle * ix.cost[c]))
        if not weights:
            return None
        total = sum(w for _, w in weights)
        r = self.rng.uniform(0, total)
        for c, w in weights:
            r -= w
            if r <= 0:
                return c
        return weights[-1][0]
