"""Who may do what: studio-wide staff roles, per-production membership roles and the permissions they grant.

This is the single table every app consults (through ``setwise.accounts.permissions``); later apps add their
permissions here so that pages, API, commands and tasks all apply the same rule.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    NONE = "", _("No studio role")
    STUDIO_ADMIN = "studio_admin", _("Studio administrator")
    EXECUTIVE = "executive", _("Production executive")
    PARTNER_MANAGER = "partner_manager", _("Partner network manager")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding lead")


class ProductionRole(models.TextChoices):
    PRODUCER = "producer", _("Producer")
    LINE_PRODUCER = "line_producer", _("Line producer")
    FIRST_AD = "first_ad", _("1st AD")
    SECOND_AD = "second_ad", _("2nd AD")
    INTIMACY_COORDINATOR = "intimacy_coordinator", _("Intimacy coordinator")
    CAST = "cast", _("Cast")
    CREW = "crew", _("Crew")
    POST_SUPERVISOR = "post_supervisor", _("Post supervisor")
    PARTNER_ADMIN = "partner_admin", _("Partner admin")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    SAFEGUARDING_LEAD = "safeguarding_lead", _("Safeguarding lead")


class Perm(StrEnum):
    # production-scoped
    VIEW_PRODUCTION = "production.view"
    EDIT_PRODUCTION = "production.edit"
    MANAGE_MEMBERS = "production.manage_members"
    # Intimacy scenes are safeguarding data: the intimacy coordinator's queue and the intimacy flags are shown
    # only with VIEW_INTIMACY; EDIT_INTIMACY_BREAKDOWN lets a role accept or reject the INTIMACY elements of a
    # breakdown sheet without editing the rest of the breakdown (that still needs EDIT_PRODUCTION).
    VIEW_INTIMACY = "production.view_intimacy"
    EDIT_INTIMACY_BREAKDOWN = "production.edit_intimacy_breakdown"
    # The stripboard: the assistant directors and producers build boards (EDIT_SCHEDULE); producers and line
    # producers commit a board as the baseline the production promises to keep and make it the active one.
    EDIT_SCHEDULE = "production.edit_schedule"
    COMMIT_SCHEDULE = "production.commit_schedule"
    # Budgets and actuals are commercial data: producers and line producers (and studio executives) only.
    VIEW_BUDGET = "production.view_budget"
    EDIT_BUDGET = "production.edit_budget"
    # Post-production (deliverables, post partners, VFX shots and bids, cuts, localisation, QC uploads): producers,
    # line producers and the post supervisor. Every member reads the post pages; VFX bids are shown to EDIT_POST
    # and VIEW_BUDGET holders only.
    EDIT_POST = "production.edit_post"
    # studio-wide
    VIEW_PARTNERS = "partners.view"
    EDIT_PARTNERS = "partners.edit"
    IMPORT_PARTNERS = "partners.import"
    CREATE_PRODUCTION = "production.create"


ALL_PRODUCTION_PERMS = frozenset(
    {
        Perm.VIEW_PRODUCTION,
        Perm.EDIT_PRODUCTION,
        Perm.MANAGE_MEMBERS,
        Perm.VIEW_INTIMACY,
        Perm.EDIT_INTIMACY_BREAKDOWN,
        Perm.EDIT_SCHEDULE,
        Perm.COMMIT_SCHEDULE,
        Perm.VIEW_BUDGET,
        Perm.EDIT_BUDGET,
        Perm.EDIT_POST,
    }
)

# What each membership role may do inside its own production. Producers and line producers hold every
# production permission. VIEW_INTIMACY: producers, line producers, the intimacy coordinator and the safeguarding
# lead (studio admins through STAFF_ROLE_PERMS). EDIT_INTIMACY_BREAKDOWN: producers, line producers and the
# intimacy coordinator.
PRODUCTION_ROLE_PERMS: dict[str, frozenset[Perm]] = {
    ProductionRole.PRODUCER: ALL_PRODUCTION_PERMS,
    ProductionRole.LINE_PRODUCER: ALL_PRODUCTION_PERMS,
    ProductionRole.FIRST_AD: frozenset({Perm.VIEW_PRODUCTION, Perm.EDIT_PRODUCTION, Perm.EDIT_SCHEDULE}),
    ProductionRole.SECOND_AD: frozenset({Perm.VIEW_PRODUCTION, Perm.EDIT_PRODUCTION, Perm.EDIT_SCHEDULE}),
    ProductionRole.INTIMACY_COORDINATOR: frozenset(
        {Perm.VIEW_PRODUCTION, Perm.VIEW_INTIMACY, Perm.EDIT_INTIMACY_BREAKDOWN}
    ),
    ProductionRole.CAST: frozenset({Perm.VIEW_PRODUCTION}),
    ProductionRole.CREW: frozenset({Perm.VIEW_PRODUCTION}),
    ProductionRole.POST_SUPERVISOR: frozenset({Perm.VIEW_PRODUCTION, Perm.EDIT_PRODUCTION, Perm.EDIT_POST}),
    ProductionRole.PARTNER_ADMIN: frozenset({Perm.VIEW_PRODUCTION}),
    ProductionRole.PROGRAMME_MANAGER: frozenset({Perm.VIEW_PRODUCTION}),
    ProductionRole.SAFEGUARDING_LEAD: frozenset({Perm.VIEW_PRODUCTION, Perm.VIEW_INTIMACY}),
}

# What each studio-wide role may do everywhere (production perms here apply to every production).
STAFF_ROLE_PERMS: dict[str, frozenset[Perm]] = {
    StaffRole.NONE: frozenset(),
    StaffRole.STUDIO_ADMIN: frozenset(Perm),
    StaffRole.EXECUTIVE: frozenset(
        {Perm.VIEW_PRODUCTION, Perm.CREATE_PRODUCTION, Perm.EDIT_PARTNERS, Perm.VIEW_BUDGET}
    ),
    StaffRole.PARTNER_MANAGER: frozenset({Perm.EDIT_PARTNERS, Perm.IMPORT_PARTNERS}),
    StaffRole.PROGRAMME_MANAGER: frozenset(),
    StaffRole.SAFEGUARDING_LEAD: frozenset(),
}

# Every signed-in account may read the partner directory: it is the studio's shared network.
AUTHENTICATED_PERMS = frozenset({Perm.VIEW_PARTNERS})


def production_roles_with(perm: Perm) -> list[str]:
    return [role for role, perms in PRODUCTION_ROLE_PERMS.items() if perm in perms]
