"""Value objects of the rules engine: rules, rule sets, plans, limits and violations (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Layer = Literal["law", "agreement", "policy"]
Status = Literal["V", "S", "U"]
Severity = Literal["error", "warning"]
LAYERS: tuple[Layer, ...] = ("law", "agreement", "policy")
BANDS = ("under_15", "15_17", "child_15")


class RulesError(ValueError):
    """Any refusal of the rules engine; the message is one line meant for a person."""


class RulesDataError(RulesError):
    """A rule document or an override is not valid (unknown rule, wrong unit, [U] value marked as an error, ...)."""


class PlanError(RulesError):
    """A plan cannot be checked (naive datetime, wrap before call, unknown person, overlapping shifts, ...)."""


@dataclass(frozen=True, slots=True)
class MealBreak:
    """No more than ``after_hours`` of work before a break of at least ``min_minutes`` (None: this layer is silent)."""

    after_hours: float | None
    min_minutes: float | None


@dataclass(frozen=True, slots=True)
class MealTier:
    """Total meal minutes owed for a day of work: ``minutes`` once worked hours reach ``hours``.

    ``inclusive``: the tier applies from exactly ``hours`` (KR "for 4 hours"), otherwise only beyond (JP "over 6 h").
    """

    hours: float
    minutes: float
    inclusive: bool


@dataclass(frozen=True, slots=True)
class ClockWindow:
    """A local wall-clock window, minutes after midnight; ``end <= start`` means it runs past midnight."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"


# A check rule's value is a float (hours, minutes, days, years), a bool, a MealBreak, a tuple of MealTier, a
# ClockWindow, or None (this layer sets no limit); an info rule's value is any JSON value.
RuleValue = object


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of a rule document.

    ``origin`` names the document (a country code, an agreement such as ``MPPA`` or ``EITEKI``, or ``policy``);
    ``bands`` restricts the row to minors of those bands, ``roles`` to a role group (e.g. ``performers``).
    ``kind`` is ``check`` (evaluated) or ``info`` (carried for people, never evaluated); a ``check`` row with
    ``enforced=False`` is documented but evaluated through another row (see ``note``).
    """

    id: str
    value: RuleValue
    unit: str
    source: str
    status: Status
    last_checked: dt.date
    includes_meals: bool
    layer: Layer
    origin: str
    kind: Literal["check", "info"] = "check"
    enforced: bool = True
    bands: frozenset[str] = frozenset()
    roles: str | None = None
    severity: Severity = "error"
    note: str = ""

    @property
    def key(self) -> str:
        """Identity of the row inside its document, used by overrides: ``id``, ``id[band,...]``, ``...@roles``."""
        key = self.id
        if self.bands:
            key += "[" + ",".join(sorted(self.bands)) + "]"
        if self.roles:
            key += "@" + self.roles
        return key


@dataclass(frozen=True, slots=True)
class RuleDocument:
    """One layer's rules: a country's law, an agreement, or the studio policy."""

    origin: str
    layer: Layer
    title: str
    countries: frozenset[str]
    rules: tuple[Rule, ...]
    role_groups: Mapping[str, frozenset[str]] = field(default_factory=dict)
    week_starts: int | None = None


@dataclass(frozen=True, slots=True)
class EffectiveLimit:
    """The binding value of one limit and the row that set it (strictest wins; ties go to the lower layer)."""

    value: float
    rule: str
    layer: Layer
    origin: str
    source: str
    status: Status
    severity: Severity
    includes_meals: bool


@dataclass(frozen=True, slots=True)
class NightBan:
    """A window in which a minor may not work, with the row that set it."""

    window: ClockWindow
    limit: EffectiveLimit


@dataclass(frozen=True, slots=True)
class TierLimit:
    tier: MealTier
    limit: EffectiveLimit


@dataclass(frozen=True)
class WorkLimits:
    """Effective limits for one kind of person (minor bands, role group) as plain numbers, for checks and solvers.

    Hours are real elapsed hours. ``*_with_meals`` limits count call to wrap; ``*_net`` limits count call to wrap
    minus meal breaks. ``None`` means no layer sets the limit. ``provenance[field]`` tells which rule, layer and
    source set each number; ``night_bans`` and ``meal_tiers`` carry their own.
    """

    max_day_with_meals: float | None = None
    max_day_net: float | None = None
    max_week_with_meals: float | None = None
    max_week_net: float | None = None
    ordinary_day: float | None = None
    ordinary_week: float | None = None
    max_overtime_day: float | None = None
    max_overtime_week: float | None = None
    max_overtime_month: float | None = None
    max_overtime_year: float | None = None
    no_overtime: bool = False
    min_turnaround: float | None = None
    meal_break_after_hours: float | None = None
    meal_break_min_minutes: float | None = None
    meal_break_max_minutes: float | None = None
    meal_tiers: tuple[TierLimit, ...] = ()
    min_days_off_per_week: int | None = None
    max_consecutive_days: int | None = None
    min_days_off_per_14: int | None = None
    min_consecutive_days_off_per_14: int | None = None
    night_bans: tuple[NightBan, ...] = ()
    wrap_by_hour: float | None = None
    min_age: int | None = None
    provenance: Mapping[str, EffectiveLimit] = field(default_factory=dict)

    def max_span_day(self, meal_hours: float) -> float | None:
        """Longest call-to-wrap a day may have when it contains ``meal_hours`` of meal breaks."""
        options = [v for v in (self.max_day_with_meals,) if v is not None]
        if self.max_day_net is not None:
            options.append(self.max_day_net + meal_hours)
        return min(options) if options else None

    def required_meal_minutes(self, worked_hours: float) -> tuple[float, EffectiveLimit | None]:
        """Total meal minutes owed for ``worked_hours`` (meals excluded) and the rule that sets the figure."""
        best = 0.0
        why: EffectiveLimit | None = None
        for t in self.meal_tiers:
            reached = worked_hours >= t.tier.hours if t.tier.inclusive else worked_hours > t.tier.hours
            if reached and t.tier.minutes > best:
                best, why = t.tier.minutes, t.limit
        return best, why


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    role: str = ""
    birth_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Shift:
    """One work period of one person: call and wrap as aware datetimes; meal breaks as (start, end) pairs."""

    person: str
    call: dt.datetime
    wrap: dt.datetime
    meals: tuple[tuple[dt.datetime, dt.datetime], ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """People and their shifts in the production's IANA time zone (a plan, or actuals from DPRs)."""

    timezone: str
    people: tuple[Person, ...]
    shifts: tuple[Shift, ...]


@dataclass(frozen=True, slots=True)
class Violation:
    """A broken rule: ``value`` measured against ``limit`` (both in ``unit``), over by ``excess``.

    ``date`` is the local date (production time zone) of the shift's call on which the rule was broken; for
    week, fortnight, month and run rules the day the limit was crossed.
    """

    person: str
    rule: str
    date: dt.date
    value: float
    limit: float
    excess: float
    unit: str
    source: str
    layer: Layer
    origin: str
    status: Status
    severity: Severity
