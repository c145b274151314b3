"""Writes of post-production: the deliverables plan, post partners, deliverables, VFX shots and notes, editorial
cuts, localisation, and QC runs. Views, the API, tasks and tests all call these.

Every write checks ``Perm.EDIT_POST`` on the production (post supervisors, producers and line producers; see
``can_edit_post``) and runs in one transaction. Bad input raises ``ValidationError`` keyed by field; a missing
permission raises ``PermissionDenied``. A deliverable with an automatic check is given ``in_qc``, ``failed`` and
``passed`` only by its QC runs (``submit_qc`` and ``execute_qc``), never by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from setwise.accounts.permissions import has_production_perm
from setwise.accounts.roles import Perm
from setwise.breakdown.models import CONFIRMED_STATUSES, Category, Character, Scene, SceneElement
from setwise.core.uploads import too_large
from setwise.engines import audio as audio_engine
from setwise.engines import timedtext
from setwise.partners.models import Partner
from setwise.partners.models import Status as PartnerStatus
from setwise.post import editorial, plans, timeline
from setwise.post.models import (
    CATEGORY_ROLES,
    QC_STATUSES,
    ROLE_KINDS,
    VFX_ACCOUNT,
    VFX_LINE_PREFIX,
    Deliverable,
    DeliverableStatus,
    EditorialCut,
    LocalisationTrack,
    PostPartner,
    PostPlan,
    PostRole,
    ProgrammeType,
    QcKind,
    QcRun,
    QcStatus,
    VfxNote,
    VfxShot,
    VfxStatus,
    VoiceCast,
    WorkStatus,
)
from setwise.productions.models import Format, Production

FRAME_RATES = ("23.976", "24", "25", "29.97", "29.97df", "30")
AUDIO_EXTENSIONS = (".wav", ".bwf", ".rf64")
AUDIO_MAX_BYTES_DEFAULT = 8 * 1024**3  # a 2-hour 7.1 mix at 48 kHz / 24-bit is about 5 GB


def can_edit_post(user: Any, production: Production) -> bool:
    return has_production_perm(user, Perm.EDIT_POST, production)


def can_view_costs(user: Any, production: Production) -> bool:
    """VFX bids are commercial terms: shown to those who edit the production's post or may see its budget, not
    to all its members."""
    return can_edit_post(user, production) or has_production_perm(user, Perm.VIEW_BUDGET, production)


def _require(user: Any, production: Production) -> None:
    if not can_edit_post(user, production):
        raise PermissionDenied("You may not change this production's post-production")


def _actor(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


# --- the plan -----------------------------------------------------------------------------------------------------


def create_plan(
    user: Any,
    production: Production,
    *,
    template: str | None = None,
    territory: str | None = None,
    original_language: str | None = None,
    frame_rate: str | None = None,
    programme_type: str = ProgrammeType.ADULT,
) -> PostPlan:
    """The production's deliverables plan from a template (by format unless given) and territory (the
    production's country unless given): deliverables, and the localisation languages they need. Partners
    already attached become owners of the deliverables of their role."""
    _require(user, production)
    template_key = template or plans.template_for_format(production.format)
    try:
        spec = plans.load_template(template_key)
    except plans.TemplateError as exc:
        raise ValidationError({"template": str(exc)}) from None
    known = plans.territories()
    territory_key = territory or (production.country.upper() if production.country.upper() in known else "default")
    if territory_key not in known:
        raise ValidationError({"territory": _("Unknown territory.")})
    place = known[territory_key]
    original = plans.timedtext_language(original_language or production.language or "") or (
        original_language or production.language or place.original_language
    )
    rate = frame_rate or spec.frame_rate
    if rate not in FRAME_RATES:
        raise ValidationError({"frame_rate": _("Unknown frame rate.")})
    if programme_type not in ProgrammeType.values:
        raise ValidationError({"programme_type": _("Unknown programme type.")})
    items = plans.expand(spec, place, production.episodes if production.format != Format.FILM else 1, original)
    with transaction.atomic():
        Production.objects.select_for_update().filter(pk=production.pk).first()
        if PostPlan.objects.filter(production=production).exists():
            raise ValidationError({"template": _("This production already has a deliverables plan.")})
        plan = PostPlan.objects.create(
            production=production,
            template=template_key,
            territory=territory_key,
            original_language=original,
            frame_rate=rate,
            programme_type=programme_type,
            durations=dict(spec.durations),
            created_by=_actor(user),
        )
        Deliverable.objects.bulk_create(
            Deliverable(
                production=production,
                category=item.category,
                key=item.key,
                name=item.name[:200],
                episode=item.episode,
                language=item.language,
                sdh=item.sdh,
                spec=item.spec,
                qc=item.qc,
                audio_target=item.audio_target,
                milestone=item.milestone,
                offset_days=item.offset_days,
                order=index,
            )
            for index, item in enumerate(items)
        )
        _plan_languages(production, items)
        for engagement in PostPartner.objects.filter(production=production).select_related("partner"):
            _assign_owner(engagement)
    return plan


def _plan_languages(production: Production, items: Sequence[plans.PlannedItem]) -> None:
    dubbed = {i.language for i in items if i.category == "dubbing" and i.language}
    subtitled = {i.language for i in items if i.category == "subtitles" and i.language}
    existing = set(LocalisationTrack.objects.filter(production=production).values_list("language", flat=True))
    LocalisationTrack.objects.bulk_create(
        _new_track(production, language, language in dubbed, language in subtitled)
        for language in sorted((dubbed | subtitled) - existing)
    )


def _new_track(production: Production, language: str, dub: bool, subtitles: bool) -> LocalisationTrack:
    dub_status = WorkStatus.NOT_STARTED if dub else WorkStatus.NOT_NEEDED
    return LocalisationTrack(
        production=production,
        language=language,
        dub=dub,
        subtitles=subtitles,
        translation_status=dub_status,
        recording_status=dub_status,
        mix_status=dub_status,
        subtitle_status=WorkStatus.NOT_STARTED if subtitles else WorkStatus.NOT_NEEDED,
    )


def update_plan(
    user: Any,
    plan: PostPlan,
    *,
    durations: Mapping[str, object] | None = None,
    frame_rate: str | None = None,
    programme_type: str | None = None,
) -> PostPlan:
    """Change the phase durations (the milestones move with them), the frame rate or the programme type."""
    _require(user, plan.production)
    if frame_rate is not None and frame_rate not in FRAME_RATES:
        raise ValidationError({"frame_rate": _("Unknown frame rate.")})
    if programme_type is not None and programme_type not in ProgrammeType.values:
        raise ValidationError({"programme_type": _("Unknown programme type.")})
    with transaction.atomic():
        locked = PostPlan.objects.select_for_update().get(pk=plan.pk)
        if durations is not None:
            try:
                locked.durations = timeline.clean_durations(durations, timeline.clean_durations(locked.durations))
            except ValueError as exc:
                raise ValidationError({"durations": str(exc)}) from None
        if frame_rate is not None:
            locked.frame_rate = frame_rate
        if programme_type is not None:
            locked.programme_type = programme_type
        locked._history_user = _actor(user)  # type: ignore[attr-defined]
        locked.save()
    return locked


# --- post partners ------------------------------------------------------------------------------------------------


def _check_partner(partner: Partner, kind: str, field: str) -> None:
    if partner.status == PartnerStatus.INACTIVE:
        raise ValidationError({field: _("%(name)s is inactive in the partner network.") % {"name": partner.name}})
    if not partner.kinds.filter(code=kind).exists():
        raise ValidationError(
            {field: _("%(name)s does not offer this service in the partner network.") % {"name": partner.name}}
        )


def _covers(partner: Partner, language: str) -> bool:
    """Whether a partner works in a language (by ISO 639-1 code; a partner with no languages listed takes all)."""
    codes = {code.lower() for code in partner.languages.values_list("code", flat=True)}
    return not codes or language.split("-")[0].lower() in codes


def _assign_owner(engagement: PostPartner) -> None:
    """Make the partner the owner of the unowned deliverables of its role (in languages it works in), and the
    dubbing studio or subtitle vendor of the languages that have none."""
    categories = [c for c, role in CATEGORY_ROLES.items() if role == engagement.role]
    partner = engagement.partner
    production = engagement.production
    if categories:
        unowned = Deliverable.objects.filter(production=production, category__in=categories, owner__isnull=True)
        if engagement.role in (PostRole.DUBBING, PostRole.SUBTITLING):
            languages = {
                lang for lang in unowned.values_list("language", flat=True).distinct() if _covers(partner, lang)
            }
            unowned = unowned.filter(language__in=languages)
        unowned.update(owner=partner)
    tracks = LocalisationTrack.objects.filter(production=production)
    if engagement.role == PostRole.DUBBING:
        for track in tracks.filter(dub=True, dubbing_studio__isnull=True):
            if _covers(partner, track.language):
                LocalisationTrack.objects.filter(pk=track.pk).update(dubbing_studio=partner)
    elif engagement.role == PostRole.SUBTITLING:
        for track in tracks.filter(subtitles=True, subtitle_vendor__isnull=True):
            if _covers(partner, track.language):
                LocalisationTrack.objects.filter(pk=track.pk).update(subtitle_vendor=partner)


def attach_partner(user: Any, production: Production, partner: Partner, role: str, notes: str = "") -> PostPartner:
    """Put a partner of the network on the production's post team for a role (it must offer that service)."""
    _require(user, production)
    if role not in PostRole.values:
        raise ValidationError({"role": _("Unknown post role.")})
    _check_partner(partner, ROLE_KINDS[role], "partner")
    with transaction.atomic():
        engagement, created = PostPartner.objects.get_or_create(
            production=production,
            partner=partner,
            role=role,
            defaults={"notes": notes.strip()[:300], "attached_by": _actor(user)},
        )
        if not created:
            raise ValidationError({"partner": _("This partner is already on the post team in this role.")})
        _assign_owner(engagement)
    return engagement


def detach_partner(user: Any, engagement: PostPartner) -> None:
    """Take a partner off the post team; the deliverables and shots it owns keep it until reassigned."""
    _require(user, engagement.production)
    with transaction.atomic():
        engagement.delete()


# --- deliverables -------------------------------------------------------------------------------------------------


def manual_statuses(deliverable: Deliverable) -> list[str]:
    """The statuses a person may give the deliverable (QC decides the others of a checked deliverable)."""
    if deliverable.qc:
        return [DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS]
    return [s for s in DeliverableStatus.values if s != DeliverableStatus.IN_QC]


def update_deliverable(
    user: Any,
    deliverable: Deliverable,
    *,
    owner: Partner | None,
    due_date: dt.date | None,
    status: str,
    notes: str = "",
) -> Deliverable:
    _require(user, deliverable.production)
    if status not in DeliverableStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status != deliverable.status and status not in manual_statuses(deliverable):
        raise ValidationError(
            {"status": _("Only a QC run decides whether this deliverable passes: upload its file to check it.")}
        )
    if owner is not None and owner.status == PartnerStatus.INACTIVE:
        raise ValidationError({"owner": _("%(name)s is inactive in the partner network.") % {"name": owner.name}})
    with transaction.atomic():
        locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        if status != locked.status and locked.qc and locked.status in QC_STATUSES and status not in QC_STATUSES:
            # Back to planned/in progress: the last QC run no longer speaks for the deliverable.
            locked.last_run = None
        locked.owner = owner
        locked.due_date = due_date
        locked.status = status
        locked.notes = notes.strip()
        locked._history_user = _actor(user)  # type: ignore[attr-defined]
        locked.save()
    return locked


def add_deliverable(
    user: Any,
    production: Production,
    *,
    category: str,
    name: str,
    milestone: str = "delivery",
    episode: int | None = None,
    language: str = "",
    due_date: dt.date | None = None,
) -> Deliverable:
    """A deliverable the template did not have (reviewed by hand)."""
    _require(user, production)
    from setwise.post.models import Category as DeliverableCategory

    name = name.strip()[:200]
    if not name:
        raise ValidationError({"name": _("A deliverable needs a name.")})
    if category not in DeliverableCategory.values:
        raise ValidationError({"category": _("Unknown category.")})
    if milestone not in timeline.MILESTONES:
        raise ValidationError({"milestone": _("Unknown milestone.")})
    if episode is not None and not 1 <= episode <= max(1, production.episodes):
        raise ValidationError({"episode": _("This production has no such episode.")})
    with transaction.atomic():
        last = Deliverable.objects.filter(production=production).order_by("-order").values_list("order", flat=True)
        return Deliverable.objects.create(
            production=production,
            category=category,
            key="custom",
            name=name,
            milestone=milestone,
            episode=episode,
            language=language.strip()[:16],
            due_date=due_date,
            order=(last.first() or 0) + 1,
        )


# --- QC -----------------------------------------------------------------------------------------------------------


def audio_max_bytes() -> int:
    return int(getattr(settings, "SETWISE_QC_AUDIO_MAX_BYTES", AUDIO_MAX_BYTES_DEFAULT))


def _check_upload(deliverable: Deliverable, upload: File[Any]) -> str:
    name = Path(upload.name or "file").name[:200] or "file"
    if deliverable.qc == QcKind.TIMEDTEXT:
        message = too_large(upload.size)
        if message is None and upload.size is not None and upload.size > timedtext.MAX_BYTES:
            message = _("The file is too large for a subtitle file.")
        if message:
            raise ValidationError({"file": message})
    elif deliverable.qc == QcKind.AUDIO:
        if not name.lower().endswith(AUDIO_EXTENSIONS):
            raise ValidationError({"file": _("Audio QC reads WAV, BWF and RF64 files.")})
        limit = audio_max_bytes()
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                {
                    "file": _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                    % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
                }
            )
    else:
        raise ValidationError({"file": _("This deliverable has no automatic check; it is reviewed by hand.")})
    return name


def submit_qc(user: Any, deliverable: Deliverable, upload: File[Any], start: bool = True) -> QcRun:
    """Store the uploaded file with its SHA-256 and queue its check as a background job (after commit). The
    deliverable is ``in QC`` until the run finishes."""
    from setwise.post import tasks

    _require(user, deliverable.production)
    name = _check_upload(deliverable, upload)
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    run = QcRun(kind=deliverable.qc, file_name=name, size=size, sha256=digest.hexdigest(), created_by=_actor(user))
    try:
        with transaction.atomic():
            locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
            run.deliverable = locked
            run.file.save(name, upload, save=False)
            run.save()
            locked.status = DeliverableStatus.IN_QC
            locked.last_run = run
            locked.save(update_fields=["status", "last_run", "updated_at"])
            if start:
                run.job = tasks.start_qc(user, run)
                run.save(update_fields=["job"])
    except BaseException:
        if run.file.name:
            run.file.delete(save=False)  # nothing of a failed submission stays in the storage
        raise
    return run


@dataclass(frozen=True)
class QcOutcome:
    run: int
    status: str
    passed: bool
    findings: int
    error: str = ""


def _finding(
    rule: str,
    value: object,
    limit: object,
    severity: str,
    *,
    event: int | None = None,
    timecode: str | None = None,
    smpte: str | None = None,
    unit: str | None = None,
    detail: str = "",
    key: str = "",
    status: str = "",
    source: str = "",
) -> dict[str, Any]:
    return {
        "event": event,
        "timecode": timecode,
        "smpte": smpte,
        "rule": rule,
        "key": key,
        "value": value,
        "limit": limit,
        "unit": unit,
        "severity": severity,
        "status": status,
        "source": source,
        "detail": detail,
    }


def _programme_length(deliverable: Deliverable) -> int | None:
    """The running time of the deliverable's episode from its latest editorial cut, in milliseconds."""
    cut = (
        EditorialCut.objects.filter(production_id=deliverable.production_id, episode=deliverable.episode or 1)
        .order_by("-created_at", "-pk")
        .values_list("duration_ms", flat=True)
        .first()
    )
    return int(cut) if cut else None


def _check_timedtext(run: QcRun, plan: PostPlan | None) -> dict[str, Any]:
    deliverable = run.deliverable
    language = plans.timedtext_language(deliverable.language)
    if language is None:
        raise timedtext.TimedTextError(f"no timed-text rules for language {deliverable.language!r}")
    with run.file.open("rb") as handle:
        data = handle.read(timedtext.MAX_BYTES + 1)
    document = timedtext.read(data, run.file_name, language=language)
    length = _programme_length(deliverable)
    report = timedtext.check(
        document,
        language,
        fps=plan.frame_rate if plan else None,
        programme_type=plan.programme_type if plan else "adult",
        programme_length=length,
    )
    full = timedtext.report_to_dict(report)
    findings = [_finding(f["rule"], f["value"], f["limit"], f["severity"], **_extra(f)) for f in full["findings"]]
    return {
        "kind": QcKind.TIMEDTEXT,
        "passed": report.passed,
        "summary": {
            "language": full["language"],
            "format": full["format"],
            "encoding": full["encoding"],
            "events": full["events"],
            "frame_rate": full["frame_rate"],
            "frame_rate_source": full["frame_rate_source"],
            "programme_type": full["programme_type"],
            "programme_length_ms": length,
            "average_reading_speed": full["average_reading_speed"],
        },
        "counts": full["counts"],
        "notes": full["notes"],
        "findings": findings,
    }


def _extra(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "event": row.get("event"),
        "timecode": row.get("timecode"),
        "smpte": row.get("smpte"),
        "unit": row.get("unit"),
        "detail": str(row.get("detail") or ""),
        "key": str(row.get("key") or ""),
        "status": str(row.get("status") or ""),
        "source": str(row.get("source") or ""),
    }


def _local_path(run: QcRun, stack: list[Path]) -> str:
    """A path on this machine to the run's file (a temporary copy when the storage is remote)."""
    try:
        return str(run.file.path)
    except NotImplementedError:
        handle = tempfile.NamedTemporaryFile(suffix=Path(run.file_name).suffix, delete=False)  # noqa: SIM115
        with handle, run.file.open("rb") as source:
            shutil.copyfileobj(source, handle, 1024 * 1024)
        stack.append(Path(handle.name))
        return handle.name


def _check_audio(run: QcRun) -> dict[str, Any]:
    deliverable = run.deliverable
    target_key = deliverable.audio_target or "streaming"
    target = audio_engine.targets().get(target_key)
    if target is None:
        raise audio_engine.AudioError(f"unknown delivery target {target_key!r}")
    temporary: list[Path] = []
    try:
        measurement = audio_engine.measure_file(_local_path(run, temporary))
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)
    results = audio_engine.check(measurement, target)
    findings = [
        _finding(
            f.rule,
            f.measured,
            f.limit,
            f.severity,
            detail=f.message,
            status=f.status,
            source=f.source,
        )
        for f in results
    ]
    counts: dict[str, int] = {}
    for f in results:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    return {
        "kind": QcKind.AUDIO,
        "passed": not any(f.severity == "error" for f in results),
        "summary": {
            **audio_engine.to_json(measurement),
            "target": target.key,
            "target_name": target.name,
            "channel_layout": measurement.channel_layout,
            "channel_labels": list(measurement.channel_labels),
            "duration_s": round(measurement.duration_s, 3),
            "sample_peak_dbfs": None
            if measurement.sample_peak_dbfs is None
            else round(measurement.sample_peak_dbfs, 2),
            "clip_runs": measurement.clip_runs,
            "leading_silence_s": round(measurement.leading_silence_s, 3),
            "trailing_silence_s": round(measurement.trailing_silence_s, 3),
        },
        "counts": counts,
        "notes": [],
        "findings": findings,
    }


def execute_qc(run_id: int, progress: Callable[[int, str], None] | None = None) -> QcOutcome:
    """Check the run's file (the task calls this). A file the engines cannot read ends the run as ``error``
    with the engine's one-line message; its stored copy is deleted and nothing is reported as passed. The
    deliverable follows the run only if it is still the deliverable's latest."""
    run = QcRun.objects.select_related("deliverable__production").get(pk=run_id)
    if run.done:
        return QcOutcome(run.pk, run.status, run.status == QcStatus.PASSED, len(run.report.get("findings", [])))
    QcRun.objects.filter(pk=run.pk).update(status=QcStatus.RUNNING)
    if progress:
        progress(10, _("Checking %(file)s") % {"file": run.file_name})
    plan = PostPlan.objects.filter(production_id=run.deliverable.production_id).first()
    report: dict[str, Any] = {}
    error = ""
    try:
        if not run.file.name:
            raise timedtext.TimedTextError("the uploaded file is missing")
        report = _check_timedtext(run, plan) if run.kind == QcKind.TIMEDTEXT else _check_audio(run)
    except (timedtext.TimedTextError, timedtext.RuleDataError, audio_engine.AudioError) as exc:
        error = " ".join(str(exc).split())[:500] or type(exc).__name__
    except (OSError, ValueError) as exc:
        error = f"the file could not be read ({type(exc).__name__})"
    passed = bool(report.get("passed")) and not error
    status = QcStatus.ERROR if error else QcStatus.PASSED if passed else QcStatus.FAILED
    with transaction.atomic():
        deliverable = Deliverable.objects.select_for_update().get(pk=run.deliverable_id)
        run.status = status
        run.report = report
        run.error = error
        run.finished_at = timezone.now()
        if error and run.file.name:
            run.file.delete(save=False)
        run.save(update_fields=["status", "report", "error", "finished_at", "file"])
        if deliverable.last_run_id == run.pk:
            deliverable.status = DeliverableStatus.PASSED if passed else DeliverableStatus.FAILED
            deliverable.save(update_fields=["status", "updated_at"])
    return QcOutcome(run.pk, status, passed, len(report.get("findings", [])), error)


# --- VFX ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VfxSyncResult:
    created: int
    kept: int
    left_breakdown: int


def _shot_code(production: Production, episode: int, scene_number: str, n: int) -> str:
    scene = "".join(ch for ch in scene_number.upper() if ch.isalnum())[:12] or "X"
    prefix = f"EP{episode:02d}_" if production.format != Format.FILM else ""
    return f"{prefix}{scene}_{n:03d}"


def sync_vfx_shots(user: Any, production: Production) -> VfxSyncResult:
    """One shot per confirmed VFX element of each scene that has none yet (codes ``EP01_12A_010``, numbered in
    tens per scene); shots whose element is no longer confirmed are marked as having left the breakdown."""
    _require(user, production)
    confirmed = list(
        SceneElement.objects.filter(
            scene__production=production,
            scene__omitted=False,
            element__category=Category.VFX,
            status__in=CONFIRMED_STATUSES,
        )
        .select_related("scene", "element")
        .order_by("scene__episode", "scene__order", "element__name")
    )
    with transaction.atomic():
        shots = list(VfxShot.objects.select_for_update().filter(production=production))
        by_pair = {(s.scene_id, s.element_id): s for s in shots if s.scene_id and s.element_id}
        codes = {s.code for s in shots}
        wanted = {(se.scene_id, se.element_id) for se in confirmed}
        next_order = max((s.order for s in shots), default=0)
        created: list[VfxShot] = []
        per_scene: dict[int, int] = {}
        for s in shots:
            if s.scene_id:
                per_scene[s.scene_id] = per_scene.get(s.scene_id, 0) + 1
        for se in confirmed:
            if (se.scene_id, se.element_id) in by_pair:
                continue
            count = per_scene.get(se.scene_id, 0)
            code = ""
            while not code or code in codes:
                count += 1
                code = _shot_code(production, se.scene.episode, se.scene.number, count * 10)
            per_scene[se.scene_id] = count
            codes.add(code)
            next_order += 1
            created.append(
                VfxShot(
                    production=production,
                    code=code,
                    episode=se.scene.episode,
                    scene=se.scene,
                    element=se.element,
                    description=se.element.name[:300],
                    currency=production.currency,
                    order=next_order,
                )
            )
        VfxShot.objects.bulk_create(created)
        left = [s.pk for s in shots if s.scene_id and s.element_id and (s.scene_id, s.element_id) not in wanted]
        VfxShot.objects.filter(pk__in=left).update(in_breakdown=False)
        back = [s.pk for s in shots if (s.scene_id, s.element_id) in wanted and not s.in_breakdown]
        VfxShot.objects.filter(pk__in=back).update(in_breakdown=True)
    return VfxSyncResult(created=len(created), kept=len(shots) - len(left), left_breakdown=len(left))


def add_vfx_shot(
    user: Any,
    production: Production,
    *,
    code: str,
    episode: int = 1,
    description: str = "",
    scene: Scene | None = None,
) -> VfxShot:
    """A shot added by hand (a shot the breakdown does not show, e.g. a clean-up found in the cut)."""
    _require(user, production)
    code = code.strip()[:60]
    if not code:
        raise ValidationError({"code": _("A shot needs a code.")})
    if not 1 <= episode <= max(1, production.episodes):
        raise ValidationError({"episode": _("This production has no such episode.")})
    if scene is not None and scene.production_id != production.pk:
        raise ValidationError({"scene": _("Choose a scene of this production.")})
    with transaction.atomic():
        if VfxShot.objects.filter(production=production, code__iexact=code).exists():
            raise ValidationError({"code": _("This production already has a shot with that code.")})
        last = VfxShot.objects.filter(production=production).order_by("-order").values_list("order", flat=True)
        return VfxShot.objects.create(
            production=production,
            code=code,
            episode=episode,
            scene=scene,
            description=description.strip()[:300],
            currency=production.currency,
            in_breakdown=False,
            order=(last.first() or 0) + 1,
        )


def update_vfx_shot(
    user: Any,
    shot: VfxShot,
    *,
    vendor: Partner | None,
    bid: Decimal | None,
    currency: str,
    status: str,
    description: str,
) -> VfxShot:
    _require(user, shot.production)
    from setwise.partners.models import Kind

    if vendor is not None:
        _check_partner(vendor, Kind.VFX, "vendor")
    if status not in VfxStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if bid is not None and bid < 0:
        raise ValidationError({"bid": _("A bid cannot be negative.")})
    currency = currency.strip().upper()
    if bid is not None and (len(currency) != 3 or not currency.isalpha()):
        raise ValidationError({"currency": _("Give the bid's currency as a three-letter code.")})
    with transaction.atomic():
        locked = VfxShot.objects.select_for_update().get(pk=shot.pk)
        locked.vendor = vendor
        locked.bid = bid
        locked.currency = currency or shot.production.currency
        locked.status = status
        locked.description = description.strip()[:300]
        locked._history_user = _actor(user)  # type: ignore[attr-defined]
        locked.save()
    return locked


def add_vfx_note(user: Any, shot: VfxShot, version: int, note: str) -> VfxNote:
    _require(user, shot.production)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write the note.")})
    if not 0 <= version <= 999:
        raise ValidationError({"version": _("Give a version between 0 and 999.")})
    with transaction.atomic():
        return VfxNote.objects.create(shot=shot, version=version, note=note[:5000], author=_actor(user))


# --- VFX in the budget --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VfxBudgetSync:
    version: int  # the budget version's number
    lines: int
    removed: int
    total: Decimal  # in the production's currency
    unbid: int  # shots (not omitted) without a bid, not in the budget yet


def sync_vfx_budget(user: Any, production: Production, on: dt.date | None = None) -> VfxBudgetSync:
    """Write the VFX bids to the working budget version on account 4300: one line per vendor ("VFX bids: Tide
    VFX (12 shots)"), its amount the vendor's bids of shots not omitted, each currency converted to the
    production's at the exchange rates of ``on`` (today) by the budgets app. The lines written by the previous
    roll-up are replaced; other lines of the account stay. Needs ``Perm.EDIT_BUDGET`` (checked by the budgets
    services): producers and line producers."""
    from setwise.budgets import selectors as budget_selectors
    from setwise.budgets import services as budgets
    from setwise.post.selectors import vfx_cost

    if not budgets.can_edit_budget(user, production):
        raise PermissionDenied("You may not change this production's budget")
    on = on or timezone.localdate()
    with transaction.atomic():
        version = budget_selectors.working_version(production)
        if version is None:
            raise ValidationError(_("Create a budget first: the VFX bids go into its working version."))
        account = next((a for a in budgets.ensure_accounts(production) if a.code == VFX_ACCOUNT), None)
        if account is None:
            raise ValidationError(_("The budget has no account %(code)s for visual effects.") % {"code": VFX_ACCOUNT})
        cost = vfx_cost(production)
        rows: list[budgets.LineData] = []
        total = Decimal(0)
        for line in cost.by_vendor:
            if not line.totals:
                continue
            amount = Decimal(0)
            for currency, value in line.totals.items():
                amount += budgets.in_production_currency(production, value, currency, on)
            total += amount
            shots = translation.ngettext("%(count)s shot", "%(count)s shots", line.bid_shots) % {
                "count": line.bid_shots
            }
            rows.append(
                budgets.LineData(
                    account=account, description=f"{VFX_LINE_PREFIX}{line.label} ({shots})"[:200], rate=amount
                )
            )
        old = list(version.lines.filter(account=account, description__startswith=VFX_LINE_PREFIX))
        for previous in old:
            budgets.delete_line(user, previous)
        for data in rows:
            budgets.add_line(user, version, data)
    return VfxBudgetSync(version.number, len(rows), len(old), total, cost.unbid)


# --- editorial cuts -----------------------------------------------------------------------------------------------


def import_cut(
    user: Any,
    production: Production,
    data: bytes,
    filename: str,
    *,
    episode: int = 1,
    frame_rate: str | None = None,
    name: str = "",
) -> EditorialCut:
    """Read an EDL, FCP XML or OTIO cut of an episode: its running time becomes the episode's, and the
    episode's VFX shots are matched to its clips by code (clip name, marker or reel). Shots the cut does not
    contain lose their place in the cut. An unreadable file raises ValidationError and stores nothing."""
    _require(user, production)
    if not 1 <= episode <= max(1, production.episodes):
        raise ValidationError({"episode": _("This production has no such episode.")})
    message = too_large(len(data))
    if message:
        raise ValidationError({"file": message})
    plan = PostPlan.objects.filter(production=production).first()
    rate = frame_rate or (plan.frame_rate if plan else "23.976")
    try:
        cut = editorial.read_cut(data, filename, rate)
    except editorial.CutError as exc:
        raise ValidationError({"file": str(exc)}) from None
    with transaction.atomic():
        shots = list(VfxShot.objects.select_for_update().filter(production=production, episode=episode))
        by_code = {editorial.normalise(s.code): s for s in shots}
        placed: dict[int, tuple[int, int]] = {}
        unmatched: list[str] = []
        for clip in cut.clips:
            for token in editorial.tokens(clip):
                shot = by_code.get(editorial.normalise(token))
                if shot is not None:
                    if shot.pk not in placed:
                        placed[shot.pk] = (clip.record_in, clip.frames)
                    else:  # a shot cut in twice: count its frames together, keep the first place
                        first, frames = placed[shot.pk]
                        placed[shot.pk] = (first, frames + clip.frames)
                    break
            else:
                unmatched += [t for t in editorial.tokens(clip) if editorial.looks_like_shot(t)]
        record = EditorialCut.objects.create(
            production=production,
            episode=episode,
            name=(name.strip() or cut.title or Path(filename).stem)[:200],
            file_name=Path(filename).name[:200],
            format=cut.format,
            reader=cut.reader,
            frame_rate=cut.rate.label,
            duration_frames=cut.duration_frames,
            duration_ms=cut.duration_ms,
            clips=len(cut.clips),
            matched=len(placed),
            unmatched=sorted(set(unmatched))[:200],
            imported_by=_actor(user),
        )
        for shot in shots:
            if shot.pk in placed:
                record_in, frames = placed[shot.pk]
                shot.cut = record
                shot.cut_in = timedtext.frames_to_timecode(cut.start_frame + record_in, cut.rate)
                shot.cut_frames = frames
            else:
                shot.cut = None
                shot.cut_in = ""
                shot.cut_frames = None
        VfxShot.objects.bulk_update(shots, ["cut", "cut_in", "cut_frames"])
    return record


# --- localisation -------------------------------------------------------------------------------------------------


def add_language(user: Any, production: Production, language: str, *, dub: bool, subtitles: bool) -> LocalisationTrack:
    _require(user, production)
    code = language.strip()[:16]
    if not code or not all(ch.isalnum() or ch == "-" for ch in code):
        raise ValidationError({"language": _("Give a language code such as ko, en or zh-Hant.")})
    code = plans.timedtext_language(code) or code.lower()
    if not dub and not subtitles:
        raise ValidationError({"language": _("A language is dubbed, subtitled, or both.")})
    with transaction.atomic():
        if LocalisationTrack.objects.filter(production=production, language__iexact=code).exists():
            raise ValidationError({"language": _("This language is already in the plan.")})
        track = _new_track(production, code, dub, subtitles)
        track.save()
    return track


def update_track(
    user: Any,
    track: LocalisationTrack,
    *,
    dub: bool,
    subtitles: bool,
    dubbing_studio: Partner | None,
    subtitle_vendor: Partner | None,
    translation_status: str,
    recording_status: str,
    mix_status: str,
    subtitle_status: str,
    notes: str = "",
) -> LocalisationTrack:
    _require(user, track.production)
    from setwise.partners.models import Kind

    if dubbing_studio is not None:
        _check_partner(dubbing_studio, Kind.DUBBING, "dubbing_studio")
    if subtitle_vendor is not None:
        _check_partner(subtitle_vendor, Kind.SUBTITLING, "subtitle_vendor")
    statuses = {
        "translation_status": translation_status,
        "recording_status": recording_status,
        "mix_status": mix_status,
        "subtitle_status": subtitle_status,
    }
    for field, value in statuses.items():
        if value not in WorkStatus.values:
            raise ValidationError({field: _("Unknown status.")})
    with transaction.atomic():
        locked = LocalisationTrack.objects.select_for_update().get(pk=track.pk)
        locked.dub = dub
        locked.subtitles = subtitles
        locked.dubbing_studio = dubbing_studio
        locked.subtitle_vendor = subtitle_vendor
        locked.translation_status = translation_status
        locked.recording_status = recording_status
        locked.mix_status = mix_status
        locked.subtitle_status = subtitle_status
        locked.notes = notes.strip()
        locked._history_user = _actor(user)  # type: ignore[attr-defined]
        locked.save()
    return locked


def set_voice_cast(
    user: Any, track: LocalisationTrack, character: Character, voice_actor: str, notes: str = ""
) -> VoiceCast | None:
    """Who voices a character in the track's language; an empty name removes the casting."""
    _require(user, track.production)
    if character.production_id != track.production_id:
        raise ValidationError({"character": _("Choose a character of this production.")})
    voice_actor = voice_actor.strip()[:200]
    with transaction.atomic():
        if not voice_actor:
            VoiceCast.objects.filter(track=track, character=character).delete()
            return None
        cast, _created = VoiceCast.objects.update_or_create(
            track=track, character=character, defaults={"voice_actor": voice_actor, "notes": notes.strip()[:300]}
        )
    return cast
