"""Locale-aware money and country names; times stored in UTC, shown in the production's time zone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from setwise.core.templatetags.setwise import country_name, money

pytestmark = pytest.mark.django_db


def test_money_per_locale() -> None:
    with translation.override("en"):
        assert money(Decimal("1200000000"), "KRW") == "₩1,200,000,000"
        assert money(Decimal("1234.5"), "USD") == "$1,234.50"
    with translation.override("ja"):
        assert money(Decimal("1200000"), "JPY") == "￥1,200,000"
    with translation.override("ko"):
        assert money(Decimal("1200000000"), "KRW") == "₩1,200,000,000"
    assert money(None, "USD") == "—"


def test_country_names_follow_the_language() -> None:
    with translation.override("en"):
        assert country_name("kr") == "South Korea"
    with translation.override("ja"):
        assert country_name("TH") == "タイ"
    with translation.override("ko"):
        assert country_name("JP") == "일본"
    assert country_name("") == ""


def test_production_page_uses_the_production_time_zone(client, producer, production) -> None:
    client.force_login(producer)
    response = client.get(reverse("productions:detail", args=[production.slug]))
    assert response.status_code == 200
    assert str(response.context["now"].tzinfo) in {"UTC", "UTC+00:00"}  # stored and passed in UTC
    assert "Asia/Seoul" in response.content.decode()


def test_middleware_activates_the_user_time_zone_and_resets_it(rf, make_user) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.utils import timezone

    from setwise.core.middleware import TimezoneMiddleware

    seen: list[str] = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse("ok")

    middleware = TimezoneMiddleware(view)
    request = rf.get("/")
    request.user = make_user("tz-user", time_zone="Asia/Tokyo")
    middleware(request)
    request.user = make_user("tz-broken", time_zone="Not/AZone")
    middleware(request)
    request.user = AnonymousUser()
    middleware(request)
    assert seen == ["Asia/Tokyo", "UTC", "UTC"]
    assert timezone.get_current_timezone_name() == "UTC"


def test_language_labels_follow_the_language() -> None:
    from setwise.core.templatetags.setwise import language_label

    with translation.override("en"):
        assert language_label("th") == "Thai"
    with translation.override("ja"):
        assert language_label("ko") == "韓国語"
    with translation.override("ko"):
        assert language_label("ja") == "일본어"
    assert language_label("") == ""
