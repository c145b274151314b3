"""Browser fixtures: one headless Chromium per session, a fresh context per test, a small Asia-Pacific network.

Playwright's sync API keeps an event loop running in the test thread, so Django would refuse database access
from the tests (SynchronousOnlyOperation); the tests and the live server are plain synchronous code, so that
guard is switched off for this directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from setwise.accounts.models import User
from setwise.partners.models import Language, Partner, PartnerKind
from setwise.partners.services import PartnerData, add_collaboration, create_partner

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def live_url(live_server: Any, transactional_db: Any) -> str:
    """The live server's address; its requests see this test's data, so the database is transactional."""
    return str(live_server.url)


@pytest.fixture
def new_context(chromium: Browser, live_url: str) -> Iterator[Any]:
    """Open fresh browser contexts (no cookies, no storage) for this test; all are closed afterwards."""
    contexts: list[BrowserContext] = []

    def open_context(viewport: dict[str, int] | None = None, user: User | None = None) -> BrowserContext:
        context = chromium.new_context(base_url=live_url, viewport=viewport or DESKTOP, locale="en-US")  # type: ignore[arg-type]
        context.set_default_timeout(TIMEOUT_MS)
        if user is not None:
            _sign_in(context, live_url, user)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


def _sign_in(context: BrowserContext, live_url: str, user: User) -> None:
    """Put a real session for ``user`` into the browser (the login form itself has its own test)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_url}])


@pytest.fixture
def page(new_context: Any, partner_manager: User) -> Page:
    """A desktop page signed in as the partner manager."""
    return new_context(user=partner_manager).new_page()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Network:
    hanbit: Partner
    seoul: Partner
    sakura: Partner
    bangkok: Partner


@pytest.fixture
def network(transactional_db: Any, partner_manager: User) -> Network:
    """Four partners in Korea, Japan and Thailand, created through the partner services.

    Tests on the live server run in a transactional database that is emptied after each test, seed rows
    included, so the kinds and languages the partners use are ensured here. One transaction keeps the
    set-up to a single commit.
    """
    with transaction.atomic():
        return _build_network(partner_manager)


def _build_network(partner_manager: User) -> Network:
    for code in ("production", "vfx", "post", "dubbing", "sound"):
        PartnerKind.objects.get_or_create(code=code)
    for code, name in (("ko", "Korean"), ("ja", "Japanese"), ("th", "Thai"), ("en", "English")):
        Language.objects.get_or_create(code=code, defaults={"name": name})

    def make(name: str, name_local: str, country: str, city: str, kinds: list[str], languages: list[str]) -> Partner:
        data = PartnerData(
            name=name, name_local=name_local, country=country, city=city, kinds=kinds, languages=languages
        )
        return create_partner(partner_manager, data)

    hanbit = make("Hanbit Pictures", "한빛 픽처스", "KR", "Seoul", ["production"], ["ko", "en"])
    seoul = make("Seoul Dubbing House", "서울 더빙 하우스", "KR", "Seoul", ["dubbing"], ["ko"])
    sakura = make("Sakura Eizo", "さくら映像", "JP", "Tokyo", ["vfx", "post"], ["ja"])
    bangkok = make("Bangkok Sound Lab", "บางกอก ซาวด์ แล็บ", "TH", "Bangkok", ["sound"], ["th", "en"])
    add_collaboration(partner_manager, hanbit, title="Moonlit Harbour", year=2024, services="Line production in Busan")
    add_collaboration(partner_manager, hanbit, title="Winter Tram", year=2019, services="Co-production")
    return Network(hanbit=hanbit, seoul=seoul, sakura=sakura, bangkok=bangkok)
