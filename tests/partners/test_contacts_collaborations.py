"""Contacts and collaboration history are edited on the partner page, by those allowed to."""

from __future__ import annotations

import pytest
from django.urls import reverse

from setwise.partners.models import Contact, Partner
from tests.partners.factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(partner_manager) -> Partner:
    return make_partner(partner_manager, "Nuri Dubbing", kinds=["dubbing"], name_local="누리 더빙")


def test_partner_admin_manages_their_contacts(client, partner, make_user) -> None:
    admin = make_user("nuri-admin")
    partner.admins.add(admin)
    client.force_login(admin)
    url = reverse("partners:contact_add", args=[partner.pk])
    client.post(
        url, {"name": "Kim Soo-ah", "name_local": "김수아", "title": "Dubbing director", "email": "sooah@nuri.example"}
    )
    contact = partner.contacts.get()
    assert contact.name_local == "김수아"
    assert list(Partner.objects.search("김수아")) == [partner]
    bad = client.post(url, {"name": "", "email": "not-an-address"}, follow=True)
    assert "Enter a valid email address." in bad.content.decode()
    assert partner.contacts.count() == 1
    client.post(reverse("partners:contact_remove", args=[partner.pk, contact.pk]))
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert Contact.history.filter(id=contact.pk, history_type="-").get().history_user == admin


def test_others_cannot_touch_contacts(client, partner, outsider) -> None:
    client.force_login(outsider)
    assert client.post(reverse("partners:contact_add", args=[partner.pk]), {"name": "X"}).status_code == 403
    assert partner.contacts.count() == 0


def test_collaborations_link_only_visible_productions(client, partner, partner_manager, production) -> None:
    client.force_login(partner_manager)
    url = reverse("partners:collaboration_add", args=[partner.pk])
    # the partner manager is not a member of the production: it is not offered and cannot be linked
    client.post(url, {"production": production.pk, "year": 2024, "services": "Korean dub", "outcome": "delivered"})
    assert partner.collaborations.count() == 0
    client.post(url, {"title": "Old Lighthouse", "year": 2016, "services": "Korean dub", "outcome": "delivered"})
    partner.refresh_from_db()
    assert partner.first_year == 2016
    bad = client.post(url, {"title": "Future", "year": 3000, "outcome": "delivered"}, follow=True)
    assert partner.collaborations.count() == 1
    assert "less than or equal to 2100" in bad.content.decode()


def test_admin_links_a_production_and_title_defaults_to_it(client, partner, admin_user, production) -> None:
    client.force_login(admin_user)
    client.post(
        reverse("partners:collaboration_add", args=[partner.pk]),
        {"production": production.pk, "year": 2026, "services": "Korean dub", "outcome": "ongoing"},
    )
    collaboration = partner.collaborations.get()
    assert collaboration.title == "Moonlit Harbour" and collaboration.production == production
    client.post(reverse("partners:collaboration_remove", args=[partner.pk, collaboration.pk]))
    assert partner.collaborations.count() == 0
    partner.refresh_from_db()
    assert partner.first_year is None
