"""Tasks of the core app. ``ping`` runs a tiny Job end to end: a check that the task workers are alive."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from setwise.core.jobs import JobReporter, run_job
from setwise.core.models import Job


def _pong(job: Job, reporter: JobReporter) -> dict[str, Any]:
    reporter.progress(50, "pong")
    reporter.log("pong")
    return {"pong": True, "echo": job.params.get("echo", "")}


@task()
def ping(job_id: str) -> dict[str, Any]:
    """Answer a ping Job: records progress, a log line and ``{"pong": true}`` as its result."""
    return run_job(job_id, _pong)
