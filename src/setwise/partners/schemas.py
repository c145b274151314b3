from __future__ import annotations

from ninja import Schema


class PartnerOut(Schema):
    id: int
    name: str
    name_local: str
    country: str
    city: str
    kinds: list[str]
    capabilities: list[str]
    languages: list[str]
    status: str
    first_year: int | None
