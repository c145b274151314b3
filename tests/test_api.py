"""The JSON API: partner list, detail, create, update, network, import, and its problem responses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from setwise.partners.models import Partner
from setwise.partners.services import add_collaboration, add_contact
from setwise.productions.models import Membership
from tests.partners.factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(partner_manager: Any, production: Any) -> dict[str, Partner]:
    kr = make_partner(partner_manager, "Hanbit Pictures", name_local="한빛 픽처스", city="Seoul", languages=["ko"])
    jp = make_partner(
        partner_manager, "Sakura Eizo", "JP", ["post"], name_local="桜映像", city="Tokyo", capabilities=["IMF delivery"]
    )
    th = make_partner(partner_manager, "Fah Sai Sound", "TH", ["sound"], name_local="ฟ้าใส ซาวด์", status="onboarding")
    add_collaboration(partner_manager, kr, title="Moonlit Harbour", year=2017, production=production)
    add_collaboration(partner_manager, jp, title="Moonlit Harbour", year=2021, services="DI grade")
    add_contact(partner_manager, kr, name="Kim Min-ji", name_local="김민지", title="Line producer", is_primary=True)
    return {"kr": kr, "jp": jp, "th": th}


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def send(client: Any, method: str, url: str, body: dict[str, Any], token: str) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **auth(token))


def test_list_filters_match_the_list_page(client, outsider, token_for, network) -> None:
    h = auth(token_for(outsider))
    url = "/api/partners/"
    assert names(client.get(url, **h)) == ["Fah Sai Sound", "Hanbit Pictures", "Sakura Eizo"]
    assert names(client.get(url, {"q": "한빛"}, **h)) == ["Hanbit Pictures"]
    assert names(client.get(url, {"country": "jp"}, **h)) == ["Sakura Eizo"]
    assert names(client.get(url, {"kind": "sound"}, **h)) == ["Fah Sai Sound"]
    assert names(client.get(url, {"capability": "imf-delivery"}, **h)) == ["Sakura Eizo"]
    assert names(client.get(url, {"language": "ko"}, **h)) == ["Hanbit Pictures"]
    assert names(client.get(url, {"status": "onboarding"}, **h)) == ["Fah Sai Sound"]
    assert names(client.get(url, {"since": 2018}, **h)) == ["Hanbit Pictures"]
    assert names(client.get(url, {"sort": "-name"}, **h)) == ["Sakura Eizo", "Hanbit Pictures", "Fah Sai Sound"]
    assert names(client.get(url, {"sort": "-collaborations"}, **h))[-1] == "Fah Sai Sound"


def test_list_pagination_and_row_shape(client, outsider, token_for, network) -> None:
    h = auth(token_for(outsider))
    body = client.get("/api/partners/", {"limit": 1, "offset": 1}, **h).json()
    assert body["count"] == 3
    assert [p["name"] for p in body["items"]] == ["Hanbit Pictures"]
    row = body["items"][0]
    assert row["kinds"] == ["production"]
    assert row["languages"] == ["ko"]
    assert row["collaborations"] == 1
    assert row["first_year"] == 2017
    response = client.get("/api/partners/", {"sort": "password"}, **h)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_detail_names_the_production_only_to_those_who_see_it(
    client, outsider, crew_member, token_for, network
) -> None:
    url = f"/api/partners/{network['kr'].pk}"
    body = client.get(url, **auth(token_for(crew_member))).json()
    assert body["contacts"][0]["name_local"] == "김민지"
    assert body["collaborations"][0]["production"] == "moonlit-harbour"
    hidden = client.get(url, **auth(token_for(outsider))).json()
    assert hidden["collaborations"][0]["title"] == "Moonlit Harbour"
    assert hidden["collaborations"][0]["production"] is None
    missing = client.get("/api/partners/999999", **auth(token_for(outsider)))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_create_through_the_service(client, partner_manager, token_for) -> None:
    token = token_for(partner_manager)
    body = {"name": "Busan Dubbing", "country": "kr", "kinds": ["dubbing"], "languages": ["ko", "en"]}
    response = send(client, "post", "/api/partners/", body, token)
    assert response.status_code == 201, response.content
    created = Partner.objects.get(pk=response.json()["id"])
    assert created.country == "KR"
    assert created.name_key  # derived by the service
    assert "busan" in created.search_text
    assert created.history.first().history_user == partner_manager


def test_create_refuses_duplicates_with_their_names(client, partner_manager, token_for, network) -> None:
    token = token_for(partner_manager)
    response = send(client, "post", "/api/partners/", {"name": "한빛 픽처스", "country": "KR", "kinds": ["vfx"]}, token)
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["duplicates"] == [{"id": network["kr"].pk, "name": "한빛 픽처스 (Hanbit Pictures)"}]
    assert "Hanbit Pictures" in problem["detail"]
    assert Partner.objects.count() == 3


@pytest.mark.parametrize(
    "body",
    [
        {"name": "X", "country": "ZZ", "kinds": ["vfx"]},
        {"name": "X", "country": "KR", "kinds": []},
        {"name": "X", "country": "KR", "kinds": ["catering"]},
        {"name": "X", "country": "KR", "kinds": ["vfx"], "email": "not-an-address"},
        {"name": "X", "country": "KR", "kinds": ["vfx"], "website": "javascript:alert(1)"},
        {"name": "X", "country": "KR", "kinds": ["vfx"], "languages": ["xx"]},
        {"name": "", "country": "KR", "kinds": ["vfx"]},
    ],
)
def test_create_validates(client, partner_manager, token_for, body) -> None:
    response = send(client, "post", "/api/partners/", body, token_for(partner_manager))
    assert response.status_code == 422
    assert response.json()["title"] == "Invalid request"
    assert not Partner.objects.exists()


def test_create_ignores_fields_outside_its_schema(client, partner_manager, outsider, token_for) -> None:
    body = {"name": "Jakarta Grip", "country": "ID", "kinds": ["equipment"], "admins": [outsider.pk], "name_key": "x"}
    response = send(client, "post", "/api/partners/", body, token_for(partner_manager))
    assert response.status_code == 201
    partner = Partner.objects.get()
    assert not partner.admins.exists()
    assert partner.name_key != "x"


def test_create_needs_edit_permission(client, crew_member, token_for) -> None:
    body = {"name": "Busan Dubbing", "country": "KR", "kinds": ["dubbing"]}
    response = send(client, "post", "/api/partners/", body, token_for(crew_member))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Partner.objects.exists()


def test_patch_changes_only_what_is_sent(client, partner_manager, token_for, network) -> None:
    jp = network["jp"]
    response = send(client, "patch", f"/api/partners/{jp.pk}", {"city": "Osaka"}, token_for(partner_manager))
    assert response.status_code == 200, response.content
    jp.refresh_from_db()
    assert jp.city == "Osaka"
    assert jp.name_local == "桜映像"
    assert [c.name for c in jp.capabilities.all()] == ["IMF delivery"]
    assert [k.code for k in jp.kinds.all()] == ["post"]
    assert response.json()["first_year"] == 2021


def test_patch_refuses_a_rename_onto_another_partner(client, partner_manager, token_for, network) -> None:
    url = f"/api/partners/{network['jp'].pk}"
    response = send(client, "patch", url, {"name": "Hanbit Pictures", "country": "KR"}, token_for(partner_manager))
    assert response.status_code == 409
    assert response.json()["duplicates"][0]["id"] == network["kr"].pk
    # keeping its own name is not a duplicate of itself
    assert send(client, "patch", url, {"name": "Sakura Eizo"}, token_for(partner_manager)).status_code == 200


def test_patch_by_partner_admin_only_for_their_own_partner(client, make_user, token_for, network) -> None:
    staffer = make_user("hanbit-staff")
    network["kr"].admins.add(staffer)
    token = token_for(staffer)
    own = send(client, "patch", f"/api/partners/{network['kr'].pk}", {"phone": "+82 2 555 0100"}, token)
    assert own.status_code == 200
    network["kr"].refresh_from_db()
    assert network["kr"].phone == "+82 2 555 0100"
    response = send(client, "patch", f"/api/partners/{network['jp'].pk}", {"phone": "+81"}, token)
    assert response.status_code == 403
    network["jp"].refresh_from_db()
    assert network["jp"].phone == ""


def test_network_numbers(client, outsider, token_for, network) -> None:
    body = client.get("/api/partners/network", **auth(token_for(outsider))).json()
    assert body["total"] == 3
    assert {r["country"]: r["n"] for r in body["by_country"]} == {"JP": 1, "KR": 1, "TH": 1}
    assert body["by_status"] == {"active": 2, "onboarding": 1}
    assert body["first_collaboration"] == 2017
    assert body["growth"][0] == {"year": 2017, "new": 1, "total": 1, "countries": [["KR", 1]]}
    assert body["growth"][-1]["total"] == 2
    assert [r["year"] for r in body["collaborations_by_year"]] == [2017, 2021]


def test_import_needs_the_import_permission(client, crew_member, token_for) -> None:
    Membership.objects.filter(user=crew_member).update(role="producer")  # a producer still may not import
    response = client.post(
        "/api/partners/import", {"file": _upload("name,country\nX,KR\n")}, **auth(token_for(crew_member))
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_import_refuses_oversized_files(client, partner_manager, token_for, settings) -> None:
    settings.SETWISE_IMPORT_MAX_BYTES = 10
    response = client.post(
        "/api/partners/import", {"file": _upload("name,country\nX,KR\n")}, **auth(token_for(partner_manager))
    )
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


def _upload(text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("partners.csv", text.encode(), content_type="text/csv")


def test_anonymous_gets_a_401_problem(client) -> None:
    for url in ["/api/partners/", "/api/partners/network", "/api/productions/", "/api/jobs/" + "0" * 32]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 401


def test_session_writes_need_csrf(partner_manager) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(partner_manager)
    assert strict.get("/api/partners/").status_code == 200
    body = {"name": "Busan Dubbing", "country": "KR", "kinds": ["dubbing"]}
    response = strict.post("/api/partners/", json.dumps(body), content_type="application/json")
    assert response.status_code == 403
    assert not Partner.objects.exists()


def test_absurd_paging_is_refused_or_clamped_never_a_server_error(client, admin_user, token_for) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(admin_user)}"}
    huge = "99999999999999999999"
    refused = client.get(f"/api/partners/?offset={huge}", **headers)
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert client.get("/api/partners/?limit=0", **headers).status_code == 422
    clamped = client.get(f"/api/productions/?offset={huge}", **headers)
    assert clamped.status_code == 200 and clamped.json()["items"] == []
