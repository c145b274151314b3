"""The application shell in a real browser: logging in, switching language, the navigation on a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from setwise.accounts.models import User
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


def test_login_form_lands_on_home(new_context: Any, live_url: str, partner_manager: User) -> None:
    page = new_context().new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("pm")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(f"{live_url}/")
    expect(page.locator("h1")).to_have_text(f"Welcome, {partner_manager}")
    expect(page.locator("#sidenav")).to_be_visible()


def test_login_with_a_wrong_password_stays_on_the_form(new_context: Any, partner_manager: User) -> None:
    page = new_context().new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("pm")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.locator(".errors")).to_contain_text("didn't match")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("#sidenav")).to_have_count(0)


def test_login_returns_to_the_page_asked_for(new_context: Any, partner_manager: User) -> None:
    page = new_context().new_page()
    page.goto("/partners/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/partners/"))
    page.get_by_label("Username").fill("pm")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/partners/$"))
    expect(page.get_by_test_id("partner-search")).to_be_visible()


def test_language_switcher_turns_the_page_japanese(new_context: Any, partner_manager: User) -> None:
    page = new_context(user=partner_manager).new_page()
    page.goto("/partners/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator("select#lang-select").select_option("ja")

    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("#lang-select option:checked")).to_have_text("日本語")
    expect(page).to_have_url(re.compile(r"/partners/$"))
    # the interface itself is translated, not only the lang attribute
    expect(page.locator('#sidenav a[href="/partners/"]')).not_to_have_text("Partners")
    expect(page.locator("h1")).not_to_have_text("Partners")
    expect(page.get_by_test_id("partner-search")).not_to_have_attribute("placeholder", "Name, city, capability…")
    partner_manager.refresh_from_db()
    assert partner_manager.language == "ja"
    # the choice sticks on the next page too
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")


def test_phone_hides_the_side_nav_until_the_menu_button_opens_it(new_context: Any, partner_manager: User) -> None:
    page = new_context(viewport=PHONE, user=partner_manager).new_page()
    page.goto("/")
    nav = page.locator("#sidenav")
    toggle = page.locator("[data-nav-toggle]")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).not_to_be_in_viewport()

    toggle.click()

    expect(nav).to_be_in_viewport(ratio=1)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="Partners").click()
    expect(page).to_have_url(re.compile(r"/partners/$"))


def test_desktop_shows_the_side_nav_without_a_menu_button(new_context: Any, partner_manager: User) -> None:
    page = new_context(user=partner_manager).new_page()
    page.goto("/")

    expect(page.locator("#sidenav")).to_be_in_viewport()
    expect(page.locator("[data-nav-toggle]")).to_be_hidden()
