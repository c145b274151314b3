"""Clocking in and out from a personal link (or its QR code): the clocked times prefill the report, the 2nd AD
confirms or corrects them and both are kept; links are personal, per day, and can be replaced."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from setwise.reports import selectors, services
from setwise.reports.forms import PersonTimesForm
from setwise.reports.models import ReportStatus
from setwise.scheduling.models import Board
from tests.reports.conftest import at, day, fill

pytestmark = pytest.mark.django_db


def clock_url(report, person) -> str:
    return reverse("reports:clock", args=[report.production.slug, selectors.clock_token(person)])


def test_clocking_from_the_personal_link_without_signing_in(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    grip = report.times.get(user=team["grip"])
    url = clock_url(report, grip)
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and "Park Grip" in page.content.decode()
    with freeze_time(at(report.date, 6, 55)):
        assert client.post(url, {"action": "in"}).status_code == 302
    with freeze_time(at(report.date, 19, 10)):
        client.post(url, {"action": "out"})
        client.post(url, {"action": "out"})  # a second tap changes nothing
    grip.refresh_from_db()
    assert (grip.clock_in, grip.clock_out) == (at(report.date, 6, 55), at(report.date, 19, 10))
    assert grip.call is None and grip.wrap is None  # not confirmed yet
    assert "19:10" in client.get(url).content.decode()  # in the production's time zone


def test_clock_links_are_personal_and_can_be_replaced(board: Board, team, other_production) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    grip = report.times.get(user=team["grip"])
    token = selectors.clock_token(grip)
    client = Client()
    assert client.get(reverse("reports:clock", args=[report.production.slug, token + "0"])).status_code == 404
    assert client.get(reverse("reports:clock", args=[report.production.slug, "1-abc"])).status_code == 404
    assert client.get(reverse("reports:clock", args=[other_production.slug, token])).status_code == 404
    other = report.times.exclude(pk=grip.pk).first()
    forged = f"{other.pk}-{token.split('-')[1]}"  # someone else's row with this person's code
    assert client.get(reverse("reports:clock", args=[report.production.slug, forged])).status_code == 404
    services.new_clock_link(team["second_ad"], grip)
    grip.refresh_from_db()
    assert client.get(reverse("reports:clock", args=[report.production.slug, token])).status_code == 404
    assert client.get(clock_url(report, grip)).status_code == 200


def test_clocking_rules(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    grip = report.times.get(user=team["grip"])
    d = report.date
    with pytest.raises(ValidationError):
        services.clock(grip, "out", at(d, 18))  # not in yet
    with pytest.raises(ValidationError):
        services.clock(grip, "in", at(d, 7, days=5))  # a link for another day
    services.clock(grip, "in", at(d, 7))
    with pytest.raises(ValidationError):
        services.clock(grip, "in", at(d, 8))
    with pytest.raises(ValidationError):
        services.clock(grip, "sideways", at(d, 8))
    services.clock(grip, "out", at(d, 2, days=1))  # a night: out after midnight
    grip.refresh_from_db()
    assert grip.clock_out - grip.clock_in == dt.timedelta(hours=19)


def test_clocked_times_prefill_and_corrections_keep_both(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    d = report.date
    grip = report.times.get(user=team["grip"])
    actor = report.times.get(user=team["actor"])
    services.clock(grip, "in", at(d, 6, 55) + dt.timedelta(seconds=31))
    services.clock(grip, "out", at(d, 19, 10))
    services.clock(actor, "in", at(d, 9, 2))
    services.clock(actor, "out", at(d, 16, 40))
    grip.refresh_from_db()
    form = PersonTimesForm(grip)
    assert (form.initial["call"], form.initial["wrap"]) == (dt.time(6, 55), dt.time(19, 10))
    # The 2nd AD keeps the clocked call (typed as shown) and corrects the wrap.
    posted = PersonTimesForm(grip, {f"p{grip.pk}-call": "06:55", f"p{grip.pk}-wrap": "19:30"})
    assert posted.is_valid(), posted.errors
    services.set_times(team["second_ad"], grip, **posted.service_kwargs())
    grip.refresh_from_db()
    assert grip.call == grip.clock_in and not grip.call_corrected
    assert grip.wrap == at(d, 19, 30) and grip.clock_out == at(d, 19, 10) and grip.wrap_corrected
    assert grip.confirmed_by == team["second_ad"]
    # Submitting takes the clocked times of those the 2nd AD did not touch as confirmed.
    fill_times_except = {grip.pk, actor.pk}
    for p in report.times.exclude(pk__in=fill_times_except):
        services.set_times(team["second_ad"], p, call=at(d, 7), wrap=at(d, 17))
    fill_scenes(team, report)
    services.update_report(team["second_ad"], report, crew_call=at(d, 7), wrap=at(d, 19, 30))
    services.submit_report(team["second_ad"], report)
    actor.refresh_from_db()
    assert (actor.call, actor.wrap) == (actor.clock_in, actor.clock_out) == (at(d, 9, 2), at(d, 16, 40))
    # Once submitted, the link no longer clocks.
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(services.ReportLocked):
        services.clock(grip, "out", at(d, 20))


def fill_scenes(team, report) -> None:
    for row in report.scenes.all():
        services.set_scene_result(team["second_ad"], row, result="completed")


def test_confirm_all_clocked_times(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    d = report.date
    grip = report.times.get(user=team["grip"])
    services.clock(grip, "in", at(d, 7))
    services.clock(grip, "out", at(d, 18))
    assert services.confirm_clocked(team["second_ad"], report) == 1
    grip.refresh_from_db()
    assert (grip.call, grip.wrap) == (at(d, 7), at(d, 18))


def test_clock_sheet_prints_a_qr_code_per_person(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    client = Client()
    client.force_login(team["second_ad"])
    page = client.get(reverse("reports:clock_sheet", args=[report.production.slug, report.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == report.times.count()
    assert selectors.clock_token(report.times.get(user=team["grip"])) in html
    pdf = client.get(reverse("reports:clock_sheet_pdf", args=[report.production.slug, report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_report_page_shows_clocked_and_confirmed_times(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    d = report.date
    grip = report.times.get(user=team["grip"])
    services.clock(grip, "in", at(d, 6, 50))
    fill(team["second_ad"], report)  # confirms 08:00-17:00 for everyone
    client = Client()
    client.force_login(team["second_ad"])
    html = client.get(reverse("reports:detail", args=[report.production.slug, report.pk])).content.decode()
    assert "06:50" in html and "08:00" in html and "corrected" in html
