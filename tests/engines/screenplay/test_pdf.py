"""PDF reading of generated scripts in the region's languages (Korean, Japanese and Chinese PDFs are written with
reportlab's CID fonts, so their text is extractable; the reader must recover headings, numbers and cues)."""

import pytest

from setwise.engines.screenplay import generator as gen
from setwise.engines.screenplay import parse
from setwise.engines.screenplay.model import CHARACTER, DIALOGUE, HEADING, PARENTHETICAL, Element


def _draft(language: str, scenes: list[tuple[str, str, list[tuple[str, str]]]]) -> gen.Draft:
    elements: list[Element] = []
    for number, heading, body in scenes:
        elements.append(Element(HEADING, heading, scene_number=number))
        for kind, text in body:
            elements.append(Element(kind, text))
    return gen.Draft(title="테스트" if language == "ko" else "試験", author="Setwise", language=language,
                     elements=tuple(elements))  # fmt: skip


def test_korean_pdf_headings_and_cues() -> None:
    draft = _draft(
        "ko",
        [
            ("12", "S#12. 민호의 집 / 거실 (낮)", [(CHARACTER, "민호"), (DIALOGUE, "여기 오지 말라고 했잖아.")]),
            ("13", "S#13. 한강 공원 (밤)", [(CHARACTER, "지우 (V.O.)"), (PARENTHETICAL, "(조용히)"),
                                         (DIALOGUE, "어젯밤에 어디 있었어?"), (CHARACTER, "민호"),
                                         (DIALOGUE, "이제 상관없어.")]),
        ],
    )  # fmt: skip
    script = parse(gen.to_pdf(draft), "script.pdf")
    assert script.language == "ko"
    assert script.title == "테스트"
    first, second = script.scenes
    assert (first.number, first.heading, first.location, first.set, first.time_of_day) == (
        "12",
        "S#12. 민호의 집 / 거실 (낮)",
        "민호의 집",
        "거실",
        "DAY",
    )
    assert (second.number, second.set, second.time_of_day) == ("13", "한강 공원", "NIGHT")
    assert first.speaking == ("민호",)
    assert second.speaking == ("지우", "민호")
    assert [c.name for c in script.characters] == ["민호", "지우"]
    assert [e.kind for e in second.elements[1:3]] == [CHARACTER, PARENTHETICAL]


def test_japanese_pdf_hashira_and_cues() -> None:
    draft = _draft(
        "ja",
        [
            ("1", "○喫茶店・店内（夜）", [(CHARACTER, "民子"), (DIALOGUE, "ここに来るなと言ったはずだ。"),
                                       (CHARACTER, "翔"), (DIALOGUE, "もうどうでもいい。")]),
            ("2", "○駅・ホーム（朝）", [(CHARACTER, "健太"), (PARENTHETICAL, "（小声で）"),
                                     (DIALOGUE, "時間がない。")]),
        ],
    )  # fmt: skip
    script = parse(gen.to_pdf(draft), "script.pdf")
    assert script.language == "ja"
    first, second = script.scenes
    assert (first.heading, first.location, first.set, first.time_of_day) == (
        "○喫茶店・店内（夜）",
        "喫茶店",
        "店内",
        "NIGHT",
    )
    assert (second.location, second.set, second.time_of_day) == ("駅", "ホーム", "MORNING")
    assert [s.number for s in script.scenes] == ["1", "2"]
    # a one-character cue right under a line of dialogue stays a cue of its own
    assert first.speaking == ("民子", "翔")
    assert second.speaking == ("健太",)
    assert [e.kind for e in second.elements[1:]] == [CHARACTER, PARENTHETICAL, DIALOGUE]


@pytest.mark.parametrize("language", ["ko", "ja", "zh"])
def test_generated_cjk_pdf_matches_the_fountain_text(language: str) -> None:
    draft = gen.generate(language, pages=6, seed=5)
    from_pdf = parse(gen.to_pdf(draft), "s.pdf")
    from_fountain = parse(gen.to_fountain(draft).encode(), "s.fountain")
    assert from_pdf.language == language
    assert from_pdf.page_count == gen.printed_pages(draft)
    assert [s.heading for s in from_pdf.scenes] == [s.heading for s in from_fountain.scenes]
    assert [s.time_of_day for s in from_pdf.scenes] == [s.time_of_day for s in from_fountain.scenes]
    assert [s.speaking for s in from_pdf.scenes] == [s.speaking for s in from_fountain.scenes]
    assert [c.name for c in from_pdf.characters] == [c.name for c in from_fountain.characters]
    assert [s.number for s in from_pdf.scenes] == [str(k) for k in range(1, len(from_pdf.scenes) + 1)]


def test_pdf_pages_measure_scene_lengths() -> None:
    draft = gen.generate("en", pages=8, seed=2)
    script = parse(gen.to_pdf(draft), "s.pdf")
    assert script.page_count == gen.printed_pages(draft)
    # pages are the file's pages: the body starts after the title page
    assert script.scenes[0].page_start == 2 and script.scenes[-1].page_end == script.page_count + 1
    assert abs(script.eighths - 8 * script.page_count) <= 8
