"""Partner writes: permissions, derived search text and duplicate keys, history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from setwise.partners.models import Partner
from setwise.partners.services import (
    PartnerData,
    add_collaboration,
    add_contact,
    can_edit_partner,
    create_partner,
    find_duplicates,
    update_partner,
)
from tests.partners.factories import make_partner

pytestmark = pytest.mark.django_db


def test_create_builds_keys_search_text_and_relations(partner_manager) -> None:
    partner = create_partner(
        partner_manager,
        PartnerData(
            name="Hanbit Pictures Co., Ltd.",
            name_local="(주)한빛픽처스",
            country="kr",
            city="Seoul",
            kinds=["production", "post"],
            capabilities=["Dolby Atmos certified stage", "IMF delivery"],
            languages=["ko", "en"],
        ),
    )
    partner.refresh_from_db()
    assert partner.country == "KR"
    assert partner.name_key == "hanbitpictures"
    assert partner.name_local_key == "한빛픽처스"
    assert sorted(k.code for k in partner.kinds.all()) == ["post", "production"]
    assert {c.name for c in partner.capabilities.all()} == {"Dolby Atmos certified stage", "IMF delivery"}
    assert "한빛픽처스" in partner.search_text and "seoul" in partner.search_text
    assert "south korea" in partner.search_text or "korea" in partner.search_text


def test_search_finds_partners_in_any_script(partner_manager) -> None:
    kr = make_partner(partner_manager, "Hanbit Pictures", name_local="한빛 픽처스", city="Seoul")
    jp = make_partner(partner_manager, "Sakura Eizo", "JP", name_local="桜映像", city="Tokyo")
    th = make_partner(partner_manager, "Fah Sai Film", "TH", name_local="ฟ้าใส ฟิล์ม", city="Bangkok")
    assert list(Partner.objects.search("한빛")) == [kr]
    assert list(Partner.objects.search("桜")) == [jp]
    assert list(Partner.objects.search("ฟ้าใส")) == [th]
    assert list(Partner.objects.search("ＳＡＫＵＲＡ")) == [jp]  # full-width Latin folds to the same text
    assert list(Partner.objects.search("tokyo sakura")) == [jp]
    assert list(Partner.objects.search("tokyo hanbit")) == []


def test_contacts_and_collaborations_update_search_and_first_year(partner_manager) -> None:
    partner = make_partner(partner_manager, "Layar Nusantara", "ID")
    add_contact(partner_manager, partner, name="Dewi Lestari", title="Producer")
    add_collaboration(partner_manager, partner, title="Night Market", year=2019, services="Line production")
    add_collaboration(partner_manager, partner, title="Old Harbour", year=2016, services="Fixer")
    partner.refresh_from_db()
    assert partner.first_year == 2016
    assert list(Partner.objects.search("dewi")) == [partner]


def test_duplicates_match_across_scripts_and_legal_forms(partner_manager) -> None:
    existing = make_partner(partner_manager, "Hanbit Pictures", name_local="한빛픽처스")
    assert find_duplicates("HANBIT PICTURES CO., LTD.", "KR") == [existing]
    assert find_duplicates("Hanbit", "KR", name_local="(주)한빛 픽처스") == [existing]
    assert find_duplicates("Hanbit Pictures", "JP") == []  # another country is another company
    assert find_duplicates("Hanbit Pictures", "KR", exclude_pk=existing.pk) == []


def test_permissions_on_writes(partner_manager, outsider, make_user) -> None:
    with pytest.raises(PermissionDenied):
        create_partner(outsider, PartnerData(name="Nope", country="KR", kinds=["vfx"]))
    partner = make_partner(partner_manager, "Blue Wave VFX", kinds=["vfx"])
    company_admin = make_user("company-admin")
    partner.admins.add(company_admin)
    assert can_edit_partner(company_admin, partner)
    assert not can_edit_partner(outsider, partner)
    data = PartnerData(name="Blue Wave VFX", country="KR", kinds=["vfx"], city="Busan")
    update_partner(company_admin, partner, data)
    with pytest.raises(PermissionDenied):
        update_partner(outsider, partner, data)
    with pytest.raises(PermissionDenied):
        add_contact(outsider, partner, name="Somebody")
    partner.refresh_from_db()
    assert partner.city == "Busan"


def test_every_change_is_in_the_history_with_its_author(partner_manager, make_user) -> None:
    partner = make_partner(partner_manager, "Southern Cross Sound", "AU", kinds=["sound"])
    editor = make_user("editor", "partner_manager")
    update_partner(
        editor, partner, PartnerData(name="Southern Cross Sound", country="AU", kinds=["sound"], status="inactive")
    )
    records = list(partner.history.order_by("history_date", "history_id"))
    assert records[0].history_type == "+" and records[0].history_user == partner_manager
    after = [r for r in records if r.history_user == editor]
    assert after, "the update is recorded with its author"
    assert after[-1].history_type == "~" and after[-1].status == "inactive"
    assert records[-1] == after[-1]


def test_capability_labels_are_bounded_and_found_again(client, partner_manager, token_for) -> None:
    from django.urls import reverse

    from setwise.partners.models import Capability

    first = make_partner(partner_manager, "Long Label Post", capabilities=["Dolby Atmos  certified stage"])
    second = make_partner(partner_manager, "Other Post", capabilities=["dolby atmos certified stage"])
    assert first.capabilities.get() == second.capabilities.get()
    long_a, long_b = "x" * 70 + " alpha", "x" * 70 + " beta"  # the same first 60 characters
    make_partner(partner_manager, "Third Post", capabilities=[long_a, long_b])
    assert Capability.objects.filter(name__in=[long_a, long_b]).count() == 2
    client.force_login(partner_manager)
    form = {"name": "Too Long", "country": "KR", "kinds": ["post"], "status": "active", "capabilities": "y" * 101}
    response = client.post(reverse("partners:create"), form)
    assert "capabilities" in response.context["form"].errors
    api = client.post(
        "/api/partners/",
        {"name": "Too Long", "country": "KR", "kinds": ["post"], "capabilities": ["y" * 101]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(partner_manager)}",
    )
    assert api.status_code == 422
    assert not Partner.objects.filter(name="Too Long").exists()


def test_services_refuse_duplicates_and_unknown_values_whoever_calls(partner_manager) -> None:
    from setwise.partners.services import PartnerRejected

    existing = make_partner(partner_manager, "Hanbit Pictures", name_local="한빛픽처스")
    with pytest.raises(PartnerRejected) as refused:
        create_partner(partner_manager, PartnerData(name="HANBIT PICTURES LTD", country="KR", kinds=["post"]))
    assert refused.value.duplicates == [existing] and refused.value.field == "name"
    with pytest.raises(PartnerRejected, match="Unknown language codes: xx"):
        create_partner(partner_manager, PartnerData(name="New Co", country="KR", kinds=["post"], languages=["xx"]))
    with pytest.raises(PartnerRejected, match="kinds"):
        create_partner(partner_manager, PartnerData(name="New Co", country="KR", kinds=["catering"]))
    other = make_partner(partner_manager, "Nuri Post", kinds=["post"])
    with pytest.raises(PartnerRejected):
        update_partner(partner_manager, other, PartnerData(name="Hanbit Pictures", country="KR", kinds=["post"]))
    other.refresh_from_db()
    assert other.name == "Nuri Post" and Partner.objects.count() == 2
