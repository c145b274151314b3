"""The intimacy protocol's numbers as data (design notes, rules.md section 2), configurable per deployment.

Each value keeps the id rules.md gives it. ``rider_notice_hours`` is the SAG-AFTRA rule (48 hours before the call,
verified); the others are studio policy. Korean and Japanese practice was not read (rules.md marks it ``[U]``), so
``COUNTRY`` holds no overrides yet: a country's row, when known, goes there. A deployment overrides any value with
the setting ``SETWISE_INTIMACY_PROTOCOL`` (a dict of id -> value), e.g. ``{"rider_notice_hours": 72}``.

The readiness checks do not know a performer's call time (call sheets are made later), so the notice period runs
back from ``assumed_call_hour`` on the shoot day: midnight by default, the earliest possible call, which makes the
check never weaker than "before the call".
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Protocol:
    # rules.md `rider_notice_hours`: 48 before call time [V]
    rider_notice_hours: int = 48
    # policy: the local hour on the shoot day the notice period counts back from (0 = midnight, the safe side)
    assumed_call_hour: int = 0
    # policy [U]: how long a closed concern is kept before it is purged (days after it was closed)
    concern_retention_days: int = 730
    # policy: how long a rider link shared with a performer's agent keeps working
    agent_link_days: int = 14


# Per-country overrides (ISO 3166 alpha-2 -> {id: value}); JP/KR practice is [U] in rules.md, so none yet.
COUNTRY: dict[str, dict[str, Any]] = {}

_NAMES = {f.name for f in fields(Protocol)}


def _coerce(values: dict[str, Any]) -> dict[str, int]:
    unknown = set(values) - _NAMES
    if unknown:
        raise ValueError(f"unknown intimacy protocol values: {', '.join(sorted(unknown))}")
    return {k: int(v) for k, v in values.items()}


def protocol_for(country: str = "") -> Protocol:
    """The protocol for a production in ``country``: the defaults, the country's row, then the deployment's
    ``SETWISE_INTIMACY_PROTOCOL`` setting (the last word)."""
    protocol = Protocol()
    protocol = replace(protocol, **_coerce(COUNTRY.get(country.upper(), {})))
    overrides = getattr(settings, "SETWISE_INTIMACY_PROTOCOL", None) or {}
    return replace(protocol, **_coerce(dict(overrides)))


def zone(name: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def signing_deadline(
    date: dt.date, time_zone: str, protocol: Protocol, call_at: dt.datetime | None = None
) -> dt.datetime:
    """The latest moment a rider may be signed for a shoot on ``date``: ``rider_notice_hours`` before the call
    (``call_at`` when known, otherwise ``assumed_call_hour`` local time on the day)."""
    if call_at is None:
        call_at = dt.datetime.combine(date, dt.time(hour=protocol.assumed_call_hour), tzinfo=zone(time_zone))
    return call_at - dt.timedelta(hours=protocol.rider_notice_hours)
