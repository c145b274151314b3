"""Call sheets on intimacy days: the set marked closed, only the essential crew listed for a day of closed-set
scenes (the roster on the sheet for a mixed day), no rider or plan content anywhere (page, PDF, e-mail), and a
scene blocked after the sheet went out (a consent withdrawn) marked blocked without saying who or why."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from django.core import mail
from django.test import Client

from setwise.callsheets import selectors as callsheet_selectors
from setwise.callsheets import services as callsheets
from setwise.intimacy import services
from setwise.intimacy.models import Rider
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, Strip
from tests.intimacy.factories import PLAN, SHOOT_DAY, World, ready_world, rider_of

pytestmark = pytest.mark.django_db

MONDAY = SHOOT_DAY - dt.timedelta(days=1)


def active_board(world: World, *, together: bool) -> Board:
    """Day 1 Monday, day 2 Tuesday (the shoot day); the intimate scene on day 2, alone or with the plain one."""
    board = scheduling.create_board(world["first_ad"], world.production, name="Main", start_date=MONDAY)
    scheduling.add_day(world["first_ad"], board)
    board.refresh_from_db()
    tuesday = board.days.get(number=2)
    for scene in [world.intimate, world.plain] if together else [world.intimate]:
        board.refresh_from_db()
        strip = Strip.objects.get(board=board, scene=scene)
        scheduling.move_strip(world["first_ad"], board, strip.pk, tuesday.pk, 0, board.revision)
    scheduling.set_status(world["producer"], board, "active")
    board.refresh_from_db()
    return board


def prepared(world: World, *, together: bool = False) -> Board:
    ready_world(world)  # the roster: the 1st AD; performers: performer and partner
    services.book_coordinator(world["ic"], world.production, world.members["ic"].pk, SHOOT_DAY)
    return active_board(world, together=together)


def page(world: World, who: str, sheet_id: int, suffix: str = "/") -> Client:
    client = Client()
    client.force_login(world[who])
    return client.get(f"/productions/{world.production.slug}/callsheets/{sheet_id}{suffix}")


def rider_texts(world: World) -> list[str]:
    texts = [PLAN.description, PLAN.modesty_garments, PLAN.barriers, PLAN.monitor_restrictions]
    return texts + [r.document_text[:60] for r in Rider.objects.filter(plan__scene=world.intimate)]


def test_a_day_of_closed_set_scenes_calls_only_the_essential_crew(world) -> None:
    prepared(world)
    sheet = callsheets.generate_call_sheet(world["first_ad"], world.production, 2)
    crew = {p.name for p in sheet.people.filter(kind="crew")}
    assert crew == {"Person first_ad", "Person ic"}  # the roster and the intimacy coordinators
    cast = {p.name for p in sheet.people.filter(kind="cast")}
    assert cast == {"Person performer", "Person partner"}
    closed = callsheet_selectors.sheet_view(sheet).closed_set
    assert closed is not None and closed["scenes"] == ["12"]
    names = {p["name"]: p["role"] for p in closed["people"]}
    assert names == {
        "Person first_ad": "1st AD",
        "Person ic": "Intimacy coordinator",
        "Person performer": "Cast",
        "Person partner": "Cast",
    }
    html = page(world, "crew", sheet.pk).content.decode()  # crew not on the roster still read the sheet
    assert "data-closed-set" in html and "closed set" in html
    for text in rider_texts(world):
        assert text not in html
    assert "Person line_producer" not in html  # not called on a closed-set day


def test_a_mixed_day_keeps_everyone_called_and_prints_the_roster(world) -> None:
    prepared(world, together=True)
    sheet = callsheets.generate_call_sheet(world["first_ad"], world.production, 2)
    crew = {p.name for p in sheet.people.filter(kind="crew")}
    assert {"Person crew", "Person producer", "Person first_ad"} <= crew
    items = {i["number"]: i for i in sheet.content["items"] if i["kind"] == "scene"}
    assert items["12"]["closed_set"] is True and items["13"]["closed_set"] is False
    assert "Person crew" not in {p["name"] for p in sheet.content["closed_set"]["people"]}


def test_the_pdf_and_the_e_mail_mark_the_closed_set_and_carry_no_rider_content(
    world, django_capture_on_commit_callbacks
) -> None:
    prepared(world)
    sheet = callsheets.generate_call_sheet(world["first_ad"], world.production, 2)
    response = page(world, "first_ad", sheet.pk, ".pdf")
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in pdfplumber.open(io.BytesIO(response.content)).pages)
    assert "12 CLOSED SET" in text and "CLOSED SET: SCENES 12" in text and "Person ic (Intimacy coordinator)" in text
    for rider_text in rider_texts(world):
        assert rider_text[:30] not in text
    with django_capture_on_commit_callbacks(execute=True):
        callsheets.issue_call_sheet(world["first_ad"], sheet, "http://testserver/")
    assert mail.outbox
    for message in mail.outbox:
        body = message.body + "".join(str(a[0]) for a in message.alternatives)
        for rider_text in rider_texts(world):
            assert rider_text[:30] not in body


def test_a_withdrawal_after_the_sheet_went_out_marks_the_scene_blocked(world, django_capture_on_commit_callbacks):
    prepared(world)
    sheet = callsheets.generate_call_sheet(world["first_ad"], world.production, 2)
    with django_capture_on_commit_callbacks(execute=True):
        callsheets.issue_call_sheet(world["first_ad"], sheet, "http://testserver/")
    assert "data-blocked" not in page(world, "crew", sheet.pk).content.decode()
    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    html = page(world, "crew", sheet.pk).content.decode()
    assert "data-blocked" in html and "Scene 12 is blocked: Needs re-planning." in html
    assert "withdrawn" not in html.lower() and "Person performer" not in html.split("data-blocked-scenes", 1)[1][:300]
    text = "\n".join(
        p.extract_text() for p in pdfplumber.open(io.BytesIO(page(world, "crew", sheet.pk, ".pdf").content)).pages
    )
    assert "BLOCKED" in text and "Needs re-planning" in text and "withdrawn" not in text.lower()


def test_a_rider_signed_too_late_for_the_call_blocks_the_scene(world) -> None:
    ready_world(world, signed_at=dt.datetime(2026, 3, 8, 10, 0, tzinfo=dt.UTC))  # 48 h before the call? no
    services.book_coordinator(world["ic"], world.production, world.members["ic"].pk, SHOOT_DAY)
    active_board(world, together=False)
    sheet = callsheets.generate_call_sheet(world["first_ad"], world.production, 2)
    view = callsheet_selectors.sheet_view(sheet)
    assert [r.blocked for r in view.blocked] == [("Rider not signed in time",)]
