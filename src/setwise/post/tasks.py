"""Background work of post-production: the QC run of an uploaded subtitle or audio file, as a Job.

A file the engines cannot read is not a failed job: the job SUCCEEDS, its run ends as ``error`` with the engine's
one-line message, and nothing is stored as passed. A job FAILS only when the check itself breaks.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task
from django.utils.translation import gettext

from setwise.core.jobs import JobReporter, run_job, start_job
from setwise.core.models import Job
from setwise.post.models import QcRun

JOB_KIND = "post.qc"


def _check(job: Job, reporter: JobReporter) -> dict[str, Any]:
    from setwise.post import services

    outcome = services.execute_qc(int(job.params["run"]), progress=reporter.progress)
    if outcome.error:
        reporter.log(f"{job.params.get('file', '')}: {outcome.error}; nothing was stored as passed.")
    else:
        reporter.log(f"{job.params.get('file', '')}: {outcome.status}, {outcome.findings} findings.")
    return {
        "run": outcome.run,
        "status": outcome.status,
        "passed": outcome.passed,
        "findings": outcome.findings,
        "error": outcome.error,
    }


@task()
def qc_task(job_id: str) -> dict[str, Any]:
    """Check the file of the QC run named in the Job; the result gives the run's status and finding count."""
    return run_job(job_id, _check)


def start_qc(user: Any, run: QcRun) -> Job:
    """Queue the check of ``run`` (the service has checked the permission and stored the file)."""
    return start_job(
        qc_task,
        kind=JOB_KIND,
        label=gettext("QC of %(file)s") % {"file": run.file_name[:150]},
        user=user,
        params={"run": run.pk, "production": run.deliverable.production_id, "file": run.file_name},
    )
