"""Issuing a call sheet: one e-mail per person with an address, each with a personal link that shows their call
without signing in; opens and confirmations tracked; bad links 404; delivery errors recorded; a link to an older
revision says so and leads to the newer one."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from setwise.callsheets import services
from setwise.callsheets.models import CallSheet, Recipient
from setwise.productions.models import Membership
from setwise.scheduling import services as scheduling

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"


def issue(sheet: CallSheet, user, capture) -> None:
    with capture(execute=True):
        services.issue_call_sheet(user, sheet, BASE)


def link_of(message) -> str:
    found = re.search(r"http://testserver(/call/[A-Za-z0-9_-]{43}/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def issued(board, first_ad, crew, production, django_capture_on_commit_callbacks) -> CallSheet:
    sheet = services.generate_call_sheet(first_ad, production, 1)
    issue(sheet, first_ad, django_capture_on_commit_callbacks)
    return sheet


def test_issuing_sends_one_e_mail_per_person_with_an_address(issued, actor) -> None:
    with_address = list(issued.people.exclude(email="").values_list("email", flat=True))
    # the actor, three crew with addresses, the 1st AD and the producer (the runner and unlinked characters have none)
    assert len(with_address) == 6 and "actor@example.org" in with_address
    assert sorted(m.to[0] for m in mail.outbox) == sorted(with_address)
    assert all(len(m.to) == 1 for m in mail.outbox)
    actor_mail = next(m for m in mail.outbox if m.to == ["actor@example.org"])
    assert "Moonlit Harbour" in actor_mail.subject and "06:30" in actor_mail.subject
    assert "06:30" in actor_mail.body and actor_mail.alternatives[0].mimetype == "text/html"
    links = {link_of(m) for m in mail.outbox}
    assert len(links) == 6  # everyone has their own link
    assert Recipient.objects.filter(call_sheet=issued, sent_at__isnull=False).count() == 6
    assert not Recipient.objects.filter(call_sheet=issued, token_hash__isnull=False, email="").exists()


def test_the_personal_link_shows_the_call_and_tracks_opening_and_confirming(issued, actor) -> None:
    link = link_of(next(m for m in mail.outbox if m.to == ["actor@example.org"]))
    person = issued.people.get(user=actor.user)
    assert person.opened_at is None
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.get(link)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Your call, Kim Actor" in html and "06:30" in html and "항구" in html and "부산대학교병원" in html
    person.refresh_from_db()
    first_open = person.opened_at
    assert first_open is not None and person.confirmed_at is None
    anonymous.get(link)
    person.refresh_from_db()
    assert person.opened_at == first_open  # the first open is kept
    # Confirming needs the form's CSRF token.
    assert anonymous.post(f"{link}confirm").status_code == 403
    token = anonymous.cookies["csrftoken"].value
    response = anonymous.post(f"{link}confirm", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == link
    person.refresh_from_db()
    assert person.confirmed_at is not None
    assert "Confirmed" in anonymous.get(link).content.decode()
    assert anonymous.get(f"{link}call-sheet.pdf").content.startswith(b"%PDF-")


def test_bad_links_404(issued) -> None:
    client = Client()
    assert client.get("/call/not-a-real-token/").status_code == 404
    assert client.get("/call/" + "A" * 43 + "/").status_code == 404
    assert client.post("/call/" + "A" * 43 + "/confirm").status_code == 404
    assert client.get("/call/" + "A" * 43 + "/call-sheet.pdf").status_code == 404
    assert client.get("/call/" + "A" * 43 + "/latest/").status_code == 404


def test_a_link_stops_working_when_its_person_leaves_the_production_or_is_deactivated(
    issued, actor, other_production
) -> None:
    link = link_of(next(m for m in mail.outbox if m.to == ["actor@example.org"]))
    assert Client().get(link).status_code == 200
    actor.user.is_active = False
    actor.user.save()
    assert Client().get(link).status_code == 404
    actor.user.is_active = True
    actor.user.save()
    # The performer is no longer on this production (only on another one).
    Membership.objects.filter(pk=actor.pk).update(production=other_production)
    assert Client().get(link).status_code == 404


def test_the_tracking_table_shows_who_confirmed_and_who_has_not_opened(issued, first_ad, actor, client) -> None:
    link = link_of(next(m for m in mail.outbox if m.to == ["actor@example.org"]))
    Client().post(f"{link}confirm")
    client.force_login(first_ad)
    html = client.get(f"/productions/{issued.production.slug}/callsheets/{issued.pk}/").content.decode()
    assert "1 of 6 confirmed · 6 sent · 5 not opened yet" in html
    assert html.count("not confirmed") == 5 and "no e-mail address" in html
    partial = client.get(f"/productions/{issued.production.slug}/callsheets/{issued.pk}/tracking")
    assert partial.status_code == 200 and partial.content.decode().startswith('<div id="tracking"')


def test_a_failed_delivery_is_recorded_and_can_be_sent_again(
    board, first_ad, crew, production, settings, django_capture_on_commit_callbacks
) -> None:
    sheet = services.generate_call_sheet(first_ad, production, 1)
    settings.MAILERS = {"default": {"BACKEND": "tests.callsheets.failing_mail.Backend"}}
    issue(sheet, first_ad, django_capture_on_commit_callbacks)
    failed = sheet.people.exclude(email="")
    assert all(p.delivery_error == "SMTP server refused the connection" and p.sent_at is None for p in failed)
    assert not failed.filter(token_hash__isnull=False).exists()  # no link that was never delivered
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mua = sheet.people.get(name="Mua")
    with django_capture_on_commit_callbacks(execute=True):
        services.resend(first_ad, mua, BASE)
    mua.refresh_from_db()
    assert mua.sent_at is not None and mua.delivery_error == "" and [m.to for m in mail.outbox] == [[mua.email]]


def test_sending_twice_sends_once(issued) -> None:
    person = issued.people.exclude(email="").first()
    count = len(mail.outbox)
    assert services.deliver(person.pk, BASE) == "skipped"
    assert len(mail.outbox) == count


def test_a_link_to_an_older_revision_says_so_and_leads_to_the_newer_one(
    issued, board, first_ad, actor, production, django_capture_on_commit_callbacks
) -> None:
    link = link_of(next(m for m in mail.outbox if m.to == ["actor@example.org"]))
    client = Client()
    # The schedule of the day changes after the call sheet was issued.
    board.refresh_from_db()
    strip = board.strips.get(scene__number="1")
    scheduling.move_strip(first_ad, board, strip.pk, board.days.get(number=2).pk, 0, board.revision)
    assert "a new call sheet will follow" in client.get(link).content.decode()
    assert client.get(f"{link}latest/").status_code == 404  # no newer revision issued yet
    newer = services.regenerate_call_sheet(first_ad, issued)
    mail.outbox.clear()
    issue(newer, first_ad, django_capture_on_commit_callbacks)
    html = client.get(link).content.decode()
    assert "This call sheet is out of date" in html and f"{link}latest/" in html
    assert "Confirm my call" not in html  # the old revision is not the one to confirm
    latest = client.get(f"{link}latest/")
    assert latest.status_code == 200
    assert f"revision {newer.revision}" in latest.content.decode()
    new_person = newer.people.get(user=actor.user)
    assert new_person.opened_at is not None
    client.post(f"{link}confirm", {"latest": "1"})
    new_person.refresh_from_db()
    assert new_person.confirmed_at is not None
    assert issued.people.get(user=actor.user).confirmed_at is None
    # Confirming the old revision itself is refused.
    response = client.post(f"{link}confirm")
    assert response.status_code == 302 and issued.people.get(user=actor.user).confirmed_at is None
