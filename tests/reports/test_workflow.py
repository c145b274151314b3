"""The DPR workflow: opening a day's report prefilled from the board and the production's people, submitting
(scenes shot on the board, scenes not shot back to the boneyard), approving and locking, returning for changes,
and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from setwise.reports import selectors, services
from setwise.reports.models import DailyReport, ReportStatus, SceneResult
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board
from tests.reports.conftest import at, day, fill

pytestmark = pytest.mark.django_db


def test_a_new_report_holds_the_days_scenes_and_the_people_called(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    assert (report.status, report.day_number, report.date, report.unit) == ("draft", 1, board.start_date, "main")
    assert [s.scene_number for s in report.scenes.order_by("position")] == ["1", "2"]
    assert all(s.planned and s.eighths_planned == 8 and s.result == "" for s in report.scenes.all())
    people = {(p.kind, p.name, p.department) for p in report.times.all()}
    # Day 1 has MINHO (played by Kim Actor) and SEOYEON (no performer yet); the crew is the on-set roles only.
    assert ("cast", "Kim Actor", "MINHO") in people
    assert ("cast", "SEOYEON", "SEOYEON") in people
    assert ("crew", "Park Grip", "Grip") in people
    assert {p[1] for p in people if p[0] == "crew"} == {"Park Grip", "first-ad", "second-ad"}
    assert services.start_report(team["second_ad"], day(board, 1)).pk == report.pk  # one report per day
    assert DailyReport.objects.count() == 1


def test_only_schedule_editors_open_and_write_reports(board: Board, team) -> None:
    with pytest.raises(PermissionDenied):
        services.start_report(team["grip"], day(board, 1))
    report = services.start_report(team["second_ad"], day(board, 1))
    with pytest.raises(PermissionDenied):
        services.update_report(team["actor"], report, weather="Rain")
    with pytest.raises(PermissionDenied):
        services.approve_report(team["second_ad"], report)


def test_submit_refuses_a_report_without_times_or_scene_results(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    with pytest.raises(ValidationError) as exc:
        services.submit_report(team["second_ad"], report)
    text = " ".join(exc.value.messages)
    assert "crew call" in text and "scene 1, 2" in text
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_submit_marks_scenes_shot_and_sends_the_rest_to_the_boneyard(board: Board, team) -> None:
    revision = board.revision
    report = services.start_report(team["second_ad"], day(board, 1))
    fill(team["second_ad"], report, results={"2": SceneResult.NOT_SHOT})
    services.submit_report(team["second_ad"], report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == team["second_ad"]
    s1 = board.strips.get(scene__number="1")
    s2 = board.strips.get(scene__number="2")
    assert (s1.shot, s1.day_id) == (True, day(board, 1).pk)
    assert (s2.shot, s2.day_id) == (False, None)  # to reschedule
    board.refresh_from_db()
    assert board.revision > revision
    assert [s.scene.number for s in selectors.to_reschedule(board)] == ["2"]
    # The schedule keeps scenes shot where they were shot.
    with pytest.raises(ValidationError):
        scheduling.move_strip(team["first_ad"], board, s1.pk, None, 0, board.revision)


def test_a_partly_shot_scene_goes_back_to_be_rescheduled_and_a_pulled_in_scene_moves_to_the_day(
    board: Board, team
) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    five = board.strips.get(scene__number="5").scene
    row = services.add_scene(team["second_ad"], report, five)
    assert not row.planned
    fill(team["second_ad"], report, results={"1": SceneResult.PARTIAL})
    services.submit_report(team["second_ad"], report)
    s1 = board.strips.get(scene__number="1")
    s5 = board.strips.get(scene__number="5")
    assert (s1.shot, s1.day_id) == (False, None)
    assert (s5.shot, s5.day_id) == (True, day(board, 1).pk)
    positions = list(board.strips.filter(day=day(board, 1)).order_by("position").values_list("position", flat=True))
    assert positions == list(range(len(positions)))


def test_approved_report_is_locked_and_audited(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    fill(team["second_ad"], report)
    services.submit_report(team["second_ad"], report)
    with pytest.raises(services.ReportLocked):  # submitted: waiting for the line producer
        services.update_report(team["second_ad"], report, weather="Rain")
    services.approve_report(team["line_producer"], report)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.approved_by == team["line_producer"]
    person = report.times.first()
    row = report.scenes.first()
    refused = [
        lambda: services.update_report(team["line_producer"], report, notes="late change"),
        lambda: services.set_times(team["second_ad"], person, call=at(report.date, 6), wrap=at(report.date, 18)),
        lambda: services.set_scene_result(team["second_ad"], row, result=SceneResult.NOT_SHOT),
        lambda: services.add_incident(team["second_ad"], report, kind="incident", description="x"),
        lambda: services.add_person(team["second_ad"], report, kind="crew", name="Driver"),
        lambda: services.submit_report(team["second_ad"], report),
        lambda: services.return_report(team["line_producer"], report),
        lambda: services.approve_report(team["line_producer"], report),
        lambda: services.clock(person, "in", at(report.date, 7)),
    ]
    for attempt in refused:
        with pytest.raises(services.ReportLocked):
            attempt()
    report.refresh_from_db()
    assert report.notes == "" and report.status == ReportStatus.APPROVED
    history = list(DailyReport.history.filter(id=report.pk).order_by("history_date"))
    assert [h.status for h in history][-3:] == ["draft", "submitted", "approved"]
    assert history[-1].history_type == "~"
    assert report.times.first().history.count() >= 2  # created, then confirmed


def test_incidents_can_be_closed_after_approval(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    fill(team["second_ad"], report)
    incident = services.add_incident(
        team["second_ad"], report, kind="injury", description="Grip cut a hand on a flag", lost_minutes=20
    )
    services.submit_report(team["second_ad"], report)
    services.approve_report(team["line_producer"], report)
    closed = services.resolve_incident(team["line_producer"], incident, "First aid; back at work")
    assert not closed.open and closed.resolved_by == team["line_producer"]
    with pytest.raises(ValidationError):
        services.resolve_incident(team["line_producer"], incident, "again")


def test_returned_report_is_editable_and_a_second_submission_puts_the_board_right(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    fill(team["second_ad"], report)
    services.submit_report(team["second_ad"], report)
    assert board.strips.get(scene__number="2").shot
    with pytest.raises(PermissionDenied):
        services.return_report(team["second_ad"], report)
    services.return_report(team["line_producer"], report, "Scene 2 was not finished")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and "Scene 2 was not finished" in report.notes
    services.set_scene_result(team["second_ad"], report.scenes.get(scene_number="2"), result=SceneResult.NOT_SHOT)
    services.submit_report(team["second_ad"], report)
    s2 = board.strips.get(scene__number="2")
    assert (s2.shot, s2.day_id) == (False, None)
    assert board.strips.get(scene__number="1").shot


def test_scenes_of_another_board_or_already_shot_cannot_be_added(board: Board, team, other_production) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    fill(team["second_ad"], report)
    services.submit_report(team["second_ad"], report)
    second = services.start_report(team["second_ad"], day(board, 2))
    with pytest.raises(ValidationError):
        services.add_scene(team["second_ad"], second, board.strips.get(scene__number="1").scene)  # shot on day 1
    with pytest.raises(ValidationError):
        services.add_scene(team["second_ad"], second, second.scenes.first().scene)  # already on the report


def test_day_times_are_validated(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    d = report.date
    with pytest.raises(ValidationError):
        services.update_report(team["second_ad"], report, crew_call=at(d, 8), wrap=at(d, 7))
    with pytest.raises(ValidationError):
        services.update_report(team["second_ad"], report, crew_call=at(d, 8), wrap=at(d, 9, days=1))  # 25 h
    with pytest.raises(ValidationError):
        services.update_report(team["second_ad"], report, crew_call=dt.datetime(2026, 3, 9, 8))  # naive
    services.update_report(team["second_ad"], report, crew_call=at(d, 17), wrap=at(d, 2, days=1))  # a night
    report.refresh_from_db()
    assert report.wrap - report.crew_call == dt.timedelta(hours=9)


def test_many_people_times_and_results_at_once_all_or_nothing(board: Board, team) -> None:
    first = services.start_report(team["second_ad"], day(board, 1))
    added = services.add_people(
        team["second_ad"],
        first,
        [("crew", "Driver Kim", "Transport"), ("crew", " driver  kim", "Transport"), ("crew", "Gaffer", "Electrical")],
    )
    assert [p.name for p in added] == ["Driver Kim", "Gaffer"]  # the same name twice is one person
    assert added[0].history.count() == 1
    fill(team["second_ad"], first)
    services.submit_report(team["second_ad"], first)
    second = services.start_report(team["second_ad"], day(board, 2))
    back = services.previous_day_players(second)
    assert back == [("crew", "Driver Kim", "Transport"), ("crew", "Gaffer", "Electrical")]  # no accounts, no cast
    assert len(services.add_people(team["second_ad"], second, back)) == 2
    assert services.add_people(team["second_ad"], second, back) == []  # already there
    people = list(second.times.order_by("pk"))
    stranger = first.times.first()
    call, wrap = at(second.date, 8), at(second.date, 18)
    with pytest.raises(ValidationError):
        services.set_times_many(
            team["second_ad"],
            second,
            [services.Times(people[0].pk, call, wrap), services.Times(stranger.pk, call, wrap)],
        )
    assert not second.times.filter(call__isnull=False).exists()
    entries = [services.Times(p.pk, call, wrap, [] if i == 0 else services.UNSET) for i, p in enumerate(people)]
    assert services.set_times_many(team["second_ad"], second, entries) == len(people)
    assert not second.times.filter(call__isnull=True).exists()
    assert second.times.get(pk=people[0].pk).meals == [] and second.times.get(pk=people[1].pk).meals is None
    rows = list(second.scenes.order_by("position"))
    with pytest.raises(ValidationError):
        services.set_scene_results(
            team["second_ad"],
            second,
            [services.SceneEntry(rows[0].pk, "completed"), services.SceneEntry(rows[1].pk, "partial", 99)],
        )
    assert not second.scenes.exclude(result="").exists()
    done = [services.SceneEntry(r.pk, "completed", screen_seconds=60, setups=2) for r in rows]
    assert services.set_scene_results(team["second_ad"], second, done) == len(rows)
    assert set(second.scenes.values_list("result", flat=True)) == {"completed"}
    services.update_report(team["second_ad"], second, crew_call=call, wrap=wrap)
    services.submit_report(team["second_ad"], second)
    with pytest.raises(ValidationError):  # a submitted report is no longer a draft
        services.set_scene_results(team["second_ad"], second, done)
