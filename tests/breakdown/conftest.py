"""Fixtures of the breakdown tests: a 1st AD and a cast member on the production, and the script fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole
from setwise.breakdown import services
from setwise.productions.models import Membership, Production

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def first_ad(make_user: Any, production: Production) -> User:
    user = make_user("first_ad")
    Membership.objects.create(production=production, user=user, role=ProductionRole.FIRST_AD)
    return user


@pytest.fixture
def actor(make_user: Any, production: Production) -> Membership:
    user = make_user("actor", display_name="Kim Actor")
    return Membership.objects.create(production=production, user=user, role=ProductionRole.CAST, department="민호")


@pytest.fixture
def imported(first_ad: User, production: Production) -> services.ImportResult:
    result = services.import_script(first_ad, production, fixture_bytes("harbour_white.fountain"), "ep1.fountain")
    assert not result.errors
    return result
