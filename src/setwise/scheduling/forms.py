from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from setwise.productions.models import Production
from setwise.scheduling.models import DEFAULT_WORKING_WEEKDAYS, Board, Unit

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    start_date = forms.DateField(label=_("First shoot day"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ChoiceField(label=pgettext_lazy("shooting unit", "Unit"), choices=Unit.choices, initial=Unit.MAIN)
    copy_from = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=Board.objects.none(),
        required=False,
        empty_label=_("The script, in script order"),
    )
    episode_from = forms.IntegerField(label=_("First episode"), min_value=1, max_value=999, required=False)
    episode_to = forms.IntegerField(label=_("Last episode"), min_value=1, max_value=999, required=False)
    working_weekdays = forms.TypedMultipleChoiceField(
        label=_("Shooting days of the week"),
        choices=WEEKDAYS,
        coerce=int,
        initial=DEFAULT_WORKING_WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
    )
    day_minutes = forms.IntegerField(
        label=_("Shooting minutes per day"),
        min_value=60,
        max_value=24 * 60,
        initial=600,
        help_text=_("The camera time a day can hold; scenes are estimated from their length and complexity."),
    )

    def __init__(self, production: Production, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        copy_from = self.fields["copy_from"]
        assert isinstance(copy_from, forms.ModelChoiceField)
        copy_from.queryset = Board.objects.filter(production=production)
        if production.shoot_start:
            self.fields["start_date"].initial = production.shoot_start
        else:
            self.fields["start_date"].initial = dt.date.today()
        if production.episodes <= 1:
            del self.fields["episode_from"]
            del self.fields["episode_to"]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "start_date": data["start_date"],
            "unit": data["unit"],
            "copy_from": data.get("copy_from"),
            "episode_from": data.get("episode_from"),
            "episode_to": data.get("episode_to"),
            "working_weekdays": data["working_weekdays"],
            "day_minutes": data["day_minutes"],
        }


class CastTermsForm(forms.Form):
    cast_number = forms.IntegerField(label=_("Cast number"), min_value=1, max_value=999, required=False)
    daily_rate = forms.DecimalField(label=_("Daily rate"), min_value=0, max_digits=12, decimal_places=2, required=False)
    drop_pickup = forms.BooleanField(label=_("Drop and pick-up allowed"), required=False)
    travel = forms.BooleanField(label=_("Travels in and out"), required=False)

    def clean_daily_rate(self) -> Any:
        return self.cleaned_data.get("daily_rate") or 0


class UnavailabilityForm(forms.Form):
    who = forms.ChoiceField(label=_("Who or where"))
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, production: Production, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.production = production
        characters = [(f"c{c.pk}", c.name) for c in production.characters.order_by("name")]
        locations = [(f"l{loc.pk}", loc.name) for loc in production.locations.order_by("name")]
        field = self.fields["who"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(_("Characters")), characters), (str(_("Locations")), locations)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The last day comes before the first."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        who = data["who"]
        kwargs: dict[str, Any] = {"start": data["start"], "end": data["end"], "reason": data["reason"]}
        if who.startswith("c"):
            kwargs["character"] = self.production.characters.get(pk=int(who[1:]))
        else:
            kwargs["location"] = self.production.locations.get(pk=int(who[1:]))
        return kwargs


class OptimiseForm(forms.Form):
    """How long to search and what matters most (weights in cost units of about one US dollar)."""

    seconds = forms.IntegerField(label=_("Search for (seconds)"), min_value=5, max_value=600, initial=30)
    shooting_day = forms.IntegerField(label=_("Cost of a shooting day"), min_value=0, initial=50_000, required=False)
    company_move = forms.IntegerField(label=_("Cost of a company move"), min_value=0, initial=5_000, required=False)
    holding = forms.IntegerField(
        label=_("Weight of cast holding days"),
        min_value=0,
        max_value=100,
        initial=1,
        required=False,
        help_text=_("Multiplies each performer's daily rate for every paid day they wait."),
    )
    location_change = forms.IntegerField(
        label=_("Cost of a location change"), min_value=0, initial=2_000, required=False
    )
    night_before_day = forms.IntegerField(
        label=_("Penalty: night before day on one day"), min_value=0, initial=500, required=False
    )

    def weights(self) -> dict[str, int]:
        return {k: v for k, v in self.cleaned_data.items() if k != "seconds" and v is not None}
