"""Background work of shooting schedules: the optimiser as a Job.

``start_optimise`` records a running ``Proposal`` and queues ``optimise_board_task``; the task builds the engine's
problem from the board (``adapter.problem_for``), warm-starts from the board as it is, and reports every better
board and bound to the Job (progress) and to the proposal (objective, bound, gap), so the page shows them live.
The result is a proposal to accept or discard, never a change to the board itself.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from setwise.core.jobs import JobReporter, run_job, start_job
from setwise.core.models import Job
from setwise.engines.scheduling import model as engine
from setwise.engines.scheduling import solver
from setwise.engines.scheduling.evaluate import evaluate
from setwise.engines.scheduling.validate import validate
from setwise.scheduling import adapter, services
from setwise.scheduling.models import Board, Proposal, ProposalStatus

JOB_KIND = "scheduling.optimise"
WEIGHT_FIELDS = ("shooting_day", "company_move", "holding", "location_change", "night_before_day", "emotional_early")
MAX_SECONDS = 600


def _optimise(job: Job, reporter: JobReporter) -> dict[str, Any]:
    proposal = Proposal.objects.select_related("board__production").get(pk=job.params["proposal"])
    board = proposal.board
    options = proposal.options
    weights = engine.Weights(**{k: int(v) for k, v in options.get("weights", {}).items() if k in WEIGHT_FIELDS})
    problem = adapter.problem_for(board, weights=weights)
    left_out = adapter.left_out(board, problem)
    # Intimate scenes the protocol allows no date stay in the boneyard; the proposal says so, in words for everyone.
    notes = [
        gettext("Scene %(number)s stays unscheduled: %(reason)s") % {"number": number, "reason": left_out[pk]}
        for pk, number in _scene_numbers(left_out)
    ]
    warm = adapter.current_board(board, problem)
    shot_through = dt.date.fromisoformat(options["shot_through"]) if options.get("shot_through") else None
    if shot_through is not None:  # a re-plan of what is left after the days reported
        problem, warm = adapter.remainder_for(board, problem, shot_through, keep_dates=bool(options.get("keep_dates")))
    limit = float(options.get("seconds", 30))
    started = time.monotonic()
    reporter.progress(2, gettext("Building the model"))
    last_write = [0.0]

    def progress(p: solver.Progress) -> None:
        now = time.monotonic()
        if now - last_write[0] < 0.5:  # at most two writes a second
            return
        last_write[0] = now
        Proposal.objects.filter(pk=proposal.pk).update(
            objective={"total": p.objective} if p.objective is not None else {}, bound=p.bound
        )
        gap = f"{p.gap:.1%}" if p.gap is not None else "—"
        reporter.progress(
            min(98, 2 + int(96 * p.seconds / max(limit, 0.001))),
            gettext("Best %(best)s, bound %(bound)s, gap %(gap)s")
            % {"best": p.objective if p.objective is not None else "—", "bound": p.bound, "gap": gap},
        )

    result = solver.solve(problem, time_limit=limit, warm_start=warm, progress=progress)
    if result.status == "infeasible" and shot_through is not None and problem.pins:
        reporter.log("the committed dates cannot all be kept: re-planning without them")
        problem = replace(problem, pins=())
        left = max(5.0, limit - (time.monotonic() - started))
        result = solver.solve(problem, time_limit=left, warm_start=warm, progress=progress)
    fields: dict[str, Any] = {"bound": result.bound, "decided_at": None, "explanation": notes}
    if result.board is not None and result.breakdown is not None:
        current = _current_objective(problem, board)
        fields.update(
            status=ProposalStatus.READY,
            data=adapter.layout_of(problem, result.board),
            objective={
                "total": result.objective,
                "terms": result.breakdown.weighted(problem.weights),
                "current": current,
                "gap": result.gap,
                "gap_percent": round(result.gap * 100, 2) if result.gap is not None else None,
                "solver_status": result.status,
                "seconds": round(result.seconds, 1),
            },
        )
        if shot_through is not None:
            fields["objective"]["replan"] = _kept_dates(board, result.board, shot_through, bool(problem.pins))
    elif result.status == "infeasible":
        fields.update(status=ProposalStatus.INFEASIBLE, explanation=[*notes, *(c.message for c in result.conflicts)])
    else:
        fields.update(
            status=ProposalStatus.FAILED, explanation=[*notes, gettext("No schedule was found in the time given.")]
        )
    Proposal.objects.filter(pk=proposal.pk).update(**fields)
    reporter.log(f"{result.status}: objective {result.objective}, bound {result.bound}, {result.seconds:.1f} s")
    return {"proposal": proposal.pk, "status": fields["status"], "objective": result.objective}


def _kept_dates(board: Board, result: engine.Board, shot_through: dt.date, pinned: bool) -> dict[str, Any]:
    """How many scenes still to shoot keep the date the committed baseline gave them."""
    placed = {scene: date for scene, (date, _unit, _i) in result.placement().items()}
    due = {s: d for s, d in adapter.committed_dates(board).items() if d > shot_through and s in placed}
    kept = sum(1 for s, d in due.items() if placed[s] == d)
    return {"shot_through": shot_through.isoformat(), "kept": kept, "of": len(due), "pinned": pinned}


def _scene_numbers(scene_ids: dict[int, str]) -> list[tuple[int, str]]:
    from setwise.breakdown.models import Scene

    numbers = dict(Scene.objects.filter(pk__in=list(scene_ids)).values_list("pk", "number"))
    return [(pk, numbers.get(pk, str(pk))) for pk in sorted(scene_ids)]


def _current_objective(problem: engine.Problem, board: Board) -> int | None:
    """The board's own objective when it is a valid schedule (every scene placed, no rule broken)."""
    current = adapter.current_board(board, problem)
    if validate(problem, current):
        return None
    return evaluate(problem, current).total


@task()
def optimise_board_task(job_id: str) -> dict[str, Any]:
    """Optimise the board of the proposal stored in the Job."""
    try:
        return run_job(job_id, _optimise)
    except Exception:
        job = Job.objects.get(pk=job_id)
        Proposal.objects.filter(pk=job.params.get("proposal"), status=ProposalStatus.RUNNING).update(
            status=ProposalStatus.FAILED, decided_at=timezone.now()
        )
        raise


def start_optimise(
    user: Any,
    board: Board,
    *,
    seconds: int = 30,
    weights: dict[str, int] | None = None,
    shot_through: dt.date | None = None,
    keep_dates: bool = False,
) -> Proposal:
    """Queue the optimiser for ``board`` (who starts it needs to edit the schedule). With ``shot_through`` it
    re-plans only what is left after the days reported up to that date (``adapter.remainder_for``), keeping the
    committed dates of the scenes still to shoot when ``keep_dates`` and that is possible."""
    if not services.can_edit_schedule(user, board.production):
        raise PermissionDenied("You may not change this production's schedule")
    if not 5 <= int(seconds) <= MAX_SECONDS:
        raise ValidationError({"seconds": gettext("Between 5 and %(max)s seconds.") % {"max": MAX_SECONDS}})
    clean = {k: max(0, int(v)) for k, v in (weights or {}).items() if k in WEIGHT_FIELDS}
    proposal = Proposal.objects.create(
        board=board,
        status=ProposalStatus.RUNNING,
        base_revision=board.revision,
        options={
            "seconds": int(seconds),
            "weights": clean,
            **({"shot_through": shot_through.isoformat(), "keep_dates": keep_dates} if shot_through else {}),
        },
        created_by=user if getattr(user, "pk", None) else None,
    )
    job = start_job(
        optimise_board_task,
        kind=JOB_KIND,
        label=gettext("Optimise %(board)s") % {"board": board.name},
        user=user,
        params={"proposal": proposal.pk, "board": board.pk},
    )
    Proposal.objects.filter(pk=proposal.pk).update(job=job)
    proposal.job = job
    return proposal
