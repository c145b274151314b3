"""The independent checker: every hard constraint of a ``Problem`` tested on any ``Board`` in plain Python.

``validate(problem, board)`` returns ``Violation``s (empty = the board holds) with a plain-language message each;
the product shows them as inline stripboard warnings and the tests hold the optimiser to them. It shares no code
with the solver's model. Each violation also carries the values its message is made of (``Violation.params``), so
the product can say the same sentence in the reader's language.

Frozen days are history: they must appear exactly as frozen, but rules that concern only frozen days are not
reported (a rule spanning days, such as a week's hours, is reported when any of its days is not frozen).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Board, Day, Problem

Date = dt.date

CODES = (
    "unknown_scene",
    "unknown_unit",
    "duplicate_day",
    "duplicate_scene",
    "missing_scene",
    "frozen",
    "before_reschedule",
    "not_working_date",
    "unit_date",
    "unit_scene",
    "cast_unavailable",
    "cast_double_booked",
    "location_unavailable",
    "requirement_date",
    "pinned",
    "order",
    "day_too_long",
    "work_day_too_long",
    "locations_too_far",
    "minor_wrap",
    "person_day_hours",
    "person_week_hours",
    "week_hours",
    "days_per_week",
    "consecutive_days",
    "turnaround",
)


class Params(Mapping[str, str | int]):
    """The values a violation's message is made of: an immutable, hashable mapping (``Params(date=..., ...)``)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str | int] | Iterable[tuple[str, str | int]] = (), /, **values: str | int):
        merged = dict(items)
        merged.update(values)
        self._items: tuple[tuple[str, str | int], ...] = tuple(merged.items())

    def __getitem__(self, key: str) -> str | int:
        for name, value in self._items:
            if name == key:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"Params({dict(self._items)!r})"


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken hard constraint: ``code`` (one of ``CODES``), a plain-language ``message``, and where it is.

    ``params`` are the values the message is made of, named so that a sentence in another language can be built
    from them: a name ending in ``date`` is an ISO date (``"2027-03-08"``), in ``_duration`` whole minutes said as
    hours (``"10 h 10"``), in ``_clock`` minutes after the day's midnight said as a time of day (``"07:00"``,
    ``"01:00 next day"``); ``weekday`` is 0 (Monday) to 6; ``unit`` and names ending in ``_unit`` are a unit's
    label; ``form`` tells which sentence a code uses when it has more than one. Other values are said as they are.
    """

    code: str
    message: str
    date: Date | None = None
    unit: str | None = None
    scenes: tuple[str, ...] = ()
    subject: str | None = None  # the cast member, location or need concerned
    params: Mapping[str, str | int] = field(default_factory=Params)

    def __post_init__(self) -> None:
        if not isinstance(self.params, Params):
            object.__setattr__(self, "params", Params(self.params))


def iso(day: Date) -> str:
    return day.isoformat()


def fmt_date(day: Date) -> str:
    return f"{day.isoformat()} ({day.strftime('%a')})"


def fmt_minutes(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h" if m == 0 else f"{h} h {m:02d}"


def fmt_clock(minute: int) -> str:
    day, rest = divmod(minute, 1440)
    h, m = divmod(rest, 60)
    return f"{h:02d}:{m:02d}" + (" next day" if day == 1 else f" +{day} days" if day > 1 else "")


# --- day arithmetic shared with ``evaluate`` (the reference definitions) -----------------------------------------


def day_moves(problem: Problem, scenes: Sequence[str]) -> int:
    """Company moves in a day: how often consecutive scenes are at different locations."""
    locs = [problem.scene_by_id[s].location for s in scenes if s in problem.scene_by_id]
    return sum(1 for a, b in itertools.pairwise(locs) if a != b)


def day_shooting_minutes(problem: Problem, scenes: Sequence[str]) -> int:
    """Scene minutes plus ``company_move_minutes`` per move."""
    known = [s for s in scenes if s in problem.scene_by_id]
    return sum(problem.scene_minutes(s) for s in known) + problem.company_move_minutes * day_moves(problem, known)


def day_is_night(problem: Problem, scenes: Sequence[str]) -> bool:
    return any(problem.scene_by_id[s].night for s in scenes if s in problem.scene_by_id)


def day_call(problem: Problem, scenes: Sequence[str]) -> int:
    lim = problem.limits
    return lim.night_call_minute if day_is_night(problem, scenes) else lim.day_call_minute


def day_work_minutes(problem: Problem, scenes: Sequence[str]) -> int:
    """The crew's working day: overhead + shooting + moves."""
    return problem.limits.day_overhead_minutes + day_shooting_minutes(problem, scenes)


def day_wrap(problem: Problem, scenes: Sequence[str]) -> int:
    return day_call(problem, scenes) + day_work_minutes(problem, scenes)


def person_day_minutes(problem: Problem, cast_id: str, scenes: Sequence[str]) -> int:
    """A performer's working day: make-up/costume lead plus the minutes of their scenes (0 when not in any)."""
    own = [s for s in scenes if s in problem.scene_by_id and cast_id in problem.scene_by_id[s].cast]
    if not own:
        return 0
    return problem.limits.cast_overhead_minutes + sum(problem.scene_minutes(s) for s in own)


def week_of(day: Date) -> tuple[int, int]:
    iso = day.isocalendar()
    return (iso[0], iso[1])


# --- the checker ---------------------------------------------------------------------------------------------------


def validate(problem: Problem, board: Board) -> list[Violation]:
    """All hard-constraint violations of ``board`` against ``problem`` (empty list = valid)."""
    out: list[Violation] = []
    add = out.append
    scenes = problem.scene_by_id
    units = problem.unit_by_id
    frozen_map = {(d.date, d.unit): d for d in problem.frozen}
    lim = problem.limits

    def label(sid: str) -> str:
        return f"scene {sid}"

    # --- days and scenes accounted for -----------------------------------------------------------------------------
    days: list[Day] = []
    seen_slots: set[tuple[Date, str]] = set()
    for day in board.days:
        if not day.scenes:
            continue
        if day.unit not in units:
            add(
                Violation(
                    "unknown_unit",
                    f"{fmt_date(day.date)}: unknown unit {day.unit!r}",
                    day.date,
                    day.unit,
                    params=Params(date=iso(day.date), unit_id=day.unit),
                )
            )
            continue
        if (day.date, day.unit) in seen_slots:
            add(
                Violation(
                    "duplicate_day",
                    f"{units[day.unit].label} has two days on {fmt_date(day.date)}",
                    day.date,
                    day.unit,
                    params=Params(unit=units[day.unit].label, date=iso(day.date)),
                )
            )
            continue
        seen_slots.add((day.date, day.unit))
        days.append(day)
    count: dict[str, int] = defaultdict(int)
    for day in days:
        for sid in day.scenes:
            count[sid] += 1
            if sid not in scenes:
                add(
                    Violation(
                        "unknown_scene",
                        f"{fmt_date(day.date)}: unknown scene {sid!r}",
                        day.date,
                        day.unit,
                        (sid,),
                        params=Params(date=iso(day.date), scene_id=sid),
                    )
                )
    for sid, n in count.items():
        if n > 1 and sid in scenes:
            add(
                Violation(
                    "duplicate_scene",
                    f"{label(sid)} is scheduled {n} times",
                    scenes=(sid,),
                    params=Params(scene=sid, count=n),
                )
            )
    for s in problem.scenes:
        if count.get(s.id, 0) == 0:
            add(
                Violation("missing_scene", f"{label(s.id)} is not scheduled", scenes=(s.id,), params=Params(scene=s.id))
            )

    # --- frozen days and the re-planning start ------------------------------------------------------------------------
    frozen_ok: set[tuple[Date, str]] = set()
    by_slot = {(d.date, d.unit): d for d in days}
    for key, fday in frozen_map.items():
        got = by_slot.get(key)
        if got is None or tuple(got.scenes) != tuple(fday.scenes):
            add(
                Violation(
                    "frozen",
                    f"{fmt_date(fday.date)} ({units[fday.unit].label}) is frozen and must stay "
                    f"{', '.join(fday.scenes) or 'empty'}",
                    fday.date,
                    fday.unit,
                    tuple(fday.scenes),
                    params=Params(
                        date=iso(fday.date),
                        unit=units[fday.unit].label,
                        **({"scenes": ", ".join(fday.scenes)} if fday.scenes else {"form": "empty"}),
                    ),
                )
            )
        else:
            frozen_ok.add(key)

    def is_frozen(day: Day) -> bool:
        return (day.date, day.unit) in frozen_ok

    placement: dict[str, tuple[Day, int]] = {}
    for day in days:
        for pos, sid in enumerate(day.scenes):
            placement.setdefault(sid, (day, pos))

    # --- each day on its own ------------------------------------------------------------------------------------------
    calendar = problem.calendar
    horizon = calendar.date_set
    last_date = calendar.dates[-1] if calendar.dates else None
    req_dates = problem.requirement_dates
    for day in days:
        if is_frozen(day):
            continue
        unit = units[day.unit]
        known = [s for s in day.scenes if s in scenes]
        where = f"{fmt_date(day.date)}"
        on = iso(day.date)
        if problem.reschedule_from is not None and day.date < problem.reschedule_from:
            add(
                Violation(
                    "before_reschedule",
                    f"{where}: nothing new may be scheduled before {fmt_date(problem.reschedule_from)}",
                    day.date,
                    day.unit,
                    tuple(known),
                    params=Params(date=on, from_date=iso(problem.reschedule_from)),
                )
            )
        if day.date not in horizon:
            reason = calendar.day_off_reason(day.date)
            cause = calendar.day_off_cause(day.date)
            off = Params(date=on)
            if reason is not None and cause is not None:
                kind, detail = cause
                if kind == "holiday":
                    off = Params(off, form=kind, holiday=detail)
                elif kind == "weekday":
                    off = Params(off, form=kind, weekday=day.date.weekday())
                else:
                    off = Params(off, form=kind)
            elif day.date < calendar.start:
                reason = f"before the calendar starts ({fmt_date(calendar.start)})"
                off = Params(off, form="before_start", start_date=iso(calendar.start))
            else:
                last = fmt_date(last_date) if last_date else "none"
                reason = f"after the calendar's last shooting date ({last})"
                off = (
                    Params(off, form="after_end", last_date=iso(last_date))
                    if last_date
                    else Params(off, form="no_dates")
                )
            add(Violation("not_working_date", f"{where} is {reason}", day.date, day.unit, tuple(known), params=off))
        if not unit.works_on(day.date):
            add(
                Violation(
                    "unit_date",
                    f"{unit.label} does not work on {where}",
                    day.date,
                    day.unit,
                    tuple(known),
                    params=Params(unit=unit.label, date=on),
                )
            )
        for sid in known:
            scene = scenes[sid]
            if not unit.may_shoot(sid):
                add(
                    Violation(
                        "unit_scene",
                        f"{label(sid)} may not be shot by {unit.label}",
                        day.date,
                        day.unit,
                        (sid,),
                        params=Params(scene=sid, unit=unit.label),
                    )
                )
            for cid in scene.cast:
                member = problem.cast_by_id[cid]
                if not member.available_on(day.date):
                    add(
                        Violation(
                            "cast_unavailable",
                            f"{member.label} is not available on {where} ({label(sid)})",
                            day.date,
                            day.unit,
                            (sid,),
                            cid,
                            params=Params(person=member.label, date=on, scene=sid),
                        )
                    )
            location = problem.location_by_id[scene.location]
            if not location.available_on(day.date):
                add(
                    Violation(
                        "location_unavailable",
                        f"{location.label} is not available on {where} ({label(sid)})",
                        day.date,
                        day.unit,
                        (sid,),
                        location.id,
                        params=Params(location=location.label, date=on, scene=sid),
                    )
                )
            for need in scene.requirements.names:
                booked = req_dates.get(need)
                if booked is not None and day.date not in booked:
                    add(
                        Violation(
                            "requirement_date",
                            f"{label(sid)} needs {need} support, which is not booked on {where}",
                            day.date,
                            day.unit,
                            (sid,),
                            need,
                            params=Params(scene=sid, need=need, date=on),
                        )
                    )
        shooting = day_shooting_minutes(problem, known)
        if shooting > lim.max_shooting_minutes_day:
            add(
                Violation(
                    "day_too_long",
                    f"{where} ({unit.label}) needs {fmt_minutes(shooting)} of shooting and "
                    f"moves; the limit is {fmt_minutes(lim.max_shooting_minutes_day)}",
                    day.date,
                    day.unit,
                    tuple(known),
                    params=Params(
                        date=on,
                        unit=unit.label,
                        shooting_duration=shooting,
                        limit_duration=lim.max_shooting_minutes_day,
                    ),
                )
            )
        work = lim.day_overhead_minutes + shooting
        if work > lim.max_work_minutes_day:
            add(
                Violation(
                    "work_day_too_long",
                    f"{where} ({unit.label}) is a {fmt_minutes(work)} working day; the "
                    f"limit is {fmt_minutes(lim.max_work_minutes_day)}",
                    day.date,
                    day.unit,
                    tuple(known),
                    params=Params(
                        date=on, unit=unit.label, work_duration=work, limit_duration=lim.max_work_minutes_day
                    ),
                )
            )
        locs = sorted({scenes[s].location for s in known})
        for i, a in enumerate(locs):
            for b in locs[i + 1 :]:
                travel = problem.travel(a, b)
                if travel is not None and not problem.within_reach(a, b):
                    la, lb = problem.location_by_id[a], problem.location_by_id[b]
                    add(
                        Violation(
                            "locations_too_far",
                            f"{where}: {la.label} and {lb.label} are "
                            f"{travel} min apart; a company move may take at most "
                            f"{problem.company_move_minutes} min",
                            day.date,
                            day.unit,
                            tuple(known),
                            a,
                            params=Params(
                                date=on,
                                location=la.label,
                                other_location=lb.label,
                                travel=travel,
                                move_limit=problem.company_move_minutes,
                            ),
                        )
                    )
        wrap = day_wrap(problem, known)
        if any(scenes[s].requirements.minors for s in known) and wrap > lim.minor_wrap_minute:
            add(
                Violation(
                    "minor_wrap",
                    f"{where}: minors are on set but the day wraps at {fmt_clock(wrap)} "
                    f"(limit {fmt_clock(lim.minor_wrap_minute)})",
                    day.date,
                    day.unit,
                    tuple(known),
                    params=Params(date=on, wrap_clock=wrap, limit_clock=lim.minor_wrap_minute),
                )
            )
        day_cast = sorted({c for s in known for c in scenes[s].cast})
        for cid in day_cast:
            member = problem.cast_by_id[cid]
            if member.wrap_by_minute is not None and wrap > member.wrap_by_minute:
                add(
                    Violation(
                        "minor_wrap",
                        f"{where}: {member.label} must wrap by {fmt_clock(member.wrap_by_minute)}"
                        f" but the day wraps at {fmt_clock(wrap)}",
                        day.date,
                        day.unit,
                        tuple(known),
                        cid,
                        params=Params(
                            form="person",
                            date=on,
                            person=member.label,
                            limit_clock=member.wrap_by_minute,
                            wrap_clock=wrap,
                        ),
                    )
                )
            minutes = person_day_minutes(problem, cid, known)
            limit = problem.person_day_limit(cid)
            if minutes > limit:
                add(
                    Violation(
                        "person_day_hours",
                        f"{where}: {member.label} would work {fmt_minutes(minutes)}; the limit is {fmt_minutes(limit)}",
                        day.date,
                        day.unit,
                        tuple(known),
                        cid,
                        params=Params(date=on, person=member.label, work_duration=minutes, limit_duration=limit),
                    )
                )

    # --- pins --------------------------------------------------------------------------------------------------------
    for pin in problem.pins:
        placed = placement.get(pin.scene)
        if placed is None:
            continue
        pday = placed[0]
        if is_frozen(pday) and problem.frozen_scenes.get(pin.scene) is not None:
            continue
        if pday.date != pin.date or (pin.unit is not None and pday.unit != pin.unit):
            want = fmt_date(pin.date) + (f" ({units[pin.unit].label})" if pin.unit else "")
            pinned = Params(scene=pin.scene, pin_date=iso(pin.date), date=iso(pday.date))
            if pin.unit:
                pinned = Params(pinned, form="unit", pin_unit=units[pin.unit].label)
            add(
                Violation(
                    "pinned",
                    f"{label(pin.scene)} is pinned to {want} but is on {fmt_date(pday.date)}",
                    pday.date,
                    pday.unit,
                    (pin.scene,),
                    params=pinned,
                )
            )

    # --- order constraints --------------------------------------------------------------------------------------------
    for order in problem.orders:
        pa_, pb_ = placement.get(order.before), placement.get(order.after)
        if pa_ is None or pb_ is None or (is_frozen(pa_[0]) and is_frozen(pb_[0])):
            continue
        (da, pa), (db, pb) = pa_, pb_
        ok = da.date < db.date or (da.date == db.date and da.unit == db.unit and pa < pb)
        if not ok:
            add(
                Violation(
                    "order",
                    f"{label(order.before)} must be shot before {label(order.after)} "
                    f"({fmt_date(da.date)} vs {fmt_date(db.date)})",
                    db.date,
                    db.unit,
                    (order.before, order.after),
                    params=Params(
                        scene=order.before, later_scene=order.after, date=iso(da.date), later_date=iso(db.date)
                    ),
                )
            )

    # --- a performer on two units the same date; a performer's week ---------------------------------------------------
    by_date: dict[Date, list[Day]] = defaultdict(list)
    for day in days:
        by_date[day.date].append(day)
    for date, group in sorted(by_date.items()):
        if len(group) < 2 or all(is_frozen(d) for d in group):
            continue
        seen_unit: dict[str, str] = {}
        reported: set[str] = set()
        for day in group:
            for sid in day.scenes:
                for cid in scenes[sid].cast if sid in scenes else ():
                    other = seen_unit.setdefault(cid, day.unit)
                    if other != day.unit and cid not in reported:
                        reported.add(cid)
                        add(
                            Violation(
                                "cast_double_booked",
                                f"{problem.cast_by_id[cid].label} is with "
                                f"{units[other].label} and {units[day.unit].label} on {fmt_date(date)}",
                                date,
                                day.unit,
                                (sid,),
                                cid,
                                params=Params(
                                    person=problem.cast_by_id[cid].label,
                                    other_unit=units[other].label,
                                    unit=units[day.unit].label,
                                    date=iso(date),
                                ),
                            )
                        )
    person_week: dict[tuple[str, tuple[int, int]], list[tuple[int, bool]]] = defaultdict(list)
    for day in days:
        known = [s for s in day.scenes if s in scenes]
        for cid in {c for s in known for c in scenes[s].cast}:
            person_week[(cid, week_of(day.date))].append((person_day_minutes(problem, cid, known), is_frozen(day)))
    for (cid, week), items in sorted(person_week.items()):
        total = sum(m for m, _ in items)
        limit = problem.person_week_limit(cid)
        if total > limit and not all(f for _, f in items):
            add(
                Violation(
                    "person_week_hours",
                    f"{problem.cast_by_id[cid].label} would work {fmt_minutes(total)} in "
                    f"week {week[1]} of {week[0]}; the limit is {fmt_minutes(limit)}",
                    subject=cid,
                    params=Params(
                        person=problem.cast_by_id[cid].label,
                        work_duration=total,
                        week=week[1],
                        year=week[0],
                        limit_duration=limit,
                    ),
                )
            )

    # --- each unit's weeks, runs of days and rest between days --------------------------------------------------------
    for unit in problem.units:
        udays = sorted((d for d in days if d.unit == unit.id), key=lambda d: d.date)
        weeks: dict[tuple[int, int], list[Day]] = defaultdict(list)
        for d in udays:
            weeks[week_of(d.date)].append(d)
        for _week, wdays in sorted(weeks.items()):
            if all(is_frozen(d) for d in wdays):
                continue
            minutes = sum(day_work_minutes(problem, [s for s in d.scenes if s in scenes]) for d in wdays)
            if minutes > lim.max_work_minutes_week:
                add(
                    Violation(
                        "week_hours",
                        f"{unit.label} would work {fmt_minutes(minutes)} in the week of "
                        f"{fmt_date(wdays[0].date)}; the limit is {fmt_minutes(lim.max_work_minutes_week)}",
                        wdays[0].date,
                        unit.id,
                        params=Params(
                            unit=unit.label,
                            work_duration=minutes,
                            date=iso(wdays[0].date),
                            limit_duration=lim.max_work_minutes_week,
                        ),
                    )
                )
            if len(wdays) > lim.max_days_week:
                add(
                    Violation(
                        "days_per_week",
                        f"{unit.label} shoots {len(wdays)} days in the week of "
                        f"{fmt_date(wdays[0].date)}; the limit is {lim.max_days_week}",
                        wdays[0].date,
                        unit.id,
                        params=Params(
                            unit=unit.label, days=len(wdays), date=iso(wdays[0].date), limit=lim.max_days_week
                        ),
                    )
                )
        # runs of consecutive calendar dates
        run: list[Day] = []
        runs: list[list[Day]] = []
        for d in udays:
            if run and d.date - run[-1].date == dt.timedelta(days=1):
                run.append(d)
            else:
                if run:
                    runs.append(run)
                run = [d]
        if run:
            runs.append(run)
        n = lim.max_consecutive_days
        for r in runs:
            if len(r) <= n:
                continue
            if any(not all(is_frozen(d) for d in r[i : i + n + 1]) for i in range(len(r) - n)):
                add(
                    Violation(
                        "consecutive_days",
                        f"{unit.label} shoots {len(r)} days in a row from {fmt_date(r[0].date)}; the limit is {n}",
                        r[0].date,
                        unit.id,
                        params=Params(unit=unit.label, days=len(r), date=iso(r[0].date), limit=n),
                    )
                )
        for d1, d2 in itertools.pairwise(udays):
            if d2.date - d1.date != dt.timedelta(days=1) or (is_frozen(d1) and is_frozen(d2)):
                continue
            ka = [s for s in d1.scenes if s in scenes]
            kb = [s for s in d2.scenes if s in scenes]
            rest = 1440 + day_call(problem, kb) - day_wrap(problem, ka)
            if rest < lim.min_turnaround_minutes:
                add(
                    Violation(
                        "turnaround",
                        f"{unit.label} wraps at {fmt_clock(day_wrap(problem, ka))} on "
                        f"{fmt_date(d1.date)} and calls at {fmt_clock(day_call(problem, kb))} on "
                        f"{fmt_date(d2.date)}: {fmt_minutes(max(0, rest))} rest, at least "
                        f"{fmt_minutes(lim.min_turnaround_minutes)} needed",
                        d2.date,
                        unit.id,
                        params=Params(
                            unit=unit.label,
                            wrap_clock=day_wrap(problem, ka),
                            wrap_date=iso(d1.date),
                            call_clock=day_call(problem, kb),
                            date=iso(d2.date),
                            rest_duration=max(0, rest),
                            minimum_duration=lim.min_turnaround_minutes,
                        ),
                    )
                )
    return out
