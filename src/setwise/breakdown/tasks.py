"""Background work of the script breakdown: importing a script file as a Job.

A file the engine cannot read is not a failed job: the job SUCCEEDS with ``{"errors": [{"message": ...}]}``
(the engine's one-line message) and nothing written. A job FAILS only when the import itself breaks.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.tasks import task
from django.utils.translation import gettext

from setwise.breakdown import services
from setwise.core.jobs import JobReporter, run_job, start_job
from setwise.core.models import Job
from setwise.productions.models import Production

JOB_KIND = "breakdown.import"


def _import(job: Job, reporter: JobReporter) -> dict[str, Any]:
    production = Production.objects.get(pk=job.params["production"])
    filename = str(job.params.get("filename") or "")
    result = services.import_script(
        job.created_by,
        production,
        bytes(job.payload),
        filename,
        colour=job.params.get("colour") or None,
        format=job.params.get("format") or None,
        episode=int(job.params.get("episode") or 1),
        progress=reporter.progress,
    )
    if result.errors:
        reporter.log(f"{filename}: {result.errors[0]['message']}; nothing was imported.")
    else:
        reporter.log(f"{filename}: draft {result.version}, {result.scenes} scenes, {result.suggestions} suggestions.")
    return {**result.as_dict(), "production": production.slug}


@task()
def import_script_task(job_id: str) -> dict[str, Any]:
    """Import the script stored in the Job; the result counts scenes, characters, suggestions and changes."""
    return run_job(job_id, _import)


def start_import(
    user: Any,
    production: Production,
    data: bytes,
    filename: str,
    colour: str = "",
    format: str = "",
    episode: int = 1,
) -> Job:
    """Queue the import of a script file into ``production`` by ``user`` (who needs to edit it)."""
    if not services.can_edit_breakdown(user, production):
        raise PermissionDenied("You may not edit this production's script breakdown")
    services.check_import_options(colour, format, episode)  # refuse bad options now, not in the job
    return start_job(
        import_script_task,
        kind=JOB_KIND,
        label=gettext("Import script %(filename)s") % {"filename": filename[:150]},
        user=user,
        payload=data,
        params={
            "production": production.pk,
            "episode": episode,
            "filename": filename[:200],
            "colour": colour,
            "format": format,
        },
    )
