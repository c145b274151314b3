"""Small helpers to create partners through the real service in tests."""

from __future__ import annotations

from typing import Any

from setwise.partners.models import Partner
from setwise.partners.services import PartnerData, create_partner


def make_partner(user: Any, name: str, country: str = "KR", kinds: list[str] | None = None, **fields: Any) -> Partner:
    return create_partner(user, PartnerData(name=name, country=country, kinds=kinds or ["production"], **fields))
