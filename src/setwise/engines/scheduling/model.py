"""The scheduling problem and its answer as frozen dataclasses: scenes, cast, locations, calendar, units, pins,
order constraints, working-hour limits, objective weights, frozen (already shot) days, and the ``Board``.

Everything is keyed by string ids chosen by the caller (the product's adapter uses primary keys). Times are whole
minutes; a time of day is minutes after midnight (``420`` = 07:00, ``1500`` = 01:00 the next morning); costs are
whole "cost units" chosen by the production (e.g. thousands of its currency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

Date = dt.date

# --- estimated shooting time -------------------------------------------------------------------------------------

SETUP_MINUTES = 20
"""Fixed per-scene allowance (new set-up, lighting, blocking) in the estimate."""
MINUTES_PER_EIGHTH = 12
"""Shooting minutes per eighth of a page at standard complexity (3): a page takes 96 + 20 minutes."""
COMPLEXITY_FACTORS: Mapping[int, float] = {1: 0.7, 2: 0.85, 3: 1.0, 4: 1.3, 5: 1.7}
"""Complexity 1 (two people talking) .. 5 (stunts, crowds, effects) scales the per-eighth time."""


def estimate_minutes(eighths: int, complexity: int = 3) -> int:
    """Estimated shooting minutes of a scene: ``20 + eighths x 12 x factor(complexity)``, rounded to 5 minutes.

    ``factor`` is 0.7, 0.85, 1.0, 1.3, 1.7 for complexity 1-5 (values outside are clamped). At standard
    complexity a page (8/8) takes 116 minutes, so a 600-minute shooting day holds about five pages; the estimate
    is never below 10 minutes. ``Scene.minutes`` overrides it per scene.
    """
    factor = COMPLEXITY_FACTORS[min(5, max(1, complexity))]
    raw = SETUP_MINUTES + max(0, eighths) * MINUTES_PER_EIGHTH * factor
    return max(10, 5 * round(raw / 5))


NIGHT_TIMES = frozenset({"NIGHT", "LATE NIGHT", "MIDNIGHT", "밤", "夜", "深夜", "กลางคืน", "MALAM", "晚上", "夜晚"})
"""Time-of-day words that make a scene a night scene (the screenplay engine's headings, upper-cased)."""


@dataclass(frozen=True, slots=True)
class Requirements:
    """What a scene needs besides cast and place.

    ``intimacy`` needs an intimacy coordinator; ``minors`` has minors on set (the day must wrap by
    ``WorkLimits.minor_wrap_minute``); ``stunts`` needs the stunt team; ``night`` must be shot in the dark (also
    implied by a night time of day); ``custom`` are other needs by name (e.g. ``"crane"``). When
    ``Problem.requirement_dates`` books a need on given dates (the intimacy coordinator's days), scenes with that
    need may only be shot on those dates.
    """

    intimacy: bool = False
    minors: bool = False
    stunts: bool = False
    night: bool = False
    custom: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The needs as names: ``intimacy``, ``minors``, ``stunts``, ``night`` and the custom ones."""
        flags = (("intimacy", self.intimacy), ("minors", self.minors), ("stunts", self.stunts), ("night", self.night))
        return tuple(name for name, on in flags if on) + self.custom


@dataclass(frozen=True, slots=True)
class Scene:
    """A strip: one scene to shoot.

    ``eighths`` is the page length in eighths, ``complexity`` 1-5 (see ``estimate_minutes``), ``minutes`` overrides
    the estimate. ``location`` is a ``Location.id``; ``set`` names the set there (grouped within a day). ``cast``
    are ``CastMember.id``s; ``elements`` are breakdown tags (props, vehicles...). ``episode`` groups a series into
    blocks; ``emotional`` asks to shoot it late (see ``Weights.emotional_early``).
    """

    id: str
    eighths: int
    location: str
    set: str = ""
    complexity: int = 3
    int_ext: Literal["INT", "EXT", "INT/EXT"] = "INT"
    time_of_day: str = "DAY"
    cast: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    requirements: Requirements = Requirements()
    minutes: int | None = None
    episode: int | None = None
    emotional: bool = False

    @property
    def estimated_minutes(self) -> int:
        """Shooting minutes: ``minutes`` when given, otherwise ``estimate_minutes(eighths, complexity)``."""
        return self.minutes if self.minutes is not None else estimate_minutes(self.eighths, self.complexity)

    @property
    def night(self) -> bool:
        """A night scene: flagged, or its time of day is a night word (``NIGHT_TIMES``)."""
        return self.requirements.night or self.time_of_day.strip().upper() in NIGHT_TIMES


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive range of dates."""

    start: Date
    end: Date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.start.isoformat() if self.start == self.end else f"{self.start.isoformat()}..{self.end.isoformat()}"


def _available(day: Date, windows: tuple[DateRange, ...], unavailable: frozenset[Date]) -> bool:
    if day in unavailable:
        return False
    return not windows or any(day in w for w in windows)


@dataclass(frozen=True, slots=True)
class CastMember:
    """A performer.

    ``available`` windows (none = always) minus ``unavailable`` dates say when they can shoot. ``cost_per_day`` is
    paid for every date from their first to their last shooting date (the holding cost counts the idle ones);
    with ``drop_pickup`` one idle stretch of at least ``WorkLimits.drop_pickup_min_days`` dates is not paid.
    ``max_work_minutes_day/week`` override the limits for this person (minors); ``wrap_by_minute`` is the latest
    wrap of any day they work (a minor's curfew).
    """

    id: str
    name: str = ""
    cost_per_day: int = 0
    available: tuple[DateRange, ...] = ()
    unavailable: frozenset[Date] = frozenset()
    drop_pickup: bool = False
    max_work_minutes_day: int | None = None
    max_work_minutes_week: int | None = None
    wrap_by_minute: int | None = None

    @property
    def label(self) -> str:
        return self.name or self.id

    def available_on(self, day: Date) -> bool:
        return _available(day, self.available, self.unavailable)


@dataclass(frozen=True, slots=True)
class Location:
    """A place to shoot (a studio with several sets is one location).

    ``available``/``unavailable`` as for cast. ``travel_minutes`` maps other location ids to the travel time; two
    locations can share a shooting day only if the travel between them is at most
    ``Problem.company_move_minutes`` (a pair with no travel time given is assumed to be within reach).
    """

    id: str
    name: str = ""
    available: tuple[DateRange, ...] = ()
    unavailable: frozenset[Date] = frozenset()
    travel_minutes: Mapping[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.id

    def available_on(self, day: Date) -> bool:
        return _available(day, self.available, self.unavailable)


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Calendar:
    """The shooting calendar: ``max_days`` working dates from ``start``.

    A working date has a weekday in ``working_weekdays`` (0 = Monday), is not a public holiday of ``country``
    (``holidays`` package, ``subdiv`` for Australian states, public category) and not in ``days_off``;
    ``work_on`` overrides both (a production shooting on a holiday). The horizon holds ``max_days`` such dates.
    """

    start: Date
    max_days: int
    working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    country: str | None = None
    subdiv: str | None = None
    days_off: frozenset[Date] = frozenset()
    work_on: frozenset[Date] = frozenset()

    @cached_property
    def _holidays(self) -> dict[Date, str]:
        if not self.country:
            return {}
        import holidays

        # enough years for max_days working dates even with one working weekday a week
        years = range(self.start.year, self.start.year + 2 + (self.max_days * 7) // 365)
        found = holidays.country_holidays(self.country, subdiv=self.subdiv, years=years)
        return {day: str(name) for day, name in found.items()}

    def holiday(self, day: Date) -> str | None:
        """The public holiday's name on ``day`` (None when it is not one)."""
        return self._holidays.get(day)

    def day_off_cause(self, day: Date) -> tuple[Literal["day_off", "holiday", "weekday"], str] | None:
        """Why ``day`` is not a working date as data, or None when it is one (horizon not considered):
        ``("day_off", "")``, ``("holiday", its name)`` or ``("weekday", the weekday's English name)``."""
        if day in self.work_on:
            return None
        if day in self.days_off:
            return ("day_off", "")
        name = self.holiday(day)
        if name:
            return ("holiday", name)
        if day.weekday() not in self.working_weekdays:
            return ("weekday", WEEKDAY_NAMES[day.weekday()])
        return None

    def day_off_reason(self, day: Date) -> str | None:
        """Why ``day`` is not a working date in plain words, or None when it is one (horizon not considered)."""
        cause = self.day_off_cause(day)
        if cause is None:
            return None
        kind, detail = cause
        if kind == "day_off":
            return "a day off"
        if kind == "holiday":
            return f"a public holiday ({detail})"
        return f"a {detail} (not a working weekday)"

    @cached_property
    def dates(self) -> tuple[Date, ...]:
        """The horizon: the first ``max_days`` working dates from ``start`` (ascending)."""
        out: list[Date] = []
        day = self.start
        limit = self.start + dt.timedelta(days=max(0, self.max_days) * 7 + 366 * 2)
        while len(out) < self.max_days and day <= limit:
            if self.day_off_reason(day) is None:
                out.append(day)
            day += dt.timedelta(days=1)
        return tuple(out)

    @cached_property
    def date_set(self) -> frozenset[Date]:
        return frozenset(self.dates)


@dataclass(frozen=True, slots=True)
class Unit:
    """A shooting unit. ``scenes`` are the scene ids it may shoot (None = any); ``dates`` the dates it works
    (None = every calendar date). The first unit of a problem is the main unit."""

    id: str
    name: str = ""
    scenes: frozenset[str] | None = None
    dates: frozenset[Date] | None = None

    @property
    def label(self) -> str:
        return self.name or f"unit {self.id}"

    def may_shoot(self, scene_id: str) -> bool:
        return self.scenes is None or scene_id in self.scenes

    def works_on(self, day: Date) -> bool:
        return self.dates is None or day in self.dates


@dataclass(frozen=True, slots=True)
class Pin:
    """Scene ``scene`` must be shot on ``date`` (by ``unit`` when given)."""

    scene: str
    date: Date
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Order:
    """Scene ``before`` must be shot before scene ``after``: on an earlier date, or earlier the same day by the same
    unit (continuity: a haircut, a wound, a broken window)."""

    before: str
    after: str


@dataclass(frozen=True, slots=True)
class WorkLimits:
    """Working-hour limits as plain numbers (the rules engine supplies them per country; defaults are the studio
    policy layer: 12 h day, 52 h week, 6 days, 11 h turnaround).

    A unit's working day = ``day_overhead_minutes`` (call to first shot, wrap, meals) + shooting minutes + company
    moves. A day calls at ``day_call_minute``, or ``night_call_minute`` when it has night scenes; it wraps at call +
    working day. Weeks are calendar weeks (Monday to Sunday). A performer's working day = ``cast_overhead_minutes``
    (make-up, costume) + the minutes of their scenes that day.
    """

    max_shooting_minutes_day: int = 600
    max_work_minutes_day: int = 720
    max_work_minutes_week: int = 3120
    max_days_week: int = 6
    max_consecutive_days: int = 6
    min_turnaround_minutes: int = 660
    day_overhead_minutes: int = 120
    cast_overhead_minutes: int = 90
    day_call_minute: int = 420
    night_call_minute: int = 900
    minor_wrap_minute: int = 1320
    drop_pickup_min_days: int = 10

    @property
    def day_capacity(self) -> int:
        """Shooting plus company-move minutes a unit can spend in one day."""
        return max(0, min(self.max_shooting_minutes_day, self.max_work_minutes_day - self.day_overhead_minutes))


@dataclass(frozen=True, slots=True)
class Weights:
    """Objective weights in cost units (defaults: a shooting day costs 50,000, i.e. the crew, kit and locations of a
    day when cast costs are in thousands of the currency).

    ``shooting_day``: per day of the main unit's span (first calendar date to its last shooting date) and per day of
    every other unit; ``company_move``: per move between locations within a day; ``holding``: multiplies each
    performer's ``cost_per_day`` x paid idle dates; ``location_change``: per arrival at a location not shot at on
    the unit's previous shooting day; ``night_before_day``: per (night scene, day scene) pair shot in that order on
    one day; ``emotional_early``: per scene flagged emotional and per date it falls inside the first
    ``emotional_early_days`` dates of the calendar.
    """

    shooting_day: int = 50_000
    company_move: int = 5_000
    holding: int = 1
    location_change: int = 2_000
    night_before_day: int = 500
    emotional_early: int = 1_000
    emotional_early_days: int = 5


@dataclass(frozen=True, slots=True)
class Day:
    """One shooting day of a unit: the date, the unit id and the scene ids in shooting order."""

    date: Date
    unit: str
    scenes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Board:
    """A schedule: shooting days sorted by date (then unit). Scenes not on any day are in the boneyard."""

    days: tuple[Day, ...] = ()

    @classmethod
    def of(cls, days: Iterable[Day]) -> Board:
        """A board from days in any order; empty days are dropped."""
        kept = [d for d in days if d.scenes]
        return cls(tuple(sorted(kept, key=lambda d: (d.date, d.unit))))

    def placement(self) -> dict[str, tuple[Date, str, int]]:
        """Scene id -> (date, unit, position within the day); a scene on two days keeps its first."""
        out: dict[str, tuple[Date, str, int]] = {}
        for day in self.days:
            for pos, scene in enumerate(day.scenes):
                out.setdefault(scene, (day.date, day.unit, pos))
        return out

    def day(self, date: Date, unit: str) -> Day | None:
        return next((d for d in self.days if d.date == date and d.unit == unit), None)


class ProblemError(ValueError):
    """The problem is malformed (unknown ids, duplicates, nonsense numbers); one-line message."""


@dataclass(frozen=True)
class Problem:
    """Everything the scheduler needs.

    ``frozen`` days are kept exactly as given (already shot, or locked by the user); with ``reschedule_from`` no
    other day may come before that date. ``requirement_dates`` books a need (``"intimacy"``, ``"stunts"``, a custom
    name) on given dates: scenes with that need may only be shot then. ``company_move_minutes`` is both the time a
    move within a day costs and the furthest two locations of one day may be apart.
    """

    scenes: tuple[Scene, ...]
    cast: tuple[CastMember, ...]
    locations: tuple[Location, ...]
    calendar: Calendar
    units: tuple[Unit, ...] = (Unit("1", "1st unit"),)
    pins: tuple[Pin, ...] = ()
    orders: tuple[Order, ...] = ()
    limits: WorkLimits = WorkLimits()
    weights: Weights = Weights()
    frozen: tuple[Day, ...] = ()
    reschedule_from: Date | None = None
    requirement_dates: Mapping[str, frozenset[Date]] = field(default_factory=dict)
    company_move_minutes: int = 60
    name: str = ""

    # --- lookups --------------------------------------------------------------------------------------------------

    @cached_property
    def scene_by_id(self) -> dict[str, Scene]:
        return {s.id: s for s in self.scenes}

    @cached_property
    def cast_by_id(self) -> dict[str, CastMember]:
        return {c.id: c for c in self.cast}

    @cached_property
    def location_by_id(self) -> dict[str, Location]:
        return {loc.id: loc for loc in self.locations}

    @cached_property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def pin_by_scene(self) -> dict[str, Pin]:
        return {p.scene: p for p in self.pins}

    @cached_property
    def frozen_scenes(self) -> dict[str, Day]:
        return {s: d for d in self.frozen for s in d.scenes}

    @property
    def main_unit(self) -> str:
        return self.units[0].id

    def travel(self, a: str, b: str) -> int | None:
        """Travel minutes between two locations (0 for the same one, None when not given)."""
        if a == b:
            return 0
        la, lb = self.location_by_id.get(a), self.location_by_id.get(b)
        found = la.travel_minutes.get(b) if la else None
        if found is None and lb is not None:
            found = lb.travel_minutes.get(a)
        return found

    def within_reach(self, a: str, b: str) -> bool:
        """Whether locations ``a`` and ``b`` may be shot on the same day."""
        minutes = self.travel(a, b)
        return minutes is None or minutes <= self.company_move_minutes

    def dates(self) -> tuple[Date, ...]:
        """Every date the schedule can use: the calendar's dates and the frozen days' dates, ascending."""
        return tuple(sorted(self.calendar.date_set | {d.date for d in self.frozen}))

    def scene_minutes(self, scene_id: str) -> int:
        return self.scene_by_id[scene_id].estimated_minutes

    def person_day_limit(self, cast_id: str) -> int:
        c = self.cast_by_id[cast_id]
        return self.limits.max_work_minutes_day if c.max_work_minutes_day is None else c.max_work_minutes_day

    def person_week_limit(self, cast_id: str) -> int:
        c = self.cast_by_id[cast_id]
        return self.limits.max_work_minutes_week if c.max_work_minutes_week is None else c.max_work_minutes_week

    # --- integrity -------------------------------------------------------------------------------------------------

    def check(self) -> None:
        """Raise ``ProblemError`` when ids are duplicated or unknown, or numbers make no sense."""
        for kind, ids in (
            ("scene", [s.id for s in self.scenes]),
            ("cast member", [c.id for c in self.cast]),
            ("location", [loc.id for loc in self.locations]),
            ("unit", [u.id for u in self.units]),
        ):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise ProblemError(f"duplicate {kind} id {i!r}")
                seen.add(i)
        if not self.units:
            raise ProblemError("a problem needs at least one unit")
        if self.calendar.max_days < 0:
            raise ProblemError("calendar max_days must not be negative")
        for s in self.scenes:
            if s.location not in self.location_by_id:
                raise ProblemError(f"scene {s.id!r} is at unknown location {s.location!r}")
            for c in s.cast:
                if c not in self.cast_by_id:
                    raise ProblemError(f"scene {s.id!r} has unknown cast member {c!r}")
            if len(set(s.cast)) != len(s.cast):
                raise ProblemError(f"scene {s.id!r} lists a cast member twice")
            if s.eighths < 0 or s.estimated_minutes <= 0:
                raise ProblemError(f"scene {s.id!r} needs a positive length")
        for p in self.pins:
            if p.scene not in self.scene_by_id:
                raise ProblemError(f"pin of unknown scene {p.scene!r}")
            if p.unit is not None and p.unit not in self.unit_by_id:
                raise ProblemError(f"scene {p.scene!r} is pinned to unknown unit {p.unit!r}")
        if len(self.pin_by_scene) != len(self.pins):
            raise ProblemError("a scene is pinned twice")
        for o in self.orders:
            for sid in (o.before, o.after):
                if sid not in self.scene_by_id:
                    raise ProblemError(f"order constraint names unknown scene {sid!r}")
            if o.before == o.after:
                raise ProblemError(f"scene {o.before!r} cannot come before itself")
        seen_frozen: set[str] = set()
        slots: set[tuple[Date, str]] = set()
        for d in self.frozen:
            if d.unit not in self.unit_by_id:
                raise ProblemError(f"frozen day {d.date} has unknown unit {d.unit!r}")
            if (d.date, d.unit) in slots:
                raise ProblemError(f"two frozen days on {d.date} for unit {d.unit!r}")
            slots.add((d.date, d.unit))
            for sid in d.scenes:
                if sid not in self.scene_by_id:
                    raise ProblemError(f"frozen day {d.date} has unknown scene {sid!r}")
                if sid in seen_frozen:
                    raise ProblemError(f"scene {sid!r} is on two frozen days")
                seen_frozen.add(sid)
        for u in self.units:
            for sid in u.scenes or ():
                if sid not in self.scene_by_id:
                    raise ProblemError(f"{u.label} lists unknown scene {sid!r}")
        limits = self.limits
        for name in ("max_shooting_minutes_day", "max_work_minutes_day", "max_work_minutes_week", "max_days_week"):
            if getattr(limits, name) <= 0:
                raise ProblemError(f"work limit {name} must be positive")
        if limits.max_consecutive_days <= 0 or limits.drop_pickup_min_days <= 0:
            raise ProblemError("max_consecutive_days and drop_pickup_min_days must be positive")
        w = self.weights
        if min(w.shooting_day, w.company_move, w.holding, w.location_change, w.night_before_day, w.emotional_early) < 0:
            raise ProblemError("objective weights must not be negative")
        if any(c.cost_per_day < 0 for c in self.cast):
            raise ProblemError("cast costs must not be negative")
        if self.company_move_minutes < 0:
            raise ProblemError("company_move_minutes must not be negative")

    # --- derived problems -------------------------------------------------------------------------------------------

    def remainder(self, board: Board, shot_through: Date) -> Problem:
        """The problem of re-planning the unshot rest: ``board``'s days up to ``shot_through`` become frozen (on top
        of frozen days already given) and nothing new may be scheduled on or before it."""
        frozen = {(d.date, d.unit): d for d in self.frozen}
        for d in board.days:
            if d.date <= shot_through:
                frozen.setdefault((d.date, d.unit), d)
        start = shot_through + dt.timedelta(days=1)
        if self.reschedule_from is not None:
            start = max(start, self.reschedule_from)
        return replace(
            self, frozen=tuple(sorted(frozen.values(), key=lambda d: (d.date, d.unit))), reschedule_from=start
        )

    def with_weights(self, weights: Weights) -> Problem:
        return replace(self, weights=weights)
