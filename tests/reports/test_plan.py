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
    # A re-plan of what is left after the last reported day; unticked, committed dates are not kept.
    assert (proposal.options["shot_through"], proposal.options["keep_dates"]) == ("2026-03-09", False)
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


def test_the_remainder_starts_after_the_last_reported_day_from_the_committed_dates(board: Board, team) -> None:
    from setwise.engines.scheduling import model as engine
    from setwise.scheduling import adapter

    submit(team, board, 1, results={"2": SceneResult.NOT_SHOT})
    first, second, third = (day(board, n).date for n in (1, 2, 3))
    ids = {n: str(board.strips.get(scene__number=n).scene_id) for n in "123456"}
    problem, warm = adapter.remainder_for(board, adapter.problem_for(board), first, keep_dates=True)
    assert problem.reschedule_from == second  # nothing new on the day already reported
    assert [(d.date, d.scenes) for d in problem.frozen] == [(first, (ids["1"],))]
    assert {(p.scene, p.date) for p in problem.pins} == {
        (ids["3"], second),
        (ids["4"], second),
        (ids["5"], third),
        (ids["6"], third),
    }
    assert [(d.date, d.scenes) for d in warm.days] == [
        (first, (ids["1"],)),
        (second, (ids["3"], ids["4"])),
        (third, (ids["5"], ids["6"])),
    ]
    free, _warm = adapter.remainder_for(board, adapter.problem_for(board), first)
    assert free.pins == () and isinstance(free, engine.Problem)


def _replan(team, board: Board, capture, keep_dates: bool = True) -> Proposal:
    with capture(execute=True):
        proposal = services.replan(team["first_ad"], board, seconds=5, keep_dates=keep_dates)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.READY, proposal.explanation
    return proposal


def _dates(proposal: Proposal) -> dict[int, str]:
    return {item["scene"]: d["date"] for d in proposal.data["days"] for item in d["strips"]}


def test_one_click_re_plan_keeps_shot_days_and_committed_dates(
    board: Board, team, django_capture_on_commit_callbacks
) -> None:
    submit(team, board, 1, results={"2": SceneResult.NOT_SHOT})
    proposal = _replan(team, board, django_capture_on_commit_callbacks)
    scene = {n: board.strips.get(scene__number=n).scene_id for n in "123456"}
    dates = _dates(proposal)
    assert dates[scene["1"]] == "2026-03-09"  # shot: stays
    assert dates[scene["2"]] > "2026-03-09"  # sent back: placed on a day still to come
    assert [dates[scene[n]] for n in "3456"] == ["2026-03-10", "2026-03-10", "2026-03-11", "2026-03-11"]
    assert proposal.objective["replan"] == {"shot_through": "2026-03-09", "kept": 4, "of": 4, "pinned": True}
    from setwise.scheduling import services as scheduling

    scheduling.accept_proposal(team["first_ad"], proposal)
    assert not selectors.to_reschedule(board).exists()
    assert board.strips.get(scene_id=scene["1"]).day.date == dt.date(2026, 3, 9)


def test_re_plan_gives_up_committed_dates_that_cannot_be_kept(
    board: Board, team, django_capture_on_commit_callbacks
) -> None:
    from setwise.breakdown.models import Character
    from setwise.scheduling import services as scheduling

    submit(team, board, 1, results={"2": SceneResult.NOT_SHOT})
    minho = Character.objects.get(production=board.production, name="MINHO")
    second = day(board, 2).date
    scheduling.add_unavailability(team["producer"], board.production, character=minho, start=second, end=second)
    proposal = _replan(team, board, django_capture_on_commit_callbacks)
    scene3 = board.strips.get(scene__number="3").scene_id  # MINHO's scene committed for day 2
    assert _dates(proposal)[scene3] != second.isoformat()
    replan = proposal.objective["replan"]
    assert replan["pinned"] is False and replan["of"] == 4 and replan["kept"] < 4


def test_the_board_shows_the_scenes_to_reschedule(board: Board, team) -> None:
    url = reverse("scheduling:board", args=[board.production.slug, board.pk])
    client = Client()
    client.force_login(team["first_ad"])
    assert "To reschedule" not in client.get(url).content.decode()
    submit(team, board, 1, results={"2": SceneResult.NOT_SHOT})
    html = client.get(url).content.decode()
    assert "To reschedule (reported not shot or partly shot): <strong>2</strong>" in html
    assert reverse("reports:plan", args=[board.production.slug]) in html
