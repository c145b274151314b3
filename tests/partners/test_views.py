"""Partner pages: list with filters, sorting and pagination, detail, network, create and edit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from setwise.partners.models import Partner
from setwise.partners.services import add_collaboration
from tests.partners.factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(partner_manager):
    kr = make_partner(partner_manager, "Hanbit Pictures", name_local="한빛 픽처스", city="Seoul", languages=["ko"])
    jp = make_partner(
        partner_manager, "Sakura Eizo", "JP", ["post"], name_local="桜映像", city="Tokyo", capabilities=["IMF delivery"]
    )
    th = make_partner(partner_manager, "Fah Sai Sound", "TH", ["sound"], name_local="ฟ้าใส ซาวด์", status="onboarding")
    add_collaboration(partner_manager, kr, title="Moonlit Harbour", year=2017, services="Production services")
    add_collaboration(partner_manager, jp, title="Moonlit Harbour", year=2021, services="DI grade")
    return {"kr": kr, "jp": jp, "th": th}


def names(response) -> list[str]:
    return [p.name for p in response.context["page"].object_list]


def test_list_filters(client, outsider, network) -> None:
    client.force_login(outsider)
    url = reverse("partners:list")
    assert names(client.get(url)) == ["Fah Sai Sound", "Hanbit Pictures", "Sakura Eizo"]
    assert names(client.get(url, {"q": "한빛"})) == ["Hanbit Pictures"]
    assert names(client.get(url, {"country": "jp"})) == ["Sakura Eizo"]
    assert names(client.get(url, {"kind": "sound"})) == ["Fah Sai Sound"]
    assert names(client.get(url, {"capability": "imf-delivery"})) == ["Sakura Eizo"]
    assert names(client.get(url, {"language": "ko"})) == ["Hanbit Pictures"]
    assert names(client.get(url, {"status": "onboarding"})) == ["Fah Sai Sound"]
    assert names(client.get(url, {"since": "2018"})) == ["Hanbit Pictures"]
    assert names(client.get(url, {"kind": "not-a-kind"})) == ["Fah Sai Sound", "Hanbit Pictures", "Sakura Eizo"]


def test_list_sorting_and_empty_state(client, outsider, network) -> None:
    client.force_login(outsider)
    url = reverse("partners:list")
    assert names(client.get(url, {"sort": "-name"})) == ["Sakura Eizo", "Hanbit Pictures", "Fah Sai Sound"]
    assert names(client.get(url, {"sort": "country"})) == ["Sakura Eizo", "Hanbit Pictures", "Fah Sai Sound"]
    assert names(client.get(url, {"sort": "-collaborations"}))[2] == "Fah Sai Sound"
    assert client.get(url, {"sort": "password"}).context["sort"] == "name"  # unknown keys fall back
    response = client.get(url, {"q": "zzz-nothing"})
    assert response.status_code == 200
    assert "No partner matches these filters." in response.content.decode()


def test_list_htmx_returns_only_the_table(client, outsider, network) -> None:
    client.force_login(outsider)
    response = client.get(reverse("partners:list"), {"q": "sakura"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="table")
    body = response.content.decode()
    assert "<html" not in body
    assert "Sakura Eizo" in body and "Hanbit Pictures" not in body


def test_list_paginates(client, outsider, partner_manager) -> None:
    for i in range(55):
        make_partner(partner_manager, f"Studio {i:02d}", "AU")
    client.force_login(outsider)
    first = client.get(reverse("partners:list"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("partners:list"), {"page": 2})
    assert names(second) == ["Studio 50", "Studio 51", "Studio 52", "Studio 53", "Studio 54"]


def test_detail_shows_timeline_contacts_and_history(client, outsider, network) -> None:
    client.force_login(outsider)
    response = client.get(reverse("partners:detail", args=[network["kr"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "한빛 픽처스" in body and "Moonlit Harbour" in body and "2017" in body
    assert response.context["can_edit"] is False
    assert client.get(reverse("partners:detail", args=[999999])).status_code == 404


def test_network_page_counts(client, outsider, network) -> None:
    client.force_login(outsider)
    stats = client.get(reverse("partners:network")).context["stats"]
    assert stats["total"] == 3
    assert {r["country"]: r["n"] for r in stats["by_country"]} == {"KR": 1, "JP": 1, "TH": 1}
    assert [(g["year"], g["new"], g["total"]) for g in stats["growth"]][:1] == [(2017, 1, 1)]
    assert stats["growth"][-1] == {"year": 2021, "new": 1, "total": 2, "countries": [("JP", 1)]}


def test_create_and_duplicate_refusal(client, partner_manager, network) -> None:
    client.force_login(partner_manager)
    form = {"name": "Hanbit Pictures Co., Ltd.", "country": "KR", "kinds": ["vfx"], "status": "active"}
    response = client.post(reverse("partners:create"), form)
    assert response.status_code == 200
    assert "already exists in this country" in response.content.decode()
    assert Partner.objects.count() == 3
    form["name"] = "Nuri VFX"
    form["capabilities"] = "ACES; Virtual production LED volume"
    response = client.post(reverse("partners:create"), form)
    created = Partner.objects.get(name="Nuri VFX")
    assert response.status_code == 302 and response["Location"] == reverse("partners:detail", args=[created.pk])
    assert created.capabilities.count() == 2


def test_create_rejects_bad_input_without_writing(client, partner_manager) -> None:
    client.force_login(partner_manager)
    response = client.post(reverse("partners:create"), {"name": "", "country": "XX", "kinds": ["bogus"]})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "country", "kinds", "status"} <= set(errors)
    assert Partner.objects.count() == 0


def test_edit_only_by_editors(client, outsider, partner_manager, network) -> None:
    url = reverse("partners:edit", args=[network["th"].pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(partner_manager)
    assert client.get(url).context["form"].initial["name_local"] == "ฟ้าใส ซาวด์"
    response = client.post(
        url,
        {
            "name": "Fah Sai Sound",
            "country": "TH",
            "kinds": ["sound", "dubbing"],
            "status": "active",
            "name_local": "ฟ้าใส ซาวด์",
        },
    )
    assert response.status_code == 302
    network["th"].refresh_from_db()
    assert network["th"].status == "active"
    assert sorted(k.code for k in network["th"].kinds.all()) == ["dubbing", "sound"]


def test_history_names_changed_fields(client, partner_manager, network) -> None:
    from setwise.partners.services import PartnerData, update_partner

    update_partner(
        partner_manager,
        network["jp"],
        PartnerData(name="Sakura Eizo", name_local="桜映像", country="JP", city="Osaka", kinds=["post", "vfx"]),
    )
    client.force_login(partner_manager)
    rows = client.get(reverse("partners:detail", args=[network["jp"].pk])).context["history"]
    changed = [set(r["changed"]) for r in rows if r["record"].history_type == "~"]
    assert {"city"} in changed  # the field edit
    assert {"kinds"} in changed  # the many-to-many edit, recorded separately
    assert not any("search_text" in c or "name key" in c for c in changed)
    assert rows[-1]["record"].history_type == "+"


def test_partner_page_links_only_productions_the_reader_may_see(client, partner_manager, producer, production) -> None:
    partner = make_partner(partner_manager, "Harbour Grip", kinds=["equipment"])
    add_collaboration(partner_manager, partner, production=production, title="Moonlit Harbour", year=2026)
    url = reverse("partners:detail", args=[partner.pk])
    client.force_login(partner_manager)  # studio partner manager, not on the production
    body = client.get(url).content.decode()
    assert "Moonlit Harbour" in body and f"/productions/{production.slug}/" not in body
    client.force_login(producer)
    assert f"/productions/{production.slug}/" in client.get(url).content.decode()
