"""Scheduling engine benchmark on generated productions under Korean rules (issue 5, Measures).

Instances from ``setwise.engines.scheduling.generator``: a feature film (about 110 scenes, 25 cast, 30 locations,
about 30 shooting days in a 45-date calendar) and a 16-episode series (about 900 scenes, 60 cast, 150 sets, a
170-date calendar), both with the 52-hour week, 12-hour days, 11-hour turnaround, a child's hours, booked
intimacy and stunt days, a 2nd unit, pins and continuity orders.

For each instance the engine (``solve``, strategy ``auto``) and a plain CP-SAT model of the same problem
(``strategy="plain"``: the same day-level model, no construction, hint, search or combinatorial bound) run with
the same time limit and worker count. Printed per run: seconds to the first valid board, its objective, the best
objective at 10 s, 60 s and the limit, the run's own lower bound and gap ``(best - bound) / best``, the gap to the
best bound either run proved, and whether the independent validator accepts the board. Targets: a first board
in under 10 s; within 2% of the solver's own lower bound after 5 minutes.

Wall times depend on what else the machine runs: ``uptime`` is printed before and after.

    .venv/bin/python bench/scheduling_productions.py [--limit 300] [--instances feature,series] [--workers N]
        [--seed 1] [--no-plain]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from setwise.engines.scheduling import Problem, Progress, Result, Strategy, generator, solve, validate

FIRST_BOARD_TARGET_S = 10.0
GAP_TARGET = 0.02
CHECKPOINTS = (10.0, 60.0)


@dataclass(frozen=True)
class Run:
    instance: str
    solver: str
    result: Result
    build_s: float
    valid: bool | None

    def best_at(self, seconds: float) -> int | None:
        """Best objective reported by ``seconds`` (None: no board yet)."""
        found = [p.objective for p in self.result.history if p.objective is not None and p.seconds <= seconds]
        return min(found) if found else None


def _uptime() -> str:
    done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)  # noqa: S607
    return done.stdout.strip() or " ".join(f"{x:.2f}" for x in os.getloadavg())


INSTANCES: dict[str, Callable[[int], Problem]] = {
    "feature": lambda seed: generator.feature(seed),
    "series": lambda seed: generator.series(seed, episodes=16),
}


def _describe(p: Problem) -> str:
    sets = len({(s.location, s.set) for s in p.scenes})
    return (
        f"{p.name}: {len(p.scenes)} scenes, {len(p.cast)} cast, {len(p.locations)} locations, {sets} sets, "
        f"{len(p.calendar.dates)} calendar dates, {len(p.units)} units, {len(p.pins)} pins, {len(p.orders)} orders"
    )


def run_one(name: str, problem: Problem, solver: str, limit: float, workers: int) -> Run:
    history: list[Progress] = []
    start = time.monotonic()
    strategy: Strategy = "plain" if solver == "plain CP-SAT" else "auto"
    result = solve(problem, time_limit=limit, workers=workers, strategy=strategy, progress=history.append)
    build_s = time.monotonic() - start - result.seconds
    valid = None if result.board is None else not validate(problem, result.board)
    return Run(name, solver, result, max(0.0, build_s), valid)


def _fmt_int(v: int | None) -> str:
    return "-" if v is None else f"{v:,}"


def _fmt_gap(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.2f}%"


def _fmt_s(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


def print_table(runs: list[Run], limit: float) -> None:
    best_bound: dict[str, int] = {}
    for r in runs:
        best_bound[r.instance] = max(best_bound.get(r.instance, 0), r.result.bound)
    cols = [
        ("instance", 8),
        ("solver", 12),
        ("first s", 8),
        ("first obj", 12),
        ("@10 s", 12),
        ("@60 s", 12),
        (f"@{limit:g} s", 12),
        ("own bound", 12),
        ("own gap", 8),
        ("gap/best bd", 11),
        ("valid", 5),
        ("status", 10),
    ]
    print("  ".join(f"{c:>{w}}" for c, w in cols))
    for r in runs:
        res = r.result
        best = res.objective
        gap_best = None if best is None else max(0.0, (best - best_bound[r.instance]) / best)
        row = [
            r.instance,
            r.solver,
            _fmt_s(res.first_solution_seconds),
            _fmt_int(next((p.objective for p in res.history if p.objective is not None), None)),
            _fmt_int(r.best_at(CHECKPOINTS[0])),
            _fmt_int(r.best_at(CHECKPOINTS[1])),
            _fmt_int(best),
            _fmt_int(res.bound),
            _fmt_gap(res.gap),
            _fmt_gap(gap_best),
            "-" if r.valid is None else ("yes" if r.valid else "NO"),
            res.status,
        ]
        print("  ".join(f"{v:>{w}}" for v, (_c, w) in zip(row, cols, strict=True)))


def print_breakdowns(runs: list[Run]) -> None:
    print("\nObjective terms of the best boards (weighted):")
    for r in runs:
        res = r.result
        if res.breakdown is None:
            print(f"  {r.instance} / {r.solver}: no board")
            continue
        b = res.breakdown
        print(
            f"  {r.instance} / {r.solver}: {b.shooting_days} shooting days, {b.company_moves} company moves, "
            f"{b.holding_days} paid idle cast days (cost {b.holding_cost:,}), {b.location_changes} location "
            f"changes, {b.night_before_day} night-before-day pairs, {b.emotional_early} emotional-early"
        )


def print_targets(runs: list[Run], limit: float) -> None:
    print("\nTargets (engine):")
    for r in runs:
        if r.solver != "engine":
            continue
        first = r.result.first_solution_seconds
        ok_first = first is not None and first < FIRST_BOARD_TARGET_S
        gap = r.result.gap
        ok_gap = gap is not None and gap <= GAP_TARGET
        print(
            f"  {r.instance}: first board {_fmt_s(first)} s (< {FIRST_BOARD_TARGET_S:g} s: "
            f"{'PASS' if ok_first else 'MISS'}); gap {_fmt_gap(gap)} after {limit:g} s "
            f"(<= {100 * GAP_TARGET:g}%{' at 300 s' if limit != 300 else ''}: {'PASS' if ok_gap else 'MISS'})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per run (default 300)")
    parser.add_argument("--instances", default="feature,series", help="comma-separated: feature, series")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="CP-SAT workers (default: CPUs)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain CP-SAT baseline")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.instances.split(",") if n.strip()]
    unknown = [n for n in names if n not in INSTANCES]
    if unknown:
        parser.error(f"unknown instance(s): {', '.join(unknown)}")
    print(f"uptime before: {_uptime()} ({os.cpu_count()} CPUs, {args.workers} workers, limit {args.limit:g} s)")
    runs: list[Run] = []
    for name in names:
        t0 = time.monotonic()
        problem = INSTANCES[name](args.seed)
        print(f"{_describe(problem)} (generated in {time.monotonic() - t0:.2f} s)")
        solvers = ["engine"] if args.no_plain else ["engine", "plain CP-SAT"]
        for solver in solvers:
            run = run_one(name, problem, solver, args.limit, args.workers)
            res = run.result
            print(
                f"  {solver}: {res.status}, first board {_fmt_s(res.first_solution_seconds)} s, best "
                f"{_fmt_int(res.objective)}, bound {_fmt_int(res.bound)}, gap {_fmt_gap(res.gap)}, "
                f"{res.seconds:.1f} s; uptime {_uptime()}",
                flush=True,
            )
            runs.append(run)
    print()
    print_table(runs, args.limit)
    print_breakdowns(runs)
    print_targets(runs, args.limit)
    print(f"\nuptime after: {_uptime()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
