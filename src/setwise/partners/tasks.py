"""Background work of the partner network: importing a spreadsheet of partners as a Job.

A file whose rows have problems is not a failed job: the job SUCCEEDS with ``{"created": 0, "errors": [...]}``
and nothing written (the job page lists the problems). A job FAILS only when the import itself breaks
(e.g. the database is unavailable, or its user no longer may import).
"""

from __future__ import annotations

from typing import Any

from django.tasks import task
from django.utils.translation import gettext

from setwise.accounts.permissions import require_global_perm
from setwise.accounts.roles import Perm
from setwise.core.jobs import JobReporter, run_job, start_job
from setwise.core.models import Job
from setwise.partners import services


def _import(job: Job, reporter: JobReporter) -> dict[str, Any]:
    filename = str(job.params.get("filename") or "")
    result = services.import_partners(
        job.created_by,
        bytes(job.payload),
        filename,
        encoding=job.params.get("encoding") or None,
        progress=reporter.progress,
    )
    if result.errors:
        reporter.log(f"{filename}: {len(result.errors)} problems found; nothing was imported.")
    else:
        reporter.log(f"{filename}: imported {result.created} partners.")
    return result.as_dict()


@task()
def import_partners_task(job_id: str) -> dict[str, Any]:
    """Import the file stored in the Job; the result is ``{"created": n, "errors": [{row, column, message}]}``."""
    return run_job(job_id, _import)


def start_import(user: Any, data: bytes, filename: str, encoding: str | None = None) -> Job:
    """Queue the import of a partner file by ``user`` (who needs the import permission); returns its Job."""
    require_global_perm(user, Perm.IMPORT_PARTNERS)
    params: dict[str, Any] = {"filename": filename[:200]}
    if encoding:
        params["encoding"] = encoding
    return start_job(
        import_partners_task,
        kind="partners.import",
        label=gettext("Import partners from %(filename)s") % {"filename": filename[:150]},
        user=user,
        payload=data,
        params=params,
    )
