"""Production health and the regional page: schedule adherence, hours compliance, budget variance and open
incidents; only productions one may see; names and violation lists only for those who read reports; query
counts that do not grow with reports or productions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from setwise.accounts.roles import ProductionRole, StaffRole
from setwise.productions.models import Membership, Production
from setwise.reports import selectors, services
from setwise.reports.models import HoursViolation, SceneResult
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, BoardStatus
from tests.reports.conftest import at, day, fill

pytestmark = pytest.mark.django_db


def submit(team, board: Board, number: int, **kwargs: Any) -> Any:
    report = services.start_report(team["second_ad"], day(board, number))
    fill(team["second_ad"], report, **kwargs)
    services.submit_report(team["second_ad"], report)
    return report


def test_health_figures(board: Board, team) -> None:
    first = submit(team, board, 1, results={"2": SceneResult.NOT_SHOT})  # wrap 17:00, scheduled 18:00: on time
    second = services.start_report(team["second_ad"], day(board, 2))
    fill(team["second_ad"], second)
    services.update_report(team["second_ad"], second, wrap=at(second.date, 19))  # an hour late
    services.add_incident(team["second_ad"], second, kind="near_miss", description="Light stand fell")
    closed = services.add_incident(team["second_ad"], second, kind="equipment", description="Lens dropped")
    services.resolve_incident(team["second_ad"], closed, "Lens replaced")
    for person in second.times.all():
        services.set_times(team["second_ad"], person, call=at(second.date, 8), wrap=at(second.date, 19))
    services.submit_report(team["second_ad"], second)
    h = selectors.health(board.production)
    assert (h.reports, h.on_time_days, h.timed_days, h.on_time_percent) == (2, 1, 2, 50.0)
    assert h.days_behind == 0.5  # 3 pages in 2 days against 4 planned: half a day behind
    assert (h.open_incidents, h.incidents) == (1, 2)
    assert h.person_days == first.times.count() + second.times.count()
    assert h.budget_variance is None and h.rules


def test_health_page_shows_lists_only_to_report_readers(board: Board, team) -> None:
    report = submit(team, board, 1, wrap=(23, 30, 0))
    services.return_report(team["line_producer"], report)
    services.add_incident(team["second_ad"], report, kind="injury", description="Sprained ankle on the pier")
    services.submit_report(team["second_ad"], report)
    url = reverse("reports:health", args=[board.production.slug])
    client = Client()
    client.force_login(team["second_ad"])
    html = client.get(url).content.decode()
    assert "Sprained ankle" in html and "max_hours_day" in html and "Park Grip" in html
    client.force_login(team["actor"])
    html = client.get(url).content.decode()
    assert "Sprained ankle" not in html and "Park Grip" not in html
    assert "worst turnaround" in html


def test_budget_variance_comes_from_budgets_for_those_who_may_see_them(board: Board, team, monkeypatch) -> None:
    from decimal import Decimal

    monkeypatch.setattr(
        selectors,
        "budget_variances",
        lambda productions: {p.pk: {"variance": Decimal("-1500000"), "variance_percent": -2.5} for p in productions},
    )
    assert selectors.health(board.production).budget_variance is None  # not asked for
    h = selectors.health(board.production, with_budget=True)
    assert (h.budget_variance_amount, h.budget_variance_percent) == (Decimal("-1500000"), -2.5)
    url = reverse("reports:health", args=[board.production.slug])
    client = Client()
    client.force_login(team["line_producer"])
    assert "-2.5%" in client.get(url).content.decode()
    client.force_login(team["second_ad"])
    assert "-2.5%" not in client.get(url).content.decode()


def test_regional_page_compares_the_productions_one_may_see(
    board: Board, team, make_user, other_production: Production
) -> None:
    submit(team, board, 1)
    url = reverse("regional:health")
    client = Client()
    client.force_login(team["second_ad"])
    html = client.get(url).content.decode()
    assert "Moonlit Harbour" in html and "River of Lanterns" not in html
    executive = make_user("exec", StaffRole.EXECUTIVE)
    client.force_login(executive)
    html = client.get(url).content.decode()
    assert "Moonlit Harbour" in html and "River of Lanterns" in html
    assert Client().get(url).status_code == 302  # sign in first


def _grow(make_user: Any, viewer: Any, start: int, stop: int) -> None:
    """Productions with an active, committed board, an approved report and an approved budget each."""
    from decimal import Decimal

    from setwise.breakdown import services as breakdown
    from setwise.budgets import models as budget_models
    from setwise.budgets import services as budgets

    for i in range(start, stop):
        production = Production.objects.create(
            slug=f"show-{i}", title=f"Show {i}", country="KR", time_zone="Asia/Seoul", format="film"
        )
        Membership.objects.create(production=production, user=viewer, role=ProductionRole.PRODUCER)
        crew = make_user(f"crew-{i}")
        Membership.objects.create(production=production, user=crew, role=ProductionRole.CREW, department="Grip")
        script = "INT. ROOM - DAY\n\nA waits.\n\nA\nHello.\n\nEXT. STREET - NIGHT\n\nB runs.\n"
        breakdown.import_script(viewer, production, script.encode(), "s.fountain")
        board = scheduling.create_board(viewer, production, name="Main", start_date=dt.date(2026, 3, 9))
        scheduling.set_status(viewer, board, BoardStatus.ACTIVE)
        scheduling.commit_baseline(viewer, board)
        report = services.start_report(viewer, board.days.first())
        fill(viewer, report)
        services.add_incident(viewer, report, kind="incident", description="x")
        services.submit_report(viewer, report)
        budget = budgets.create_budget(viewer, production, "Budget")
        account = budget_models.Account.objects.get(production=production, code="2500")
        budgets.add_line(viewer, budget, budgets.LineData(account, "Camera", rate=Decimal(1_000_000 * (i + 1))))
        budgets.approve(viewer, budget)
        services.approve_report(viewer, report)  # labour actuals


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_regional_and_health_query_counts_do_not_grow(make_user) -> None:
    viewer = make_user("viewer")
    client = Client()
    client.force_login(viewer)
    _grow(make_user, viewer, 0, 1)
    regional = reverse("regional:health")
    health = reverse("reports:health", args=["show-0"])
    small = (_count(client, regional), _count(client, health))
    _grow(make_user, viewer, 1, 4)
    production = Production.objects.get(slug="show-0")
    board = production.boards.get()
    for number in (2, 3):  # more days, people and reports on show-0
        if board.days.filter(number=number).exists():
            report = services.start_report(viewer, board.days.get(number=number))
            fill(viewer, report)
            services.submit_report(viewer, report)
    large = (_count(client, regional), _count(client, health))
    assert small == large
    assert large[0] <= 20 and large[1] <= 25


def test_report_and_index_pages_query_counts_do_not_grow(board: Board, team) -> None:
    report = services.start_report(team["second_ad"], day(board, 1))
    client = Client()
    client.force_login(team["second_ad"])
    detail = reverse("reports:detail", args=[board.production.slug, report.pk])
    index = reverse("reports:index", args=[board.production.slug])
    small = (_count(client, detail), _count(client, index))
    for i in range(6):
        services.add_person(team["second_ad"], report, kind="crew", name=f"Driver {i}", department="Transport")
        services.add_incident(team["second_ad"], report, kind="incident", description=f"Incident {i}")
    services.add_scene(team["second_ad"], report, board.strips.get(scene__number="5").scene)
    services.start_report(team["second_ad"], day(board, 2))
    large = (_count(client, detail), _count(client, index))
    assert small == large
    assert large[0] <= 30 and large[1] <= 15


def test_budget_variance_of_many_productions_equals_each_one(board: Board, team, other_production) -> None:
    from decimal import Decimal

    from setwise.budgets import selectors as budget_selectors
    from setwise.budgets import services as budgets
    from setwise.budgets.models import Account

    production = board.production
    version = budgets.create_budget(team["line_producer"], production, "Budget")
    camera = Account.objects.get(production=production, code="2500")
    cast = Account.objects.get(production=production, code="1500")
    budgets.add_line(team["line_producer"], version, budgets.LineData(camera, "Camera", rate=Decimal(5_000_000)))
    budgets.add_line(team["line_producer"], version, budgets.LineData(cast, "Cast", rate=Decimal(2_000_000)))
    budgets.approve(team["line_producer"], version)
    budgets.record_actuals(
        team["line_producer"],
        production,
        [budgets.ActualRow("1500", dt.date(2026, 3, 9), "Lead", Decimal(3_000_000))],  # over on cast
    )
    budgets.set_estimate_to_complete(team["line_producer"], camera, Decimal(6_000_000))
    many = budget_selectors.variances([production, other_production])
    assert many[production.pk] == budget_selectors.variance(production)
    assert many[production.pk]["variance"] == Decimal(-2_000_000) and many[other_production.pk] is None
    h = selectors.health(production, with_budget=True)
    assert (h.budget_variance_amount, h.budget_variance_percent) == (Decimal(-2_000_000), -28.6)


def test_the_production_page_flags_violations_incidents_and_scenes_to_reschedule(board: Board, team) -> None:
    production = board.production
    url = reverse("productions:detail", args=[production.slug])
    client = Client()
    client.force_login(team["actor"])
    assert "working-hour violation" not in client.get(url).content.decode()
    report = services.start_report(team["second_ad"], day(board, 1))
    fill(team["second_ad"], report, wrap=(23, 30, 0), results={"2": SceneResult.NOT_SHOT})  # a 15.5-hour day
    services.add_incident(team["second_ad"], report, kind="near_miss", description="Cable across the door")
    services.submit_report(team["second_ad"], report)
    flagged = HoursViolation.objects.filter(production=production).count()
    assert flagged > 0
    html = client.get(url).content.decode()
    assert f"{flagged} working-hour violations" in html and "1 open incident" in html
    assert "1 scene sent back to be rescheduled" in html
    index = f'href="{reverse("reports:index", args=[production.slug])}"'
    assert index not in html  # the performer does not write reports
    client.force_login(team["second_ad"])
    assert index in client.get(url).content.decode()
