from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Schema


class CharacterInSceneOut(Schema):
    name: str
    speaking: bool
    dialogue_count: int


class SceneOut(Schema):
    id: int
    episode: int
    number: str
    heading: str
    int_ext: str | None
    set: str
    location: str | None
    time_of_day: str | None
    eighths: int
    length: str  # "1 3/8"
    page_start: int
    page_end: int
    omitted: bool
    draft_version: int
    characters: list[CharacterInSceneOut]


class SceneElementOut(Schema):
    id: int
    category: str
    name: str
    status: str
    triggers: list[str]


class SceneDetailOut(SceneOut):
    text: str
    elements: list[SceneElementOut]


class DraftOut(Schema):
    id: int
    episode: int
    version: int
    colour: str
    file_name: str
    format: str
    title: str
    language: str
    page_count: int
    scene_count: int
    eighths: int
    created_at: datetime


class DecisionIn(Schema):
    status: Literal["accepted", "rejected", "suggested"]


class ElementIn(Schema):
    category: str
    name: str


class ImportStartedOut(Schema):
    job_id: UUID
    status_url: str
