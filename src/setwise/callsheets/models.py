"""Call sheets: the plan of one shoot day sent to everyone on it, bound to the board version it came from, with
each person's call time and what happened to the copy sent to them; department lead times; calendar feeds.

A call sheet is generated from the production's active board for one day (``unit`` and ``day_number``) and
freezes the board as a ``BoardVersion``. Generating that day again makes the next ``revision``; an issued call
sheet never changes (a change is a new revision, and the older one's personal links say so).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from setwise.accounts.roles import ProductionRole
from setwise.productions.models import Production
from setwise.scheduling.models import Board, BoardVersion, Unit


class LeadTime(models.Model):
    """How long before the general crew call a department is called (make-up before camera). The row with no
    department holds the default for every department not listed."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="lead_times")
    department = models.CharField(_("department"), max_length=80, blank=True)
    key = models.CharField(max_length=80, editable=False)
    minutes = models.PositiveSmallIntegerField(_("minutes before the general call"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "-minutes", "department"]
        constraints = [models.UniqueConstraint(fields=["production", "key"], name="unique_lead_time_department")]
        verbose_name = _("department lead time")
        verbose_name_plural = _("department lead times")

    def __str__(self) -> str:
        return f"{self.department or '*'}: {self.minutes}"


class CallSheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class CallSheet(models.Model):
    """One revision of the call sheet of a shoot day. ``content`` freezes what the day holds (scenes with their
    estimated minutes, banners, locations) as generated; times are stored in UTC and shown in the production's
    zone; ``fingerprint`` is the day as the board had it, to tell when the board has moved on."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="call_sheets")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="call_sheets")
    board_version = models.ForeignKey(
        BoardVersion, on_delete=models.RESTRICT, related_name="call_sheets", verbose_name=_("board version")
    )
    unit = models.CharField(
        pgettext_lazy("shooting unit", "unit"), max_length=12, choices=Unit.choices, default=Unit.MAIN
    )
    day_number = models.PositiveIntegerField(_("day"))
    day_count = models.PositiveIntegerField(_("shoot days"))
    revision = models.PositiveIntegerField(_("revision"))
    date = models.DateField(_("date"))
    crew_call = models.DateTimeField(_("general crew call"))
    shooting_call = models.DateTimeField(_("shooting call"))
    meal_minutes = models.PositiveSmallIntegerField(_("meal break (minutes)"), default=60)
    sunrise = models.DateTimeField(_("sunrise"), null=True, blank=True)
    sunset = models.DateTimeField(_("sunset"), null=True, blank=True)
    weather = models.CharField(_("weather"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    content = models.JSONField(_("scenes and locations"), default=dict)
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=CallSheetStatus.choices, default=CallSheetStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "content"])

    class Meta:
        ordering = ["production", "unit", "day_number", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "unit", "day_number", "revision"], name="unique_call_sheet_revision"
            )
        ]
        indexes = [models.Index(fields=["production", "unit", "day_number"])]
        verbose_name = _("call sheet")
        verbose_name_plural = _("call sheets")

    def __str__(self) -> str:
        return f"{self.production} · {self.day_number} ({self.date}) r{self.revision}"

    @property
    def issued(self) -> bool:
        return self.status == CallSheetStatus.ISSUED


class RecipientKind(models.TextChoices):
    CAST = "cast", _("Cast")
    CREW = "crew", _("Crew")


class Recipient(models.Model):
    """A person on a call sheet: their call time (computed, or set by hand) and the copy sent to them: the hash of
    their personal link, when it was sent (or why it could not be), first opened and confirmed."""

    call_sheet = models.ForeignKey(CallSheet, on_delete=models.CASCADE, related_name="people")
    kind = models.CharField(_("kind"), max_length=8, choices=RecipientKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("department or characters"), max_length=300, blank=True)
    cast_numbers = models.CharField(_("cast numbers"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.PositiveIntegerField(default=0)
    first_item = models.PositiveIntegerField(_("first scene"), null=True, blank=True)
    lead_minutes = models.PositiveSmallIntegerField(_("lead time (minutes)"), default=0)
    computed_call = models.DateTimeField(_("computed call"))
    call_time = models.DateTimeField(_("call"))
    call_edited = models.BooleanField(_("call set by hand"), default=False)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivery_error = models.CharField(_("delivery error"), max_length=500, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["call_sheet", "position", "pk"]
        verbose_name = _("person on a call sheet")
        verbose_name_plural = _("people on call sheets")

    def __str__(self) -> str:
        return f"{self.name} · {self.call_sheet}"

    @property
    def role_display(self) -> str:
        """The department, or for crew without one their role on the production (in the reader's language)."""
        if self.kind == RecipientKind.CREW and self.role in ProductionRole.values:
            return str(ProductionRole(self.role).label)
        return self.role


class CalendarFeed(models.Model):
    """A person's secret calendar address (``/calendar/<token>.ics``; the same token opens the feed of a
    production they are on). Random and unique; rotating it retires the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} · {self.token[:6]}…"
