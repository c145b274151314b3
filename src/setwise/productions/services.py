"""Write operations on productions and their memberships."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from setwise.accounts.permissions import has_production_perm, require_global_perm
from setwise.accounts.roles import Perm, ProductionRole
from setwise.productions.models import Membership, Production


def unique_slug(title: str) -> str:
    """A URL slug from the title (romanised titles; 'production' for titles in other scripts), made unique."""
    base = slugify(title)[:70] or "production"
    slug, n = base, 2
    while Production.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_production(user: Any, *, creator_role: str | None = ProductionRole.PRODUCER, **fields: Any) -> Production:
    require_global_perm(user, Perm.CREATE_PRODUCTION)
    if not fields.get("slug"):
        fields["slug"] = unique_slug(fields.get("title", ""))
    production = Production(**fields)
    production.full_clean()
    production.save()
    if creator_role and getattr(user, "pk", None):
        Membership.objects.create(production=production, user=user, role=creator_role)
    return production


@transaction.atomic
def add_member(user: Any, production: Production, member: Any, role: str, department: str = "") -> Membership:
    if not has_production_perm(user, Perm.MANAGE_MEMBERS, production):
        raise PermissionDenied("You may not manage this production's members")
    membership, _created = Membership.objects.get_or_create(
        production=production, user=member, role=role, defaults={"department": department}
    )
    return membership


@transaction.atomic
def remove_member(user: Any, production: Production, membership_id: int) -> None:
    if not has_production_perm(user, Perm.MANAGE_MEMBERS, production):
        raise PermissionDenied("You may not manage this production's members")
    production.memberships.filter(pk=membership_id).delete()
