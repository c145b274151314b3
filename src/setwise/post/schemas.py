from __future__ import annotations

import datetime as dt

from ninja import Schema


class DeliverableOut(Schema):
    id: int
    category: str
    key: str
    name: str
    episode: int | None
    language: str
    sdh: bool
    qc: str
    audio_target: str
    spec: dict[str, object]
    owner: str | None
    milestone: str
    due: dt.date | None
    status: str
    last_run: int | None


class FindingOut(Schema):
    event: int | None
    timecode: str | None
    smpte: str | None
    rule: str
    key: str
    value: float | int | str | None
    limit: float | int | str | None
    unit: str | None
    severity: str
    status: str
    source: str
    detail: str


class QcReportOut(Schema):
    id: int
    deliverable: int
    kind: str
    file_name: str
    size: int
    sha256: str
    status: str
    passed: bool
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    summary: dict[str, object]
    counts: dict[str, int]
    notes: list[str]
    findings: list[FindingOut]


class MilestoneOut(Schema):
    key: str
    date: dt.date
    phase_days: int
    at_risk: bool


class WarningOut(Schema):
    code: str
    severity: str
    message: str
    milestones: list[str]
    days: int


class TimelineOut(Schema):
    launch_date: dt.date | None
    latest_wrap: dt.date | None
    wrap: dt.date | None
    baseline_wrap: dt.date | None
    milestones: list[MilestoneOut]
    warnings: list[WarningOut]
