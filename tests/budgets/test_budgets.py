"""Budgets: the chart of accounts, lines with fringes rounded per currency, approving locks a version and opens
the next, actuals from cost reports (all or nothing, converted at dated rates, not counted twice), daily-report
labour, the top sheet with estimates at completion and variance, exports, and who may see any of it."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from setwise.accounts.roles import ProductionRole, StaffRole
from setwise.budgets import selectors, services
from setwise.budgets.models import Account, Actual, BudgetLine, VersionStatus
from setwise.productions.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def line_producer(make_user, production):
    user = make_user("line-producer")
    Membership.objects.create(production=production, user=user, role=ProductionRole.LINE_PRODUCER)
    return user


@pytest.fixture
def budget(line_producer, production):
    version = services.create_budget(line_producer, production, "Shooting budget")
    cast = Account.objects.get(production=production, code="1500")
    camera = Account.objects.get(production=production, code="2500")
    services.add_line(line_producer, version, services.LineData(cast, "Lead", Decimal(60), "days", Decimal(1),
                                                               Decimal(12_000_000), Decimal("9.5")))  # fmt: skip
    services.add_line(line_producer, version, services.LineData(camera, "Camera package", Decimal(12), "weeks",
                                                               Decimal(1), Decimal("3333333.33")))  # fmt: skip
    return version


def test_lines_are_computed_with_fringes_and_rounded_to_the_won(budget, production) -> None:
    lead, camera = BudgetLine.objects.filter(version=budget).order_by("account__code")
    assert lead.amount == Decimal(788_400_000)  # 60 x 12,000,000 x 1.095
    assert camera.amount == Decimal(40_000_000)  # 39,999,999.96 rounded to whole won
    chart = json.loads(services.CHART.read_text(encoding="utf-8"))["accounts"]
    assert Account.objects.filter(production=production).count() == len(chart)
    services.ensure_accounts(production)  # the standard chart is copied once
    assert sorted(Account.objects.filter(production=production).values_list("code", flat=True)) == sorted(
        code for code, _name, _group in chart
    )


def test_approving_locks_the_version_and_opens_a_working_copy(budget, line_producer, production) -> None:
    working = services.approve(line_producer, budget)
    budget.refresh_from_db()
    assert budget.status == VersionStatus.APPROVED and budget.locked
    assert working.lines.count() == 2 and not working.locked
    with pytest.raises(ValidationError):
        services.add_line(line_producer, budget, services.LineData(budget.lines.first().account, "x"))
    services.approve(line_producer, working)
    budget.refresh_from_db()
    assert budget.status == VersionStatus.SUPERSEDED


def test_cost_report_all_or_nothing_and_converted_at_the_dated_rate(budget, line_producer, production, admin_user):
    services.set_rate(admin_user, "KRW", dt.date(2026, 1, 1), Decimal("0.00071"))
    services.set_rate(admin_user, "USD", dt.date(2026, 1, 1), Decimal(1))
    bad = b"date,account,description,amount\n2026-03-02,2500,Camera week 1,3333333\n2026-03-02,9999,Nope,5\n"
    result = services.import_cost_report(line_producer, production, bad, "costs.csv")
    assert result.errors and "9999" in result.errors[0]
    assert not Actual.objects.exists()
    good = (
        b"date,account,description,amount,currency,reference\n"
        b"2026-03-02,2500,Camera week 1,3333333,,CR-1\n"
        b"2026-03-03,4100,Previs (US vendor),1000,USD,CR-2\n"
    )
    assert services.import_cost_report(line_producer, production, good, "costs.csv").stored == 2
    assert services.import_cost_report(line_producer, production, good, "costs.csv").stored == 2  # again: updated
    assert Actual.objects.count() == 2
    usd = Actual.objects.get(reference="CR-2")
    assert usd.amount == Decimal(1408451) and usd.original_currency == "USD"  # 1000 / 0.00071, whole won


def test_xlsx_cost_report_and_unreadable_files(budget, line_producer, production) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Date", "Account", "Description", "Amount"])
    ws.append([dt.datetime(2026, 3, 4), "2500", "Camera week 2", 3333333])
    out = io.BytesIO()
    wb.save(out)
    assert services.import_cost_report(line_producer, production, out.getvalue(), "c.xlsx").stored == 1
    assert services.import_cost_report(line_producer, production, b"not a workbook", "c.xlsx").errors
    assert services.import_cost_report(line_producer, production, b"a,b\n1,2\n", "c.csv").errors
    assert Actual.objects.count() == 1


def test_top_sheet_eac_and_variance(budget, line_producer, production) -> None:
    services.approve(line_producer, budget)
    services.post_labour_actuals(
        production, dt.date(2026, 3, 2), [("1500", "Lead, day 1", Decimal(800_000_000), "dpr:1:lead")]
    )
    sheet = selectors.top_sheet(production)
    cast = next(r for g in sheet.groups for r in g.rows if r.account.code == "1500")
    assert cast.approved == Decimal(788_400_000) and cast.actual == Decimal(800_000_000)
    assert cast.eac == Decimal(800_000_000) and cast.variance == Decimal(-11_600_000)  # over budget
    camera = next(r for g in sheet.groups for r in g.rows if r.account.code == "2500")
    services.set_estimate_to_complete(line_producer, camera.account, Decimal(50_000_000))
    v = selectors.variance(production)
    assert v["approved"] == Decimal(828_400_000)
    assert v["eac"] == Decimal(850_000_000) and v["variance"] == Decimal(-21_600_000)
    # posting the same day's labour again replaces it
    services.post_labour_actuals(
        production, dt.date(2026, 3, 2), [("1500", "Lead, day 1", Decimal(700_000_000), "dpr:1:lead")]
    )
    assert Actual.objects.get(reference="dpr:1:lead").amount == Decimal(700_000_000)


def test_only_producers_see_the_budget(client, budget, line_producer, crew_member, outsider, production) -> None:
    url = reverse("budgets:top", args=[production.slug])
    client.force_login(line_producer)
    html = client.get(url).content.decode()
    assert "Camera package" not in html and "2500 Camera" in html and "₩828,400,000" in html
    client.force_login(crew_member)
    assert client.get(url).status_code == 403
    assert client.get(reverse("budgets:xlsx", args=[production.slug])).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.create_budget(crew_member, production, "x")


def test_exports(client, budget, line_producer, production) -> None:
    client.force_login(line_producer)
    response = client.get(reverse("budgets:xlsx", args=[production.slug]))
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert any(r[0] == "2500 Camera" and r[1] == 40_000_000 for r in rows)
    assert any(r[1] == "Lead" for r in wb.worksheets[1].iter_rows(values_only=True))
    response = client.get(reverse("budgets:pdf", args=[production.slug]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_pages_add_and_remove_lines(client, budget, line_producer, production) -> None:
    client.force_login(line_producer)
    url = reverse("budgets:account", args=[production.slug, "2800"])
    account = Account.objects.get(production=production, code="2800")
    client.post(url, {"account": account.pk, "description": "Make-up team", "units": "60", "unit_label": "days",
                      "quantity": "3", "rate": "250000", "fringe_percent": "0"})  # fmt: skip
    line = BudgetLine.objects.get(description="Make-up team")
    assert line.amount == Decimal(45_000_000)
    client.post(url, {"action": "delete", "line": line.pk})
    assert not BudgetLine.objects.filter(description="Make-up team").exists()


def test_only_studio_admins_set_rates(line_producer, admin_user) -> None:
    with pytest.raises(PermissionDenied):
        services.set_rate(line_producer, "KRW", dt.date(2026, 1, 1), Decimal("0.0007"))
    with pytest.raises(ValidationError):
        services.set_rate(admin_user, "KR", dt.date(2026, 1, 1), Decimal("0.0007"))
    assert admin_user.staff_role == StaffRole.STUDIO_ADMIN


def test_an_account_with_actuals_stays_but_goes_with_its_production(budget, production) -> None:
    from django.db.models import RestrictedError

    services.post_labour_actuals(
        production, dt.date(2026, 3, 2), [("1500", "Lead, day 1", Decimal(800_000_000), "dpr:1:lead")]
    )
    cast = Account.objects.get(production=production, code="1500")
    with pytest.raises(RestrictedError):
        cast.delete()  # costs already booked keep their account
    assert Actual.objects.filter(account=cast).count() == 1
    production.delete()
    assert not Actual.objects.exists() and not Account.objects.filter(code="1500").exists()
