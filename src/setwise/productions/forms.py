from __future__ import annotations

import zoneinfo
from typing import Any

import pycountry
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole
from setwise.partners.forms import COUNTRY_CHOICES
from setwise.productions.models import Production


class MemberForm(forms.Form):
    person = forms.CharField(
        label=_("Person"), max_length=150, help_text=_("Their username or e-mail address in Setwise.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=ProductionRole.choices)
    department = forms.CharField(label=_("Department"), max_length=80, required=False)

    def clean_person(self) -> User:
        value = self.cleaned_data["person"].strip()
        user = User.objects.filter(Q(username__iexact=value) | Q(email__iexact=value), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody in Setwise has that username or e-mail address."))
        return user


_ZONES = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


class ProductionForm(forms.ModelForm[Production]):
    time_zone = forms.ChoiceField(label=_("time zone"), choices=[(z, z) for z in _ZONES], initial="Asia/Seoul")
    country = forms.ChoiceField(label=_("country"), choices=COUNTRY_CHOICES)
    currency = forms.ChoiceField(
        label=_("currency"), choices=sorted((c.alpha_3, f"{c.alpha_3} · {c.name}") for c in pycountry.currencies)
    )

    class Meta:
        model = Production
        fields = [
            "title",
            "title_local",
            "slug",
            "format",
            "stage",
            "country",
            "language",
            "time_zone",
            "currency",
            "episodes",
            "logline",
            "budget",
            "shoot_start",
            "shoot_end",
            "launch_date",
        ]
        widgets = {
            "shoot_start": forms.DateInput(attrs={"type": "date"}),
            "shoot_end": forms.DateInput(attrs={"type": "date"}),
            "launch_date": forms.DateInput(attrs={"type": "date"}),
            "logline": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Used in web addresses; made from the title when left empty.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("shoot_start"), data.get("shoot_end")
        if start and end and end < start:
            self.add_error("shoot_end", _("The shoot cannot end before it starts."))
        return data
