from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Schema

MAX_LIMIT = 200
MAX_OFFSET = 10**9  # past any real list; keeps absurd values from reaching the database


class Page[T](Schema):
    count: int
    items: list[T]


def paginate(qs: QuerySet[Any], limit: int, offset: int) -> dict[str, Any]:
    """``{count, items}`` with a bounded limit, the shape every API list uses."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}
