"""The stripboard in a real browser: a 1st AD drags a strip from a shoot day to the boneyard and back onto
another day; the server re-renders the board and keeps the move."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from setwise.accounts.roles import ProductionRole
from setwise.breakdown import services as breakdown
from setwise.productions.models import Membership
from setwise.scheduling import services
from setwise.scheduling.models import Strip

pytestmark = pytest.mark.browser

SCRIPT = "\n".join(
    f"{'EXT' if i % 2 else 'INT'}. PLACE {i} - {'NIGHT' if i % 3 == 0 else 'DAY'} #{i}#\n\n"
    f"MINHO waits {i}.\n\nMINHO\nNow.\n"
    for i in range(1, 7)
).encode()


@pytest.fixture
def board(transactional_db: Any, production: Any, make_user: Any) -> Any:
    user = make_user("first-ad")
    Membership.objects.create(production=production, user=user, role=ProductionRole.FIRST_AD)
    assert not breakdown.import_script(user, production, SCRIPT, "ep1.fountain").errors
    board = services.create_board(user, production, name="Main", start_date=dt.date(2026, 3, 9), day_minutes=200)
    return user, board


def test_drag_a_strip_to_the_boneyard_and_onto_another_day(new_context: Any, board: Any) -> None:
    user, b = board
    page = new_context(user=user).new_page()
    page.goto(f"/productions/{b.production.slug}/schedule/{b.pk}/")
    first_day = page.locator("ol.strips[data-day]").first
    boneyard = page.locator("aside.boneyard ol.strips")
    strip = first_day.locator("li.strip").first
    number = strip.locator(".sc-num").inner_text()
    strip_id = int(strip.get_attribute("data-strip") or 0)
    expect(boneyard.locator("li.strip")).to_have_count(0)
    with page.expect_response(lambda r: r.url.endswith("/move")) as moved_response:
        strip.drag_to(boneyard)
    assert moved_response.value.ok
    expect(boneyard.locator("li.strip")).to_have_count(1)
    expect(boneyard.locator(".sc-num")).to_have_text(number)
    moved = Strip.objects.get(board=b, pk=strip_id)
    assert moved.day_id is None
    # and onto the last day, first position
    last_day = page.locator("section.days ol.strips").last
    with page.expect_response(lambda r: r.url.endswith("/move")) as moved_response:
        boneyard.locator("li.strip").first.drag_to(last_day.locator("li.strip").first)
    assert moved_response.value.ok
    expect(boneyard.locator("li.strip")).to_have_count(0)
    moved.refresh_from_db()
    assert moved.day_id == b.days.order_by("-number").first().pk


def test_crew_cannot_drag(new_context: Any, board: Any, make_user: Any, production: Any) -> None:
    _user, b = board
    crew = make_user("grip")
    Membership.objects.create(production=production, user=crew, role=ProductionRole.CREW)
    page = new_context(user=crew).new_page()
    page.goto(f"/productions/{b.production.slug}/schedule/{b.pk}/")
    expect(page.locator("#board")).not_to_have_attribute("data-move-url", "x")
    assert page.locator("#board").get_attribute("data-move-url") is None
    assert page.locator("li.strip").count() == 6
