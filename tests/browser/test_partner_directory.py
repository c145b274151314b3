"""The partner directory in a real browser: search in Asian scripts, the partner page, sorting the table."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Network

pytestmark = pytest.mark.browser

ROW_NAMES = "#table tbody tr td:first-child a"


def test_search_box_filters_the_table_in_place(page: Page, network: Network) -> None:
    page.goto("/partners/")
    rows = page.locator(ROW_NAMES)
    search = page.get_by_test_id("partner-search")
    expect(rows).to_have_count(4)
    page.evaluate("window.__samePage = true")

    search.fill("한빛")
    expect(rows).to_have_text(["Hanbit Pictures"])
    expect(page.locator("#table")).to_contain_text("한빛 픽처스")
    expect(page).to_have_url(re.compile(r"/partners/\?.*q=%ED%95%9C%EB%B9%9B"))

    for query, expected in (
        ("さくら", "Sakura Eizo"),
        ("บางกอก", "Bangkok Sound Lab"),
        ("서울", "Seoul Dubbing House"),
    ):
        search.fill(query)
        expect(rows).to_have_text([expected])

    search.fill("")
    expect(rows).to_have_count(4)
    # every update was an htmx swap of the table: the page itself was never reloaded
    assert page.evaluate("window.__samePage") is True


def test_global_search_in_the_top_bar_finds_the_korean_partner(page: Page, network: Network) -> None:
    page.goto("/")
    search = page.locator("#global-q")
    search.fill("한빛")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q="))
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="한빛 픽처스 (Hanbit Pictures)")).to_be_visible()
    expect(results).not_to_contain_text("Seoul Dubbing House")
    expect(results).not_to_contain_text("Sakura Eizo")
    expect(page.locator("#global-q")).to_have_value("한빛")


def test_partner_page_shows_local_name_and_collaboration_timeline(page: Page, network: Network) -> None:
    page.goto("/partners/")
    page.get_by_role("link", name="Hanbit Pictures", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/partners/{network.hanbit.pk}/$"))
    expect(page.locator("h1")).to_contain_text("한빛 픽처스")
    expect(page.locator("h1")).to_contain_text("Hanbit Pictures")
    years = page.get_by_test_id("timeline").locator(".year")
    expect(years).to_have_text(["2024", "2019"])
    expect(page.get_by_test_id("timeline")).to_contain_text("Moonlit Harbour")
    expect(page.get_by_test_id("timeline")).to_contain_text("Winter Tram")


def test_partner_without_collaborations_has_no_timeline(page: Page, network: Network) -> None:
    page.goto(f"/partners/{network.sakura.pk}/")

    expect(page.locator("h1")).to_contain_text("さくら映像")
    expect(page.get_by_test_id("timeline")).to_have_count(0)
    expect(page.get_by_text("No collaborations with the studio yet.")).to_be_visible()


def test_clicking_the_country_header_sorts_the_rows(page: Page, network: Network) -> None:
    page.goto("/partners/")
    rows = page.locator(ROW_NAMES)
    country = page.locator('#table a[data-sort="country"]')
    expect(rows).to_have_text(["Bangkok Sound Lab", "Hanbit Pictures", "Sakura Eizo", "Seoul Dubbing House"])
    expect(country).to_have_attribute("aria-sort", "none")

    country.click()
    expect(country).to_have_attribute("aria-sort", "ascending")
    # JP, KR, KR, TH; partners of one country keep their creation order
    expect(rows).to_have_text(["Sakura Eizo", "Hanbit Pictures", "Seoul Dubbing House", "Bangkok Sound Lab"])
    expect(page).to_have_url(re.compile(r"sort=country"))

    page.locator('#table a[data-sort="country"]').click()
    expect(country).to_have_attribute("aria-sort", "descending")
    expect(rows).to_have_text(["Bangkok Sound Lab", "Hanbit Pictures", "Seoul Dubbing House", "Sakura Eizo"])

    # the sort is in the address, so a reload keeps it
    page.reload()
    expect(page.locator('#table a[data-sort="country"]')).to_have_attribute("aria-sort", "descending")
    expect(rows).to_have_text(["Bangkok Sound Lab", "Hanbit Pictures", "Seoul Dubbing House", "Sakura Eizo"])
