"""Fixtures of the post-production tests: a post supervisor, post partners of the network, a production with a
launch date, and subtitle and audio files that pass or break the delivery specs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole
from setwise.partners.models import Partner
from setwise.productions.models import Membership, Production
from tests.engines.audio.signals import RATE, amplitude, wav_bytes
from tests.partners.factories import make_partner

FIXTURES = Path(__file__).parent / "fixtures"
LAUNCH = dt.date(2027, 6, 4)

PASSING_SRT = (
    b"1\n00:00:01,000 --> 00:00:03,000\nThe harbour lights are on.\n\n"
    b"2\n00:00:04,000 --> 00:00:06,000\nThen we wait for the tide.\n"
)
# Event 2 has three lines (lines_per_event) and lasts eight seconds (max_duration).
FAILING_SRT = (
    b"1\n00:00:01,000 --> 00:00:03,000\nThe harbour lights are on.\n\n"
    b"2\n00:00:04,000 --> 00:00:12,000\nOne\nTwo\nThree\n"
)
MALFORMED_SRT = b"this is not a subtitle file\n"


def stereo_tone(dbfs: float, seconds: float = 3.0) -> bytes:
    t = np.arange(int(RATE * seconds)) / RATE
    wave = amplitude(dbfs) * np.sin(2 * np.pi * 1000.0 * t)
    return wav_bytes(np.stack([wave, wave], axis=1), bits=24)


@pytest.fixture
def launch_production(production: Production) -> Production:
    production.launch_date = LAUNCH
    production.language = "ko"
    production.episodes = 2
    production.save()
    return production


@pytest.fixture
def supervisor(make_user: Any, production: Production) -> User:
    user = make_user("post-supervisor")
    Membership.objects.create(production=production, user=user, role=ProductionRole.POST_SUPERVISOR)
    return user


@pytest.fixture
def partners(partner_manager: User) -> dict[str, Partner]:
    return {
        "editorial": make_partner(partner_manager, "Harbour Edit", "KR", ["post"]),
        "vfx": make_partner(partner_manager, "Tide VFX", "KR", ["vfx"]),
        "vfx2": make_partner(partner_manager, "Lantern Pixels", "TH", ["vfx"]),
        "sound": make_partner(partner_manager, "Atmos Stage Seoul", "KR", ["sound"]),
        "dubbing": make_partner(partner_manager, "Voice Bridge", "KR", ["dubbing"], languages=["en"]),
        "subtitling": make_partner(partner_manager, "Line Break Subtitles", "KR", ["subtitling"]),
    }


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
