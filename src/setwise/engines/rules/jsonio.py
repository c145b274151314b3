"""The command line's JSON contract: plans in, violations out.

Plan::

    {"country": "KR", "timezone": "Asia/Seoul",
     "people": [{"id": "p1", "role": "gaffer", "birth_date": "1990-04-02" | null}],
     "shifts": [{"person": "p1", "call": "2026-03-02T07:00:00+09:00", "wrap": "2026-03-02T19:00:00+09:00",
                 "meals": [["2026-03-02T12:00:00+09:00", "2026-03-02T13:00:00+09:00"]]}],
     "agreements": ["MPPA"]}          # optional: agreements the production opted into

Violations: ``{"violations": [{"person", "rule", "date", "value", "limit", "source"}]}`` and nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .check import zone
from .documents import AGREEMENTS, COUNTRIES
from .model import Person, Plan, PlanError, Shift, Violation


@dataclass(frozen=True, slots=True)
class PlanDocument:
    country: str
    plan: Plan
    agreements: tuple[str, ...] = ()


def plan_from_json(data: object) -> PlanDocument:
    """Validate decoded JSON into a plan; every problem is a one-line ``PlanError``."""
    if not isinstance(data, dict):
        raise PlanError("the plan must be a JSON object with country, timezone, people and shifts")
    country = data.get("country")
    if not isinstance(country, str) or country.upper() not in COUNTRIES:
        raise PlanError(f"unknown country {country!r} (expected one of {', '.join(COUNTRIES)})")
    country = country.upper()
    for key in ("timezone", "people", "shifts"):
        if key not in data:
            raise PlanError(f"the plan has no {key!r}")
    timezone = data["timezone"]
    zone(timezone)
    agreements = data.get("agreements") or []
    if not isinstance(agreements, list) or not all(isinstance(a, str) for a in agreements):
        raise PlanError("agreements must be a list of names")
    for a in agreements:
        if a.upper() not in AGREEMENTS:
            raise PlanError(f"unknown agreement {a!r} (expected one of {', '.join(AGREEMENTS)})")
    people_raw = data["people"]
    if not isinstance(people_raw, list):
        raise PlanError("people must be a list")
    people: list[Person] = []
    ids: set[str] = set()
    for i, raw in enumerate(people_raw, 1):
        if not isinstance(raw, dict):
            raise PlanError(f"person {i}: must be an object")
        pid = raw.get("id")
        if not isinstance(pid, str) or not pid:
            raise PlanError(f"person {i}: id must be a non-empty string")
        if pid in ids:
            raise PlanError(f"person {pid!r} is listed twice")
        ids.add(pid)
        role = raw.get("role") or ""
        if not isinstance(role, str):
            raise PlanError(f"person {pid!r}: role must be a string")
        birth = raw.get("birth_date")
        if birth is not None:
            try:
                birth = dt.date.fromisoformat(birth) if isinstance(birth, str) and len(birth) == 10 else None
            except ValueError:
                birth = None
            if birth is None:
                raise PlanError(f"person {pid!r}: birth_date must be YYYY-MM-DD or null")
        people.append(Person(pid, role, birth))
    shifts_raw = data["shifts"]
    if not isinstance(shifts_raw, list):
        raise PlanError("shifts must be a list")
    shifts: list[Shift] = []
    for i, raw in enumerate(shifts_raw, 1):
        if not isinstance(raw, dict):
            raise PlanError(f"shift {i}: must be an object")
        person = raw.get("person")
        if not isinstance(person, str) or person not in ids:
            raise PlanError(f"shift {i}: unknown person {person!r}")
        call = _instant(raw.get("call"), f"shift {i} ({person}) call")
        wrap = _instant(raw.get("wrap"), f"shift {i} ({person}) wrap")
        if wrap <= call:
            raise PlanError(f"shift {i} ({person}): wrap {raw.get('wrap')} is not after call {raw.get('call')}")
        meals_raw = raw.get("meals") or []
        if not isinstance(meals_raw, list):
            raise PlanError(f"shift {i} ({person}): meals must be a list of [start, end] pairs")
        meals: list[tuple[dt.datetime, dt.datetime]] = []
        for j, pair in enumerate(meals_raw, 1):
            if not isinstance(pair, list) or len(pair) != 2:
                raise PlanError(f"shift {i} ({person}) meal {j}: must be [start, end]")
            where = f"shift {i} ({person}) meal {j}"
            meals.append((_instant(pair[0], f"{where} start"), _instant(pair[1], f"{where} end")))
        shifts.append(Shift(person, call, wrap, tuple(meals)))
    plan = Plan(timezone, tuple(people), tuple(shifts))
    return PlanDocument(country, plan, tuple(a.upper() for a in agreements))


def _instant(value: Any, where: str) -> dt.datetime:
    if not isinstance(value, str):
        raise PlanError(f"{where}: expected an ISO-8601 date-time with a UTC offset")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise PlanError(f"{where}: {value!r} is not an ISO-8601 date-time") from None
    if parsed.tzinfo is None:
        raise PlanError(f"{where}: {value!r} has no UTC offset (naive date-time)")
    return parsed


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def violation_to_json(v: Violation) -> dict[str, Any]:
    return {
        "person": v.person,
        "rule": v.rule,
        "date": v.date.isoformat(),
        "value": _number(v.value),
        "limit": _number(v.limit),
        "source": v.source,
    }


def violations_to_json(violations: Iterable[Violation]) -> dict[str, list[dict[str, Any]]]:
    """The stable contract: exactly ``person``, ``rule``, ``date``, ``value``, ``limit`` and ``source``."""
    return {"violations": [violation_to_json(v) for v in violations]}
