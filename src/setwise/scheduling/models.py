"""Shooting schedules: boards of strips (one strip per scene) laid out in shoot days, their versions, the
baseline a production commits to, the optimiser's proposals, and the scheduling facts of cast and locations.

A board's strips sit either in a shoot day (``day``) or in the boneyard (``day`` is null), ordered by
``position`` inside their day. Every change of a board bumps ``Board.revision``; a client that moves a strip
sends the revision it saw, so two people editing one board never overwrite each other silently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from setwise.breakdown.models import Character, Location, Scene
from setwise.core.models import Job
from setwise.productions.models import Production


class BoardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ACTIVE = "active", _("Active")


class Unit(models.TextChoices):
    MAIN = "main", _("Main unit")
    SECOND = "second", _("Second unit")


# Monday=0 ... Sunday=6 (datetime.date.weekday)
DEFAULT_WORKING_WEEKDAYS = [0, 1, 2, 3, 4, 5]


class Board(models.Model):
    """A stripboard: one scenario of the production's schedule (a draft to try things, the published one, the
    active one the crew works to), optionally limited to a unit or a block of episodes."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(_("status"), max_length=12, choices=BoardStatus.choices, default=BoardStatus.DRAFT)
    unit = models.CharField(
        pgettext_lazy("shooting unit", "unit"), max_length=12, choices=Unit.choices, default=Unit.MAIN
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_boards",
        verbose_name=_("part of"),
    )
    episode_from = models.PositiveSmallIntegerField(_("first episode"), null=True, blank=True)
    episode_to = models.PositiveSmallIntegerField(_("last episode"), null=True, blank=True)
    start_date = models.DateField(_("first shoot day"))
    working_weekdays = models.JSONField(_("working weekdays"), default=list, blank=True)
    skip_public_holidays = models.BooleanField(_("no shooting on public holidays"), default=True)
    day_minutes = models.PositiveIntegerField(_("shooting minutes per day"), default=600)
    revision = models.PositiveIntegerField(default=0, editable=False)
    baseline = models.ForeignKey(
        "BoardVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committed baseline"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["revision", "updated_at"])

    class Meta:
        ordering = ["production", "-status", "name"]
        constraints = [models.UniqueConstraint(fields=["production", "name"], name="unique_board_name")]
        verbose_name = _("stripboard")
        verbose_name_plural = _("stripboards")

    def __str__(self) -> str:
        return f"{self.production} · {self.name}"

    @property
    def weekdays(self) -> list[int]:
        return [int(d) for d in self.working_weekdays] if self.working_weekdays else DEFAULT_WORKING_WEEKDAYS


class ShootDay(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="days")
    number = models.PositiveIntegerField(_("day"))
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["board", "number"]
        constraints = [models.UniqueConstraint(fields=["board", "number"], name="unique_shoot_day_number")]
        verbose_name = _("shoot day")
        verbose_name_plural = _("shoot days")

    def __str__(self) -> str:
        return f"{self.board.name} · {self.number} ({self.date})"


class StripKind(models.TextChoices):
    SCENE = "scene", _("Scene")
    BANNER = "banner", _("Banner")


class Strip(models.Model):
    """A scene on a board (or a banner: a line of text such as "Company move to Busan" or "Holiday"). A strip
    with no day is in the boneyard."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="strips")
    kind = models.CharField(_("kind"), max_length=8, choices=StripKind.choices, default=StripKind.SCENE)
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, null=True, blank=True, related_name="strips")
    text = models.CharField(_("banner text"), max_length=200, blank=True)
    day = models.ForeignKey(ShootDay, on_delete=models.SET_NULL, null=True, blank=True, related_name="strips")
    position = models.PositiveIntegerField(_("position"), default=0)
    minutes = models.PositiveIntegerField(_("estimated minutes"), null=True, blank=True)
    shot = models.BooleanField(_("shot"), default=False)

    class Meta:
        ordering = ["board", "day__number", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "scene"], condition=models.Q(kind="scene"), name="unique_scene_strip_per_board"
            )
        ]
        indexes = [models.Index(fields=["board", "day", "position"])]
        verbose_name = _("strip")
        verbose_name_plural = _("strips")

    def __str__(self) -> str:
        return self.text if self.kind == StripKind.BANNER else str(self.scene)


class BoardVersion(models.Model):
    """A frozen copy of a board (its days and their strips): written when a board is committed as the baseline,
    when an optimiser proposal is accepted, and when a call sheet is issued (the call sheet points at it)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    revision = models.PositiveIntegerField(_("board revision"))
    data = models.JSONField(_("days and strips"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "-number"]
        constraints = [models.UniqueConstraint(fields=["board", "number"], name="unique_board_version")]
        verbose_name = _("board version")
        verbose_name_plural = _("board versions")

    def __str__(self) -> str:
        return f"{self.board.name} v{self.number}"


class ProposalStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready")
    ACCEPTED = "accepted", _("Accepted")
    DISCARDED = "discarded", _("Discarded")
    FAILED = "failed", _("Failed")
    INFEASIBLE = "infeasible", _("No schedule possible")


class Proposal(models.Model):
    """A board the optimiser proposes (the days and their scenes), shown as a diff against the board it started
    from; accepting it rewrites the board, discarding it leaves the board as it is."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="proposals")
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices)
    base_revision = models.PositiveIntegerField(_("board revision it started from"))
    options = models.JSONField(_("weights and limits"), default=dict, blank=True)
    data = models.JSONField(_("proposed days"), default=dict, blank=True)
    objective = models.JSONField(_("objective"), default=dict, blank=True)
    bound = models.FloatField(_("lower bound"), null=True, blank=True)
    explanation = models.JSONField(_("why no schedule exists"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["board", "-created_at"]
        verbose_name = _("optimiser proposal")
        verbose_name_plural = _("optimiser proposals")

    def __str__(self) -> str:
        return f"{self.board.name} · {self.get_status_display()}"


class CastTerms(models.Model):
    """Scheduling facts of a character's performer: the cast number printed on strips, the daily rate that
    weighs holding days, and whether the deal allows dropping and picking the performer up again."""

    character = models.OneToOneField(Character, on_delete=models.CASCADE, related_name="terms")
    cast_number = models.PositiveSmallIntegerField(_("cast number"), null=True, blank=True)
    daily_rate = models.DecimalField(_("daily rate"), max_digits=12, decimal_places=2, default=0)
    drop_pickup = models.BooleanField(_("drop and pick-up allowed"), default=False)
    travel = models.BooleanField(_("travels in and out"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cast_number", "character__name"]
        verbose_name = _("cast terms")
        verbose_name_plural = _("cast terms")

    def __str__(self) -> str:
        return f"{self.cast_number or '-'} {self.character.name}"


class Unavailability(models.Model):
    """Dates a performer (character) or a location cannot be used, both inclusive."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="unavailabilities")
    character = models.ForeignKey(
        Character, on_delete=models.CASCADE, null=True, blank=True, related_name="unavailable"
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="unavailable")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(character__isnull=False, location__isnull=True)
                | models.Q(character__isnull=True, location__isnull=False),
                name="unavailability_of_one_thing",
            ),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="unavailability_dates"),
        ]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")

    def __str__(self) -> str:
        return f"{self.character or self.location}: {self.start}–{self.end}"
