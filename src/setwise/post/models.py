"""Post-production of a production: the deliverables plan and its milestones, the post partners on board, VFX
shots and editorial cuts, localisation per language, and QC runs of delivered subtitle and audio files.

The plan (``PostPlan``) is created from a template per format and territory (``plan_templates/*.json``); its
milestones are computed backward from ``Production.launch_date`` with the plan's phase durations
(``setwise.post.timeline``), so they move with the launch date. A deliverable's due date is its milestone's date
plus the template's offset unless someone fixed a date (``due_date``). A deliverable with an automatic check
(``qc``: timed text or audio) is green (``PASSED``) only when the latest file uploaded to it passed its QC run.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from setwise.breakdown.models import Character, Element, Scene
from setwise.core.models import Job
from setwise.partners.models import Kind, Partner
from setwise.productions.models import Production


class ProgrammeType(models.TextChoices):
    ADULT = "adult", _("Adult")
    CHILDREN = "children", _("Children")


class PostPlan(models.Model):
    """A production's deliverables plan: the template it came from, the programme facts its QC needs, and the
    durations of the post phases its milestones are computed from."""

    production = models.OneToOneField(Production, on_delete=models.CASCADE, related_name="post_plan")
    template = models.CharField(_("template"), max_length=40)
    territory = models.CharField(_("territory"), max_length=8)
    original_language = models.CharField(_("original language"), max_length=16)
    frame_rate = models.CharField(_("frame rate"), max_length=12, default="23.976")
    programme_type = models.CharField(
        _("programme type"), max_length=10, choices=ProgrammeType.choices, default=ProgrammeType.ADULT
    )
    durations = models.JSONField(_("phase durations in days"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverables plan")
        verbose_name_plural = _("deliverables plans")

    def __str__(self) -> str:
        return f"{self.production} · {self.template}/{self.territory}"


class PostRole(models.TextChoices):
    EDITORIAL = "editorial", _("Editorial")
    PICTURE = "picture", _("Picture finishing / DI")
    VFX = "vfx", _("VFX")
    SOUND = "sound", _("Sound / mix")
    DUBBING = "dubbing", _("Dubbing")
    SUBTITLING = "subtitling", _("Subtitling")


# The partner kind (partners.models.Kind) a partner needs for each post role.
ROLE_KINDS: dict[str, str] = {
    PostRole.EDITORIAL: Kind.POST,
    PostRole.PICTURE: Kind.POST,
    PostRole.VFX: Kind.VFX,
    PostRole.SOUND: Kind.SOUND,
    PostRole.DUBBING: Kind.DUBBING,
    PostRole.SUBTITLING: Kind.SUBTITLING,
}


class PostPartner(models.Model):
    """A partner of the network attached to the production for a post role (at pre-production, or later)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="post_partners")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="post_engagements")
    role = models.CharField(_("role"), max_length=12, choices=PostRole.choices)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attached_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "role", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["production", "partner", "role"], name="unique_post_partner_role")
        ]
        verbose_name = _("post partner")
        verbose_name_plural = _("post partners")

    def __str__(self) -> str:
        return f"{self.partner} · {self.get_role_display()}"


class Category(models.TextChoices):
    PICTURE = "picture", _("Picture")
    AUDIO = "audio", _("Audio")
    SUBTITLES = "subtitles", _("Subtitles and captions")
    DUBBING = "dubbing", _("Dubbing")
    ARTWORK = "artwork", _("Artwork")
    DOCUMENTS = "documents", _("Documents")


# Which post role owns each category by default (attaching a partner makes it the owner of unowned ones).
CATEGORY_ROLES: dict[str, str] = {
    Category.PICTURE: PostRole.PICTURE,
    Category.AUDIO: PostRole.SOUND,
    Category.SUBTITLES: PostRole.SUBTITLING,
    Category.DUBBING: PostRole.DUBBING,
}


class QcKind(models.TextChoices):
    NONE = "", _("Reviewed by hand")
    TIMEDTEXT = "timedtext", _("Timed-text QC")
    AUDIO = "audio", _("Audio QC")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_QC = "in_qc", _("In QC")
    FAILED = "failed", _("Failed")
    PASSED = "passed", _("Passed")


# Statuses only a QC run may give a deliverable that has an automatic check.
QC_STATUSES = (DeliverableStatus.IN_QC, DeliverableStatus.FAILED, DeliverableStatus.PASSED)


class Deliverable(models.Model):
    """One item the production owes the studio: a picture package, a mix, a subtitle file in one language (for
    one episode of a series), artwork or a document."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="deliverables")
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    key = models.CharField(_("template item"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    episode = models.PositiveSmallIntegerField(_("episode"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    sdh = models.BooleanField(_("SDH / closed captions"), default=False)
    spec = models.JSONField(_("specification"), default=dict, blank=True)
    qc = models.CharField(_("automatic check"), max_length=12, choices=QcKind.choices, blank=True, default="")
    audio_target = models.CharField(_("audio delivery target"), max_length=40, blank=True)
    owner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_deliverables",
        verbose_name=_("owner"),
    )
    milestone = models.CharField(_("due at milestone"), max_length=20)
    offset_days = models.SmallIntegerField(_("days from the milestone"), default=0)
    due_date = models.DateField(_("fixed due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    last_run = models.ForeignKey(
        "QcRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("latest QC run")
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["last_run", "updated_at"])

    class Meta:
        ordering = ["production", "order", "pk"]
        indexes = [
            models.Index(fields=["production", "order"]),
            models.Index(fields=["production", "category", "episode"]),
        ]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return self.name

    def due_on(self, milestone_dates: dict[str, dt.date]) -> dt.date | None:
        """The fixed due date, else the milestone's date moved by the offset (None without a timeline)."""
        if self.due_date is not None:
            return self.due_date
        base = milestone_dates.get(self.milestone)
        return base + dt.timedelta(days=self.offset_days) if base is not None else None


class QcStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    ERROR = "error", _("Unreadable file")


def qc_upload_to(run: QcRun, filename: str) -> str:
    name = get_valid_filename(PurePath(filename).name)[-120:] or "file"
    return f"post/qc/{run.deliverable.production_id}/{uuid.uuid4().hex}/{name}"


class QcRun(models.Model):
    """One file uploaded to a deliverable and its automatic check: the file (kept with its SHA-256), the job
    that checks it, and the report. An unreadable file keeps only its name, hash and the error."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="qc_runs")
    kind = models.CharField(_("kind"), max_length=12, choices=QcKind.choices)
    file = models.FileField(_("file"), upload_to=qc_upload_to, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=QcStatus.choices, default=QcStatus.QUEUED)
    error = models.CharField(_("error"), max_length=500, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deliverable", "-created_at", "-pk"]
        verbose_name = _("QC run")
        verbose_name_plural = _("QC runs")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"

    @property
    def done(self) -> bool:
        return self.status in (QcStatus.PASSED, QcStatus.FAILED, QcStatus.ERROR)


class VfxStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    BIDDING = "bidding", _("Bidding")
    AWARDED = "awarded", _("Awarded")
    IN_PROGRESS = "in_progress", _("In progress")
    REVIEW = "review", _("In review")
    FINAL = "final", _("Final")
    OMITTED = "omitted", _("Omitted")


# The VFX bids go to this account of the budget ("Visual effects" in budgets/data/chart_of_accounts.json), on lines
# whose description starts with the prefix (not translated: it identifies the roll-up's lines in every language).
VFX_ACCOUNT = "4300"
VFX_LINE_PREFIX = "VFX bids: "


class CutFormat(models.TextChoices):
    EDL = "edl", _("CMX 3600 EDL")
    FCP_XML = "fcp_xml", _("Final Cut Pro XML")
    OTIO = "otio", _("OpenTimelineIO")


class EditorialCut(models.Model):
    """An editorial cut of one episode imported from an EDL, FCP XML or OTIO file: its running time and how
    many of the episode's VFX shots it contains. The latest cut of an episode gives its running time."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="editorial_cuts")
    episode = models.PositiveSmallIntegerField(_("episode"), default=1)
    name = models.CharField(_("name"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=8, choices=CutFormat.choices)
    reader = models.CharField(_("read with"), max_length=20)
    frame_rate = models.CharField(_("frame rate"), max_length=12)
    duration_frames = models.PositiveIntegerField(_("length in frames"))
    duration_ms = models.PositiveBigIntegerField(_("running time in milliseconds"))
    clips = models.PositiveIntegerField(_("clips"), default=0)
    matched = models.PositiveIntegerField(_("VFX shots in the cut"), default=0)
    unmatched = models.JSONField(_("clip names that look like VFX shots but match none"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["production", "episode", "-created_at", "-pk"]
        verbose_name = _("editorial cut")
        verbose_name_plural = _("editorial cuts")

    def __str__(self) -> str:
        return f"{self.name} (episode {self.episode})"

    @property
    def running_time(self) -> str:
        seconds = self.duration_ms // 1000
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class VfxShot(models.Model):
    """A VFX shot: made from a confirmed VFX element of a scene (or added by hand), bid and awarded to a vendor,
    and matched to the editorial cut by its code (the clip name)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="vfx_shots")
    code = models.CharField(_("shot code"), max_length=60)
    episode = models.PositiveSmallIntegerField(_("episode"), default=1)
    scene = models.ForeignKey(
        Scene, on_delete=models.SET_NULL, null=True, blank=True, related_name="vfx_shots", verbose_name=_("scene")
    )
    element = models.ForeignKey(
        Element, on_delete=models.SET_NULL, null=True, blank=True, related_name="vfx_shots", verbose_name=_("element")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    vendor = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vfx_shots",
        verbose_name=_("vendor"),
    )
    bid = models.DecimalField(_("bid"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=VfxStatus.choices, default=VfxStatus.NOT_STARTED)
    in_breakdown = models.BooleanField(_("confirmed in the breakdown"), default=True)
    cut = models.ForeignKey(
        EditorialCut, on_delete=models.SET_NULL, null=True, blank=True, related_name="shots", verbose_name=_("cut")
    )
    cut_in = models.CharField(_("record in"), max_length=12, blank=True)
    cut_frames = models.PositiveIntegerField(_("frames in the cut"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["production", "episode", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["production", "code"], name="unique_vfx_shot_code")]
        indexes = [models.Index(fields=["production", "episode"])]
        verbose_name = _("VFX shot")
        verbose_name_plural = _("VFX shots")

    def __str__(self) -> str:
        return self.code


class VfxNote(models.Model):
    """A note on one version of a VFX shot (the review notes a vendor works from)."""

    shot = models.ForeignKey(VfxShot, on_delete=models.CASCADE, related_name="notes")
    version = models.PositiveSmallIntegerField(_("version"))
    note = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shot", "-version", "-created_at"]
        verbose_name = _("VFX version note")
        verbose_name_plural = _("VFX version notes")

    def __str__(self) -> str:
        return f"{self.shot.code} v{self.version}"


class WorkStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    APPROVED = "approved", _("Approved")


class LocalisationTrack(models.Model):
    """One language of the production's localisation: the dubbing studio and the dub's translation, recording
    and mix, and the subtitle vendor and subtitles."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="localisation_tracks")
    language = models.CharField(_("language"), max_length=16)
    dub = models.BooleanField(_("dubbed"), default=False)
    subtitles = models.BooleanField(_("subtitled"), default=True)
    dubbing_studio = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dubbing_tracks",
        verbose_name=_("dubbing studio"),
    )
    subtitle_vendor = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subtitle_tracks",
        verbose_name=_("subtitle vendor"),
    )
    translation_status = models.CharField(
        _("script translation"), max_length=12, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED
    )
    recording_status = models.CharField(
        _("recording"), max_length=12, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED
    )
    mix_status = models.CharField(
        _("dub mix"), max_length=12, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED
    )
    subtitle_status = models.CharField(
        _("subtitles"), max_length=12, choices=WorkStatus.choices, default=WorkStatus.NOT_STARTED
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["production", "language"]
        constraints = [models.UniqueConstraint(fields=["production", "language"], name="unique_localisation_language")]
        verbose_name = _("localisation language")
        verbose_name_plural = _("localisation languages")

    def __str__(self) -> str:
        return f"{self.production} · {self.language}"


class VoiceCast(models.Model):
    """The voice actor who dubs one character into one language."""

    track = models.ForeignKey(LocalisationTrack, on_delete=models.CASCADE, related_name="voice_cast")
    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="voice_cast")
    voice_actor = models.CharField(_("voice actor"), max_length=200)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["track", "character__name"]
        constraints = [models.UniqueConstraint(fields=["track", "character"], name="unique_voice_per_character")]
        verbose_name = _("voice cast")
        verbose_name_plural = _("voice cast")

    def __str__(self) -> str:
        return f"{self.character} · {self.voice_actor}"
