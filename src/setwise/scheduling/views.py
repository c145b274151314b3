"""Pages of shooting schedules: the boards of a production, the stripboard with its drag-and-drop moves, days,
banners, status and baseline, and the optimiser's proposals.

Every view gets its production through ``_production`` (``get_production_for_user``: 404 for outsiders) and its
boards through the production; writes go through ``services``. A write answered for htmx re-renders the board
(the partial); otherwise it redirects back to the page.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from setwise.accounts.permissions import get_production_for_user, has_production_perm
from setwise.accounts.roles import Perm
from setwise.breakdown.models import Character
from setwise.breakdown.services import can_view_intimacy
from setwise.core.http import AuthedRequest
from setwise.core.middleware import activate_production_timezone
from setwise.productions.models import Production
from setwise.scheduling import dood as dood_mod
from setwise.scheduling import exports, selectors, services, tasks
from setwise.scheduling.forms import BoardForm, CastTermsForm, OptimiseForm, UnavailabilityForm
from setwise.scheduling.models import Board, BoardStatus, ShootDay, Unavailability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _production(request: AuthedRequest, slug: str, perm: Perm = Perm.VIEW_PRODUCTION) -> Production:
    production = get_production_for_user(request.user, slug, perm)
    activate_production_timezone(production)
    return production


def _crumbs(production: Production, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Productions"), "url": reverse("productions:list")},
        {"label": production.title, "url": reverse("productions:detail", args=[production.slug])},
        {"label": _("Schedule"), "url": reverse("scheduling:boards", args=[production.slug])},
        *extra,
    ]


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@login_required
def board_list(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    can_edit = services.can_edit_schedule(request.user, production)
    form = BoardForm(production, request.POST or None)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                board = services.create_board(request.user, production, **form.service_kwargs())
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Board %(name)s created.") % {"name": board.name})
                return redirect("scheduling:board", production.slug, board.pk)
    return render(
        request,
        "scheduling/boards.html",
        {
            "production": production,
            "boards": selectors.boards_for(production),
            "form": form,
            "can_edit": can_edit,
            "breadcrumbs": [*_crumbs(production)[:-1], {"label": _("Schedule"), "url": ""}],
        },
    )


def _board_context(request: AuthedRequest, production: Production, board: Board) -> dict[str, Any]:
    character = request.GET.get("character") or ""
    view = selectors.stripboard(
        board,
        show_intimacy=can_view_intimacy(request.user, production),
        intimacy_detail=has_production_perm(request.user, Perm.VIEW_INTIMACY, production),
        q=(request.GET.get("q") or "")[:200],
        character=int(character) if character.isdigit() else None,
    )
    return {
        "production": production,
        "board": board,
        "view": view,
        "can_edit": services.can_edit_schedule(request.user, production),
        "can_commit": services.can_commit_schedule(request.user, production),
        "statuses": BoardStatus.choices,
        "characters": Character.objects.filter(production=production).order_by("name"),
        "q": request.GET.get("q", ""),
        "character": character,
        "proposals": board.proposals.order_by("-created_at")[:5],
        "optimise_form": OptimiseForm(),
    }


def _render_board(request: AuthedRequest, production: Production, board: Board) -> HttpResponse:
    board.refresh_from_db()
    context = _board_context(request, production, board)
    if request.htmx:
        return render(request, "scheduling/partials/board.html", context)
    context["breadcrumbs"] = _crumbs(production, {"label": board.name, "url": ""})
    return render(request, "scheduling/board.html", context)


@login_required
def board_detail(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    services.sync_scenes(board)
    return _render_board(request, production, board)


def _after_write(request: AuthedRequest, production: Production, board: Board) -> HttpResponse:
    if request.htmx:
        return _render_board(request, production, board)
    return redirect("scheduling:board", production.slug, board.pk)


def _refused(request: AuthedRequest, production: Production, board: Board, message: str) -> HttpResponse:
    if request.htmx:
        response = _render_board(request, production, board)
        response["HX-Trigger"] = json.dumps({"setwise:error": message})
        return response
    messages.error(request, message)
    return redirect("scheduling:board", production.slug, board.pk)


def _int(value: Any, default: int | None = None) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else default


@login_required
@require_POST
def move_strip(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    strip_id, revision = _int(request.POST.get("strip")), _int(request.POST.get("revision"))
    if strip_id is None or revision is None:
        return _refused(request, production, board, _("The move was incomplete; nothing changed."))
    try:
        services.move_strip(
            request.user,
            board,
            strip_id,
            _int(request.POST.get("day")),
            _int(request.POST.get("index"), 0) or 0,
            revision,
        )
    except services.StaleBoard as exc:
        return _refused(request, production, board, str(exc))
    except ValidationError as exc:
        return _refused(request, production, board, _errors(exc))
    return _after_write(request, production, board)


@login_required
@require_POST
def add_day(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    try:
        services.add_day(request.user, board, _int(request.POST.get("after")), _int(request.POST.get("revision")))
    except services.StaleBoard as exc:
        return _refused(request, production, board, str(exc))
    return _after_write(request, production, board)


@login_required
@require_POST
def remove_day(request: AuthedRequest, slug: str, board_id: int, day_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    day = get_object_or_404(ShootDay, board=board, pk=day_id)
    try:
        services.remove_day(request.user, board, day, _int(request.POST.get("revision")))
    except services.StaleBoard as exc:
        return _refused(request, production, board, str(exc))
    except ValidationError as exc:
        return _refused(request, production, board, _errors(exc))
    return _after_write(request, production, board)


@login_required
@require_POST
def add_banner(request: AuthedRequest, slug: str, board_id: int, day_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    day = get_object_or_404(ShootDay, board=board, pk=day_id)
    try:
        services.add_banner(request.user, board, day, request.POST.get("text", ""), _int(request.POST.get("revision")))
    except services.StaleBoard as exc:
        return _refused(request, production, board, str(exc))
    except ValidationError as exc:
        return _refused(request, production, board, _errors(exc))
    return _after_write(request, production, board)


@login_required
@require_POST
def delete_banner(request: AuthedRequest, slug: str, board_id: int, strip_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    try:
        services.delete_banner(request.user, board, strip_id, _int(request.POST.get("revision")))
    except services.StaleBoard as exc:
        return _refused(request, production, board, str(exc))
    except ValidationError as exc:
        return _refused(request, production, board, _errors(exc))
    return _after_write(request, production, board)


@login_required
@require_POST
def set_status(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    try:
        services.set_status(request.user, board, request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Board status changed."))
    return redirect("scheduling:board", production.slug, board.pk)


@login_required
@require_POST
def commit_baseline(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    try:
        version = services.commit_baseline(request.user, board)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("Version %(number)s committed as the baseline the production will keep.") % {"number": version.number},
        )
    return redirect("scheduling:board", production.slug, board.pk)


# --- day out of days ---------------------------------------------------------------------------------------------


def _show_cost(request: AuthedRequest, production: Production) -> bool:
    """Daily rates are deal terms: shown to those who commit schedules and budgets (producers)."""
    return services.can_commit_schedule(request.user, production)


@login_required
def dood(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    table = dood_mod.for_board(board)
    return render(
        request,
        "scheduling/dood.html",
        {
            "production": production,
            "board": board,
            "dood": table,
            "rows": table.rows,
            "show_cost": _show_cost(request, production),
            "breadcrumbs": _crumbs(
                production,
                {"label": board.name, "url": reverse("scheduling:board", args=[production.slug, board.pk])},
                {"label": _("Day out of days"), "url": ""},
            ),
        },
    )


@login_required
def dood_xlsx(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    table = dood_mod.for_board(board)
    if not _show_cost(request, production):
        table = dood_mod.without_cost(table)
    response = HttpResponse(exports.dood_xlsx(board, table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{production.slug}-day-out-of-days.xlsx"'
    return response


@login_required
def dood_pdf(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    table = dood_mod.for_board(board)
    pdf = exports.dood_pdf(board, table, request.build_absolute_uri("/"), show_cost=_show_cost(request, production))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{production.slug}-day-out-of-days.pdf"'
    return response


# --- cast terms and unavailable dates ------------------------------------------------------------------------------


@login_required
def cast(request: AuthedRequest, slug: str) -> HttpResponse:
    """Cast numbers, daily rates, drop/pick-up and travel per character, and the dates performers and locations
    cannot be used. Rates are shown and edited only by producers."""
    production = _production(request, slug)
    can_edit = services.can_edit_schedule(request.user, production)
    show_cost = _show_cost(request, production)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        action = request.POST.get("action")
        try:
            if action == "terms":
                character = get_object_or_404(Character, production=production, pk=_int(request.POST.get("character")))
                form = CastTermsForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors)
                data = form.cleaned_data
                current = getattr(character, "terms", None)
                services.set_cast_terms(
                    request.user,
                    character,
                    cast_number=data["cast_number"],
                    daily_rate=data["daily_rate"] if show_cost else (current.daily_rate if current else 0),
                    drop_pickup=data["drop_pickup"],
                    travel=data["travel"],
                )
            elif action == "unavailable":
                dates = UnavailabilityForm(production, request.POST)
                if not dates.is_valid():
                    raise ValidationError(dates.errors)
                services.add_unavailability(request.user, production, **dates.service_kwargs())
            elif action == "remove_unavailable":
                item = get_object_or_404(Unavailability, production=production, pk=_int(request.POST.get("item")))
                services.remove_unavailability(request.user, item)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Saved."))
        return redirect("scheduling:cast", production.slug)
    characters = list(
        Character.objects.filter(production=production).select_related("terms").order_by("terms__cast_number", "name")
    )
    return render(
        request,
        "scheduling/cast.html",
        {
            "production": production,
            "characters": characters,
            "unavailable": Unavailability.objects.filter(production=production).select_related("character", "location"),
            "form": UnavailabilityForm(production),
            "can_edit": can_edit,
            "show_cost": show_cost,
            "breadcrumbs": _crumbs(production, {"label": _("Cast and dates"), "url": ""}),
        },
    )


# --- optimiser ------------------------------------------------------------------------------------------------------


@login_required
@require_POST
def optimise(request: AuthedRequest, slug: str, board_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    if not services.can_edit_schedule(request.user, production):
        return HttpResponse(status=403)
    form = OptimiseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(form.errors)))
        return redirect("scheduling:board", production.slug, board.pk)
    proposal = tasks.start_optimise(request.user, board, seconds=form.cleaned_data["seconds"], weights=form.weights())
    return redirect("scheduling:proposal", production.slug, board.pk, proposal.pk)


@login_required
def proposal_detail(request: AuthedRequest, slug: str, board_id: int, proposal_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    proposal = selectors.get_proposal(board, proposal_id)
    context: dict[str, Any] = {
        "production": production,
        "board": board,
        "proposal": proposal,
        "job": proposal.job,
        "diff": selectors.proposal_diff(board, proposal) if proposal.data else None,
        "stale": proposal.base_revision != board.revision,
        "can_edit": services.can_edit_schedule(request.user, production),
    }
    if request.htmx:
        return render(request, "scheduling/partials/proposal.html", context)
    context["breadcrumbs"] = _crumbs(
        production,
        {"label": board.name, "url": reverse("scheduling:board", args=[production.slug, board.pk])},
        {"label": _("Optimiser proposal"), "url": ""},
    )
    return render(request, "scheduling/proposal.html", context)


@login_required
@require_POST
def proposal_decide(request: AuthedRequest, slug: str, board_id: int, proposal_id: int) -> HttpResponse:
    production = _production(request, slug)
    board = selectors.get_board(production, board_id)
    proposal = selectors.get_proposal(board, proposal_id)
    if request.POST.get("decision") == "accept":
        try:
            services.accept_proposal(request.user, proposal)
        except services.StaleBoard as exc:
            messages.error(request, str(exc))
            return redirect("scheduling:proposal", production.slug, board.pk, proposal.pk)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            return redirect("scheduling:proposal", production.slug, board.pk, proposal.pk)
        messages.success(request, _("The proposal is now the board."))
    else:
        services.discard_proposal(request.user, proposal)
        messages.success(request, _("Proposal discarded; the board is as it was."))
    return redirect("scheduling:board", production.slug, board.pk)
