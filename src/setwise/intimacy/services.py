"""Writes of intimacy coordination and safeguarding, and the readiness checks the schedule and call sheets use.

Every verb checks the person against ``setwise.intimacy.access`` itself, writes inside a transaction, writes its
audit entry (``setwise.intimacy.audit``) and sends its e-mails by tasks after the commit. Content (plans, riders,
notes, concerns) never goes into exceptions, logs or e-mails; the variables of these functions are hidden from
error reports (``sensitive_variables``).

For the stripboard, the optimiser and call sheets (no rider content, no names, no reasons):

- ``readiness(production)``: the protocol state read once; ``Readiness.blocks(scene, date)`` says why a scene may
  not be shot that day (``PUBLIC_REASONS`` for everyone, ``DETAIL_REASONS`` for those who may see intimacy data),
  ``Readiness.ready_dates`` the dates it may (the optimiser's hard constraint, ``scheduling.adapter``).
- ``blocked_scene_ids(production)``: scene id -> a neutral reason, for intimate scenes that may not be shot now
  (a consent withdrawn, the plan or its closed-set roster incomplete, a rider not signed).
- ``ic_booked_dates(production)``: dates an intimacy coordinator is booked (the engine's
  ``requirement_dates["intimacy"]``).
- ``ready_on(scene, date)``: the scene may be shot that day: not blocked, a coordinator booked, and every rider
  signed at least the notice period (``protocol.rider_notice_hours``) before the call.
- ``ready_dates(production, dates)``: for each intimate scene, the dates among ``dates`` it is ready on.
- ``closed_set(production, date)``: intimate scenes on the active boards that day (the set is closed for them).
- ``essential_crew(scene)``: memberships allowed on the closed set (roster, performers, intimacy coordinators);
  ``closed_set_roster`` the same for a call sheet's scenes.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables

from setwise.accounts.roles import ProductionRole
from setwise.breakdown.models import CONFIRMED_STATUSES, Category, Character, Scene, SceneElement
from setwise.intimacy import audit, documents
from setwise.intimacy.access import PRODUCTION_LEAD, Access, access_for, require
from setwise.intimacy.models import (
    ActorKind,
    AgentShare,
    AuditAction,
    AuditEntry,
    CaseNote,
    CheckIn,
    CheckInPhase,
    Concern,
    ConcernKind,
    ConcernMessage,
    ConcernRoute,
    ConcernStatus,
    ContentType,
    ICBooking,
    IntimacyPlan,
    MessageAuthor,
    NudityLevel,
    RehearsalSession,
    Rider,
    RiderSignature,
    RiderStatus,
    SessionKind,
)
from setwise.intimacy.protocol import Protocol, protocol_for, signing_deadline
from setwise.productions.models import Membership, Production

MAX_TEXT = 10_000
PENDING_LINK = "pending-"  # an agent link not made yet: the task claims the row by writing the real hash

# Why an intimate scene may not be shot, in plain words. ``PUBLIC_REASONS`` are safe for everyone who sees the
# stripboard or a call sheet: never who, never why a consent was withdrawn, no content. ``DETAIL_REASONS`` add a
# little for those who may see intimacy data (``Perm.VIEW_INTIMACY``), still without names.
BLOCK_WITHDRAWN = "withdrawn"  # a performer withdrew their consent: the scene needs re-planning
BLOCK_PLAN = "plan"  # no complete plan (content, description, performers, closed-set roster)
BLOCK_UNSIGNED = "unsigned"  # a rider is not signed (yet): for a scene not on a day
BLOCK_LATE = "late"  # a rider was not signed the notice period before the day
BLOCK_IC = "ic"  # no intimacy coordinator booked that day

PUBLIC_REASONS = {
    BLOCK_WITHDRAWN: gettext_lazy("Needs re-planning"),
    BLOCK_PLAN: gettext_lazy("Intimacy plan not ready"),
    BLOCK_UNSIGNED: gettext_lazy("Rider not signed yet"),
    BLOCK_LATE: gettext_lazy("Rider not signed in time"),
    BLOCK_IC: gettext_lazy("Intimacy coordinator not booked that day"),
}
DETAIL_REASONS = {
    BLOCK_WITHDRAWN: gettext_lazy("Consent withdrawn: needs re-planning"),
    BLOCK_PLAN: gettext_lazy("Intimacy plan not ready"),
    BLOCK_UNSIGNED: gettext_lazy("%(open)s of %(count)s riders not signed yet"),
    BLOCK_LATE: gettext_lazy("%(open)s of %(count)s riders not signed %(hours)s hours before the day"),
    BLOCK_IC: gettext_lazy("Intimacy coordinator not booked that day"),
}
REASON_WITHDRAWN = PUBLIC_REASONS[BLOCK_WITHDRAWN]
# An intimate scene the optimiser can place on no date of the schedule (it stays in the boneyard).
REASON_NO_READY_DAY = gettext_lazy("No day with the intimacy coordinator booked and every rider signed in time")

# What a plan still lacks (shown to the intimacy coordinator and producers only).
MISSING_LABELS = {
    "plan": gettext_lazy("No plan yet"),
    "content": gettext_lazy("Type of content not set"),
    "description": gettext_lazy("No description agreed with the director"),
    "performers": gettext_lazy("No performers"),
    "unlinked": gettext_lazy("A performer is not linked to a cast member"),
    "closed_set": gettext_lazy("No closed-set crew list"),
}

RIDER_STATE_LABELS = {
    "draft": gettext_lazy("Being prepared"),
    "awaiting": gettext_lazy("Awaiting signature"),
    "signed": gettext_lazy("Signed"),
    "changed": gettext_lazy("Changed since signing: to be signed again"),
    "withdrawn": gettext_lazy("Consent withdrawn"),
}


def _text(value: str, name: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({name: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError({name: _("At most %(limit)s characters.") % {"limit": limit}})
    return value


def _actor(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def _after_commit(task: Any, *args: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


# ==================================================================================================================
# Readiness: what the stripboard, the optimiser and call sheets ask
# ==================================================================================================================


@dataclass(frozen=True)
class RiderCheck:
    rider_id: int
    membership_id: int | None
    state: str  # draft | awaiting | signed | changed | withdrawn
    signed_at: dt.datetime | None  # of the signature that counts (state "signed")

    @property
    def label(self) -> str:
        return str(RIDER_STATE_LABELS[self.state])


@dataclass(frozen=True)
class SceneState:
    scene_id: int
    flagged: bool
    plan_id: int | None
    missing: tuple[str, ...]
    riders: tuple[RiderCheck, ...] = ()

    @property
    def withdrawn(self) -> bool:
        return any(r.state == "withdrawn" for r in self.riders)

    @property
    def signed(self) -> bool:
        return bool(self.riders) and all(r.state == "signed" for r in self.riders)

    @property
    def blocks(self) -> tuple[str, ...]:
        """Why the scene may not be shot on any day now (``BLOCK_*`` codes, most serious first); empty when it may be
        shot on a day the coordinator is booked and the riders were signed in time for."""
        out = []
        if self.withdrawn:
            out.append(BLOCK_WITHDRAWN)
        if self.missing:
            out.append(BLOCK_PLAN)
        if any(r.state != "signed" for r in self.riders if r.state != "withdrawn"):
            out.append(BLOCK_UNSIGNED)
        return tuple(out)

    @property
    def blocked_reason(self) -> str | None:
        """The reason safe to show to everyone on the board (never who, never why), or None when not blocked."""
        blocks = self.blocks
        return str(PUBLIC_REASONS[blocks[0]]) if blocks else None

    @property
    def open_riders(self) -> int:
        """Riders not signed (withdrawn ones count: they are not signed any more)."""
        return sum(1 for r in self.riders if r.state != "signed")

    @property
    def missing_labels(self) -> list[str]:
        return [str(MISSING_LABELS[m]) for m in self.missing]


def rider_state(rider: Rider, latest: RiderSignature | None, scene_fingerprint: str) -> tuple[str, dt.datetime | None]:
    """A rider's state: withdrawn, draft, signed (the latest signature is of this version and text, for the scene's
    script as it is now), changed (signed once, but not this), or awaiting."""
    if rider.status == RiderStatus.WITHDRAWN:
        return "withdrawn", None
    if rider.status == RiderStatus.DRAFT:
        return "draft", None
    if latest is not None:
        valid = (
            latest.version == rider.version
            and latest.document_sha256 == documents.sha256(rider.document_text)
            and rider.scene_fingerprint == scene_fingerprint
        )
        return ("signed", latest.signed_at) if valid else ("changed", None)
    return "awaiting", None


def _flagged_ids(production: Production, scene_ids: Iterable[int] | None = None) -> set[int]:
    qs = SceneElement.objects.filter(
        scene__production=production,
        scene__omitted=False,
        element__category=Category.INTIMACY,
        status__in=CONFIRMED_STATUSES,
    )
    if scene_ids is not None:
        qs = qs.filter(scene_id__in=list(scene_ids))
    return set(qs.values_list("scene_id", flat=True))


def intimate_scene_ids(production: Production, scene_ids: Iterable[int] | None = None) -> set[int]:
    """Scenes the protocol applies to: flagged intimate in the breakdown (accepted or added by hand), or with a plan
    that names performers (un-flagging a planned scene does not lift its protocol). Omitted scenes are not."""
    wanted = None if scene_ids is None else list(scene_ids)
    flagged = SceneElement.objects.filter(
        scene__production=production,
        scene__omitted=False,
        element__category=Category.INTIMACY,
        status__in=CONFIRMED_STATUSES,
    )
    planned = Rider.objects.filter(plan__production=production, plan__scene__omitted=False, membership__isnull=False)
    if wanted is not None:
        flagged = flagged.filter(scene_id__in=wanted)
        planned = planned.filter(plan__scene_id__in=wanted)
    both = (
        flagged.order_by()
        .values_list("scene_id", flat=True)
        .union(planned.order_by().values_list("plan__scene_id", flat=True))
        .order_by()
    )
    return set(both)  # one query


def scene_states(production: Production, scene_ids: Iterable[int] | None = None) -> dict[int, SceneState]:
    """The protocol state of the production's intimate scenes (or of those among ``scene_ids``)."""
    ids = intimate_scene_ids(production, scene_ids)
    if not ids:
        return {}
    flagged = _flagged_ids(production, ids)
    plans = {
        p.scene_id: p
        for p in IntimacyPlan.objects.filter(production=production, scene_id__in=ids).select_related("scene")
    }
    roster = set(
        IntimacyPlan.closed_set.through.objects.filter(intimacyplan__in=list(plans.values())).values_list(
            "intimacyplan_id", flat=True
        )
    )
    riders: dict[int, list[Rider]] = defaultdict(list)
    for rider in Rider.objects.filter(plan__in=list(plans.values())).order_by("pk"):
        riders[rider.plan_id].append(rider)
    latest: dict[int, RiderSignature] = {}
    for sig in RiderSignature.objects.filter(rider__plan__in=list(plans.values())).order_by(
        "rider_id", "signed_at", "pk"
    ):
        latest[sig.rider_id] = sig  # the last one wins
    states: dict[int, SceneState] = {}
    for scene_id in sorted(ids):
        plan = plans.get(scene_id)
        if plan is None:
            states[scene_id] = SceneState(scene_id, scene_id in flagged, None, ("plan",))
            continue
        fingerprint = documents.scene_fingerprint(plan.scene)
        checks = []
        for rider in riders.get(plan.pk, []):
            state, signed_at = rider_state(rider, latest.get(rider.pk), fingerprint)
            checks.append(RiderCheck(rider.pk, rider.membership_id, state, signed_at))
        missing = []
        if not plan.content_types:
            missing.append("content")
        if not plan.description.strip() or plan.agreed_with_director_on is None:
            missing.append("description")
        if not checks:
            missing.append("performers")
        if any(c.membership_id is None for c in checks):
            missing.append("unlinked")
        if plan.pk not in roster:
            missing.append("closed_set")
        states[scene_id] = SceneState(scene_id, scene_id in flagged, plan.pk, tuple(missing), tuple(checks))
    return states


def blocked_scene_ids(production: Production) -> dict[int, str]:
    """Scene id -> the reason it may not be shot now, for the production's intimate scenes that are blocked. The
    reason is safe to show to everyone on the board (``PUBLIC_REASONS``): "Needs re-planning" for a consent
    withdrawn (never who or why), "Intimacy plan not ready" or "Rider not signed yet"."""
    return {
        scene_id: reason
        for scene_id, state in scene_states(production).items()
        if (reason := state.blocked_reason) is not None
    }


def ic_booked_dates(production: Production) -> frozenset[dt.date]:
    """The dates an intimacy coordinator of the production is booked (the scheduling engine's
    ``requirement_dates["intimacy"]``: intimate scenes may only be placed on them)."""
    return frozenset(
        ICBooking.objects.filter(
            production=production, coordinator__role=ProductionRole.INTIMACY_COORDINATOR
        ).values_list("date", flat=True)
    )


@dataclass(frozen=True)
class Block:
    """One reason an intimate scene may not be shot (on a day): ``reason`` for everyone, ``detail`` for those who
    may see intimacy data."""

    code: str
    reason: str
    detail: str


@dataclass(frozen=True)
class Readiness:
    """The production's intimate scenes as the schedule needs them, read once: their protocol state, the dates an
    intimacy coordinator is booked and the notice period. ``blocks(scene, date)`` says why a scene may not be shot
    on a date (or at all, without a date); ``ready_dates`` are the dates it may be."""

    states: dict[int, SceneState]
    booked: frozenset[dt.date]
    time_zone: str
    protocol: Protocol

    def intimate(self, scene_id: int) -> bool:
        return scene_id in self.states

    def deadline(self, date: dt.date, call_at: dt.datetime | None = None) -> dt.datetime:
        return signing_deadline(date, self.time_zone, self.protocol, call_at)

    def codes(self, scene_id: int, date: dt.date | None = None, *, call_at: dt.datetime | None = None) -> list[str]:
        state = self.states.get(scene_id)
        if state is None:
            return []
        codes = [c for c in state.blocks if date is None or c != BLOCK_UNSIGNED]
        if date is not None:
            deadline = self.deadline(date, call_at)
            if any(r.signed_at is None or r.signed_at > deadline for r in state.riders if r.state != "withdrawn"):
                codes.append(BLOCK_LATE)
            if date not in self.booked:
                codes.append(BLOCK_IC)
        return codes

    def blocks(self, scene_id: int, date: dt.date | None = None, *, call_at: dt.datetime | None = None) -> list[Block]:
        """Why ``scene_id`` may not be shot on ``date`` (without a date: on any day, as things stand), in order."""
        state = self.states.get(scene_id)
        if state is None:
            return []
        out = []
        for code in self.codes(scene_id, date, call_at=call_at):
            detail = str(DETAIL_REASONS[code])
            if code == BLOCK_PLAN:
                detail = f"{detail}: {', '.join(state.missing_labels)}"
            elif code in (BLOCK_UNSIGNED, BLOCK_LATE):
                deadline = self.deadline(date, call_at) if date is not None else None
                late = sum(
                    1
                    for r in state.riders
                    if r.state != "withdrawn"
                    and (r.signed_at is None or (deadline is not None and r.signed_at > deadline))
                )
                count = sum(1 for r in state.riders if r.state != "withdrawn")
                detail = detail % {"open": late, "count": count, "hours": self.protocol.rider_notice_hours}
            out.append(Block(code, str(PUBLIC_REASONS[code]), detail))
        return out

    def ready_on(self, scene_id: int, date: dt.date, *, call_at: dt.datetime | None = None) -> bool:
        return not self.codes(scene_id, date, call_at=call_at)

    def ready_dates(self, scene_id: int, dates: Iterable[dt.date]) -> frozenset[dt.date]:
        """The dates among ``dates`` the scene may be shot on (all of them for a scene the protocol does not cover)."""
        return frozenset(d for d in dates if self.ready_on(scene_id, d))


def readiness(production: Production, scene_ids: Iterable[int] | None = None) -> Readiness:
    """The readiness of the production's intimate scenes (or of those among ``scene_ids``), in a fixed number of
    queries."""
    states = scene_states(production, scene_ids)
    return Readiness(
        states=states,
        booked=ic_booked_dates(production) if states else frozenset(),
        time_zone=production.time_zone,
        protocol=protocol_for(production.country),
    )


def ready_on(scene: Scene, date: dt.date, *, call_at: dt.datetime | None = None) -> bool:
    """Whether ``scene`` may be shot on ``date``. A scene the protocol does not apply to always may. An intimate one
    needs: not blocked, an intimacy coordinator booked that day, and every rider signed at least the notice period
    before the call (``call_at``, or the protocol's assumed call hour on the day)."""
    return readiness(scene.production, [scene.pk]).ready_on(scene.pk, date, call_at=call_at)


def ready_dates(production: Production, dates: Iterable[dt.date]) -> dict[int, frozenset[dt.date]]:
    """For each intimate scene of the production, the dates among ``dates`` it may be shot on (``ready_on`` for
    many scenes and dates at once: per-scene requirement dates for the optimiser)."""
    wanted = sorted(set(dates))
    found = readiness(production)
    return {scene_id: found.ready_dates(scene_id, wanted) for scene_id in found.states}


def closed_set(production: Production, date: dt.date) -> list[int]:
    """The intimate scenes on the production's active boards on ``date``, in board order: the set is closed for
    them (call sheets mark it, list only ``essential_crew`` for them, and carry no rider content)."""
    from setwise.scheduling.models import BoardStatus, Strip, StripKind

    ids = intimate_scene_ids(production)
    if not ids:
        return []
    rows = (
        Strip.objects.filter(
            board__production=production,
            board__status=BoardStatus.ACTIVE,
            kind=StripKind.SCENE,
            day__date=date,
            scene_id__in=ids,
        )
        .order_by("board_id", "position", "pk")
        .values_list("scene_id", flat=True)
    )
    return [scene_id for scene_id in dict.fromkeys(rows) if scene_id is not None]


def essential_crew(scene: Scene) -> list[int]:
    """Membership ids allowed on the closed set of an intimate scene: the plan's closed-set roster, its performers
    and the production's intimacy coordinators. Empty for a scene the protocol does not apply to."""
    production = scene.production
    if scene.pk not in intimate_scene_ids(production, [scene.pk]):
        return []
    ids: set[int] = set(
        production.memberships.filter(role=ProductionRole.INTIMACY_COORDINATOR).values_list("pk", flat=True)
    )
    plan = IntimacyPlan.objects.filter(scene=scene).first()
    if plan is not None:
        ids |= set(plan.closed_set.values_list("pk", flat=True))
        ids |= {m for m in plan.riders.values_list("membership_id", flat=True) if m is not None}
    return sorted(ids)


def closed_set_roster(production: Production, scene_ids: Iterable[int]) -> list[Membership]:
    """Everyone allowed on the closed set of any of the intimate scenes ``scene_ids`` (``essential_crew``), as
    memberships with their people, ordered by role and name: the roster a call sheet prints (names and roles only,
    never anything of the plan or the riders)."""
    ids: set[int] = set()
    for scene in Scene.objects.filter(production=production, pk__in=list(scene_ids)).select_related("production"):
        ids |= set(essential_crew(scene))
    return list(
        Membership.objects.filter(pk__in=ids, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__display_name", "user__username", "pk")
    )


# ==================================================================================================================
# Plans and riders (the intimacy coordinator)
# ==================================================================================================================


@dataclass(frozen=True)
class PlanData:
    content_types: tuple[str, ...] = ()
    nudity_level: str = NudityLevel.NONE
    description: str = ""
    agreed_with_director_on: dt.date | None = None
    modesty_garments: str = ""
    barriers: str = ""
    monitor_restrictions: str = ""
    remote_monitors_off: bool = True
    body_doubles: bool = False
    closed_set: tuple[int, ...] = ()  # membership ids of the production


@dataclass(frozen=True)
class RiderTerms:
    nudity_extent: str = ""
    simulated_acts: str = ""
    footage_limits: str = ""
    stills_permitted: bool = False


def _plan_access(user: Any, production: Production, *, edit: bool) -> Access:
    access = access_for(user, production)
    require(access.can_edit_plans if edit else access.can_view_plans, "intimacy plans")
    return access


def _refresh_documents(
    plan: IntimacyPlan,
    base_url: str,
    *,
    force: Sequence[int] = (),
    riders: Sequence[Rider] | None = None,
    notify: bool = True,
) -> list[int]:
    """Render the riders of ``plan`` again; a rider whose text changed (or in ``force``) goes up a version, and a
    performer who had it already is asked to read and sign it again. Returns the ids of the riders that changed."""
    from setwise.intimacy import tasks

    fingerprint = documents.scene_fingerprint(plan.scene)
    changed: list[int] = []
    for rider in riders if riders is not None else plan.riders.select_related("membership__user", "character"):
        rider.scene_fingerprint = fingerprint
        text = documents.render_rider(rider, plan)
        if text == rider.document_text and rider.pk not in force:
            continue
        if rider.document_text:
            rider.version += 1
        rider.document_text = text
        rider.save(update_fields=["scene_fingerprint", "document_text", "version", "updated_at"])
        changed.append(rider.pk)
        if notify and rider.status == RiderStatus.SENT:
            _after_commit(tasks.notify_rider, rider.pk, base_url, True)
    return changed


def _production_memberships(production: Production, ids: Iterable[int], field_name: str) -> list[Membership]:
    wanted = set(ids)
    found = list(production.memberships.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({field_name: _("Choose people on this production.")})
    return found


@sensitive_variables()
def save_plan(user: Any, scene: Scene, data: PlanData, base_url: str = "") -> IntimacyPlan:
    """Create or change the plan of an intimate scene (intimacy coordinators only). A change that alters what a rider
    says makes its performer sign again (a new version, and a new notice period)."""
    production = scene.production
    _plan_access(user, production, edit=True)
    if scene.omitted:
        raise ValidationError({"scene": _("This scene is omitted from the script.")})
    unknown = set(data.content_types) - set(ContentType.values)
    if unknown:
        raise ValidationError({"content_types": _("Unknown type of content.")})
    if data.nudity_level not in NudityLevel.values:
        raise ValidationError({"nudity_level": _("Unknown level of nudity.")})
    roster = _production_memberships(production, data.closed_set, "closed_set")
    with transaction.atomic():
        plan = IntimacyPlan.objects.select_for_update().filter(scene=scene).first()
        created = plan is None
        if plan is None:
            if scene.pk not in _flagged_ids(production, [scene.pk]):
                raise ValidationError({"scene": _("Only scenes flagged intimate in the breakdown are planned.")})
            plan = IntimacyPlan(production=production, scene=scene, created_by=_actor(user))
        plan.content_types = [v for v in ContentType.values if v in set(data.content_types)]
        plan.nudity_level = data.nudity_level
        plan.description = _text(data.description, "description")
        plan.agreed_with_director_on = data.agreed_with_director_on
        plan.modesty_garments = _text(data.modesty_garments, "modesty_garments")
        plan.barriers = _text(data.barriers, "barriers")
        plan.monitor_restrictions = _text(data.monitor_restrictions, "monitor_restrictions")
        plan.remote_monitors_off = data.remote_monitors_off
        plan.body_doubles = data.body_doubles
        plan.save()
        plan.closed_set.set(roster)
        changed = _refresh_documents(plan, base_url)
        detail = "" if created else f"riders changed: {len(changed)}"
        audit.record(user, AuditAction.CREATE if created else AuditAction.UPDATE, plan, production.pk, detail)
    return plan


@sensitive_variables()
def add_performer(
    user: Any, plan: IntimacyPlan, membership_id: int, character_id: int | None = None, body_double: bool = False
) -> Rider:
    """Add a performer (a cast member of the production, playing ``character`` or doubling for them) to a plan:
    their rider is prepared, not yet sent."""
    production = plan.production
    _plan_access(user, production, edit=True)
    membership = (
        production.memberships.filter(pk=membership_id, role=ProductionRole.CAST).select_related("user").first()
    )
    if membership is None:
        raise ValidationError({"membership": _("Choose a cast member of this production.")})
    character = None
    if character_id is not None:
        character = Character.objects.filter(production=production, pk=character_id).first()
        if character is None:
            raise ValidationError({"character": _("Choose a character of this production.")})
    with transaction.atomic():
        if Rider.objects.filter(plan=plan, membership=membership).exists():
            raise ValidationError({"membership": _("This performer is already in the plan.")})
        rider = Rider.objects.create(plan=plan, membership=membership, character=character, body_double=body_double)
        _refresh_documents(plan, "", riders=[rider])
        audit.record(user, AuditAction.CREATE, rider, production.pk)
    return rider


@sensitive_variables()
def update_rider_terms(user: Any, rider: Rider, terms: RiderTerms, base_url: str = "") -> Rider:
    """Change what one performer agrees to; if the text changes, they sign again."""
    plan = rider.plan
    _plan_access(user, plan.production, edit=True)
    with transaction.atomic():
        row = (
            Rider.objects.select_for_update(of=("self",))
            .select_related("membership__user", "character")
            .get(pk=rider.pk)
        )
        row.nudity_extent = _text(terms.nudity_extent, "nudity_extent")
        row.simulated_acts = _text(terms.simulated_acts, "simulated_acts")
        row.footage_limits = _text(terms.footage_limits, "footage_limits")
        row.stills_permitted = terms.stills_permitted
        row.save()
        changed = _refresh_documents(plan, base_url, riders=[row])
        audit.record(user, AuditAction.UPDATE, row, plan.production_id, f"version {row.version}" if changed else "")
    return row


def remove_performer(user: Any, rider: Rider) -> None:
    """Take a performer out of a plan that has not been signed (a signed or withdrawn rider is kept as a record:
    change the plan instead)."""
    plan = rider.plan
    _plan_access(user, plan.production, edit=True)
    with transaction.atomic():
        row = Rider.objects.select_for_update().get(pk=rider.pk)
        if row.signatures.exists() or row.status == RiderStatus.WITHDRAWN:
            raise ValidationError(
                {"membership": _("A rider that was signed or withdrawn stays on record; change the plan instead.")}
            )
        audit.record(user, AuditAction.DELETE, row, plan.production_id)
        row.delete()


def send_riders(user: Any, plan: IntimacyPlan, base_url: str) -> int:
    """Send the plan's riders that are being prepared to their performers (an e-mail with a link, no content).
    Refused until the plan says what is agreed: the type of content and the description agreed with the director."""
    from setwise.intimacy import tasks

    _plan_access(user, plan.production, edit=True)
    if not plan.content_types or not plan.description.strip() or plan.agreed_with_director_on is None:
        raise ValidationError(
            {"plan": _("Set the type of content and the description agreed with the director before sending.")}
        )
    sent = 0
    with transaction.atomic():
        riders = list(
            Rider.objects.select_for_update(of=("self",))
            .filter(plan=plan, status=RiderStatus.DRAFT, membership__isnull=False)
            .select_related("membership__user", "character")
        )
        _refresh_documents(plan, base_url, riders=riders)
        now = timezone.now()
        for rider in riders:
            rider.status, rider.sent_at = RiderStatus.SENT, now
            rider.save(update_fields=["status", "sent_at", "updated_at"])
            audit.record(user, AuditAction.SEND, rider, plan.production_id, f"version {rider.version}")
            _after_commit(tasks.notify_rider, rider.pk, base_url, False)
            sent += 1
    return sent


def ask_again(user: Any, rider: Rider, base_url: str) -> Rider:
    """After re-planning (a consent withdrawn, or the scene changed in the script), send the performer a new version
    of their rider: it must be signed again, with a new notice period."""
    from setwise.intimacy import tasks

    plan = rider.plan
    _plan_access(user, plan.production, edit=True)
    with transaction.atomic():
        row = (
            Rider.objects.select_for_update(of=("self",))
            .select_related("membership__user", "character")
            .get(pk=rider.pk)
        )
        if row.membership_id is None:
            raise ValidationError({"membership": _("This performer is not linked to a cast member.")})
        _refresh_documents(plan, base_url, force=[row.pk], riders=[row], notify=False)
        row.status, row.sent_at, row.withdrawn_at = RiderStatus.SENT, timezone.now(), None
        row.save(update_fields=["status", "sent_at", "withdrawn_at", "updated_at"])
        audit.record(user, AuditAction.SEND, row, plan.production_id, f"version {row.version}, asked again")
        _after_commit(tasks.notify_rider, row.pk, base_url, True)
    return row


# ==================================================================================================================
# Riders (the performer)
# ==================================================================================================================


def _require_performer(user: Any, rider: Rider) -> Access:
    access = access_for(user, rider.plan.production)
    if not access.is_performer(rider):
        raise PermissionDenied("Only the performer may do this.")
    return access


@sensitive_variables()
def sign_rider(user: Any, rider: Rider, typed_name: str, document_sha256: str, ip: str | None) -> RiderSignature:
    """The performer signs the rider they read: their typed name, the time, their address and the SHA-256 of the
    exact text are kept with the text. Refused when the text changed since they read it (``document_sha256``), or
    when the scene changed in the script since the rider was written."""
    _require_performer(user, rider)
    typed = _text(typed_name, "typed_name", required=True, limit=200)
    with transaction.atomic():
        row = Rider.objects.select_for_update(of=("self",)).select_related("plan__scene").get(pk=rider.pk)
        if row.status != RiderStatus.SENT:
            raise ValidationError({"rider": _("This rider is not waiting for your signature.")})
        if row.scene_fingerprint != documents.scene_fingerprint(row.plan.scene):
            raise ValidationError(
                {"rider": _("The scene changed in the script: the intimacy coordinator will send you a new rider.")}
            )
        digest = documents.sha256(row.document_text)
        if not secrets.compare_digest(digest, (document_sha256 or "").strip().lower()):
            raise ValidationError({"rider": _("The rider changed while you were reading it. Please read it again.")})
        if row.signatures.filter(version=row.version, document_sha256=digest).exists():
            raise ValidationError({"rider": _("You have already signed this version.")})
        signature = RiderSignature.objects.create(
            rider=row,
            version=row.version,
            typed_name=typed,
            ip_address=ip or None,
            document_sha256=digest,
            document_text=row.document_text,
            signed_by=_actor(user),
        )
        audit.record(user, AuditAction.SIGN, row, row.plan.production_id, f"version {row.version}")
    return signature


def withdraw_consent(user: Any, rider: Rider, base_url: str) -> Rider:
    """The performer withdraws their consent, at any time, in one step and without a reason. The scene is blocked;
    producers, 1st ADs and intimacy coordinators are told it needs re-planning (not who, not why). Only the fact is
    recorded. Withdrawing twice changes nothing."""
    from setwise.intimacy import tasks

    _require_performer(user, rider)
    with transaction.atomic():
        row = Rider.objects.select_for_update(of=("self",)).select_related("plan").get(pk=rider.pk)
        if row.status == RiderStatus.WITHDRAWN:
            return row
        row.status, row.withdrawn_at = RiderStatus.WITHDRAWN, timezone.now()
        row.save(update_fields=["status", "withdrawn_at", "updated_at"])
        audit.record(user, AuditAction.WITHDRAW, row, row.plan.production_id)
        _after_commit(tasks.notify_replanning, row.plan.scene_id, base_url)
    return row


@sensitive_variables()
def share_with_agent(user: Any, rider: Rider, email: str, base_url: str) -> AgentShare:
    """The performer sends their agent a link to read the current version of their rider (for
    ``protocol.agent_link_days``). The link is made and e-mailed by a task; only its hash is stored."""
    from django.core.validators import validate_email

    from setwise.intimacy import tasks

    _require_performer(user, rider)
    address = _text(email, "email", required=True, limit=254)
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if rider.status == RiderStatus.DRAFT or not rider.document_text:
        raise ValidationError({"email": _("This rider has not been sent to you yet.")})
    days = protocol_for(rider.plan.production.country).agent_link_days
    with transaction.atomic():
        share = AgentShare.objects.create(
            rider=rider,
            email=address,
            token_hash=f"{PENDING_LINK}{secrets.token_hex(16)}",
            version=rider.version,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        audit.record(user, AuditAction.SHARE, rider, rider.plan.production_id, f"version {rider.version}")
        _after_commit(tasks.send_agent_link, share.pk, base_url)
    return share


# ==================================================================================================================
# Rehearsals, check-ins and bookings
# ==================================================================================================================


@sensitive_variables()
def add_session(
    user: Any, plan: IntimacyPlan, kind: str, starts_at: dt.datetime, place: str = "", notes: str = ""
) -> RehearsalSession:
    _plan_access(user, plan.production, edit=True)
    if kind not in SessionKind.values:
        raise ValidationError({"kind": _("Unknown kind of session.")})
    with transaction.atomic():
        session = RehearsalSession.objects.create(
            plan=plan,
            kind=kind,
            starts_at=starts_at,
            place=_text(place, "place", limit=200),
            notes=_text(notes, "notes"),
        )
        audit.record(user, AuditAction.CREATE, session, plan.production_id)
    return session


def set_session_done(user: Any, session: RehearsalSession, done: bool) -> RehearsalSession:
    _plan_access(user, session.plan.production, edit=True)
    with transaction.atomic():
        session.done = done
        session.save(update_fields=["done"])
        audit.record(user, AuditAction.UPDATE, session, session.plan.production_id, "done" if done else "not done")
    return session


def delete_session(user: Any, session: RehearsalSession) -> None:
    _plan_access(user, session.plan.production, edit=True)
    with transaction.atomic():
        audit.record(user, AuditAction.DELETE, session, session.plan.production_id)
        session.delete()


@sensitive_variables()
def record_check_in(user: Any, rider: Rider, phase: str, date: dt.date, notes: str = "") -> CheckIn:
    """The intimacy coordinator's check-in with a performer before or after the scene (private notes)."""
    plan = rider.plan
    access = access_for(user, plan.production)
    require(access.can_view_check_ins, "check-ins")
    if phase not in CheckInPhase.values:
        raise ValidationError({"phase": _("Choose before or after the scene.")})
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            plan=plan, rider=rider, phase=phase, date=date, notes=_text(notes, "notes"), recorded_by=_actor(user)
        )
        audit.record(user, AuditAction.CREATE, check_in, plan.production_id)
    return check_in


def book_coordinator(
    user: Any, production: Production, coordinator_id: int, date: dt.date, note: str = ""
) -> ICBooking:
    """Book an intimacy coordinator of the production on a date (the coordinator or a producer)."""
    access = access_for(user, production)
    require(access.can_book, "intimacy coordinator bookings")
    coordinator = production.memberships.filter(pk=coordinator_id, role=ProductionRole.INTIMACY_COORDINATOR).first()
    if coordinator is None:
        raise ValidationError({"coordinator": _("Choose an intimacy coordinator of this production.")})
    try:
        with transaction.atomic():
            booking = ICBooking.objects.create(
                production=production,
                coordinator=coordinator,
                date=date,
                note=_text(note, "note", limit=200),
                created_by=_actor(user),
            )
            audit.record(user, AuditAction.CREATE, booking, production.pk, date.isoformat())
    except IntegrityError:
        raise ValidationError({"date": _("This coordinator is already booked on that date.")}) from None
    return booking


def cancel_booking(user: Any, booking: ICBooking) -> None:
    access = access_for(user, booking.production)
    require(access.can_book, "intimacy coordinator bookings")
    with transaction.atomic():
        audit.record(user, AuditAction.DELETE, booking, booking.production_id, booking.date.isoformat())
        booking.delete()


# ==================================================================================================================
# Concerns
# ==================================================================================================================


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))


def new_case_code() -> str:
    """The reporter's private code: 160 random bits in groups that are easy to copy."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(32))
    return "-".join(raw[i : i + 4] for i in range(0, 32, 4))


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:64]
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def code_hash(code: str) -> str:
    return documents.sha256("setwise-concern:" + normalise_code(code))


@dataclass(frozen=True)
class RaisedConcern:
    concern: Concern
    code: str = field(repr=False)  # shown once to the reporter; only its hash is stored


def _route(production: Production, lead_involved: bool) -> str:
    if lead_involved or not production.memberships.filter(role=PRODUCTION_LEAD).exists():
        return ConcernRoute.STUDIO
    return ConcernRoute.PRODUCTION


@sensitive_variables()
def raise_concern(
    user: Any,
    production: Production,
    kind: str,
    description: str,
    *,
    anonymous: bool,
    lead_involved: bool = False,
    base_url: str = "",
) -> RaisedConcern:
    """Anyone on the production raises a concern. Anonymous: no user, no address, no session is stored (the audit
    entry says "anonymous reporter"). It goes to the production's safeguarding lead, or to the studio's leads when
    the production's lead is involved or the production has none. The reporter gets a private code to follow it."""
    from setwise.intimacy import tasks

    access = access_for(user, production)
    require(access.can_raise_concern, "concerns")
    if kind not in ConcernKind.values:
        raise ValidationError({"kind": _("Choose what the concern is about.")})
    text = _text(description, "description", required=True)
    code = new_case_code()
    with transaction.atomic():
        for _attempt in range(5):
            reference = new_reference()
            if not Concern.objects.filter(reference=reference).exists():
                break
        concern = Concern.objects.create(
            production=production,
            reference=reference,
            code_hash=code_hash(code),
            anonymous=anonymous,
            reporter=None if anonymous else _actor(user),
            kind=kind,
            description=text,
            lead_involved=lead_involved,
            routed_to=_route(production, lead_involved),
        )
        if anonymous:
            audit.record(None, AuditAction.CREATE, concern, production.pk, actor_kind=ActorKind.ANONYMOUS_REPORTER)
        else:
            audit.record(user, AuditAction.CREATE, concern, production.pk)
        _after_commit(tasks.notify_concern, concern.pk, base_url, "new")
    return RaisedConcern(concern, code)


def concern_for_code(production: Production, code: str) -> Concern | None:
    """The concern the code follows, on this production (None for a wrong code)."""
    if not code:
        return None
    return Concern.objects.filter(production=production, code_hash=code_hash(code)).first()


@sensitive_variables()
def reporter_reply(concern: Concern, text: str, *, user: Any = None, base_url: str = "") -> ConcernMessage:
    """The reporter adds a message to their case (with the case code; a named reporter may also be signed in).
    For an anonymous case nothing of the person is stored."""
    from setwise.intimacy import tasks

    if concern.status == ConcernStatus.CLOSED:
        raise ValidationError({"text": _("This case is closed.")})
    body = _text(text, "text", required=True)
    named = not concern.anonymous and user is not None and getattr(user, "pk", None) == concern.reporter_id
    with transaction.atomic():
        message = ConcernMessage.objects.create(
            concern=concern,
            author_kind=MessageAuthor.REPORTER,
            author=concern.reporter if not concern.anonymous else None,
            text=body,
        )
        if named:
            audit.record(user, AuditAction.CREATE, message, concern.production_id)
        else:
            audit.record(None, AuditAction.CREATE, message, concern.production_id, actor_kind=ActorKind.REPORTER_CODE)
        _after_commit(tasks.notify_concern, concern.pk, base_url, "reporter")
    return message


def _require_lead(user: Any, concern: Concern) -> None:
    access = access_for(user, concern.production)
    if not access.can_handle_concern(concern):
        raise PermissionDenied("Only the case's safeguarding lead may do this.")


@sensitive_variables()
def lead_reply(user: Any, concern: Concern, text: str, base_url: str = "") -> ConcernMessage:
    """The safeguarding lead writes to the reporter (a named reporter is told by e-mail that there is a reply)."""
    from setwise.intimacy import tasks

    _require_lead(user, concern)
    body = _text(text, "text", required=True)
    with transaction.atomic():
        message = ConcernMessage.objects.create(
            concern=concern, author_kind=MessageAuthor.LEAD, author=_actor(user), text=body
        )
        audit.record(user, AuditAction.CREATE, message, concern.production_id)
        _after_commit(tasks.notify_concern, concern.pk, base_url, "lead")
    return message


@sensitive_variables()
def add_case_note(user: Any, concern: Concern, text: str) -> CaseNote:
    _require_lead(user, concern)
    body = _text(text, "text", required=True)
    with transaction.atomic():
        note = CaseNote.objects.create(concern=concern, author=_actor(user), text=body)
        audit.record(user, AuditAction.CREATE, note, concern.production_id)
    return note


def set_concern_status(user: Any, concern: Concern, status: str) -> Concern:
    """Move a case on (received, being looked into, action taken, closed). Closing starts the retention period;
    reopening stops it."""
    _require_lead(user, concern)
    if status not in ConcernStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        row = Concern.objects.select_for_update().get(pk=concern.pk)
        row.status = status
        row.closed_at = (row.closed_at or timezone.now()) if status == ConcernStatus.CLOSED else None
        row.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(user, AuditAction.UPDATE, row, row.production_id, f"status {status}")
    return row


def escalate(user: Any, concern: Concern, base_url: str = "") -> Concern:
    """The production's lead hands a case to the studio's leads (and no longer sees it)."""
    from setwise.intimacy import tasks

    _require_lead(user, concern)
    with transaction.atomic():
        row = Concern.objects.select_for_update().get(pk=concern.pk)
        if row.routed_to == ConcernRoute.STUDIO:
            return row
        audit.record(user, AuditAction.UPDATE, row, row.production_id, "escalated to the studio")
        row.routed_to = ConcernRoute.STUDIO
        row.save(update_fields=["routed_to", "updated_at"])
        _after_commit(tasks.notify_concern, row.pk, base_url, "new")
    return row


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    references: tuple[str, ...]


def purge_closed_concerns(*, now: dt.datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete cases closed longer ago than the retention period (``protocol.concern_retention_days`` of the
    production's country), with their messages and notes. The audit log keeps that they existed, were handled and
    were purged (entries carry no content), and its entries about them no longer name anyone. Idempotent; run
    daily by ``setwise serve``'s housekeeping (the task), or ``setwise intimacy purge-concerns``."""
    now = now or timezone.now()
    due: list[Concern] = []
    by_country: dict[str, int] = {}
    for concern in Concern.objects.filter(status=ConcernStatus.CLOSED, closed_at__isnull=False).select_related(
        "production"
    ):
        country = concern.production.country
        if country not in by_country:
            by_country[country] = protocol_for(country).concern_retention_days
        assert concern.closed_at is not None
        if concern.closed_at <= now - dt.timedelta(days=by_country[country]):
            due.append(concern)
    references = tuple(sorted(c.reference for c in due))
    if dry_run or not due:
        return PurgeResult(len(due), references)
    ids = [c.pk for c in due]
    with transaction.atomic():
        # The audit log keeps that the case was raised, read and handled, but no longer by whom (a named reporter
        # stays unnamed once the retention period is over).
        records = (
            Q(record_type="concern", record_id__in=ids)
            | Q(
                record_type="concernmessage",
                record_id__in=ConcernMessage.objects.filter(concern_id__in=ids).values("pk"),
            )
            | Q(record_type="casenote", record_id__in=CaseNote.objects.filter(concern_id__in=ids).values("pk"))
        )
        AuditEntry.objects.filter(records).update(actor=None, actor_label="")
        for concern in due:
            audit.record(None, AuditAction.PURGE, concern, concern.production_id, actor_kind=ActorKind.SYSTEM)
        Concern.objects.filter(pk__in=ids).delete()
    return PurgeResult(len(due), references)


def studio_leads_exist() -> bool:
    from setwise.accounts.models import User
    from setwise.accounts.roles import StaffRole

    return User.objects.filter(is_active=True, staff_role=StaffRole.SAFEGUARDING_LEAD).exists()


def lead_recipients(concern: Concern) -> QuerySet[Any]:
    """The people a case goes to: the production's leads, or the studio's."""
    from setwise.accounts.models import User
    from setwise.accounts.roles import StaffRole

    if concern.routed_to == ConcernRoute.STUDIO:
        return User.objects.filter(is_active=True, staff_role=StaffRole.SAFEGUARDING_LEAD)
    return User.objects.filter(
        is_active=True,
        memberships__production_id=concern.production_id,
        memberships__role=PRODUCTION_LEAD,
    ).distinct()


def scenes_needing_replanning(production: Production) -> list[Scene]:
    """Scenes with a consent withdrawn (not omitted), in script order: what the production page tells those who
    re-plan (one query; never who withdrew)."""
    ids = Rider.objects.filter(
        plan__production=production, status=RiderStatus.WITHDRAWN, plan__scene__omitted=False
    ).values("plan__scene_id")
    return list(Scene.objects.filter(pk__in=ids).order_by("order", "pk"))


def replanning_recipients(production: Production) -> QuerySet[Any]:
    """Who is told that a scene needs re-planning: producers, line producers, 1st ADs and intimacy coordinators."""
    from setwise.accounts.models import User

    roles = [
        ProductionRole.PRODUCER,
        ProductionRole.LINE_PRODUCER,
        ProductionRole.FIRST_AD,
        ProductionRole.INTIMACY_COORDINATOR,
    ]
    return User.objects.filter(
        Q(memberships__production=production) & Q(memberships__role__in=roles), is_active=True
    ).distinct()
