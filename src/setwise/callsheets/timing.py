"""The clock of a shoot day, as plain functions: when each scene is estimated to start (the shooting call plus the
estimated minutes of the scenes before it, with a meal break once six hours of work are due), and when each
person is called (the general crew call less their department's lead time, or, for cast, their first scene's
estimated start less the make-up, hair and wardrobe lead time).

Times are aware datetimes; the caller stores them in UTC and shows them in the production's time zone.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# A meal break is due this long after the crew call (and after the end of the previous break).
MEAL_AFTER = dt.timedelta(hours=6)
DEFAULT_MEAL_MINUTES = 60
DEFAULT_CREW_CALL = dt.time(7, 0)
DEFAULT_SHOOTING_CALL = dt.time(8, 0)

# Lead times before the general crew call, per department (minutes); every other department gets the default.
DEFAULT_LEAD_TIMES: dict[str, int] = {
    "Make-up": 90,
    "Hair": 75,
    "Wardrobe": 60,
    "Camera": 45,
    "Grip": 45,
    "Lighting": 45,
    "Sound": 30,
}
DEFAULT_LEAD_MINUTES = 30
# Cast are called this long before their first scene when no make-up, hair or wardrobe lead time is known.
DEFAULT_CAST_PREP_MINUTES = 90

# Department names are matched case-insensitively, ignoring spaces and punctuation ("Make-up" = "makeup"), and a
# few common names in the partners' languages map to the same department.
_ALIASES = {
    "hairandmakeup": "makeup",
    "hairmakeup": "makeup",
    "costume": "wardrobe",
    "costumes": "wardrobe",
    "분장": "makeup",
    "메이크업": "makeup",
    "미용": "hair",
    "헤어": "hair",
    "의상": "wardrobe",
    "촬영": "camera",
    "조명": "lighting",
    "그립": "grip",
    "녹음": "sound",
    "동시녹음": "sound",
    "メイク": "makeup",
    "ヘアメイク": "makeup",
    "衣装": "wardrobe",
    "撮影": "camera",
    "照明": "lighting",
    "録音": "sound",
}
# The departments that prepare cast before their first scene.
CAST_PREP_KEYS = frozenset({"makeup", "hair", "wardrobe"})


def department_key(name: str) -> str:
    """The key a department is matched by: ``"Make-up "`` and ``"makeup"`` are one department."""
    key = re.sub(r"[\W_]+", "", name.casefold())
    return _ALIASES.get(key, key)


@dataclass(frozen=True)
class LeadTimes:
    """Minutes before the general crew call, per department key, and the default for every other department."""

    minutes: Mapping[str, int]
    default: int = DEFAULT_LEAD_MINUTES

    def for_department(self, department: str) -> int:
        return self.minutes.get(department_key(department), self.default) if department.strip() else self.default

    @property
    def cast_prep(self) -> int:
        """Minutes cast are called before their first scene: the longest of make-up, hair and wardrobe."""
        prep = [m for key, m in self.minutes.items() if key in CAST_PREP_KEYS]
        return max(prep) if prep else DEFAULT_CAST_PREP_MINUTES


DEFAULT_LEADS = LeadTimes({department_key(k): v for k, v in DEFAULT_LEAD_TIMES.items()})


@dataclass(frozen=True)
class Slot:
    """A stretch of the day: a scene (``index`` into the day's items) or the meal break (``index`` is None)."""

    index: int | None
    start: dt.datetime
    end: dt.datetime

    @property
    def is_meal(self) -> bool:
        return self.index is None


def plan(
    minutes: Sequence[int | None],
    crew_call: dt.datetime,
    shooting_call: dt.datetime,
    meal_minutes: int = DEFAULT_MEAL_MINUTES,
) -> list[Slot]:
    """Slots of the day's items in order. ``minutes[i]`` is the estimate of item ``i`` (None for a banner, which
    takes no time and gets no slot). The meal break is due six hours after the crew call: it is taken before the
    first scene that would run past that time, once some work was done since the last break."""
    slots: list[Slot] = []
    t = shooting_call
    due = crew_call + MEAL_AFTER
    worked = False
    meal = dt.timedelta(minutes=max(0, meal_minutes))
    for i, m in enumerate(minutes):
        if m is None:
            continue
        length = dt.timedelta(minutes=max(0, m))
        if meal and worked and t + length > due:
            slots.append(Slot(None, t, t + meal))
            t += meal
            due = t + MEAL_AFTER
            worked = False
        slots.append(Slot(i, t, t + length))
        t += length
        worked = True
    return slots


def crew_call_for(general_call: dt.datetime, lead_minutes: int) -> dt.datetime:
    return general_call - dt.timedelta(minutes=lead_minutes)


def cast_call_for(first_scene_start: dt.datetime, prep_minutes: int) -> dt.datetime:
    return first_scene_start - dt.timedelta(minutes=prep_minutes)


def zone(name: str) -> dt.tzinfo:
    """The production's time zone (UTC when the name is unknown)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def at(date: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """Local wall time ``time`` on ``date`` in ``tz``, as an aware datetime in UTC."""
    return dt.datetime.combine(date, time, tzinfo=tz).astimezone(dt.UTC)
