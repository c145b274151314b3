"""The audit log of intimacy and safeguarding records: every read and change, who, when, which record.

Entries name the record by type and id and carry a short ``detail`` that is never the record's content (a status,
a version number). An anonymous reporter, an agent's shared link and Setwise's own jobs are recorded by kind only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model

from setwise.intimacy.models import ActorKind, AuditAction, AuditEntry, Concern


def _label(user: Any) -> str:
    return str(getattr(user, "username", "") or "")[:150]


def _entry(
    actor: Any, action: str, record: Model, production_id: int | None, detail: str, actor_kind: str
) -> AuditEntry:
    user = actor if actor_kind == ActorKind.USER and getattr(actor, "pk", None) else None
    route = ""
    if isinstance(record, Concern):
        route = record.routed_to
    elif hasattr(record, "concern"):
        route = getattr(record.concern, "routed_to", "")
    return AuditEntry(
        actor=user,
        actor_label=_label(user) if user is not None else "",
        actor_kind=actor_kind,
        production_id=production_id,
        action=action,
        record_type=record._meta.model_name or "",
        record_id=int(record.pk),
        route=route,
        detail=detail[:200],
    )


def record(
    actor: Any,
    action: AuditAction | str,
    record: Model,
    production_id: int | None,
    detail: str = "",
    actor_kind: ActorKind | str = ActorKind.USER,
) -> None:
    _entry(actor, str(action), record, production_id, detail, str(actor_kind)).save()


def record_reads(actor: Any, records: Iterable[Model], production_id: int | None) -> None:
    """One VIEW entry per record shown (a list page writes one per row)."""
    entries = [_entry(actor, AuditAction.VIEW, r, production_id, "", ActorKind.USER) for r in records]
    if entries:
        AuditEntry.objects.bulk_create(entries)
