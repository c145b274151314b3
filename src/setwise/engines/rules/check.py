"""``check(plan, rules)``: every broken working-hour rule of a plan or of actuals.

How the rules are measured (rules.md §1.0; the same for plans and for actuals from DPRs):

- Hours are real elapsed time between aware datetimes: a shift across a daylight-saving change counts the hours
  actually worked (Australia), whatever the wall clock says. A work day is call to wrap; a shift belongs to the
  local date of its call in the production's time zone, including the hours after midnight.
- Meals count as work for rules with ``includes_meals`` (call to wrap) and are subtracted for the others.
- A week runs from 00:00 on the rule set's first weekday (Monday unless a document sets ``week_starts``) to the
  same time seven days later, local time; a shift counts in the week of its call, so a Sunday-night shift that
  wraps on Monday counts whole in the week it started. Months and years are calendar ones, local time.
- Overtime is worked time beyond the ordinary day (``max_hours_day_ordinary``) plus, once the week's ordinary
  time passes ``max_hours_week_ordinary``, the rest of the week's hours; it is placed on the day it happens.
- A day is worked when any part of a shift falls on it, so a wrap at 02:00 leaves no day off on that date.
  Days the plan does not cover count as days off (nothing is known against them). Fortnights are pairs of weeks
  counted from the week of the plan's first call.
- Minors: bands from the birth date on each shoot date (see ``bands``); the night-ban overlap is measured on the
  local wall clock for each date the shift touches; ``minor_wrap_by`` compares the wrap's wall-clock time with
  the call date's midnight (25.5 = 01:30 the next morning).
- Turnaround runs from the last wrap of one work day to the first call of the next; shifts called on the same
  date (a split day) add up in that day, and the gap between them is a break, not rest.
- One violation per person, rule family and day (or week, month, run): when several layers are broken, the one
  broken by the most (the strictest) is reported with its layer and source.

Dates on violations are the local date of the shift's call on which the rule broke; for week, fortnight, month,
year and consecutive-day rules, the day the limit was crossed.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .bands import age_on, minor_bands
from .model import EffectiveLimit, Person, Plan, PlanError, Violation, WorkLimits
from .ruleset import RuleSet

MAX_SHIFT_HOURS = 48
_EPOCH = dt.date(1970, 1, 1).toordinal()
_EPS = 1e-6
_DAY = 86400

Meals = tuple[tuple[float, float], ...]
_Shift = tuple[float, float, Meals, int]


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``, or a ``PlanError``."""
    if not isinstance(name, str) or not name:
        raise PlanError("timezone must be an IANA name such as Asia/Seoul")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PlanError(f"unknown time zone {name!r}") from None


class LocalClock:
    """UTC seconds to local time in one zone, with the zone's offset changes found once for the plan's span."""

    def __init__(self, tz: ZoneInfo, lo: float, hi: float) -> None:
        self.tz = tz
        t = math.floor(lo) - _DAY
        end = math.ceil(hi) + _DAY
        off = self._offset_of(t)
        self.starts: list[int] = [t]
        self.offsets: list[int] = [off]
        step = 3 * 3600
        while t < end:
            nxt = t + step
            off2 = self._offset_of(nxt)
            if off2 != off:
                a, b = t, nxt
                while b - a > 1:
                    mid = (a + b) // 2
                    a, b = (mid, b) if self._offset_of(mid) == off else (a, mid)
                self.starts.append(b)
                self.offsets.append(off2)
            t, off = nxt, off2
        self.fixed: int | None = off if len(self.offsets) == 1 else None
        self._to_utc: dict[tuple[int, int], float] = {}

    def _offset_of(self, ts: int) -> int:
        delta = dt.datetime.fromtimestamp(ts, self.tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    def offset(self, ts: float) -> int:
        if self.fixed is not None:
            return self.fixed
        return self.offsets[max(0, bisect_right(self.starts, ts) - 1)]

    def day(self, ts: float) -> int:
        """Local day number (days since 1970-01-01, local) of an instant."""
        return int((ts + self.offset(ts)) // _DAY)

    def utc(self, day: int, minute: int) -> float:
        """The instant of local wall time ``minute`` after midnight of local ``day``."""
        if self.fixed is not None:
            return day * _DAY + minute * 60 - self.fixed
        key = (day, minute)
        hit = self._to_utc.get(key)
        if hit is None:
            d = dt.date.fromordinal(_EPOCH + day)
            local = dt.datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=self.tz)
            hit = self._to_utc[key] = local.timestamp()
        return hit


def check(plan: Plan, rules: RuleSet) -> list[Violation]:
    """Check a plan (or actuals) against a rule set; violations sorted by date, person and rule."""
    tz = zone(plan.timezone)
    people: dict[str, Person] = {}
    for p in plan.people:
        if not isinstance(p.id, str) or not p.id:
            raise PlanError("every person needs an id")
        if p.id in people:
            raise PlanError(f"person {p.id!r} is listed twice")
        people[p.id] = p
    per: dict[str, list[_Shift]] = {}
    lo, hi = math.inf, -math.inf
    for i, s in enumerate(plan.shifts):
        where = f"shift {i + 1} ({s.person})"
        if s.person not in people:
            raise PlanError(f"shift {i + 1}: unknown person {s.person!r}")
        c = _ts(s.call, f"{where} call")
        w = _ts(s.wrap, f"{where} wrap")
        if w <= c:
            raise PlanError(f"{where}: wrap {s.wrap.isoformat()} is not after call {s.call.isoformat()}")
        if w - c > MAX_SHIFT_HOURS * 3600:
            raise PlanError(f"{where}: {(w - c) / 3600:.1f} h from call to wrap (more than {MAX_SHIFT_HOURS} h)")
        meals: Meals = _meals(s.meals, c, w, where) if s.meals else ()
        per.setdefault(s.person, []).append((c, w, meals, i))
        lo, hi = min(lo, c), max(hi, w)
    out: list[Violation] = []
    if not per:
        return out
    clock = LocalClock(tz, lo, hi)
    anchor_week = _week(clock.day(lo), rules.week_start)
    for pid, shifts in per.items():
        shifts.sort()
        for a, b in pairwise(shifts):
            if b[0] < a[1]:
                raise PlanError(f"shifts {a[3] + 1} and {b[3] + 1} of {pid} overlap")
        _Person(people[pid], rules, clock, anchor_week, out).run(shifts)
    out.sort(key=lambda v: (v.date, v.person, v.rule))
    return out


def _ts(value: object, where: str) -> float:
    if not isinstance(value, dt.datetime):
        raise PlanError(f"{where}: not a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise PlanError(f"{where}: {value.isoformat()} has no UTC offset (naive datetime)")
    return value.timestamp()


def _meals(meals: Sequence[tuple[dt.datetime, dt.datetime]], c: float, w: float, where: str) -> Meals:
    spans: list[tuple[float, float]] = []
    for j, meal in enumerate(meals):
        if len(meal) != 2:
            raise PlanError(f"{where} meal {j + 1}: needs a start and an end")
        a = _ts(meal[0], f"{where} meal {j + 1} start")
        b = _ts(meal[1], f"{where} meal {j + 1} end")
        if b <= a:
            raise PlanError(f"{where} meal {j + 1}: ends before it starts")
        if a < c or b > w:
            raise PlanError(f"{where} meal {j + 1}: outside call to wrap")
        spans.append((a, b))
    spans.sort()
    merged: list[tuple[float, float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def _week(day: int, week_start: int) -> int:
    return (day + 3 - week_start) // 7  # 1970-01-01 was a Thursday (weekday 3)


_dates: dict[int, dt.date] = {}


def _date(day: int) -> dt.date:
    d = _dates.get(day)
    if d is None:
        d = _dates[day] = dt.date.fromordinal(_EPOCH + day)
    return d


class _Crossing:
    """The first day a running total passed a cap, and the cap then."""

    __slots__ = ("day", "limit")

    def __init__(self) -> None:
        self.day = -1
        self.limit: EffectiveLimit | None = None

    def offer(self, day: int, total: float, cap: EffectiveLimit | None, scale: float = 3600) -> None:
        if self.limit is None and cap is not None and total > cap.value * scale + _EPS:
            self.day, self.limit = day, cap


class _Person:
    def __init__(self, person: Person, rules: RuleSet, clock: LocalClock, anchor_week: int, out: list[Violation]):
        self.p = person
        self.rules = rules
        self.clock = clock
        self.anchor_week = anchor_week
        self.out = out
        self.groups = rules.groups_of(person.role)
        self.adult = rules.limits_for_groups(frozenset(), self.groups)
        self._by_day: dict[int, WorkLimits] = {}

    def lim(self, day: int) -> WorkLimits:
        if self.p.birth_date is None:
            return self.adult
        hit = self._by_day.get(day)
        if hit is None:
            bands = minor_bands(self.rules.country, self.p.birth_date, _date(day))
            hit = self._by_day[day] = self.rules.limits_for_groups(bands, self.groups)
        return hit

    def add(self, why: EffectiveLimit | None, day: int, value: float, limit: float, unit: str, floor: bool) -> None:
        if why is None:
            return
        excess = limit - value if floor else value - limit
        self.out.append(
            Violation(
                person=self.p.id,
                rule=why.rule,
                date=_date(day),
                value=round(value, 2),
                limit=round(limit, 2),
                excess=round(excess, 2),
                unit=unit,
                source=why.source,
                layer=why.layer,
                origin=why.origin,
                status=why.status,
                severity=why.severity,
            )
        )

    def run(self, shifts: list[_Shift]) -> None:
        clock = self.clock
        day_totals: dict[int, list[float]] = {}  # call day -> [call-to-wrap s, net s]
        worked: set[int] = set()
        prev_wrap: float | None = None  # last wrap of the previous work day
        day_wrap: float | None = None  # last wrap so far of the current work day
        current = None
        for c, w, meals, _ in shifts:
            day = clock.day(c)
            lim = self.lim(day)
            meal_s = sum(b - a for a, b in meals)
            span = w - c
            net = span - meal_s
            tot = day_totals.get(day)
            if tot is None:
                day_totals[day] = [span, net]
            else:
                tot[0] += span
                tot[1] += net
            last = clock.day(w - 1)
            if last > day:
                worked.update(range(day, last + 1))
            else:
                worked.add(day)
            pv = lim.provenance
            if day != current:
                current, prev_wrap = day, day_wrap
                if prev_wrap is not None and lim.min_turnaround is not None:
                    rest = c - prev_wrap
                    if rest < lim.min_turnaround * 3600 - _EPS:
                        self.add(pv.get("min_turnaround"), day, rest / 3600, lim.min_turnaround, "h", True)
            day_wrap = w
            if lim.meal_break_after_hours is not None:
                shortest = (lim.meal_break_min_minutes or 0) * 60 - _EPS
                longest, start = 0.0, c
                for a, b in meals:
                    if b - a >= shortest:
                        longest = max(longest, a - start)
                        start = b
                longest = max(longest, w - start)
                if longest > lim.meal_break_after_hours * 3600 + _EPS:
                    why = pv.get("meal_break_after_hours")
                    self.add(why, day, longest / 3600, lim.meal_break_after_hours, "h", False)
            if lim.meal_tiers:
                owed, why = lim.required_meal_minutes(net / 3600)
                if meal_s / 60 < owed - _EPS:
                    self.add(why, day, meal_s / 60, owed, "min", True)
            if lim.meal_break_max_minutes is not None and meals:
                longest_meal = max(b - a for a, b in meals) / 60
                if longest_meal > lim.meal_break_max_minutes + _EPS:
                    why = pv.get("meal_break_max_minutes")
                    self.add(why, day, longest_meal, lim.meal_break_max_minutes, "min", False)
            if lim.night_bans:
                worst, worst_ban = 0.0, None
                for ban in lim.night_bans:
                    inside = self._overlap(c, w, day, last, ban.window.start, ban.window.end)
                    if inside > worst + _EPS:
                        worst, worst_ban = inside, ban
                if worst_ban is not None:
                    self.add(worst_ban.limit, day, worst / 3600, 0.0, "h", False)
            if lim.wrap_by_hour is not None:
                wall = (w + clock.offset(w) - day * _DAY) / 3600
                if wall > lim.wrap_by_hour + _EPS:
                    self.add(pv.get("wrap_by_hour"), day, wall, lim.wrap_by_hour, "h", False)
            if lim.min_age is not None and self.p.birth_date is not None:
                age = age_on(self.p.birth_date, _date(day))
                if age < lim.min_age:
                    self.add(pv.get("min_age"), day, age, lim.min_age, "years", True)
        self._hours(day_totals)
        self._days_off(sorted(worked))

    def _overlap(self, c: float, w: float, first: int, last: int, start: int, end: int) -> float:
        total = 0.0
        for d in range(first - 1, last + 1):
            ws = self.clock.utc(d, start)
            we = self.clock.utc(d + 1, end) if end <= start else self.clock.utc(d, end)
            total += max(0.0, min(w, we) - max(c, ws))
        return total

    def _hours(self, day_totals: dict[int, list[float]]) -> None:
        ws = self.rules.week_start
        week = month = year = None
        week_span = week_net = week_ord = week_ot = month_ot = year_ot = 0.0
        x_span, x_net, x_wot, x_mot, x_yot = _Crossing(), _Crossing(), _Crossing(), _Crossing(), _Crossing()
        for day in sorted(day_totals):
            span, net = day_totals[day]
            lim = self.lim(day)
            pv = lim.provenance
            d = _date(day)
            wk = _week(day, ws)
            if wk != week:
                self._flush_week(week_span, week_net, x_span, x_net, week_ot, x_wot)
                week, week_span, week_net, week_ord, week_ot = wk, 0.0, 0.0, 0.0, 0.0
                x_span, x_net, x_wot = _Crossing(), _Crossing(), _Crossing()
            if (d.year, d.month) != month:
                self._flush(month_ot, x_mot, "h")
                month, month_ot, x_mot = (d.year, d.month), 0.0, _Crossing()
            if d.year != year:
                self._flush(year_ot, x_yot, "h")
                year, year_ot, x_yot = d.year, 0.0, _Crossing()
            # the day
            excess_span = span - lim.max_day_with_meals * 3600 if lim.max_day_with_meals is not None else -1.0
            excess_net = net - lim.max_day_net * 3600 if lim.max_day_net is not None else -1.0
            if max(excess_span, excess_net) > _EPS:
                if excess_span >= excess_net:
                    self.add(pv.get("max_day_with_meals"), day, span / 3600, lim.max_day_with_meals or 0, "h", False)
                else:
                    self.add(pv.get("max_day_net"), day, net / 3600, lim.max_day_net or 0, "h", False)
            ot_day = max(0.0, net - lim.ordinary_day * 3600) if lim.ordinary_day is not None else 0.0
            ot = ot_day
            if lim.ordinary_week is not None:
                before = max(0.0, week_ord - lim.ordinary_week * 3600)
                week_ord += net - ot_day
                ot += max(0.0, week_ord - lim.ordinary_week * 3600) - before
            if lim.max_overtime_day is not None and ot_day > lim.max_overtime_day * 3600 + _EPS:
                self.add(pv.get("max_overtime_day"), day, ot_day / 3600, lim.max_overtime_day, "h", False)
            if lim.no_overtime and ot > _EPS:
                self.add(pv.get("no_overtime"), day, ot / 3600, 0.0, "h", False)
            # running totals
            week_span += span
            week_net += net
            week_ot += ot
            month_ot += ot
            year_ot += ot
            x_span.offer(day, week_span, pv.get("max_week_with_meals"))
            x_net.offer(day, week_net, pv.get("max_week_net"))
            x_wot.offer(day, week_ot, pv.get("max_overtime_week"))
            x_mot.offer(day, month_ot, pv.get("max_overtime_month"))
            x_yot.offer(day, year_ot, pv.get("max_overtime_year"))
        self._flush_week(week_span, week_net, x_span, x_net, week_ot, x_wot)
        self._flush(month_ot, x_mot, "h")
        self._flush(year_ot, x_yot, "h")

    def _flush_week(
        self, span: float, net: float, x_span: _Crossing, x_net: _Crossing, ot: float, x_ot: _Crossing
    ) -> None:
        pairs = ((span, x_span), (net, x_net))
        candidates = [(total - x.limit.value * 3600, total, x) for total, x in pairs if x.limit]
        if candidates:
            _, total, x = max(candidates, key=lambda t: t[0])
            self._flush(total, x, "h")
        self._flush(ot, x_ot, "h")

    def _flush(self, total: float, x: _Crossing, unit: str) -> None:
        if x.limit is not None:
            self.add(x.limit, x.day, total / 3600, x.limit.value, unit, False)

    def _days_off(self, worked: list[int]) -> None:
        if not worked:
            return
        ws = self.rules.week_start
        # consecutive working days
        run_start = prev = worked[0]
        for day in [*worked[1:], None]:
            if day is not None and day == prev + 1:
                prev = day
                continue
            length = prev - run_start + 1
            cap = self.lim(prev).max_consecutive_days
            if cap is not None and length > cap:
                cross = run_start + cap
                self.add(self.lim(cross).provenance.get("max_consecutive_days"), cross, length, cap, "days", False)
            if day is not None:
                run_start = prev = day
        # days off per week and per fortnight
        self._per_block(worked, lambda d: _week(d, ws), 7, "min_days_off_per_week")
        self._per_block(worked, lambda d: (_week(d, ws) - self.anchor_week) // 2, 14, "min_days_off_per_14")
        for block_days in _blocks(worked, lambda d: (_week(d, ws) - self.anchor_week) // 2):
            last = block_days[-1]
            lim = self.lim(last)
            need = lim.min_consecutive_days_off_per_14
            if need is None:
                continue
            start = (self.anchor_week + 2 * ((_week(last, ws) - self.anchor_week) // 2)) * 7 - 3 + ws
            gaps = [block_days[0] - start, start + 13 - last]
            gaps += [b - a - 1 for a, b in pairwise(block_days)]
            longest = max(gaps)
            if longest < need:
                self.add(lim.provenance.get("min_consecutive_days_off_per_14"), last, longest, need, "days", True)

    def _per_block(self, worked: list[int], block_of: Callable[[int], int], size: int, name: str) -> None:
        for days in _blocks(worked, block_of):
            lim = self.lim(days[-1])
            need = getattr(lim, name)
            if need is None or size - len(days) >= need:
                continue
            cross = days[size - need]
            self.add(lim.provenance.get(name), cross, size - len(days), need, "days", True)


def _blocks(days: list[int], block_of: Callable[[int], int]) -> list[list[int]]:
    blocks: list[list[int]] = []
    current = None
    for d in days:
        b = block_of(d)
        if b != current:
            blocks.append([])
            current = b
        blocks[-1].append(d)
    return blocks
