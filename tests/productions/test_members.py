"""Producers manage their production's people; nobody else can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from setwise.productions.models import Membership

pytestmark = pytest.mark.django_db


def test_producer_adds_and_removes_a_member(client, producer, production, make_user) -> None:
    newcomer = make_user("newcomer")
    client.force_login(producer)
    url = reverse("productions:member_add", args=[production.slug])
    response = client.post(
        url, {"person": "NEWCOMER@example.org", "role": "first_ad", "department": "Assistant directors"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(production=production, user=newcomer)
    assert membership.role == "first_ad" and membership.department == "Assistant directors"
    client.force_login(newcomer)
    assert client.get(reverse("productions:detail", args=[production.slug])).status_code == 200
    client.force_login(producer)
    client.post(reverse("productions:member_remove", args=[production.slug, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(newcomer)
    assert client.get(reverse("productions:detail", args=[production.slug])).status_code == 404


def test_unknown_person_is_a_clear_error(client, producer, production) -> None:
    client.force_login(producer)
    response = client.post(
        reverse("productions:member_add", args=[production.slug]), {"person": "ghost", "role": "crew"}, follow=True
    )
    assert "Nobody in Setwise has that username" in response.content.decode()
    assert production.memberships.count() == 1


def test_crew_and_outsiders_cannot_manage(client, crew_member, outsider, production, make_user) -> None:
    target = make_user("target")
    url = reverse("productions:member_add", args=[production.slug])
    client.force_login(crew_member)
    assert client.post(url, {"person": "target", "role": "producer"}).status_code == 403
    client.force_login(outsider)
    assert client.post(url, {"person": "target", "role": "producer"}).status_code == 404
    assert not Membership.objects.filter(user=target).exists()
    crew_row = Membership.objects.get(user=crew_member)
    client.force_login(crew_member)
    remove = reverse("productions:member_remove", args=[production.slug, crew_row.pk])
    assert client.post(remove).status_code == 403
    assert Membership.objects.filter(pk=crew_row.pk).exists()


def test_membership_changes_are_audited(client, producer, production, make_user) -> None:
    make_user("audited")
    client.force_login(producer)
    client.post(reverse("productions:member_add", args=[production.slug]), {"person": "audited", "role": "cast"})
    record = Membership.history.filter(user__username="audited").get()
    assert record.history_type == "+" and record.history_user == producer


def test_production_page_links_to_its_schedule_call_sheets_and_post(client, producer, production) -> None:
    client.force_login(producer)
    page = client.get(reverse("productions:detail", args=[production.slug])).content.decode()
    for name in ("scheduling:boards", "callsheets:list", "post:overview"):
        assert f'href="{reverse(name, args=[production.slug])}"' in page
