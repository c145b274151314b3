from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole


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
