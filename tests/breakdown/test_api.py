"""The breakdown API: shapes, the same permission layer as the pages, upload as a 202 job."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from setwise.accounts.roles import ProductionRole
from setwise.breakdown.models import ElementStatus, Scene, SceneElement, ScriptDraft
from setwise.core.models import Job, JobStatus
from setwise.productions.models import Membership
from tests.breakdown.conftest import fixture_bytes

pytestmark = pytest.mark.django_db


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_list_and_detail_shapes(client, production, first_ad, token_for, imported) -> None:
    headers = auth(token_for(first_ad))
    body = client.get(f"/api/productions/{production.slug}/scenes", **headers).json()
    assert body["count"] == 4
    first = body["items"][0]
    assert set(first) == {
        "id",
        "episode",
        "number",
        "heading",
        "int_ext",
        "set",
        "location",
        "time_of_day",
        "eighths",
        "length",
        "page_start",
        "page_end",
        "omitted",
        "draft_version",
        "characters",
    }
    assert (first["number"], first["set"], first["location"], first["int_ext"]) == ("1", "부두", "항구", None)
    assert first["characters"] == [
        {"name": "민호", "speaking": True, "dialogue_count": 1},
        {"name": "서연", "speaking": True, "dialogue_count": 1},
    ]
    ext = client.get(f"/api/productions/{production.slug}/scenes?int_ext=EXT", **headers).json()
    assert [s["heading"] for s in ext["items"]] == ["EXT. ROOFTOP - DAWN"]
    detail = client.get(f"/api/productions/{production.slug}/scenes/{first['id']}", **headers).json()
    kiss = next(e for e in detail["elements"] if e["name"] == "kissing")
    assert kiss == {
        "id": kiss["id"],
        "category": "intimacy",
        "name": "kissing",
        "status": "suggested",
        "triggers": ["키스"],
    }
    assert "키스한다" in detail["text"]
    drafts = client.get(f"/api/productions/{production.slug}/script/drafts", **headers).json()
    assert [(d["version"], d["colour"], d["scene_count"]) for d in drafts] == [(1, "white", 4)]


def test_decisions_and_hand_added_elements(client, production, first_ad, crew_member, token_for, imported) -> None:
    scene = Scene.objects.get(production=production, number="1")
    kiss = SceneElement.objects.get(scene=scene, element__name="kissing")
    path = f"/api/productions/{production.slug}/scenes/{scene.pk}/elements/{kiss.pk}/decision"
    crew = client.post(path, {"status": "accepted"}, content_type="application/json", **auth(token_for(crew_member)))
    assert crew.status_code == 403 and crew["Content-Type"] == "application/problem+json"
    headers = auth(token_for(first_ad))
    response = client.post(path, {"status": "accepted"}, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    kiss.refresh_from_db()
    assert kiss.status == ElementStatus.ACCEPTED
    bad = client.post(path, {"status": "maybe"}, content_type="application/json", **headers)
    assert bad.status_code == 422
    added = client.post(
        f"/api/productions/{production.slug}/scenes/{scene.pk}/elements",
        {"category": "wardrobe", "name": "우비"},
        content_type="application/json",
        **headers,
    )
    assert added.status_code == 201 and added.json()["status"] == "manual" and added.json()["category"] == "wardrobe"


def test_upload_is_a_202_job(client, production, first_ad, token_for, django_capture_on_commit_callbacks) -> None:
    headers = auth(token_for(first_ad))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/productions/{production.slug}/script",
            {"file": SimpleUploadedFile("ep1.fountain", fixture_bytes("harbour_white.fountain")), "colour": "white"},
            **headers,
        )
    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json() == {"job_id": str(job.pk), "status_url": f"/api/jobs/{job.pk}"}
    assert response["Location"] == f"/api/jobs/{job.pk}"
    status = client.get(response["Location"], **headers).json()
    assert status["status"] == JobStatus.SUCCEEDED and status["result"]["scenes"] == 4
    assert ScriptDraft.objects.get().colour == "white"


def test_same_guards_as_the_pages(
    client, production, other_production, crew_member, outsider, make_user, token_for, imported
) -> None:
    scene = Scene.objects.filter(production=production).first()
    assert scene is not None
    item = SceneElement.objects.filter(scene=scene).first()
    assert item is not None
    other_producer = make_user("other-producer")
    Membership.objects.create(production=other_production, user=other_producer, role=ProductionRole.PRODUCER)
    base = f"/api/productions/{production.slug}"
    for user in (outsider, other_producer):
        headers = auth(token_for(user))
        assert client.get(f"{base}/scenes", **headers).status_code == 404
        assert client.get(f"{base}/scenes/{scene.pk}", **headers).status_code == 404
        assert client.get(f"{base}/script/drafts", **headers).status_code == 404
        decision = client.post(
            f"{base}/scenes/{scene.pk}/elements/{item.pk}/decision",
            {"status": "accepted"},
            content_type="application/json",
            **headers,
        )
        assert decision.status_code == 404
        upload = client.post(
            f"{base}/script", {"file": SimpleUploadedFile("ep1.fountain", b"INT. A - DAY\n\nx\n")}, **headers
        )
        assert upload.status_code == 404
    item.refresh_from_db()
    assert item.status == ElementStatus.SUGGESTED and not Job.objects.exists()
    headers = auth(token_for(crew_member))
    assert client.get(f"/api/productions/{production.slug}/scenes", **headers).status_code == 200
    upload = client.post(
        f"/api/productions/{production.slug}/script",
        {"file": SimpleUploadedFile("ep1.fountain", b"INT. A - DAY\n\nx\n")},
        **headers,
    )
    assert upload.status_code == 403 and not Job.objects.exists()
    # A scene is reached only through its own production.
    assert client.get(f"/api/productions/{other_production.slug}/scenes/{scene.pk}", **headers).status_code == 404
    assert client.get(f"/api/productions/{production.slug}/scenes").status_code == 401
