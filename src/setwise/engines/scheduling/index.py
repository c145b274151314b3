"""Integer-indexed view of a ``Problem`` for the solver: dates, (unit, date) slots, and every scene's domain (the
slots it may go to given units, cast and location availability, booked needs, pins, the calendar and frozen days).

In explanation mode the domain also holds the slots a relaxable constraint forbids, each with the keys of the
constraints forbidding it, and the calendar is extended past its horizon (key ``("horizon",)``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from .model import Problem

Key = tuple[str, ...]


class Index:
    def __init__(self, problem: Problem, *, explain: bool = False, extra_dates: int = 0) -> None:
        self.problem = problem
        self.explain = explain
        cal = problem.calendar
        lim = problem.limits
        horizon = set(cal.dates)
        extra: list[dt.date] = []
        if explain and extra_dates > 0:
            day = (cal.dates[-1] if cal.dates else cal.start - dt.timedelta(days=1)) + dt.timedelta(days=1)
            guard = day + dt.timedelta(days=extra_dates * 7 + 30)
            while len(extra) < extra_dates and day <= guard:
                if cal.day_off_reason(day) is None:
                    extra.append(day)
                day += dt.timedelta(days=1)
        frozen_dates = {d.date for d in problem.frozen}
        self.dates: list[dt.date] = sorted(horizon | frozen_dates | set(extra))
        self.tidx = {d: i for i, d in enumerate(self.dates)}
        self.extra_dates = frozenset(extra)
        self.units = list(problem.units)
        self.uidx = {u.id: i for i, u in enumerate(self.units)}
        self.main = 0
        week_ids: dict[tuple[int, int], int] = {}
        self.week: list[int] = []
        for d in self.dates:
            iso = d.isocalendar()
            self.week.append(week_ids.setdefault((iso[0], iso[1]), len(week_ids)))
        self.n_weeks = len(week_ids)

        # --- slots --------------------------------------------------------------------------------------------------
        frozen_by_slot = {(d.unit, d.date): d for d in problem.frozen}
        self.slots: list[tuple[int, int]] = []
        self.slot_at: dict[tuple[int, int], int] = {}
        self.slot_reasons: list[frozenset[Key]] = []
        self.frozen_slot: set[int] = set()
        for ui, unit in enumerate(self.units):
            for t, day in enumerate(self.dates):
                frozen = (unit.id, day) in frozen_by_slot
                reasons: set[Key] = set()
                if not frozen:
                    if day in frozen_dates and day not in horizon and day not in self.extra_dates:
                        continue  # a frozen day's date outside the calendar exists only for its own unit
                    if not unit.works_on(day):
                        continue
                    if day in self.extra_dates:
                        reasons.add(("horizon",))
                    if problem.reschedule_from is not None and day < problem.reschedule_from:
                        reasons.add(("reschedule",))
                    if reasons and not explain:
                        continue
                k = len(self.slots)
                self.slots.append((ui, t))
                self.slot_at[(ui, t)] = k
                self.slot_reasons.append(frozenset(reasons))
                if frozen:
                    self.frozen_slot.add(k)
        self.unit_slots: list[list[int]] = [[] for _ in self.units]
        for k, (ui, _t) in enumerate(self.slots):
            self.unit_slots[ui].append(k)
        self.slots_at_date: dict[int, list[int]] = defaultdict(list)
        for k, (_ui, t) in enumerate(self.slots):
            self.slots_at_date[t].append(k)

        # --- scenes ---------------------------------------------------------------------------------------------------
        self.scene_ids = [s.id for s in problem.scenes]
        self.sidx = {sid: i for i, sid in enumerate(self.scene_ids)}
        self.cast_ids = [c.id for c in problem.cast]
        self.cidx = {cid: i for i, cid in enumerate(self.cast_ids)}
        self.loc_ids = [loc.id for loc in problem.locations]
        self.lidx = {lid: i for i, lid in enumerate(self.loc_ids)}
        self.minutes = [s.estimated_minutes for s in problem.scenes]
        self.loc = [self.lidx[s.location] for s in problem.scenes]
        self.cast = [tuple(self.cidx[c] for c in s.cast) for s in problem.scenes]
        self.night = [s.night for s in problem.scenes]
        self.minors = [s.requirements.minors for s in problem.scenes]
        self.emotional = [s.emotional for s in problem.scenes]
        self.cast_scenes: list[list[int]] = [[] for _ in self.cast_ids]
        for s, cs in enumerate(self.cast):
            for c in cs:
                self.cast_scenes[c].append(s)
        self.wrap_by = [c.wrap_by_minute for c in problem.cast]
        self.cost = [c.cost_per_day for c in problem.cast]
        self.drop = [c.drop_pickup for c in problem.cast]
        self.day_limit = [problem.person_day_limit(c) for c in self.cast_ids]
        self.week_limit = [problem.person_week_limit(c) for c in self.cast_ids]
        self.capacity = lim.day_capacity
        self.reach: list[list[bool]] = [[problem.within_reach(a, b) for b in self.loc_ids] for a in self.loc_ids]

        # frozen scenes and their slots
        self.frozen_assign: dict[int, int] = {}
        for fday in problem.frozen:
            k = self.slot_at[(self.uidx[fday.unit], self.tidx[fday.date])]
            for sid in fday.scenes:
                self.frozen_assign[self.sidx[sid]] = k

        # --- domains --------------------------------------------------------------------------------------------------
        self.domain: list[list[int]] = []
        self.reasons: dict[tuple[int, int], frozenset[Key]] = {}
        pins = problem.pin_by_scene
        open_slots = [k for k in range(len(self.slots)) if k not in self.frozen_slot]
        # dates each performer, location and booked need allows (date indices), for the fast path
        cast_ok = [frozenset(t for t, d in enumerate(self.dates) if c.available_on(d)) for c in problem.cast]
        loc_ok = [frozenset(t for t, d in enumerate(self.dates) if loc.available_on(d)) for loc in problem.locations]
        need_ok = {
            n: frozenset(t for t, d in enumerate(self.dates) if d in b) for n, b in problem.requirement_dates.items()
        }
        for s, scene in enumerate(problem.scenes):
            if s in self.frozen_assign:
                self.domain.append([self.frozen_assign[s]])
                continue
            pin = pins.get(scene.id)
            needs = [n for n in scene.requirements.names if n in problem.requirement_dates]
            single_ok = self._single_scene_ok(s)
            if not explain:
                if not single_ok:
                    self.domain.append([])
                    continue
                ok_t = loc_ok[self.loc[s]].intersection(
                    *(cast_ok[c] for c in self.cast[s]), *(need_ok[n] for n in needs)
                )
                dom = []
                for k in open_slots:
                    ui, t = self.slots[k]
                    if t not in ok_t or self.slot_reasons[k]:
                        continue
                    unit = self.units[ui]
                    if not unit.may_shoot(scene.id):
                        continue
                    if pin is not None and (
                        self.dates[t] != pin.date or (pin.unit is not None and pin.unit != unit.id)
                    ):
                        continue
                    dom.append(k)
                self.domain.append(dom)
                continue
            dom = []
            cast_members = [problem.cast_by_id[c] for c in scene.cast]
            location = problem.location_by_id[scene.location]
            for k in open_slots:
                ui, t = self.slots[k]
                unit = self.units[ui]
                day = self.dates[t]
                why: set[Key] = set(self.slot_reasons[k])
                if not unit.may_shoot(scene.id):
                    why.add(("unit", scene.id))
                if pin is not None and (day != pin.date or (pin.unit is not None and pin.unit != unit.id)):
                    why.add(("pin", scene.id))
                for member in cast_members:
                    if not member.available_on(day):
                        why.add(("cast", member.id))
                if not location.available_on(day):
                    why.add(("location", location.id))
                for name in needs:
                    if day not in problem.requirement_dates[name]:
                        why.add(("requirement", name))
                if not single_ok:
                    why.add(("capacity",))
                dom.append(k)
                if why:
                    self.reasons[(s, k)] = frozenset(why)
            self.domain.append(dom)

    def _single_scene_ok(self, s: int) -> bool:
        """Whether scene ``s`` fits a day on its own (length, its cast's day limits and curfews)."""
        lim = self.problem.limits
        minutes = self.minutes[s]
        if minutes > self.capacity:
            return False
        call = lim.night_call_minute if self.night[s] else lim.day_call_minute
        wrap = call + lim.day_overhead_minutes + minutes
        if self.minors[s] and wrap > lim.minor_wrap_minute:
            return False
        for c in self.cast[s]:
            if lim.cast_overhead_minutes + minutes > self.day_limit[c]:
                return False
            if lim.cast_overhead_minutes + minutes > self.week_limit[c]:
                return False
            wb = self.wrap_by[c]
            if wb is not None and wrap > wb:
                return False
        return True

    def slot_date(self, k: int) -> dt.date:
        return self.dates[self.slots[k][1]]

    def slot_unit(self, k: int) -> str:
        return self.units[self.slots[k][0]].id
