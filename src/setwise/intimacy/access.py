"""Who may see and do what with intimacy and safeguarding records: the one permission layer of this app.

Every page, API endpoint, service, command and template tag of the app asks here. It is need-to-know and stricter
than the production permissions: studio roles that see every production (studio administrators, executives) and
superusers get nothing here by virtue of that role.

- Plans (the intimacy coordinator's queue and plan of a scene): the production's intimacy coordinators and its
  producers and line producers read them; only intimacy coordinators change them.
- Riders: the performer the rider is for, the intimacy coordinators and the producers; only the performer signs,
  withdraws or shares it with their agent.
- Check-ins: the intimacy coordinators only (their notes are private).
- Intimacy coordinator bookings: read by those who plan the schedule (assistant directors) as well; booked by the
  intimacy coordinator or a producer.
- Concerns: anyone on the production raises one. A case is read only by its safeguarding lead: the production's
  lead (``ProductionRole.SAFEGUARDING_LEAD``) for cases routed to the production, the studio's leads
  (``StaffRole.SAFEGUARDING_LEAD``) for cases routed to the studio. A named reporter reads the messages of their
  own case; an anonymous one only with the case code.
- The audit log: the safeguarding leads (the production's lead never sees entries of the studio's cases).

Records are looked up through their production; a record the person may not see answers 404, like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from setwise.accounts.permissions import get_production_for_user
from setwise.accounts.roles import ProductionRole, StaffRole
from setwise.productions.models import Production

COORDINATOR = ProductionRole.INTIMACY_COORDINATOR.value
PRODUCERS = frozenset({ProductionRole.PRODUCER.value, ProductionRole.LINE_PRODUCER.value})
SCHEDULERS = frozenset({ProductionRole.FIRST_AD.value, ProductionRole.SECOND_AD.value})
PRODUCTION_LEAD = ProductionRole.SAFEGUARDING_LEAD.value
REPLANNING = PRODUCERS | {ProductionRole.FIRST_AD.value, COORDINATOR}


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_studio_lead(user: Any) -> bool:
    """A studio-level safeguarding lead (the studio role, not a superuser flag)."""
    return _active(user) and user.staff_role == StaffRole.SAFEGUARDING_LEAD


@dataclass(frozen=True)
class Access:
    """What one person may do with one production's intimacy and safeguarding records."""

    user_id: int | None
    production_id: int
    roles: frozenset[str]
    membership_ids: frozenset[int]
    on_production: bool  # may see the production at all
    studio_lead: bool
    user: Any = field(default=None, compare=False, repr=False)

    # --- plans, bookings, check-ins ----------------------------------------------------------------------------
    @property
    def coordinator(self) -> bool:
        return COORDINATOR in self.roles

    @property
    def producer(self) -> bool:
        return bool(self.roles & PRODUCERS)

    @property
    def can_view_plans(self) -> bool:
        return self.coordinator or self.producer

    @property
    def can_edit_plans(self) -> bool:
        return self.coordinator

    @property
    def can_view_check_ins(self) -> bool:
        return self.coordinator

    @property
    def can_view_bookings(self) -> bool:
        return self.coordinator or self.producer or bool(self.roles & SCHEDULERS)

    @property
    def can_book(self) -> bool:
        return self.coordinator or self.producer

    @property
    def told_of_replanning(self) -> bool:
        """Producers, line producers, the 1st AD and intimacy coordinators are told a scene needs re-planning (by
        e-mail and on the production page), never who or why."""
        return bool(self.roles & REPLANNING)

    @property
    def can_view_status(self) -> bool:
        """The board-safe status of intimate scenes (blocked or not, and the neutral reason): anyone on it."""
        return self.on_production

    # --- riders ------------------------------------------------------------------------------------------------
    def is_performer(self, rider: Any) -> bool:
        return rider.membership_id is not None and rider.membership_id in self.membership_ids

    def can_view_rider(self, rider: Any) -> bool:
        return self.can_view_plans or self.is_performer(rider)

    @property
    def has_riders_to_see(self) -> bool:
        return bool(self.membership_ids)

    # --- concerns ----------------------------------------------------------------------------------------------
    @property
    def can_raise_concern(self) -> bool:
        return self.on_production

    @property
    def production_lead(self) -> bool:
        return PRODUCTION_LEAD in self.roles

    @property
    def is_lead(self) -> bool:
        return self.production_lead or self.studio_lead

    def can_handle_concern(self, concern: Any) -> bool:
        """The case's safeguarding lead: it is routed to them and they are not said to be involved."""
        from setwise.intimacy.models import ConcernRoute

        if concern.production_id != self.production_id:
            return False
        if concern.routed_to == ConcernRoute.STUDIO:
            return self.studio_lead
        return self.production_lead and not concern.lead_involved

    def is_named_reporter(self, concern: Any) -> bool:
        return (
            self.user_id is not None
            and not concern.anonymous
            and concern.reporter_id == self.user_id
            and concern.production_id == self.production_id
        )

    @property
    def can_view_audit(self) -> bool:
        return self.is_lead

    @property
    def sees_anything(self) -> bool:
        """Whether the app's pages show this person anything beyond raising a concern."""
        return self.can_view_plans or self.can_view_bookings or self.has_riders_to_see or self.is_lead


def access_for(user: Any, production: Production) -> Access:
    """The person's access to ``production``'s records (one query for their roles on it)."""
    if not _active(user):
        return Access(None, production.pk, frozenset(), frozenset(), False, False)
    rows = list(production.memberships.filter(user=user).values_list("pk", "role"))
    roles = frozenset(role for _pk, role in rows)
    from setwise.accounts.permissions import has_production_perm
    from setwise.accounts.roles import Perm

    on_production = bool(rows) or has_production_perm(user, Perm.VIEW_PRODUCTION, production)
    return Access(
        user_id=user.pk,
        production_id=production.pk,
        roles=roles,
        membership_ids=frozenset(pk for pk, role in rows if role == ProductionRole.CAST),
        on_production=on_production,
        studio_lead=is_studio_lead(user),
        user=user,
    )


def production_for(user: Any, slug: str) -> tuple[Production, Access]:
    """The production and the person's access: 404 for those who may not see the production."""
    production = get_production_for_user(user, slug)
    return production, access_for(user, production)


def production_for_leads(user: Any, slug: str) -> tuple[Production, Access]:
    """Like ``production_for``, and studio safeguarding leads reach any production's case pages (they are not on
    the production: the cases routed to the studio are theirs)."""
    try:
        return production_for(user, slug)
    except Http404:
        if not is_studio_lead(user):
            raise
    production = Production.objects.filter(slug=slug).first()
    if production is None:
        raise Http404("No such production")
    return production, access_for(user, production)


def require(allowed: bool, what: str = "this") -> None:
    """Refuse (403) a person who is on the production but may not do ``what``."""
    if not allowed:
        raise PermissionDenied(f"You may not see or change {what}.")
