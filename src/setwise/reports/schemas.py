from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema

Result = Literal["completed", "partial", "not_shot"]


class MealOut(Schema):
    start: datetime
    end: datetime


class MealIn(Schema):
    start: datetime
    end: datetime


class ReportOut(Schema):
    id: int
    board_id: int
    day_id: int | None
    unit: str
    day_number: int
    date: date
    status: str
    crew_call: datetime | None
    wrap: datetime | None
    submitted_at: datetime | None
    approved_at: datetime | None


class PersonOut(Schema):
    id: int
    kind: str
    user_id: int | None
    name: str
    department: str
    cast_numbers: str
    planned_call: datetime | None
    clock_in: datetime | None
    clock_out: datetime | None
    call: datetime | None
    wrap: datetime | None
    meals: list[MealOut] | None
    call_corrected: bool
    wrap_corrected: bool
    note: str


class SceneRowOut(Schema):
    id: int
    scene_id: int | None
    scene_number: str
    planned: bool
    eighths_planned: int
    result: str
    eighths_shot: int | None
    screen_seconds: int
    setups: int
    note: str


class IncidentOut(Schema):
    id: int
    kind: str
    time: datetime | None
    description: str
    people: str
    action: str
    lost_minutes: int
    open: bool
    resolution: str


class ViolationOut(Schema):
    person: str
    rule: str
    date: date
    value: float
    limit: float
    excess: float
    unit: str
    source: str
    layer: str
    origin: str
    severity: str


class ReportDetailOut(ReportOut):
    scheduled_call: datetime | None
    scheduled_wrap: datetime | None
    first_shot: datetime | None
    meals: list[MealOut]
    camera_wrap: datetime | None
    weather_delay_minutes: int
    weather: str
    notes: str
    eighths_shot: int
    screen_seconds: int
    setups: int
    people: list[PersonOut]
    scenes: list[SceneRowOut]
    incidents: list[IncidentOut]
    violations: list[ViolationOut]


class ReportCreateIn(Schema):
    day_id: int


class ReportUpdateIn(Schema):
    """Only the fields sent change. Times are ISO 8601 with an offset."""

    scheduled_call: datetime | None = None
    scheduled_wrap: datetime | None = None
    crew_call: datetime | None = None
    first_shot: datetime | None = None
    meals: list[MealIn] | None = None
    camera_wrap: datetime | None = None
    wrap: datetime | None = None
    weather_delay_minutes: int | None = None
    weather: str | None = None
    notes: str | None = None


class PersonTimesIn(Schema):
    """The confirmed (or corrected) call and wrap; ``meals`` null: the day's meal breaks, [] no meal."""

    call: datetime | None
    wrap: datetime | None
    meals: list[MealIn] | None = None
    note: str = ""


class PersonIn(Schema):
    kind: Literal["cast", "crew"]
    name: str
    department: str = ""


class SceneResultIn(Schema):
    result: Result
    eighths_shot: int | None = None
    screen_seconds: int = 0
    setups: int = 0
    note: str = ""


class SceneAddIn(Schema):
    scene_id: int


class IncidentIn(Schema):
    kind: Literal["accident", "injury", "near_miss", "incident", "equipment"]
    description: str
    time: datetime | None = None
    people: str = ""
    action: str = ""
    lost_minutes: int = 0


class ReturnIn(Schema):
    reason: str = ""


class PlanDayOut(Schema):
    index: int
    planned_date: date | None
    planned_scenes: int
    planned_eighths: int
    report_id: int | None
    date: date | None
    completed: int
    partial: int
    not_shot: int
    eighths: int
    planned_cumulative: int
    actual_cumulative: int | None


class PlanOut(Schema):
    board_id: int
    has_baseline: bool
    baseline_days: int
    days_shot: int
    planned_eighths_to_date: int
    eighths_to_date: int
    planned_scenes_to_date: int
    scenes_to_date: int
    total_eighths: int
    remaining_eighths: int
    days_variance: float | None
    burn_rate_eighths_per_day: float | None
    days_needed: int | None
    planned_wrap: date | None
    forecast_wrap: date | None
    days: list[PlanDayOut]


class HealthOut(Schema):
    production: str
    reports: int
    days_behind: float | None
    on_time_percent: float | None
    person_days: int
    violations: int
    violations_per_100_person_days: float | None
    worst_turnaround_hours: float | None
    open_incidents: int
    forecast_wrap: date | None
    budget_variance: str | None  # estimate at completion minus the approved budget, a decimal in the currency
    budget_variance_percent: float | None


class ReplanIn(Schema):
    board_id: int | None = None
    seconds: int = 30


class ReplanOut(Schema):
    proposal_id: int
    job_id: str
    status_url: str
    proposal_url: str
