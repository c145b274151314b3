"""Running long work as a Job: create the row, enqueue the task after commit, report progress from the task."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from setwise.core.models import Job, JobStatus


def start_job(
    task: Any,
    *,
    kind: str,
    label: str,
    user: Any = None,
    payload: bytes = b"",
    params: dict[str, Any] | None = None,
) -> Job:
    """Create a Job and enqueue ``task(job_id)`` once the surrounding transaction commits."""
    job = Job.objects.create(
        kind=kind,
        label=label,
        created_by=user if getattr(user, "pk", None) else None,
        payload=payload,
        params=params or {},
    )

    def enqueue() -> None:
        result = task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk, task_result_id="").update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


class JobReporter:
    """Given to the work function inside a task: progress, log lines and the final state, written at once
    (outside any transaction of the work, so the UI sees them live)."""

    def __init__(self, job: Job):
        self.job = job

    def progress(self, percent: int, message: str = "") -> None:
        percent = max(0, min(100, int(percent)))
        self.job.progress = percent
        self.job.message = message[:300]
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=self.job.message)

    def log(self, line: str) -> None:
        self.job.log += line.rstrip() + "\n"
        Job.objects.filter(pk=self.job.pk).update(log=self.job.log)


def run_job(job_id: str, work: Callable[[Job, JobReporter], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` for the job with the given id, recording start, finish, result or failure."""
    job = Job.objects.get(pk=job_id)
    # Claim the job: only one delivery of the task moves it from queued to running, so a redelivered or
    # duplicated task never does the work twice (and never touches a job that is already done).
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        job.refresh_from_db()
        return dict(job.result)
    reporter = JobReporter(job)
    try:
        result = work(job, reporter)
    except Exception as exc:
        reporter.log("".join(traceback.format_exception_only(exc)).strip())
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=str(exc)[:300], payload=b""
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        progress=100,
        finished_at=timezone.now(),
        result=result,
        payload=b"",
    )
    return result
