"""The post pages and API lists read a fixed number of queries however many deliverables, shots, cuts, languages
and voices a production has (no N+1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from setwise.accounts.models import ApiToken
from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Character
from setwise.post import services
from setwise.post.models import Deliverable, EditorialCut, LocalisationTrack, VfxShot, VoiceCast

pytestmark = pytest.mark.django_db

ROUTES = [
    ("page", "/"),
    ("page", "/deliverables/"),
    ("page", "/deliverables/?category=subtitles"),
    ("page", "/vfx/"),
    ("page", "/vfx/{shot}/"),
    ("page", "/cuts/"),
    ("page", "/localisation/"),
    ("page", "/localisation/{track}/"),
    ("api", "/deliverables"),
    ("api", "/timeline"),
]


def grow(user: Any, production: Any, partners: dict[str, Any], start: int, stop: int) -> None:
    """More shots (with vendors, bids and notes), cuts, languages, characters with voices, and deliverable owners."""
    for i in range(start, stop):
        shot = services.add_vfx_shot(user, production, code=f"EP01_{i}_010", episode=1 + i % 2, description="x")
        vendor = partners["vfx"] if i % 2 else partners["vfx2"]
        status = "awarded"
        services.update_vfx_shot(
            user, shot, vendor=vendor, bid=Decimal(1000 + i), currency="KRW", status=status, description="x"
        )
        services.add_vfx_note(user, shot, 1, f"Note {i}")
        edl = f"TITLE: cut {i}\n001  AX V C 00:00:00:00 00:00:05:00 01:00:00:00 01:00:05:00\n"
        services.import_cut(user, production, edl.encode(), f"cut{i}.edl", episode=1 + i % 2, frame_rate="24")
        track = services.add_language(user, production, f"x{i}", dub=True, subtitles=True)
        script = f"INT. ROOM {i} - DAY\n\nPERSON{i} waits.\n\nPERSON{i}\nHello.\n"
        breakdown.import_script(user, production, script.encode(), f"s{i}.fountain", episode=1)
        for character in Character.objects.filter(production=production):
            english = LocalisationTrack.objects.get(production=production, language="en")
            services.set_voice_cast(user, english, character, f"Voice {character.pk}")
            services.set_voice_cast(user, track, character, f"Voice {character.pk}")
    for n, deliverable in enumerate(Deliverable.objects.filter(production=production, owner__isnull=True)[: stop * 3]):
        owner = partners["subtitling"] if n % 2 else partners["sound"]
        services.update_deliverable(user, deliverable, owner=owner, due_date=None, status="in_progress")


def measure(kind: str, url: str, user: Any) -> int:
    client = Client()
    headers: dict[str, str] = {}
    if kind == "page":
        client.force_login(user)
    else:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(user, 'counts')[1]}"
    client.get(url, **headers)  # warm caches outside the measured request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(queries)


def test_post_query_counts_do_not_grow_with_rows(launch_production, supervisor, partners) -> None:
    services.create_plan(supervisor, launch_production)
    grow(supervisor, launch_production, partners, 0, 2)
    ids = {
        "shot": VfxShot.objects.filter(production=launch_production).first().pk,
        "track": LocalisationTrack.objects.get(production=launch_production, language="en").pk,
    }

    def url(kind: str, path: str) -> str:
        base = "/api/productions" if kind == "api" else "/productions"
        return f"{base}/{launch_production.slug}/post{path.format(**ids)}"

    small = {path: measure(kind, url(kind, path), supervisor) for kind, path in ROUTES}
    grow(supervisor, launch_production, partners, 2, 12)
    assert VfxShot.objects.count() == 12 and EditorialCut.objects.count() == 12
    assert VoiceCast.objects.filter(track__language="en").count() >= 10
    large = {path: measure(kind, url(kind, path), supervisor) for kind, path in ROUTES}
    assert large == small
