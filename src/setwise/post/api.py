"""Post-production over JSON: deliverables, QC reports and the post timeline, with the same selectors and
permissions as the post pages (``Perm.VIEW_PRODUCTION`` to read)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from setwise.accounts.permissions import get_production_for_user
from setwise.core.api_utils import Page, paginate
from setwise.post import selectors
from setwise.post.models import Deliverable, QcRun, QcStatus
from setwise.post.schemas import DeliverableOut, QcReportOut, TimelineOut

router = Router(tags=["post"])


class DeliverableQuery(Schema):
    category: str = ""
    status: str = ""
    language: str = ""
    episode: int | None = None
    limit: int = 100
    offset: int = 0


def _deliverable_row(item: Deliverable, dates: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item.pk,
        "category": item.category,
        "key": item.key,
        "name": item.name,
        "episode": item.episode,
        "language": item.language,
        "sdh": item.sdh,
        "qc": item.qc,
        "audio_target": item.audio_target,
        "spec": item.spec,
        "owner": item.owner.name if item.owner else None,
        "milestone": item.milestone,
        "due": item.due_on(dates),
        "status": item.status,
        "last_run": item.last_run_id,
    }


@router.get(
    "/{slug}/post/deliverables",
    response=Page[DeliverableOut],
    summary="The production's deliverables with owner, due date, status and latest QC run",
)
def list_deliverables(request: HttpRequest, slug: str, filters: Query[DeliverableQuery]) -> dict[str, Any]:
    production = get_production_for_user(request.user, slug)
    params = {k: "" if v is None else str(v) for k, v in filters.dict().items()}
    qs = selectors.deliverables(production, selectors.DeliverableFilters.from_params(params))
    tl = selectors.timeline_for(production, selectors.plan_for(production))
    dates = tl.dates() if tl else {}
    page = paginate(qs, filters.limit, filters.offset)
    return {**page, "items": [_deliverable_row(d, dates) for d in page["items"]]}


def _report(run: QcRun) -> dict[str, Any]:
    report = run.report or {}
    return {
        "id": run.pk,
        "deliverable": run.deliverable_id,
        "kind": run.kind,
        "file_name": run.file_name,
        "size": run.size,
        "sha256": run.sha256,
        "status": run.status,
        "passed": run.status == QcStatus.PASSED,
        "error": run.error,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "summary": report.get("summary", {}),
        "counts": report.get("counts", {}),
        "notes": report.get("notes", []),
        "findings": report.get("findings", []),
    }


@router.get(
    "/{slug}/post/qc/{run_id}",
    response=QcReportOut,
    summary="A QC run's report: the file's SHA-256, the verdict and each finding (event, timecode, rule, value, limit)",
)
def get_qc_report(request: HttpRequest, slug: str, run_id: int) -> dict[str, Any]:
    production = get_production_for_user(request.user, slug)
    return _report(selectors.get_run(production, run_id))


@router.get(
    "/{slug}/post/timeline",
    response=TimelineOut,
    summary="Post milestones backward from the launch date, and the warnings of the schedule against them",
)
def get_timeline(request: HttpRequest, slug: str) -> dict[str, Any]:
    production = get_production_for_user(request.user, slug)
    plan = selectors.plan_for(production)
    tl = selectors.timeline_for(production, plan)
    warnings = selectors.post_warnings(production)
    wrap = selectors.schedule_wrap(production)
    return {
        "launch_date": production.launch_date,
        "latest_wrap": tl.latest_wrap if tl else None,
        "wrap": wrap.wrap,
        "baseline_wrap": wrap.baseline_wrap,
        "milestones": [
            {"key": m.key, "date": m.date, "phase_days": m.phase_days, "at_risk": m.at_risk}
            for m in selectors.milestone_rows(tl, warnings)
        ],
        "warnings": [
            {
                "code": w.code,
                "severity": w.severity,
                "message": w.message,
                "milestones": list(w.milestones),
                "days": w.days,
            }
            for w in warnings
        ],
    }
