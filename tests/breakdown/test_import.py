"""Importing a script into a production: scenes, characters, suggestions; bad files write nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from setwise.breakdown import services
from setwise.breakdown.models import (
    Character,
    Element,
    ElementStatus,
    Location,
    Scene,
    SceneCharacter,
    SceneElement,
    ScriptDraft,
    Set,
    format_eighths,
)
from tests.breakdown.conftest import fixture_bytes

pytestmark = pytest.mark.django_db


def test_first_draft_creates_scenes_characters_and_suggestions(production, first_ad, actor) -> None:
    result = services.import_script(first_ad, production, fixture_bytes("harbour_white.fountain"), "ep1.fountain")
    assert result.errors == [] and result.scenes == 4 and result.version == 1
    draft = ScriptDraft.objects.get()
    assert (draft.version, draft.colour, draft.format, draft.title) == (1, "white", "fountain", "Moonlit Harbour")
    assert draft.uploaded_by == first_ad and draft.scene_count == 4 and draft.language == "ko"
    scenes = list(production.scenes.order_by("order"))
    assert [s.number for s in scenes] == ["1", "2", "3", "4"]
    first = scenes[0]
    assert (first.heading, first.int_ext, first.set_name, first.location, first.time_of_day) == (
        "S#1. 항구 / 부두 (밤)",
        "",
        "부두",
        "항구",
        "NIGHT",
    )
    assert scenes[2].int_ext == "INT" and scenes[2].set_name == "POLICE STATION"
    assert set(production.characters.values_list("name", flat=True)) == {
        "민호",
        "서연",
        "DETECTIVE PARK",
        "MINHO",
        "SEO-YEON",
    }
    speaking = SceneCharacter.objects.get(scene=first, character__name="민호")
    assert speaking.speaking and speaking.dialogue_count == 1
    # The cast member whose membership names the character is linked to it.
    assert Character.objects.get(name="민호").cast_member == actor
    suggested = {
        (se.element.category, se.element.name): se.triggers
        for se in SceneElement.objects.filter(scene=first).select_related("element")
    }
    assert suggested[("intimacy", "kissing")] == ["키스"]
    assert suggested[("props", "우산")] == ["우산"]
    assert SceneElement.objects.filter(status=ElementStatus.SUGGESTED).count() == SceneElement.objects.count()
    assert Element.objects.filter(category="vfx", name="hologram").exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.fountain", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(300), "logo.png", "the file is not text in an encoding we can read"),
        (b"<?xml version='1.0'?><FinalDraft><Content>", "broken.fdx", "not well-formed XML"),
        (b"Just a shopping list.\nMilk\nEggs\n", "list.txt", "no scene headings were found"),
    ],
)
def test_unreadable_files_give_one_line_and_write_nothing(production, first_ad, data, name, message) -> None:
    result = services.import_script(first_ad, production, data, name)
    assert result.draft is None and len(result.errors) == 1
    assert message in result.errors[0]["message"] and "\n" not in result.errors[0]["message"]
    assert not ScriptDraft.objects.exists() and not Scene.objects.exists() and not Character.objects.exists()
    assert not Element.objects.exists()


def test_only_editors_may_import(production, crew_member, outsider, producer) -> None:
    data = fixture_bytes("harbour_white.fountain")
    for user in (crew_member, outsider):
        with pytest.raises(PermissionDenied):
            services.import_script(user, production, data, "ep1.fountain")
    assert not Scene.objects.exists()
    assert services.import_script(producer, production, data, "ep1.fountain").scenes == 4


def test_eighths_are_shown_as_pages_and_eighths() -> None:
    assert [format_eighths(n) for n in (0, 3, 8, 11, 16)] == ["0", "3/8", "1", "1 3/8", "2"]


def test_import_creates_locations_and_sets_and_a_revision_reuses_them(first_ad, production, imported) -> None:
    places = {s.number: (s.set.location.name, s.set.name) for s in production.scenes.select_related("set__location")}
    assert places == {
        "1": ("항구", "부두"),
        "2": ("민호의 집", "거실"),
        "3": ("POLICE STATION", "POLICE STATION"),  # a heading without a separate location: its own location
        "4": ("ROOFTOP", "ROOFTOP"),
    }
    assert Location.objects.filter(production=production).count() == 4
    house = Set.objects.get(production=production, name="거실")
    services.import_script(first_ad, production, fixture_bytes("harbour_blue.fountain"), "ep1-blue.fountain")
    assert production.scenes.get(number="2").set_id == house.pk  # the same set row, not a copy
    assert production.scenes.get(number="5").set.location.name == "수산시장"
    assert Location.objects.filter(production=production).count() == 5
