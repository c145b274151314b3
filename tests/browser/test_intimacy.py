"""Intimacy coordination in a real browser: the intimacy coordinator plans a scene and sends the rider, the
performer reads and signs it, the strip on the 1st AD's board is clear; the performer withdraws in one click and
the strip shows blocked, "needs re-planning", without saying who or why."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from setwise.intimacy import services as intimacy
from setwise.intimacy.models import Rider, RiderSignature, RiderStatus
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Strip
from tests.intimacy.factories import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db: Any, production: Any) -> Any:
    """The intimacy tests' small production; its intimate scene alone on day 2 of an active board, a fortnight
    ahead (so a rider signed today is signed in time), with the intimacy coordinator booked that day."""
    with transaction.atomic():
        world = build_world(production)
        start = timezone.localdate() + dt.timedelta(days=14)
        board = scheduling.create_board(world["first_ad"], production, name="Main", start_date=start)
        scheduling.add_day(world["first_ad"], board)
        board.refresh_from_db()
        day = board.days.get(number=2)
        strip = Strip.objects.get(board=board, scene=world.intimate)
        scheduling.move_strip(world["first_ad"], board, strip.pk, day.pk, 0, board.revision)
        intimacy.book_coordinator(world["ic"], production, world.members["ic"].pk, day.date)
    return world, board


def test_plan_sign_withdraw_and_the_strip_shows_blocked(new_context: Any, world: Any) -> None:
    w, board = world
    slug = w.production.slug
    strip_id = Strip.objects.get(board=board, scene=w.intimate).pk

    # The intimacy coordinator plans the scene, adds the performer and sends the rider.
    ic = new_context(user=w["ic"]).new_page()
    ic.goto(f"/productions/{slug}/intimacy/scenes/")
    ic.get_by_role("link", name="INT. HARBOUR OFFICE - NIGHT").click()
    ic.get_by_role("link", name="Plan this scene").click()
    form = ic.locator("#plan-form")
    form.locator("input[name=content_types][value=kissing]").check()
    form.locator("select[name=nudity_level]").select_option("implied")
    form.locator("textarea[name=description]").fill("A long kiss against the office window; hands on the back.")
    form.locator("input[name=agreed_with_director_on]").fill("2026-02-20")
    form.get_by_label("Person first_ad").check()
    form.get_by_role("button", name="Save the plan").click()
    expect(ic.get_by_role("heading", name="Performers and riders")).to_be_visible()
    ic.locator("select[name=membership]").select_option(label="Person performer")
    ic.locator("select[name=character]").select_option(label="MINHO")
    ic.get_by_role("button", name="Add a performer").click()
    ic.locator("#send-riders").click()
    expect(ic.locator("#riders")).to_contain_text("Awaiting signature")
    rider = Rider.objects.get(plan__scene=w.intimate)
    assert rider.status == RiderStatus.SENT

    # The performer reads the rider from their list and signs it with their typed name.
    performer = new_context(user=w["performer"]).new_page()
    performer.goto(f"/productions/{slug}/intimacy/riders/")
    performer.locator(f"[data-rider='{rider.pk}'] a").first.click()
    expect(performer.locator("body")).to_contain_text("hands on the back")
    sign = performer.locator("#sign-form")
    sign.locator("input[name=typed_name]").fill("Kim Minho")
    sign.locator("input[name=agree]").check()
    sign.get_by_role("button", name="Sign this rider").click()
    expect(performer.locator("#withdraw")).to_be_visible()
    signature = RiderSignature.objects.get(rider=rider)
    assert signature.typed_name == "Kim Minho" and signature.ip_address == "127.0.0.1"

    # The 1st AD's board: the strip may be shot (coordinator booked, rider signed in time).
    ad = new_context(user=w["first_ad"]).new_page()
    ad.goto(f"/productions/{slug}/schedule/{board.pk}/")
    strip = ad.locator(f"li.strip[data-strip='{strip_id}']")
    expect(strip).to_be_visible()
    expect(strip.locator("[data-blocked]")).to_have_count(0)

    # One click, no reason asked; the strip is blocked for everyone, without who or why.
    performer.locator("#withdraw").click()
    expect(performer.locator("body")).to_contain_text("You have withdrawn your consent")
    ad.reload()
    strip = ad.locator(f"li.strip[data-strip='{strip_id}']")
    expect(strip).to_have_class(has_class("blocked"))
    expect(strip.locator("[data-blocked]")).to_have_text("blocked")
    expect(strip.locator("[data-blocked-reason]")).to_have_text("⛔ Needs re-planning")
    assert "withdrawn" not in strip.inner_text().lower() and "Person performer" not in strip.inner_text()


def has_class(name: str) -> Any:
    import re

    return re.compile(rf"(^|\s){name}(\s|$)")
