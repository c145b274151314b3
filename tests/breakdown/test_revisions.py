"""Importing a revised draft: scenes matched by number then content, decisions kept, a diff recorded."""

from __future__ import annotations

import pytest

from setwise.breakdown import revisions, services
from setwise.breakdown.models import ElementStatus, Scene, SceneElement, ScriptDraft
from tests.breakdown.conftest import fixture_bytes

pytestmark = pytest.mark.django_db


def element(scene: Scene, name: str) -> SceneElement:
    return scene.scene_elements.select_related("element").get(element__name=name)


def test_revision_keeps_decisions_and_reports_added_omitted_changed(production, first_ad, imported) -> None:
    s1, s2, s3, s4 = production.scenes.order_by("order")
    services.set_element_status(first_ad, element(s1, "kissing"), ElementStatus.ACCEPTED)
    services.set_element_status(first_ad, element(s1, "우산"), ElementStatus.REJECTED)
    services.add_element(first_ad, s2, "wardrobe", "민호의 잠옷")
    services.set_element_status(first_ad, element(s4, "hologram"), ElementStatus.ACCEPTED)

    result = services.import_script(first_ad, production, fixture_bytes("harbour_blue.fountain"), "ep1_blue.fountain")

    assert (result.version, result.added, result.omitted, result.changed) == (2, 1, 1, 1)
    draft = ScriptDraft.objects.get(version=2)
    assert draft.colour == "blue"  # the next colour in the sequence
    # The same rows carry on: decisions stay where they were made.
    s1.refresh_from_db(), s2.refresh_from_db(), s3.refresh_from_db(), s4.refresh_from_db()
    assert s1.draft == draft and not s1.omitted and s1.revised_in is None
    assert element(s1, "kissing").status == ElementStatus.ACCEPTED
    assert element(s1, "우산").status == ElementStatus.REJECTED
    assert element(s2, "민호의 잠옷").status == ElementStatus.MANUAL
    assert element(s4, "hologram").status == ElementStatus.ACCEPTED
    # Scene 3 vanished: omitted (kept, number not reused); scene 5 is new.
    assert s3.omitted and s3.revised_in == draft and s3.number == "3"
    added = production.scenes.get(number="5")
    assert added.revised_in == draft and added.set_name == "수산시장"
    assert element(added, "민호").status == ElementStatus.SUGGESTED
    # Scene 2 got longer.
    assert s2.revised_in == draft and s2.eighths > 1
    diff = draft.diff
    assert [a["number"] for a in diff["added"]] == ["5"]
    assert [(o["number"], o["heading"]) for o in diff["omitted"]] == [("3", "INT. POLICE STATION - NIGHT")]
    [changed] = diff["changed"]
    assert (changed["number"], changed["old_eighths"], changed["new_eighths"]) == ("2", 1, s2.eighths)
    assert diff["unchanged"] == 2
    assert [s.number for s in production.scenes.filter(omitted=False).order_by("order")] == ["1", "2", "4", "5"]
    # Omitted scenes sort where they were.
    assert [s.number for s in production.scenes.order_by("order")] == ["1", "2", "3", "4", "5"]


def test_scenes_without_numbers_are_matched_by_content(production, first_ad) -> None:
    white = (
        "INT. KITCHEN - DAY\n\nJANE pours coffee and reads the morning paper slowly.\n\nJANE\nMorning.\n\n"
        "EXT. GARDEN - DAY\n\nTOM waters the roses with a rusty can.\n\nTOM\nLovely day.\n"
    )
    services.import_script(first_ad, production, white.encode(), "white.fountain")
    kitchen = production.scenes.get(set_name="KITCHEN")
    services.add_element(first_ad, kitchen, "props", "coffee pot")
    blue = (
        "EXT. STREET - NIGHT\n\nA taxi stops. MIA gets out.\n\n"
        "INT. KITCHEN - DAY\n\nJANE pours coffee and reads the morning paper very slowly.\n\nJANE\nMorning.\n\n"
        "EXT. GARDEN - DAY\n\nTOM waters the roses with a rusty can.\n\nTOM\nLovely day.\n"
    )
    result = services.import_script(first_ad, production, blue.encode(), "blue.fountain", colour="pink")
    assert (result.added, result.omitted, result.changed) == (1, 0, 1)
    kitchen.refresh_from_db()
    assert kitchen.number == "1" and element(kitchen, "coffee pot").status == ElementStatus.MANUAL
    street = production.scenes.get(set_name="STREET")
    assert street.number == "A1"  # inserted before scene 1: no number is reused
    assert ScriptDraft.objects.get(version=2).colour == "pink"


def test_match_scenes_prefers_numbers_then_similarity() -> None:
    old = [revisions.OldScene(1, "1", "INT. A - DAY", "alpha text"), revisions.OldScene(2, "2", "INT. B", "beta")]
    new = [
        revisions.NewScene(1, "2", "INT. B - NIGHT", "rewritten completely"),
        revisions.NewScene(2, None, "INT. A - DAY", "alpha text!"),
        revisions.NewScene(3, None, "EXT. Z", "zzz unrelated"),
    ]
    assert revisions.match_scenes(old, new) == {1: 2, 2: 1}
    assert revisions.next_number("12", {"12", "12A"}, "9") == "12B"
    assert revisions.next_number(None, {"1"}, "1") == "A1"


def test_each_episode_of_a_series_has_its_own_drafts(production, first_ad, imported) -> None:
    episode_two = "S#1. 학교 / 교실 (낮)\n\n학생들이 떠든다.\n\nS#2. 학교 / 복도 (낮)\n\n종이 울린다.\n"
    result = services.import_script(first_ad, production, episode_two.encode(), "ep2.fountain", episode=2)
    assert (result.version, result.added, result.omitted) == (1, 0, 0)
    assert ScriptDraft.objects.get(episode=2).colour == "white"
    # Episode 1's scenes are untouched; both episodes have a scene 1, ordered by episode.
    assert not production.scenes.filter(omitted=True).exists()
    ordered = [(s.episode, s.number) for s in production.scenes.order_by("order")]
    assert ordered == [(1, "1"), (1, "2"), (1, "3"), (1, "4"), (2, "1"), (2, "2")]
    revised = episode_two.replace("종이 울린다.", "종이 울린다. 아이들이 뛰어나온다.")
    result = services.import_script(first_ad, production, revised.encode(), "ep2_blue.fountain", episode=2)
    assert (result.version, result.changed, result.omitted) == (2, 1, 0)
    assert production.scenes.filter(episode=1, draft__version=1).count() == 4
