from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from setwise.core.models import Job

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: UUID
    kind: str
    label: str
    status: str
    progress: int
    message: str
    result: dict[str, object]
    created_at: datetime
    finished_at: datetime | None


@router.get("/{job_id}", response=JobOut, summary="A background job's status and result (your own jobs)")
def get_job(request: HttpRequest, job_id: UUID) -> Job:
    return get_object_or_404(Job, pk=job_id, created_by=request.user)
