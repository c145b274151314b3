"""The scheduling engine's warnings in the reader's language.

The engine (``setwise.engines.scheduling.validate``) is pure Python: each ``Violation`` has an English ``message``
and the values it is made of (``Violation.params``). ``SENTENCES`` holds the same sentences as translatable
templates, one per check (and per form, for checks with more than one sentence); ``render`` fills the template
of a violation in the active language, with dates, durations and times of day said the way that language says
them, and scenes by the board's numbers when the caller gives them (the engine knows scenes by the ids the adapter
gave it). In English the result is otherwise the engine's message, word for word. A violation with no template, or whose
values do not fit its template, is shown with the engine's message: a warning is never lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from django.utils import dateformat
from django.utils.dates import WEEKDAYS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext

from setwise.engines.scheduling import Violation

# One sentence per check (``CODES``), keyed ``code`` or ``code/form`` (``Violation.params["form"]``). The
# placeholders are the violation's params; see ``Violation`` for what each kind of name holds.
SENTENCES: dict[str, Promise] = {
    "unknown_unit": gettext_lazy("%(date)s: unknown unit '%(unit_id)s'"),
    "duplicate_day": gettext_lazy("%(unit)s has two days on %(date)s"),
    "unknown_scene": gettext_lazy("%(date)s: unknown scene '%(scene_id)s'"),
    "duplicate_scene": gettext_lazy("scene %(scene)s is scheduled %(count)s times"),
    "missing_scene": gettext_lazy("scene %(scene)s is not scheduled"),
    "frozen": gettext_lazy("%(date)s (%(unit)s) is frozen and must stay %(scenes)s"),
    "frozen/empty": gettext_lazy("%(date)s (%(unit)s) is frozen and must stay empty"),
    "before_reschedule": gettext_lazy("%(date)s: nothing new may be scheduled before %(from_date)s"),
    "not_working_date/day_off": gettext_lazy("%(date)s is a day off"),
    "not_working_date/holiday": gettext_lazy("%(date)s is a public holiday (%(holiday)s)"),
    "not_working_date/weekday": gettext_lazy("%(date)s is a %(weekday)s (not a working weekday)"),
    "not_working_date/before_start": gettext_lazy("%(date)s is before the calendar starts (%(start_date)s)"),
    "not_working_date/after_end": gettext_lazy("%(date)s is after the calendar's last shooting date (%(last_date)s)"),
    "not_working_date/no_dates": gettext_lazy("%(date)s is after the calendar's last shooting date (none)"),
    "unit_date": gettext_lazy("%(unit)s does not work on %(date)s"),
    "unit_scene": gettext_lazy("scene %(scene)s may not be shot by %(unit)s"),
    "cast_unavailable": gettext_lazy("%(person)s is not available on %(date)s (scene %(scene)s)"),
    "cast_double_booked": gettext_lazy("%(person)s is with %(other_unit)s and %(unit)s on %(date)s"),
    "location_unavailable": gettext_lazy("%(location)s is not available on %(date)s (scene %(scene)s)"),
    "requirement_date": gettext_lazy("scene %(scene)s needs %(need)s support, which is not booked on %(date)s"),
    "pinned": gettext_lazy("scene %(scene)s is pinned to %(pin_date)s but is on %(date)s"),
    "pinned/unit": gettext_lazy("scene %(scene)s is pinned to %(pin_date)s (%(pin_unit)s) but is on %(date)s"),
    "order": gettext_lazy("scene %(scene)s must be shot before scene %(later_scene)s (%(date)s vs %(later_date)s)"),
    "day_too_long": gettext_lazy(
        "%(date)s (%(unit)s) needs %(shooting_duration)s of shooting and moves; the limit is %(limit_duration)s"
    ),
    "work_day_too_long": gettext_lazy(
        "%(date)s (%(unit)s) is a %(work_duration)s working day; the limit is %(limit_duration)s"
    ),
    "locations_too_far": gettext_lazy(
        "%(date)s: %(location)s and %(other_location)s are %(travel)s min apart; a company move may take at most "
        "%(move_limit)s min"
    ),
    "minor_wrap": gettext_lazy(
        "%(date)s: minors are on set but the day wraps at %(wrap_clock)s (limit %(limit_clock)s)"
    ),
    "minor_wrap/person": gettext_lazy(
        "%(date)s: %(person)s must wrap by %(limit_clock)s but the day wraps at %(wrap_clock)s"
    ),
    "person_day_hours": gettext_lazy(
        "%(date)s: %(person)s would work %(work_duration)s; the limit is %(limit_duration)s"
    ),
    "person_week_hours": gettext_lazy(
        "%(person)s would work %(work_duration)s in week %(week)s of %(year)s; the limit is %(limit_duration)s"
    ),
    "week_hours": gettext_lazy(
        "%(unit)s would work %(work_duration)s in the week of %(date)s; the limit is %(limit_duration)s"
    ),
    "days_per_week": gettext_lazy("%(unit)s shoots %(days)s days in the week of %(date)s; the limit is %(limit)s"),
    "consecutive_days": gettext_lazy("%(unit)s shoots %(days)s days in a row from %(date)s; the limit is %(limit)s"),
    "turnaround": gettext_lazy(
        "%(unit)s wraps at %(wrap_clock)s on %(wrap_date)s and calls at %(call_clock)s on %(date)s: "
        "%(rest_duration)s rest, at least %(minimum_duration)s needed"
    ),
}

# The engine's default name for the only unit the product schedules (``engine.Unit("1", "1st unit")``).
DEFAULT_UNIT = "1st unit"


def sentence_key(v: Violation) -> str:
    """The key of ``v``'s sentence in ``SENTENCES``: its code, with its form when it has one."""
    form = v.params.get("form")
    return f"{v.code}/{form}" if form else v.code


def say_date(value: str | int) -> str:
    day = dt.date.fromisoformat(str(value))
    # Translators: a date in the stripboard's warnings, in Django's date format letters (Y year, m and n month,
    # d and j day, D the weekday's short name); keep the letters, change the order and the words around them.
    return dateformat.format(day, pgettext("scheduling warning date", "Y-m-d (D)"))


def say_duration(value: str | int) -> str:
    hours, minutes = divmod(int(value), 60)
    if minutes == 0:
        return pgettext("hours and minutes", "%(hours)s h") % {"hours": hours}
    return pgettext("hours and minutes", "%(hours)s h %(minutes)s") % {"hours": hours, "minutes": f"{minutes:02d}"}


def say_clock(value: str | int) -> str:
    days, rest = divmod(int(value), 1440)
    hours, minutes = divmod(rest, 60)
    time = f"{hours:02d}:{minutes:02d}"
    if days == 0:
        return time
    if days == 1:
        return pgettext("time of day", "%(time)s next day") % {"time": time}
    return pgettext("time of day", "%(time)s +%(days)s days") % {"time": time, "days": days}


def say_unit(value: str | int) -> str:
    return pgettext("shooting unit", "1st unit") if value == DEFAULT_UNIT else str(value)


def say(name: str, value: str | int) -> str:
    """One param said in the active language, by the kind its name tells (see ``Violation``)."""
    if name.endswith("date"):
        return say_date(value)
    if name.endswith("_duration"):
        return say_duration(value)
    if name.endswith("_clock"):
        return say_clock(value)
    if name == "weekday":
        return str(WEEKDAYS[int(value)])
    if name == "unit" or name.endswith("_unit"):
        return say_unit(value)
    return str(value)


def render(v: Violation, scene_label: Callable[[str], str] | None = None) -> str:
    """``v`` as a sentence in the active language; the engine's message when it has no template or its params do
    not fit the template (a missing or malformed value). ``scene_label`` names a scene from the engine's scene id
    (the board's scene number rather than the id the adapter gave the engine)."""
    template = SENTENCES.get(sentence_key(v))
    if template is None:
        return v.message
    try:
        values: Mapping[str, str] = {
            name: scene_label(str(value))
            if scene_label is not None and (name == "scene" or name.endswith("_scene"))
            else say(name, value)
            for name, value in v.params.items()
        }
        return str(template) % values
    except (KeyError, ValueError, TypeError, IndexError):
        return v.message
