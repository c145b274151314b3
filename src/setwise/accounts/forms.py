from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from setwise.accounts.models import User

_ZONES = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


class ProfileForm(forms.ModelForm[User]):
    time_zone = forms.ChoiceField(label=_("time zone"), choices=[("UTC", "UTC"), *((z, z) for z in _ZONES)])

    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name", "email", "language", "time_zone"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
