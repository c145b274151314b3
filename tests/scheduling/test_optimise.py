"""The optimiser as a background job: a proposal with a complete, valid board that never breaks a hard
constraint, shown as a diff and accepted or discarded; an impossible board explained in plain words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from setwise.breakdown.models import Character
from setwise.engines.scheduling.validate import validate
from setwise.scheduling import adapter, services, tasks
from setwise.scheduling.models import Board, Proposal, ProposalStatus, Strip, Unavailability

pytestmark = pytest.mark.django_db


def run_optimiser(client, board: Board, seconds: int = 5, **weights) -> Proposal:
    url = reverse("scheduling:optimise", args=[board.production.slug, board.pk])
    response = client.post(url, {"seconds": seconds, "shooting_day": 50000, "company_move": 5000, "holding": 1,
                                 "location_change": 2000, "night_before_day": 500, **weights})  # fmt: skip
    assert response.status_code == 302, response.content[:300]
    return Proposal.objects.filter(board=board).latest("created_at")


def test_optimise_proposes_a_valid_board_and_accepting_applies_it(
    client, board: Board, first_ad, django_capture_on_commit_callbacks
) -> None:
    # Scatter the board: every scene in the boneyard but one, so the optimiser has work to do.
    for strip in Strip.objects.filter(board=board).order_by("pk")[1:]:
        board.refresh_from_db()
        services.move_strip(first_ad, board, strip.pk, None, 0, board.revision)
    board.refresh_from_db()
    client.force_login(first_ad)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = run_optimiser(client, board)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.READY, proposal.explanation
    assert proposal.job.status == "succeeded"
    placed = [item["scene"] for day in proposal.data["days"] for item in day["strips"]]
    assert sorted(placed) == sorted(Strip.objects.filter(board=board).values_list("scene_id", flat=True))
    assert proposal.objective["total"] >= proposal.bound
    page = client.get(reverse("scheduling:proposal", args=[board.production.slug, board.pk, proposal.pk]))
    assert "What changes" in page.content.decode()
    response = client.post(
        reverse("scheduling:proposal_decide", args=[board.production.slug, board.pk, proposal.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert not Strip.objects.filter(board=board, day__isnull=True).exists()
    problem = adapter.problem_for(board)
    assert validate(problem, adapter.current_board(board)) == []


def test_the_optimiser_respects_unavailable_cast(client, board: Board, first_ad, django_capture_on_commit_callbacks):
    minho = Character.objects.get(production=board.production, name="민호")
    first = board.days.get(number=1).date
    Unavailability.objects.create(production=board.production, character=minho, start=first, end=first)
    client.force_login(first_ad)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = run_optimiser(client, board)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.READY
    minho_scenes = set(minho.scene_characters.values_list("scene_id", flat=True))
    first_day = proposal.data["days"][0]
    assert proposal.data["days"][0]["date"] == first.isoformat()
    assert not minho_scenes & {item["scene"] for item in first_day["strips"]}


def test_an_impossible_board_is_explained(client, board: Board, first_ad, django_capture_on_commit_callbacks):
    minho = Character.objects.get(production=board.production, name="민호")
    Unavailability.objects.create(
        production=board.production, character=minho, start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31)
    )
    client.force_login(first_ad)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = run_optimiser(client, board)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INFEASIBLE
    assert any("민호" in line for line in proposal.explanation), proposal.explanation


def test_discarding_leaves_the_board_and_only_schedulers_optimise(client, board: Board, first_ad, crew_member) -> None:
    before = board.revision
    proposal = Proposal.objects.create(board=board, status=ProposalStatus.READY, base_revision=board.revision, data={})
    client.force_login(first_ad)
    client.post(
        reverse("scheduling:proposal_decide", args=[board.production.slug, board.pk, proposal.pk]),
        {"decision": "discard"},
    )
    proposal.refresh_from_db()
    board.refresh_from_db()
    assert proposal.status == ProposalStatus.DISCARDED and board.revision == before
    client.force_login(crew_member)
    assert (
        client.post(reverse("scheduling:optimise", args=[board.production.slug, board.pk]), {"seconds": 5}).status_code
        == 403
    )
    with pytest.raises(Exception, match="seconds"):
        tasks.start_optimise(first_ad, board, seconds=1)
