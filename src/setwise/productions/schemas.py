from __future__ import annotations

from datetime import date

from ninja import Schema


class ProductionOut(Schema):
    slug: str
    title: str
    title_local: str
    format: str
    stage: str
    country: str
    language: str
    time_zone: str
    currency: str
    episodes: int
    shoot_start: date | None
    shoot_end: date | None
    launch_date: date | None


class MemberOut(Schema):
    username: str
    name: str
    role: str
    department: str
