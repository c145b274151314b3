from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from setwise.breakdown.models import Character
from setwise.core.uploads import too_large
from setwise.post import plans, selectors, timeline
from setwise.post.models import (
    Category,
    DeliverableStatus,
    PostRole,
    ProgrammeType,
    VfxStatus,
    WorkStatus,
)
from setwise.post.services import FRAME_RATES
from setwise.productions.models import Production

FRAME_RATE_CHOICES = [(r, r.replace("df", " DF")) for r in FRAME_RATES]


def _partner_field(label: Any, queryset: Any) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(label=label, queryset=queryset, required=False)


class PlanForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=[])
    territory = forms.ChoiceField(label=_("Territory"), choices=[])
    original_language = forms.CharField(label=_("Original language"), max_length=16, required=False)
    frame_rate = forms.ChoiceField(label=_("Frame rate"), choices=FRAME_RATE_CHOICES, required=False)
    programme_type = forms.ChoiceField(label=_("Programme type"), choices=ProgrammeType.choices)

    def __init__(self, *args: Any, production: Production, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("film", _("Feature film")), ("series", _("Series"))]  # type: ignore[attr-defined]
        self.fields["territory"].choices = [  # type: ignore[attr-defined]
            (t.key, t.name) for t in plans.territories().values()
        ]
        self.initial.setdefault("template", plans.template_for_format(production.format))
        known = plans.territories()
        self.initial.setdefault(
            "territory", production.country.upper() if production.country.upper() in known else "default"
        )
        self.initial.setdefault("original_language", production.language)
        self.initial.setdefault("frame_rate", "23.976")


class DurationsForm(forms.Form):
    frame_rate = forms.ChoiceField(label=_("Frame rate"), choices=FRAME_RATE_CHOICES)
    programme_type = forms.ChoiceField(label=_("Programme type"), choices=ProgrammeType.choices)

    def __init__(self, *args: Any, durations: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        values = timeline.clean_durations(durations or {})
        for phase in timeline.PHASES:
            self.fields[phase] = forms.IntegerField(
                label=selectors.PHASE_LABELS[phase], min_value=0, max_value=timeline.MAX_DAYS, initial=values[phase]
            )

    def durations(self) -> dict[str, int]:
        return {phase: int(self.cleaned_data[phase]) for phase in timeline.PHASES}


class AttachPartnerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PostRole.choices)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=selectors.post_partner_choices())
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)


class DeliverableForm(forms.Form):
    owner = _partner_field(_("Owner"), selectors.post_partner_choices())
    due_date = forms.DateField(
        label=_("Fixed due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to follow the milestone."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=DeliverableStatus.choices)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, statuses: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if statuses is not None:
            current = self.initial.get("status")
            allowed = set(statuses) | ({current} if current else set())
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in DeliverableStatus.choices if value in allowed
            ]


class NewDeliverableForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    milestone = forms.ChoiceField(
        label=_("Due at"), choices=[(m, selectors.MILESTONE_LABELS[m]) for m in timeline.MILESTONES]
    )
    episode = forms.IntegerField(label=_("Episode"), min_value=1, max_value=999, required=False)
    language = forms.CharField(label=_("Language"), max_length=16, required=False)


class QcUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class CutUploadForm(forms.Form):
    file = forms.FileField(label=_("Cut file"), help_text=_("CMX 3600 EDL, Final Cut Pro XML or OpenTimelineIO."))
    episode = forms.IntegerField(label=_("Episode"), min_value=1, max_value=999, initial=1)
    frame_rate = forms.ChoiceField(
        label=_("Frame rate"), choices=[("", _("The plan's")), *FRAME_RATE_CHOICES], required=False
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        message = too_large(upload.size)
        if message:
            raise forms.ValidationError(message)
        return upload


class ShotForm(forms.Form):
    vendor = _partner_field(_("Vendor"), selectors.partners_for_role(PostRole.VFX))
    bid = forms.DecimalField(label=_("Bid"), max_digits=14, decimal_places=2, min_value=0, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=VfxStatus.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class NewShotForm(forms.Form):
    code = forms.CharField(label=_("Shot code"), max_length=60)
    episode = forms.IntegerField(label=_("Episode"), min_value=1, max_value=999, initial=1)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class NoteForm(forms.Form):
    version = forms.IntegerField(label=_("Version"), min_value=0, max_value=999)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class LanguageForm(forms.Form):
    language = forms.CharField(label=_("Language code"), max_length=16)
    dub = forms.BooleanField(label=_("Dubbed"), required=False)
    subtitles = forms.BooleanField(label=_("Subtitled"), required=False, initial=True)


class TrackForm(forms.Form):
    dub = forms.BooleanField(label=_("Dubbed"), required=False)
    subtitles = forms.BooleanField(label=_("Subtitled"), required=False)
    dubbing_studio = _partner_field(_("Dubbing studio"), selectors.partners_for_role(PostRole.DUBBING))
    subtitle_vendor = _partner_field(_("Subtitle vendor"), selectors.partners_for_role(PostRole.SUBTITLING))
    translation_status = forms.ChoiceField(label=_("Script translation"), choices=WorkStatus.choices)
    recording_status = forms.ChoiceField(label=_("Recording"), choices=WorkStatus.choices)
    mix_status = forms.ChoiceField(label=_("Dub mix"), choices=WorkStatus.choices)
    subtitle_status = forms.ChoiceField(label=_("Subtitles"), choices=WorkStatus.choices)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class VoiceForm(forms.Form):
    character = forms.ModelChoiceField(label=_("Character"), queryset=Character.objects.none())
    voice_actor = forms.CharField(label=_("Voice actor"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(self, *args: Any, production: Production, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["character"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Character.objects.filter(production=production).order_by("name")
