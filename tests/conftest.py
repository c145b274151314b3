"""Shared fixtures: people in every kind of role, two productions, and a small partner network."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from setwise.accounts.models import ApiToken, User
from setwise.accounts.roles import ProductionRole, StaffRole
from setwise.productions.models import Format, Membership, Production, Stage


@pytest.fixture
def make_user(db: Any) -> Any:
    def make(username: str, staff_role: str = StaffRole.NONE, **extra: Any) -> User:
        return User.objects.create_user(
            username=username, password="pw-for-tests", email=f"{username}@example.org", staff_role=staff_role, **extra
        )

    return make


@pytest.fixture
def admin_user(make_user: Any) -> User:
    return make_user("admin", StaffRole.STUDIO_ADMIN)


@pytest.fixture
def partner_manager(make_user: Any) -> User:
    return make_user("pm", StaffRole.PARTNER_MANAGER)


@pytest.fixture
def outsider(make_user: Any) -> User:
    return make_user("outsider")


@pytest.fixture
def production(db: Any) -> Production:
    return Production.objects.create(
        slug="moonlit-harbour",
        title="Moonlit Harbour",
        title_local="달빛 항구",
        format=Format.SERIES,
        stage=Stage.PRE_PRODUCTION,
        country="KR",
        time_zone="Asia/Seoul",
        currency="KRW",
        episodes=16,
        shoot_start=dt.date(2026, 3, 2),
    )


@pytest.fixture
def other_production(db: Any) -> Production:
    return Production.objects.create(
        slug="river-of-lanterns",
        title="River of Lanterns",
        title_local="แม่น้ำแห่งโคมไฟ",
        format=Format.FILM,
        stage=Stage.PRODUCTION,
        country="TH",
        time_zone="Asia/Bangkok",
        currency="THB",
    )


@pytest.fixture
def producer(make_user: Any, production: Production) -> User:
    user = make_user("producer")
    Membership.objects.create(production=production, user=user, role=ProductionRole.PRODUCER)
    return user


@pytest.fixture
def crew_member(make_user: Any, production: Production) -> User:
    user = make_user("crew")
    Membership.objects.create(production=production, user=user, role=ProductionRole.CREW)
    return user


@pytest.fixture
def token_for() -> Any:
    def issue(user: User) -> str:
        _token, raw = ApiToken.issue(user, "tests")
        return raw

    return issue


@pytest.fixture(autouse=True)
def _seed_rows_for_transactional_tests(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Transactional tests (live server, real task workers) end with a flush that also empties the rows the
    migrations seed (partner kinds, languages). Put them back before each such test, so it sees the database
    as deployed whatever ran before it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        import importlib

        from django.apps import apps

        seed = importlib.import_module("setwise.partners.migrations.0002_seed_kinds_and_languages").seed
        with django_db_blocker.unblock():
            seed(apps, None)
