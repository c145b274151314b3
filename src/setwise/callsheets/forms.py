from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from setwise.callsheets import timing
from setwise.callsheets.models import CallSheet
from setwise.scheduling.models import Board, Unit

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class GenerateForm(forms.Form):
    """Which day of which active board; the calls default to the previous revision's (else 07:00 and 08:00)."""

    unit = forms.ChoiceField(label=pgettext_lazy("shooting unit", "Unit"), choices=Unit.choices, initial=Unit.MAIN)
    day = forms.IntegerField(label=_("Shoot day"), min_value=1, max_value=9999)

    def __init__(self, boards: list[Board], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = {b.unit for b in boards}
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ChoiceField)
        unit.choices = [(v, label) for v, label in Unit.choices if v in units] or Unit.choices
        if len(units) <= 1:
            unit.widget = forms.HiddenInput()
            unit.initial = next(iter(units), Unit.MAIN)


class CallSheetForm(forms.Form):
    crew_call = forms.TimeField(label=_("General crew call"), widget=TIME)
    shooting_call = forms.TimeField(label=_("Shooting call"), widget=TIME)
    meal_minutes = forms.IntegerField(label=_("Meal break (minutes)"), min_value=0, max_value=180)
    weather = forms.CharField(label=_("Weather"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    @classmethod
    def for_sheet(cls, sheet: CallSheet) -> CallSheetForm:
        tz = timing.zone(sheet.production.time_zone)
        return cls(
            initial={
                "crew_call": sheet.crew_call.astimezone(tz).time(),
                "shooting_call": sheet.shooting_call.astimezone(tz).time(),
                "meal_minutes": sheet.meal_minutes,
                "weather": sheet.weather,
                "notes": sheet.notes,
            }
        )


class PersonCallForm(forms.Form):
    """A person's call set by hand; empty puts the computed call back."""

    call = forms.TimeField(label=_("Call"), required=False, widget=TIME)
