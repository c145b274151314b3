"""Intimacy coordination and safeguarding: the intimacy coordinator's plan of each intimate scene, the riders
performers sign, the coordinator's bookings and check-ins, concerns raised on a production, and the audit log.

These are safeguarding records. They are read and written only through ``setwise.intimacy.access`` (who may),
``selectors`` (reads, each written to the audit log) and ``services`` (writes, each written to the audit log).
On purpose they have no history tables (simple_history would copy their content into a second place) and no admin
pages; ``AuditEntry`` records who read or changed which record, never the content.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from setwise.breakdown.models import Character, Scene
from setwise.productions.models import Membership, Production


class ContentType(models.TextChoices):
    NUDITY = "nudity", _("Nudity")
    SIMULATED_SEX = "simulated_sex", _("Simulated sex")
    KISSING = "kissing", _("Kissing")
    INTIMATE_TOUCH = "intimate_touch", _("Intimate touching")
    OTHER = "other", _("Other hyper-exposed content")


class NudityLevel(models.TextChoices):
    NONE = "none", _("No nudity")
    IMPLIED = "implied", _("Implied nudity (nothing shown)")
    PARTIAL = "partial", _("Partial nudity")
    FULL = "full", _("Full nudity")


class IntimacyPlan(models.Model):
    """The intimacy coordinator's plan of one scene: what is shown and done, agreed with the director, how it is
    rehearsed, protected and watched. Its riders say what each performer agrees to."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="intimacy_plans")
    scene = models.OneToOneField(Scene, on_delete=models.CASCADE, related_name="intimacy_plan")
    content_types = models.JSONField(_("type of content"), default=list, blank=True)
    nudity_level = models.CharField(
        _("level of nudity"), max_length=12, choices=NudityLevel.choices, default=NudityLevel.NONE
    )
    description = models.TextField(_("description agreed with the director"), blank=True)
    agreed_with_director_on = models.DateField(_("agreed with the director on"), null=True, blank=True)
    modesty_garments = models.TextField(_("modesty garments"), blank=True)
    barriers = models.TextField(_("barriers"), blank=True)
    monitor_restrictions = models.TextField(_("monitor restrictions"), blank=True)
    remote_monitors_off = models.BooleanField(_("remote and streamed monitors off"), default=True)
    body_doubles = models.BooleanField(_("body doubles used"), default=False)
    closed_set = models.ManyToManyField(
        Membership, blank=True, related_name="closed_set_plans", verbose_name=_("closed-set crew")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["production", "scene__order"]
        verbose_name = _("intimacy plan")
        verbose_name_plural = _("intimacy plans")

    def __str__(self) -> str:
        return f"{self.production_id}/{self.scene_id}"

    def content_type_labels(self) -> list[str]:
        labels = dict(ContentType.choices)
        return [str(labels.get(value, value)) for value in self.content_types]


class SessionKind(models.TextChoices):
    ONE_ON_ONE = "one_on_one", _("One-to-one with the performer")
    CHOREOGRAPHY = "choreography", _("Choreography")
    REHEARSAL = "rehearsal", _("Rehearsal")
    FITTING = "fitting", _("Modesty garment fitting")


class RehearsalSession(models.Model):
    plan = models.ForeignKey(IntimacyPlan, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["plan", "starts_at"]
        verbose_name = _("rehearsal session")
        verbose_name_plural = _("rehearsal sessions")

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.kind} · {self.starts_at:%Y-%m-%d}"


class RiderStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    SENT = "sent", _("Sent to the performer")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class Rider(models.Model):
    """What one performer agrees to for one scene. ``document_text`` is the rider as the performer reads it; it is
    rendered again whenever the plan or these terms change, and ``version`` goes up when the text does. A signature
    counts only for the version, text and script of the scene it was given for."""

    plan = models.ForeignKey(IntimacyPlan, on_delete=models.CASCADE, related_name="riders")
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intimacy_riders",
        verbose_name=_("performer"),
    )
    character = models.ForeignKey(
        Character, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("character")
    )
    body_double = models.BooleanField(_("body double"), default=False)
    nudity_extent = models.TextField(_("extent of nudity and body parts"), blank=True)
    simulated_acts = models.TextField(_("simulated acts"), blank=True)
    footage_limits = models.TextField(_("limits on footage"), blank=True)
    stills_permitted = models.BooleanField(_("stills and behind-the-scenes photography permitted"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=RiderStatus.choices, default=RiderStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    document_text = models.TextField(_("rider"), blank=True)
    scene_fingerprint = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "membership"], name="unique_rider_per_performer")]
        verbose_name = _("rider")
        verbose_name_plural = _("riders")

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.pk} v{self.version}"


class RiderSignature(models.Model):
    """A performer's signature of one version of a rider: the typed name, when, from which address, and the SHA-256
    of the exact text signed (kept with the text)."""

    rider = models.ForeignKey(Rider, on_delete=models.CASCADE, related_name="signatures")
    version = models.PositiveIntegerField(_("version"))
    typed_name = models.CharField(_("typed name"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    document_sha256 = models.CharField(_("SHA-256 of the rider"), max_length=64)
    document_text = models.TextField(_("rider as signed"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["rider", "-signed_at", "-pk"]
        verbose_name = _("rider signature")
        verbose_name_plural = _("rider signatures")

    def __str__(self) -> str:
        return f"{self.rider_id} v{self.version}"


class AgentShare(models.Model):
    """A link the performer sent their agent to read one version of their rider; only its SHA-256 is stored."""

    rider = models.ForeignKey(Rider, on_delete=models.CASCADE, related_name="agent_shares")
    email = models.EmailField(_("agent's e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["rider", "-created_at"]
        verbose_name = _("rider shared with an agent")
        verbose_name_plural = _("riders shared with agents")

    def __str__(self) -> str:
        return f"{self.rider_id} → agent"


class ICBooking(models.Model):
    """A date the intimacy coordinator is booked to be on set."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="ic_bookings")
    coordinator = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="ic_bookings", verbose_name=_("intimacy coordinator")
    )
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "date"]
        constraints = [models.UniqueConstraint(fields=["coordinator", "date"], name="unique_ic_booking_date")]
        verbose_name = _("intimacy coordinator booking")
        verbose_name_plural = _("intimacy coordinator bookings")

    def __str__(self) -> str:
        return f"{self.production_id} · {self.date}"


class CheckInPhase(models.TextChoices):
    PRE = "pre", _("Before the scene")
    POST = "post", _("After the scene")


class CheckIn(models.Model):
    """The intimacy coordinator's check-in with a performer before or after the scene; the notes are private to the
    intimacy coordinators of the production."""

    plan = models.ForeignKey(IntimacyPlan, on_delete=models.CASCADE, related_name="check_ins")
    rider = models.ForeignKey(Rider, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("performer"))
    phase = models.CharField(_("when"), max_length=4, choices=CheckInPhase.choices)
    date = models.DateField(_("date"))
    notes = models.TextField(_("private notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-date", "-recorded_at"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.phase} · {self.date}"


class ConcernKind(models.TextChoices):
    CONDUCT = "conduct", _("Conduct")
    SAFETY = "safety", _("Safety")
    OTHER = "other", _("Something else")


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("Being looked into")
    ACTION_TAKEN = "action_taken", _("Action taken")
    CLOSED = "closed", _("Closed")


class ConcernRoute(models.TextChoices):
    PRODUCTION = "production", _("The production's safeguarding lead")
    STUDIO = "studio", _("The studio's safeguarding lead")


class Concern(models.Model):
    """A concern about conduct or safety on a production. An anonymous concern stores no user, no address and no
    session: the reporter follows it with the private code shown once when it was raised (only its SHA-256 is
    kept). ``routed_to`` says whose it is: the production's safeguarding lead, or the studio's when the production's
    lead is involved (or the production has none)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="concerns")
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("about"), max_length=12, choices=ConcernKind.choices)
    description = models.TextField(_("what happened"))
    lead_involved = models.BooleanField(_("the production's safeguarding lead is involved"), default=False)
    routed_to = models.CharField(_("routed to"), max_length=12, choices=ConcernRoute.choices)
    status = models.CharField(_("status"), max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.RECEIVED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(reporter__isnull=True),
                name="anonymous_concern_has_no_reporter",
            )
        ]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")

    def __str__(self) -> str:
        return self.reference


class MessageAuthor(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    LEAD = "lead", _("Safeguarding lead")


class ConcernMessage(models.Model):
    """A message between the reporter and the safeguarding lead on a case. For an anonymous reporter ``author`` is
    always empty."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=12, choices=MessageAuthor.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["concern", "created_at", "pk"]
        verbose_name = _("message on a concern")
        verbose_name_plural = _("messages on concerns")

    def __str__(self) -> str:
        return f"{self.concern_id} · {self.author_kind}"


class CaseNote(models.Model):
    """A safeguarding lead's private note on a case (never shown to the reporter)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["concern", "created_at", "pk"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.concern_id} · note"


class ActorKind(models.TextChoices):
    USER = "user", _("Signed-in person")
    ANONYMOUS_REPORTER = "anonymous", _("Anonymous reporter")
    REPORTER_CODE = "reporter_code", _("Reporter (with the case code)")
    AGENT = "agent", _("Performer's agent (shared link)")
    SYSTEM = "system", _("Setwise")


class AuditAction(models.TextChoices):
    VIEW = "view", _("Read")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    SEND = "send", _("Sent")
    SIGN = "sign", _("Signed")
    WITHDRAW = "withdraw", _("Consent withdrawn")
    SHARE = "share", _("Shared with an agent")
    PURGE = "purge", _("Purged (retention)")


class AuditEntry(models.Model):
    """Who read or changed which intimacy or safeguarding record, and when. Never the record's content; for an
    anonymous reporter, no identity at all."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices, default=ActorKind.USER)
    production = models.ForeignKey(
        Production, on_delete=models.SET_NULL, null=True, blank=True, related_name="intimacy_audit"
    )
    action = models.CharField(max_length=12, choices=AuditAction.choices)
    record_type = models.CharField(max_length=24)
    record_id = models.PositiveBigIntegerField()
    # For entries about concerns: whose case it is, so the production's lead never sees the studio's cases.
    route = models.CharField(max_length=12, choices=ConcernRoute.choices, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["production", "-at"]), models.Index(fields=["record_type", "record_id"])]
        verbose_name = _("intimacy audit entry")
        verbose_name_plural = _("intimacy audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.record_type}#{self.record_id}"
