"""Daily production reports, plan versus actual and production health over JSON: the same selectors, services
and permissions as the pages. Reading and writing DPRs needs ``Perm.EDIT_SCHEDULE``, approving and returning
them ``Perm.COMMIT_SCHEDULE``; plan versus actual and health are open to everyone on the production. A write to
a report that is no longer a draft answers 409 (submitted: waiting for approval; approved: locked)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema, Status

from setwise.accounts.permissions import get_production_for_user, has_production_perm
from setwise.accounts.roles import Perm
from setwise.breakdown.models import Scene
from setwise.core.api_utils import Page, paginate
from setwise.productions.models import Production
from setwise.reports import selectors, services
from setwise.reports.models import DailyReport, HoursViolation, ReportIncident, ReportScene, ReportTime, parse_meals
from setwise.reports.schemas import (
    HealthOut,
    IncidentIn,
    IncidentOut,
    PersonIn,
    PersonOut,
    PersonTimesIn,
    PlanOut,
    ReplanIn,
    ReplanOut,
    ReportCreateIn,
    ReportDetailOut,
    ReportOut,
    ReportUpdateIn,
    ReturnIn,
    SceneAddIn,
    SceneResultIn,
    SceneRowOut,
)
from setwise.scheduling.models import BoardStatus, ShootDay

router = Router(tags=["daily reports"])


class ReportQuery(Schema):
    status: str = ""
    limit: int = 100
    offset: int = 0


def _guarded(request: HttpRequest, work: Callable[[], Any]) -> Any:
    """Run a write; a report that is not a draft answers 409 with the reason."""
    from setwise.config.api import problem

    try:
        return work()
    except services.ReportLocked as exc:
        return problem(request, 409, "Report not editable", "; ".join(exc.messages))


def _production(request: HttpRequest, slug: str, perm: Perm = Perm.EDIT_SCHEDULE) -> Production:
    return get_production_for_user(request.user, slug, perm)


def _report(request: HttpRequest, slug: str, report_id: int, perm: Perm = Perm.EDIT_SCHEDULE) -> DailyReport:
    return selectors.get_report(_production(request, slug, perm), report_id)


def _meals(meals: Any) -> list[dict[str, Any]]:
    return [{"start": a, "end": b} for a, b in parse_meals(meals)]


def _report_row(r: DailyReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "board_id": r.board_id,
        "day_id": r.day_id,
        "unit": r.unit,
        "day_number": r.day_number,
        "date": r.date,
        "status": r.status,
        "crew_call": r.crew_call,
        "wrap": r.wrap,
        "submitted_at": r.submitted_at,
        "approved_at": r.approved_at,
    }


def _person_row(p: ReportTime) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "user_id": p.user_id,
        "name": p.name,
        "department": p.department,
        "cast_numbers": p.cast_numbers,
        "planned_call": p.planned_call,
        "clock_in": p.clock_in,
        "clock_out": p.clock_out,
        "call": p.call,
        "wrap": p.wrap,
        "meals": None if p.meals is None else _meals(p.meals),
        "call_corrected": p.call_corrected,
        "wrap_corrected": p.wrap_corrected,
        "note": p.note,
    }


def _scene_row(s: ReportScene) -> dict[str, Any]:
    return {
        "id": s.pk,
        "scene_id": s.scene_id,
        "scene_number": s.scene_number,
        "planned": s.planned,
        "eighths_planned": s.eighths_planned,
        "result": s.result,
        "eighths_shot": s.eighths_shot,
        "screen_seconds": s.screen_seconds,
        "setups": s.setups,
        "note": s.note,
    }


def _incident_row(i: ReportIncident) -> dict[str, Any]:
    return {
        "id": i.pk,
        "kind": i.kind,
        "time": i.time,
        "description": i.description,
        "people": i.people,
        "action": i.action,
        "lost_minutes": i.lost_minutes,
        "open": i.open,
        "resolution": i.resolution,
    }


def _violation_row(v: HoursViolation) -> dict[str, Any]:
    return {
        "person": v.person_name,
        "rule": v.rule,
        "date": v.date,
        "value": v.value,
        "limit": v.limit,
        "excess": v.excess,
        "unit": v.unit,
        "source": v.source,
        "layer": v.layer,
        "origin": v.origin,
        "severity": v.severity,
    }


def _detail(report: DailyReport) -> dict[str, Any]:
    report.refresh_from_db()
    view = selectors.report_view(report, history=False)
    return {
        **_report_row(report),
        "scheduled_call": report.scheduled_call,
        "scheduled_wrap": report.scheduled_wrap,
        "first_shot": report.first_shot,
        "meals": _meals(report.meals),
        "camera_wrap": report.camera_wrap,
        "weather_delay_minutes": report.weather_delay_minutes,
        "weather": report.weather,
        "notes": report.notes,
        "eighths_shot": view.eighths_shot,
        "screen_seconds": view.screen_seconds,
        "setups": view.setups,
        "people": [_person_row(p) for p in view.cast + view.crew],
        "scenes": [_scene_row(s) for s in view.scenes],
        "incidents": [_incident_row(i) for i in view.incidents],
        "violations": [_violation_row(v) for v in view.violations],
    }


# --- reports -------------------------------------------------------------------------------------------------------


@router.get("/{slug}/reports", response=Page[ReportOut], summary="The production's daily reports by date")
def list_reports(request: HttpRequest, slug: str, filters: Query[ReportQuery]) -> dict[str, Any]:
    production = _production(request, slug)
    qs = selectors.reports_for(production).order_by("date", "unit", "day_number", "pk")
    if filters.status:
        qs = qs.filter(status=filters.status)
    page = paginate(qs, filters.limit, filters.offset)
    return {**page, "items": [_report_row(r) for r in page["items"]]}


@router.post(
    "/{slug}/reports",
    response={200: ReportDetailOut, 201: ReportDetailOut},
    summary="Open the daily report of a shoot day of an active board (prefilled from its call sheet)",
)
def create_report(request: HttpRequest, slug: str, body: ReportCreateIn) -> Any:
    production = _production(request, slug)
    day = get_object_or_404(
        ShootDay.objects.select_related("board__production"),
        board__production=production,
        board__status=BoardStatus.ACTIVE,
        pk=body.day_id,
    )
    existed = DailyReport.objects.filter(day=day).exists()
    report = services.start_report(request.user, day)
    return Status(200 if existed else 201, _detail(report))


@router.get("/{slug}/reports/{report_id}", response=ReportDetailOut, summary="A daily report with everything on it")
def get_report(request: HttpRequest, slug: str, report_id: int) -> dict[str, Any]:
    return _detail(_report(request, slug, report_id))


@router.patch(
    "/{slug}/reports/{report_id}",
    response=ReportDetailOut,
    summary="Change the day's times, meal breaks, weather and notes (a draft only)",
)
def update_report(request: HttpRequest, slug: str, report_id: int, body: ReportUpdateIn) -> Any:
    report = _report(request, slug, report_id)
    fields = body.dict(exclude_unset=True)
    if "meals" in fields:
        fields["meals"] = [(m.start, m.end) for m in body.meals or []]
    return _guarded(request, lambda: _detail(services.update_report(request.user, report, **fields)))


@router.post("/{slug}/reports/{report_id}/people", response={201: PersonOut}, summary="Add a person to the day")
def add_person(request: HttpRequest, slug: str, report_id: int, body: PersonIn) -> Any:
    report = _report(request, slug, report_id)
    return _guarded(
        request,
        lambda: Status(
            201,
            _person_row(
                services.add_person(request.user, report, kind=body.kind, name=body.name, department=body.department)
            ),
        ),
    )


@router.put(
    "/{slug}/reports/{report_id}/people/{person_id}",
    response=PersonOut,
    summary="Confirm or correct a person's call, wrap and meals (their clocked times are kept)",
)
def set_times(request: HttpRequest, slug: str, report_id: int, person_id: int, body: PersonTimesIn) -> Any:
    report = _report(request, slug, report_id)
    person = get_object_or_404(ReportTime.objects.select_related("report__production"), report=report, pk=person_id)
    meals = None if body.meals is None else [(m.start, m.end) for m in body.meals]
    return _guarded(
        request,
        lambda: _person_row(
            services.set_times(request.user, person, call=body.call, wrap=body.wrap, meals=meals, note=body.note)
        ),
    )


@router.post(
    "/{slug}/reports/{report_id}/scenes",
    response={201: SceneRowOut},
    summary="Add a scene of the board shot on this day though planned for another",
)
def add_scene(request: HttpRequest, slug: str, report_id: int, body: SceneAddIn) -> Any:
    report = _report(request, slug, report_id)
    scene = get_object_or_404(Scene.objects.all(), production=report.production, pk=body.scene_id)
    return _guarded(request, lambda: Status(201, _scene_row(services.add_scene(request.user, report, scene))))


@router.put(
    "/{slug}/reports/{report_id}/scenes/{row_id}",
    response=SceneRowOut,
    summary="Record a scene's result: completed, partly shot or not shot, with eighths, screen time and setups",
)
def set_scene_result(request: HttpRequest, slug: str, report_id: int, row_id: int, body: SceneResultIn) -> Any:
    report = _report(request, slug, report_id)
    row = get_object_or_404(ReportScene.objects.select_related("report__production"), report=report, pk=row_id)
    return _guarded(request, lambda: _scene_row(services.set_scene_result(request.user, row, **body.dict())))


@router.post(
    "/{slug}/reports/{report_id}/incidents", response={201: IncidentOut}, summary="Report an incident or accident"
)
def add_incident(request: HttpRequest, slug: str, report_id: int, body: IncidentIn) -> Any:
    report = _report(request, slug, report_id)
    return _guarded(
        request, lambda: Status(201, _incident_row(services.add_incident(request.user, report, **body.dict())))
    )


@router.post(
    "/{slug}/reports/{report_id}/submit",
    response=ReportDetailOut,
    summary="Submit the day (2nd AD): scenes to the board, hours checked at once",
)
def submit_report(request: HttpRequest, slug: str, report_id: int) -> Any:
    report = _report(request, slug, report_id)
    return _guarded(request, lambda: _detail(services.submit_report(request.user, report)))


@router.post(
    "/{slug}/reports/{report_id}/approve",
    response=ReportDetailOut,
    summary="Approve a submitted report (line producer); it is locked from then on",
)
def approve_report(request: HttpRequest, slug: str, report_id: int) -> Any:
    report = _report(request, slug, report_id, Perm.COMMIT_SCHEDULE)
    return _guarded(request, lambda: _detail(services.approve_report(request.user, report)))


@router.post(
    "/{slug}/reports/{report_id}/return",
    response=ReportDetailOut,
    summary="Return a submitted report to the 2nd AD for changes (line producer)",
)
def return_report(request: HttpRequest, slug: str, report_id: int, body: ReturnIn) -> Any:
    report = _report(request, slug, report_id, Perm.COMMIT_SCHEDULE)
    return _guarded(request, lambda: _detail(services.return_report(request.user, report, body.reason)))


# --- plan versus actual, health, re-plan ------------------------------------------------------------------------------


@router.get(
    "/{slug}/plan-vs-actual",
    response=PlanOut,
    summary="The committed baseline against the reported days: pages, scenes, days ahead or behind, forecast wrap",
)
def plan_vs_actual(request: HttpRequest, slug: str, board_id: int | None = None) -> dict[str, Any]:
    production = _production(request, slug, Perm.VIEW_PRODUCTION)
    board = selectors.board_for(production, board_id)
    if board is None:
        raise Http404("No active board")
    p = selectors.plan_vs_actual(board)
    return {
        "board_id": board.pk,
        "has_baseline": p.has_baseline,
        "baseline_days": p.baseline_days,
        "days_shot": p.days_shot,
        "planned_eighths_to_date": p.planned_eighths_to_date,
        "eighths_to_date": p.eighths_to_date,
        "planned_scenes_to_date": p.planned_scenes_to_date,
        "scenes_to_date": p.scenes_to_date,
        "total_eighths": p.total_eighths,
        "remaining_eighths": p.remaining_eighths,
        "days_variance": p.days_variance,
        "burn_rate_eighths_per_day": p.burn_rate,
        "days_needed": p.days_needed,
        "planned_wrap": p.planned_wrap,
        "forecast_wrap": p.forecast_wrap,
        "days": [
            {
                "index": d.index,
                "planned_date": d.planned_date,
                "planned_scenes": d.planned_scenes,
                "planned_eighths": d.planned_eighths,
                "report_id": d.report.pk if d.report else None,
                "date": d.report.date if d.report else None,
                "completed": d.completed,
                "partial": d.partial,
                "not_shot": d.not_shot,
                "eighths": d.eighths,
                "planned_cumulative": d.planned_cumulative,
                "actual_cumulative": d.actual_cumulative,
            }
            for d in p.days
        ],
    }


@router.get("/{slug}/health", response=HealthOut, summary="Schedule adherence, hours compliance and open incidents")
def production_health(request: HttpRequest, slug: str) -> dict[str, Any]:
    production = _production(request, slug, Perm.VIEW_PRODUCTION)
    h = selectors.health(production, with_budget=has_production_perm(request.user, Perm.VIEW_BUDGET, production))
    return {
        "production": production.slug,
        "reports": h.reports,
        "days_behind": h.days_behind,
        "on_time_percent": h.on_time_percent,
        "person_days": h.person_days,
        "violations": h.violations,
        "violations_per_100_person_days": h.violations_per_100,
        "worst_turnaround_hours": h.worst_turnaround.hours if h.worst_turnaround else None,
        "open_incidents": h.open_incidents,
        "forecast_wrap": h.plan.forecast_wrap if h.plan else None,
        "budget_variance": None if h.budget_variance_amount is None else str(h.budget_variance_amount),
        "budget_variance_percent": h.budget_variance_percent,
    }


@router.post(
    "/{slug}/replan",
    response={202: ReplanOut},
    summary="Re-optimise the remaining scenes of an active board (scenes shot stay); the result is a proposal",
)
def replan(request: HttpRequest, response: HttpResponse, slug: str, body: ReplanIn) -> Any:
    production = _production(request, slug)
    board = selectors.board_for(production, body.board_id)
    if board is None:
        raise Http404("No active board")
    proposal = services.replan(request.user, board, seconds=body.seconds)
    status_url = f"/api/jobs/{proposal.job_id}"
    response["Location"] = status_url
    return Status(
        202,
        {
            "proposal_id": proposal.pk,
            "job_id": str(proposal.job_id),
            "status_url": status_url,
            "proposal_url": reverse("scheduling:proposal", args=[production.slug, board.pk, proposal.pk]),
        },
    )
