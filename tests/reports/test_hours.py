"""Working hours of the actuals: on submit the rules engine checks every submitted report of the production,
so a violation across two days (turnaround) is flagged at once, on the report and on the health page; it goes
when the report that caused it is returned; minors' limits follow the birth dates producers keep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from setwise.reports import selectors, services
from setwise.reports.models import HoursViolation, MemberProfile
from setwise.scheduling.models import Board
from tests.reports.conftest import at, day, fill

pytestmark = pytest.mark.django_db


def submit_day(team, board: Board, number: int, **times) -> object:
    report = services.start_report(team["second_ad"], day(board, number))
    fill(team["second_ad"], report, **times)
    services.submit_report(team["second_ad"], report)
    report.refresh_from_db()
    return report


def test_compliant_days_raise_nothing(board: Board, team) -> None:
    for number in (1, 2, 3):
        submit_day(team, board, number)  # 08:00-17:00, meal 12:00-13:00
    assert not HoursViolation.objects.exists()


def test_a_turnaround_violation_across_two_reports_is_flagged_at_once(board: Board, team) -> None:
    first = submit_day(team, board, 1, call=(8, 0), wrap=(23, 30, 0), meal=(12, 13))
    assert not first.violations.filter(rule="min_turnaround").exists()
    second = submit_day(team, board, 2, call=(7, 0), wrap=(16, 0, 0), meal=(11, 12))
    turnaround = second.violations.filter(rule="min_turnaround")
    people = second.times.count()
    assert turnaround.count() == people  # everyone had 7.5 h of rest
    v = turnaround.get(person_name="Park Grip")
    assert (v.date, v.value, v.limit, v.excess) == (second.date, 7.5, 11.0, 3.5)
    assert (v.layer, v.source) == ("policy", "Studio policy")
    # The long first day also breaks the 12-hour day of the studio policy, flagged on the first report.
    assert first.violations.filter(rule="max_hours_day", person_name="Park Grip").exists()
    client = Client()
    client.force_login(team["second_ad"])
    page = client.get(reverse("reports:detail", args=[second.production.slug, second.pk])).content.decode()
    assert "min_turnaround" in page and "Park Grip" in page
    health = client.get(reverse("reports:health", args=[second.production.slug])).content.decode()
    assert "min_turnaround" in health
    # Returning the second day removes what it caused; re-submitting flags it again, keeping when first flagged.
    flagged_at = v.first_flagged_at
    services.return_report(team["line_producer"], second)
    assert not HoursViolation.objects.filter(rule="min_turnaround").exists()
    services.submit_report(team["second_ad"], second)
    assert HoursViolation.objects.filter(rule="min_turnaround").count() == people
    assert HoursViolation.objects.get(rule="min_turnaround", person_name="Park Grip").first_flagged_at >= flagged_at


def test_a_day_without_a_meal_break_is_flagged(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    fill(team["second_ad"], report)
    grip = report.times.get(user=team["grip"])
    services.set_times(team["second_ad"], grip, call=at(report.date, 8), wrap=at(report.date, 17), meals=[])
    services.submit_report(team["second_ad"], report)
    assert set(report.violations.values_list("person_name", "rule")) == {
        ("Park Grip", "meal_break"),  # more than 4 hours without a break (Korea, LSA art.54)
        ("Park Grip", "meal_break_total"),  # and less than the meal time owed for the day
    }


def test_a_minors_limits_come_from_the_birth_date(board: Board, team) -> None:
    report = submit_day(team, board, 1, call=(12, 0), wrap=(21, 0, 0), meal=(16, 17))
    assert not report.violations.exists()
    with pytest.raises(PermissionDenied):
        services.set_birth_date(team["second_ad"], report.production, team["actor"], dt.date(2016, 1, 1))
    services.set_birth_date(team["line_producer"], report.production, team["actor"], dt.date(2016, 1, 1))
    rules = set(report.violations.filter(person_name="Kim Actor").values_list("rule", flat=True))
    assert rules == {"minor_max_hours_day", "minor_wrap_by"}  # re-checked when the birth date is set
    assert MemberProfile.objects.get(user=team["actor"]).history.count() == 1
    with pytest.raises(ValidationError):
        services.set_birth_date(team["line_producer"], report.production, team["actor"], dt.date(2999, 1, 1))


def test_birth_dates_are_shown_to_producers_only(board: Board, team) -> None:
    production = board.production
    services.set_birth_date(team["producer"], production, team["actor"], dt.date(2012, 5, 17))
    url = reverse("reports:people", args=[production.slug])
    for who, status in (("line_producer", 200), ("producer", 200), ("second_ad", 403), ("actor", 403)):
        client = Client()
        client.force_login(team[who])
        response = client.get(url)
        assert response.status_code == status, who
        if status == 200:
            assert "2012-05-17" in response.content.decode()
    client = Client()
    client.force_login(team["line_producer"])
    client.post(url, {"user": team["actor"].pk, "birth_date": "2011-05-17"})
    assert MemberProfile.objects.get(user=team["actor"]).birth_date == dt.date(2011, 5, 17)


def test_health_counts_person_days_and_the_worst_turnaround(board: Board, team) -> None:
    submit_day(team, board, 1, call=(8, 0), wrap=(22, 0, 0), meal=(12, 13))
    second = submit_day(team, board, 2, call=(8, 0), wrap=(17, 0, 0), meal=(12, 13))
    h = selectors.health(board.production)
    people = second.times.count()
    assert h.person_days == 2 * people
    assert h.worst_turnaround is not None and h.worst_turnaround.hours == 10.0
    assert h.worst_turnaround.date == second.date
    assert h.violations == HoursViolation.objects.count() > 0
    assert h.violations_per_100 == round(100 * h.violations / h.person_days, 2)
