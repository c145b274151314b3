"""Breakdown lists keep a constant number of queries as scenes grow (no N+1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from setwise.accounts.models import ApiToken
from setwise.breakdown import services
from setwise.breakdown.models import CONFIRMED_STATUSES, SceneElement

pytestmark = pytest.mark.django_db

ROUTES = [
    ("page", "/productions/{slug}/script/", 14),
    ("page", "/productions/{slug}/script/elements/", 10),
    ("page", "/productions/{slug}/script/characters/", 10),
    ("page", "/productions/{slug}/script/intimacy/", 10),  # the queue needs Perm.VIEW_INTIMACY: a producer
    ("api", "/api/productions/{slug}/scenes", 8),
]


def script(scenes: int) -> bytes:
    parts = []
    for i in range(1, scenes + 1):
        parts.append(
            f"INT. ROOM {i} - NIGHT #{i}#\n\nANNA{i % 5} and BEN kiss. A dog barks; a taxi waits with its phone.\n\n"
            f"ANNA{i % 5}\nHello {i}.\n\nBEN\nHi.\n"
        )
    return "\n".join(parts).encode()


def measure(kind: str, url: str, user: Any) -> int:
    client = Client()
    headers: dict[str, str] = {}
    if kind == "page":
        client.force_login(user)
    else:
        _token, raw = ApiToken.issue(user, "q")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("kind", "route", "bound"), ROUTES)
def test_query_count_does_not_grow_with_scenes(kind, route, bound, production, first_ad, producer) -> None:
    url = route.format(slug=production.slug)
    viewer = producer if "intimacy" in route else first_ad
    services.import_script(first_ad, production, script(3), "small.fountain")
    SceneElement.objects.filter(element__category="intimacy").update(status=CONFIRMED_STATUSES[0])
    small = measure(kind, url, viewer)
    services.import_script(first_ad, production, script(30), "large.fountain")
    SceneElement.objects.filter(element__category="intimacy").update(status=CONFIRMED_STATUSES[0])
    assert production.scenes.filter(omitted=False).count() == 30
    large = measure(kind, url, viewer)
    assert small == large, f"{url}: {small} queries with 3 scenes, {large} with 30"
    assert large <= bound, f"{url}: {large} queries"
