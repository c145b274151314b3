"""Sortable, filterable, paginated tables: the shared helpers every list page uses."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def sort_queryset(
    qs: QuerySet[Any], requested: str | None, allowed: dict[str, str], default: str
) -> tuple[QuerySet[Any], str]:
    """Order ``qs`` by a whitelisted column key (``-key`` for descending); unknown keys fall back to default."""
    key = requested or default
    descending = key.startswith("-")
    column = allowed.get(key.lstrip("-"))
    if column is None:
        key, descending, column = default, default.startswith("-"), allowed[default.lstrip("-")]
    order = f"-{column}" if descending else column
    return qs.order_by(order, "pk"), key
