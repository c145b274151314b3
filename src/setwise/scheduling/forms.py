from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.MAIN)
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
