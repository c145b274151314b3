from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from setwise.accounts.permissions import get_production_for_user, productions_for_user
from setwise.core.api_utils import Page, paginate
from setwise.productions.schemas import MemberOut, ProductionOut

router = Router(tags=["productions"])


@router.get("/", response=Page[ProductionOut], summary="Productions you may see")
def list_productions(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict[str, object]:
    return paginate(productions_for_user(request.user).order_by("title"), limit, offset)


@router.get("/{slug}", response=ProductionOut, summary="One production")
def get_production(request: HttpRequest, slug: str) -> object:
    return get_production_for_user(request.user, slug)


@router.get("/{slug}/members", response=list[MemberOut], summary="The production's people and roles")
def list_members(request: HttpRequest, slug: str) -> list[dict[str, str]]:
    production = get_production_for_user(request.user, slug)
    return [
        {"username": m.user.username, "name": str(m.user), "role": m.role, "department": m.department}
        for m in production.memberships.select_related("user").order_by("role", "user__username")
    ]
