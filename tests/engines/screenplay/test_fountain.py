from pathlib import Path

from setwise.engines.screenplay import fountain, parse, to_json
from setwise.engines.screenplay.model import CENTERED, CHARACTER, LYRIC, PAGE_BREAK, SECTION, SYNOPSIS, TRANSITION

FIXTURE = (Path(__file__).parent / "fixtures" / "rooftop.fountain").read_bytes()


def test_title_page_and_scenes() -> None:
    script = parse(FIXTURE, "rooftop.fountain")
    assert script.title == "The Rooftop"
    assert script.title_page.get("author") == "Setwise Tests"
    headings = [(s.number, s.heading, s.int_ext, s.location, s.set, s.time_of_day) for s in script.scenes]
    assert headings == [
        ("1", "EXT. HAN RIVER PARK - NIGHT", "EXT", None, "HAN RIVER PARK", "NIGHT"),
        ("2A", "FLASHBACK - SCHOOL ROOF", None, "FLASHBACK", "SCHOOL ROOF", None),
        ("3", "INT./EXT. CAR - MOVING - DAY", "INT/EXT", "CAR", "MOVING", "DAY"),
        (None, "I/E BUS - CONTINUOUS", "INT/EXT", None, "BUS", "CONTINUOUS"),
        (None, "EST. SEOUL - DAWN", "EXT", None, "SEOUL", "DAWN"),
    ]


def test_boneyard_and_notes_are_removed() -> None:
    script = parse(FIXTURE, "rooftop.fountain")
    text = "\n".join(s.text for s in script.scenes)
    assert "old opening" not in text and "rain towers" not in text
    assert "Rain. MIN-HO (30s) waits under an umbrella." in text


def test_characters_merged_and_cleaned() -> None:
    script = parse(FIXTURE, "rooftop.fountain")
    names = {c.name: c.aliases for c in script.characters}
    assert names["MIN-HO"] == ("MINHO",)
    assert "JI-WOO" in names and "MCCLANE" in names and "SARAH" in names
    first = script.scenes[0]
    assert first.speaking == ("MIN-HO", "JI-WOO")
    # present: named in the action of scene 2 without speaking
    assert set(script.scenes[1].present) == {"JI-WOO", "MIN-HO"}
    assert dict(script.scenes[2].dialogue_counts) == {"MCCLANE": 1, "MIN-HO": 1, "SARAH": 1}


def test_element_kinds() -> None:
    _, elements = fountain.parse(FIXTURE.decode())
    kinds = [e.kind for e in elements]
    for kind in (SECTION, SYNOPSIS, CENTERED, PAGE_BREAK, LYRIC, TRANSITION):
        assert kind in kinds
    sarah = next(e for e in elements if e.kind == CHARACTER and e.text == "SARAH")
    assert sarah.dual
    mcclane = next(e for e in elements if e.kind == CHARACTER and "McCLANE" in e.text)
    assert not mcclane.dual


def test_page_break_starts_a_new_page() -> None:
    script = parse(FIXTURE, "rooftop.fountain")
    assert script.scenes[-1].page_start == 2
    assert script.page_count == 2


def test_suggestions_in_scene() -> None:
    script = parse(FIXTURE, "rooftop.fountain")
    bus = script.scenes[3]
    found = {(s.category, s.name): s.triggers for s in bus.suggestions}
    assert found[("intimacy", "kissing")] == ("kiss",)
    assert found[("weapons", "knife")] == ("knife",)
    roof = {(s.category, s.name) for s in script.scenes[1].suggestions}
    assert ("animals", "dog") in roof and ("minors", "minor (age)") in roof


def test_json_contract() -> None:
    data = to_json(parse(FIXTURE, "rooftop.fountain"))
    assert set(data) == {"title", "scenes", "characters"}
    scene = data["scenes"][0]
    assert set(scene) == {"number", "heading", "int_ext", "set", "location", "time_of_day", "characters", "eighths"}
    assert all(isinstance(s["eighths"], int) and s["eighths"] >= 1 for s in data["scenes"])
    assert {"name": "MIN-HO", "aliases": ["MINHO"]} in data["characters"]


def test_korean_fountain_in_euc_kr() -> None:
    text = (
        "S#1. 민호의 집 / 거실 (낮)\n\n민호, 휴대폰을 본다. 피투성이다.\n\n@민호\n여기 오지 마.\n\n"
        "@지우\n왜?\n\n#2. 학교 (밤)\n\n지우, 혼자 걷는다.\n"
    )
    script = parse(text.encode("euc-kr"), "ep1.fountain")
    assert script.language == "ko"
    first, second = script.scenes
    assert (first.number, first.location, first.set, first.time_of_day) == ("1", "민호의 집", "거실", "DAY")
    assert first.speaking == ("민호", "지우")
    assert (second.number, second.set, second.time_of_day) == ("2", "학교", "NIGHT")
    assert second.present == ("지우",)
    cats = {(s.category, s.name) for s in first.suggestions}
    assert ("props", "휴대폰") in cats and ("makeup", "피") in cats
