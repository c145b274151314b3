"""Fixtures of the call sheet tests: the breakdown's script on an active board, a performer linked to 민호, crew
in several departments, and the first location with its address, coordinates and nearest hospital."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from setwise.accounts.models import User
from setwise.accounts.roles import ProductionRole
from setwise.breakdown import services as breakdown
from setwise.breakdown.models import Character
from setwise.productions.models import Membership, Production
from setwise.scheduling import services as scheduling
from setwise.scheduling.models import Board
from tests.breakdown.conftest import actor, first_ad, imported  # noqa: F401 - fixtures shared with the breakdown


@pytest.fixture
def crew(make_user: Any, production: Production) -> dict[str, User]:
    """Crew in three departments (matched case-insensitively) and one without an e-mail address."""
    people = {}
    for username, department in [("mua", "make-up"), ("dop", "CAMERA"), ("mixer", "Sound"), ("runner", "")]:
        user = make_user(username, display_name=username.title())
        if username == "runner":
            user.email = ""
            user.save(update_fields=["email"])
        Membership.objects.create(production=production, user=user, role=ProductionRole.CREW, department=department)
        people[username] = user
    return people


@pytest.fixture
def board(
    first_ad: Any,  # noqa: F811
    producer: Any,
    production: Production,
    imported: Any,  # noqa: F811
    actor: Membership,  # noqa: F811
) -> Board:
    """All four scenes on day 1 (Tuesday 3 March 2026: the Monday is a Korean substitute holiday), a second
    empty day, the board active, 민호 played by the actor, and the harbour located in Busan."""
    minho = Character.objects.get(production=production, name="민호")
    breakdown.link_character(first_ad, minho, actor)
    board = scheduling.create_board(
        first_ad,
        production,
        name="Main",
        start_date=dt.date(2026, 3, 2),
        day_minutes=600,
        working_weekdays=[0, 1, 2, 3, 4],
    )
    scheduling.add_day(first_ad, board)
    scheduling.set_status(producer, board, "active")
    harbour = production.scenes.get(number="1").set.location
    harbour.address = "부산광역시 중구 중앙동"
    harbour.latitude, harbour.longitude = Decimal("35.101300"), Decimal("129.036600")
    harbour.hospital, harbour.hospital_address = "부산대학교병원", "부산광역시 서구 구덕로 179"
    harbour.save()
    board.refresh_from_db()
    return board
