"""Plans, riders, withdrawal, bookings and the readiness checks the schedule and call sheets use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from setwise.breakdown.models import ElementStatus, SceneElement
from setwise.intimacy import documents, services
from setwise.intimacy.models import (
    AuditAction,
    AuditEntry,
    ContentType,
    ICBooking,
    Rider,
    RiderSignature,
    RiderStatus,
)
from tests.intimacy.factories import PLAN, SHOOT_DAY, World, plan_scene, ready_world, rider_of, sign

pytestmark = pytest.mark.django_db

SEOUL = dt.timezone(dt.timedelta(hours=9))
MIDNIGHT = dt.datetime.combine(SHOOT_DAY, dt.time(0, 0), tzinfo=SEOUL)  # the production is in Asia/Seoul


def book(world: World, date: dt.date = SHOOT_DAY) -> ICBooking:
    return services.book_coordinator(world["ic"], world.production, world.members["ic"].pk, date)


# --- plans -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["producer", "line_producer", "first_ad", "performer", "crew", "prod_lead"])
def test_only_the_intimacy_coordinator_plans(world, who) -> None:
    with pytest.raises(PermissionDenied):
        services.save_plan(world[who], world.intimate, PLAN)
    assert not world.intimate.__class__.objects.filter(intimacy_plan__isnull=False).exists()


def test_only_flagged_scenes_are_planned(world) -> None:
    with pytest.raises(ValidationError):
        services.save_plan(world["ic"], world.plain, PLAN)


def test_a_rejected_flag_lifts_the_protocol_only_until_performers_are_planned(world) -> None:
    element = SceneElement.objects.get(scene=world.intimate)
    element.status = ElementStatus.REJECTED
    element.save()
    assert services.blocked_scene_ids(world.production) == {}
    element.status = ElementStatus.ACCEPTED
    element.save()
    plan_scene(world)
    element.status = ElementStatus.REJECTED
    element.save()
    assert world.intimate.pk in services.blocked_scene_ids(world.production)


def test_performers_are_cast_members_of_the_production(world, other_production, make_user) -> None:
    plan = services.save_plan(world["ic"], world.intimate, PLAN)
    with pytest.raises(ValidationError):
        services.add_performer(world["ic"], plan, world.members["crew"].pk)
    from setwise.productions.models import Membership

    elsewhere = Membership.objects.create(production=other_production, user=make_user("x"), role="cast")
    with pytest.raises(ValidationError):
        services.add_performer(world["ic"], plan, elsewhere.pk)
    services.add_performer(world["ic"], plan, world.members["performer"].pk, world.minho.pk)
    with pytest.raises(ValidationError):
        services.add_performer(world["ic"], plan, world.members["performer"].pk)


def test_closed_set_roster_must_be_people_on_the_production(world, other_production, make_user) -> None:
    from setwise.productions.models import Membership

    elsewhere = Membership.objects.create(production=other_production, user=make_user("x"), role="crew")
    data = services.PlanData(**{**PLAN.__dict__, "closed_set": (elsewhere.pk,)})
    with pytest.raises(ValidationError):
        services.save_plan(world["ic"], world.intimate, data)


def test_riders_are_sent_only_once_the_plan_says_what_is_agreed(world) -> None:
    plan = services.save_plan(world["ic"], world.intimate, services.PlanData(content_types=(ContentType.KISSING,)))
    services.add_performer(world["ic"], plan, world.members["performer"].pk, world.minho.pk)
    with pytest.raises(ValidationError):
        services.send_riders(world["ic"], plan, "")
    plan = services.save_plan(world["ic"], world.intimate, PLAN)
    assert services.send_riders(world["ic"], plan, "") == 1
    assert rider_of(world, "performer").status == RiderStatus.SENT


def test_the_rider_text_says_what_was_agreed_in_the_performers_language(world) -> None:
    world["performer"].language = "ko"
    world["performer"].save()
    plan = plan_scene(world)
    services.update_rider_terms(
        world["ic"],
        rider_of(world, "performer"),
        services.RiderTerms(nudity_extent="Bare back", simulated_acts="None", footage_limits="No close-ups"),
    )
    text = rider_of(world, "performer").document_text
    for agreed in (plan.description, "Bare back", "No close-ups", "Cushion between hips", "MINHO", "14–15"):
        assert agreed in text
    assert text != rider_of(world, "partner").document_text  # each performer's own terms and language
    assert "Person performer" not in text  # the rider is about the scene, not a profile of the person


# --- signing -------------------------------------------------------------------------------------------------------


def test_signing_keeps_name_time_address_and_the_hash_of_the_exact_text(world) -> None:
    ready_world(world)
    signature = RiderSignature.objects.get(rider=rider_of(world, "performer"))
    assert signature.typed_name == "Person performer"
    assert signature.ip_address == "203.0.113.7"
    assert signature.document_sha256 == documents.sha256(signature.document_text)
    assert signature.document_text == rider_of(world, "performer").document_text
    assert signature.signed_by == world["performer"]
    assert services.blocked_scene_ids(world.production) == {}


def test_only_the_performer_signs_their_rider(world) -> None:
    plan = plan_scene(world)
    services.send_riders(world["ic"], plan, "")
    rider = rider_of(world, "performer")
    digest = documents.sha256(rider.document_text)
    for who in ("partner", "ic", "producer"):
        with pytest.raises(PermissionDenied):
            services.sign_rider(world[who], rider, "Someone", digest, None)
    assert not RiderSignature.objects.exists()


def test_a_signature_of_text_the_performer_did_not_read_is_refused(world) -> None:
    plan = plan_scene(world)
    services.send_riders(world["ic"], plan, "")
    rider = rider_of(world, "performer")
    with pytest.raises(ValidationError):
        services.sign_rider(world["performer"], rider, "Person performer", "0" * 64, None)
    with pytest.raises(ValidationError):
        services.sign_rider(world["performer"], rider, "   ", documents.sha256(rider.document_text), None)
    assert not RiderSignature.objects.exists()


def test_a_draft_rider_cannot_be_signed(world) -> None:
    plan_scene(world)
    rider = rider_of(world, "performer")
    with pytest.raises(ValidationError):
        services.sign_rider(world["performer"], rider, "P", documents.sha256(rider.document_text), None)


def test_a_change_to_the_plan_after_signing_asks_again(world, django_capture_on_commit_callbacks) -> None:
    ready_world(world)
    before = rider_of(world, "performer").version
    changed = services.PlanData(
        **{**PLAN.__dict__, "description": PLAN.description + " Added: partial nudity.", "closed_set": ()}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_plan(world["ic"], world.intimate, changed)
    rider = rider_of(world, "performer")
    assert rider.version == before + 1
    state = services.scene_states(world.production)[world.intimate.pk]
    assert {r.state for r in state.riders} == {"changed"}
    assert services.blocked_scene_ids(world.production)[world.intimate.pk] == "Intimacy plan not ready"  # no roster
    assert sorted(m.to[0] for m in mail.outbox) == ["partner@example.org", "performer@example.org"]
    assert all("partial nudity" not in m.body and "kiss" not in m.body for m in mail.outbox)  # no content by mail
    # signing the new version counts again; the roster is still missing, so the scene stays blocked until it is set
    sign(world, "performer")
    sign(world, "partner")
    assert "closed_set" in services.scene_states(world.production)[world.intimate.pk].missing


def test_a_plan_change_that_does_not_change_the_rider_keeps_the_signature(world) -> None:
    ready_world(world)
    roster = (world.members["first_ad"].pk, world.members["crew"].pk)
    services.save_plan(world["ic"], world.intimate, services.PlanData(**{**PLAN.__dict__, "closed_set": roster}))
    assert services.blocked_scene_ids(world.production) == {}


def test_a_revised_script_that_changes_the_scene_voids_the_signature(world) -> None:
    ready_world(world)
    world.intimate.text = "MINHO and SEOYEON kiss. They undress."
    world.intimate.save()
    state = services.scene_states(world.production)[world.intimate.pk]
    assert {r.state for r in state.riders} == {"changed"}
    rider = rider_of(world, "performer")
    with pytest.raises(ValidationError):
        services.sign_rider(world["performer"], rider, "P", documents.sha256(rider.document_text), None)
    services.ask_again(world["ic"], rider, "")
    sign(world, "performer")
    assert services.scene_states(world.production)[world.intimate.pk].riders[0].state == "signed"


def test_removing_a_performer_who_signed_is_refused(world) -> None:
    ready_world(world)
    with pytest.raises(ValidationError):
        services.remove_performer(world["ic"], rider_of(world, "performer"))
    assert Rider.objects.filter(plan__scene=world.intimate).count() == 2


# --- withdrawal ----------------------------------------------------------------------------------------------------


def test_withdrawal_blocks_the_scene_and_tells_who_must_re_plan(world, django_capture_on_commit_callbacks) -> None:
    ready_world(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_consent(world["performer"], rider_of(world, "performer"), "http://testserver/")
    assert services.blocked_scene_ids(world.production) == {world.intimate.pk: "Needs re-planning"}  # not why
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted(
        f"{who.replace('_', '-')}@example.org" for who in ("producer", "line_producer", "first_ad", "ic")
    )
    for message in mail.outbox:
        assert "12" in message.subject
        for secret in ("Person performer", "Person partner", "MINHO", "kiss", "reason"):
            assert secret not in message.subject + message.body


def test_withdrawal_is_the_performers_alone_and_records_only_the_fact(world) -> None:
    ready_world(world)
    rider = rider_of(world, "performer")
    for who in ("ic", "producer", "partner"):
        with pytest.raises(PermissionDenied):
            services.withdraw_consent(world[who], rider, "")
    services.withdraw_consent(world["performer"], rider, "")
    services.withdraw_consent(world["performer"], rider, "")  # twice changes nothing
    entries = AuditEntry.objects.filter(action=AuditAction.WITHDRAW)
    assert [(e.actor, e.record_id, e.detail) for e in entries] == [(world["performer"], rider.pk, "")]


def test_after_withdrawal_a_new_version_must_be_signed(world) -> None:
    ready_world(world)
    rider = rider_of(world, "performer")
    services.withdraw_consent(world["performer"], rider, "")
    with pytest.raises(ValidationError):
        sign(world, "performer")
    services.ask_again(world["ic"], rider, "")
    rider.refresh_from_db()
    assert rider.status == RiderStatus.SENT and rider.version == 2
    assert world.intimate.pk in services.blocked_scene_ids(world.production)
    sign(world, "performer")
    assert services.blocked_scene_ids(world.production) == {}


def test_a_withdrawn_rider_is_kept_on_record(world) -> None:
    plan = plan_scene(world)
    services.send_riders(world["ic"], plan, "")
    rider = rider_of(world, "performer")
    services.withdraw_consent(world["performer"], rider, "")
    with pytest.raises(ValidationError):
        services.remove_performer(world["ic"], rider)
    assert Rider.objects.filter(pk=rider.pk).exists()


def test_a_rider_not_sent_or_signed_can_be_removed(world) -> None:
    plan_scene(world)
    services.remove_performer(world["ic"], rider_of(world, "partner"))
    assert list(Rider.objects.values_list("membership", flat=True)) == [world.members["performer"].pk]


# --- readiness for the schedule -------------------------------------------------------------------------------------


def test_blocked_reasons_before_and_after_planning(world) -> None:
    assert services.blocked_scene_ids(world.production) == {world.intimate.pk: "Intimacy plan not ready"}
    plan_scene(world)
    assert services.blocked_scene_ids(world.production) == {world.intimate.pk: "Rider not signed yet"}
    state = services.scene_states(world.production)[world.intimate.pk]
    assert [r.state for r in state.riders] == ["draft", "draft"]
    assert state.missing == ()


def test_missing_prerequisites_are_named_for_the_coordinator(world) -> None:
    services.save_plan(world["ic"], world.intimate, services.PlanData())
    state = services.scene_states(world.production)[world.intimate.pk]
    assert state.missing == ("content", "description", "performers", "closed_set")


def test_omitted_scenes_are_not_blocked(world) -> None:
    world.intimate.omitted = True
    world.intimate.save()
    assert services.blocked_scene_ids(world.production) == {}


def test_ic_booked_dates(world) -> None:
    assert services.ic_booked_dates(world.production) == frozenset()
    book(world)
    book(world, SHOOT_DAY + dt.timedelta(days=1))
    assert services.ic_booked_dates(world.production) == {SHOOT_DAY, SHOOT_DAY + dt.timedelta(days=1)}
    with pytest.raises(ValidationError):
        book(world)
    with pytest.raises(ValidationError):
        services.book_coordinator(world["ic"], world.production, world.members["crew"].pk, SHOOT_DAY)
    with pytest.raises(PermissionDenied):
        services.book_coordinator(world["first_ad"], world.production, world.members["ic"].pk, SHOOT_DAY)


@pytest.mark.parametrize(
    ("signed_before_midnight", "ready"),
    [(dt.timedelta(hours=49), True), (dt.timedelta(hours=48), True), (dt.timedelta(hours=47, minutes=59), False)],
)
def test_ready_on_enforces_the_notice_period(world, signed_before_midnight, ready) -> None:
    ready_world(world, signed_at=MIDNIGHT - signed_before_midnight)
    book(world)
    assert services.ready_on(world.intimate, SHOOT_DAY) is ready
    assert services.ready_dates(world.production, [SHOOT_DAY]) == {
        world.intimate.pk: frozenset({SHOOT_DAY} if ready else set())
    }


def test_ready_on_counts_back_from_a_known_call_time(world) -> None:
    ready_world(world, signed_at=MIDNIGHT - dt.timedelta(hours=47))
    book(world)
    assert not services.ready_on(world.intimate, SHOOT_DAY)
    assert services.ready_on(world.intimate, SHOOT_DAY, call_at=MIDNIGHT + dt.timedelta(hours=7))


def test_ready_on_needs_the_coordinator_booked(world) -> None:
    ready_world(world)
    assert not services.ready_on(world.intimate, SHOOT_DAY)
    book(world, SHOOT_DAY + dt.timedelta(days=1))
    assert not services.ready_on(world.intimate, SHOOT_DAY)
    assert services.ready_on(world.intimate, SHOOT_DAY + dt.timedelta(days=1))


def test_ready_on_is_false_while_blocked_and_true_for_other_scenes(world) -> None:
    book(world)
    assert not services.ready_on(world.intimate, SHOOT_DAY)
    assert services.ready_on(world.plain, SHOOT_DAY)
    ready_world(world)
    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    assert not services.ready_on(world.intimate, SHOOT_DAY)


def test_the_notice_period_is_configurable(world, settings) -> None:
    ready_world(world, signed_at=MIDNIGHT - dt.timedelta(hours=60))
    book(world)
    assert services.ready_on(world.intimate, SHOOT_DAY)
    settings.SETWISE_INTIMACY_PROTOCOL = {"rider_notice_hours": 72}
    assert not services.ready_on(world.intimate, SHOOT_DAY)
    settings.SETWISE_INTIMACY_PROTOCOL = {"no_such_rule": 1}
    with pytest.raises(ValueError, match="no_such_rule"):
        services.ready_on(world.intimate, SHOOT_DAY)


# --- call sheets ---------------------------------------------------------------------------------------------------


def _active_board(world: World, date: dt.date) -> Any:
    from setwise.scheduling.models import Board, BoardStatus, ShootDay, Strip

    board = Board.objects.create(production=world.production, name="Main", status=BoardStatus.ACTIVE, start_date=date)
    day = ShootDay.objects.create(board=board, number=1, date=date)
    Strip.objects.create(board=board, scene=world.plain, day=day, position=0)
    Strip.objects.create(board=board, scene=world.intimate, day=day, position=1)
    draft = Board.objects.create(production=world.production, name="Draft", start_date=date)
    other = ShootDay.objects.create(board=draft, number=1, date=date + dt.timedelta(days=1))
    Strip.objects.create(board=draft, scene=world.intimate, day=other, position=0)
    return board


def test_closed_set_lists_the_intimate_scenes_of_the_day_on_active_boards(world) -> None:
    _active_board(world, SHOOT_DAY)
    assert services.closed_set(world.production, SHOOT_DAY) == [world.intimate.pk]
    assert services.closed_set(world.production, SHOOT_DAY + dt.timedelta(days=1)) == []  # a draft board


def test_essential_crew_is_the_roster_the_performers_and_the_coordinators(world) -> None:
    assert services.essential_crew(world.plain) == []
    assert services.essential_crew(world.intimate) == [world.members["ic"].pk]
    plan_scene(world)
    expected = sorted(world.members[w].pk for w in ("ic", "first_ad", "performer", "partner"))
    assert services.essential_crew(world.intimate) == expected


# --- agents, sessions, check-ins -----------------------------------------------------------------------------------


def test_the_performer_shares_the_current_version_with_their_agent(world, django_capture_on_commit_callbacks) -> None:
    ready_world(world)
    rider = rider_of(world, "performer")
    with pytest.raises(PermissionDenied):
        services.share_with_agent(world["ic"], rider, "agent@example.org", "")
    with pytest.raises(ValidationError):
        services.share_with_agent(world["performer"], rider, "not an address", "")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        share = services.share_with_agent(world["performer"], rider, "agent@example.org", "http://testserver/")
    share.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["agent@example.org"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/shared/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert share.token_hash == documents.sha256(token)  # only the hash is stored
    assert rider.document_text not in mail.outbox[0].body


def test_check_ins_are_the_coordinators_alone(world) -> None:
    plan = plan_scene(world)
    rider = rider_of(world, "performer")
    for who in ("producer", "performer", "prod_lead"):
        with pytest.raises(PermissionDenied):
            services.record_check_in(world[who], rider, "pre", SHOOT_DAY, "ok")
    check_in = services.record_check_in(world["ic"], rider, "pre", SHOOT_DAY, "Comfortable, wants a closed monitor")
    assert check_in.plan == plan and check_in.recorded_by == world["ic"]


def test_sessions_are_planned_by_the_coordinator(world) -> None:
    plan = plan_scene(world)
    starts = timezone.make_aware(dt.datetime(2026, 3, 5, 14, 0), dt.UTC)
    with pytest.raises(PermissionDenied):
        services.add_session(world["producer"], plan, "rehearsal", starts)
    session = services.add_session(world["ic"], plan, "choreography", starts, "Studio B", "Blocking the kiss")
    services.set_session_done(world["ic"], session, True)
    session.refresh_from_db()
    assert session.done
    services.delete_session(world["ic"], session)
    assert not plan.sessions.exists()


# --- audit ---------------------------------------------------------------------------------------------------------


def test_every_change_is_in_the_audit_log_without_content(world) -> None:
    ready_world(world)
    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    rows = list(AuditEntry.objects.order_by("pk").values_list("actor__username", "action", "record_type"))
    assert rows[:4] == [
        ("ic", "create", "intimacyplan"),
        ("ic", "create", "rider"),
        ("ic", "create", "rider"),
        ("ic", "send", "rider"),
    ]
    assert ("performer", "sign", "rider") in rows and ("partner", "sign", "rider") in rows
    assert rows[-1] == ("performer", "withdraw", "rider")
    details = " ".join(AuditEntry.objects.values_list("detail", flat=True))
    assert "kiss" not in details and "window" not in details
