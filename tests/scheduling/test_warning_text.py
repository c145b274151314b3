"""The stripboard's warnings in the reader's language: the check's label and its sentence, built from the values
the scheduling engine gives (``setwise.scheduling.warning_text``); in English, the engine's own message."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from setwise.engines.scheduling import Violation, validate
from setwise.scheduling import adapter, selectors
from setwise.scheduling.models import Board, StripKind

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def too_long_days(board: Board) -> list[Violation]:
    """Give the first scheduled strip 2 h 10 of shooting (the board's days hold 60 minutes): its day is too long."""
    strip = board.strips.filter(kind=StripKind.SCENE, day__isnull=False).order_by("day__number", "position").first()
    assert strip is not None
    strip.minutes = 130
    strip.save(update_fields=["minutes"])
    problem = adapter.problem_for(board, leave_out=False)
    return [v for v in validate(problem, adapter.current_board(board, problem)) if v.code == "day_too_long"]


def day_warnings(board: Board) -> list[str]:
    """The warnings of the board's days and of their strips (a check on a day of one scene is on its strip)."""
    days = selectors.stripboard(board, show_intimacy=True).days
    return [w for day in days for w in [*day.warnings, *(w for strip in day.strips for w in strip.warnings)]]


def test_a_too_long_day_reads_in_korean_and_in_english_as_the_engine_says(board: Board) -> None:
    found = too_long_days(board)
    assert found  # the board's days hold more than its 60 minutes
    with translation.override("en"):
        english = day_warnings(board)
    for v in found:
        assert f"Day too long: {v.message}" in english
    with translation.override("ko"):
        korean = [w for w in day_warnings(board) if w.startswith("촬영 시간 초과: ")]
    assert len(korean) == len(found)
    for text, v in zip(korean, found, strict=True):
        sentence = text.removeprefix("촬영 시간 초과: ")
        assert v.date is not None and f"{v.date.year}. {v.date.month}. {v.date.day}." in sentence
        assert "2시간 10분" in sentence and "한도는 1시간" in sentence and "제1 촬영 유닛" in sentence
        assert LATIN_WORD.findall(sentence) == [], sentence  # no English word left: not "needs", "h", "limit"...


def test_the_board_page_in_japanese_shows_the_warning_in_japanese(client: Client, board: Board, first_ad: Any) -> None:
    found = too_long_days(board)
    assert found
    client.force_login(first_ad)
    url = reverse("scheduling:board", args=[board.production.slug, board.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "撮影時間超過: " in html and "2時間10分必要ですが、上限は1時間です" in html
    assert "of shooting and moves" not in html
    assert found[0].message not in html


def test_a_warning_names_the_scene_by_its_number_not_by_the_engines_id(board: Board) -> None:
    """The adapter gives the engine database ids as scene ids; the board names a scene by its number."""
    from setwise.scheduling import warning_text
    from setwise.scheduling.models import Unavailability

    strip = board.strips.filter(kind=StripKind.SCENE, day__isnull=False).select_related("scene", "day").first()
    assert strip is not None and strip.scene is not None and strip.day is not None
    character = strip.scene.scene_characters.select_related("character").first()
    assert character is not None
    Unavailability.objects.create(
        production=board.production, character=character.character, start=strip.day.date, end=strip.day.date
    )
    strip.scene.number = "12A"
    strip.scene.save(update_fields=["number"])
    problem = adapter.problem_for(board, leave_out=False)
    found = [v for v in validate(problem, adapter.current_board(board, problem)) if v.code == "cast_unavailable"]
    assert found and found[0].params["scene"] == str(strip.scene_id)
    assert f"(scene {strip.scene_id})" in found[0].message
    with translation.override("en"):
        said = warning_text.render(found[0], lambda s: "12A" if s == str(strip.scene_id) else s)
        shown = [w for w in day_warnings(board) if w.startswith("Cast unavailable")]
    assert said.endswith("(scene 12A)")
    assert shown and all("(scene 12A)" in w for w in shown)
