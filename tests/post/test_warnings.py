"""Post warnings: the active shooting schedule (and its committed baseline) against the post milestones, re-read
whenever the schedule moves, and overdue deliverables."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from setwise.post import selectors, services
from setwise.post.selectors import post_warnings
from setwise.scheduling import services as schedule
from setwise.scheduling.models import Board

pytestmark = pytest.mark.django_db

# Series defaults with launch 2027-06-04: picture lock 2026-12-30, latest wrap 2026-10-21 (70 days of editing).
LATEST_WRAP = dt.date(2026, 10, 21)


@pytest.fixture
def planned(launch_production, supervisor):
    services.create_plan(supervisor, launch_production)
    return launch_production


def make_board(producer, production, start: dt.date, days: int = 5) -> Board:
    board = schedule.create_board(producer, production, name="Main", start_date=start, working_weekdays=[0, 1, 2, 3, 4])
    for _ in range(days):
        schedule.add_day(producer, board)
    board = schedule.set_status(producer, board, "active")
    schedule.commit_baseline(producer, board)
    return Board.objects.get(pk=board.pk)


def last_day(board: Board) -> dt.date:
    return board.days.order_by("-number").first().date


def test_timeline_without_a_schedule_uses_nothing(planned) -> None:
    tl = selectors.timeline_for(planned, selectors.plan_for(planned))
    assert tl.latest_wrap == LATEST_WRAP
    assert post_warnings(planned) == []


def test_no_launch_date_is_an_info(launch_production, supervisor) -> None:
    launch_production.launch_date = None
    launch_production.save()
    assert post_warnings(launch_production) == []  # nothing planned in post yet: nothing to say
    services.create_plan(supervisor, launch_production)
    (warning,) = post_warnings(launch_production)
    assert (warning.code, warning.severity) == ("no_launch_date", "info")


def test_a_schedule_with_slack_gives_no_warning(planned, producer) -> None:
    board = make_board(producer, planned, dt.date(2026, 9, 28))
    assert last_day(board) < LATEST_WRAP - dt.timedelta(days=7)
    assert post_warnings(planned) == []


def test_a_slip_that_eats_the_slack_warns(planned, producer) -> None:
    board = make_board(producer, planned, dt.date(2026, 9, 28))
    baseline_wrap = last_day(board)
    schedule.update_board(producer, board, start_date=dt.date(2026, 10, 12))
    wrap = last_day(board)
    assert baseline_wrap < wrap <= LATEST_WRAP and (LATEST_WRAP - wrap).days < 7
    (warning,) = post_warnings(planned)
    assert (warning.code, warning.severity, warning.milestones) == ("slip_eats_slack", "warning", ("picture_lock",))
    assert warning.days == (wrap - baseline_wrap).days
    assert "committed baseline" in warning.message


def test_a_slip_past_the_latest_wrap_endangers_picture_lock(planned, producer) -> None:
    board = make_board(producer, planned, dt.date(2026, 9, 28))
    schedule.update_board(producer, board, start_date=dt.date(2026, 10, 26))
    wrap = last_day(board)
    (warning,) = post_warnings(planned)
    assert (warning.code, warning.severity) == ("wrap_after_picture_lock", "danger")
    assert warning.days == (wrap - LATEST_WRAP).days > 0
    assert warning.milestones == ("picture_lock",)
    assert "slipped" in warning.message and "picture lock" in warning.message
    rows = {m.key: m for m in selectors.milestone_rows(selectors.timeline_for(planned, None), [warning])}
    assert rows["picture_lock"].at_risk and not rows["mix"].at_risk


def test_shooting_past_a_milestone_names_it(planned, producer) -> None:
    board = make_board(producer, planned, dt.date(2027, 1, 4))
    assert dt.date(2027, 1, 6) <= last_day(board) < dt.date(2027, 2, 24)  # past VFX turnover, before VFX final
    (warning,) = post_warnings(planned)
    assert warning.milestones == ("picture_lock", "vfx_turnover")
    assert "runs past: VFX turnover" in warning.message


def test_longer_editing_time_turns_slack_into_danger(planned, producer, supervisor) -> None:
    make_board(producer, planned, dt.date(2026, 9, 28))
    assert post_warnings(planned) == []
    services.update_plan(supervisor, selectors.plan_for(planned), durations={"editorial": 90})
    assert [w.code for w in post_warnings(planned)] == ["wrap_after_picture_lock"]


def test_planned_shoot_end_stands_in_for_a_schedule(planned) -> None:
    planned.shoot_end = LATEST_WRAP + dt.timedelta(days=2)
    planned.save()
    (warning,) = post_warnings(planned)
    assert warning.code == "wrap_after_picture_lock" and "planned shoot ends" in warning.message


def test_overdue_deliverables_warn_on_the_post_page_only(planned) -> None:
    planned.launch_date = dt.date(2020, 1, 1)  # every milestone is long past
    planned.save()
    assert [w.code for w in post_warnings(planned)] == ["deliverables_overdue"]
    assert selectors.schedule_warnings(planned) == []


def test_overdue_deliverables(planned, supervisor) -> None:
    tl = selectors.timeline_for(planned, selectors.plan_for(planned))
    assert selectors.overdue_deliverables(planned, tl, today=dt.date(2026, 1, 1)) == 0
    total = planned.deliverables.count()
    assert selectors.overdue_deliverables(planned, tl, today=dt.date(2028, 1, 1)) == total
    art = planned.deliverables.get(key="key_art")
    services.update_deliverable(supervisor, art, owner=None, due_date=None, status="passed")
    assert selectors.overdue_deliverables(planned, tl, today=dt.date(2028, 1, 1)) == total - 1


def test_the_post_page_shows_the_warning(planned, producer, supervisor) -> None:
    board = make_board(producer, planned, dt.date(2026, 9, 28))
    schedule.update_board(producer, board, start_date=dt.date(2026, 10, 26))
    client = Client()
    client.force_login(supervisor)
    page = client.get(f"/productions/{planned.slug}/post/").content.decode()
    assert 'data-warning="wrap_after_picture_lock"' in page
    assert 'data-milestone="picture_lock" data-at-risk' in page
    api = client.get(f"/api/productions/{planned.slug}/post/timeline").json()
    assert api["warnings"][0]["code"] == "wrap_after_picture_lock"
    assert api["latest_wrap"] == LATEST_WRAP.isoformat()
    assert [m["key"] for m in api["milestones"]][-1] == "launch"


def test_the_health_page_shows_the_schedule_warning(planned, producer, crew_member) -> None:
    client = Client()
    client.force_login(crew_member)
    health = f"/productions/{planned.slug}/reports/health/"
    assert "data-post-schedule-warnings" not in client.get(health).content.decode()
    board = make_board(producer, planned, dt.date(2026, 9, 28))
    schedule.update_board(producer, board, start_date=dt.date(2026, 10, 26))  # the shoot slips past the latest wrap
    page = client.get(health).content.decode()
    assert "data-post-schedule-warnings" in page and 'data-warning="wrap_after_picture_lock"' in page
    assert f'href="/productions/{planned.slug}/post/"' in page
