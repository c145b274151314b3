"""Intimacy scenes are safeguarding data; breakdown pages show times in the production's zone; import options
are checked in one place (the service) and the API answers a bad one with a 422 problem."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from setwise.accounts.roles import ProductionRole
from setwise.breakdown import services
from setwise.breakdown.models import ElementStatus, SceneElement, ScriptDraft
from setwise.core.models import Job
from setwise.productions.models import Membership
from tests.breakdown.conftest import fixture_bytes

pytestmark = pytest.mark.django_db


def url(name: str, production: Any, *args: Any) -> str:
    return reverse(f"breakdown:{name}", args=[production.slug, *args])


def member(make_user: Any, production: Any, role: str) -> Any:
    user = make_user(f"{role}-member")
    Membership.objects.create(production=production, user=user, role=role)
    return user


@pytest.fixture
def coordinator(make_user, production) -> Any:
    return member(make_user, production, ProductionRole.INTIMACY_COORDINATOR)


@pytest.fixture
def kiss(production, first_ad, imported) -> SceneElement:
    item = SceneElement.objects.select_related("element", "scene__production").get(
        scene__production=production, scene__number="1", element__name="kissing"
    )
    return services.set_element_status(first_ad, item, ElementStatus.ACCEPTED)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (ProductionRole.CAST, False),
        (ProductionRole.CREW, False),
        (ProductionRole.FIRST_AD, False),
        (ProductionRole.INTIMACY_COORDINATOR, True),
        (ProductionRole.SAFEGUARDING_LEAD, True),
        (ProductionRole.PRODUCER, True),
        (ProductionRole.LINE_PRODUCER, True),
    ],
)
def test_the_intimacy_queue_is_for_the_roles_with_view_intimacy(client, make_user, production, kiss, role, allowed):
    client.force_login(member(make_user, production, role))
    response = client.get(url("intimacy", production))
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert 'data-scene="1"' in response.content.decode()


def test_cast_and_crew_see_no_intimacy_flags_anywhere(client, production, actor, kiss, token_for):
    scene = kiss.scene
    client.force_login(actor.user)
    scenes = client.get(url("scenes", production)).content.decode()
    assert url("intimacy", production) not in scenes and 'class="tag">Intimacy' not in scenes
    sheet = client.get(url("scene", production, scene.pk)).content.decode()
    assert "kissing" not in sheet and 'data-category="intimacy"' not in sheet
    assert "kissing" not in client.get(url("elements", production)).content.decode()
    workbook = client.get(url("export_breakdown", production), {"scene": scene.pk}).content
    cells = list(load_workbook(io.BytesIO(workbook)).active.iter_rows(values_only=True))
    assert not any("kissing" in str(value) for row in cells for value in row)
    detail = client.get(
        f"/api/productions/{production.slug}/scenes/{scene.pk}", HTTP_AUTHORIZATION=f"Bearer {token_for(actor.user)}"
    ).json()
    assert detail["elements"] and all(e["category"] != "intimacy" for e in detail["elements"])


def test_the_coordinator_sees_the_flags(client, production, coordinator, kiss, token_for):
    client.force_login(coordinator)
    scenes = client.get(url("scenes", production)).content.decode()
    assert url("intimacy", production) in scenes and 'class="tag">Intimacy' in scenes
    assert "kissing" in client.get(url("scene", production, kiss.scene_id)).content.decode()
    detail = client.get(
        f"/api/productions/{production.slug}/scenes/{kiss.scene_id}",
        HTTP_AUTHORIZATION=f"Bearer {token_for(coordinator)}",
    ).json()
    assert "kissing" in [e["name"] for e in detail["elements"] if e["category"] == "intimacy"]


def test_the_coordinator_decides_intimacy_elements_only(client, production, coordinator, kiss, token_for):
    scene = kiss.scene
    umbrella = SceneElement.objects.get(scene__production=production, element__name="우산")
    client.force_login(coordinator)
    sheet = client.get(url("scene", production, scene.pk)).content.decode()
    assert url("element_decide", production, scene.pk, kiss.pk) in sheet
    page = client.post(url("element_decide", production, scene.pk, kiss.pk), {"status": "rejected"})
    assert page.status_code == 302
    kiss.refresh_from_db()
    assert kiss.status == ElementStatus.REJECTED
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(coordinator)}"}
    decision = f"/api/productions/{production.slug}/scenes/{scene.pk}/elements/{kiss.pk}/decision"
    response = client.post(decision, {"status": "accepted"}, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    # Other categories still need Perm.EDIT_PRODUCTION.
    other = url("element_decide", production, umbrella.scene_id, umbrella.pk)
    assert client.post(other, {"status": "accepted"}).status_code == 403
    api_other = f"/api/productions/{production.slug}/scenes/{umbrella.scene_id}/elements/{umbrella.pk}/decision"
    assert client.post(api_other, {"status": "accepted"}, content_type="application/json", **headers).status_code == 403
    umbrella.refresh_from_db()
    assert umbrella.status == ElementStatus.SUGGESTED
    with pytest.raises(PermissionDenied):
        services.add_element(coordinator, scene, "props", "candle")


def test_the_safeguarding_lead_and_cast_may_not_decide(make_user, production, actor, kiss):
    lead = member(make_user, production, ProductionRole.SAFEGUARDING_LEAD)
    for user in (lead, actor.user):
        with pytest.raises(PermissionDenied):
            services.set_element_status(user, kiss, ElementStatus.REJECTED)


def test_draft_times_show_in_the_production_zone(client, make_user, production, imported):
    # The production is in Asia/Seoul (UTC+9); the viewer lives in New York (UTC-5 in January).
    viewer = make_user("nyc", time_zone="America/New_York")
    Membership.objects.create(production=production, user=viewer, role=ProductionRole.CREW)
    ScriptDraft.objects.update(created_at=dt.datetime(2026, 1, 1, 1, 30, tzinfo=dt.UTC))
    draft = ScriptDraft.objects.get()
    client.force_login(viewer)
    for page in (url("scenes", production), url("diff", production, draft.pk)):
        body = client.get(page).content.decode()
        assert "01/01/2026 10:30 a.m." in body, page  # 01:30 UTC is 10:30 in Seoul
        assert "12/31/2025" not in body, page  # not the viewer's own zone


def test_import_options_are_checked_by_the_service(first_ad, production):
    for options, field in (
        ({"colour": "mauve"}, "colour"),
        ({"format": "docx"}, "format"),
        ({"episode": 0}, "episode"),
        ({"episode": 1000}, "episode"),
    ):
        with pytest.raises(services.InvalidImportOption) as caught:
            services.import_script(first_ad, production, fixture_bytes("harbour_white.fountain"), "a", **options)
        assert caught.value.field == field
    assert not ScriptDraft.objects.exists()


@pytest.mark.parametrize(
    ("form", "field"),
    [({"colour": "mauve"}, "colour"), ({"format": "docx"}, "format"), ({"episode": "0"}, "episode")],
)
def test_the_api_answers_a_bad_import_option_with_a_422_problem(client, production, first_ad, token_for, form, field):
    response = client.post(
        f"/api/productions/{production.slug}/script",
        {"file": SimpleUploadedFile("ep1.fountain", fixture_bytes("harbour_white.fountain")), **form},
        HTTP_AUTHORIZATION=f"Bearer {token_for(first_ad)}",
    )
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Job.objects.exists()


@pytest.mark.parametrize("offset", ["99999999999999999999", "-5", "1000000000"])
def test_a_huge_or_negative_offset_is_not_a_server_error(client, production, first_ad, token_for, imported, offset):
    response = client.get(
        f"/api/productions/{production.slug}/scenes",
        {"offset": offset},
        HTTP_AUTHORIZATION=f"Bearer {token_for(first_ad)}",
    )
    assert response.status_code in {200, 422}
    if response.status_code == 200:
        body = response.json()
        assert body["count"] == 4
        assert len(body["items"]) == (4 if offset == "-5" else 0)
