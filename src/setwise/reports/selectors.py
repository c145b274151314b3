"""Reads of daily reports, plan versus actual and production health. Callers pass a production they got through
``setwise.accounts.permissions.get_production_for_user`` (or the productions of ``productions_for_user``);
reports and their rows are looked up through it. Personal clock links are looked up here too (the link is the
permission).

Plan versus actual compares a board's committed baseline (``Board.baseline``, a ``BoardVersion``) with the
submitted and approved DPRs, shoot day by shoot day: the Nth day reported against the baseline's Nth day. Pages
are counted in eighths; a scene partly shot on one day and completed on another counts its eighths once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.crypto import constant_time_compare, salted_hmac

from setwise.breakdown.models import Scene, format_eighths
from setwise.budgets import selectors as budget_selectors
from setwise.productions.models import Production
from setwise.reports import services
from setwise.reports.models import (
    DailyReport,
    HoursViolation,
    PersonKind,
    ReportIncident,
    ReportScene,
    ReportStatus,
    ReportTime,
    SceneResult,
    parse_meals,
)
from setwise.scheduling.models import Board, BoardStatus, ShootDay, Strip, StripKind, Unit
from setwise.scheduling.services import shooting_dates

COUNTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
_CLOCK_SALT = "setwise.reports.clock"


# --- reports -------------------------------------------------------------------------------------------------------


def reports_for(production: Production) -> QuerySet[DailyReport]:
    return DailyReport.objects.filter(production=production).select_related("board")


def get_report(production: Production, pk: int) -> DailyReport:
    return get_object_or_404(
        DailyReport.objects.select_related("production", "board", "day", "submitted_by", "approved_by"),
        production=production,
        pk=pk,
    )


def active_boards(production: Production) -> list[Board]:
    """The production's active boards, the main unit first."""
    boards = Board.objects.filter(production=production, status=BoardStatus.ACTIVE).select_related(
        "baseline", "production"
    )
    return sorted(boards, key=lambda b: (b.unit != Unit.MAIN, b.unit, b.name))


def board_for(production: Production, board_id: int | None) -> Board | None:
    """The production's board ``board_id`` (404 if it has none such), or its main active board."""
    if board_id is not None:
        return get_object_or_404(
            Board.objects.select_related("baseline", "production"), production=production, pk=board_id
        )
    boards = active_boards(production)
    return boards[0] if boards else None


@dataclass
class DayRow:
    day: ShootDay
    report: DailyReport | None
    scenes: int
    eighths: int

    @property
    def eighths_display(self) -> str:
        return format_eighths(self.eighths)


@dataclass
class BoardDays:
    board: Board
    days: list[DayRow]
    to_reschedule: int


def day_list(production: Production) -> list[BoardDays]:
    """The shoot days of the production's active boards with their reports (a fixed number of queries)."""
    boards = active_boards(production)
    if not boards:
        return []
    days = list(ShootDay.objects.filter(board__in=boards).order_by("board_id", "number"))
    reports = {r.day_id: r for r in DailyReport.objects.filter(board__in=boards, day__isnull=False)}
    planned: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for day_id, eighths in Strip.objects.filter(
        board__in=boards, kind=StripKind.SCENE, day__isnull=False, scene__omitted=False
    ).values_list("day_id", "scene__eighths"):
        planned[day_id][0] += 1
        planned[day_id][1] += eighths or 0
    waiting = to_reschedule_counts([b.pk for b in boards])
    out = []
    for board in boards:
        rows = [
            DayRow(d, reports.get(d.pk), planned[d.pk][0], planned[d.pk][1]) for d in days if d.board_id == board.pk
        ]
        out.append(BoardDays(board, rows, waiting.get(board.pk, 0)))
    return out


def to_reschedule(board: Board) -> QuerySet[Strip]:
    """Scenes a submitted DPR sent to the boneyard (not shot, or only partly) that are still waiting there."""
    reported = ReportScene.objects.filter(
        report__board=board,
        report__status__in=COUNTED,
        result__in=[SceneResult.NOT_SHOT, SceneResult.PARTIAL],
    ).values("scene_id")
    return (
        Strip.objects.filter(board=board, kind=StripKind.SCENE, day__isnull=True, shot=False, scene_id__in=reported)
        .select_related("scene")
        .order_by("position", "pk")
    )


def to_reschedule_counts(board_ids: Sequence[int]) -> dict[int, int]:
    reported = ReportScene.objects.filter(
        report__board_id__in=list(board_ids),
        report__status__in=COUNTED,
        result__in=[SceneResult.NOT_SHOT, SceneResult.PARTIAL],
    ).values("scene_id")
    rows = (
        Strip.objects.filter(
            board_id__in=list(board_ids), kind=StripKind.SCENE, day__isnull=True, shot=False, scene_id__in=reported
        )
        .values("board_id")
        .annotate(n=Count("pk"))
        .values_list("board_id", "n")
    )
    return dict(rows)


@dataclass
class DepartmentTimes:
    department: str
    people: int
    call: dt.datetime | None
    wrap: dt.datetime | None


@dataclass
class ReportView:
    report: DailyReport
    cast: list[ReportTime]
    crew: list[ReportTime]
    departments: list[DepartmentTimes]
    scenes: list[ReportScene]
    incidents: list[ReportIncident]
    violations: list[HoursViolation]
    meals: list[tuple[dt.datetime, dt.datetime]]
    eighths_shot: int
    screen_seconds: int
    setups: int
    completed: int
    partial: int
    not_shot: int
    clocked: int
    history: list[Any] = field(default_factory=list)

    @property
    def eighths_display(self) -> str:
        return format_eighths(self.eighths_shot)

    @property
    def screen_time(self) -> str:
        return f"{self.screen_seconds // 60}:{self.screen_seconds % 60:02d}"


def _department_order(d: DepartmentTimes) -> tuple[bool, float, str]:
    return (d.call is None, d.call.timestamp() if d.call else 0.0, d.department)


def report_view(report: DailyReport, *, history: bool = True) -> ReportView:
    """Everything a DPR page shows, in a fixed number of queries."""
    times = list(report.times.select_related("user", "confirmed_by").order_by("kind", "position", "pk"))
    scenes = list(report.scenes.select_related("scene").order_by("position", "pk"))
    departments: dict[str, DepartmentTimes] = {}
    for t in times:
        if t.kind != PersonKind.CREW:
            continue
        name = t.department.split(",")[0].strip() or "—"
        d = departments.setdefault(name, DepartmentTimes(name, 0, None, None))
        d.people += 1
        call, wrap = t.actual_call, t.actual_wrap
        if call is not None and (d.call is None or call < d.call):
            d.call = call
        if wrap is not None and (d.wrap is None or wrap > d.wrap):
            d.wrap = wrap
    entries: list[Any] = []
    if history:
        entries = list(
            DailyReport.history.filter(id=report.pk).select_related("history_user").order_by("-history_date")[:20]
        )
    return ReportView(
        report=report,
        cast=[t for t in times if t.kind == PersonKind.CAST],
        crew=[t for t in times if t.kind == PersonKind.CREW],
        departments=sorted(departments.values(), key=_department_order),
        scenes=scenes,
        incidents=list(report.incidents.select_related("resolved_by").order_by("time", "pk")),
        violations=list(report.violations.order_by("date", "person_name", "rule")),
        meals=parse_meals(report.meals),
        eighths_shot=sum(s.credited_eighths for s in scenes),
        screen_seconds=sum(s.screen_seconds for s in scenes),
        setups=sum(s.setups for s in scenes),
        completed=sum(1 for s in scenes if s.result == SceneResult.COMPLETED),
        partial=sum(1 for s in scenes if s.result == SceneResult.PARTIAL),
        not_shot=sum(1 for s in scenes if s.result == SceneResult.NOT_SHOT),
        clocked=sum(1 for t in times if t.clock_in is not None),
        history=entries,
    )


def unshot_scenes(report: DailyReport) -> QuerySet[Scene]:
    """Scenes of the board not shot yet and not on the report: what may be added to it."""
    on_report = report.scenes.filter(scene__isnull=False).values("scene_id")
    strips = Strip.objects.filter(board_id=report.board_id, kind=StripKind.SCENE, shot=False).values("scene_id")
    return (
        Scene.objects.filter(pk__in=strips, omitted=False).exclude(pk__in=on_report).order_by("episode", "order", "pk")
    )


# --- personal clock links ----------------------------------------------------------------------------------------


def clock_token(person: ReportTime) -> str:
    """The person's secret clock link for the day: their row id and a keyed hash of it (not stored)."""
    mac = salted_hmac(_CLOCK_SALT, f"{person.pk}:{person.clock_nonce}", algorithm="sha256").hexdigest()[:24]
    return f"{person.pk}-{mac}"


def person_for_token(production: Production, token: str) -> ReportTime | None:
    pk, _sep, _mac = (token or "").partition("-")
    if not pk.isdigit() or len(token) > 64:
        return None
    person = (
        ReportTime.objects.select_related("report__production", "report__board")
        .filter(pk=int(pk), report__production=production)
        .first()
    )
    if person is None or not constant_time_compare(clock_token(person), token):
        return None
    return person


# --- plan versus actual --------------------------------------------------------------------------------------------


@dataclass
class PlanDay:
    """Shoot day ``index`` of the baseline against the ``index``th day reported."""

    index: int
    planned_date: dt.date | None = None
    planned_scenes: int = 0
    planned_eighths: int = 0
    report: DailyReport | None = None
    completed: int = 0
    partial: int = 0
    not_shot: int = 0
    eighths: int = 0
    screen_seconds: int = 0
    setups: int = 0
    planned_cumulative: int = 0
    actual_cumulative: int | None = None

    @property
    def planned_pages(self) -> str:
        return format_eighths(self.planned_eighths)

    @property
    def actual_pages(self) -> str:
        return format_eighths(self.eighths)

    @property
    def difference(self) -> int | None:
        return None if self.actual_cumulative is None else self.actual_cumulative - self.planned_cumulative

    @property
    def difference_pages(self) -> str:
        d = self.difference
        if d is None:
            return ""
        return ("+" if d >= 0 else "−") + format_eighths(abs(d))


@dataclass
class PlanVsActual:
    board: Board
    has_baseline: bool
    days: list[PlanDay]
    baseline_days: int
    days_shot: int
    planned_eighths_to_date: int
    eighths_to_date: int
    planned_scenes_to_date: int
    scenes_to_date: int
    total_eighths: int
    remaining_eighths: int
    days_variance: float | None  # shoot days ahead (+) or behind (−) the baseline
    burn_rate: float | None  # eighths per shoot day
    days_needed: int | None
    planned_wrap: dt.date | None
    forecast_wrap: dt.date | None

    @property
    def days_behind(self) -> float:
        return max(0.0, -(self.days_variance or 0.0))

    @property
    def pages_per_day(self) -> float | None:
        return None if self.burn_rate is None else round(self.burn_rate / 8, 2)

    @property
    def slip_days(self) -> int | None:
        if self.planned_wrap is None or self.forecast_wrap is None:
            return None
        return (self.forecast_wrap - self.planned_wrap).days

    @property
    def chart_scale(self) -> int:
        """The eighths a full bar of the day-by-day chart stands for."""
        tops = [self.total_eighths, *(d.planned_cumulative for d in self.days)]
        tops += [d.actual_cumulative for d in self.days if d.actual_cumulative is not None]
        return max(1, *tops)

    @property
    def remaining_pages(self) -> str:
        return format_eighths(self.remaining_eighths)

    @property
    def total_pages(self) -> str:
        return format_eighths(self.total_eighths)

    @property
    def eighths_to_date_pages(self) -> str:
        return format_eighths(self.eighths_to_date)

    @property
    def planned_to_date_pages(self) -> str:
        return format_eighths(self.planned_eighths_to_date)


def _equivalent_day(cumulative: list[int], value: int) -> float:
    """The fractional baseline day by which the baseline had shot ``value`` eighths (linear within a day)."""
    previous = 0
    for i, total in enumerate(cumulative, start=1):
        if value <= total:
            step = total - previous
            return i - 1 + ((value - previous) / step if step else 1.0)
        previous = total
    return float(len(cumulative))


def plan_vs_actual(board: Board) -> PlanVsActual:
    return plan_vs_actual_for([board])[board.pk]


def plan_vs_actual_for(boards: Sequence[Board]) -> dict[int, PlanVsActual]:
    """Plan versus actual of several boards at once, in four queries whatever their number (boards with their
    ``baseline`` and ``production`` selected)."""
    if not boards:
        return {}
    ids = [b.pk for b in boards]
    strips: dict[int, list[tuple[int, bool, int]]] = defaultdict(list)
    eighths_of: dict[int, int] = {}
    for board_id, scene_id, shot, eighths in Strip.objects.filter(
        board_id__in=ids, kind=StripKind.SCENE, scene__isnull=False, scene__omitted=False
    ).values_list("board_id", "scene_id", "shot", "scene__eighths"):
        strips[board_id].append((scene_id, shot, eighths or 0))
        eighths_of[scene_id] = eighths or 0
    baseline_scenes = {
        int(item["scene"])
        for b in boards
        if b.baseline is not None
        for day in b.baseline.data.get("days", [])
        for item in day.get("strips", [])
        if "scene" in item
    }
    missing = baseline_scenes - set(eighths_of)
    if missing:
        eighths_of.update(Scene.objects.filter(pk__in=missing).values_list("pk", "eighths"))
    reports: dict[int, list[DailyReport]] = defaultdict(list)
    for r in DailyReport.objects.filter(board_id__in=ids, status__in=COUNTED).order_by("date", "day_number", "pk"):
        reports[r.board_id].append(r)
    rows: dict[int, list[_Row]] = defaultdict(list)
    for report_id, row_scene, result, planned, eighths_shot, seconds, setups in ReportScene.objects.filter(
        report__board_id__in=ids, report__status__in=COUNTED
    ).values_list("report_id", "scene_id", "result", "eighths_planned", "eighths_shot", "screen_seconds", "setups"):
        rows[report_id].append(_Row(row_scene, result, planned, eighths_shot, seconds, setups))
    return {b.pk: _compute(b, strips[b.pk], eighths_of, reports[b.pk], rows) for b in boards}


@dataclass(frozen=True)
class _Row:
    scene_id: int | None
    result: str
    eighths_planned: int
    eighths_shot: int | None
    screen_seconds: int
    setups: int


def _compute(
    board: Board,
    strips: list[tuple[int, bool, int]],
    eighths_of: dict[int, int],
    reports: list[DailyReport],
    rows: dict[int, list[_Row]],
) -> PlanVsActual:
    baseline = board.baseline.data.get("days", []) if board.baseline is not None else []
    days: list[PlanDay] = []
    cumulative: list[int] = []
    running = 0
    for i, day in enumerate(baseline, start=1):
        scene_ids = [int(item["scene"]) for item in day.get("strips", []) if "scene" in item]
        eighths = sum(eighths_of.get(s, 0) for s in scene_ids)
        running += eighths
        cumulative.append(running)
        date = dt.date.fromisoformat(day["date"]) if day.get("date") else None
        days.append(PlanDay(i, date, len(scene_ids), eighths, planned_cumulative=running))
    credited: dict[int, int] = defaultdict(int)
    actual = 0
    scenes_done = 0
    for k, report in enumerate(reports, start=1):
        if k > len(days):
            days.append(PlanDay(k, planned_cumulative=running))
        d = days[k - 1]
        d.report = report
        for row in rows.get(report.pk, []):
            d.setups += row.setups
            d.screen_seconds += row.screen_seconds
            if row.scene_id is None:
                size, done = row.eighths_planned, 0
            else:
                size, done = eighths_of.get(row.scene_id, row.eighths_planned), credited[row.scene_id]
            left = max(0, size - done)
            if row.result == SceneResult.COMPLETED:
                gain = left
                d.completed += 1
            elif row.result == SceneResult.PARTIAL:
                gain = min(row.eighths_shot or 0, left)
                d.partial += 1
            else:
                gain = 0
                d.not_shot += 1
            if row.scene_id is not None:
                credited[row.scene_id] += gain
            d.eighths += gain
        actual += d.eighths
        scenes_done += d.completed
        d.actual_cumulative = actual
    shot_days = len(reports)
    total = sum(e for _s, _shot, e in strips)
    remaining = sum(max(0, e - credited.get(s, 0)) for s, shot, e in strips if not shot)
    variance: float | None = None
    if cumulative and shot_days:
        variance = round(_equivalent_day(cumulative, actual) - shot_days, 1)
    burn = actual / shot_days if shot_days and actual else None
    needed = math.ceil(remaining / burn) if burn else None
    planned_wrap = days[len(cumulative) - 1].planned_date if cumulative else None
    forecast = _forecast(board, reports[-1].date if reports else None, needed) if needed is not None else None
    if forecast is None and remaining == 0 and reports:
        forecast = reports[-1].date
    planned_to_date = cumulative[min(shot_days, len(cumulative)) - 1] if cumulative and shot_days else 0
    planned_scenes = sum(d.planned_scenes for d in days[:shot_days])
    return PlanVsActual(
        board=board,
        has_baseline=board.baseline is not None,
        days=days,
        baseline_days=len(cumulative),
        days_shot=shot_days,
        planned_eighths_to_date=planned_to_date,
        eighths_to_date=actual,
        planned_scenes_to_date=planned_scenes,
        scenes_to_date=scenes_done,
        total_eighths=total,
        remaining_eighths=remaining,
        days_variance=variance,
        burn_rate=round(burn, 2) if burn else None,
        days_needed=needed,
        planned_wrap=planned_wrap,
        forecast_wrap=forecast,
    )


def _forecast(board: Board, last: dt.date | None, needed: int) -> dt.date | None:
    """The ``needed``th shooting date of the board's calendar after ``last`` (working weekdays, holidays)."""
    if needed <= 0:
        return last
    count = 0
    for date in shooting_dates(board, board.production.country):
        if last is not None and date <= last:
            continue
        count += 1
        if count == needed:
            return date
    return None


# --- health ----------------------------------------------------------------------------------------------------------


@dataclass
class Turnaround:
    hours: float
    name: str
    date: dt.date


@dataclass
class Health:
    production: Production
    plan: PlanVsActual | None
    reports: int
    on_time_days: int
    timed_days: int
    person_days: int
    violations: int
    worst_turnaround: Turnaround | None
    open_incidents: int
    incidents: int
    budget_variance: Any = None
    rules: bool = True

    @property
    def days_behind(self) -> float | None:
        return None if self.plan is None or self.plan.days_variance is None else self.plan.days_behind

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time_days / self.timed_days, 1) if self.timed_days else None

    @property
    def violations_per_100(self) -> float | None:
        return round(100 * self.violations / self.person_days, 2) if self.person_days else None

    @property
    def budget_variance_amount(self) -> Any:
        """Estimate at completion minus the approved budget, in the production's currency (None: no budget)."""
        v = self.budget_variance
        return v.get("variance") if isinstance(v, dict) else v

    @property
    def budget_variance_percent(self) -> float | None:
        v = self.budget_variance
        percent = v.get("variance_percent") if isinstance(v, dict) else None
        return round(float(percent), 1) if percent is not None else None


def budget_variances(productions: Sequence[Production]) -> dict[int, Any]:
    """Each production's budget variance (``budgets.selectors.variances``: None without an approved budget)."""
    return budget_selectors.variances(productions) if productions else {}


def worst_turnaround(shifts: Iterable[services.ActualShift], zone: Any) -> Turnaround | None:
    """The shortest rest between the last wrap of a work day and the first call of a person's next work day."""
    days: dict[str, dict[dt.date, tuple[dt.datetime, dt.datetime, str]]] = defaultdict(dict)
    for s in shifts:
        date = s.call.astimezone(zone).date()
        seen = days[s.person_key].get(date)
        if seen is None:
            days[s.person_key][date] = (s.call, s.wrap, s.name)
        else:
            days[s.person_key][date] = (min(seen[0], s.call), max(seen[1], s.wrap), s.name)
    worst: Turnaround | None = None
    for person in days.values():
        ordered = sorted(person.items())
        for (_d1, (_c1, w1, _n)), (d2, (c2, _w2, name)) in pairwise(ordered):
            hours = round((c2 - w1).total_seconds() / 3600, 2)
            if worst is None or hours < worst.hours:
                worst = Turnaround(hours, name, d2)
    return worst


def health(production: Production, *, with_budget: bool = False) -> Health:
    return health_for([production], budgets={production.pk} if with_budget else set())[production.pk]


def health_for(
    productions: Sequence[Production], *, budgets: set[int] | frozenset[int] = frozenset()
) -> dict[int, Health]:
    """The health of several productions in a fixed number of queries, plus the budget variance of those in
    ``budgets`` (the productions whose budget the reader may see)."""
    ids = [p.pk for p in productions]
    boards = sorted(
        Board.objects.filter(production_id__in=ids, status=BoardStatus.ACTIVE).select_related("baseline", "production"),
        key=lambda b: (b.unit != Unit.MAIN, b.unit, b.name),
    )
    main: dict[int, Board] = {}
    for b in boards:
        main.setdefault(b.production_id, b)
    plans = plan_vs_actual_for(list(main.values()))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for production_id, wrap, scheduled in DailyReport.objects.filter(
        production_id__in=ids, status__in=COUNTED
    ).values_list("production_id", "wrap", "scheduled_wrap"):
        c = counts[production_id]
        c["reports"] += 1
        if wrap is not None and scheduled is not None:
            c["timed"] += 1
            c["on_time"] += 1 if wrap <= scheduled else 0
    for production_id, n in (
        HoursViolation.objects.filter(production_id__in=ids, report__status__in=COUNTED)
        .values("production_id")
        .annotate(n=Count("pk"))
        .values_list("production_id", "n")
    ):
        counts[production_id]["violations"] = n
    for production_id, n, open_ in (
        ReportIncident.objects.filter(report__production_id__in=ids)
        .values("report__production_id")
        .annotate(n=Count("pk"), still_open=Count("pk", filter=Q(resolved_at__isnull=True)))
        .values_list("report__production_id", "n", "still_open")
    ):
        counts[production_id]["incidents"] = n
        counts[production_id]["open"] = open_
    shifts = services.actual_shifts(ids)
    variances = budget_variances([p for p in productions if p.pk in budgets])
    out: dict[int, Health] = {}
    for p in productions:
        c = counts[p.pk]
        board = main.get(p.pk)
        out[p.pk] = Health(
            production=p,
            plan=plans.get(board.pk) if board is not None else None,
            reports=c["reports"],
            on_time_days=c["on_time"],
            timed_days=c["timed"],
            person_days=len(shifts.get(p.pk, [])),
            violations=c["violations"],
            worst_turnaround=worst_turnaround(shifts.get(p.pk, []), services.production_zone(p)),
            open_incidents=c["open"],
            incidents=c["incidents"],
            budget_variance=variances.get(p.pk),
            rules=services.ruleset_for(p) is not None,
        )
    return out


def open_incidents(production: Production, limit: int = 20) -> list[ReportIncident]:
    return list(
        ReportIncident.objects.filter(report__production=production, resolved_at__isnull=True)
        .select_related("report")
        .order_by("-report__date", "-pk")[:limit]
    )


def recent_violations(production: Production, limit: int = 50) -> list[HoursViolation]:
    return list(
        HoursViolation.objects.filter(production=production, report__status__in=COUNTED)
        .select_related("report")
        .order_by("-date", "person_name", "rule")[:limit]
    )


@dataclass(frozen=True)
class Attention:
    violations: int
    latest_violation: dt.date | None
    open_incidents: int
    to_reschedule: int


ATTENTION_DAYS = 14


def attention(production: Production) -> Attention:
    """What the production page flags from the reports: violations in the last ``ATTENTION_DAYS`` days of
    submitted reports (counted back from the latest), open incidents, scenes waiting to be rescheduled."""
    flagged = HoursViolation.objects.filter(production=production, report__status__in=COUNTED)
    latest = flagged.aggregate(m=Max("date"))["m"]
    recent = flagged.filter(date__gt=latest - dt.timedelta(days=ATTENTION_DAYS)).count() if latest else 0
    boards = [b.pk for b in active_boards(production)]
    return Attention(
        violations=recent,
        latest_violation=latest,
        open_incidents=ReportIncident.objects.filter(report__production=production, resolved_at__isnull=True).count(),
        to_reschedule=sum(to_reschedule_counts(boards).values()) if boards else 0,
    )
