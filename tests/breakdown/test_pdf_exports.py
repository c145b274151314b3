"""PDF exports: the scene list (A4 landscape) and the breakdown sheets (one page per scene), with Korean and Thai
text set in the Noto fonts, the same data and intimacy rule as the XLSX exports, and an empty state."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.urls import reverse

from setwise.accounts.roles import ProductionRole
from setwise.breakdown import exports, services
from setwise.breakdown.models import SceneElement
from setwise.productions.models import Membership

pytestmark = pytest.mark.django_db

THAI_PROP = "ร่มสีแดง"  # a red umbrella; tone marks and vowels above the line


def url(name: str, production, *args) -> str:
    return reverse(f"breakdown:{name}", args=[production.slug, *args])


def pages_of(response) -> list[pdfplumber.page.Page]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return list(pdfplumber.open(io.BytesIO(response.content)).pages)


def text_of(page) -> str:
    # Text in drawing order; pdfplumber puts a space between a Thai base letter and its marks, so compare
    # Thai with the spaces taken out.
    return page.extract_text(use_text_flow=True)


def fonts_of(page) -> set[str]:
    return {c["fontname"].split("+", 1)[-1] for c in page.chars}


@pytest.fixture
def sheet_data(production, first_ad, imported):
    s1 = production.scenes.get(number="1")
    services.set_element_status(first_ad, SceneElement.objects.get(scene=s1, element__name="kissing"), "accepted")
    services.add_element(first_ad, s1, "props", THAI_PROP)
    return s1


def test_scene_list_pdf(client, production, first_ad, imported):
    client.force_login(first_ad)
    response = client.get(url("export_scenes_pdf", production))
    assert response["Content-Disposition"] == 'attachment; filename="moonlit-harbour-scenes.pdf"'
    pages = pages_of(response)
    assert len(pages) == 1 and pages[0].width > pages[0].height  # A4 landscape
    assert round(pages[0].width) == 842 and round(pages[0].height) == 595
    text = text_of(pages[0])
    assert "S#1. 항구 / 부두 (밤)" in text and "INT. POLICE STATION - NIGHT" in text
    assert "DETECTIVE PARK, MINHO" in text
    assert "4 scenes" in text
    assert "Draft 1 · White" in text and "Page 1 of 1" in text
    assert "Noto-Sans-CJK-KR" in fonts_of(pages[0])  # Korean in the Korean CJK face, lang="ko" from the draft


def test_breakdown_pdf_one_page_per_scene_with_korean_and_thai(client, production, producer, sheet_data):
    client.force_login(producer)
    response = client.get(url("export_breakdown_pdf", production))
    assert response["Content-Disposition"] == 'attachment; filename="moonlit-harbour-breakdown.pdf"'
    pages = pages_of(response)
    assert len(pages) == 4
    first = text_of(pages[0])
    assert "S#1. 항구 / 부두 (밤)" in first and "Moonlit Harbour" in first
    assert "2/8 pages" in first
    assert "비가 내린다." in first  # the first line of action
    assert THAI_PROP in first.replace(" ", "")
    assert "kissing" in first and "Intimacy" in first  # the producer may see intimacy elements
    assert "Page 1 of 4" in first and "Page 4 of 4" in text_of(pages[3])
    assert {"Noto-Sans-CJK-KR", "Noto-Sans-Thai"} <= fonts_of(pages[0])
    third = text_of(pages[2])
    assert "INT. POLICE STATION - NIGHT" in third and THAI_PROP not in third.replace(" ", "")
    assert "gun" not in third and "key" not in third  # suggestions are not part of the breakdown
    assert "DETECTIVE PARK" in third  # the scene's characters open the cast box


def test_one_scene_and_scenes_of_other_productions(client, production, other_production, first_ad, sheet_data):
    client.force_login(first_ad)
    response = client.get(url("export_breakdown_pdf", production), {"scene": sheet_data.pk})
    assert response["Content-Disposition"] == f'attachment; filename="moonlit-harbour-scene-{sheet_data.pk}.pdf"'
    pages = pages_of(response)
    assert len(pages) == 1 and "S#1. 항구 / 부두 (밤)" in text_of(pages[0])
    assert client.get(url("export_breakdown_pdf", production), {"scene": "x"}).status_code == 404
    Membership.objects.create(production=other_production, user=first_ad, role=ProductionRole.FIRST_AD)
    other = services.import_script(first_ad, other_production, b"EXT. RIVER - NIGHT\n\nLanterns.\n", "r.fountain")
    assert not other.errors
    scene = other_production.scenes.get()
    assert client.get(url("export_breakdown_pdf", production), {"scene": scene.pk}).status_code == 404


def test_who_may_download(client, production, outsider, crew_member, producer, sheet_data):
    client.force_login(outsider)
    assert client.get(url("export_scenes_pdf", production)).status_code == 404
    assert client.get(url("export_breakdown_pdf", production)).status_code == 404
    client.logout()
    assert client.get(url("export_breakdown_pdf", production)).status_code == 302  # to the sign-in page
    client.force_login(crew_member)
    assert len(pages_of(client.get(url("export_scenes_pdf", production)))) == 1
    crew = text_of(pages_of(client.get(url("export_breakdown_pdf", production), {"scene": sheet_data.pk}))[0])
    assert "kissing" not in crew and "Intimacy" not in crew  # no intimacy box at all for cast and crew
    assert THAI_PROP in crew.replace(" ", "")
    client.force_login(producer)
    sheet = text_of(pages_of(client.get(url("export_breakdown_pdf", production), {"scene": sheet_data.pk}))[0])
    assert "kissing" in sheet


def test_without_a_script_the_pdfs_say_so(client, production, crew_member):
    client.force_login(crew_member)
    for name in ("export_scenes_pdf", "export_breakdown_pdf"):
        pages = pages_of(client.get(url(name, production)))
        assert len(pages) == 1
        assert "No script has been imported yet." in text_of(pages[0])


def test_the_pages_link_the_pdfs(client, production, first_ad, imported):
    client.force_login(first_ad)
    assert url("export_scenes_pdf", production) in client.get(url("scenes", production)).content.decode()
    s1 = production.scenes.get(number="1")
    sheet = client.get(url("scene", production, s1.pk)).content.decode()
    assert f"{url('export_breakdown_pdf', production)}?scene={s1.pk}" in sheet


def test_font_stack_puts_the_languages_cjk_face_first():
    assert exports.font_stack("ko").startswith('"Noto Sans", "Noto Sans CJK KR", "Noto Sans CJK JP"')
    assert exports.font_stack("ja").startswith('"Noto Sans", "Noto Sans CJK JP", "Noto Sans CJK KR"')
    assert exports.font_stack("zh-TW").startswith('"Noto Sans", "Noto Sans CJK TC"')
    assert exports.font_stack("zh").startswith('"Noto Sans", "Noto Sans CJK SC"')
    assert '"Noto Sans Thai"' in exports.font_stack("th")


def test_page_counter_follows_the_translation_word_order():
    assert exports.page_counter_css("Page {page} of {pages}") == '"Page " counter(page) " of " counter(pages)'
    assert exports.page_counter_css("{pages}ページ中{page}ページ") == (
        'counter(pages) "ページ中" counter(page) "ページ"'
    )
    assert exports.page_counter_css('a"b') == '"a\\"b"'
