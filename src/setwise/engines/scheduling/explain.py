"""Why no schedule exists, in plain words.

``prechecks(problem)`` runs fast sound tests (each conflict it returns really rules every board out): a scene with
no possible date (and the smallest set of reasons that empties it), a scene longer than a day or than a
performer's day, a performer, location or booked need with fewer available dates than their scenes need, pins that
overfill a day or break an order constraint, order cycles, and more work than the calendar holds.

``explain(problem)`` runs the pre-checks and, when they find nothing, a CP-SAT model where every constraint group
(a performer's availability, a location's dates, a pin, an order constraint, the day capacity, the week limits,
the calendar's length...) is switched by an assumption literal; on infeasibility CP-SAT names a sufficient subset,
which is then shrunk one group at a time to a minimal set and described.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .index import Index, Key
from .model import Calendar, Problem
from .validate import fmt_clock, fmt_date, fmt_minutes


@dataclass(frozen=True, slots=True)
class Conflict:
    """A reason no schedule exists: ``kind``, a plain-language ``message``, the ids concerned (``subjects``) and,
    for a set of constraints that only conflict together, each one described in ``parts``."""

    kind: str
    message: str
    subjects: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()


def _runs(dates: Iterable[dt.date], limit: int = 3, calendar: Calendar | None = None) -> str:
    """Dates as ranges; a range only bridges dates the calendar does not work on (weekends, holidays)."""
    ds = sorted(set(dates))
    if not ds:
        return "none"
    runs: list[tuple[dt.date, dt.date]] = []
    for d in ds:
        if runs:
            gap = [runs[-1][1] + dt.timedelta(days=i) for i in range(1, (d - runs[-1][1]).days)]
            if not gap or (calendar is not None and all(calendar.day_off_reason(g) for g in gap)):
                runs[-1] = (runs[-1][0], d)
                continue
        runs.append((d, d))
    text = ", ".join(a.isoformat() if a == b else f"{a.isoformat()}..{b.isoformat()}" for a, b in runs[:limit])
    if len(runs) > limit:
        text += f" and {len(runs) - limit} more"
    return text


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _open_dates(problem: Problem) -> list[dt.date]:
    """Calendar dates new work may use (on or after ``reschedule_from``)."""
    start = problem.reschedule_from
    return [d for d in problem.calendar.dates if start is None or d >= start]


def prechecks(problem: Problem, ix: Index | None = None) -> list[Conflict]:
    """Sound, fast infeasibility tests (empty list: none found; a schedule may still not exist). ``ix``: the
    problem's index when the caller has one."""
    out: list[Conflict] = []
    lim = problem.limits
    cap = lim.day_capacity
    frozen = problem.frozen_scenes
    open_dates = _open_dates(problem)
    todo = [s for s in problem.scenes if s.id not in frozen]

    # --- a scene on its own ---------------------------------------------------------------------------------------
    for scene in todo:
        minutes = scene.estimated_minutes
        if minutes > cap:
            out.append(
                Conflict(
                    "scene_too_long",
                    f"Scene {scene.id} needs {fmt_minutes(minutes)} of shooting but a "
                    f"day holds at most {fmt_minutes(cap)}",
                    (scene.id,),
                )
            )
            continue
        call = lim.night_call_minute if scene.night else lim.day_call_minute
        wrap = call + lim.day_overhead_minutes + minutes
        if scene.requirements.minors and wrap > lim.minor_wrap_minute:
            out.append(
                Conflict(
                    "minor_wrap",
                    f"Scene {scene.id} has minors on set but cannot wrap before "
                    f"{fmt_clock(wrap)}; minors must wrap by {fmt_clock(lim.minor_wrap_minute)}",
                    (scene.id,),
                )
            )
        for cid in scene.cast:
            member = problem.cast_by_id[cid]
            need = lim.cast_overhead_minutes + minutes
            limit = problem.person_day_limit(cid)
            if need > limit:
                out.append(
                    Conflict(
                        "person_day",
                        f"Scene {scene.id} keeps {member.label} {fmt_minutes(need)} "
                        f"(with make-up and costume) but their limit is {fmt_minutes(limit)} a day",
                        (scene.id, cid),
                    )
                )
            if member.wrap_by_minute is not None and wrap > member.wrap_by_minute:
                out.append(
                    Conflict(
                        "curfew",
                        f"Scene {scene.id} cannot wrap before {fmt_clock(wrap)} but "
                        f"{member.label} must wrap by {fmt_clock(member.wrap_by_minute)}",
                        (scene.id, cid),
                    )
                )

    # --- a scene with no date -----------------------------------------------------------------------------------------
    # dates per performer and location computed once; the reasons are put in words only for a scene with no date.
    # A factor: (words before, dates to write as ranges or None, words after, the dates it allows).
    cast_dates = {c.id: frozenset(d for d in open_dates if c.available_on(d)) for c in problem.cast}
    loc_dates = {loc.id: frozenset(d for d in open_dates if loc.available_on(d)) for loc in problem.locations}
    all_open = frozenset(open_dates)
    for scene in todo:
        units = [u for u in problem.units if u.may_shoot(scene.id)]
        if not units:
            out.append(Conflict("no_unit", f"No unit may shoot scene {scene.id}", (scene.id,)))
            continue
        unit_dates = frozenset(d for d in open_dates if any(u.works_on(d) for u in units))
        factors: list[tuple[str, frozenset[dt.date] | None, str, frozenset[dt.date]]] = []
        if len(units) < len(problem.units) or any(u.dates is not None for u in units):
            factors.append(("the dates of the units that may shoot it (", unit_dates, ")", unit_dates))
        else:
            factors.append(("the calendar's open dates (", all_open, ")", unit_dates))
        pin = problem.pin_by_scene.get(scene.id)
        if pin is not None:
            pin_units = [u for u in units if pin.unit is None or u.id == pin.unit]
            ok = frozenset({pin.date}) if any(u.works_on(pin.date) for u in pin_units) else frozenset()
            factors.append((f"it is pinned to {fmt_date(pin.date)}", None, "", ok))
        loc = problem.location_by_id[scene.location]
        factors.append((f"{loc.label} is available ", loc_dates[loc.id], "", loc_dates[loc.id]))
        for cid in scene.cast:
            factors.append((f"{problem.cast_by_id[cid].label} is available ", cast_dates[cid], "", cast_dates[cid]))
        for need_name in scene.requirements.names:
            booked = problem.requirement_dates.get(need_name)
            if booked is not None:
                factors.append((f"{need_name} support is booked ", frozenset(booked), "", frozenset(booked)))
        if frozenset.intersection(*(f[3] for f in factors)):
            continue
        # shrink to a minimal emptying subset
        keep = list(factors)
        for f in list(keep):
            trial = [g for g in keep if g is not f]
            if trial and not frozenset.intersection(*(g[3] for g in trial)):
                keep = trial
        reasons = "; ".join(_factor_words(problem, before, shown, after) for before, shown, after, _ in keep)
        out.append(Conflict("no_date", f"Scene {scene.id} cannot be shot on any date: {reasons}", (scene.id,)))
    if out:
        return out

    # --- performers, locations and booked needs with too few dates ----------------------------------------------------
    def days_needed(minutes: list[int], per_day: int) -> int:
        return -(-sum(minutes) // max(1, per_day)) if minutes else 0

    for member in problem.cast:
        scenes = [s for s in todo if member.id in s.cast]
        if not scenes:
            continue
        per_day = min(cap, problem.person_day_limit(member.id) - lim.cast_overhead_minutes)
        need = days_needed([s.estimated_minutes for s in scenes], per_day)
        free_dates = [d for d in open_dates if member.available_on(d)]
        if len(free_dates) < need:
            out.append(
                Conflict(
                    "cast_days",
                    f"{member.label} is available {_days(len(free_dates))} but appears in scenes needing {_days(need)}",
                    (member.id,),
                )
            )
    for loc in problem.locations:
        scenes = [s for s in todo if s.location == loc.id]
        if not scenes:
            continue
        need = days_needed([s.estimated_minutes for s in scenes], cap * len(problem.units))
        loc_free = [d for d in open_dates if loc.available_on(d)]
        if len(loc_free) < need:
            out.append(
                Conflict(
                    "location_days",
                    f"{loc.label} is available {_days(len(loc_free))} but its scenes need {_days(need)}",
                    (loc.id,),
                )
            )
    for need_name, booked in problem.requirement_dates.items():
        scenes = [s for s in todo if need_name in s.requirements.names]
        if not scenes:
            continue
        need = days_needed([s.estimated_minutes for s in scenes], cap * len(problem.units))
        usable = [d for d in open_dates if d in booked]
        if len(usable) < need:
            out.append(
                Conflict(
                    "requirement_days",
                    f"{need_name.capitalize()} support is booked {_days(len(usable))} "
                    f"but its scenes need {_days(need)}",
                    (need_name,),
                )
            )

    # --- pins ---------------------------------------------------------------------------------------------------------
    pins_by_date: dict[dt.date, list[str]] = defaultdict(list)
    for pin in problem.pins:
        if pin.scene not in frozen:
            pins_by_date[pin.date].append(pin.scene)
    for date, ids in sorted(pins_by_date.items()):
        units_on = [u for u in problem.units if u.works_on(date)]
        minutes = sum(problem.scene_minutes(s) for s in ids)
        if minutes > cap * max(1, len(units_on)):
            out.append(
                Conflict(
                    "pins_overfull",
                    f"Scenes {', '.join(ids)} are pinned to {fmt_date(date)} but need "
                    f"{fmt_minutes(minutes)}, more than {fmt_minutes(cap)} a day holds",
                    tuple(ids),
                )
            )
        if len(problem.units) == 1:
            for member in problem.cast:
                own = [s for s in ids if member.id in problem.scene_by_id[s].cast]
                if not own:
                    continue
                work = lim.cast_overhead_minutes + sum(problem.scene_minutes(s) for s in own)
                if work > problem.person_day_limit(member.id):
                    out.append(
                        Conflict(
                            "pins_person_day",
                            f"Scenes {', '.join(own)} are pinned to {fmt_date(date)}: "
                            f"{member.label} would work {fmt_minutes(work)}, over their limit of "
                            f"{fmt_minutes(problem.person_day_limit(member.id))}",
                            tuple(own),
                        )
                    )

    # --- order constraints --------------------------------------------------------------------------------------------
    succ: dict[str, list[str]] = defaultdict(list)
    for o in problem.orders:
        succ[o.before].append(o.after)
    cycle = _find_cycle(succ)
    if cycle:
        chain = " before ".join(f"scene {s}" for s in cycle)
        out.append(Conflict("order_cycle", f"The order constraints go round in a circle: {chain}", tuple(cycle)))
    if not out:
        ix = ix if ix is not None else Index(problem)
        for o in problem.orders:
            a, b = ix.sidx[o.before], ix.sidx[o.after]
            if not ix.domain[a] or not ix.domain[b]:
                continue
            ea = min(ix.slots[k][1] for k in ix.domain[a])
            lb = max(ix.slots[k][1] for k in ix.domain[b])
            if ea > lb:
                pa = problem.pin_by_scene.get(o.before)
                pb = problem.pin_by_scene.get(o.after)
                if pa is not None and pb is not None:
                    msg = (
                        f"Scene {o.before} must come before scene {o.after} but is pinned later "
                        f"({fmt_date(pa.date)} vs {fmt_date(pb.date)})"
                    )
                else:
                    msg = (
                        f"Scene {o.before} must come before scene {o.after}, but scene {o.before} cannot be shot "
                        f"before {fmt_date(ix.dates[ea])} and scene {o.after} not after "
                        f"{fmt_date(ix.dates[lb])}"
                    )
                out.append(Conflict("order_dates", msg, (o.before, o.after)))
        # --- the whole calendar ---------------------------------------------------------------------------------------
        from .bounds import _week_capacity

        total = sum(s.estimated_minutes for s in todo)
        capacity = 0
        for ui, slots in enumerate(ix.unit_slots):
            weeks: dict[int, list[int]] = defaultdict(list)
            for k in slots:
                if k not in ix.frozen_slot:
                    weeks[ix.week[ix.slots[k][1]]].append(ix.slots[k][1])
            capacity += sum(_week_capacity(ix, ui, ts) for ts in weeks.values())
        if total > capacity:
            out.append(
                Conflict(
                    "calendar_capacity",
                    f"The scenes need {fmt_minutes(total)} of shooting but the "
                    f"calendar's {len(open_dates)} dates hold at most {fmt_minutes(capacity)} under the "
                    f"day and week limits",
                    (),
                )
            )
    return out


def _factor_words(problem: Problem, before: str, shown: frozenset[dt.date] | None, after: str) -> str:
    return before + ("" if shown is None else _runs(shown, calendar=problem.calendar)) + after


def _find_cycle(succ: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in succ.get(n, []):
            if state.get(m) == 1:
                return [*stack[stack.index(m) :], m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in list(succ):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


# --- the assumption model ---------------------------------------------------------------------------------------------


def describe(problem: Problem, key: Key, ix: Index) -> str:
    """A constraint group in plain words."""
    lim = problem.limits
    kind = key[0]
    open_dates = _open_dates(problem)
    if kind == "horizon":
        cal = problem.calendar.dates
        span = f" ({cal[0].isoformat()}..{cal[-1].isoformat()})" if cal else ""
        return f"the calendar has {len(cal)} shooting dates{span}"
    if kind == "reschedule" and problem.reschedule_from is not None:
        return f"nothing new may be scheduled before {fmt_date(problem.reschedule_from)}"
    if kind == "unit":
        units = [u.label for u in problem.units if u.may_shoot(key[1])]
        return f"scene {key[1]} may only be shot by {', '.join(units) or 'no unit'}"
    if kind == "pin":
        pin = problem.pin_by_scene[key[1]]
        unit = f" ({problem.unit_by_id[pin.unit].label})" if pin.unit else ""
        return f"scene {key[1]} is pinned to {fmt_date(pin.date)}{unit}"
    if kind == "cast":
        member = problem.cast_by_id[key[1]]
        avail = [d for d in open_dates if member.available_on(d)]
        return f"{member.label} is available on {_days(len(avail))}: {_runs(avail, calendar=problem.calendar)}"
    if kind == "location":
        loc = problem.location_by_id[key[1]]
        loc_free = [d for d in open_dates if loc.available_on(d)]
        return f"{loc.label} is available on {_days(len(loc_free))}: {_runs(loc_free, calendar=problem.calendar)}"
    if kind == "requirement":
        booked = problem.requirement_dates.get(key[1], frozenset())
        return f"{key[1]} support is booked on {_days(len(booked))}: {_runs(booked, calendar=problem.calendar)}"
    if kind == "capacity":
        return f"a day holds at most {fmt_minutes(lim.day_capacity)} of shooting and company moves"
    if kind == "minor_wrap":
        return f"days with minors on set wrap by {fmt_clock(lim.minor_wrap_minute)}"
    if kind == "curfew":
        member = problem.cast_by_id[key[1]]
        return f"{member.label} must wrap by {fmt_clock(member.wrap_by_minute or 0)}"
    if kind == "reach":
        return f"locations more than {problem.company_move_minutes} min apart cannot share a day"
    if kind == "person_day":
        member = problem.cast_by_id[key[1]]
        return f"{member.label} works at most {fmt_minutes(problem.person_day_limit(key[1]))} a day"
    if kind == "person_week":
        member = problem.cast_by_id[key[1]]
        return f"{member.label} works at most {fmt_minutes(problem.person_week_limit(key[1]))} a week"
    if kind == "double_booking":
        return "a performer cannot be with two units on the same date"
    if kind == "week_hours":
        return (
            f"a unit works at most {fmt_minutes(lim.max_work_minutes_week)} a week, each day counting "
            f"{fmt_minutes(lim.day_overhead_minutes)} of prep, meals and wrap"
        )
    if kind == "days_week":
        return f"a unit shoots at most {lim.max_days_week} days a week"
    if kind == "consecutive":
        return f"a unit shoots at most {lim.max_consecutive_days} days in a row"
    if kind == "turnaround":
        return (
            f"at least {fmt_minutes(lim.min_turnaround_minutes)} rest between wrap and the next call "
            f"(night-scene days call at {fmt_clock(lim.night_call_minute)})"
        )
    if kind == "order":
        return f"scene {key[1]} must be shot before scene {key[2]}"
    return " ".join(key)


def explain_with_index(problem: Problem, time_limit: float = 20.0, workers: int = 1) -> list[Conflict]:
    """Pre-checks, else a minimal set of constraint groups that cannot hold together (see the module docstring)."""
    from .cpmodel import Builder

    found = prechecks(problem)
    if found:
        return found
    extra = max(10, len(problem.calendar.dates) // 2)
    ix = Index(problem, explain=True, extra_dates=extra)
    guards: dict[Key, cp_model.IntVar] = {}
    model = cp_model.CpModel()

    def guard(key: Key) -> list[cp_model.IntVar]:
        v = guards.get(key)
        if v is None:
            v = model.new_bool_var("g:" + ":".join(key))
            guards[key] = v
        return [v]

    free = {s: d for s, d in enumerate(ix.domain) if s not in ix.frozen_assign}
    Builder(ix, free, dict(ix.frozen_assign), guard=guard, objective=False, model=model)
    keys = list(guards)
    if not keys:
        return [Conflict("unknown", "No schedule exists, and no single constraint group explains it", ())]
    deadline = time.monotonic() + time_limit

    def infeasible(active: list[Key]) -> tuple[bool | None, list[Key]]:
        model.clear_assumptions()
        model.add_assumptions([guards[k] for k in active])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
        solver.parameters.num_workers = 1
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            core_idx = set(solver.sufficient_assumptions_for_infeasibility())
            core = [k for k in active if guards[k].index in core_idx]
            return True, core or active
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False, []
        return None, []

    verdict, core = infeasible(keys)
    if verdict is None:
        return [Conflict("unknown", "No schedule was found in the time allowed, and no conflict could be named", ())]
    if verdict is False:
        return []
    # deletion: drop groups the rest stays infeasible without
    i = 0
    while i < len(core) and time.monotonic() < deadline:
        trial = core[:i] + core[i + 1 :]
        verdict, smaller = infeasible(trial)
        if verdict:
            core = [k for k in trial if k in set(smaller)] if smaller else trial
        else:
            i += 1
    parts = tuple(describe(problem, k, ix) for k in core)
    subjects = tuple(k[1] for k in core if len(k) > 1)
    if len(parts) == 1:
        message = f"No schedule exists because {parts[0]}"
    else:
        message = "No schedule satisfies all of these together: " + "; ".join(parts)
    return [Conflict("together", message, subjects, parts)]


def explain(problem: Problem, *, time_limit: float = 20.0) -> list[Conflict]:
    """Why ``problem`` has no schedule: sound pre-check findings, or a minimal conflicting set of constraint groups
    from CP-SAT (empty when a schedule exists)."""
    problem.check()
    return explain_with_index(problem, time_limit)
