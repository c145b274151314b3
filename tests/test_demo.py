"""The demo world: size and spread, determinism, idempotence, derived fields equal to the services', logins, and
dates that fit the day it is built."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from itertools import islice
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole, StaffRole
from setwise.budgets.models import Actual, ActualSource
from setwise.demo import world
from setwise.engines.names import name_key
from setwise.engines.scheduling import validate
from setwise.partners import selectors, services
from setwise.partners.models import Collaboration, Partner
from setwise.post.models import Deliverable
from setwise.productions.models import Format, Membership, Production, Stage
from setwise.reports.models import DailyReport
from setwise.scheduling import adapter
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board, BoardStatus, Strip

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)  # a Monday: the world the tests read is dated for it


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def built(db: Any) -> str:
    return _demo("--today", TODAY.isoformat())


def test_size_and_spread(built: str) -> None:
    assert Partner.objects.count() >= 250
    per_country: dict[str, int] = {}
    for country in Partner.objects.values_list("country", flat=True):
        per_country[country] = per_country.get(country, 0) + 1
    assert sum(1 for n in per_country.values() if n >= 20) >= 6
    assert {"KR", "JP", "TH", "ID", "TW", "AU"} <= {c for c, n in per_country.items() if n >= 20}
    # eleven years of collaborations, up to the year the world is dated for
    years = set(Collaboration.objects.values_list("year", flat=True))
    assert years == set(range(TODAY.year - 10, TODAY.year + 1))
    # the network grows: more partners start working with the studio in the last six years than in the five before
    firsts = [y for y in Partner.objects.values_list("first_year", flat=True) if y is not None]
    assert sum(y >= TODAY.year - 5 for y in firsts) > sum(y < TODAY.year - 5 for y in firsts)
    assert Production.objects.count() == 12
    assert len(set(Production.objects.values_list("stage", flat=True))) >= 4
    assert set(Production.objects.values_list("format", flat=True)) == set(Format.values)
    flagship = Production.objects.get(slug=world.FLAGSHIP)
    assert (flagship.country, flagship.episodes, flagship.currency) == ("KR", 16, "KRW")
    assert Production.objects.filter(country="TH", format=Format.FILM).exists()
    assert Collaboration.objects.filter(production=flagship).count() >= 10


def test_every_partner_has_a_kind_a_name_key_and_no_filler_text(built: str) -> None:
    assert not Partner.objects.filter(kinds=None).exists()
    assert not Partner.objects.filter(name_key="").exists()
    assert not Partner.objects.filter(contacts=None).exists()
    texts = " ".join(Partner.objects.values_list("notes", flat=True)).lower()
    assert "lorem" not in texts and "ipsum" not in texts
    assert all(w.endswith(".example/") for w in Partner.objects.values_list("website", flat=True))


def test_derived_fields_equal_what_the_services_compute(built: str) -> None:
    for partner in Partner.objects.order_by("pk")[::17]:
        before = (partner.name_key, partner.name_local_key, partner.search_text, partner.first_year)
        partner.refresh_derived()
        services.reindex(partner)
        assert (partner.name_key, partner.name_local_key, partner.search_text, partner.first_year) == before
        years = list(partner.collaborations.values_list("year", flat=True))
        assert partner.first_year == (min(years) if years else None)


@pytest.mark.parametrize("country", ["KR", "JP", "TH"])
def test_found_by_search_in_the_local_script(built: str, country: str) -> None:
    partner = Partner.objects.filter(country=country).exclude(name_local="").order_by("pk").first()
    assert partner is not None
    found = selectors.filter_partners(selectors.PartnerFilters(q=partner.name_local))
    assert partner in found
    contact = partner.contacts.exclude(name_local="").first()
    assert contact is not None
    assert partner in selectors.filter_partners(selectors.PartnerFilters(q=contact.name_local))


def test_a_user_for_every_role(built: str) -> None:
    staff_roles = set(User.objects.filter(username__in=world.DEMO_USERNAMES).values_list("staff_role", flat=True))
    assert {r for r in StaffRole.values if r} <= staff_roles
    flagship_roles = set(Membership.objects.filter(production__slug=world.FLAGSHIP).values_list("role", flat=True))
    assert flagship_roles == set(ProductionRole.values)
    outsider = User.objects.get(username="demo-outsider")
    assert not outsider.memberships.exists() and outsider.staff_role == ""
    partner_admin = User.objects.get(username="demo-partneradmin")
    assert partner_admin.administered_partners.count() == 1
    assert {"ko", "ja"} <= set(
        User.objects.filter(username__in=world.DEMO_USERNAMES).values_list("language", flat=True)
    )


def test_logins_work_and_are_printed(built: str) -> None:
    for username in world.DEMO_USERNAMES:
        assert username in built
    assert world.DEMO_PASSWORD in built
    client = Client()
    assert client.login(username="demo-producer", password=world.DEMO_PASSWORD)
    assert client.get(f"/productions/{world.FLAGSHIP}/").status_code == 200


def test_idempotent(built: str) -> None:
    counts = (Partner.objects.count(), Collaboration.objects.count(), User.objects.count())
    again = _demo()
    assert "already built" in again and "demo-admin" in again
    assert (Partner.objects.count(), Collaboration.objects.count(), User.objects.count()) == counts


def test_reset_rebuilds_the_same_world(built: str) -> None:
    names = list(Partner.objects.order_by("pk").values_list("name", flat=True))
    years = sorted(Collaboration.objects.values_list("partner__name", "title", "year"))
    _demo("--reset", "--today", TODAY.isoformat())
    assert list(Partner.objects.order_by("pk").values_list("name", flat=True)) == names
    assert sorted(Collaboration.objects.values_list("partner__name", "title", "year")) == years
    assert User.objects.filter(username__in=world.DEMO_USERNAMES).count() == len(world.DEMO_USERS)


def test_a_different_seed_draws_a_different_network() -> None:
    assert [p.name for p in world.plan(1)] != [p.name for p in world.plan(2)]
    assert [p.name for p in world.plan(1)] == [p.name for p in world.plan(1)]


def test_scale_multiplies_the_network_with_unique_names() -> None:
    planned = world.plan(scale=10)
    assert len(planned) >= 2500
    keys = [(p.country, name_key(p.name)) for p in planned]
    assert len(set(keys)) == len(keys)


def test_the_flagship_has_a_script_and_an_active_committed_board(built: str) -> None:
    from setwise.reports import selectors as report_selectors
    from setwise.scheduling.models import Board, BoardStatus, Strip

    flagship = Production.objects.get(slug=world.FLAGSHIP)
    assert set(flagship.scenes.values_list("episode", flat=True)) == {1, 2}
    board = Board.objects.get(production=flagship, status=BoardStatus.ACTIVE)
    assert board.baseline is not None and board.baseline.reason == "Committed as the baseline"
    # Every scene is on a day but those the daily reports sent back to be rescheduled.
    waiting = Strip.objects.filter(board=board, day__isnull=True).values_list("pk", flat=True)
    assert set(waiting) == set(report_selectors.to_reschedule(board).values_list("pk", flat=True))
    assert flagship.characters.filter(terms__cast_number=1, cast_member__isnull=False).exists()
    client = Client()
    client.force_login(User.objects.get(username="demo-firstad"))
    html = client.get(f"/productions/{flagship.slug}/schedule/{board.pk}/").content.decode()
    assert "Cast unavailable" in html  # the third lead's other engagement on day 13


def test_the_flagship_has_post_under_way(built: str) -> None:
    from setwise.post.models import Deliverable, EditorialCut, LocalisationTrack, PostPartner, QcRun, VfxShot

    flagship = Production.objects.get(slug=world.FLAGSHIP)
    roles = set(PostPartner.objects.filter(production=flagship).values_list("role", flat=True))
    assert roles == {"editorial", "picture", "vfx", "sound", "dubbing", "subtitling"}
    plan = flagship.post_plan
    assert (plan.template, plan.territory) == ("series", "KR")
    assert Deliverable.objects.filter(production=flagship, episode=16).exists()
    assert not Deliverable.objects.filter(production=flagship, category="picture", owner=None).exists()
    shots = VfxShot.objects.filter(production=flagship)
    assert shots.count() >= 6 and shots.filter(vendor__isnull=False, bid__isnull=False).count() == shots.count()
    assert shots.filter(notes__isnull=False).exists() and shots.filter(cut__isnull=False).exists()
    assert EditorialCut.objects.get(production=flagship, episode=1).duration_ms > 45 * 60 * 1000
    english = LocalisationTrack.objects.get(production=flagship, language="en")
    assert english.dub and english.translation_status == "done" and english.voice_cast.count() >= 2
    tracks = LocalisationTrack.objects.filter(production=flagship)
    assert not tracks.filter(dub=True, dubbing_studio=None).exists()
    assert not tracks.filter(subtitles=True, subtitle_vendor=None).exists()
    run = QcRun.objects.get(deliverable__production=flagship)
    assert run.status == "failed" and not run.file and len(run.sha256) == 64
    assert {f["rule"] for f in run.report["findings"]} >= {"chars_per_line", "reading_speed"}
    client = Client()
    client.force_login(User.objects.get(username="demo-producer"))
    page = client.get(f"/productions/{flagship.slug}/post/vfx/").content.decode()
    shot = shots.first()
    assert shot is not None and "data-vfx-cost" in page and shot.code in page


def test_the_flagship_has_intimate_scenes_planned_signed_pending_and_withdrawn(built: str) -> None:
    from setwise.callsheets.models import CallSheet
    from setwise.intimacy import services as intimacy
    from setwise.intimacy.models import CheckIn, ICBooking

    flagship = Production.objects.get(slug=world.FLAGSHIP)
    states = intimacy.scene_states(flagship)
    assert len(states) == 3 and ICBooking.objects.filter(production=flagship).count() == 3
    riders = sorted(sorted(r.state for r in s.riders) for s in states.values())
    assert riders == [["awaiting", "signed"], ["signed", "signed"], ["signed", "withdrawn"]]
    assert all(not s.missing for s in states.values())  # complete plans with a closed-set roster
    # the signed scene was shot: the coordinator checked in with the performers before and after it
    assert set(CheckIn.objects.filter(plan__production=flagship).values_list("phase", flat=True)) == {"pre", "post"}
    assert CheckIn.objects.filter(plan__production=flagship).count() == 2
    assert sorted(intimacy.blocked_scene_ids(flagship).values()) == ["Needs re-planning", "Rider not signed yet"]
    closed = [c for c in CallSheet.objects.filter(production=flagship) if c.content.get("closed_set")]
    assert len(closed) == 1 and "조은지" in {p["name"] for p in closed[0].content["closed_set"]["people"]}
    # on the day the world is built for (and on the other days below): see _check_intimate_scenes_fit


def _check_intimate_scenes_fit(today: dt.date) -> None:
    """The intimacy story fits the day the world is built for: the signed scene was shot on a reported day, ready
    that day (riders signed in time, the coordinator booked and checked in) and completed; the scenes waiting for a
    signature or blocked by a withdrawn consent are on board days after today, with their bookings, and no daily
    report lists them; every step of the story (riders sent, signed, withdrawn) happened by today."""
    from setwise.callsheets.models import CallSheet
    from setwise.intimacy import services as intimacy
    from setwise.intimacy.models import CheckIn, ICBooking, Rider, RiderSignature
    from setwise.intimacy.protocol import zone
    from setwise.reports.models import ReportScene
    from setwise.scheduling.models import Strip

    flagship = Production.objects.get(slug=world.FLAGSHIP)
    board = Board.objects.get(production=flagship, status=BoardStatus.ACTIVE)
    readiness = intimacy.readiness(flagship)
    states = readiness.states
    blocked = intimacy.blocked_scene_ids(flagship)
    signed = [scene_id for scene_id, state in states.items() if state.signed]
    assert len(states) == 3 and len(blocked) == 2 and len(signed) == 1
    on_day = {s.scene_id: s.day for s in Strip.objects.filter(board=board, scene_id__in=states).select_related("day")}
    booked = set(ICBooking.objects.filter(production=flagship).values_list("date", flat=True))
    assert booked == {day.date for day in on_day.values() if day is not None}
    # no daily report lists a blocked intimate scene; every intimate scene on a report was ready on its day
    listed = ReportScene.objects.filter(report__production=flagship, scene_id__in=states).select_related("report")
    assert not listed.filter(scene_id__in=blocked).exists()
    assert [row.scene_id for row in listed] == signed
    for row in listed:
        assert (
            row.scene_id is not None and readiness.ready_on(row.scene_id, row.report.date) and row.report.date < today
        )
        assert row.result == "completed" and row.report.date in booked
    shot_day = on_day[signed[0]]
    assert shot_day is not None and shot_day.date == listed[0].report.date
    assert set(CheckIn.objects.filter(plan__production=flagship).values_list("date", flat=True)) == {shot_day.date}
    closed = [c for c in CallSheet.objects.filter(production=flagship) if c.content.get("closed_set")]
    assert [c.date for c in closed] == [shot_day.date]
    # the blocked scenes are on days after today; the co-star still has time to sign the one that waits
    for scene_id, reason in blocked.items():
        day = on_day[scene_id]
        assert day is not None and day.date > today and not readiness.ready_on(scene_id, day.date)
        if reason == str(intimacy.PUBLIC_REASONS[intimacy.BLOCK_UNSIGNED]):
            tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=zone(flagship.time_zone))
            assert readiness.deadline(day.date) >= tomorrow
    # the story's steps happened in order, by the end of today
    end_of_today = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=zone(flagship.time_zone))
    for rider in Rider.objects.filter(plan__production=flagship):
        signatures = list(RiderSignature.objects.filter(rider=rider).values_list("signed_at", flat=True))
        assert rider.sent_at is not None and rider.sent_at < end_of_today
        assert all(rider.sent_at <= at < end_of_today for at in signatures)
        if rider.withdrawn_at is not None:
            assert signatures and max(signatures) <= rider.withdrawn_at < end_of_today


def test_the_flagship_has_approved_daily_reports_a_budget_and_actuals(built: str) -> None:
    from setwise.budgets import selectors as budget_selectors
    from setwise.budgets.models import AccountGroup, Actual, ActualSource, BudgetLine, VersionStatus
    from setwise.reports import selectors as report_selectors
    from setwise.reports.models import DailyReport, HoursViolation, ReportIncident

    flagship = Production.objects.get(slug=world.FLAGSHIP)
    reports = DailyReport.objects.filter(production=flagship)
    assert reports.count() >= 10
    assert set(reports.values_list("status", flat=True)) == {"approved", "submitted"}
    assert reports.filter(status="approved").count() >= 9
    assert min(r.times.count() for r in reports) >= 20  # cast and crew, each with a call and a wrap
    assert not reports.filter(times__call__isnull=True).exists()
    assert reports.filter(times__clock_in__isnull=False).exists()  # some clocked from their phones
    # One night shoot leaves the crew too little rest: the only violations, all on the next day.
    violations = HoursViolation.objects.filter(production=flagship)
    assert set(violations.values_list("rule", flat=True)) == {"min_turnaround"}
    assert violations.values("date").distinct().count() == 1 and violations.count() >= 20
    incident = ReportIncident.objects.get(report__production=flagship)
    assert incident.open and incident.kind == "near_miss"
    health = report_selectors.health(flagship, with_budget=True)
    assert health.plan is not None and health.plan.days_shot == reports.count()
    assert health.plan.forecast_wrap is not None and health.open_incidents == 1
    assert report_selectors.to_reschedule(health.plan.board).exists()  # the rained-off scene waits for a day
    # An approved budget across the chart of accounts, with labour from the reports and an imported cost report.
    version = budget_selectors.approved_version(flagship)
    assert version is not None and version.status == VersionStatus.APPROVED
    groups = set(BudgetLine.objects.filter(version=version).values_list("account__group", flat=True))
    assert groups == set(AccountGroup.values)
    sources = set(Actual.objects.filter(production=flagship).values_list("source", flat=True))
    assert sources == {ActualSource.DPR, ActualSource.IMPORT}
    variance = budget_selectors.variance(flagship)
    assert variance is not None and (variance["actual"] or 0) > 0 and (variance["variance"] or 0) < 0  # over budget
    assert health.budget_variance == variance
    client = Client()
    client.force_login(User.objects.get(username="demo-lineproducer"))
    page = client.get(f"/productions/{flagship.slug}/reports/health/").content.decode()
    assert "min_turnaround" in page and incident.description[:20] in page
    client.force_login(User.objects.get(username="demo-firstad"))
    assert client.get(f"/productions/{flagship.slug}/reports/plan/").status_code == 200


# --- dated for the day it is built ------------------------------------------------------------------------------


def _check_dated_for(today: dt.date, last_report: dt.date) -> None:
    """The flagship two weeks into its shoot on ``today``: ten daily reports on the board's first ten days, the last
    on ``last_report``; the board going on after today; launch and post milestones ahead; the slate around it."""
    from setwise.post import selectors as post_selectors
    from setwise.reports.models import HoursViolation

    flagship = Production.objects.get(slug=world.FLAGSHIP)
    start, end, launch = flagship.shoot_start, flagship.shoot_end, flagship.launch_date
    assert start is not None and end is not None and launch is not None
    board = Board.objects.get(production=flagship, status=BoardStatus.ACTIVE)
    days = list(board.days.order_by("number").values_list("date", flat=True))
    reported = list(DailyReport.objects.filter(production=flagship).order_by("date").values_list("date", flat=True))
    assert reported == days[:10] and reported[-1] == last_report < today
    assert days[0] == board.start_date == start and start.weekday() == 1  # a Tuesday
    assert sum(d > today for d in days) >= 8 and end > today and launch > today
    # the days still to shoot keep every rule the engine checks, but for what changed after they were laid out: the
    # third lead's engagement on day 13 and the scenes the reports sent back; nothing waits between report and today
    problem = adapter.problem_for(board)
    codes = {v.code for v in validate(problem, adapter.current_board(board, problem))}
    assert codes <= {"cast_unavailable", "missing_scene"}
    assert not Strip.objects.filter(board=board, day__date__gt=reported[-1], day__date__lt=today).exists()
    # the night shoot still leaves the crew too little rest before the next morning's call; with a public holiday
    # among the reported days the second week runs to Saturday, which the studio's fortnight rule flags too
    violations = HoursViolation.objects.filter(production=flagship)
    rules = set(violations.values_list("rule", flat=True))
    assert violations.filter(rule="min_turnaround").values("date").distinct().count() == 1
    if (reported[-1] - reported[0]).days == 10:  # two five-day weeks
        assert rules == {"min_turnaround"}
    else:
        assert rules <= {"min_turnaround", "min_2_consecutive_days_off_per_14"}
    # the post plan counts back from a launch ahead: no milestone passed, nothing overdue on the day
    tl = post_selectors.timeline_for(flagship, post_selectors.plan_for(flagship))
    assert tl is not None and min(m.date for m in tl.milestones) > today
    assert post_selectors.overdue_deliverables(flagship, tl, today) == 0
    # the intimacy story fits the day: no blocked intimate scene reported as shot, the blocked ones ahead
    _check_intimate_scenes_fit(today)
    _check_call_sheets_fit(today, days)
    assert Deliverable.objects.filter(production=flagship).exists()
    # the cost report's lines fall on the reported days, their references written from their dates
    actuals = Actual.objects.filter(production=flagship, source=ActualSource.IMPORT)
    assert actuals.count() == 12 and {a.date for a in actuals} <= set(reported)
    for actual in actuals.filter(reference__startswith="INV-"):
        assert actual.reference[4:8] == actual.date.strftime("%y%m")
    # every production moved by the same whole weeks: weekdays kept, each stage where it belongs on the day
    base = {p["slug"]: p for p in world.PRODUCTIONS}
    for production in Production.objects.all():
        planned = base[production.slug]
        for key in ("shoot_start", "shoot_end", "launch_date"):
            value = getattr(production, key)
            assert (value is None) == (planned.get(key) is None)
            if value is not None:
                assert value.weekday() == planned[key].weekday()
                assert (value - planned[key]) == (start - base[world.FLAGSHIP]["shoot_start"])
        far = dt.date.max
        shoot_start, shoot_end = production.shoot_start or far, production.shoot_end or far
        launch_date = production.launch_date or far
        if production.stage == Stage.DELIVERED:
            assert launch_date < today
        elif production.stage == Stage.POST_PRODUCTION:
            assert shoot_end < today < launch_date < far
        elif production.stage == Stage.PRODUCTION:
            assert shoot_start <= today <= shoot_end < far
        elif production.stage == Stage.PRE_PRODUCTION:
            assert today < shoot_start < far


def _check_call_sheets_fit(today: dt.date, days: list[dt.date]) -> None:
    """The production office's call sheets on ``today``: the closed-set sheet of the shot intimate scene and the
    sheet of the next shoot day (today's when today is one) issued by the evening before their day, the sheet of the
    shoot day after that a draft; no other day has one."""
    from setwise.callsheets.models import CallSheet, CallSheetStatus
    from setwise.intimacy.protocol import zone

    flagship = Production.objects.get(slug=world.FLAGSHIP)
    coming = [d for d in days if d >= today][:2]
    sheets = {c.date: c for c in CallSheet.objects.filter(production=flagship)}
    shot = [c.date for c in sheets.values() if c.content.get("closed_set") and c.date < today]
    assert len(shot) == 1 and sorted(sheets) == sorted([*shot, *coming]) and len(sheets) == 3
    for date in (shot[0], coming[0]):
        sheet = sheets[date]
        the_day = dt.datetime.combine(date, dt.time(0), tzinfo=zone(flagship.time_zone))
        assert sheet.status == CallSheetStatus.ISSUED and sheet.issued_at is not None and sheet.issued_at < the_day
    assert sheets[coming[1]].status == CallSheetStatus.DRAFT and sheets[coming[1]].issued_at is None


def test_dated_for_the_day_it_is_built(built: str) -> None:
    assert f"Dated for {TODAY.isoformat()}." in built
    # the Monday after two five-day weeks, Tuesday to the Friday of the next week
    _check_dated_for(TODAY, dt.date(2026, 12, 4))
    reported = DailyReport.objects.filter(production__slug=world.FLAGSHIP).order_by("date")
    assert [r.date.weekday() for r in reported] == [1, 2, 3, 4, 5, 0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("today", "last_report"),
    [
        (dt.date(2027, 2, 10), dt.date(2027, 2, 5)),  # Seollal week: the reports end on the Friday before it
        (dt.date(2026, 12, 28), dt.date(2026, 12, 26)),  # Christmas among the reported days: one more day, Saturday
        (dt.date(2027, 9, 20), dt.date(2027, 9, 10)),  # Chuseok last week: the world moves a week further back
    ],
)
def test_dated_for_another_day(db: Any, today: dt.date, last_report: dt.date) -> None:
    out = _demo("--today", today.isoformat())
    assert f"Dated for {today.isoformat()}." in out
    _check_dated_for(today, last_report)
    years = set(Collaboration.objects.values_list("year", flat=True))
    assert max(years) == today.year and min(years) == today.year - 10


def test_today_must_be_a_date(db: Any) -> None:
    with pytest.raises(CommandError):
        _demo("--today", "2026-13-01")
    assert not Production.objects.exists()


def test_already_built_keeps_its_dates(built: str) -> None:
    start = Production.objects.get(slug=world.FLAGSHIP).shoot_start
    again = _demo("--today", "2027-02-10")
    assert "already built" in again and "--reset" in again
    assert Production.objects.get(slug=world.FLAGSHIP).shoot_start == start


def test_the_anchor_for_every_day_of_five_years() -> None:
    """Without a public holiday among them, the ten reported days are Tuesday to the Friday of the next week and end
    on the last Friday before today; with one, they end in that week or up to two weeks earlier, always before
    today."""
    import holidays

    from setwise.demo import reports, schedule

    base_start = next(p for p in world.PRODUCTIONS if p["slug"] == world.FLAGSHIP)["shoot_start"]
    korean = holidays.country_holidays("KR", years=range(2024, 2031))
    today = dt.date(2025, 1, 1)
    while today < dt.date(2030, 1, 1):
        anchor = world.anchor_for(today)
        first = anchor.date(base_start)
        board = Board(start_date=first, working_weekdays=schedule.WORKING_WEEKDAYS)
        reported = list(islice(scheduling.shooting_dates(board, "KR"), reports.REPORTED_DAYS))
        friday = today - dt.timedelta(days=(today.weekday() - 5) % 7 + 1)
        window = [friday - dt.timedelta(days=n) for n in range(11)]
        assert first.weekday() == 1 and reported[-1] < today and (today - reported[-1]).days <= 14, today
        if not any(d in korean for d in window):
            assert reported[-1] == friday and reported[0] == friday - dt.timedelta(days=10), today
        today += dt.timedelta(days=1)


def test_the_night_shoot_is_followed_by_a_morning_call() -> None:
    from setwise.demo import reports
    from setwise.scheduling.models import ShootDay

    start = dt.date(2027, 9, 7)  # a Tuesday; with a holiday after the seventh day, the night shoot is the sixth
    dates = [start + dt.timedelta(days=n) for n in (0, 1, 2, 3, 4, 6, 7, 9, 10, 11)]
    assert reports._night_day([ShootDay(number=n, date=d) for n, d in enumerate(dates, start=1)]) == 6
    dates = [start + dt.timedelta(days=n) for n in (0, 1, 2, 3, 4, 6, 7, 8, 9, 10)]
    assert reports._night_day([ShootDay(number=n, date=d) for n, d in enumerate(dates, start=1)]) == 7
