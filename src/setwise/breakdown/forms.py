from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from setwise.accounts.roles import ProductionRole
from setwise.breakdown.models import Category, RevisionColour, ScriptFormat
from setwise.productions.models import Membership, Production


class ScriptUploadForm(forms.Form):
    file = forms.FileField(label=_("Script file"), help_text=_("Fountain, Final Draft (.fdx) or PDF."))
    episode = forms.IntegerField(label=_("Episode"), min_value=1, max_value=999, initial=1, required=False)
    colour = forms.ChoiceField(
        label=_("Revision colour"),
        choices=[("", _("Next in sequence")), *RevisionColour.choices],
        required=False,
    )
    format = forms.ChoiceField(label=_("Format"), choices=[("", _("Detect")), *ScriptFormat.choices], required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.SETWISE_IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
            )
        return upload


class ElementForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    name = forms.CharField(label=_("Name"), max_length=200)


class CastLinkForm(forms.Form):
    cast_member = forms.ModelChoiceField(label=_("Cast member"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args: Any, production: Production, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cast_member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = production.memberships.filter(role=ProductionRole.CAST).select_related("user")
