"""Labour from daily reports into the budget: on approval each person's worked day is priced (performers at their
deal's daily rate, crew at the approved budget's day rate of their department with overtime past 12 worked hours)
and posted as actuals once; people without a rate are listed, not guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from setwise.breakdown.models import Character
from setwise.budgets import selectors as budget_selectors
from setwise.budgets import services as budgets
from setwise.budgets.models import Account, Actual, ActualSource
from setwise.reports import labour, services
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board
from tests.reports.conftest import day, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced(board: Board, team) -> Board:
    """Kim Actor (MINHO) on a 1,000,000 deal; an approved budget with grips at 200,000 a day plus 10% fringes."""
    production = board.production
    minho = Character.objects.get(production=production, name="MINHO")
    scheduling.set_cast_terms(
        team["producer"], minho, cast_number=1, daily_rate=Decimal(1_000_000), drop_pickup=False, travel=False
    )
    version = budgets.create_budget(team["line_producer"], production, "Shooting budget")
    grip = Account.objects.get(production=production, code="2400")
    budgets.add_line(
        team["line_producer"],
        version,
        budgets.LineData(grip, "Grips", Decimal(60), "days", Decimal(2), Decimal(200_000), Decimal(10)),
    )
    budgets.add_line(  # a flat allowance on the same account is not a day rate
        team["line_producer"], version, budgets.LineData(grip, "Grip package", rate=Decimal(9_000_000))
    )
    budgets.approve(team["line_producer"], version)
    return board


def test_departments_map_to_accounts() -> None:
    assert labour.account_for("Assistant directors") == "2000"
    assert labour.account_for("Camera") == "2500"
    assert labour.account_for("Make-up and hair") == "2800"
    assert labour.account_for("Electrical, Grip") == "2600"  # the first department named
    assert labour.account_for("조명팀") == "2600"
    assert labour.account_for("Catering") == "3700"
    assert labour.account_for("Something else") == labour.DEFAULT_CREW_ACCOUNT


def test_approval_posts_labour_with_overtime_once(priced: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(priced, 1))
    fill(team["second_ad"], report, call=(8, 0), wrap=(22, 0, 0), meal=(12, 13))  # 13 worked hours
    services.submit_report(team["second_ad"], report)
    assert not Actual.objects.exists()  # nothing is posted before approval
    services.approve_report(team["line_producer"], report)
    actuals = {a.reference: a for a in Actual.objects.filter(source=ActualSource.DPR)}
    grip_row = report.times.get(user=team["grip"])
    grip = actuals[f"dpr:{report.pk}:2400"]  # one row per account and day
    # 220,000 a day with fringes, and one hour past 12 at 1.5 times 220,000 / 12.
    assert (grip.account.code, grip.amount, grip.date) == ("2400", Decimal(247_500), report.date)
    assert grip.description == f"D1 {report.date.isoformat()} · 1 × 2400 · OT 1 h"
    actor = actuals[f"dpr:{report.pk}:1500"]
    assert (actor.account.code, actor.amount) == ("1500", Decimal(1_000_000))
    assert len(actuals) == 2
    costs = labour.labour_costs(report)
    # SEOYEON has no performer nor deal; the assistant directors no day rate in the budget.
    assert {p.name for p in costs.without_rate} == {"SEOYEON", str(team["first_ad"]), str(team["second_ad"])}
    assert costs.total == Decimal(1_247_500)
    assert next(c for c in costs.costs if c.person == grip_row).overtime_hours == Decimal(1)
    services.post_labour(report)  # posting again replaces, never adds
    assert Actual.objects.filter(source=ActualSource.DPR).count() == 2
    sheet = budget_selectors.top_sheet(priced.production)
    row = next(r for g in sheet.groups for r in g.rows if r.account is not None and r.account.code == "2400")
    assert row.actual == Decimal(247_500)


def test_labour_is_shown_on_the_report_to_those_who_see_the_budget(priced: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(priced, 1))
    fill(team["second_ad"], report)
    services.submit_report(team["second_ad"], report)
    services.approve_report(team["line_producer"], report)
    url = reverse("reports:detail", args=[priced.production.slug, report.pk])
    client = Client()
    client.force_login(team["line_producer"])
    html = client.get(url).content.decode()
    assert "Labour" in html and "220,000" in html
    client.force_login(team["second_ad"])
    html = client.get(url).content.decode()
    assert "220,000" not in html
