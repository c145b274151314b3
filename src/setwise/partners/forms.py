from __future__ import annotations

from typing import Any

import pycountry
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from setwise.partners.models import CAPABILITY_MAX_LENGTH, Collaboration, Contact, Kind, Language, Partner, Size, Status
from setwise.partners.services import PartnerRejected

COUNTRY_CHOICES = sorted(((c.alpha_2, f"{c.name} ({c.alpha_2})") for c in pycountry.countries), key=lambda c: c[1])


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name (romanised)"), max_length=200)
    name_local = forms.CharField(label=_("Name in local script"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    kinds = forms.MultipleChoiceField(label=_("Kinds"), choices=Kind.choices, widget=forms.CheckboxSelectMultiple)
    capabilities = forms.CharField(
        label=_("Capabilities and certifications"),
        required=False,
        help_text=_("Separated by semicolons, e.g. Dolby Atmos certified stage; IMF delivery; ACES"),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"), queryset=Language.objects.all(), required=False, widget=forms.SelectMultiple
    )
    size = forms.ChoiceField(label=_("Size"), choices=[("", "—"), *Size.choices], required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.ACTIVE)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, partner: Partner | None = None, **kwargs: Any):
        self.partner = partner
        if partner is not None and (not args or args[0] is None) and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": partner.name,
                "name_local": partner.name_local,
                "country": partner.country,
                "city": partner.city,
                "kinds": [k.code for k in partner.kinds.all()],
                "capabilities": "; ".join(c.name for c in partner.capabilities.all()),
                "languages": list(partner.languages.all()),
                "size": partner.size,
                "website": partner.website,
                "email": partner.email,
                "phone": partner.phone,
                "status": partner.status,
                "notes": partner.notes,
            }
        super().__init__(*args, **kwargs)

    def clean_capabilities(self) -> list[str]:
        raw = self.cleaned_data.get("capabilities") or ""
        labels = [c.strip() for c in raw.replace("\n", ";").split(";") if c.strip()]
        too_long = [c for c in labels if len(c) > CAPABILITY_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Each capability is at most %(n)d characters: “%(label)s…” is longer."),
                params={"n": CAPABILITY_MAX_LENGTH, "label": too_long[0][:30]},
            )
        return labels

    def add_refusal(self, refusal: PartnerRejected) -> None:
        """Show the service's refusal on the form (a duplicate name, or a value it does not know)."""
        if refusal.duplicates:
            names = ", ".join(p.display_name for p in refusal.duplicates)
            message = _("A partner with this name already exists in this country: %(names)s") % {"names": names}
            self.add_error(None, forms.ValidationError(message, code="duplicate"))
        else:
            self.add_error(refusal.field if refusal.field in self.fields else None, str(refusal))


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["name", "name_local", "title", "email", "phone", "is_primary"]


class CollaborationForm(forms.ModelForm[Collaboration]):
    """A production the partner worked on; the production list is what the editing user may see."""

    class Meta:
        model = Collaboration
        fields = ["title", "production", "year", "services", "outcome", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        from setwise.accounts.permissions import productions_for_user

        super().__init__(*args, **kwargs)
        production_field = self.fields["production"]
        assert isinstance(production_field, forms.ModelChoiceField)
        production_field.queryset = productions_for_user(user).order_by("title")
        production_field.required = False
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.IntegerField)
        year_field.min_value = 1950
        year_field.max_value = 2100
        year_field.validators.append(MinValueValidator(1950))
        year_field.validators.append(MaxValueValidator(2100))
        self.fields["title"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and data.get("production"):
            data["title"] = data["production"].title
        if not data.get("title"):
            self.add_error("title", _("Give the production's title, or pick one of the studio's productions."))
        return data
