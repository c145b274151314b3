"""Pages of daily production reports: the shoot days and their DPRs, the DPR form (made for a phone), the clock
sheet with everyone's QR code, the personal clock page, plan versus actual with the re-plan button, the
production health page, birth dates, and the regional comparison of all productions one may see.

Every production page gets its production through ``_production`` (``get_production_for_user``: 404 for
outsiders, 403 without the permission); writes go through ``services``. Reading and writing DPRs needs
``Perm.EDIT_SCHEDULE``, approving them ``Perm.COMMIT_SCHEDULE``; plan versus actual and health are open to
everyone on the production (names of people only to those who may read DPRs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from setwise.accounts.permissions import get_production_for_user, has_production_perm, productions_for_user
from setwise.accounts.roles import Perm
from setwise.breakdown.models import Scene
from setwise.core.http import AuthedRequest
from setwise.core.middleware import activate_production_timezone
from setwise.core.pdf import font_stack, page_counter_css, render_pdf
from setwise.productions.models import Membership, Production
from setwise.reports import labour, selectors, services
from setwise.reports.forms import (
    BirthDateForm,
    DayForm,
    IncidentForm,
    PersonForm,
    PersonTimesForm,
    ReplanForm,
    SceneResultForm,
)
from setwise.reports.models import DailyReport, MemberProfile, ReportIncident, ReportScene, ReportStatus, ReportTime
from setwise.scheduling.models import Board, BoardStatus, ShootDay


def _production(request: AuthedRequest, slug: str, perm: Perm = Perm.EDIT_SCHEDULE) -> Production:
    production = get_production_for_user(request.user, slug, perm)
    activate_production_timezone(production)
    return production


def _crumbs(production: Production, *extra: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Productions"), "url": reverse("productions:list")},
        {"label": production.title, "url": reverse("productions:detail", args=[production.slug])},
        {"label": _("Daily reports"), "url": reverse("reports:index", args=[production.slug])},
        *extra,
    ]


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _form_errors(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _to_report(production: Production, report: DailyReport, anchor: str = "") -> HttpResponse:
    url = reverse("reports:detail", args=[production.slug, report.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _attempt(request: AuthedRequest, work: Callable[[], Any], success: str = "") -> bool:
    try:
        work()
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return False
    if success:
        messages.success(request, success)
    return True


# --- days and reports ----------------------------------------------------------------------------------------------


@login_required
def index(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    return render(
        request,
        "reports/index.html",
        {
            "production": production,
            "boards": selectors.day_list(production),
            "can_approve": services.can_approve(request.user, production),
            "breadcrumbs": [*_crumbs(production)[:-1], {"label": _("Daily reports"), "url": ""}],
        },
    )


@login_required
@require_POST
def start(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug)
    day_id = request.POST.get("day", "")
    day = get_object_or_404(
        ShootDay.objects.select_related("board__production"),
        board__production=production,
        board__status=BoardStatus.ACTIVE,
        pk=int(day_id) if day_id.isdigit() else 0,
    )
    report = services.start_report(request.user, day)
    return _to_report(production, report)


def _report(request: AuthedRequest, slug: str, pk: int, perm: Perm = Perm.EDIT_SCHEDULE) -> DailyReport:
    production = _production(request, slug, perm)
    return selectors.get_report(production, pk)


@login_required
def detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    production = report.production
    view = selectors.report_view(report)
    editable = report.editable
    people = [(p, PersonTimesForm(p) if editable else None) for p in view.cast + view.crew]
    scenes = [
        (
            s,
            SceneResultForm(
                initial={
                    "result": s.result,
                    "eighths_shot": s.eighths_shot,
                    "screen_time": s.screen_time if s.screen_seconds else "",
                    "setups": s.setups or None,
                    "note": s.note,
                },
                prefix=f"s{s.pk}",
            )
            if editable
            else None,
        )
        for s in view.scenes
    ]
    return render(
        request,
        "reports/detail.html",
        {
            "production": production,
            "report": report,
            "view": view,
            "people": people,
            "scenes": scenes,
            "day_form": DayForm(report) if editable else None,
            "person_form": PersonForm(),
            "incident_form": IncidentForm(report),
            "addable_scenes": selectors.unshot_scenes(report)[:300] if editable else [],
            "can_approve": services.can_approve(request.user, production),
            "labour": labour.labour_costs(report)
            if report.status != ReportStatus.DRAFT and has_production_perm(request.user, Perm.VIEW_BUDGET, production)
            else None,
            "breadcrumbs": _crumbs(
                production,
                {"label": _("Day %(number)s") % {"number": report.day_number}, "url": ""},
            ),
        },
    )


@login_required
@require_POST
def edit_day(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    form = DayForm(report, request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        _attempt(
            request,
            lambda: services.update_report(request.user, report, **form.service_kwargs()),
            _("The day's times are saved."),
        )
    return _to_report(report.production, report, "day")


def _person(report: DailyReport, person_id: int) -> ReportTime:
    return get_object_or_404(ReportTime.objects.select_related("report__production"), report=report, pk=person_id)


@login_required
@require_POST
def person_times(request: AuthedRequest, slug: str, pk: int, person_id: int) -> HttpResponse:
    report = _report(request, slug, pk)
    person = _person(report, person_id)
    form = PersonTimesForm(person, request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        _attempt(
            request,
            lambda: services.set_times(request.user, person, **form.service_kwargs()),
            _("Times of %(name)s saved.") % {"name": person.name},
        )
    return _to_report(report.production, report, f"person-{person.pk}")


@login_required
@require_POST
def confirm_clocked(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    count: list[int] = []
    if _attempt(request, lambda: count.append(services.confirm_clocked(request.user, report))):
        messages.success(request, _("Clocked times confirmed for %(count)s people.") % {"count": count[0]})
    return _to_report(report.production, report, "people")


@login_required
@require_POST
def add_person(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    form = PersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        _attempt(request, lambda: services.add_person(request.user, report, **form.cleaned_data))
    return _to_report(report.production, report, "people")


@login_required
@require_POST
def add_previous(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """Add the crew without an account of the board's previous report (day players and drivers back today)."""
    report = _report(request, slug, pk)
    added: list[Any] = []
    if _attempt(
        request, lambda: added.extend(services.add_people(request.user, report, services.previous_day_players(report)))
    ):
        messages.success(request, _("%(count)s people added from the previous report.") % {"count": len(added)})
    return _to_report(report.production, report, "people")


@login_required
@require_POST
def remove_person(request: AuthedRequest, slug: str, pk: int, person_id: int) -> HttpResponse:
    report = _report(request, slug, pk)
    person = _person(report, person_id)
    _attempt(request, lambda: services.remove_person(request.user, person))
    return _to_report(report.production, report, "people")


@login_required
@require_POST
def new_link(request: AuthedRequest, slug: str, pk: int, person_id: int) -> HttpResponse:
    report = _report(request, slug, pk)
    person = _person(report, person_id)
    _attempt(
        request,
        lambda: services.new_clock_link(request.user, person),
        _("A new clock link for %(name)s; the old one no longer works.") % {"name": person.name},
    )
    return redirect("reports:clock_sheet", report.production.slug, report.pk)


@login_required
@require_POST
def scene_result(request: AuthedRequest, slug: str, pk: int, row_id: int) -> HttpResponse:
    report = _report(request, slug, pk)
    row = get_object_or_404(ReportScene.objects.select_related("report__production"), report=report, pk=row_id)
    form = SceneResultForm(request.POST, prefix=f"s{row.pk}")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        _attempt(request, lambda: services.set_scene_result(request.user, row, **form.service_kwargs()))
    return _to_report(report.production, report, f"scene-{row.pk}")


@login_required
@require_POST
def add_scene(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    scene_id = request.POST.get("scene", "")
    scene = get_object_or_404(
        Scene.objects.all(), production=report.production, pk=int(scene_id) if scene_id.isdigit() else 0
    )
    _attempt(request, lambda: services.add_scene(request.user, report, scene))
    return _to_report(report.production, report, "scenes")


@login_required
@require_POST
def remove_scene(request: AuthedRequest, slug: str, pk: int, row_id: int) -> HttpResponse:
    report = _report(request, slug, pk)
    row = get_object_or_404(ReportScene.objects.select_related("report__production"), report=report, pk=row_id)
    _attempt(request, lambda: services.remove_scene(request.user, row))
    return _to_report(report.production, report, "scenes")


@login_required
@require_POST
def add_incident(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    form = IncidentForm(report, request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        _attempt(request, lambda: services.add_incident(request.user, report, **form.service_kwargs()))
    return _to_report(report.production, report, "incidents")


@login_required
@require_POST
def resolve_incident(request: AuthedRequest, slug: str, pk: int, incident_id: int) -> HttpResponse:
    report = _report(request, slug, pk)
    incident = get_object_or_404(
        ReportIncident.objects.select_related("report__production"), report=report, pk=incident_id
    )
    _attempt(
        request,
        lambda: services.resolve_incident(request.user, incident, request.POST.get("resolution", "")),
        _("Incident closed."),
    )
    return _to_report(report.production, report, "incidents")


@login_required
@require_POST
def submit(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    if _attempt(request, lambda: services.submit_report(request.user, report)):
        report.refresh_from_db()
        count = report.violations.count()
        if count:
            messages.warning(
                request,
                _("Report submitted. %(count)s working-hour violations were found: see below.") % {"count": count},
            )
        else:
            messages.success(request, _("Report submitted; no working-hour violations found."))
    return _to_report(report.production, report)


@login_required
@require_POST
def approve(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk, Perm.COMMIT_SCHEDULE)
    _attempt(request, lambda: services.approve_report(request.user, report), _("Report approved and locked."))
    return _to_report(report.production, report)


@login_required
@require_POST
def send_back(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk, Perm.COMMIT_SCHEDULE)
    _attempt(
        request,
        lambda: services.return_report(request.user, report, request.POST.get("reason", "")),
        _("Report returned to the 2nd AD."),
    )
    return _to_report(report.production, report)


# --- clock links ---------------------------------------------------------------------------------------------------


def qr_svg(url: str) -> SafeString:
    """``url`` as an inline SVG QR code (generated here from our own link, so it is safe to inline)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return mark_safe(str(svg))  # our own SVG markup, with no user text in it


def _clock_rows(request: HttpRequest, report: DailyReport) -> list[dict[str, Any]]:
    rows = []
    for person in report.times.select_related("user").order_by("kind", "position", "pk"):
        url = request.build_absolute_uri(
            reverse("reports:clock", args=[report.production.slug, selectors.clock_token(person)])
        )
        rows.append({"person": person, "url": url, "qr": qr_svg(url)})
    return rows


@login_required
def clock_sheet(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """Everyone's personal clock link and QR code for the day, to print with the call sheet."""
    report = _report(request, slug, pk)
    return render(
        request,
        "reports/clock_sheet.html",
        {
            "production": report.production,
            "report": report,
            "rows": _clock_rows(request, report),
            "breadcrumbs": _crumbs(
                report.production,
                {
                    "label": _("Day %(number)s") % {"number": report.day_number},
                    "url": reverse("reports:detail", args=[report.production.slug, report.pk]),
                },
                {"label": _("Clock links"), "url": ""},
            ),
        },
    )


@login_required
def clock_sheet_pdf(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    production = report.production
    lang = production.language or "en"
    pdf = render_pdf(
        "reports/pdf/clock_sheet.html",
        {
            "production": production,
            "report": report,
            "rows": _clock_rows(request, report),
            "document_title": _("Clock links"),
            "lang": lang,
            "font_stack": font_stack(lang),
            "page_counter": page_counter_css(_("Page {page} of {pages}")),
        },
        request.build_absolute_uri("/"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="clock-links-day-{report.day_number}.pdf"'
    return response


def clock(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A person's clock page, opened from their link or the QR code: no sign-in, the link is the key."""
    production = get_object_or_404(Production.objects.all(), slug=slug)
    person = selectors.person_for_token(production, token)
    if person is None:
        return render(request, "reports/clock.html", {"production": None, "person": None}, status=404)
    activate_production_timezone(production)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            person = services.clock(person, action)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request, _("Clocked in. Have a good day.") if action == "in" else _("Clocked out. Thank you.")
            )
        return redirect("reports:clock", slug, token)
    return render(
        request,
        "reports/clock.html",
        {"production": production, "person": person, "report": person.report},
    )


# --- plan versus actual, health, birth dates ------------------------------------------------------------------------


def _board(production: Production, board_id: str | None) -> Board | None:
    return selectors.board_for(production, int(board_id) if board_id and board_id.isdigit() else None)


@login_required
def plan(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug, Perm.VIEW_PRODUCTION)
    board = _board(production, request.GET.get("board"))
    return render(
        request,
        "reports/plan.html",
        {
            "production": production,
            "board": board,
            "boards": selectors.active_boards(production),
            "plan": selectors.plan_vs_actual(board) if board is not None else None,
            "can_replan": services.can_report(request.user, production),
            "replan_form": ReplanForm(),
            "proposals": board.proposals.order_by("-created_at")[:3] if board is not None else [],
            "breadcrumbs": _crumbs(production, {"label": _("Plan versus actual"), "url": ""}),
        },
    )


@login_required
@require_POST
def replan(request: AuthedRequest, slug: str) -> HttpResponse:
    """Re-optimise the remaining scenes of the board (scenes shot stay on their days) as a proposal."""
    production = _production(request, slug)
    board = _board(production, request.POST.get("board"))
    if board is None:
        messages.error(request, _("The production has no active board."))
        return redirect("reports:plan", production.slug)
    form = ReplanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("reports:plan", production.slug)
    proposal = services.replan(
        request.user, board, seconds=form.cleaned_data["seconds"], keep_dates=form.cleaned_data["keep_dates"]
    )
    messages.success(request, _("The optimiser is re-planning the remaining scenes."))
    return redirect("scheduling:proposal", production.slug, board.pk, proposal.pk)


@login_required
def health(request: AuthedRequest, slug: str) -> HttpResponse:
    production = _production(request, slug, Perm.VIEW_PRODUCTION)
    can_read = services.can_report(request.user, production)
    return render(
        request,
        "reports/health.html",
        {
            "production": production,
            "health": selectors.health(
                production, with_budget=has_production_perm(request.user, Perm.VIEW_BUDGET, production)
            ),
            "can_read": can_read,
            "violations": selectors.recent_violations(production) if can_read else [],
            "incidents": selectors.open_incidents(production) if can_read else [],
            "breadcrumbs": _crumbs(production, {"label": _("Production health"), "url": ""}),
        },
    )


@login_required
def people(request: AuthedRequest, slug: str) -> HttpResponse:
    """Birth dates of the production's people (producers and line producers only)."""
    production = _production(request, slug, Perm.COMMIT_SCHEDULE)
    members: dict[int, Any] = {}
    for m in Membership.objects.filter(production=production).select_related("user").order_by("user__username"):
        entry = members.setdefault(m.user_id, {"user": m.user, "roles": []})
        entry["roles"].append(m.get_role_display())
    if request.method == "POST":
        user_id = request.POST.get("user", "")
        entry = members.get(int(user_id)) if user_id.isdigit() else None
        if entry is None:
            return HttpResponse(status=404)
        form = BirthDateForm(request.POST)
        member = entry["user"]
        if not form.is_valid():
            messages.error(request, _form_errors(form))
        else:
            _attempt(
                request,
                lambda: services.set_birth_date(request.user, production, member, form.cleaned_data["birth_date"]),
                _("Birth date of %(name)s saved.") % {"name": member},
            )
        return redirect("reports:people", production.slug)
    births = dict(MemberProfile.objects.filter(production=production).values_list("user_id", "birth_date"))
    for member_id, member_entry in members.items():
        member_entry["birth_date"] = births.get(member_id)
    return render(
        request,
        "reports/people.html",
        {
            "production": production,
            "members": list(members.values()),
            "breadcrumbs": _crumbs(production, {"label": _("Birth dates"), "url": ""}),
        },
    )


@login_required
def regional(request: AuthedRequest) -> HttpResponse:
    """Every production the user may see, side by side."""
    productions = list(productions_for_user(request.user).order_by("country", "title"))
    budgets = set(productions_for_user(request.user, Perm.VIEW_BUDGET).values_list("pk", flat=True))
    rows = selectors.health_for(productions, budgets=budgets)
    return render(
        request,
        "reports/regional.html",
        {
            "rows": [rows[p.pk] for p in productions],
            "breadcrumbs": [
                {"label": _("Productions"), "url": reverse("productions:list")},
                {"label": _("Regional health"), "url": ""},
            ],
        },
    )
