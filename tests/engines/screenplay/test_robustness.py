# ruff: noqa: E501 - the FDX sample keeps one paragraph a line
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from setwise.engines.screenplay import ScriptError, parse
from setwise.engines.screenplay import generator as gen

FDX = b"""<?xml version="1.0" encoding="UTF-8"?>
<FinalDraft DocumentType="Script" Version="5"><Content>
<Paragraph Type="Scene Heading" Number="7"><SceneProperties Length="1 3/8" Page="12"/><Text>INT. RUMAH - SIANG</Text></Paragraph>
<Paragraph Type="Action"><Text RevisionID="2">Rina masuk membawa pistol.</Text></Paragraph>
<Paragraph Type="Character"><Text>RINA (O.S.)</Text></Paragraph>
<Paragraph Type="Dialogue"><Text>Budi?</Text></Paragraph>
</Content><Revisions><Revision ID="2" Name="Blue" Color="#0000FF"/></Revisions></FinalDraft>"""

BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<FinalDraft><Content><Paragraph Type="Action"><Text>&lol2;</Text></Paragraph></Content></FinalDraft>"""


def test_fdx_scene_properties_and_revisions() -> None:
    script = parse(FDX, "draft.fdx")
    (scene,) = script.scenes
    assert (scene.number, scene.int_ext, scene.set, scene.time_of_day) == ("7", "INT", "RUMAH", "DAY")
    assert scene.eighths == 11 and scene.page_start == 12
    assert scene.revisions == ("2",)
    assert script.revisions[0].name == "Blue"
    assert script.characters[0].name == "RINA"
    assert ("weapons", "pistol") in {(s.category, s.name) for s in scene.suggestions}


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (BOMB, "bomb.fdx"),
        (b"<FinalDraft><Content><Paragraph>", "broken.fdx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "image.png"),
        (b"%PDF-1.4 garbage", "x.pdf"),
        (b"", "empty.fountain"),
    ],
)
def test_unreadable_inputs_give_one_line_errors(data: bytes, name: str) -> None:
    with pytest.raises(ScriptError) as info:
        parse(data, name)
    assert "\n" not in str(info.value) and str(info.value)


def test_zip_file_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    with pytest.raises(ScriptError):
        parse(buf.getvalue(), "script.zip")


def test_pdf_round_trip_and_errors() -> None:
    from fpdf import FPDF

    draft = gen.generate("en", pages=3, seed=3)
    script = parse(gen.to_pdf(draft), "s.pdf")
    fountain = parse(gen.to_fountain(draft).encode(), "s.fountain")
    assert [s.heading for s in script.scenes] == [s.heading for s in fountain.scenes]
    assert [s.number for s in script.scenes] == [s.number for s in fountain.scenes]
    assert [c.name for c in script.characters] == [c.name for c in fountain.characters]
    assert script.page_count == gen.printed_pages(draft)
    blank = FPDF()
    blank.add_page()
    blank.rect(10, 10, 50, 50)
    with pytest.raises(ScriptError, match="no text layer"):
        parse(bytes(blank.output()), "scan.pdf")
    locked = FPDF()
    locked.set_encryption(owner_password="o", user_password="secret")
    locked.add_page()
    locked.set_font("Courier", size=12)
    locked.text(100, 100, "INT. HOUSE - DAY")
    with pytest.raises(ScriptError, match="encrypted"):
        parse(bytes(locked.output()), "locked.pdf")


@given(st.text(max_size=2000))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_parses_or_errors_cleanly(text: str) -> None:
    for fmt in ("fountain", "fdx", "pdf"):
        try:
            parse(text.encode("utf-8"), None, fmt)
        except ScriptError as exc:
            assert "\n" not in str(exc)


@given(st.binary(max_size=2000), st.sampled_from([None, "x.fountain", "x.fdx", "x.pdf"]))
@settings(max_examples=150, deadline=None)
def test_any_bytes_parse_or_error_cleanly(data: bytes, name: str | None) -> None:
    try:
        parse(data, name)
    except ScriptError as exc:
        assert "\n" not in str(exc)


SAMPLE = gen.to_fountain(gen.generate("ko", pages=2)).encode()
SAMPLE_FDX = gen.to_fdx(gen.generate("en", pages=2), revision="1")
SAMPLE_PDF = gen.to_pdf(gen.generate("ja", pages=2))


@given(st.data())
@settings(max_examples=100, deadline=None)
def test_mutated_files_never_crash(data: st.DataObject) -> None:
    for sample, fmt in ((SAMPLE, "fountain"), (SAMPLE_FDX, "fdx"), (SAMPLE_PDF, "pdf")):
        raw = bytearray(sample)
        for _ in range(data.draw(st.integers(1, 8))):
            pos = data.draw(st.integers(0, len(raw) - 1))
            raw[pos] = data.draw(st.integers(0, 255))
        cut = data.draw(st.integers(1, len(raw)))
        try:
            parse(bytes(raw[:cut]), None, fmt)
        except ScriptError as exc:
            assert "\n" not in str(exc)


@pytest.mark.parametrize("language", gen.LANGUAGES)
def test_generated_scripts_in_every_language(language: str) -> None:
    draft = gen.generate(language, pages=4)
    for data, fmt in ((gen.to_fountain(draft).encode(), "fountain"), (gen.to_fdx(draft), "fdx")):
        script = parse(data, None, fmt)
        assert script.language == language
        assert len(script.scenes) >= 3
        assert all(s.set and s.time_of_day for s in script.scenes)
        assert script.characters and all(s.eighths >= 1 for s in script.scenes)
        assert 3 <= script.page_count <= 6
