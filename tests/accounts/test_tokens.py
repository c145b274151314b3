"""Personal API tokens: Bearer authentication, and refusal of revoked, expired, foreign or inactive tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from setwise.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_authenticates_and_records_its_use(client, outsider) -> None:
    token, raw = ApiToken.issue(outsider, "laptop")
    assert raw.startswith("sw_")
    assert token.key_hash != raw and raw not in token.key_hash  # only the hash is stored
    assert token.last_used_at is None
    response = client.get("/api/partners/", **bearer(raw))
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(client, outsider) -> None:
    token, raw = ApiToken.issue(outsider, "laptop")
    token.revoked_at = timezone.now()
    token.save()
    response = client.get("/api/partners/", **bearer(raw))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_expired_token_is_refused_and_a_future_expiry_is_accepted(client, outsider) -> None:
    token, raw = ApiToken.issue(outsider, "ci")
    token.expires_at = timezone.now() + dt.timedelta(days=1)
    token.save()
    assert client.get("/api/partners/", **bearer(raw)).status_code == 200
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    assert client.get("/api/partners/", **bearer(raw)).status_code == 401


def test_inactive_user_token_is_refused(client, outsider) -> None:
    _token, raw = ApiToken.issue(outsider, "laptop")
    outsider.is_active = False
    outsider.save()
    assert client.get("/api/partners/", **bearer(raw)).status_code == 401


@pytest.mark.parametrize("header", ["Bearer sw_not-a-real-token", "Bearer ", "Token sw_x", "Basic dXNlcjpwdw=="])
def test_malformed_or_unknown_tokens_are_refused(client, outsider, header) -> None:
    ApiToken.issue(outsider, "laptop")
    assert client.get("/api/partners/", HTTP_AUTHORIZATION=header).status_code == 401


def test_a_token_acts_as_its_user_only(client, crew_member, outsider, production) -> None:
    _t, crew_raw = ApiToken.issue(crew_member, "crew")
    _t, outsider_raw = ApiToken.issue(outsider, "outsider")
    url = f"/api/productions/{production.slug}"
    assert client.get(url, **bearer(crew_raw)).status_code == 200
    assert client.get(url, **bearer(outsider_raw)).status_code == 404
