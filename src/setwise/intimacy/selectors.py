"""Scoped reads of intimacy and safeguarding records. Every function takes the person's ``Access`` (from
``setwise.intimacy.access``), looks records up through the production, answers 404 for a record the person may
not see, and writes what it showed to the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from setwise.breakdown.models import Scene, SceneCharacter
from setwise.intimacy import audit, documents, services
from setwise.intimacy.access import Access, require
from setwise.intimacy.models import (
    ActorKind,
    AgentShare,
    AuditAction,
    AuditEntry,
    CheckIn,
    Concern,
    ConcernRoute,
    ICBooking,
    IntimacyPlan,
    RehearsalSession,
    Rider,
    RiderSignature,
)
from setwise.productions.models import Membership, Production

AUDIT_PAGE = 200


@dataclass
class QueueRow:
    scene: Scene
    plan: IntimacyPlan | None
    state: services.SceneState


def queue(production: Production, access: Access) -> list[QueueRow]:
    """The intimacy coordinator's queue: the production's intimate scenes with their plan and its state."""
    require(access.can_view_plans, "intimacy plans")
    states = services.scene_states(production)
    scenes = Scene.objects.filter(pk__in=list(states)).order_by("order", "pk")
    plans = {p.scene_id: p for p in IntimacyPlan.objects.filter(production=production, scene_id__in=list(states))}
    rows = [QueueRow(s, plans.get(s.pk), states[s.pk]) for s in scenes]
    audit.record_reads(access_user(access), [r.plan for r in rows if r.plan is not None], production.pk)
    return rows


def access_user(access: Access) -> Any:
    return access.user


@dataclass
class RiderRow:
    rider: Rider
    check: services.RiderCheck | None
    latest: RiderSignature | None = None


@dataclass
class PlanPage:
    scene: Scene
    plan: IntimacyPlan | None
    state: services.SceneState | None
    riders: list[RiderRow] = field(default_factory=list)
    sessions: list[RehearsalSession] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    roster: list[Membership] = field(default_factory=list)
    characters: list[Any] = field(default_factory=list)
    cast: list[Membership] = field(default_factory=list)
    crew: list[Membership] = field(default_factory=list)
    flagged: bool = False


def plan_page(production: Production, access: Access, scene_id: int) -> PlanPage:
    """One scene's plan with its riders' states, sessions, roster and (for coordinators) check-ins."""
    require(access.can_view_plans, "intimacy plans")
    scene = Scene.objects.filter(production=production, pk=scene_id).first()
    if scene is None:
        raise Http404("No such scene")
    state = services.scene_states(production, [scene.pk]).get(scene.pk)
    flagged = bool(services._flagged_ids(production, [scene.pk]))
    if state is None and not flagged:
        raise Http404("Not an intimate scene")
    plan = IntimacyPlan.objects.filter(scene=scene).first()
    page = PlanPage(scene=scene, plan=plan, state=state, flagged=flagged)
    page.characters = [
        sc.character for sc in SceneCharacter.objects.filter(scene=scene).select_related("character__cast_member")
    ]
    members = list(production.memberships.select_related("user").order_by("role", "user__username"))
    page.cast = [m for m in members if m.role == "cast"]
    page.crew = members
    user = access_user(access)
    shown: list[Any] = []
    if plan is not None:
        checks = {c.rider_id: c for c in (state.riders if state else ())}
        riders = list(plan.riders.select_related("membership__user", "character").order_by("pk"))
        latest: dict[int, RiderSignature] = {}
        for sig in RiderSignature.objects.filter(rider__in=riders).order_by("rider_id", "signed_at", "pk"):
            latest[sig.rider_id] = sig
        page.riders = [RiderRow(r, checks.get(r.pk), latest.get(r.pk)) for r in riders]
        page.sessions = list(plan.sessions.all())
        page.roster = list(plan.closed_set.select_related("user").order_by("role", "user__username"))
        shown += [plan, *riders, *page.sessions]
        if access.can_view_check_ins:
            page.check_ins = list(plan.check_ins.select_related("rider__membership__user", "recorded_by"))
            shown += page.check_ins
    audit.record_reads(user, shown, production.pk)
    return page


def get_plan(production: Production, access: Access, scene_id: int) -> IntimacyPlan:
    require(access.can_view_plans, "intimacy plans")
    plan = IntimacyPlan.objects.filter(production=production, scene_id=scene_id).select_related("scene").first()
    if plan is None:
        raise Http404("No plan")
    return plan


def get_rider(production: Production, access: Access, rider_id: int, *, record: bool = True) -> Rider:
    """A rider the person may see (the performer, coordinators, producers); 404 otherwise. Recorded as read."""
    rider = (
        Rider.objects.filter(plan__production=production, pk=rider_id)
        .select_related("plan__scene", "plan__production", "membership__user", "character")
        .first()
    )
    if rider is None or not access.can_view_rider(rider):
        raise Http404("No such rider")
    if record:
        audit.record(access_user(access), AuditAction.VIEW, rider, production.pk, f"version {rider.version}")
    return rider


def rider_check(rider: Rider) -> tuple[services.RiderCheck, RiderSignature | None]:
    latest = rider.signatures.order_by("-signed_at", "-pk").first()
    state, signed_at = services.rider_state(rider, latest, documents.scene_fingerprint(rider.plan.scene))
    return services.RiderCheck(rider.pk, rider.membership_id, state, signed_at), latest


def my_riders(production: Production, access: Access) -> list[tuple[Rider, services.RiderCheck]]:
    """The riders of the person's own cast memberships (drafts are not shown to them)."""
    riders = list(
        Rider.objects.filter(plan__production=production, membership_id__in=access.membership_ids)
        .exclude(status="draft")
        .select_related("plan__scene", "character")
        .order_by("plan__scene__order", "pk")
    )
    audit.record_reads(access_user(access), riders, production.pk)
    return [(r, rider_check(r)[0]) for r in riders]


def bookings(production: Production, access: Access) -> list[ICBooking]:
    require(access.can_view_bookings, "intimacy coordinator bookings")
    rows = list(
        ICBooking.objects.filter(production=production).select_related("coordinator__user").order_by("date", "pk")
    )
    audit.record_reads(access_user(access), rows, production.pk)
    return rows


def coordinators(production: Production) -> QuerySet[Membership]:
    return production.memberships.filter(role="intimacy_coordinator").select_related("user")


@dataclass
class StatusRow:
    scene: Scene
    reason: str


def status_rows(production: Production, access: Access) -> list[StatusRow]:
    """The board-safe status: intimate scenes that may not be shot now, with the neutral reason (no content, no
    names). Not recorded in the audit log: it is what the stripboard shows everyone."""
    require(access.can_view_status, "this")
    blocked = services.blocked_scene_ids(production)
    scenes = Scene.objects.filter(pk__in=list(blocked)).order_by("order", "pk")
    return [StatusRow(s, blocked[s.pk]) for s in scenes]


# --- concerns -----------------------------------------------------------------------------------------------------


def _lead_filter(access: Access) -> Q:
    parts = Q(pk__in=[])
    if access.production_lead:
        parts |= Q(routed_to=ConcernRoute.PRODUCTION, lead_involved=False)
    if access.studio_lead:
        parts |= Q(routed_to=ConcernRoute.STUDIO)
    return parts


def concerns_for(production: Production, access: Access) -> list[Concern]:
    """The production's cases the person is the lead of."""
    require(access.is_lead, "concerns")
    rows = list(Concern.objects.filter(production=production).filter(_lead_filter(access)).order_by("-created_at"))
    audit.record_reads(access_user(access), rows, production.pk)
    return rows


def studio_concerns(user: Any) -> list[Concern]:
    """Every case routed to the studio (studio safeguarding leads only)."""
    from setwise.intimacy.access import is_studio_lead

    require(is_studio_lead(user), "concerns")
    rows = list(
        Concern.objects.filter(routed_to=ConcernRoute.STUDIO).select_related("production").order_by("-created_at")
    )
    for row in rows:
        audit.record(user, AuditAction.VIEW, row, row.production_id)
    return rows


def named_concerns(production: Production, access: Access) -> list[Concern]:
    """The concerns the person raised with their name on this production."""
    if access.user_id is None:
        return []
    rows = list(
        Concern.objects.filter(production=production, anonymous=False, reporter_id=access.user_id).order_by(
            "-created_at"
        )
    )
    audit.record_reads(access_user(access), rows, production.pk)
    return rows


@dataclass
class CaseView:
    concern: Concern
    messages: list[Any]
    notes: list[Any]
    as_lead: bool


def case_for_user(production: Production, access: Access, reference: str) -> CaseView:
    """A case for its lead (with private notes) or its named reporter (messages only); 404 for everyone else."""
    concern = Concern.objects.filter(production=production, reference=reference).select_related("reporter").first()
    if concern is None:
        raise Http404("No such case")
    as_lead = access.can_handle_concern(concern)
    if not as_lead and not access.is_named_reporter(concern):
        raise Http404("No such case")
    messages = list(concern.messages.select_related("author"))
    notes = list(concern.notes.select_related("author")) if as_lead else []
    audit.record_reads(access_user(access), [concern, *messages, *notes], production.pk)
    return CaseView(concern, messages, notes, as_lead)


def case_for_code(production: Production, code: str) -> CaseView | None:
    """A case for whoever holds its code (the reporter): messages only. Recorded without identity."""
    concern = services.concern_for_code(production, code)
    if concern is None:
        return None
    messages = list(concern.messages.all())
    for row in [concern, *messages]:
        audit.record(None, AuditAction.VIEW, row, production.pk, actor_kind=ActorKind.REPORTER_CODE)
    return CaseView(concern, messages, [], False)


def audit_entries(production: Production, access: Access, limit: int = AUDIT_PAGE) -> list[AuditEntry]:
    """The production's audit log for its safeguarding leads (the production's lead: not the studio's cases)."""
    require(access.can_view_audit, "the audit log")
    qs = AuditEntry.objects.filter(production=production).select_related("actor")
    if not access.studio_lead:
        qs = qs.exclude(route=ConcernRoute.STUDIO)
    return list(qs.order_by("-at", "-pk")[:limit])


# --- the agent's link ---------------------------------------------------------------------------------------------


def shared_rider(production: Production, token: str) -> tuple[AgentShare, bool] | None:
    """The share of ``token`` on this production if it has not expired, and whether the rider is still the version
    shared (an out-of-date share shows no text). Recorded as read by the performer's agent."""
    if not token or len(token) > 100:
        return None
    share = (
        AgentShare.objects.filter(rider__plan__production=production, token_hash=documents.sha256(token))
        .select_related("rider__plan__scene", "rider__membership__user")
        .first()
    )
    if share is None or share.expires_at < timezone.now():
        return None
    current = share.version == share.rider.version
    audit.record(None, AuditAction.VIEW, share.rider, production.pk, "agent link", actor_kind=ActorKind.AGENT)
    return share, current


def today(production: Production) -> dt.date:
    from setwise.intimacy.protocol import zone

    return timezone.now().astimezone(zone(production.time_zone)).date()
