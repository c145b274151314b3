"""Studio executives create productions; the creator becomes its producer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from setwise.productions.models import Membership, Production

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Salt Road",
    "title_local": "소금길",
    "format": "series",
    "stage": "development",
    "country": "KR",
    "language": "ko",
    "time_zone": "Asia/Seoul",
    "currency": "KRW",
    "episodes": 8,
    "shoot_start": "2027-04-01",
    "shoot_end": "2027-07-30",
}


def test_executive_creates_a_production(client, make_user) -> None:
    executive = make_user("exec", "executive")
    client.force_login(executive)
    assert client.get(reverse("productions:list")).context["can_create"] is True
    response = client.post(reverse("productions:create"), FORM)
    production = Production.objects.get(title="Salt Road")
    assert response.status_code == 302 and response["Location"] == reverse("productions:detail", args=["salt-road"])
    assert Membership.objects.get(production=production).user == executive
    again = client.post(reverse("productions:create"), FORM)
    assert again.status_code == 302
    assert Production.objects.filter(title="Salt Road").order_by("pk").last().slug == "salt-road-2"


def test_bad_dates_and_plain_users(client, make_user) -> None:
    executive = make_user("exec", "executive")
    client.force_login(executive)
    response = client.post(reverse("productions:create"), {**FORM, "shoot_end": "2027-01-01"})
    assert "shoot_end" in response.context["form"].errors
    assert not Production.objects.exists()
    client.force_login(make_user("plain"))
    assert client.get(reverse("productions:create")).status_code == 403
    assert client.post(reverse("productions:create"), FORM).status_code == 403
    assert not Production.objects.exists()
