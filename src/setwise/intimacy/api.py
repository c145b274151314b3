"""Intimacy coordination over JSON (mounted with the production routers: /api/productions/{slug}/intimacy/...).

The same access layer, selectors and services as the pages. No list carries rider content, plans, check-ins or
concerns: the board-safe status of scenes, and riders' states for those who may see them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from setwise.core.api_utils import MAX_LIMIT, MAX_OFFSET, Page
from setwise.intimacy import selectors, services
from setwise.intimacy.access import production_for
from setwise.intimacy.models import Rider
from setwise.intimacy.schemas import BlockedSceneOut, RiderOut

router = Router(tags=["intimacy"])


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    return {"count": len(items), "items": items[offset : offset + limit]}


@router.get(
    "/{slug}/intimacy/blocked",
    response=Page[BlockedSceneOut],
    summary="Intimate scenes that may not be shot now, with the reason the stripboard shows (everyone on it)",
)
def blocked(request: HttpRequest, slug: str, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    production, access = production_for(request.user, slug)
    rows = selectors.status_rows(production, access)
    items = [{"scene": r.scene.pk, "number": r.scene.number, "reason": r.reason} for r in rows]
    return _page(items, limit, offset)


def _rider_out(rider: Rider, check: services.RiderCheck) -> dict[str, Any]:
    return {
        "id": rider.pk,
        "scene": rider.plan.scene_id,
        "scene_number": rider.plan.scene.number,
        "state": check.state,
        "version": rider.version,
        "signed_at": check.signed_at,
    }


@router.get(
    "/{slug}/intimacy/riders",
    response=Page[RiderOut],
    summary="Your riders (performers); every rider for the intimacy coordinator and producers. States only",
)
def riders(request: HttpRequest, slug: str, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    production, access = production_for(request.user, slug)
    if access.can_view_plans:
        states = services.scene_states(production)
        checks = {c.rider_id: c for s in states.values() for c in s.riders}
        rows = list(
            Rider.objects.filter(plan__production=production, pk__in=list(checks))
            .select_related("plan__scene")
            .order_by("plan__scene__order", "pk")
        )
        from setwise.intimacy import audit

        audit.record_reads(request.user, rows, production.pk)
        items = [_rider_out(r, checks[r.pk]) for r in rows]
    else:
        items = [_rider_out(r, c) for r, c in selectors.my_riders(production, access)]
    return _page(items, limit, offset)


@router.post(
    "/{slug}/intimacy/riders/{rider_id}/withdraw",
    response=RiderOut,
    summary="Withdraw your consent (the performer; no reason asked, withdrawing twice changes nothing)",
)
def withdraw(request: HttpRequest, slug: str, rider_id: int) -> dict[str, Any]:
    production, access = production_for(request.user, slug)
    rider = selectors.get_rider(production, access, rider_id, record=False)
    row = services.withdraw_consent(request.user, rider, request.build_absolute_uri("/"))
    row = selectors.get_rider(production, access, row.pk, record=False)
    return _rider_out(row, selectors.rider_check(row)[0])
