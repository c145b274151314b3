"""Writes of daily production reports: opening a shoot day's DPR (prefilled from its call sheet), the day's times,
people's clocked and confirmed times, scene results, incidents, the submit / return / approve workflow, the
working-hour check of the actuals, and birth dates.

Every write checks the permission (``Perm.EDIT_SCHEDULE`` to report, ``Perm.COMMIT_SCHEDULE`` to approve) and
runs in a transaction. Only a draft DPR changes; a submitted one waits for the line producer, who approves it
(then it is locked) or returns it to the 2nd AD. Submitting marks the completed scenes shot on the board and
sends the scenes not shot (or only partly) to the boneyard to be rescheduled (the board row locked and its
revision bumped, as the schedule's own writes do), then checks the hours of every submitted DPR of the
production with the rules engine and keeps ``HoursViolation`` in step.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from setwise.accounts.permissions import has_production_perm
from setwise.accounts.roles import Perm, ProductionRole
from setwise.breakdown.models import Character, Scene
from setwise.budgets import services as budget_services
from setwise.engines import rules
from setwise.productions.models import Membership, Production
from setwise.reports import labour
from setwise.reports.models import (
    DailyReport,
    HoursViolation,
    IncidentKind,
    Meals,
    MemberProfile,
    PersonKind,
    ReportIncident,
    ReportScene,
    ReportStatus,
    ReportTime,
    SceneResult,
    parse_meals,
)
from setwise.scheduling.models import Board, CastTerms, Proposal, ShootDay, Strip, StripKind

MAX_SHIFT = dt.timedelta(hours=24)
COUNTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
# How far from the report's date a personal clock link may be used (local dates).
CLOCK_WINDOW_DAYS = 1
# Membership roles called to set by default when a day has no call sheet (cast come from the day's scenes).
ON_SET_ROLES = (
    ProductionRole.FIRST_AD,
    ProductionRole.SECOND_AD,
    ProductionRole.CREW,
    ProductionRole.INTIMACY_COORDINATOR,
)


class ReportLocked(ValidationError):
    """The DPR is not a draft: submitted (waiting for approval) or approved (locked for good)."""


# --- permissions -------------------------------------------------------------------------------------------------


def can_report(user: Any, production: Production) -> bool:
    """Read and write DPRs (the assistant directors, producers and line producers)."""
    return has_production_perm(user, Perm.EDIT_SCHEDULE, production)


def can_approve(user: Any, production: Production) -> bool:
    """Approve or return a submitted DPR (producers and line producers)."""
    return has_production_perm(user, Perm.COMMIT_SCHEDULE, production)


def can_see_birth_dates(user: Any, production: Production) -> bool:
    """Birth dates are sensitive: producers and line producers only."""
    return has_production_perm(user, Perm.COMMIT_SCHEDULE, production)


def _require(user: Any, production: Production, perm: Perm = Perm.EDIT_SCHEDULE) -> None:
    if not has_production_perm(user, perm, production):
        if perm == Perm.COMMIT_SCHEDULE:
            raise PermissionDenied(_("Only producers and line producers may do this."))
        raise PermissionDenied(_("You may not write this production's daily reports."))


def _by(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def _editable(report: DailyReport) -> DailyReport:
    """The report's row, locked for the transaction; ``ReportLocked`` unless it is a draft."""
    locked = DailyReport.objects.select_for_update().select_related("production", "board").get(pk=report.pk)
    if locked.status == ReportStatus.APPROVED:
        raise ReportLocked(_("This report is approved and locked."))
    if locked.status == ReportStatus.SUBMITTED:
        raise ReportLocked(_("This report has been submitted. The line producer can return it for changes."))
    return locked


# --- times -------------------------------------------------------------------------------------------------------


def production_zone(production: Production) -> ZoneInfo:
    try:
        return ZoneInfo(production.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(
    production: Production, date: dt.date, time: dt.time | None, after: dt.datetime | None = None
) -> dt.datetime | None:
    """``time`` on ``date`` in the production's zone; when ``after`` is given and the result is not later, the
    next day (a wrap at 01:30 after a 17:00 call)."""
    if time is None:
        return None
    value = dt.datetime.combine(date, time.replace(tzinfo=None), tzinfo=production_zone(production))
    if after is not None and value <= after:
        value += dt.timedelta(days=1)
    return value


def _aware(value: dt.datetime | None, field: str) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        raise ValidationError({field: _("Times need a time zone.")})
    return value


def _check_span(call: dt.datetime | None, wrap: dt.datetime | None, field: str = "wrap") -> None:
    if call is None or wrap is None:
        return
    if wrap <= call:
        raise ValidationError({field: _("The wrap must come after the call.")})
    if wrap - call > MAX_SHIFT:
        raise ValidationError({field: _("More than 24 hours from call to wrap: check the dates.")})


def _store_meals(meals: Iterable[tuple[dt.datetime, dt.datetime]], field: str = "meals") -> list[list[str]]:
    out: list[list[str]] = []
    for start, end in sorted(meals):
        if timezone.is_naive(start) or timezone.is_naive(end):
            raise ValidationError({field: _("Times need a time zone.")})
        if end <= start:
            raise ValidationError({field: _("A meal break must end after it starts.")})
        if end - start > dt.timedelta(hours=4):
            raise ValidationError({field: _("A meal break of more than 4 hours: check the times.")})
        out.append([start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat()])
    return out


# --- opening a report ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedPerson:
    kind: str
    name: str
    department: str = ""
    cast_numbers: str = ""
    user_id: int | None = None
    planned_call: dt.datetime | None = None


@dataclass(frozen=True)
class DayPlan:
    people: list[PlannedPerson]
    scheduled_call: dt.datetime | None = None
    scheduled_wrap: dt.datetime | None = None


def _call_sheet_plan(board: Board, day: ShootDay) -> DayPlan | None:
    """The people and calls of the day's call sheet (the latest issued revision, else the latest draft), when
    call sheets are installed and the day has one."""
    if not apps.is_installed("setwise.callsheets"):
        return None
    try:
        from setwise.callsheets.models import CallSheet
    except ImportError:  # pragma: no cover - the app is listed but not importable
        return None
    try:
        with transaction.atomic():  # a savepoint: a missing table must not break the caller's transaction
            sheets = CallSheet.objects.filter(
                production_id=board.production_id, unit=board.unit, day_number=day.number, date=day.date
            )
            sheet = sheets.filter(status="issued").order_by("-revision").first() or sheets.order_by("-revision").first()
            if sheet is None:
                return None
            people = [
                PlannedPerson(
                    kind=PersonKind.CAST if p.kind == "cast" else PersonKind.CREW,
                    name=p.name,
                    department=p.role,
                    cast_numbers=p.cast_numbers,
                    user_id=p.user_id,
                    planned_call=p.call_time,
                )
                for p in sheet.people.order_by("position", "pk")
            ]
    except (DatabaseError, AttributeError):
        return None
    wrap = sheet.shooting_call + dt.timedelta(minutes=board.day_minutes + (sheet.meal_minutes or 0))
    return DayPlan(people=people, scheduled_call=sheet.crew_call, scheduled_wrap=wrap)


def _membership_plan(board: Board, day: ShootDay) -> DayPlan:
    """Without a call sheet: the performers of the day's scenes and the production's on-set crew."""
    scene_ids = list(
        Strip.objects.filter(day=day, kind=StripKind.SCENE, scene__isnull=False).values_list("scene_id", flat=True)
    )
    numbers = dict(
        CastTerms.objects.filter(character__production_id=board.production_id).values_list(
            "character_id", "cast_number"
        )
    )
    cast: dict[Any, dict[str, Any]] = {}
    for character in (
        Character.objects.filter(scene_characters__scene_id__in=scene_ids)
        .select_related("cast_member__user")
        .distinct()
        .order_by("name")
    ):
        member = character.cast_member
        key = ("user", member.user_id) if member is not None else ("character", character.pk)
        row = cast.setdefault(
            key,
            {
                "name": str(member.user) if member is not None else character.name,
                "user": member.user_id if member is not None else None,
                "characters": [],
                "numbers": [],
            },
        )
        row["characters"].append(character.name)
        if numbers.get(character.pk) is not None:
            row["numbers"].append(numbers[character.pk])
    people = [
        PlannedPerson(
            kind=PersonKind.CAST,
            name=row["name"][:200],
            department=", ".join(row["characters"])[:300],
            cast_numbers=", ".join(str(n) for n in sorted(row["numbers"]))[:100],
            user_id=row["user"],
        )
        for row in sorted(cast.values(), key=lambda r: (min(r["numbers"], default=10**6), r["name"].casefold()))
    ]
    cast_users = {p.user_id for p in people if p.user_id is not None}
    crew: dict[int, list[Membership]] = defaultdict(list)
    for m in (
        Membership.objects.filter(production_id=board.production_id, role__in=ON_SET_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ):
        if m.user_id not in cast_users:
            crew[m.user_id].append(m)
    crew_people = []
    for memberships in crew.values():
        departments = list(dict.fromkeys(m.department.strip() for m in memberships if m.department.strip()))
        crew_people.append(
            PlannedPerson(
                kind=PersonKind.CREW,
                name=str(memberships[0].user)[:200],
                department=(", ".join(departments) or memberships[0].get_role_display())[:300],
                user_id=memberships[0].user_id,
            )
        )
    crew_people.sort(key=lambda p: (p.department.casefold(), p.name.casefold()))
    return DayPlan(people=people + crew_people)


def start_report(user: Any, day: ShootDay) -> DailyReport:
    """The DPR of a shoot day, opened as a draft if it has none yet: the day's scenes as planned, and the people
    called with their planned calls (from the call sheet when there is one, else the day's performers and the
    production's on-set crew), each with a personal clock link."""
    board = day.board
    production = board.production
    _require(user, production)
    existing = DailyReport.objects.filter(day=day).first()
    if existing is not None:
        return existing
    plan = _call_sheet_plan(board, day) or _membership_plan(board, day)
    with transaction.atomic():
        Board.objects.select_for_update().filter(pk=board.pk).first()  # one report per day, even when racing
        existing = DailyReport.objects.filter(day=day).first()
        if existing is not None:
            return existing
        report = DailyReport.objects.create(
            production=production,
            board=board,
            day=day,
            unit=board.unit,
            day_number=day.number,
            date=day.date,
            scheduled_call=plan.scheduled_call,
            scheduled_wrap=plan.scheduled_wrap,
            created_by=_by(user),
        )
        strips = Strip.objects.filter(day=day, kind=StripKind.SCENE, scene__isnull=False).select_related("scene")
        scenes = [
            ReportScene(
                report=report,
                strip=strip,
                scene=strip.scene,
                scene_number=_scene_label(strip.scene),
                position=position,
                planned=True,
                eighths_planned=strip.scene.eighths,
            )
            for position, strip in enumerate(strips.order_by("position", "pk"))
            if strip.scene is not None
        ]
        bulk_create_with_history(scenes, ReportScene, default_user=_by(user))
        people = [
            ReportTime(
                report=report,
                kind=person.kind,
                user_id=person.user_id,
                name=person.name[:200],
                department=person.department[:300],
                cast_numbers=person.cast_numbers[:100],
                position=position,
                planned_call=person.planned_call,
                clock_nonce=secrets.token_hex(16),
            )
            for position, person in enumerate(plan.people)
        ]
        bulk_create_with_history(people, ReportTime, default_user=_by(user))
    return report


def _scene_label(scene: Scene) -> str:
    return f"{scene.episode}-{scene.number}" if scene.episode and scene.episode > 1 else scene.number


# --- the day's times, people and scenes ---------------------------------------------------------------------------

REPORT_FIELDS = (
    "scheduled_call",
    "scheduled_wrap",
    "crew_call",
    "first_shot",
    "meals",
    "camera_wrap",
    "wrap",
    "weather_delay_minutes",
    "weather",
    "notes",
)
_TIME_FIELDS = ("scheduled_call", "scheduled_wrap", "crew_call", "first_shot", "camera_wrap", "wrap")


def update_report(user: Any, report: DailyReport, **fields: Any) -> DailyReport:
    """Change the day's times (aware datetimes), meal breaks (``[(start, end), ...]``), weather and notes."""
    _require(user, report.production)
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _editable(report)
        for name, value in fields.items():
            if name in _TIME_FIELDS:
                setattr(locked, name, _aware(value, name))
            elif name == "meals":
                locked.meals = _store_meals(value or [])
            elif name == "weather_delay_minutes":
                minutes = int(value or 0)
                if not 0 <= minutes <= 24 * 60:
                    raise ValidationError({name: _("Between 0 and 1440 minutes.")})
                locked.weather_delay_minutes = minutes
            else:
                setattr(locked, name, str(value or "")[:300] if name == "weather" else str(value or ""))
        _check_span(locked.crew_call, locked.wrap)
        _check_span(locked.scheduled_call, locked.scheduled_wrap, "scheduled_wrap")
        _check_span(locked.crew_call, locked.camera_wrap, "camera_wrap")
        if locked.first_shot and locked.crew_call and locked.first_shot < locked.crew_call:
            raise ValidationError({"first_shot": _("The first shot comes before the crew call.")})
        locked.save()
    return locked


_UNSET: Any = object()
UNSET = _UNSET  # "leave the meal breaks as they are" for callers of ``Times``


def set_times(
    user: Any,
    person: ReportTime,
    *,
    call: dt.datetime | None,
    wrap: dt.datetime | None,
    meals: Sequence[tuple[dt.datetime, dt.datetime]] | None = _UNSET,
    note: str | None = None,
) -> ReportTime:
    """The 2nd AD confirms or corrects a person's call and wrap (the clocked times stay as they were).
    ``meals`` None: the day's meal breaks; an empty list: the person had no meal."""
    _require(user, person.report.production)
    with transaction.atomic():
        _editable(person.report)
        row = ReportTime.objects.select_for_update().get(pk=person.pk)
        row.call = _aware(call, "call")
        row.wrap = _aware(wrap, "wrap")
        _check_span(row.call, row.wrap)
        if meals is not _UNSET:
            row.meals = None if meals is None else _store_meals(meals)
        if note is not None:
            row.note = note[:300]
        row.confirmed_by = _by(user)
        row.save()
    return row


@dataclass(frozen=True)
class Times:
    """One person's confirmed call and wrap for ``set_times_many`` (``meals`` as in ``set_times``)."""

    person_id: int
    call: dt.datetime | None
    wrap: dt.datetime | None
    meals: Sequence[tuple[dt.datetime, dt.datetime]] | object | None = _UNSET


def set_times_many(user: Any, report: DailyReport, entries: Sequence[Times]) -> int:
    """``set_times`` for many people of one report at once (the 2nd AD going down the crew list), all or nothing;
    returns how many rows changed."""
    _require(user, report.production)
    with transaction.atomic():
        locked = _editable(report)
        rows = {r.pk: r for r in ReportTime.objects.select_for_update().filter(report=locked)}
        changed: list[ReportTime] = []
        for entry in entries:
            row = rows.get(entry.person_id)
            if row is None:
                raise ValidationError({"person": _("This person is not on the report.")})
            row.call = _aware(entry.call, "call")
            row.wrap = _aware(entry.wrap, "wrap")
            _check_span(row.call, row.wrap)
            if entry.meals is not _UNSET:
                meals = cast(Sequence[tuple[dt.datetime, dt.datetime]] | None, entry.meals)
                row.meals = None if meals is None else _store_meals(meals)
            row.confirmed_by = _by(user)
            changed.append(row)
        bulk_update_with_history(changed, ReportTime, ["call", "wrap", "meals", "confirmed_by"], default_user=_by(user))
    return len(changed)


def confirm_clocked(user: Any, report: DailyReport) -> int:
    """Take the clocked times as confirmed wherever the 2nd AD has not set a time; returns how many people."""
    _require(user, report.production)
    count = 0
    with transaction.atomic():
        _editable(report)
        for row in ReportTime.objects.select_for_update().filter(report=report):
            if _confirm_row(row, user):
                count += 1
    return count


def _confirm_row(row: ReportTime, user: Any) -> bool:
    changed = False
    if row.call is None and row.clock_in is not None:
        row.call, changed = row.clock_in, True
    if row.wrap is None and row.clock_out is not None and (row.call is None or row.clock_out > row.call):
        row.wrap, changed = row.clock_out, True
    if changed:
        row.confirmed_by = _by(user)
        row.save()
    return changed


def add_person(
    user: Any,
    report: DailyReport,
    *,
    kind: str,
    name: str,
    department: str = "",
    member: Any = None,
) -> ReportTime:
    """Someone on the day who was not on the call sheet (a day player, a driver)."""
    _require(user, report.production)
    if kind not in PersonKind.values:
        raise ValidationError({"kind": _("Cast or crew.")})
    name = (name or (str(member) if member is not None else "")).strip()[:200]
    if not name:
        raise ValidationError({"name": _("A person needs a name.")})
    if member is not None and not Membership.objects.filter(production=report.production, user=member).exists():
        raise ValidationError({"user": _("This person is not on the production.")})
    with transaction.atomic():
        locked = _editable(report)
        if member is not None and locked.times.filter(user=member).exists():
            raise ValidationError({"user": _("This person is already on the report.")})
        position = (locked.times.aggregate(m=Max("position"))["m"] or 0) + 1
        return ReportTime.objects.create(
            report=locked,
            kind=kind,
            user=member,
            name=name,
            department=department.strip()[:300],
            position=position,
            clock_nonce=secrets.token_hex(16),
        )


def add_people(user: Any, report: DailyReport, people: Sequence[tuple[str, str, str]]) -> list[ReportTime]:
    """Several people without an account at once, as (kind, name, department): the day players of the day
    before, a pasted crew list. Names already on the report are skipped; all or nothing."""
    _require(user, report.production)
    with transaction.atomic():
        locked = _editable(report)
        taken = {" ".join(n.casefold().split()) for n in locked.times.values_list("name", flat=True)}
        position = locked.times.aggregate(m=Max("position"))["m"] or 0
        rows: list[ReportTime] = []
        for kind, name, department in people:
            name = name.strip()[:200]
            if kind not in PersonKind.values or not name:
                raise ValidationError(_("Each person needs a name, as cast or crew."))
            key = " ".join(name.casefold().split())
            if key in taken:
                continue
            taken.add(key)
            position += 1
            rows.append(
                ReportTime(
                    report=locked,
                    kind=kind,
                    name=name,
                    department=department.strip()[:300],
                    position=position,
                    clock_nonce=secrets.token_hex(16),
                )
            )
        created: list[ReportTime] = bulk_create_with_history(rows, ReportTime, default_user=_by(user))
        return created


def previous_day_players(report: DailyReport) -> list[tuple[str, str, str]]:
    """The crew without an account on the board's latest report before this one (the day players and drivers
    likely back today), as ``add_people`` takes them."""
    before = DailyReport.objects.filter(board_id=report.board_id, date__lt=report.date).order_by("-date", "-pk").first()
    if before is None:
        return []
    return [
        (kind, name, department)
        for kind, name, department in before.times.filter(user__isnull=True, kind=PersonKind.CREW)
        .order_by("kind", "position", "pk")
        .values_list("kind", "name", "department")
    ]


def remove_person(user: Any, person: ReportTime) -> None:
    _require(user, person.report.production)
    with transaction.atomic():
        _editable(person.report)
        person.delete()


def new_clock_link(user: Any, person: ReportTime) -> ReportTime:
    """A new personal clock link for the person; the old one stops working."""
    _require(user, person.report.production)
    with transaction.atomic():
        _editable(person.report)
        person.clock_nonce = secrets.token_hex(16)
        person.save(update_fields=["clock_nonce"])
    return person


def clock(person: ReportTime, action: str, now: dt.datetime | None = None) -> ReportTime:
    """Clock in or out from the personal link (the link is the permission): once each, on the report's day
    (a day either side allowed for night work), while the report is a draft."""
    if action not in ("in", "out"):
        raise ValidationError({"action": _("Clock in or out.")})
    now = now or timezone.now()
    with transaction.atomic():
        report = DailyReport.objects.select_for_update().select_related("production").get(pk=person.report_id)
        if report.status != ReportStatus.DRAFT:
            raise ReportLocked(_("The report for this day has been submitted; ask the 2nd AD to correct your times."))
        today = now.astimezone(production_zone(report.production)).date()
        if abs((today - report.date).days) > CLOCK_WINDOW_DAYS:
            raise ValidationError({"action": _("This link is for %(date)s.") % {"date": report.date.isoformat()}})
        row = ReportTime.objects.select_for_update().get(pk=person.pk)
        if action == "in":
            if row.clock_in is not None:
                raise ValidationError({"action": _("You have already clocked in.")})
            row.clock_in = now
        else:
            if row.clock_in is None:
                raise ValidationError({"action": _("Clock in first.")})
            if row.clock_out is not None:
                raise ValidationError({"action": _("You have already clocked out.")})
            if now <= row.clock_in or now - row.clock_in > MAX_SHIFT:
                raise ValidationError({"action": _("This clock-out does not fit your clock-in; tell the 2nd AD.")})
            row.clock_out = now
        row.save(update_fields=["clock_in", "clock_out"])
    return row


def set_scene_result(
    user: Any,
    row: ReportScene,
    *,
    result: str,
    eighths_shot: int | None = None,
    screen_seconds: int = 0,
    setups: int = 0,
    note: str = "",
) -> ReportScene:
    """Completed, partly shot or not shot, with what was shot: eighths (for a partly shot scene), screen time
    and setups."""
    _require(user, row.report.production)
    entry = SceneEntry(row.pk, result, eighths_shot, screen_seconds, setups, note)
    with transaction.atomic():
        _editable(row.report)
        locked = ReportScene.objects.select_for_update().get(pk=row.pk)
        _set_result(locked, entry)
        locked.save()
    return locked


@dataclass(frozen=True)
class SceneEntry:
    """A scene's result for ``set_scene_results`` (as the arguments of ``set_scene_result``)."""

    row_id: int
    result: str
    eighths_shot: int | None = None
    screen_seconds: int = 0
    setups: int = 0
    note: str = ""


def _set_result(row: ReportScene, entry: SceneEntry) -> None:
    result, eighths_shot = entry.result, entry.eighths_shot
    if result not in SceneResult.values and result != "":
        raise ValidationError({"result": _("Completed, partly shot or not shot.")})
    if eighths_shot is not None and not 0 <= int(eighths_shot) <= 8 * 200:
        raise ValidationError({"eighths_shot": _("Eighths between 0 and 1600.")})
    if not 0 <= int(entry.screen_seconds) <= 24 * 3600 or not 0 <= int(entry.setups) <= 1000:
        raise ValidationError({"setups": _("Screen time and setups must be positive.")})
    if result == SceneResult.PARTIAL and eighths_shot is not None and eighths_shot >= row.eighths_planned > 0:
        raise ValidationError({"eighths_shot": _("A partly shot scene has fewer eighths shot than it has.")})
    row.result = result
    row.eighths_shot = int(eighths_shot) if eighths_shot is not None else None
    row.screen_seconds = int(entry.screen_seconds)
    row.setups = int(entry.setups)
    row.note = entry.note[:300]


def set_scene_results(user: Any, report: DailyReport, entries: Sequence[SceneEntry]) -> int:
    """``set_scene_result`` for several scenes of one report at once (the day's results in one go), all or
    nothing; returns how many."""
    _require(user, report.production)
    with transaction.atomic():
        locked = _editable(report)
        rows = {r.pk: r for r in ReportScene.objects.select_for_update().filter(report=locked)}
        changed: list[ReportScene] = []
        for entry in entries:
            row = rows.get(entry.row_id)
            if row is None:
                raise ValidationError({"scene": _("This scene is not on the report.")})
            _set_result(row, entry)
            changed.append(row)
        bulk_update_with_history(
            changed,
            ReportScene,
            ["result", "eighths_shot", "screen_seconds", "setups", "note"],
            default_user=_by(user),
        )
    return len(changed)


def add_scene(user: Any, report: DailyReport, scene: Scene) -> ReportScene:
    """A scene of the board shot on this day though planned for another day (or waiting in the boneyard)."""
    _require(user, report.production)
    with transaction.atomic():
        locked = _editable(report)
        strip = Strip.objects.filter(board_id=locked.board_id, scene=scene, kind=StripKind.SCENE).first()
        if strip is None or scene.production_id != locked.production_id:
            raise ValidationError({"scene": _("This scene is not on the board.")})
        if strip.shot:
            raise ValidationError({"scene": _("This scene has already been shot.")})
        if locked.scenes.filter(scene=scene).exists():
            raise ValidationError({"scene": _("This scene is already on the report.")})
        position = (locked.scenes.aggregate(m=Max("position"))["m"] or 0) + 1
        return ReportScene.objects.create(
            report=locked,
            strip=strip,
            scene=scene,
            scene_number=_scene_label(scene),
            position=position,
            planned=strip.day_id is not None and strip.day_id == locked.day_id,
            eighths_planned=scene.eighths,
        )


def remove_scene(user: Any, row: ReportScene) -> None:
    """Take a scene pulled in from another day off the report again (the day's own scenes stay: mark them not
    shot instead)."""
    _require(user, row.report.production)
    with transaction.atomic():
        _editable(row.report)
        if row.planned:
            raise ValidationError({"scene": _("A scene planned for the day stays on its report; mark it not shot.")})
        row.delete()


def add_incident(
    user: Any,
    report: DailyReport,
    *,
    kind: str,
    description: str,
    time: dt.datetime | None = None,
    people: str = "",
    action: str = "",
    lost_minutes: int = 0,
) -> ReportIncident:
    _require(user, report.production)
    if kind not in IncidentKind.values:
        raise ValidationError({"kind": _("Unknown kind of incident.")})
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Say what happened.")})
    if not 0 <= int(lost_minutes) <= 24 * 60:
        raise ValidationError({"lost_minutes": _("Between 0 and 1440 minutes.")})
    with transaction.atomic():
        locked = _editable(report)
        return ReportIncident.objects.create(
            report=locked,
            kind=kind,
            description=description,
            time=_aware(time, "time"),
            people=people.strip()[:300],
            action=action.strip(),
            lost_minutes=int(lost_minutes),
            created_by=_by(user),
        )


def resolve_incident(user: Any, incident: ReportIncident, resolution: str) -> ReportIncident:
    """Close an incident with how it was resolved (also on an approved report: follow-ups come later)."""
    _require(user, incident.report.production)
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError({"resolution": _("Say how it was resolved.")})
    with transaction.atomic():
        locked = ReportIncident.objects.select_for_update().get(pk=incident.pk)
        if locked.resolved_at is not None:
            raise ValidationError({"resolution": _("This incident is already closed.")})
        locked.resolution = resolution
        locked.resolved_at = timezone.now()
        locked.resolved_by = _by(user)
        locked.save()
    return locked


# --- workflow ----------------------------------------------------------------------------------------------------


def _problems(report: DailyReport, people: list[ReportTime], scenes: list[ReportScene]) -> list[str]:
    problems: list[str] = []
    if report.crew_call is None or report.wrap is None:
        problems.append(_("Enter the crew call and the wrap of the day."))
    missing = [s.scene_number for s in scenes if not s.result]
    if missing:
        problems.append(_("Record a result for scene %(scenes)s.") % {"scenes": ", ".join(missing)})
    for p in people:
        call, wrap = p.actual_call, p.actual_wrap
        if (call is None) != (wrap is None):
            problems.append(_("%(name)s has a call without a wrap, or a wrap without a call.") % {"name": p.name})
        elif call is not None and wrap is not None and (wrap <= call or wrap - call > MAX_SHIFT):
            problems.append(_("%(name)s: the wrap does not fit the call.") % {"name": p.name})
    return problems


def submit_report(user: Any, report: DailyReport) -> DailyReport:
    """The 2nd AD submits the day: the clocked times are taken as confirmed where no time was set, completed
    scenes are marked shot on the board, scenes not shot (or only partly) go to the boneyard to be rescheduled,
    and the hours of every submitted report are checked at once (``HoursViolation``)."""
    _require(user, report.production)
    with transaction.atomic():
        locked = _editable(report)
        people = list(ReportTime.objects.select_for_update().filter(report=locked))
        scenes = list(locked.scenes.all())
        problems = _problems(locked, people, scenes)
        if problems:
            raise ValidationError(problems)
        for row in people:
            _confirm_row(row, user)
        _apply_to_board(locked, scenes)
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_by = _by(user)
        locked.submitted_at = timezone.now()
        locked.save()
        recheck_hours(locked.production)
    return locked


def return_report(user: Any, report: DailyReport, reason: str = "") -> DailyReport:
    """The line producer sends a submitted report back to the 2nd AD for changes (its scenes stay as the
    submission left them on the board until it is submitted again)."""
    _require(user, report.production, Perm.COMMIT_SCHEDULE)
    with transaction.atomic():
        locked = DailyReport.objects.select_for_update().select_related("production").get(pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise ReportLocked(_("Only a submitted report can be returned."))
        locked.status = ReportStatus.DRAFT
        if reason.strip():
            locked.notes = (locked.notes + "\n" if locked.notes else "") + _("Returned: %(reason)s") % {
                "reason": reason.strip()
            }
        locked.save()
        recheck_hours(locked.production)
    return locked


def approve_report(user: Any, report: DailyReport) -> DailyReport:
    """The line producer approves a submitted report; from then on it is locked, and its labour (each person's
    day at their rate, ``labour.labour_costs``) is posted to the budget's actuals."""
    _require(user, report.production, Perm.COMMIT_SCHEDULE)
    with transaction.atomic():
        locked = DailyReport.objects.select_for_update().select_related("production").get(pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise ReportLocked(
                _("This report is already approved.")
                if locked.status == ReportStatus.APPROVED
                else _("Submit the report before approving it.")
            )
        locked.status = ReportStatus.APPROVED
        locked.approved_by = _by(user)
        locked.approved_at = timezone.now()
        locked.save()
        post_labour(locked)
    return locked


def post_labour(report: DailyReport) -> labour.Labour:
    """Post the approved report's labour costs to the budget's actuals: one row per account (the day's cast, the
    camera crew...), replaced when posted again; accounts the production's chart does not have are left out."""
    costs = labour.labour_costs(report)
    codes = {a.code for a in budget_services.ensure_accounts(report.production)}
    lines = [
        (account.code, account.description, account.amount, account.reference)
        for account in costs.by_account()
        if account.code in codes
    ]
    if lines:
        budget_services.post_labour_actuals(report.production, report.date, lines)
    return costs


def _bump(board: Board) -> None:
    """As the schedule's own writes do: every change of a board moves its revision on."""
    board.revision += 1
    Board.objects.filter(pk=board.pk).update(revision=board.revision, updated_at=timezone.now())


def _apply_to_board(report: DailyReport, scenes: list[ReportScene]) -> None:
    """Completed scenes: shot, on the report's day. Partly shot or not shot: off the report's day into the
    boneyard, to be rescheduled (a scene pulled in from another day and not shot stays where it is). A second
    submission after a return puts right what the first one did."""
    if not scenes:
        return
    board = Board.objects.select_for_update().get(pk=report.board_id)
    strips = {
        s.scene_id: s
        for s in Strip.objects.filter(
            board=board, kind=StripKind.SCENE, scene_id__in=[r.scene_id for r in scenes if r.scene_id]
        )
    }
    day_end = (Strip.objects.filter(board=board, day_id=report.day_id).aggregate(m=Max("position"))["m"] or 0) + 1
    boneyard_end = (Strip.objects.filter(board=board, day__isnull=True).aggregate(m=Max("position"))["m"] or 0) + 1
    changed: list[Strip] = []
    for row in scenes:
        strip = strips.get(row.scene_id) if row.scene_id else None
        if strip is None:
            continue
        if row.result == SceneResult.COMPLETED:
            if strip.shot and strip.day_id == report.day_id:
                continue
            strip.shot = True
            if report.day_id is not None and strip.day_id != report.day_id:
                strip.day_id, strip.position = report.day_id, day_end
                day_end += 1
            changed.append(strip)
        elif strip.day_id == report.day_id and report.day_id is not None:
            strip.shot = False
            strip.day_id, strip.position = None, boneyard_end
            boneyard_end += 1
            changed.append(strip)
    if not changed:
        return
    Strip.objects.bulk_update(changed, ["shot", "day", "position"])
    for day_id in {report.day_id, None}:
        rows = list(Strip.objects.filter(board=board, day_id=day_id).order_by("position", "pk"))
        for i, s in enumerate(rows):
            s.position = i
        Strip.objects.bulk_update(rows, ["position"])
    _bump(board)


def replan(user: Any, board: Board, *, seconds: int = 30, keep_dates: bool = True) -> Proposal:
    """One-click re-plan from plan versus actual: the scheduling optimiser re-plans what is left after the last
    reported day (the shot days frozen, nothing new before the next day), keeping the committed dates of the
    scenes still to shoot where possible (``keep_dates``). The result is a proposal to accept or discard."""
    _require(user, board.production)
    board.refresh_from_db(fields=["revision"])  # the proposal is judged against the board as it now is
    last = DailyReport.objects.filter(board=board, status__in=COUNTED).aggregate(m=Max("date"))["m"]
    from setwise.scheduling import tasks  # loads the optimiser (OR-Tools) only when it is needed

    return tasks.start_optimise(user, board, seconds=seconds, shot_through=last, keep_dates=keep_dates)


# --- working hours ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActualShift:
    """One person's worked day from a submitted DPR, as the rules engine and the health figures see it."""

    report_id: int
    person_key: str
    name: str
    kind: str
    department: str
    user_id: int | None
    call: dt.datetime
    wrap: dt.datetime
    meals: tuple[tuple[dt.datetime, dt.datetime], ...]


def _clip(meals: Meals, call: dt.datetime, wrap: dt.datetime) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    out = []
    for start, end in meals:
        a, b = max(start, call), min(end, wrap)
        if b > a:
            out.append((a, b))
    return tuple(out)


def actual_shifts(production_ids: Sequence[int]) -> dict[int, list[ActualShift]]:
    """Every worked day of the submitted and approved DPRs of the productions (one query), by production, with
    each person's meal breaks (their own, else the day's, within their call and wrap)."""
    out: dict[int, list[ActualShift]] = defaultdict(list)
    day_meals: dict[int, Meals] = {}
    rows = (
        ReportTime.objects.filter(
            report__production_id__in=list(production_ids),
            report__status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        )
        .select_related("report")
        .order_by("report__date", "pk")
    )
    for row in rows:
        call, wrap = row.actual_call, row.actual_wrap
        if call is None or wrap is None or wrap <= call or wrap - call > MAX_SHIFT:
            continue
        report = row.report
        if report.pk not in day_meals:
            day_meals[report.pk] = parse_meals(report.meals)
        meals = parse_meals(row.meals) if row.meals is not None else day_meals[report.pk]
        out[report.production_id].append(
            ActualShift(
                report_id=report.pk,
                person_key=row.person_key,
                name=row.name,
                kind=row.kind,
                department=row.department,
                user_id=row.user_id,
                call=call,
                wrap=wrap,
                meals=_clip(meals, call, wrap),
            )
        )
    return out


def _rule_plan(production: Production, shifts: list[ActualShift]) -> tuple[rules.Plan, dict[str, ActualShift]]:
    """The rules engine's plan of the actuals: one person per key (cast as ``cast`` for the performer rules),
    their birth dates, and their shifts (a shift overlapping an earlier one of the same person is left out)."""
    births = dict(
        MemberProfile.objects.filter(production=production, birth_date__isnull=False).values_list(
            "user_id", "birth_date"
        )
    )
    people: dict[str, rules.Person] = {}
    first: dict[str, ActualShift] = {}
    by_person: dict[str, list[ActualShift]] = defaultdict(list)
    for s in shifts:
        by_person[s.person_key].append(s)
        if s.person_key not in people:
            role = "cast" if s.kind == PersonKind.CAST else (s.department.split(",")[0].strip() or "crew")
            people[s.person_key] = rules.Person(
                id=s.person_key, role=role, birth_date=births.get(s.user_id) if s.user_id else None
            )
            first[s.person_key] = s
    kept: list[rules.Shift] = []
    for key, items in by_person.items():
        last_wrap: dt.datetime | None = None
        for s in sorted(items, key=lambda x: x.call):
            if last_wrap is not None and s.call < last_wrap:
                continue
            kept.append(rules.Shift(person=key, call=s.call, wrap=s.wrap, meals=s.meals))
            last_wrap = s.wrap
    plan = rules.Plan(timezone=production_zone(production).key, people=tuple(people.values()), shifts=tuple(kept))
    return plan, first


def ruleset_for(production: Production) -> rules.RuleSet | None:
    """The production's country's law with the studio policy on top; None for a country without rules."""
    country = (production.country or "").upper()
    if country not in rules.COUNTRIES:
        return None
    return rules.load_ruleset(country)


def check_hours(production: Production, shifts: list[ActualShift]) -> list[rules.Violation]:
    ruleset = ruleset_for(production)
    if ruleset is None or not shifts:
        return []
    plan, _first = _rule_plan(production, shifts)
    return rules.check(plan, ruleset)


def recheck_hours(production: Production) -> list[HoursViolation]:
    """Check every submitted and approved DPR of the production and bring ``HoursViolation`` in step: new
    violations added, changed ones updated, vanished ones removed (when each was first flagged is kept)."""
    shifts = actual_shifts([production.pk]).get(production.pk, [])
    found = check_hours(production, shifts)
    zone = production_zone(production)
    names: dict[str, str] = {}
    report_on: dict[tuple[str, dt.date], int] = {}
    reports_of: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for s in shifts:
        names.setdefault(s.person_key, s.name)
        day = s.call.astimezone(zone).date()
        report_on.setdefault((s.person_key, day), s.report_id)
        reports_of[s.person_key].append((day, s.report_id))

    def report_for(v: rules.Violation) -> int | None:
        hit = report_on.get((v.person, v.date))
        if hit is not None:
            return hit
        before = [r for d, r in sorted(reports_of[v.person]) if d <= v.date]
        if before:
            return before[-1]
        return reports_of[v.person][0][1] if reports_of[v.person] else None

    existing = {(h.person_key, h.rule, h.date): h for h in HoursViolation.objects.filter(production=production)}
    seen: set[tuple[str, str, dt.date]] = set()
    create: list[HoursViolation] = []
    update: list[HoursViolation] = []
    for v in found:
        key = (v.person, v.rule, v.date)
        report_id = report_for(v)
        if report_id is None or key in seen:
            continue
        seen.add(key)
        values: dict[str, Any] = {
            "report_id": report_id,
            "person_name": names.get(v.person, v.person)[:200],
            "value": round(v.value, 4),
            "limit": round(v.limit, 4),
            "excess": round(v.excess, 4),
            "unit": v.unit[:12],
            "source": v.source[:300],
            "layer": v.layer,
            "origin": v.origin[:20],
            "severity": v.severity,
        }
        row = existing.get(key)
        if row is None:
            create.append(
                HoursViolation(production=production, person_key=v.person, rule=v.rule, date=v.date, **values)
            )
        elif any(getattr(row, k) != val for k, val in values.items()):
            for k, val in values.items():
                setattr(row, k, val)
            update.append(row)
    stale = [h.pk for key, h in existing.items() if key not in seen]
    if stale:
        HoursViolation.objects.filter(pk__in=stale).delete()
    if update:
        HoursViolation.objects.bulk_update(update, list(_VIOLATION_FIELDS))
    if create:
        HoursViolation.objects.bulk_create(create)
    return list(HoursViolation.objects.filter(production=production))


_VIOLATION_FIELDS = (
    "report",
    "person_name",
    "value",
    "limit",
    "excess",
    "unit",
    "source",
    "layer",
    "origin",
    "severity",
)


# --- birth dates ---------------------------------------------------------------------------------------------------


def set_birth_date(user: Any, production: Production, member: Any, birth_date: dt.date | None) -> MemberProfile:
    """A person's birth date on the production (producers and line producers); minors' limits follow from it
    in the hours checks."""
    _require(user, production, Perm.COMMIT_SCHEDULE)
    if not Membership.objects.filter(production=production, user=member).exists():
        raise ValidationError({"user": _("This person is not on the production.")})
    today = timezone.now().date()
    if birth_date is not None and not dt.date(1900, 1, 1) <= birth_date <= today:
        raise ValidationError({"birth_date": _("Enter a birth date in the past.")})
    with transaction.atomic():
        profile, created = MemberProfile.objects.select_for_update().get_or_create(
            production=production, user=member, defaults={"birth_date": birth_date}
        )
        if not created and profile.birth_date != birth_date:
            profile.birth_date = birth_date
            profile.save()
        recheck = ReportTime.objects.filter(
            report__production=production,
            report__status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
            user=member,
        ).exists()
        if recheck:
            recheck_hours(production)
    return profile
