"""The intimacy protocol on the schedule: why a scene may not be shot on a date, the optimiser's hard constraint
(the coordinator's dates, each scene's riders signed in time, scenes with no possible date left in the boneyard),
and the stripboard's blocked strips (plain reasons for everyone, details only with VIEW_INTIMACY)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from setwise.engines.scheduling import solver
from setwise.engines.scheduling.validate import validate
from setwise.intimacy import services
from setwise.scheduling import adapter
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, Proposal, ProposalStatus, Strip
from tests.intimacy.factories import SHOOT_DAY, World, ready_world, rider_of

pytestmark = pytest.mark.django_db

MONDAY = SHOOT_DAY - dt.timedelta(days=1)
KST = dt.timezone(dt.timedelta(hours=9))


def book(world: World, *dates: dt.date) -> None:
    for date in dates:
        services.book_coordinator(world["ic"], world.production, world.members["ic"].pk, date)


def make_board(world: World, days: int = 3) -> Board:
    board = scheduling.create_board(world["first_ad"], world.production, name="Block 1", start_date=MONDAY)
    while board.days.count() < days:
        board.refresh_from_db()
        scheduling.add_day(world["first_ad"], board)
    board.refresh_from_db()
    return board


def place(world: World, board: Board, day_number: int | None) -> None:
    board.refresh_from_db()
    strip = Strip.objects.get(board=board, scene=world.intimate)
    day = board.days.get(number=day_number).pk if day_number is not None else None
    scheduling.move_strip(world["first_ad"], board, strip.pk, day, 0, board.revision)
    board.refresh_from_db()


def signed_at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=KST)


# --- why a scene may not be shot on a date ---------------------------------------------------------------------------


def test_reasons_per_date_for_everyone_and_in_detail(world) -> None:
    ready_world(world, signed_at=signed_at(dt.date(2026, 3, 9)))  # Monday 10:00: too late for Tuesday's shoot
    book(world, SHOOT_DAY)
    found = services.readiness(world.production)
    blocks = found.blocks(world.intimate.pk, SHOOT_DAY)
    assert [b.code for b in blocks] == [services.BLOCK_LATE]
    assert blocks[0].reason == "Rider not signed in time"
    assert blocks[0].detail == "2 of 2 riders not signed 48 hours before the day"
    thursday = SHOOT_DAY + dt.timedelta(days=2)
    assert [b.reason for b in found.blocks(world.intimate.pk, thursday)] == ["Intimacy coordinator not booked that day"]
    book(world, thursday)
    assert services.readiness(world.production).ready_dates(world.intimate.pk, [SHOOT_DAY, thursday]) == {thursday}
    assert found.blocks(world.intimate.pk) == []  # signed: nothing stands in the way of some day
    assert found.blocks(world.plain.pk, SHOOT_DAY) == []  # not an intimate scene


def test_a_withdrawn_consent_says_needs_re_planning_and_never_who(world) -> None:
    ready_world(world)
    book(world, SHOOT_DAY)
    services.withdraw_consent(world["partner"], rider_of(world, "partner"), "")
    blocks = services.readiness(world.production).blocks(world.intimate.pk, SHOOT_DAY)
    assert [(b.reason, b.detail) for b in blocks] == [("Needs re-planning", "Consent withdrawn: needs re-planning")]
    for block in blocks:
        assert "partner" not in f"{block.reason}{block.detail}".lower()


# --- the optimiser ---------------------------------------------------------------------------------------------------


def test_the_problem_books_intimate_scenes_on_the_coordinator_s_dates(world) -> None:
    ready_world(world)
    book(world, SHOOT_DAY)
    board = make_board(world)
    problem = adapter.problem_for(board)
    scene = problem.scene_by_id[str(world.intimate.pk)]
    assert scene.requirements.intimacy and problem.requirement_dates["intimacy"] == {SHOOT_DAY}
    assert not problem.scene_by_id[str(world.plain.pk)].requirements.intimacy
    assert scene.requirements.custom == ()  # the riders allow every booked date: no requirement of its own
    result = solver.solve(problem, time_limit=5)
    assert result.board is not None
    assert result.board.placement()[str(world.intimate.pk)][0] == SHOOT_DAY
    assert validate(problem, result.board) == []


def test_riders_signed_late_for_one_booked_date_narrow_that_scene_alone(world) -> None:
    thursday = SHOOT_DAY + dt.timedelta(days=2)
    ready_world(world, signed_at=signed_at(dt.date(2026, 3, 9)))  # in time for Thursday, not for Tuesday
    book(world, SHOOT_DAY, thursday)
    board = make_board(world)
    problem = adapter.problem_for(board, extra_days=3)
    assert {SHOOT_DAY, thursday} <= set(problem.calendar.dates)
    scene = problem.scene_by_id[str(world.intimate.pk)]
    (need,) = scene.requirements.custom
    assert problem.requirement_dates[need] == {thursday}
    assert problem.requirement_dates["intimacy"] == {SHOOT_DAY, thursday}
    result = solver.solve(problem, time_limit=5)
    assert result.board is not None and result.board.placement()[scene.id][0] == thursday
    # The checker the board uses refuses Tuesday for this scene.
    moved = [
        d if str(world.intimate.pk) not in d.scenes else type(d)(SHOOT_DAY, d.unit, d.scenes) for d in result.board.days
    ]
    tuesday = type(result.board).of(moved)
    assert any(v.code == "requirement_date" and v.subject == need for v in validate(problem, tuesday))


def test_a_scene_with_no_possible_date_is_left_out_with_its_reason(world) -> None:
    ready_world(world)  # signed, but no coordinator booked
    board = make_board(world)
    problem = adapter.problem_for(board)
    assert str(world.intimate.pk) not in problem.scene_by_id
    assert adapter.left_out(board, problem) == {
        world.intimate.pk: "No day with the intimacy coordinator booked and every rider signed in time"
    }
    book(world, SHOOT_DAY)
    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    problem = adapter.problem_for(board)
    assert adapter.left_out(board, problem) == {world.intimate.pk: "Needs re-planning"}
    # What-if runs book the coordinator by hand and check nothing else.
    assert str(world.intimate.pk) in adapter.problem_for(board, intimacy_dates=frozenset({SHOOT_DAY})).scene_by_id


def optimise(world: World, board: Board, capture: Any) -> Proposal:
    client = Client()
    client.force_login(world["first_ad"])
    url = reverse("scheduling:optimise", args=[world.production.slug, board.pk])
    with capture(execute=True):
        response = client.post(url, {"seconds": 5, "shooting_day": 50000, "company_move": 5000, "holding": 1,
                                     "location_change": 2000, "night_before_day": 500})  # fmt: skip
    assert response.status_code == 302, response.content[:300]
    proposal = Proposal.objects.filter(board=board).latest("created_at")
    proposal.refresh_from_db()
    return proposal


def test_the_optimiser_job_keeps_the_protocol(world, django_capture_on_commit_callbacks) -> None:
    ready_world(world)
    book(world, SHOOT_DAY)
    board = make_board(world)
    place(world, board, 1)  # Monday: the coordinator is not booked
    proposal = optimise(world, board, django_capture_on_commit_callbacks)
    assert proposal.status == ProposalStatus.READY, proposal.explanation
    dates = {item["scene"]: day["date"] for day in proposal.data["days"] for item in day["strips"] if "scene" in item}
    assert dates[world.intimate.pk] == SHOOT_DAY.isoformat()
    assert proposal.explanation == []

    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    board.refresh_from_db()
    proposal = optimise(world, board, django_capture_on_commit_callbacks)
    assert proposal.status == ProposalStatus.READY, proposal.explanation
    placed = {item["scene"] for day in proposal.data["days"] for item in day["strips"] if "scene" in item}
    assert world.intimate.pk not in placed and world.plain.pk in placed
    assert proposal.explanation == ["Scene 12 stays unscheduled: Needs re-planning"]
    scheduling.accept_proposal(world["first_ad"], proposal)
    assert Strip.objects.get(board=board, scene=world.intimate).day is None  # to the boneyard


# --- the stripboard --------------------------------------------------------------------------------------------------


def board_page(world: World, board: Board, who: str) -> str:
    client = Client()
    client.force_login(world[who])
    response = client.get(reverse("scheduling:board", args=[world.production.slug, board.pk]))
    assert response.status_code == 200
    return response.content.decode()


def strip_html(page: str, world: World) -> str:
    strip = Strip.objects.get(scene=world.intimate)
    return page.split(f'data-strip="{strip.pk}"', 1)[1].split("</li>", 1)[0]


def test_the_board_shows_why_a_strip_is_blocked_to_everyone(world) -> None:
    ready_world(world, signed_at=signed_at(dt.date(2026, 3, 9)))
    book(world, SHOOT_DAY)
    board = make_board(world, days=4)
    place(world, board, 1)  # Monday: no coordinator
    crew = strip_html(board_page(world, board, "crew"), world)
    assert "data-blocked" in crew and "Intimacy coordinator not booked that day" in crew
    assert "Rider not signed in time" in crew  # signed Monday morning: too late for Monday too
    place(world, board, 2)  # Tuesday: booked, but the riders were signed a day before
    crew = strip_html(board_page(world, board, "crew"), world)
    assert "Rider not signed in time" in crew and "not booked" not in crew
    assert "2 of 2" not in crew and "closed set" not in crew  # the details and the tag are not for crew
    producer = strip_html(board_page(world, board, "producer"), world)
    assert "2 of 2 riders not signed 48 hours before the day" in producer and "closed set" in producer
    place(world, board, 4)  # Thursday
    book(world, SHOOT_DAY + dt.timedelta(days=2))
    crew = strip_html(board_page(world, board, "crew"), world)
    assert "data-blocked" not in crew  # booked, and signed 48 hours before Thursday


def test_a_withdrawal_blocks_the_strip_without_saying_who_or_why(world) -> None:
    ready_world(world)
    book(world, SHOOT_DAY)
    board = make_board(world)
    place(world, board, 2)
    assert "data-blocked" not in strip_html(board_page(world, board, "first_ad"), world)
    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    for who in ("crew", "first_ad", "cast"):
        strip = strip_html(board_page(world, board, who), world)
        assert "data-blocked" in strip and "Needs re-planning" in strip
        assert "withdrawn" not in strip.lower() and "Person performer" not in strip
    producer = strip_html(board_page(world, board, "producer"), world)
    assert "Consent withdrawn: needs re-planning" in producer and "Person performer" not in producer
    place(world, board, None)
    assert "Needs re-planning" in strip_html(board_page(world, board, "crew"), world)  # in the boneyard too


def test_shot_scenes_are_not_blocked(world) -> None:
    ready_world(world)
    board = make_board(world)
    place(world, board, 1)
    Strip.objects.filter(board=board, scene=world.intimate).update(shot=True)
    assert "data-blocked" not in strip_html(board_page(world, board, "crew"), world)
    assert str(world.intimate.pk) in adapter.problem_for(board).scene_by_id  # frozen as shot


def test_a_blocked_strip_keeps_its_other_warnings(world) -> None:
    from setwise.scheduling.models import Unavailability

    ready_world(world)
    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    board = make_board(world)
    place(world, board, 2)
    tuesday = board.days.get(number=2).date
    Unavailability.objects.create(production=world.production, character=world.minho, start=tuesday, end=tuesday)
    strip = strip_html(board_page(world, board, "first_ad"), world)
    assert "Needs re-planning" in strip and "Cast unavailable: MINHO is not available on" in strip
    assert "requirement" not in strip.lower()  # the protocol speaks through the blocked reasons only
