"""Daily production reports (DPRs): what happened on a shoot day of the active board, as the 2nd AD reports it
and the line producer approves it; people's clock-in and clock-out from their phones; the working-hour
violations found in the actuals; and the birth dates the hour rules need for minors.

Times are stored in UTC and shown in the production's time zone. A DPR is editable while it is a draft; once
submitted it waits for approval (or goes back to the 2nd AD), and once approved it is locked. Every row keeps
its history (django-simple-history), so the audit shows who changed what and when.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from setwise.breakdown.models import Scene, format_eighths
from setwise.productions.models import Production
from setwise.scheduling.models import Board, ShootDay, Strip, Unit

Meals = list[tuple[dt.datetime, dt.datetime]]


def parse_meals(data: Any) -> Meals:
    """Stored meal breaks (``[[start, end], ...]`` ISO 8601) as aware datetimes; bad rows are skipped."""
    out: Meals = []
    for item in data or []:
        try:
            start, end = dt.datetime.fromisoformat(item[0]), dt.datetime.fromisoformat(item[1])
        except (TypeError, ValueError, IndexError, KeyError):
            continue
        if timezone.is_aware(start) and timezone.is_aware(end) and end > start:
            out.append((start, end))
    return sorted(out)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class DailyReport(models.Model):
    """The DPR of one shoot day. ``day`` is the board's day it reports (kept as ``day_number`` and ``date`` if
    the day is later removed from the board); ``scheduled_call`` and ``scheduled_wrap`` are the plan the day is
    measured against (from the call sheet when there is one)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="daily_reports")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="daily_reports")
    day = models.OneToOneField(ShootDay, on_delete=models.SET_NULL, null=True, blank=True, related_name="report")
    unit = models.CharField(
        pgettext_lazy("shooting unit", "unit"), max_length=12, choices=Unit.choices, default=Unit.MAIN
    )
    day_number = models.PositiveIntegerField(_("day"))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    scheduled_call = models.DateTimeField(_("scheduled crew call"), null=True, blank=True)
    scheduled_wrap = models.DateTimeField(_("scheduled wrap"), null=True, blank=True)
    crew_call = models.DateTimeField(_("crew call"), null=True, blank=True)
    first_shot = models.DateTimeField(_("first shot"), null=True, blank=True)
    meals = models.JSONField(_("meal breaks"), default=list, blank=True)  # [[start, end], ...] ISO 8601, UTC
    camera_wrap = models.DateTimeField(_("camera wrap"), null=True, blank=True)
    wrap = models.DateTimeField(_("crew wrap"), null=True, blank=True)
    weather_delay_minutes = models.PositiveIntegerField(_("weather delay (minutes)"), default=0)
    weather = models.CharField(_("weather"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["production", "date", "unit", "day_number"]
        indexes = [models.Index(fields=["production", "status", "date"])]
        verbose_name = _("daily production report")
        verbose_name_plural = _("daily production reports")

    def __str__(self) -> str:
        return f"{self.production} · {self.day_number} ({self.date})"

    @property
    def editable(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def locked(self) -> bool:
        return self.status == ReportStatus.APPROVED


class PersonKind(models.TextChoices):
    CAST = "cast", _("Cast")
    CREW = "crew", _("Crew")


class ReportTime(models.Model):
    """One person's day on a DPR: the planned call, the times they clocked from their phone, and the times the
    2nd AD confirmed or corrected (both kept). ``meals`` None means the day's meal breaks; ``[]`` no meal.
    ``clock_nonce`` keys the personal clock link (a new nonce retires the old link)."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="times")
    kind = models.CharField(_("kind"), max_length=8, choices=PersonKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="report_times"
    )
    name = models.CharField(_("name"), max_length=200)
    department = models.CharField(_("department or characters"), max_length=300, blank=True)
    cast_numbers = models.CharField(_("cast numbers"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)
    planned_call = models.DateTimeField(_("planned call"), null=True, blank=True)
    clock_in = models.DateTimeField(_("clocked in"), null=True, blank=True)
    clock_out = models.DateTimeField(_("clocked out"), null=True, blank=True)
    call = models.DateTimeField(_("call"), null=True, blank=True)
    wrap = models.DateTimeField(_("wrap"), null=True, blank=True)
    meals = models.JSONField(_("meal breaks"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    clock_nonce = models.CharField(max_length=32, editable=False)
    history = HistoricalRecords(excluded_fields=["clock_nonce"])

    class Meta:
        ordering = ["report", "kind", "position", "pk"]
        verbose_name = _("time on a daily report")
        verbose_name_plural = _("times on daily reports")

    def __str__(self) -> str:
        return f"{self.name} · {self.report}"

    @property
    def person_key(self) -> str:
        """Who this is across days: the account, or the kind and name of someone without one."""
        if self.user_id is not None:
            return f"u{self.user_id}"
        return f"n:{self.kind}:{' '.join(self.name.casefold().split())}"

    @property
    def actual_call(self) -> dt.datetime | None:
        return self.call or self.clock_in

    @property
    def actual_wrap(self) -> dt.datetime | None:
        return self.wrap or self.clock_out

    @property
    def call_corrected(self) -> bool:
        return self.call is not None and self.clock_in is not None and self.call != self.clock_in

    @property
    def wrap_corrected(self) -> bool:
        return self.wrap is not None and self.clock_out is not None and self.wrap != self.clock_out


class SceneResult(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    PARTIAL = "partial", _("Partly shot")
    NOT_SHOT = "not_shot", _("Not shot")


class ReportScene(models.Model):
    """A scene on a DPR: the day's scenes as planned, and any scene pulled in from another day. Completed scenes
    are marked shot on the board; partly shot and unshot scenes go back to the boneyard to be rescheduled."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="scenes")
    strip = models.ForeignKey(Strip, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    scene = models.ForeignKey(Scene, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    scene_number = models.CharField(_("scene"), max_length=40)
    position = models.PositiveIntegerField(default=0)
    planned = models.BooleanField(_("planned for the day"), default=True)
    eighths_planned = models.PositiveIntegerField(_("length in eighths"), default=0)
    result = models.CharField(_("result"), max_length=12, choices=SceneResult.choices, blank=True)
    eighths_shot = models.PositiveIntegerField(_("eighths shot"), null=True, blank=True)
    screen_seconds = models.PositiveIntegerField(_("screen time (seconds)"), default=0)
    setups = models.PositiveIntegerField(_("setups"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "scene"], condition=models.Q(scene__isnull=False), name="unique_scene_per_report"
            )
        ]
        verbose_name = _("scene on a daily report")
        verbose_name_plural = _("scenes on daily reports")

    def __str__(self) -> str:
        return f"{self.scene_number} · {self.report}"

    @property
    def credited_eighths(self) -> int:
        """Eighths this report shot of the scene taken alone: all of it when completed, what was entered when
        partly shot (plan versus actual also subtracts what earlier days shot of a scene they left partly shot)."""
        if self.result == SceneResult.COMPLETED:
            return self.eighths_planned
        if self.result == SceneResult.PARTIAL:
            return min(self.eighths_shot or 0, self.eighths_planned)
        return 0

    @property
    def eighths_display(self) -> str:
        return format_eighths(self.eighths_planned)

    @property
    def screen_time(self) -> str:
        return f"{self.screen_seconds // 60}:{self.screen_seconds % 60:02d}"


class IncidentKind(models.TextChoices):
    ACCIDENT = "accident", _("Accident")
    INJURY = "injury", _("Injury")
    NEAR_MISS = "near_miss", _("Near miss")
    INCIDENT = "incident", _("Incident")
    EQUIPMENT = "equipment", _("Equipment or property damage")


class ReportIncident(models.Model):
    """An incident or accident on a shoot day; open until someone records how it was resolved (a follow-up may
    come after the DPR is approved, so closing an incident is allowed on a locked report)."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=12, choices=IncidentKind.choices)
    time = models.DateTimeField(_("time"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    people = models.CharField(_("people involved"), max_length=300, blank=True)
    action = models.TextField(_("action taken"), blank=True)
    lost_minutes = models.PositiveIntegerField(_("time lost (minutes)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(_("resolution"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "time", "pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.report}"

    @property
    def open(self) -> bool:
        return self.resolved_at is None


class HoursViolation(models.Model):
    """A working-hour rule broken by the actuals (the rules engine's ``check`` over the submitted DPRs). Kept in
    step with the reports: each submission re-checks the production and updates, adds or removes rows, keeping
    when each was first flagged. ``report`` is the DPR of the violation's date on which the person worked."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="hours_violations")
    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="violations")
    person_key = models.CharField(max_length=220)
    person_name = models.CharField(_("person"), max_length=200)
    rule = models.CharField(_("rule"), max_length=60)
    date = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    limit = models.FloatField(_("limit"))
    excess = models.FloatField(_("over by"))
    unit = models.CharField(pgettext_lazy("unit of measure", "unit"), max_length=12)
    source = models.CharField(_("source"), max_length=300)
    layer = models.CharField(_("layer"), max_length=12)
    origin = models.CharField(_("rule set"), max_length=20)
    severity = models.CharField(_("severity"), max_length=8)
    first_flagged_at = models.DateTimeField(_("first flagged"), auto_now_add=True)

    class Meta:
        ordering = ["production", "date", "person_name", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["production", "person_key", "rule", "date"], name="unique_hours_violation")
        ]
        verbose_name = _("working-hour violation")
        verbose_name_plural = _("working-hour violations")

    def __str__(self) -> str:
        return f"{self.person_name} · {self.rule} · {self.date}"


class MemberProfile(models.Model):
    """Per-person facts a production keeps about its people for the hour rules: the birth date (minors have
    stricter limits). Sensitive: shown and edited by producers and line producers only."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="member_profiles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profiles")
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "user"]
        constraints = [models.UniqueConstraint(fields=["production", "user"], name="unique_member_profile")]
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return f"{self.user} · {self.production}"
