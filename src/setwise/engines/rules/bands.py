"""Age and minor bands on a shoot date (rules.md §1.0).

- ``under_15`` and ``15_17`` everywhere (age on the shoot date; a 29 February birthday falls on 1 March in common
  years).
- Japan: a "child" (LSA art.56) stays one until the 31 March after the 15th birthday, and is ``under_15`` until
  then. Under the Act on Calculation of Age a person reaches an age at the end of the day before the birthday,
  so someone born on 1 April is a child until 31 March of the year they turn 15, with their school year.
- Taiwan: ``child_15`` also marks a child worker (LSA art.44: 15 to under 16) and, by art.45, anyone under 15.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .model import RulesError


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years on ``day``."""
    if day < birth:
        raise RulesError(f"born {birth.isoformat()}, after {day.isoformat()}")
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _jp_child_until(birth: dt.date) -> dt.date:
    try:
        birthday15 = birth.replace(year=birth.year + 15)
    except ValueError:  # 29 February
        birthday15 = dt.date(birth.year + 15, 3, 1)
    reached = birthday15 - dt.timedelta(days=1)
    march31 = dt.date(reached.year, 3, 31)
    return march31 if reached <= march31 else dt.date(reached.year + 1, 3, 31)


@lru_cache(maxsize=4096)
def minor_bands(country: str, birth: dt.date | None, day: dt.date) -> frozenset[str]:
    """The bands a person belongs to on ``day`` (empty for adults and people without a birth date)."""
    if birth is None:
        return frozenset()
    age = age_on(birth, day)
    if age >= 18:
        return frozenset()
    under_15 = age < 15 or (country == "JP" and day <= _jp_child_until(birth))
    bands = {"under_15" if under_15 else "15_17"}
    if country == "TW" and age < 16:
        bands.add("child_15")
    return frozenset(bands)


def minor_band(country: str, birth: dt.date | None, day: dt.date) -> str | None:
    """``under_15``, ``15_17`` or None (adult, or no birth date)."""
    bands = minor_bands(country, birth, day)
    return "under_15" if "under_15" in bands else "15_17" if "15_17" in bands else None
