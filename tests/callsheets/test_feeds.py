"""Calendar feeds: they parse, carry stable UIDs, change SEQUENCE when the board or the call sheet changes, give
times in the production's zone, and never show another production."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from icalendar import Calendar

from setwise.accounts.roles import ProductionRole
from setwise.breakdown import services as breakdown
from setwise.callsheets import services
from setwise.callsheets.models import CalendarFeed
from setwise.productions.models import Membership
from setwise.scheduling import services as scheduling

pytestmark = pytest.mark.django_db


def fetch(path: str, status: int = 200) -> Calendar | None:
    response = Client().get(path)
    assert response.status_code == status, path
    if status != 200:
        return None
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def issue(user, production, day, capture):
    sheet = services.generate_call_sheet(user, production, day)
    with capture(execute=True):
        return services.issue_call_sheet(user, sheet, "http://testserver/")


def test_the_personal_feed_has_shoot_days_and_calls_and_follows_changes(
    board, first_ad, actor, production, django_capture_on_commit_callbacks
) -> None:
    feed = services.rotate_feed(actor.user)
    path = f"/calendar/{feed.token}.ics"
    cal = fetch(path)
    days = events(cal)
    day1, day2 = board.days.order_by("number")
    assert set(days) == {f"shoot-day-{day1.pk}@setwise", f"shoot-day-{day2.pk}@setwise"}
    first = days[f"shoot-day-{day1.pk}@setwise"]
    assert first.decoded("DTSTART") == dt.date(2026, 3, 3) and first["SEQUENCE"] == board.revision
    assert "Moonlit Harbour: shoot day 1 of 2" in str(first["SUMMARY"])
    assert "DTSTAMP" in first and "LAST-MODIFIED" in first
    # Issued calls appear, at the person's call time in the production's zone.
    sheet = issue(first_ad, production, 1, django_capture_on_commit_callbacks)
    call_uid = f"call-{production.pk}-main-1-{actor.user.pk}@setwise"
    call = events(fetch(path))[call_uid]
    start = call.decoded("DTSTART")
    assert start.tzinfo.key == "Asia/Seoul" and start.strftime("%H:%M") == "06:30"
    assert call["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert call["SEQUENCE"] == 1 and "항구" in str(call["LOCATION"])
    assert call.decoded("DTSTAMP") == sheet.issued_at.replace(microsecond=0)
    assert fetch(path).walk("VTIMEZONE")[0]["TZID"] == "Asia/Seoul"
    # The board changes: the shoot days' SEQUENCE grows, their UIDs stay.
    before = board.revision
    board.refresh_from_db()
    scheduling.move_strip(first_ad, board, board.strips.get(scene__number="1").pk, day2.pk, 0, board.revision)
    board.refresh_from_db()
    after = events(fetch(path))
    assert after[f"shoot-day-{day1.pk}@setwise"]["SEQUENCE"] == board.revision > before
    assert after[call_uid]["SEQUENCE"] == 1  # the issued call stands until a new revision is issued
    # A new revision of the day moves the call (scene 2 now opens the day) and bumps its SEQUENCE.
    issue(first_ad, production, 1, django_capture_on_commit_callbacks)
    moved = events(fetch(path))[call_uid]
    assert moved["SEQUENCE"] == 2
    assert moved.decoded("DTSTART").astimezone(zoneinfo.ZoneInfo("Asia/Seoul")).strftime("%H:%M") == "06:30"
    assert len([u for u in events(fetch(path)) if u.startswith("call-")]) == 1


def test_feeds_never_show_other_productions(
    board, first_ad, actor, production, other_production, make_user, admin_user, django_capture_on_commit_callbacks
) -> None:
    # River of Lanterns has its own active board and a call sheet issued.
    thai_ad = make_user("thai-ad")
    Membership.objects.create(production=other_production, user=thai_ad, role=ProductionRole.PRODUCER)
    script = "INT. TEMPLE - DAY\n\nNOK lights a lantern.\n"
    assert not breakdown.import_script(thai_ad, other_production, script.encode(), "river.fountain").errors
    other = scheduling.create_board(thai_ad, other_production, name="River", start_date=dt.date(2026, 4, 6))
    scheduling.set_status(thai_ad, other, "active")
    issue(thai_ad, other_production, 1, django_capture_on_commit_callbacks)
    issue(first_ad, production, 1, django_capture_on_commit_callbacks)
    actor_feed = services.rotate_feed(actor.user)
    thai_feed = services.rotate_feed(thai_ad)
    body = Client().get(f"/calendar/{actor_feed.token}.ics").content.decode()
    assert "Moonlit Harbour" in body and "River of Lanterns" not in body and "TEMPLE" not in body
    thai = Client().get(f"/calendar/{thai_feed.token}.ics").content.decode()
    assert "River of Lanterns" in thai and "Moonlit Harbour" not in thai and "Asia/Bangkok" in thai
    # The production feed: members only, with their own token.
    own = fetch(f"/productions/{production.slug}/callsheets/calendar.ics?token={actor_feed.token}")
    uids = set(events(own))
    assert f"crew-call-{production.pk}-main-1@setwise" in uids and not any(u.startswith("call-") for u in uids)
    fetch(f"/productions/{other_production.slug}/callsheets/calendar.ics?token={actor_feed.token}", 404)
    fetch(f"/productions/{production.slug}/callsheets/calendar.ics?token={thai_feed.token}", 404)
    fetch(f"/productions/{production.slug}/callsheets/calendar.ics", 404)
    fetch(f"/productions/{production.slug}/callsheets/calendar.ics?token=nonsense", 404)
    # A studio admin sees every production, but a personal calendar holds only the productions one is on.
    admin_feed = services.rotate_feed(admin_user)
    fetch(f"/productions/{other_production.slug}/callsheets/calendar.ics?token={admin_feed.token}")
    assert not events(fetch(f"/calendar/{admin_feed.token}.ics"))


def test_rotating_retires_the_old_address_and_bad_tokens_404(actor, client) -> None:
    old = services.rotate_feed(actor.user).token
    fetch(f"/calendar/{old}.ics")
    new = services.rotate_feed(actor.user).token
    assert new != old and CalendarFeed.objects.filter(user=actor.user).count() == 1
    fetch(f"/calendar/{old}.ics", 404)
    fetch(f"/calendar/{new}.ics")
    fetch("/calendar/nope.ics", 404)
    actor.user.is_active = False
    actor.user.save()
    fetch(f"/calendar/{new}.ics", 404)


def test_my_calendar_page_makes_and_rotates_the_address(client, actor, production) -> None:
    client.force_login(actor.user)
    assert "Make my calendar address" in client.get("/calendar/").content.decode()
    assert client.post("/calendar/").status_code == 302
    token = CalendarFeed.objects.get(user=actor.user).token
    html = client.get("/calendar/").content.decode()
    assert f"/calendar/{token}.ics" in html
    assert f"/productions/{production.slug}/callsheets/calendar.ics?token={token}" in html
    client.post("/calendar/")
    assert CalendarFeed.objects.get(user=actor.user).token != token
    assert Client().get("/calendar/").status_code == 302  # sign-in first
