"""Pages of the script breakdown: scenes, breakdown sheets, elements, characters, drafts and their diffs.

Every view gets its production through ``_production`` (``get_production_for_user``: 404 for outsiders; then
times shown in the production's own zone) and its children through the production; writes go through
``services``. Intimacy elements and flags are shown only to those ``services.can_view_intimacy`` allows; the
intimacy coordinator's queue needs ``Perm.VIEW_INTIMACY``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from setwise.accounts.permissions import get_production_for_user
from setwise.accounts.roles import Perm
from setwise.breakdown import exports, selectors, services, tasks
from setwise.breakdown.forms import CastLinkForm, ElementForm, ScriptUploadForm
from setwise.breakdown.models import Category, Character, ElementStatus, IntExt, Scene, ScriptDraft
from setwise.core.http import AuthedRequest
from setwise.core.middleware import activate_production_timezone
from setwise.core.models import Job
from setwise.core.tables import sort_queryset
from setwise.productions.models import Production

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _production(request: AuthedRequest, slug: str, perm: Perm = Perm.VIEW_PRODUCTION) -> Production:
    """The production (404 if ``request.user`` may not see it, 403 without ``perm``); times on the page are
    shown in the production's zone (the TimezoneMiddleware deactivates it after the response)."""
    production = get_production_for_user(request.user, slug, perm)
    activate_production_timezone(production)
    return production


def _crumbs(production: Production, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Productions"), "url": reverse("productions:list")},
        {"label": production.title, "url": reverse("productions:detail", args=[production.slug])},
        {"label": _("Script"), "url": reverse("breakdown:scenes", args=[production.slug])},
        *extra,
    ]


@login_required
def scene_list(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    filters = selectors.SceneFilters.from_params(request.GET)
    qs, sort = sort_queryset(
        selectors.scene_table(production, filters), request.GET.get("sort"), selectors.SORTS, "order"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "production": production,
        "page": page,
        "sort": sort,
        "filters": filters,
        "int_ext_choices": IntExt.choices,
        "times": Scene.objects.filter(production=production)
        .exclude(time_of_day="")
        .order_by("time_of_day")
        .values_list("time_of_day", flat=True)
        .distinct(),
        "drafts": ScriptDraft.objects.filter(production=production)
        .select_related("uploaded_by")
        .order_by("episode", "-version")[:50],
        "can_edit": services.can_edit_breakdown(request.user, production),
        "can_view_intimacy": services.can_view_intimacy(request.user, production),
        "breadcrumbs": [*_crumbs(production)[:-1], {"label": _("Script")}],
    }
    template = (
        "breakdown/partials/scene_table.html"
        if request.htmx and request.htmx.target == "table"
        else "breakdown/scenes.html"
    )
    return render(request, template, context)


@login_required
def script_upload(request: AuthedRequest, slug: str) -> HttpResponse:
    """Upload a draft; the import runs as a background job whose page shows progress and any error."""
    production = _production(request, slug, Perm.EDIT_PRODUCTION)
    form = ScriptUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = tasks.start_import(
            request.user,
            production,
            upload.read(),
            upload.name or "script",
            colour=form.cleaned_data["colour"],
            format=form.cleaned_data["format"],
            episode=form.cleaned_data["episode"] or 1,
        )
        return redirect("breakdown:import_status", slug=production.slug, job_id=job.pk)
    context = {
        "production": production,
        "form": form,
        "next_colour": services.next_colour(production, form.cleaned_data.get("episode") or 1)
        if form.is_bound and form.is_valid()
        else services.next_colour(production),
        "breadcrumbs": _crumbs(production, {"label": _("Upload a draft")}),
    }
    return render(request, "breakdown/upload.html", context, status=400 if form.errors else 200)


@login_required
def import_status(request: AuthedRequest, slug: str, job_id: str) -> HttpResponse:
    production = _production(request, slug)
    job = get_object_or_404(
        Job, pk=job_id, kind=tasks.JOB_KIND, params__production=production.pk, created_by=request.user
    )
    context = {"production": production, "job": job, "breadcrumbs": _crumbs(production, {"label": job.label})}
    template = "breakdown/partials/import_job.html" if request.htmx else "breakdown/import_job.html"
    return render(request, template, context)


def _sheet_context(request: AuthedRequest, production: Production, scene_id: int) -> dict[str, object]:
    scene = selectors.get_scene(production, scene_id)
    items = selectors.scene_elements(scene)
    can_view_intimacy = services.can_view_intimacy(request.user, production)
    if not can_view_intimacy:
        items = [se for se in items if se.element.category != Category.INTIMACY]
    return {
        "production": production,
        "scene": scene,
        "groups": selectors.group_by_category(items),
        "can_view_intimacy": can_view_intimacy,
        "can_decide_intimacy": services.can_decide_intimacy(request.user, production),
        "characters": scene.scene_characters.select_related("character__cast_member__user").order_by(
            "-speaking", "-dialogue_count", "character__name"
        ),
        "can_edit": services.can_edit_breakdown(request.user, production),
        "element_form": ElementForm(),
    }


@login_required
def scene_detail(request: AuthedRequest, slug: str, scene_id: int) -> HttpResponse:
    """The scene's breakdown sheet: elements grouped by category in the standard colours."""
    production = _production(request, slug)
    context = _sheet_context(request, production, scene_id)
    scene = context["scene"]
    context["breadcrumbs"] = _crumbs(production, {"label": str(scene)})
    neighbours = list(
        Scene.objects.filter(production=production)
        .filter(omitted=False)
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    )
    if scene_id in neighbours:
        i = neighbours.index(scene_id)
        context["previous_id"] = neighbours[i - 1] if i > 0 else None
        context["next_id"] = neighbours[i + 1] if i + 1 < len(neighbours) else None
    return render(request, "breakdown/sheet.html", context)


@login_required
@require_POST
def element_decide(request: AuthedRequest, slug: str, scene_id: int, item_id: int) -> HttpResponse:
    """Accept, reject or reset one element of the scene; htmx gets the sheet's elements back. The service
    checks the permission: INTIMACY elements are open to the intimacy coordinator too."""
    production = _production(request, slug)
    scene = selectors.get_scene(production, scene_id)
    item = get_object_or_404(scene.scene_elements.select_related("element", "scene__production"), pk=item_id)
    status = request.POST.get("status", "")
    if status not in (ElementStatus.ACCEPTED, ElementStatus.REJECTED, ElementStatus.SUGGESTED):
        return HttpResponse(_("Unknown decision."), status=400)
    services.set_element_status(request.user, item, status)
    if request.htmx:
        return render(request, "breakdown/partials/sheet_elements.html", _sheet_context(request, production, scene_id))
    return redirect("breakdown:scene", slug=production.slug, scene_id=scene.pk)


@login_required
@require_POST
def element_add(request: AuthedRequest, slug: str, scene_id: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_PRODUCTION)
    scene = selectors.get_scene(production, scene_id)
    form = ElementForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.add_element(request.user, scene, form.cleaned_data["category"], form.cleaned_data["name"])
        except ValidationError as exc:
            error = "; ".join(exc.messages)
    else:
        error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.htmx:
        context = _sheet_context(request, production, scene_id)
        context["add_error"] = error
        return render(request, "breakdown/partials/sheet_elements.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect("breakdown:scene", slug=production.slug, scene_id=scene.pk)


@login_required
def element_list(request: AuthedRequest, slug: str) -> HttpResponse:
    """The element manager: every element of the production with the scenes that use it."""
    production = _production(request, slug)
    category = request.GET.get("category", "")
    can_view_intimacy = services.can_view_intimacy(request.user, production)
    elements = list(selectors.element_manager(production, category))
    if not can_view_intimacy:
        elements = [e for e in elements if e.category != Category.INTIMACY]
    context = {
        "production": production,
        "elements": [e for e in elements if e.uses],  # type: ignore[attr-defined]
        "category": category,
        "categories": [c for c in Category.choices if can_view_intimacy or c[0] != Category.INTIMACY],
        "can_view_intimacy": can_view_intimacy,
        "breadcrumbs": _crumbs(production, {"label": _("Elements")}),
    }
    template = "breakdown/partials/element_table.html" if request.htmx else "breakdown/elements.html"
    return render(request, template, context)


@login_required
def character_list(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    from django.db.models import Count, Q, Sum

    characters = (
        Character.objects.filter(production=production)
        .select_related("cast_member__user")
        .annotate(
            scene_count=Count("scene_characters", filter=Q(scene_characters__scene__omitted=False)),
            speeches=Sum("scene_characters__dialogue_count", filter=Q(scene_characters__scene__omitted=False)),
        )
        .order_by("-scene_count", "name")
    )
    context = {
        "production": production,
        "characters": characters,
        "can_edit": services.can_edit_breakdown(request.user, production),
        "can_view_intimacy": services.can_view_intimacy(request.user, production),
        "link_form": CastLinkForm(production=production),
        "breadcrumbs": _crumbs(production, {"label": _("Characters")}),
    }
    return render(request, "breakdown/characters.html", context)


@login_required
@require_POST
def character_link(request: AuthedRequest, slug: str, character_id: int) -> HttpResponse:
    production = _production(request, slug, Perm.EDIT_PRODUCTION)
    character = get_object_or_404(Character.objects.filter(production=production).all(), pk=character_id)
    form = CastLinkForm(request.POST, production=production)
    if form.is_valid():
        services.link_character(request.user, character, form.cleaned_data["cast_member"])
        messages.success(request, _("%(name)s was updated.") % {"name": character.name})
    else:
        messages.error(request, _("Choose a cast member of this production."))
    return redirect("breakdown:characters", slug=production.slug)


def _flagged(request: AuthedRequest, slug: str, category: str, title: str, perm: Perm) -> HttpResponse:
    production = _production(request, slug, perm)
    context = {
        "can_view_intimacy": services.can_view_intimacy(request.user, production),
        "production": production,
        "scenes": selectors.flagged_scenes(production, category),
        "title": title,
        "category": category,
        "breadcrumbs": _crumbs(production, {"label": title}),
    }
    return render(request, "breakdown/flagged.html", context)


@login_required
def intimacy_queue(request: AuthedRequest, slug: str) -> HttpResponse:
    """Scenes with accepted intimacy elements: the intimacy coordinator's queue (safeguarding data, so
    ``Perm.VIEW_INTIMACY``: producers, the intimacy coordinator, the safeguarding lead; not cast and crew)."""
    return _flagged(request, slug, Category.INTIMACY, _("Intimacy coordinator's queue"), Perm.VIEW_INTIMACY)


@login_required
def vfx_list(request: AuthedRequest, slug: str) -> HttpResponse:
    """Scenes with accepted VFX elements: the post supervisor's list."""
    return _flagged(request, slug, Category.VFX, _("VFX scenes for post"), Perm.VIEW_PRODUCTION)


@login_required
def draft_diff(request: AuthedRequest, slug: str, draft_id: int) -> HttpResponse:
    """What a revised draft changed: scenes added, omitted and changed, with length changes in eighths."""
    production = _production(request, slug)
    draft = get_object_or_404(
        ScriptDraft.objects.filter(production=production).select_related("uploaded_by"), pk=draft_id
    )
    previous = (
        ScriptDraft.objects.filter(production=production, episode=draft.episode, version__lt=draft.version)
        .order_by("-version")
        .first()
    )
    diff = draft.diff or {}
    changed = [{**c, "delta": c["new_eighths"] - c["old_eighths"]} for c in diff.get("changed", [])]
    context = {
        "production": production,
        "draft": draft,
        "previous": previous,
        "diff": diff,
        "changed": changed,
        "can_view_intimacy": services.can_view_intimacy(request.user, production),
        "breadcrumbs": _crumbs(production, {"label": _("Draft %(version)s") % {"version": draft.version}}),
    }
    return render(request, "breakdown/diff.html", context)


@login_required
def export_scenes(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    response = HttpResponse(exports.scene_list_xlsx(production), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{production.slug}-scenes.xlsx"'
    return response


def _export_scenes(request: AuthedRequest, production: Production) -> list[Scene] | None:
    """The one scene of ``?scene=<id>`` (404 unless it is the production's), or ``None`` for every scene."""
    scene_id = request.GET.get("scene")
    if not scene_id:
        return None
    if not scene_id.isdigit():
        raise Http404
    return [selectors.get_scene(production, int(scene_id))]


@login_required
def export_breakdown(request: AuthedRequest, slug: str) -> HttpResponse:
    """Breakdown sheets as XLSX: every scene, or one (``?scene=<id>``)."""
    production = _production(request, slug)
    scenes = _export_scenes(request, production)
    include_intimacy = services.can_view_intimacy(request.user, production)
    response = HttpResponse(exports.breakdown_xlsx(production, scenes, include_intimacy), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{production.slug}-breakdown.xlsx"'
    return response


@login_required
def export_scenes_pdf(request: AuthedRequest, slug: str) -> HttpResponse:
    """The scene list as PDF (A4 landscape); without a script, a PDF that says so."""
    production = _production(request, slug)
    pdf = exports.scene_list_pdf(production, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{production.slug}-scenes.pdf"'
    return response


@login_required
def export_breakdown_pdf(request: AuthedRequest, slug: str) -> HttpResponse:
    """Breakdown sheets as PDF, one page per scene: every scene, or one (``?scene=<id>``). Intimacy elements
    only for those ``services.can_view_intimacy`` allows, as in the XLSX export."""
    production = _production(request, slug)
    scenes = _export_scenes(request, production)
    include_intimacy = services.can_view_intimacy(request.user, production)
    pdf = exports.breakdown_pdf(
        production, base_url=request.build_absolute_uri("/"), scenes=scenes, include_intimacy=include_intimacy
    )
    name = f"{production.slug}-scene-{scenes[0].pk}.pdf" if scenes else f"{production.slug}-breakdown.pdf"
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
