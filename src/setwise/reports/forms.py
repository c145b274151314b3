"""Forms of daily reports. Times are typed as local clock times (HH:MM, the production's zone) on the report's
date; a wrap or meal earlier than what it follows falls on the next day (night work). ``service_kwargs`` turns a
valid form into the arguments of the matching service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from setwise.reports.models import DailyReport, IncidentKind, PersonKind, ReportTime, SceneResult, parse_meals
from setwise.reports.services import local_time, production_zone


def _time(label: Any, **kwargs: Any) -> forms.TimeField:
    return forms.TimeField(label=label, required=False, widget=forms.TimeInput(attrs={"type": "time"}), **kwargs)


def _local(report: DailyReport, value: dt.datetime | None) -> dt.time | None:
    if value is None:
        return None
    return value.astimezone(production_zone(report.production)).time().replace(second=0, microsecond=0)


def _just_before(value: dt.datetime | None) -> dt.datetime | None:
    """A time typed as HH:MM that is at or after ``value``'s minute is on its day; earlier is the next day."""
    return value - dt.timedelta(minutes=1) if value is not None else None


def _same_minute(report: DailyReport, typed: dt.time | None, exact: dt.datetime | None) -> bool:
    return typed is not None and exact is not None and _local(report, exact) == typed.replace(second=0, microsecond=0)


class DayForm(forms.Form):
    scheduled_call = _time(_("Scheduled crew call"))
    scheduled_wrap = _time(_("Scheduled wrap"))
    crew_call = _time(_("Crew call"))
    first_shot = _time(_("First shot"))
    meal1_start = _time(_("Meal from"))
    meal1_end = _time(_("Meal until"))
    meal2_start = _time(_("Second meal from"))
    meal2_end = _time(_("Second meal until"))
    camera_wrap = _time(_("Camera wrap"))
    wrap = _time(_("Crew wrap"))
    weather_delay_minutes = forms.IntegerField(
        label=_("Weather delay (minutes)"), min_value=0, max_value=1440, required=False
    )
    weather = forms.CharField(label=_("Weather"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, report: DailyReport, *args: Any, **kwargs: Any) -> None:
        self.report = report
        initial: dict[str, Any] = {
            name: _local(report, getattr(report, name))
            for name in ("scheduled_call", "scheduled_wrap", "crew_call", "first_shot", "camera_wrap", "wrap")
        }
        for i, (start, end) in enumerate(parse_meals(report.meals)[:2], start=1):
            initial[f"meal{i}_start"], initial[f"meal{i}_end"] = _local(report, start), _local(report, end)
        initial.update(weather_delay_minutes=report.weather_delay_minutes, weather=report.weather, notes=report.notes)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        r = self.report
        p, date = r.production, r.date
        crew_call = local_time(p, date, d["crew_call"])
        scheduled_call = local_time(p, date, d["scheduled_call"])
        base = crew_call or scheduled_call
        meals = []
        for i in (1, 2):
            start = local_time(p, date, d[f"meal{i}_start"], _just_before(base))
            end = local_time(p, date, d[f"meal{i}_end"], start)
            if start and end:
                meals.append((start, end))
        return {
            "scheduled_call": scheduled_call,
            "scheduled_wrap": local_time(p, date, d["scheduled_wrap"], scheduled_call),
            "crew_call": crew_call,
            "first_shot": local_time(p, date, d["first_shot"], _just_before(crew_call)),
            "meals": meals,
            "camera_wrap": local_time(p, date, d["camera_wrap"], crew_call),
            "wrap": local_time(p, date, d["wrap"], crew_call),
            "weather_delay_minutes": d["weather_delay_minutes"] or 0,
            "weather": d["weather"],
            "notes": d["notes"],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in (1, 2):
            if bool(data.get(f"meal{i}_start")) != bool(data.get(f"meal{i}_end")):
                self.add_error(f"meal{i}_end", _("A meal break needs a start and an end."))
        return data


class PersonTimesForm(forms.Form):
    """The 2nd AD's call and wrap for a person (the clocked times are shown beside; typing the clocked minute
    keeps the clocked time exactly)."""

    call = _time(_("Call"))
    wrap = _time(_("Wrap"))
    meal_start = _time(_("Meal from"))
    meal_end = _time(_("Meal until"))
    no_meal = forms.BooleanField(label=_("No meal break"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, person: ReportTime, *args: Any, **kwargs: Any) -> None:
        self.person = person
        report = person.report
        meals = parse_meals(person.meals) if person.meals else []
        initial = {
            "call": _local(report, person.actual_call),
            "wrap": _local(report, person.actual_wrap),
            "meal_start": _local(report, meals[0][0]) if meals else None,
            "meal_end": _local(report, meals[0][1]) if meals else None,
            "no_meal": person.meals == [],
            "note": person.note,
        }
        kwargs.setdefault("prefix", f"p{person.pk}")
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("meal_start")) != bool(data.get("meal_end")):
            self.add_error("meal_end", _("A meal break needs a start and an end."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        person, report = self.person, self.person.report
        p, date = report.production, report.date
        call = person.clock_in if _same_minute(report, d["call"], person.clock_in) else local_time(p, date, d["call"])
        wrap = (
            person.clock_out
            if _same_minute(report, d["wrap"], person.clock_out)
            else local_time(p, date, d["wrap"], call)
        )
        meals: list[tuple[dt.datetime, dt.datetime]] | None = None
        if d["no_meal"]:
            meals = []
        elif d["meal_start"] and d["meal_end"]:
            start = local_time(p, date, d["meal_start"], _just_before(call))
            end = local_time(p, date, d["meal_end"], start)
            assert start is not None and end is not None
            meals = [(start, end)]
        return {"call": call, "wrap": wrap, "meals": meals, "note": d["note"]}


class PersonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Cast or crew"), choices=PersonKind.choices, initial=PersonKind.CREW)
    name = forms.CharField(label=_("Name"), max_length=200)
    department = forms.CharField(label=_("Department or characters"), max_length=300, required=False)


SCENE_RESULTS = [("", _("— not recorded —")), *SceneResult.choices]


class SceneResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=SCENE_RESULTS, required=False)
    eighths_shot = forms.IntegerField(
        label=_("Eighths shot"),
        min_value=0,
        max_value=1600,
        required=False,
        help_text=_("For a partly shot scene: how many eighths of a page were shot."),
    )
    screen_time = forms.CharField(label=_("Screen time (m:ss)"), max_length=8, required=False)
    setups = forms.IntegerField(label=_("Setups"), min_value=0, max_value=1000, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_screen_time(self) -> int:
        raw = (self.cleaned_data.get("screen_time") or "").strip()
        if not raw:
            return 0
        minutes, _sep, seconds = raw.partition(":")
        try:
            total = int(minutes or 0) * 60 + (int(seconds) if seconds else 0)
        except ValueError:
            raise forms.ValidationError(_("Write screen time as minutes:seconds, e.g. 2:30.")) from None
        if total < 0 or (seconds and not 0 <= int(seconds) < 60):
            raise forms.ValidationError(_("Write screen time as minutes:seconds, e.g. 2:30."))
        return total

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "result": d["result"],
            "eighths_shot": d["eighths_shot"],
            "screen_seconds": d["screen_time"],
            "setups": d["setups"] or 0,
            "note": d["note"],
        }


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    time = _time(_("Time"))
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    people = forms.CharField(label=_("People involved"), max_length=300, required=False)
    action = forms.CharField(label=_("Action taken"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lost_minutes = forms.IntegerField(label=_("Time lost (minutes)"), min_value=0, max_value=1440, required=False)

    def __init__(self, report: DailyReport, *args: Any, **kwargs: Any) -> None:
        self.report = report
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "time": local_time(self.report.production, self.report.date, d["time"]),
            "description": d["description"],
            "people": d["people"],
            "action": d["action"],
            "lost_minutes": d["lost_minutes"] or 0,
        }


class BirthDateForm(forms.Form):
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReplanForm(forms.Form):
    seconds = forms.IntegerField(label=_("Seconds to search"), min_value=5, max_value=600, initial=30)
    keep_dates = forms.BooleanField(
        label=_("Keep the committed dates of the scenes still to shoot where possible"), required=False, initial=True
    )
