"""The pages and the API: the coordinator plans through forms, the performer signs and withdraws, the board-safe
status, the production page's links, and what never leaks (admin, search, error pages, API lists)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from setwise.accounts.models import ApiToken
from setwise.intimacy import documents, models, services
from setwise.intimacy.models import AuditAction, AuditEntry, Rider, RiderSignature, RiderStatus
from tests.intimacy.factories import PLAN, SHOOT_DAY, World, plan_scene, ready_world, rider_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intimacy.urls")]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: World, rest: str = "") -> str:
    return f"/productions/{world.production.slug}/intimacy/{rest}"


def api(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'tests')[1]}"}


def _fail(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("boom")


def test_the_coordinator_plans_a_scene_through_the_pages(world) -> None:
    ic = client_for(world["ic"])
    queue = ic.get(url(world, "scenes/"))
    assert queue.status_code == 200 and "INT. HARBOUR OFFICE - NIGHT" in queue.content.decode()
    assert "EXT. ROOFTOP" not in queue.content.decode()
    form = {
        "content_types": ["kissing"],
        "nudity_level": "implied",
        "description": PLAN.description,
        "agreed_with_director_on": "2026-02-20",
        "modesty_garments": "Strapless bra",
        "barriers": "Cushion",
        "monitor_restrictions": "Director and IC only",
        "remote_monitors_off": "on",
        "closed_set": [str(world.members["first_ad"].pk), str(world.members["crew"].pk)],
    }
    response = ic.post(url(world, f"scenes/{world.intimate.pk}/edit/"), form)
    assert response.status_code == 302, response.content[:500]
    for who, character in (("performer", world.minho), ("partner", world.seoyeon)):
        body = {"membership": world.members[who].pk, "character": character.pk}
        assert ic.post(url(world, f"scenes/{world.intimate.pk}/performers/"), body).status_code == 302
    assert ic.post(url(world, f"scenes/{world.intimate.pk}/send/")).status_code == 302
    assert set(Rider.objects.values_list("status", flat=True)) == {RiderStatus.SENT}
    plan = ic.get(url(world, f"scenes/{world.intimate.pk}/")).content.decode()
    assert "Awaiting signature" in plan and "Rider not signed yet" in plan
    bad = ic.post(url(world, f"scenes/{world.intimate.pk}/edit/"), {**form, "closed_set": ["999999"]})
    assert bad.status_code == 400


def test_the_performer_signs_on_the_rider_page_and_withdraws_in_one_click(world) -> None:
    plan = plan_scene(world)
    services.send_riders(world["ic"], plan, "")
    rider = rider_of(world, "performer")
    performer = client_for(world["performer"])
    page = performer.get(url(world, f"riders/{rider.pk}/"))
    body = page.content.decode()
    digest = documents.sha256(rider.document_text)
    assert page.status_code == 200 and digest in body and "no-store" in page["Cache-Control"]
    signed = performer.post(
        url(world, f"riders/{rider.pk}/sign/"),
        {"typed_name": "Kim Minho", "document_sha256": digest, "agree": "on"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert signed.status_code == 302
    signature = RiderSignature.objects.get()
    assert (signature.typed_name, signature.ip_address, signature.document_sha256) == (
        "Kim Minho",
        "198.51.100.4",
        digest,
    )
    withdrawn = performer.post(url(world, f"riders/{rider.pk}/withdraw/"))
    assert withdrawn.status_code == 302
    rider.refresh_from_db()
    assert rider.status == RiderStatus.WITHDRAWN
    status = client_for(world["crew"]).get(url(world, "status/")).content.decode()
    assert "Needs re-planning" in status and "Person performer" not in status and "withdrawn" not in status


def test_the_performer_does_not_see_riders_still_being_prepared_or_of_others(world) -> None:
    plan_scene(world)
    performer = client_for(world["performer"])
    assert performer.get(url(world, f"riders/{rider_of(world, 'performer').pk}/")).status_code == 404
    services.send_riders(world["ic"], world.intimate.intimacy_plan, "")
    assert performer.get(url(world, f"riders/{rider_of(world, 'performer').pk}/")).status_code == 200
    assert performer.get(url(world, f"riders/{rider_of(world, 'partner').pk}/")).status_code == 404
    mine = performer.get(url(world, "riders/")).content.decode()
    assert f'data-rider="{rider_of(world, "performer").pk}"' in mine
    assert f'data-rider="{rider_of(world, "partner").pk}"' not in mine


def test_reading_a_rider_is_in_the_audit_log(world) -> None:
    ready_world(world)
    rider = rider_of(world, "performer")
    AuditEntry.objects.all().delete()
    client_for(world["producer"]).get(url(world, f"riders/{rider.pk}/"))
    client_for(world["performer"]).get(url(world, f"riders/{rider.pk}/"))
    client_for(world["ic"]).get(url(world, f"scenes/{world.intimate.pk}/"))
    reads = list(AuditEntry.objects.filter(action=AuditAction.VIEW).values_list("actor__username", "record_type"))
    assert ("producer", "rider") in reads and ("performer", "rider") in reads
    assert ("ic", "intimacyplan") in reads and reads.count(("ic", "rider")) == 2


def test_the_agent_reads_the_shared_version_until_it_changes(world, django_capture_on_commit_callbacks) -> None:
    from django.core import mail

    ready_world(world)
    rider = rider_of(world, "performer")
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client_for(world["performer"])
            .post(url(world, f"riders/{rider.pk}/agent/"), {"email": "agent@example.org"})
            .status_code
            == 302
        )
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/shared/" in line)
    path = link.split("testserver", 1)[1]
    agent = Client()
    page = agent.get(path)
    assert page.status_code == 200 and PLAN.description in page.content.decode()
    assert page["X-Robots-Tag"].startswith("noindex")
    assert AuditEntry.objects.filter(actor_kind="agent", record_id=rider.pk).exists()
    services.update_rider_terms(world["ic"], rider, services.RiderTerms(nudity_extent="Bare back"))
    assert PLAN.description not in agent.get(path).content.decode()
    assert agent.get(path.replace(path.rstrip("/").rsplit("/", 1)[1], "forged")).status_code == 404
    models.AgentShare.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert agent.get(path).status_code == 404


def test_bookings_page(world) -> None:
    ic = client_for(world["ic"])
    response = ic.post(url(world, "bookings/"), {"coordinator": world.members["ic"].pk, "date": "2026-03-10"})
    assert response.status_code == 302
    assert services.ic_booked_dates(world.production) == {SHOOT_DAY}
    again = ic.post(url(world, "bookings/"), {"coordinator": world.members["ic"].pk, "date": "2026-03-10"})
    assert again.status_code == 400
    assert "2026" in client_for(world["first_ad"]).get(url(world, "bookings/")).content.decode()
    assert client_for(world["first_ad"]).post(url(world, "bookings/"), {"date": "2026-03-11"}).status_code == 403


# --- the production page -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("ic", ["Intimate scenes", "Raise a concern"], ["My riders"]),
        ("producer", ["Intimate scenes", "Raise a concern"], []),
        ("performer", ["My riders", "Raise a concern"], ["Intimate scenes", 'intimacy/concerns/"']),
        ("crew", ["Raise a concern"], ["Intimate scenes", "My riders", "Intimacy coordinator bookings"]),
        ("first_ad", ["Intimacy coordinator bookings", "Raise a concern"], ["Intimate scenes"]),
        ("prod_lead", ["Raise a concern", '/intimacy/concerns/"'], ["Intimate scenes"]),
    ],
)
def test_the_production_page_links_by_role(world, who, shown, hidden) -> None:
    body = client_for(world[who]).get(f"/productions/{world.production.slug}/").content.decode()
    section = body.split("data-intimacy-links", 1)[1].split("</div>", 1)[0]
    for text in shown:
        assert text in section, (who, text)
    for text in hidden:
        assert text not in section, (who, text)


def test_the_production_page_tells_those_who_re_plan_and_nobody_why(world) -> None:
    ready_world(world)
    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    for who in ("producer", "line_producer", "first_ad", "ic"):
        body = client_for(world[who]).get(f"/productions/{world.production.slug}/").content.decode()
        notice = body.split("data-replanning", 1)[1].split("</p>", 1)[0]
        assert "Scene 1-12 needs re-planning" in notice, who
        assert "withdr" not in notice and "Person performer" not in notice
    for who in ("crew", "cast", "partner", "prod_lead"):
        assert (
            "data-replanning"
            not in client_for(world[who]).get(f"/productions/{world.production.slug}/").content.decode()
        )


# --- API -----------------------------------------------------------------------------------------------------------


def test_api_blocked_scenes_for_everyone_on_the_production(world, outsider) -> None:
    ready_world(world)
    services.withdraw_consent(world["performer"], rider_of(world, "performer"), "")
    response = Client().get(f"/api/productions/{world.production.slug}/intimacy/blocked", **api(world["crew"]))
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [{"scene": world.intimate.pk, "number": "12", "reason": "Needs re-planning"}],
    }
    assert (
        Client().get(f"/api/productions/{world.production.slug}/intimacy/blocked", **api(outsider)).status_code == 404
    )


def test_api_riders_lists_states_for_the_allowed_only(world) -> None:
    ready_world(world)
    path = f"/api/productions/{world.production.slug}/intimacy/riders"
    mine = Client().get(path, **api(world["performer"])).json()
    assert [r["id"] for r in mine["items"]] == [rider_of(world, "performer").pk]
    assert mine["items"][0]["state"] == "signed" and "document_text" not in mine["items"][0]
    everyone = Client().get(path, **api(world["ic"])).json()
    assert everyone["count"] == 2
    assert Client().get(path, **api(world["crew"])).json() == {"count": 0, "items": []}
    assert Client().get(path, **api(world["first_ad"])).json() == {"count": 0, "items": []}


def test_api_withdraw(world) -> None:
    ready_world(world)
    rider = rider_of(world, "performer")
    path = f"/api/productions/{world.production.slug}/intimacy/riders/{rider.pk}/withdraw"
    assert Client().post(path, **api(world["ic"])).status_code == 403
    assert Client().post(path, **api(world["partner"])).status_code == 404
    response = Client().post(path, **api(world["performer"]))
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"


# --- what never leaks ----------------------------------------------------------------------------------------------


def test_no_admin_lists(world) -> None:
    registered = {m for m in admin.site._registry if m._meta.app_label == "intimacy"}
    assert registered == set()
    histories = [m for m in admin.site._registry if m.__name__.startswith("HistoricalIntimacy")]
    assert histories == []


def test_search_and_exports_carry_nothing(world, admin_user) -> None:
    ready_world(world)
    services.raise_concern(world["crew"], world.production, "conduct", "zebrafish incident", anonymous=True)
    for user in (admin_user, world["ic"], world["producer"]):
        client = client_for(user)
        for q in ("window", "zebrafish", "Cushion"):
            body = client.get("/search/", {"q": q}).content.decode()
            assert "office window" not in body and "zebrafish incident" not in body and "Cushion between" not in body
    xlsx = client_for(world["producer"]).get(f"/productions/{world.production.slug}/script/export/breakdown.xlsx")
    assert xlsx.status_code == 200 and b"Cushion between hips" not in xlsx.content


# Kept away from the code around ``_fail``: a debug page quotes the source lines around the failing line.
POSTED = {"kind": "safety", "description": "zebra" + "fish incident"}


@pytest.mark.parametrize("debug", [True, False])
def test_error_reports_hide_what_was_posted(world, settings, monkeypatch, caplog, debug) -> None:
    """Neither the debug page (DEBUG on, e.g. a staging site with real records) nor the report e-mailed to the
    site's admins (DEBUG off) shows what was posted or what the views and services held."""
    import sys

    from django.core.signals import got_request_exception
    from django.views.debug import ExceptionReporter

    settings.DEBUG = debug
    monkeypatch.setattr(services, "new_case_code", _fail)  # fails inside the real service
    reports: list[str] = []

    def report(sender: Any, request: Any = None, **kwargs: Any) -> None:
        reporter = ExceptionReporter(request, *sys.exc_info(), is_email=True)
        reports.append(reporter.get_traceback_text() + reporter.get_traceback_html())

    got_request_exception.connect(report)
    try:
        client = Client(raise_request_exception=False)
        client.force_login(world["crew"])
        response = client.post(url(world, "concerns/new/"), POSTED)
    finally:
        got_request_exception.disconnect(report)
    assert response.status_code == 500
    assert reports and "boom" in reports[0]
    secret = POSTED["description"].split()[0]
    assert secret not in response.content.decode()
    assert secret not in reports[0]
    assert "Internal Server Error" in caplog.text and secret not in caplog.text  # nor the server's log
    assert not models.Concern.objects.exists()


def test_outsiders_and_other_roles_learn_nothing_of_plans(world, outsider) -> None:
    ready_world(world)
    assert client_for(outsider).get(url(world, "scenes/")).status_code == 404
    assert client_for(outsider).get(url(world, "concerns/new/")).status_code == 404
    for who in ("crew", "first_ad", "cast", "prod_lead"):
        response = client_for(world[who]).get(url(world, f"scenes/{world.intimate.pk}/"))
        assert response.status_code == 403
        assert PLAN.description not in response.content.decode()


def test_list_pages_do_not_grow_queries_with_more_scenes(world) -> None:
    from setwise.breakdown.models import Element, ElementStatus, Scene, SceneElement

    ready_world(world)
    ic = client_for(world["ic"])

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert ic.get(path).status_code == 200
        return len([q for q in ctx.captured_queries if "intimacy_auditentry" not in q["sql"]])

    kiss = Element.objects.get(category="intimacy")

    def add(n: int) -> None:
        scene = Scene.objects.create(
            production=world.production, draft=world.intimate.draft, number=f"2{n}", order=30 + n
        )
        SceneElement.objects.create(scene=scene, element=kiss, status=ElementStatus.ACCEPTED)

    add(0)  # one blocked scene, so the status page lists at least one
    before = {p: count(url(world, p)) for p in ("scenes/", "status/")}
    for n in range(1, 4):
        add(n)
    after = {p: count(url(world, p)) for p in ("scenes/", "status/")}
    assert after == before


def test_status_command(world, capsys) -> None:
    from django.core.management import call_command

    plan_scene(world)
    services.book_coordinator(world["ic"], world.production, world.members["ic"].pk, SHOOT_DAY)
    call_command("intimacy", "status", world.production.slug, "--json")
    assert json.loads(capsys.readouterr().out) == {
        "production": world.production.slug,
        "blocked": [{"scene": world.intimate.pk, "reason": "Rider not signed yet"}],
        "ic_booked_dates": ["2026-03-10"],
    }
    with pytest.raises(SystemExit) as exit_info:
        call_command("intimacy", "status", "no-such-production")
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.strip() == "error: no production 'no-such-production'"
