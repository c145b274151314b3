"""Fixtures of the daily report tests: a Korean series with six one-page scenes on an active board of three days
(two scenes a day, committed as the baseline), its 2nd AD, line producer, a grip and a performer, and helpers
that fill a day's report with times in Seoul."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from setwise.accounts.roles import ProductionRole
from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Character, Scene
from setwise.productions.models import Membership, Production
from setwise.reports import services
from setwise.reports.models import DailyReport, SceneResult
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, BoardStatus

SEOUL = ZoneInfo("Asia/Seoul")
MONDAY = dt.date(2026, 3, 9)  # days 1-3: Monday 9 to Wednesday 11 March 2026 (no Korean holiday)

SCRIPT = """INT. HARBOUR OFFICE - DAY

MINHO waits by the window.

MINHO
Where is she?

EXT. PIER - NIGHT

SEOYEON runs along the pier.

SEOYEON
Wait for me!

INT. FERRY CABIN - DAY

MINHO sits alone.

EXT. ROOFTOP - DAWN

SEOYEON looks at the sea.

INT. MARKET - DAY

MINHO buys fish.

EXT. LIGHTHOUSE - NIGHT

SEOYEON and MINHO meet.
"""


def at(date: dt.date, hour: int, minute: int = 0, days: int = 0) -> dt.datetime:
    """A Seoul wall-clock time on ``date`` (plus ``days``)."""
    return dt.datetime.combine(date + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=SEOUL)


def join(make_user: Any, production: Production, username: str, role: str, department: str = "", **extra: Any) -> Any:
    user = make_user(username, **extra)
    Membership.objects.create(production=production, user=user, role=role, department=department)
    return user


@pytest.fixture
def team(make_user: Any, production: Production) -> dict[str, Any]:
    return {
        "first_ad": join(make_user, production, "first-ad", ProductionRole.FIRST_AD, "Assistant directors"),
        "second_ad": join(make_user, production, "second-ad", ProductionRole.SECOND_AD, "Assistant directors"),
        "line_producer": join(make_user, production, "line-producer", ProductionRole.LINE_PRODUCER),
        "producer": join(make_user, production, "the-producer", ProductionRole.PRODUCER),
        "grip": join(make_user, production, "grip", ProductionRole.CREW, "Grip", display_name="Park Grip"),
        "actor": join(make_user, production, "actor", ProductionRole.CAST, display_name="Kim Actor"),
    }


@pytest.fixture
def board(team: dict[str, Any], production: Production) -> Board:
    """The active board: day 1 scenes 1-2, day 2 scenes 3-4, day 3 scenes 5-6, each scene one page (8/8)."""
    first_ad = team["first_ad"]
    result = breakdown.import_script(first_ad, production, SCRIPT.encode(), "ep1.fountain")
    assert not result.errors
    Scene.objects.filter(production=production).update(eighths=8)
    minho = Character.objects.get(production=production, name="MINHO")
    minho.cast_member = Membership.objects.get(production=production, user=team["actor"])
    minho.save()
    board = scheduling.create_board(
        first_ad, production, name="Block 1", start_date=MONDAY, working_weekdays=[0, 1, 2, 3, 4]
    )
    scenes = list(Scene.objects.filter(production=production).order_by("order").values_list("pk", flat=True))
    assert len(scenes) == 6
    board.refresh_from_db()
    layout = {"days": [{"strips": [{"scene": s} for s in scenes[i : i + 2]]} for i in (0, 2, 4)]}
    board = scheduling.apply_layout(first_ad, board, layout, board.revision)
    scheduling.set_status(team["producer"], board, BoardStatus.ACTIVE)
    scheduling.commit_baseline(team["producer"], board)
    board.refresh_from_db()
    assert [d.date for d in board.days.order_by("number")] == [MONDAY + dt.timedelta(days=i) for i in range(3)]
    return board


def day(board: Board, number: int) -> Any:
    return board.days.get(number=number)


def fill(
    user: Any,
    report: DailyReport,
    *,
    call: tuple[int, int] = (8, 0),
    wrap: tuple[int, int, int] = (17, 0, 0),
    meal: tuple[int, int] = (12, 13),
    results: dict[str, str] | None = None,
) -> DailyReport:
    """Give a report the day's times, everyone the same call and wrap, and a result to each scene (completed
    unless ``results`` maps a scene number to another)."""
    date = report.date
    call_at = at(date, *call)
    wrap_at = at(date, wrap[0], wrap[1], wrap[2])
    meals = [(at(date, meal[0]), at(date, meal[1]))]
    services.update_report(
        user,
        report,
        crew_call=call_at,
        first_shot=call_at + dt.timedelta(hours=1),
        meals=meals,
        wrap=wrap_at,
        camera_wrap=wrap_at - dt.timedelta(minutes=30),
        scheduled_call=call_at,
        scheduled_wrap=at(date, 18),
    )
    for person in report.times.all():
        services.set_times(user, person, call=call_at, wrap=wrap_at)
    for row in report.scenes.all():
        result = (results or {}).get(row.scene_number, SceneResult.COMPLETED)
        partial = 4 if result == SceneResult.PARTIAL else None
        services.set_scene_result(user, row, result=result, eighths_shot=partial, screen_seconds=90, setups=3)
    report.refresh_from_db()
    return report
