"""Small plans written in local wall time: ``sh(day, "08:00", "17:00", ("12:00", "13:00"))``.

``day`` counts from Monday 2 March 2026; hours past 24 ("26:30") fall on the next morning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from setwise.engines.rules import Person, Plan, Shift, Violation, check, load_ruleset

MONDAY = dt.date(2026, 3, 2)
ZONES = {
    "KR": "Asia/Seoul",
    "JP": "Asia/Tokyo",
    "TH": "Asia/Bangkok",
    "ID": "Asia/Jakarta",
    "TW": "Asia/Taipei",
    "AU": "Australia/Sydney",
}
# Ages on MONDAY
BORN_12 = dt.date(2013, 6, 1)
BORN_14 = dt.date(2011, 6, 1)
BORN_15 = dt.date(2010, 6, 1)
BORN_16 = dt.date(2009, 6, 1)


@dataclass(frozen=True)
class S:
    day: int | dt.date
    call: str
    wrap: str
    meals: tuple[tuple[str, str], ...] = ()


def sh(day: int | dt.date, call: str, wrap: str, *meals: tuple[str, str]) -> S:
    return S(day, call, wrap, meals)


def at(tz: ZoneInfo, day: int | dt.date, hhmm: str, fold: int = 0) -> dt.datetime:
    base = day if isinstance(day, dt.date) else MONDAY + dt.timedelta(days=day)
    h, m = (int(x) for x in hhmm.split(":"))
    d = base + dt.timedelta(days=h // 24)
    return dt.datetime(d.year, d.month, d.day, h % 24, m, tzinfo=tz, fold=fold)


def plan(
    country: str,
    shifts: Iterable[S],
    *,
    birth: dt.date | None = None,
    role: str = "crew",
    person: str = "p",
    tz: str | None = None,
    extra_people: Sequence[Person] = (),
    extra_shifts: Sequence[Shift] = (),
) -> Plan:
    zone = tz or ZONES[country]
    z = ZoneInfo(zone)
    out = [
        Shift(
            person,
            at(z, s.day, s.call),
            at(z, s.day, s.wrap),
            tuple((at(z, s.day, a), at(z, s.day, b)) for a, b in s.meals),
        )
        for s in shifts
    ]
    return Plan(zone, (Person(person, role, birth), *extra_people), (*out, *extra_shifts))


def run(
    country: str,
    shifts: Iterable[S],
    *,
    agreements: Sequence[str] = (),
    policy: bool = False,
    birth: dt.date | None = None,
    role: str = "crew",
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Violation]:
    rules = load_ruleset(country, agreements, "studio" if policy else None, overrides)
    return check(plan(country, shifts, birth=birth, role=role), rules)


def week(days: Iterable[int], call: str, wrap: str, *meals: tuple[str, str]) -> list[S]:
    return [sh(d, call, wrap, *meals) for d in days]


def rules_of(violations: Iterable[Violation]) -> set[str]:
    return {v.rule for v in violations}
