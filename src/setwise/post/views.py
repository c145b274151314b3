"""Pages of post-production: the overview (plan, milestones, warnings, post partners), deliverables and their QC
runs, VFX shots, editorial cuts and localisation.

Every view gets its production through ``_production`` (``get_production_for_user``: 404 for outsiders, 403
without ``Perm.EDIT_POST`` on writes) and its children through the production; writes go through
``services``, whose ``ValidationError`` messages are shown on the form or as a message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from setwise.accounts.permissions import get_production_for_user
from setwise.accounts.roles import Perm
from setwise.breakdown.models import Character
from setwise.budgets import services as budget_services
from setwise.core.http import AuthedRequest
from setwise.core.middleware import activate_production_timezone
from setwise.post import plans, selectors, services
from setwise.post.forms import (
    AttachPartnerForm,
    CutUploadForm,
    DeliverableForm,
    DurationsForm,
    LanguageForm,
    NewDeliverableForm,
    NewShotForm,
    NoteForm,
    PlanForm,
    QcUploadForm,
    ShotForm,
    TrackForm,
    VoiceForm,
)
from setwise.post.models import VFX_ACCOUNT, Category, DeliverableStatus, PostPartner, QcKind, VfxStatus
from setwise.productions.models import Production

PAGE_SIZE = 100
CSV_COLUMNS = ("event", "timecode", "smpte", "rule", "key", "value", "limit", "unit", "severity", "status", "detail")


def _production(request: AuthedRequest, slug: str, perm: Perm = Perm.VIEW_PRODUCTION) -> Production:
    production = get_production_for_user(request.user, slug, perm)
    activate_production_timezone(production)
    return production


def _crumbs(production: Production, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Productions"), "url": reverse("productions:list")},
        {"label": production.title, "url": reverse("productions:detail", args=[production.slug])},
        {"label": _("Post-production"), "url": reverse("post:overview", args=[production.slug])},
        *extra,
    ]


def _detail_crumbs(production: Production, parent: str, parent_url: str, label: str) -> list[dict[str, str]]:
    """Breadcrumbs of a page under one of the post lists: ``parent`` links to the list (URL name ``parent_url``)."""
    return _crumbs(production, {"label": parent, "url": reverse(parent_url, args=[production.slug])}, {"label": label})


def _save_form(
    request: AuthedRequest, form: Any, *, can_edit: bool, save: Callable[[Mapping[str, Any]], str], done: str
) -> HttpResponse | int:
    """The POST half of a page with an edit form. A GET gives 200; a POST without the right to edit gives a
    403 response; a valid form is given to ``save`` (which writes through the services and returns the success
    message) and redirects to ``done``; otherwise the form carries the errors and the page is shown with 400."""
    if request.method != "POST":
        return 200
    if not can_edit:
        return HttpResponse(status=403)
    if form.is_valid():
        try:
            message = save(form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(done)
    return 400


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- overview -----------------------------------------------------------------------------------------------------


@login_required
def overview(request: AuthedRequest, slug: str) -> HttpResponse:
    """The plan's milestones (backward from the launch date) with the schedule's warnings, the deliverables per
    category, and the post partners."""
    production = _production(request, slug)
    plan = selectors.plan_for(production)
    warnings = selectors.post_warnings(production)
    tl = selectors.timeline_for(production, plan)
    can_edit = services.can_edit_post(request.user, production)
    territory = plans.territories().get(plan.territory) if plan else None
    context = {
        "production": production,
        "plan": plan,
        "territory": territory,
        "original_language": selectors.language_name(plan.original_language) if plan else "",
        "warnings": warnings,
        "milestones": selectors.milestone_rows(tl, warnings),
        "latest_wrap": tl.latest_wrap if tl else None,
        "wrap": selectors.schedule_wrap(production),
        "summary": selectors.category_summary(production),
        "partners": selectors.post_partners(production),
        "can_edit": can_edit,
        "plan_form": PlanForm(production=production) if can_edit and plan is None else None,
        "durations_form": DurationsForm(
            durations=plan.durations, initial={"frame_rate": plan.frame_rate, "programme_type": plan.programme_type}
        )
        if can_edit and plan is not None
        else None,
        "attach_form": AttachPartnerForm() if can_edit else None,
        "breadcrumbs": [*_crumbs(production)[:-1], {"label": _("Post-production")}],
    }
    return render(request, "post/overview.html", context)


@login_required
@require_POST
def create_plan(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    form = PlanForm(request.POST, production=production)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.create_plan(
                request.user,
                production,
                template=data["template"],
                territory=data["territory"],
                original_language=data["original_language"] or None,
                frame_rate=data["frame_rate"] or None,
                programme_type=data["programme_type"],
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("The deliverables plan was created."))
    else:
        messages.error(request, _("Choose a template and a territory."))
    return redirect("post:overview", slug=production.slug)


@login_required
@require_POST
def update_plan(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    plan = selectors.plan_for(production)
    if plan is None:
        messages.error(request, _("Create the deliverables plan first."))
        return redirect("post:overview", slug=production.slug)
    form = DurationsForm(request.POST, durations=plan.durations)
    if form.is_valid():
        try:
            services.update_plan(
                request.user,
                plan,
                durations=form.durations(),
                frame_rate=form.cleaned_data["frame_rate"],
                programme_type=form.cleaned_data["programme_type"],
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("The post timeline was updated."))
    else:
        messages.error(request, _("Give every phase a number of days between 0 and 730."))
    return redirect("post:overview", slug=production.slug)


@login_required
@require_POST
def attach_partner(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    form = AttachPartnerForm(request.POST)
    if form.is_valid():
        try:
            engagement = services.attach_partner(
                request.user,
                production,
                form.cleaned_data["partner"],
                form.cleaned_data["role"],
                form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request,
                _("%(partner)s joined the post team (%(role)s).")
                % {"partner": engagement.partner.name, "role": engagement.get_role_display()},
            )
    else:
        messages.error(request, _("Choose a role and a partner of the network."))
    return redirect("post:overview", slug=production.slug)


@login_required
@require_POST
def detach_partner(request: AuthedRequest, slug: str, engagement_id: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    engagement = get_object_or_404(PostPartner.objects.filter(production=production), pk=engagement_id)
    services.detach_partner(request.user, engagement)
    messages.success(request, _("The partner left the post team."))
    return redirect("post:overview", slug=production.slug)


# --- deliverables -------------------------------------------------------------------------------------------------


@login_required
def deliverable_list(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    filters = selectors.DeliverableFilters.from_params(request.GET)
    plan = selectors.plan_for(production)
    tl = selectors.timeline_for(production, plan)
    dates = tl.dates() if tl else {}
    page = Paginator(selectors.deliverables(production, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(d, d.due_on(dates)) for d in page.object_list]
    can_edit = services.can_edit_post(request.user, production)
    context = {
        "production": production,
        "plan": plan,
        "page": page,
        "rows": rows,
        "filters": filters,
        "categories": Category.choices,
        "statuses": DeliverableStatus.choices,
        "language_choices": [
            (code, selectors.language_name(code)) for code in selectors.deliverable_languages(production)
        ],
        "episodes": range(1, production.episodes + 1) if production.episodes > 1 else [],
        "can_edit": can_edit,
        "new_form": NewDeliverableForm() if can_edit else None,
        "breadcrumbs": _crumbs(production, {"label": _("Deliverables")}),
    }
    template = (
        "post/partials/deliverable_table.html"
        if request.htmx and request.htmx.target == "table"
        else "post/deliverables.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def deliverable_add(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    form = NewDeliverableForm(request.POST)
    if form.is_valid():
        try:
            item = services.add_deliverable(request.user, production, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("%(name)s was added.") % {"name": item.name})
            return redirect("post:deliverable", slug=production.slug, deliverable_id=item.pk)
    else:
        messages.error(request, _("Give the deliverable a category, a name and a milestone."))
    return redirect("post:deliverables", slug=production.slug)


@login_required
def deliverable_detail(request: AuthedRequest, slug: str, deliverable_id: int) -> HttpResponse:
    """A deliverable: its spec, owner, due date and status, and the QC runs of the files uploaded to it."""
    production = _production(request, slug)
    deliverable = selectors.get_deliverable(production, deliverable_id)
    can_edit = services.can_edit_post(request.user, production)
    statuses = services.manual_statuses(deliverable)
    initial = {
        "owner": deliverable.owner,
        "due_date": deliverable.due_date,
        "status": deliverable.status,
        "notes": deliverable.notes,
    }
    form = DeliverableForm(request.POST or None, initial=initial, statuses=statuses)

    def save(data: Mapping[str, Any]) -> str:
        services.update_deliverable(request.user, deliverable, **data)
        return _("%(name)s was updated.") % {"name": deliverable.name}

    done = reverse("post:deliverable", args=[production.slug, deliverable.pk])
    outcome = _save_form(request, form, can_edit=can_edit, save=save, done=done)
    if isinstance(outcome, HttpResponse):
        return outcome
    plan = selectors.plan_for(production)
    tl = selectors.timeline_for(production, plan)
    context = {
        "production": production,
        "deliverable": deliverable,
        "due": deliverable.due_on(tl.dates() if tl else {}),
        "milestone_label": selectors.MILESTONE_LABELS.get(deliverable.milestone, deliverable.milestone),
        "language": selectors.language_name(deliverable.language),
        "runs": selectors.qc_runs(deliverable)[:50],
        "form": form if can_edit else None,
        "upload_form": QcUploadForm() if can_edit and deliverable.qc else None,
        "accept": ".wav,.bwf,.rf64" if deliverable.qc == QcKind.AUDIO else ".srt,.vtt,.ttml,.xml,.dfxp",
        "can_edit": can_edit,
        "breadcrumbs": _detail_crumbs(production, _("Deliverables"), "post:deliverables", deliverable.name),
    }
    return render(request, "post/deliverable.html", context, status=outcome)


@login_required
@require_POST
def qc_upload(request: AuthedRequest, slug: str, deliverable_id: int) -> HttpResponse:
    """Store the file and queue its check; the run's page shows the job and then the report."""
    production = _production(request, slug, Perm.EDIT_POST)
    deliverable = selectors.get_deliverable(production, deliverable_id)
    form = QcUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to check."))
        return redirect("post:deliverable", slug=production.slug, deliverable_id=deliverable.pk)
    try:
        run = services.submit_qc(request.user, deliverable, form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("post:deliverable", slug=production.slug, deliverable_id=deliverable.pk)
    return redirect("post:qc_run", slug=production.slug, run_id=run.pk)


@login_required
def qc_run(request: AuthedRequest, slug: str, run_id: int) -> HttpResponse:
    """The QC report of one file: its hash, the verdict and every finding (event, timecode, rule, value,
    limit); while the job runs, htmx polls the partial."""
    production = _production(request, slug)
    run = selectors.get_run(production, run_id)
    context = {
        "production": production,
        "run": run,
        "deliverable": run.deliverable,
        "report": run.report,
        "summary": run.report.get("summary", {}),
        "findings": run.report.get("findings", []),
        "breadcrumbs": _crumbs(
            production,
            {"label": _("Deliverables"), "url": reverse("post:deliverables", args=[production.slug])},
            {
                "label": run.deliverable.name,
                "url": reverse("post:deliverable", args=[production.slug, run.deliverable_id]),
            },
            {"label": run.file_name},
        ),
    }
    template = "post/partials/qc_run.html" if request.htmx else "post/qc_run.html"
    return render(request, template, context)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # text from the file must not become a spreadsheet formula
    return value


@login_required
def qc_csv(request: AuthedRequest, slug: str, run_id: int) -> HttpResponse:
    """The run's findings as CSV, one row per finding, with a header row."""
    production = _production(request, slug)
    run = selectors.get_run(production, run_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for finding in run.report.get("findings", []):
        writer.writerow([_cell(finding.get(column)) for column in CSV_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="qc-{run.pk}-{run.sha256[:12]}.csv"'
    return response


# --- VFX ----------------------------------------------------------------------------------------------------------


@login_required
def vfx_list(request: AuthedRequest, slug: str) -> HttpResponse:
    """Shots per episode with vendor, bid, status and the cut; the cost roll-up for those who may see bids."""
    production = _production(request, slug)
    filters = selectors.ShotFilters.from_params(request.GET)
    page = Paginator(selectors.vfx_shots(production, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    can_edit = services.can_edit_post(request.user, production)
    can_view_costs = services.can_view_costs(request.user, production)
    can_view_budget = budget_services.can_view_budget(request.user, production)
    context = {
        "production": production,
        "page": page,
        "filters": filters,
        "statuses": VfxStatus.choices,
        "vendors": selectors.partners_for_role("vfx"),
        "episodes": range(1, production.episodes + 1) if production.episodes > 1 else [],
        "cost": selectors.vfx_cost(production) if can_view_costs else None,
        "budget_vfx": selectors.budget_vfx(production) if can_view_budget else None,
        "can_edit_budget": budget_services.can_edit_budget(request.user, production),
        "can_edit": can_edit,
        "can_view_costs": can_view_costs,
        "new_form": NewShotForm() if can_edit else None,
        "breadcrumbs": _crumbs(production, {"label": _("VFX shots")}),
    }
    return render(request, "post/vfx.html", context)


@login_required
@require_POST
def vfx_sync(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    result = services.sync_vfx_shots(request.user, production)
    messages.success(
        request,
        _("%(created)s new shots from the breakdown; %(left)s shots are no longer in it.")
        % {"created": result.created, "left": result.left_breakdown},
    )
    return redirect("post:vfx", slug=production.slug)


@login_required
@require_POST
def vfx_budget(request: AuthedRequest, slug: str) -> HttpResponse:
    """Write the VFX bids to the working budget (account 4300), one line per vendor."""
    production = _production(request, slug, Perm.EDIT_BUDGET)
    try:
        result = services.sync_vfx_budget(request.user, production)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("The working budget (version %(version)s) now carries %(lines)s VFX lines on account %(account)s.")
            % {"version": result.version, "lines": result.lines, "account": VFX_ACCOUNT},
        )
    return redirect("post:vfx", slug=production.slug)


@login_required
@require_POST
def vfx_add(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    form = NewShotForm(request.POST)
    if form.is_valid():
        try:
            shot = services.add_vfx_shot(request.user, production, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Shot %(code)s was added.") % {"code": shot.code})
    else:
        messages.error(request, _("Give the shot a code and an episode."))
    return redirect("post:vfx", slug=production.slug)


@login_required
def shot_detail(request: AuthedRequest, slug: str, shot_id: int) -> HttpResponse:
    production = _production(request, slug)
    shot = selectors.get_shot(production, shot_id)
    can_edit = services.can_edit_post(request.user, production)
    initial = {
        "vendor": shot.vendor,
        "bid": shot.bid,
        "currency": shot.currency or production.currency,
        "status": shot.status,
        "description": shot.description,
    }
    form = ShotForm(request.POST or None, initial=initial)

    def save(data: Mapping[str, Any]) -> str:
        services.update_vfx_shot(request.user, shot, **data)
        return _("Shot %(code)s was updated.") % {"code": shot.code}

    done = reverse("post:shot", args=[production.slug, shot.pk])
    outcome = _save_form(request, form, can_edit=can_edit, save=save, done=done)
    if isinstance(outcome, HttpResponse):
        return outcome
    notes = shot.notes.select_related("author").order_by("-version", "-created_at")
    last_version = max((n.version for n in notes), default=0)
    context = {
        "production": production,
        "shot": shot,
        "notes": notes,
        "form": form if can_edit else None,
        "note_form": NoteForm(initial={"version": last_version or 1}) if can_edit else None,
        "can_view_costs": services.can_view_costs(request.user, production),
        "breadcrumbs": _detail_crumbs(production, _("VFX shots"), "post:vfx", shot.code),
    }
    return render(request, "post/shot.html", context, status=outcome)


@login_required
@require_POST
def shot_note(request: AuthedRequest, slug: str, shot_id: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    shot = selectors.get_shot(production, shot_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_vfx_note(request.user, shot, form.cleaned_data["version"], form.cleaned_data["note"])
        messages.success(request, _("The note was added."))
    else:
        messages.error(request, _("Give a version and a note."))
    return redirect("post:shot", slug=production.slug, shot_id=shot.pk)


# --- editorial cuts -----------------------------------------------------------------------------------------------


@login_required
def cut_list(request: AuthedRequest, slug: str) -> HttpResponse:
    """Running time per episode (its latest cut) and every imported cut; editors import EDL, FCP XML or OTIO."""
    production = _production(request, slug)
    can_edit = services.can_edit_post(request.user, production)
    form = CutUploadForm(request.POST or None, request.FILES or None)

    def save(data: Mapping[str, Any]) -> str:
        upload = data["file"]
        cut = services.import_cut(
            request.user,
            production,
            upload.read(),
            upload.name or "cut.edl",
            episode=data["episode"],
            frame_rate=data["frame_rate"] or None,
            name=data["name"],
        )
        return _("%(name)s imported: running time %(time)s, %(matched)s VFX shots in the cut.") % {
            "name": cut.name,
            "time": cut.running_time,
            "matched": cut.matched,
        }

    done = reverse("post:cuts", args=[production.slug])
    outcome = _save_form(request, form, can_edit=can_edit, save=save, done=done)
    if isinstance(outcome, HttpResponse):
        return outcome
    context = {
        "production": production,
        "cuts": selectors.cuts(production)[:200],
        "running_times": selectors.running_times(production),
        "form": form if can_edit else None,
        "breadcrumbs": _crumbs(production, {"label": _("Editorial cuts")}),
    }
    return render(request, "post/cuts.html", context, status=outcome)


# --- localisation -------------------------------------------------------------------------------------------------


@login_required
def localisation(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    can_edit = services.can_edit_post(request.user, production)
    form = LanguageForm(request.POST or None)

    def save(data: Mapping[str, Any]) -> str:
        track = services.add_language(request.user, production, **data)
        return _("%(language)s was added.") % {"language": track.language}

    done = reverse("post:localisation", args=[production.slug])
    outcome = _save_form(request, form, can_edit=can_edit, save=save, done=done)
    if isinstance(outcome, HttpResponse):
        return outcome
    tracks = [(t, selectors.language_name(t.language)) for t in selectors.localisation_tracks(production)]
    context = {
        "production": production,
        "tracks": tracks,
        "form": form if can_edit else None,
        "breadcrumbs": _crumbs(production, {"label": _("Localisation")}),
    }
    return render(request, "post/localisation.html", context, status=outcome)


@login_required
def track_detail(request: AuthedRequest, slug: str, track_id: int) -> HttpResponse:
    """One language: dubbing studio and the dub's progress, subtitle vendor and status, and the voice cast."""
    production = _production(request, slug)
    track = selectors.get_track(production, track_id)
    can_edit = services.can_edit_post(request.user, production)
    initial = {
        "dub": track.dub,
        "subtitles": track.subtitles,
        "dubbing_studio": track.dubbing_studio,
        "subtitle_vendor": track.subtitle_vendor,
        "translation_status": track.translation_status,
        "recording_status": track.recording_status,
        "mix_status": track.mix_status,
        "subtitle_status": track.subtitle_status,
        "notes": track.notes,
    }
    form = TrackForm(request.POST or None, initial=initial)

    def save(data: Mapping[str, Any]) -> str:
        services.update_track(request.user, track, **data)
        return _("The language was updated.")

    done = reverse("post:track", args=[production.slug, track.pk])
    outcome = _save_form(request, form, can_edit=can_edit, save=save, done=done)
    if isinstance(outcome, HttpResponse):
        return outcome
    voices = {v.character_id: v for v in track.voice_cast.all()}
    characters = Character.objects.filter(production=production).order_by("name")
    context = {
        "production": production,
        "track": track,
        "language": selectors.language_name(track.language),
        "cast_rows": [(c, voices.get(c.pk)) for c in characters],
        "form": form if can_edit else None,
        "can_edit": can_edit,
        "breadcrumbs": _detail_crumbs(
            production, _("Localisation"), "post:localisation", selectors.language_name(track.language)
        ),
    }
    return render(request, "post/track.html", context, status=outcome)


@login_required
@require_POST
def track_voice(request: AuthedRequest, slug: str, track_id: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_POST)
    track = selectors.get_track(production, track_id)
    form = VoiceForm(request.POST, production=production)
    if form.is_valid():
        services.set_voice_cast(
            request.user,
            track,
            form.cleaned_data["character"],
            form.cleaned_data["voice_actor"],
            form.cleaned_data["notes"],
        )
        messages.success(request, _("The voice cast was updated."))
    else:
        messages.error(request, _("Choose a character of this production."))
    return redirect("post:track", slug=production.slug, track_id=track.pk)
