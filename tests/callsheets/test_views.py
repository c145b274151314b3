"""Call sheet pages: the days of the active board, generating and issuing from the page, the call sheet with its
times, the PDF (Korean text set in the Noto CJK face, the times), lead times, and query counts that do not grow
with the number of people on the call sheet."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from setwise.accounts.roles import ProductionRole
from setwise.callsheets import services
from setwise.callsheets.models import CallSheet, LeadTime
from setwise.productions.models import Membership

pytestmark = pytest.mark.django_db


def url(production, suffix: str = "") -> str:
    return f"/productions/{production.slug}/callsheets/{suffix}"


def test_the_list_shows_the_active_board_s_days_and_generates_from_them(client, board, first_ad, production) -> None:
    client.force_login(first_ad)
    html = client.get(url(production)).content.decode()
    assert "Day 1 of 2" in html and "Day 2 of 2" in html and "Generate" in html
    response = client.post(url(production), {"unit": "main", "day": "1"})
    sheet = CallSheet.objects.get()
    assert response.status_code == 302 and response["Location"] == url(production, f"{sheet.pk}/")
    html = client.get(url(production)).content.decode()
    assert "revision 1" in html and "New revision" in html
    assert client.post(url(production), {"unit": "main", "day": "7"}).status_code == 302
    assert CallSheet.objects.count() == 1


def test_the_list_explains_when_there_is_no_active_board(client, board, producer, first_ad, production) -> None:
    from setwise.scheduling import services as scheduling

    scheduling.set_status(producer, board, "draft")
    client.force_login(first_ad)
    assert "This production has no active board" in client.get(url(production)).content.decode()
    response = client.post(url(production), {"unit": "main", "day": "1"}, follow=True)
    assert "This production has no active board" in response.content.decode()


def test_the_call_sheet_page_edits_a_draft_and_issues_it(
    client, board, first_ad, crew, production, django_capture_on_commit_callbacks
) -> None:
    sheet = services.generate_call_sheet(first_ad, production, 1)
    client.force_login(first_ad)
    page = url(production, f"{sheet.pk}/")
    html = client.get(page).content.decode()
    assert "Call sheet: day 1 of 2" in html and "부산광역시 중구 중앙동" in html and "부산대학교병원" in html
    assert "https://www.google.com/maps/search/?api=1&amp;query=35.1013%2C129.0366" in html
    form = {"crew_call": "06:30", "shooting_call": "07:30", "meal_minutes": "60", "weather": "흐림", "notes": "우비"}
    assert client.post(f"{page}edit", form).status_code == 302
    mua = sheet.people.get(name="Mua")
    assert client.post(f"{page}people/{mua.pk}/call", {"call": "04:45"}).status_code == 302
    html = client.get(page).content.decode()
    assert 'value="06:30"' in html and "흐림" in html and 'value="04:45"' in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{page}issue").status_code == 302
    sheet.refresh_from_db()
    assert sheet.issued and sheet.weather == "흐림"
    html = client.get(page).content.decode()
    assert "Issued" in html and "Delivery" in html and 'name="crew_call"' not in html


def test_the_pdf_has_the_korean_text_and_the_times(client, board, first_ad, crew, production) -> None:
    sheet = services.generate_call_sheet(first_ad, production, 1)
    client.force_login(crew["dop"])  # any member may read it
    response = client.get(url(production, f"{sheet.pk}.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="moonlit-harbour-call-sheet-day-1-r1.pdf"'
    pdf = pdfplumber.open(io.BytesIO(response.content))
    assert pdf.pages[0].width < pdf.pages[0].height  # portrait
    assert round(pdf.pages[0].width) == 595  # A4
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for expected in ["달빛 항구", "항구", "부산대학교병원", "민호", "07:00", "08:00", "06:30", "05:30", "Day 1 of 2"]:
        assert expected in text, expected
    fonts = {c["fontname"].split("+", 1)[-1] for page in pdf.pages for c in page.chars}
    assert any(f.startswith("Noto-Sans-CJK") or f.startswith("NotoSansCJK") for f in fonts), fonts


def test_lead_times_page_reads_and_saves(client, board, first_ad, crew, production) -> None:
    client.force_login(first_ad)
    html = client.get(url(production, "lead-times/")).content.decode()
    assert 'value="Make-up"' in html and 'value="90"' in html
    response = client.post(
        url(production, "lead-times/"),
        {"department": ["Make-up", "Camera", "Stunts", ""], "minutes": ["100", "", "60", ""], "default": "25"},
    )
    assert response.status_code == 302
    rows = dict(LeadTime.objects.filter(production=production).values_list("department", "minutes"))
    assert rows == {"Make-up": 100, "Stunts": 60, "": 25}
    assert client.post(url(production, "lead-times/"), {"department": ["x"], "minutes": ["soon"], "default": "1"})
    assert LeadTime.objects.filter(production=production).count() == 3


def _grow(production, n: int, start: int, make_user) -> None:
    for i in range(start, start + n):
        user = make_user(f"grip{i}", display_name=f"Grip {i}")
        Membership.objects.create(production=production, user=user, role=ProductionRole.CREW, department="Grip")


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_page_and_feed_queries_do_not_grow_with_the_people_on_the_call_sheet(
    client, board, first_ad, actor, production, make_user, django_capture_on_commit_callbacks
) -> None:
    """The call sheet page, the list of days, the personal page and the personal feed, with 9 and with 34 people."""
    client.force_login(first_ad)
    feed = services.rotate_feed(actor.user)
    Client().get(f"/calendar/{feed.token}.ics")  # the feed records its first use once an hour
    counts = []
    for start, n in [(0, 2), (2, 25)]:
        _grow(production, n, start, make_user)
        sheet = services.generate_call_sheet(first_ad, production, 1)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.issue_call_sheet(first_ad, sheet, "http://testserver/")
        link = re.search(r"/call/[\w-]{43}/", next(m for m in mail.outbox if m.to == [actor.user.email]).body)
        counts.append(
            (
                sheet.people.count(),
                _queries(client, url(production, f"{sheet.pk}/")),
                _queries(client, url(production)),
                _queries(Client(), link.group(0)),
                _queries(Client(), f"/calendar/{feed.token}.ics"),
            )
        )
    (few, *queries_few), (many, *queries_many) = counts
    assert many > few + 20
    assert queries_few == queries_many, counts
    assert max(queries_many) <= 20, counts
