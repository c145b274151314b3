from __future__ import annotations

from datetime import datetime

from ninja import Schema


class BlockedSceneOut(Schema):
    scene: int
    number: str
    reason: str  # neutral: never who, never why


class RiderOut(Schema):
    id: int
    scene: int
    scene_number: str
    state: str  # draft | awaiting | signed | changed | withdrawn
    version: int
    signed_at: datetime | None
