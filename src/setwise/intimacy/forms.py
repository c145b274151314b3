"""Forms of intimacy coordination and safeguarding. They only read input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from setwise.breakdown.models import Character
from setwise.intimacy import services
from setwise.intimacy.models import (
    CheckInPhase,
    ConcernKind,
    ConcernStatus,
    ContentType,
    IntimacyPlan,
    NudityLevel,
    Rider,
    SessionKind,
)
from setwise.productions.models import Membership, Production

TEXT = {"rows": 3, "maxlength": services.MAX_TEXT}


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person on the production, by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user)


class CrewChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """People on the production, by name and role."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.user} · {obj.get_role_display()}"


class RiderChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A performer of a plan, by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.membership.user)


class PlanForm(forms.Form):
    content_types = forms.MultipleChoiceField(
        label=_("Type of content"), choices=ContentType.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    nudity_level = forms.ChoiceField(label=_("Level of nudity"), choices=NudityLevel.choices)
    description = forms.CharField(
        label=_("Description agreed with the director"), widget=forms.Textarea(attrs=TEXT), required=False
    )
    agreed_with_director_on = forms.DateField(
        label=_("Agreed with the director on"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    modesty_garments = forms.CharField(label=_("Modesty garments"), widget=forms.Textarea(attrs=TEXT), required=False)
    barriers = forms.CharField(label=_("Barriers"), widget=forms.Textarea(attrs=TEXT), required=False)
    monitor_restrictions = forms.CharField(
        label=_("Monitor restrictions"), widget=forms.Textarea(attrs=TEXT), required=False
    )
    remote_monitors_off = forms.BooleanField(label=_("Remote and streamed monitors off"), required=False)
    body_doubles = forms.BooleanField(label=_("Body doubles used"), required=False)
    closed_set = CrewChoiceField(
        label=_("Closed-set crew (essential crew only)"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, production: Production, *args: Any, plan: IntimacyPlan | None = None, **kwargs: Any):
        if plan is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "content_types": plan.content_types,
                "nudity_level": plan.nudity_level,
                "description": plan.description,
                "agreed_with_director_on": plan.agreed_with_director_on,
                "modesty_garments": plan.modesty_garments,
                "barriers": plan.barriers,
                "monitor_restrictions": plan.monitor_restrictions,
                "remote_monitors_off": plan.remote_monitors_off,
                "body_doubles": plan.body_doubles,
                "closed_set": list(plan.closed_set.values_list("pk", flat=True)),
            }
        elif plan is None and not args and "initial" not in kwargs:
            kwargs["initial"] = {"remote_monitors_off": True}
        super().__init__(*args, **kwargs)
        field = self.fields["closed_set"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = production.memberships.exclude(role="cast").select_related("user").order_by("role")

    def to_data(self) -> services.PlanData:
        d = self.cleaned_data
        return services.PlanData(
            content_types=tuple(d["content_types"]),
            nudity_level=d["nudity_level"],
            description=d["description"],
            agreed_with_director_on=d["agreed_with_director_on"],
            modesty_garments=d["modesty_garments"],
            barriers=d["barriers"],
            monitor_restrictions=d["monitor_restrictions"],
            remote_monitors_off=d["remote_monitors_off"],
            body_doubles=d["body_doubles"],
            closed_set=tuple(m.pk for m in d["closed_set"]),
        )


class PerformerForm(forms.Form):
    membership = MemberChoiceField(label=_("Performer"), queryset=Membership.objects.none())
    character = forms.ModelChoiceField(label=_("Character"), queryset=Character.objects.none(), required=False)
    body_double = forms.BooleanField(label=_("Body double"), required=False)

    def __init__(self, production: Production, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        membership = self.fields["membership"]
        assert isinstance(membership, forms.ModelChoiceField)
        membership.queryset = production.memberships.filter(role="cast").select_related("user")
        character = self.fields["character"]
        assert isinstance(character, forms.ModelChoiceField)
        character.queryset = Character.objects.filter(production=production).order_by("name")


class RiderTermsForm(forms.Form):
    nudity_extent = forms.CharField(
        label=_("Extent of nudity and body parts"), widget=forms.Textarea(attrs=TEXT), required=False
    )
    simulated_acts = forms.CharField(label=_("Simulated acts"), widget=forms.Textarea(attrs=TEXT), required=False)
    footage_limits = forms.CharField(label=_("Limits on footage"), widget=forms.Textarea(attrs=TEXT), required=False)
    stills_permitted = forms.BooleanField(label=_("Stills and behind-the-scenes photography permitted"), required=False)

    @classmethod
    def for_rider(cls, rider: Rider, data: Any = None) -> RiderTermsForm:
        initial = {
            "nudity_extent": rider.nudity_extent,
            "simulated_acts": rider.simulated_acts,
            "footage_limits": rider.footage_limits,
            "stills_permitted": rider.stills_permitted,
        }
        return cls(data, initial=initial)

    def to_terms(self) -> services.RiderTerms:
        d = self.cleaned_data
        return services.RiderTerms(d["nudity_extent"], d["simulated_acts"], d["footage_limits"], d["stills_permitted"])


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs=TEXT), required=False)


class CheckInForm(forms.Form):
    rider = RiderChoiceField(label=_("Performer"), queryset=Rider.objects.none())
    phase = forms.ChoiceField(label=_("When"), choices=CheckInPhase.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Private notes"), widget=forms.Textarea(attrs=TEXT), required=False)

    def __init__(self, plan: IntimacyPlan, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        rider = self.fields["rider"]
        assert isinstance(rider, forms.ModelChoiceField)
        rider.queryset = plan.riders.filter(membership__isnull=False).select_related("membership__user")


class BookingForm(forms.Form):
    coordinator = MemberChoiceField(label=_("Intimacy coordinator"), queryset=Membership.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, production: Production, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        coordinator = self.fields["coordinator"]
        assert isinstance(coordinator, forms.ModelChoiceField)
        coordinator.queryset = production.memberships.filter(role="intimacy_coordinator").select_related("user")


class SignForm(forms.Form):
    typed_name = forms.CharField(label=_("Type your full name to sign"), max_length=200)
    document_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    agree = forms.BooleanField(label=_("I have read this rider and agree to it."))


class AgentForm(forms.Form):
    email = forms.EmailField(label=_("Your agent's e-mail"))


class ConcernForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it about?"), choices=ConcernKind.choices)
    description = forms.CharField(
        label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.MAX_TEXT})
    )
    anonymous = forms.BooleanField(
        label=_("Raise it anonymously"),
        required=False,
        help_text=_("Nothing about you is stored: not your name, your address or your session."),
    )
    lead_involved = forms.BooleanField(
        label=_("The production's safeguarding lead is involved"),
        required=False,
        help_text=_("Then it goes to the studio's safeguarding lead instead."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your case code"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class ReporterReplyForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=80, required=False)
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}))


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ConcernStatus.choices)
