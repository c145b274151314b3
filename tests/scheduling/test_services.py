"""Board writes: layout, dates, moves with revisions, days, banners, status, baseline, proposals, and scenes
that a revised draft adds or omits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from setwise.breakdown import services as breakdown
from setwise.scheduling import services
from setwise.scheduling.models import Board, BoardStatus, Proposal, ProposalStatus, Strip, StripKind
from tests.breakdown.conftest import fixture_bytes

pytestmark = pytest.mark.django_db


def layout_numbers(board: Board) -> list[list[str]]:
    """Scene numbers per day, then the boneyard last."""
    days = [
        [s.scene.number for s in day.strips.filter(kind=StripKind.SCENE).order_by("position")]
        for day in board.days.order_by("number")
    ]
    boneyard = [s.scene.number for s in board.strips.filter(day__isnull=True).order_by("position")]
    return [*days, boneyard]


def test_new_board_lays_scenes_out_in_script_order_within_the_day(board: Board) -> None:
    # 60 minutes a day; each short scene of the fixture is estimated at 15-30 minutes.
    numbers = layout_numbers(board)
    assert [n for day in numbers[:-1] for n in day] == ["1", "2", "3", "4"]
    assert numbers[-1] == []  # nothing left in the boneyard
    per_day = [len(d) for d in numbers[:-1]]
    assert all(n >= 1 for n in per_day) and len(per_day) < 4 + 1


def test_days_skip_weekends_and_korean_public_holidays(board: Board, first_ad) -> None:
    services.add_day(first_ad, board)
    services.add_day(first_ad, board)
    services.add_day(first_ad, board)
    dates = list(board.days.order_by("number").values_list("date", flat=True))
    assert dates[0] == dt.date(2026, 3, 3)  # Monday 2 March is a substitute public holiday
    assert all(d.weekday() < 5 for d in dates)
    assert dates == sorted(set(dates))


def test_move_within_and_between_days_and_to_the_boneyard(board: Board, first_ad) -> None:
    services.add_day(first_ad, board)
    board.refresh_from_db()
    strip4 = board.strips.get(scene__number="4")
    last_day = board.days.order_by("-number").first()
    services.move_strip(first_ad, board, strip4.pk, last_day.pk, 0, board.revision)
    board.refresh_from_db()
    assert layout_numbers(board)[-2] == ["4"]
    strip1 = board.strips.get(scene__number="1")
    services.move_strip(first_ad, board, strip1.pk, None, 0, board.revision)
    board.refresh_from_db()
    assert layout_numbers(board)[-1] == ["1"]
    # positions inside every day are 0..n-1 after moves
    for day in board.days.all():
        assert list(day.strips.order_by("position").values_list("position", flat=True)) == list(
            range(day.strips.count())
        )


def test_a_stale_revision_changes_nothing(board: Board, first_ad) -> None:
    before = layout_numbers(board)
    strip = board.strips.get(scene__number="1")
    with pytest.raises(services.StaleBoard):
        services.move_strip(first_ad, board, strip.pk, None, 0, board.revision - 1)
    assert layout_numbers(board) == before


def test_shot_scenes_stay_where_they_were_shot(board: Board, first_ad) -> None:
    strip = board.strips.get(scene__number="1")
    Strip.objects.filter(pk=strip.pk).update(shot=True)
    with pytest.raises(ValidationError):
        services.move_strip(first_ad, board, strip.pk, None, 0, board.revision)
    with pytest.raises(ValidationError):
        services.remove_day(first_ad, board, strip.day)


def test_inserting_and_removing_days_renumbers_and_redates(board: Board, first_ad) -> None:
    count = board.days.count()
    first = board.days.get(number=1)
    moved = set(first.strips.values_list("scene__number", flat=True))
    services.add_day(first_ad, board, after=0)
    assert board.days.count() == count + 1
    assert board.days.get(number=1).strips.count() == 0  # the new empty day comes first
    services.remove_day(first_ad, board, board.days.get(number=2))
    board.refresh_from_db()
    assert board.days.count() == count
    assert set(layout_numbers(board)[-1]) == moved
    assert list(board.days.order_by("number").values_list("number", flat=True)) == list(range(1, count + 1))
    assert board.days.get(number=1).date == dt.date(2026, 3, 3)


def test_banners_are_added_and_removed(board: Board, first_ad) -> None:
    day = board.days.get(number=1)
    banner = services.add_banner(first_ad, board, day, "  Company move to Busan  ")
    assert banner.text == "Company move to Busan" and banner.day == day
    with pytest.raises(ValidationError):
        services.add_banner(first_ad, board, day, "   ")
    services.delete_banner(first_ad, board, banner.pk)
    assert not board.strips.filter(kind=StripKind.BANNER).exists()


def test_only_schedulers_write_and_only_producers_commit(board: Board, crew_member, producer, first_ad) -> None:
    strip = board.strips.get(scene__number="1")
    with pytest.raises(PermissionDenied):
        services.move_strip(crew_member, board, strip.pk, None, 0, board.revision)
    with pytest.raises(PermissionDenied):
        services.commit_baseline(first_ad, board)
    with pytest.raises(PermissionDenied):
        services.set_status(first_ad, board, BoardStatus.ACTIVE)
    version = services.commit_baseline(producer, board)
    board.refresh_from_db()
    assert board.baseline == version
    assert [d["strips"] for d in version.data["days"]] != []
    assert services.commit_baseline(producer, board) == version  # unchanged board: the same version


def test_the_baseline_needs_every_scene_scheduled(board: Board, producer, first_ad) -> None:
    strip = board.strips.get(scene__number="2")
    services.move_strip(first_ad, board, strip.pk, None, 0, board.revision)
    with pytest.raises(ValidationError):
        services.commit_baseline(producer, board)


def test_one_active_board_per_unit(board: Board, producer, first_ad, production) -> None:
    other = services.create_board(first_ad, production, name="Block 1 alt", start_date=dt.date(2026, 3, 9))
    services.set_status(producer, board, BoardStatus.ACTIVE)
    other = services.set_status(producer, other, BoardStatus.ACTIVE)
    board.refresh_from_db()
    assert board.status == BoardStatus.PUBLISHED and other.status == BoardStatus.ACTIVE


def test_copying_a_board_copies_its_layout(board: Board, first_ad, production) -> None:
    services.add_banner(first_ad, board, board.days.get(number=1), "Rain cover")
    copy = services.create_board(first_ad, production, name="Try", start_date=board.start_date, copy_from=board)
    assert layout_numbers(copy) == layout_numbers(board)
    assert copy.strips.filter(kind=StripKind.BANNER, text="Rain cover").exists()
    with pytest.raises(ValidationError):
        services.create_board(first_ad, production, name="Try", start_date=board.start_date)


def test_revised_draft_adds_scenes_to_the_boneyard_and_drops_omitted_ones(board: Board, first_ad, production) -> None:
    breakdown.import_script(first_ad, production, fixture_bytes("harbour_blue.fountain"), "ep1-blue.fountain")
    assert services.sync_scenes(board) == 2  # scene 5 added, scene 3 omitted
    numbers = layout_numbers(board)
    assert numbers[-1] == ["5"]
    assert "3" not in [n for day in numbers for n in day]
    assert services.sync_scenes(board) == 0


def test_accepting_a_proposal_rewrites_the_board_and_versions_it(board: Board, first_ad) -> None:
    ids = {s.scene.number: s.scene_id for s in board.strips.select_related("scene")}
    proposal = Proposal.objects.create(
        board=board,
        status=ProposalStatus.READY,
        base_revision=board.revision,
        data={"days": [{"strips": [{"scene": ids["4"]}, {"scene": ids["3"]}]}, {"strips": [{"scene": ids["1"]}]}]},
    )
    services.accept_proposal(first_ad, proposal)
    board.refresh_from_db()
    assert layout_numbers(board) == [["4", "3"], ["1"], ["2"]]
    assert board.versions.filter(revision=board.revision).exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.accept_proposal(first_ad, proposal)


def test_a_proposal_for_an_older_board_is_refused(board: Board, first_ad) -> None:
    proposal = Proposal.objects.create(board=board, status=ProposalStatus.READY, base_revision=board.revision, data={})
    services.add_day(first_ad, board)
    with pytest.raises(services.StaleBoard):
        services.accept_proposal(first_ad, proposal)
