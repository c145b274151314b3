"""The one permission layer: every page, API endpoint, command and task asks here.

Scoped reads are the only path to production data: ``productions_for_user`` and ``get_production_for_user``
(which answers 404 both for "missing" and "forbidden", so outsiders learn nothing of a production).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from setwise.accounts.roles import (
    ALL_PRODUCTION_PERMS,
    AUTHENTICATED_PERMS,
    STAFF_ROLE_PERMS,
    Perm,
    production_roles_with,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from setwise.productions.models import Production


def _is_active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def staff_perms(user: Any) -> frozenset[Perm]:
    if not _is_active(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(Perm)
    return STAFF_ROLE_PERMS.get(user.staff_role, frozenset()) | AUTHENTICATED_PERMS


def has_global_perm(user: Any, perm: Perm) -> bool:
    return perm in staff_perms(user)


def require_global_perm(user: Any, perm: Perm) -> None:
    if not has_global_perm(user, perm):
        raise PermissionDenied(f"missing permission {perm}")


def productions_for_user(user: Any, perm: Perm = Perm.VIEW_PRODUCTION) -> QuerySet[Production]:
    """The productions ``user`` may act on with ``perm``: all of them for studio roles that grant it,
    otherwise those where one of the user's memberships grants it."""
    from setwise.productions.models import Membership, Production

    if perm not in ALL_PRODUCTION_PERMS:
        raise ValueError(f"{perm} is not a production permission")
    qs = Production.objects.all()
    if not _is_active(user):
        return qs.none()
    if perm in staff_perms(user):
        return qs
    # A subquery, not a join: annotations and counts over the result must see each production once, whole.
    granted = Membership.objects.filter(user=user, role__in=production_roles_with(perm)).values("production_id")
    return qs.filter(pk__in=granted)


def has_production_perm(user: Any, perm: Perm, production: Production) -> bool:
    return productions_for_user(user, perm).filter(pk=production.pk).exists()


def get_production_for_user(user: Any, slug: str, perm: Perm = Perm.VIEW_PRODUCTION) -> Production:
    """The production with ``slug`` if ``user`` may ``perm`` it; Http404 otherwise (missing or forbidden)."""
    production = productions_for_user(user, Perm.VIEW_PRODUCTION).filter(slug=slug).first()
    if production is None:
        raise Http404("No such production")
    if perm != Perm.VIEW_PRODUCTION and not has_production_perm(user, perm, production):
        raise PermissionDenied(f"missing permission {perm}")
    return production


def user_production_roles(user: Any, production: Production) -> list[str]:
    if not _is_active(user):
        return []
    return list(production.memberships.filter(user=user).values_list("role", flat=True))
