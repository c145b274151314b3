"""Plan versus actual: the committed baseline against the reported days (pages, scenes, days ahead or behind,
burn rate, forecast wrap), a scene shot over two days counted once, and the one-click re-plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from setwise.reports import selectors, services
from setwise.reports.models import SceneResult
from setwise.scheduling.models import Board, Proposal, ProposalStatus
from tests.reports.conftest import day, fill

pytestmark = pytest.mark.django_db


def submit(team, board: Board, number: int, results=None, extra: tuple[str, ...] = ()) -> None:
    report = services.start_report(team["second_ad"], day(board, number))
    for scene_number in extra:
        services.add_scene(team["second_ad"], report, board.strips.get(scene__number=scene_number).scene)
    fill(team["second_ad"], report, results=results)
    services.submit_report(team["second_ad"], report)


def test_before_any_report_the_plan_is_the_baseline(board: Board) -> None:
    p = selectors.plan_vs_actual(board)
    assert (p.has_baseline, p.baseline_days, p.days_shot) == (True, 3, 0)
    assert [(d.planned_scenes, d.planned_eighths, d.planned_cumulative) for d in p.days] == [
        (2, 16, 16),
        (2, 16, 32),
        (2, 16, 48),
    ]
    assert (p.total_eighths, p.remaining_eighths, p.days_variance, p.burn_rate) == (48, 48, None, None)
    assert p.planned_wrap == dt.date(2026, 3, 11) and p.forecast_wrap is None


def test_a_day_behind_with_the_forecast_from_the_burn_rate(board: Board, team) -> None:
    submit(team, board, 1, results={"2": SceneResult.NOT_SHOT})  # one page of the planned two
    p = selectors.plan_vs_actual(board)
    first = p.days[0]
    assert (first.completed, first.not_shot, first.eighths, first.actual_cumulative, first.difference) == (
        1,
        1,
        8,
        8,
        -8,
    )
    assert (p.days_shot, p.eighths_to_date, p.planned_eighths_to_date) == (1, 8, 16)
    assert (p.scenes_to_date, p.planned_scenes_to_date) == (1, 2)
    assert p.days_variance == -0.5 and p.days_behind == 0.5  # one page shot = half of the baseline's day 1
    assert (p.burn_rate, p.pages_per_day) == (8.0, 1.0)
    assert (p.remaining_eighths, p.days_needed) == (40, 5)
    # Five more shooting days after Monday 9 March (weekdays): 10, 11, 12, 13 and Monday 16 March.
    assert p.forecast_wrap == dt.date(2026, 3, 16) and p.slip_days == 5


def test_ahead_of_plan_when_a_day_shoots_more(board: Board, team) -> None:
    submit(team, board, 1, extra=("3", "4"))  # day 1 also shot day 2's scenes
    p = selectors.plan_vs_actual(board)
    assert (p.eighths_to_date, p.days_variance, p.remaining_eighths, p.days_needed) == (32, 1.0, 16, 1)
    assert p.forecast_wrap == dt.date(2026, 3, 10) and p.slip_days == -1


def test_a_scene_shot_over_two_days_counts_once(board: Board, team) -> None:
    submit(team, board, 1, results={"2": SceneResult.PARTIAL})  # half of scene 2 (4/8)
    submit(team, board, 2, extra=("2",))  # scene 2 finished on day 2 with scenes 3 and 4
    p = selectors.plan_vs_actual(board)
    assert [d.eighths for d in p.days[:2]] == [12, 20]
    assert p.eighths_to_date == 32 and p.remaining_eighths == 16
    assert p.days[0].partial == 1 and p.days[1].completed == 3


def test_plan_page_and_re_plan_button(board: Board, team, monkeypatch) -> None:
    submit(team, board, 1, results={"2": SceneResult.NOT_SHOT})
    client = Client()
    client.force_login(team["actor"])  # everyone on the production sees plan versus actual
    page = client.get(reverse("reports:plan", args=[board.production.slug]))
    assert page.status_code == 200 and "Re-plan" not in page.content.decode()
    client.force_login(team["second_ad"])
    html = client.get(reverse("reports:plan", args=[board.production.slug])).content.decode()
    assert "0.5" in html and "Re-plan" in html
    response = client.post(reverse("reports:replan", args=[board.production.slug]), {"board": board.pk, "seconds": 5})
    proposal = Proposal.objects.get(board=board)
    assert proposal.status == ProposalStatus.RUNNING and proposal.options["seconds"] == 5
    assert response.status_code == 302
    assert response["Location"] == reverse("scheduling:proposal", args=[board.production.slug, board.pk, proposal.pk])
    client.force_login(team["actor"])
    refused = client.post(reverse("reports:replan", args=[board.production.slug]), {"board": board.pk})
    assert refused.status_code == 403 and Proposal.objects.count() == 1


def test_re_plan_keeps_what_is_shot(board: Board, team) -> None:
    """The optimiser's problem for the board freezes the day with the scene shot."""
    from setwise.scheduling import adapter

    submit(team, board, 1, results={"2": SceneResult.NOT_SHOT})
    problem = adapter.problem_for(board)
    shot = board.strips.get(scene__number="1")
    assert [(d.date, d.scenes) for d in problem.frozen] == [(day(board, 1).date, (str(shot.scene_id),))]
