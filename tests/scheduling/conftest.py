"""Fixtures of the schedule tests: the breakdown's 1st AD and imported script, and a board made from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from setwise.productions.models import Production
from setwise.scheduling import services
from setwise.scheduling.models import Board
from tests.breakdown.conftest import actor, first_ad, imported  # noqa: F401 - fixtures shared with the breakdown


@pytest.fixture
def board(first_ad: Any, production: Production, imported: Any) -> Board:  # noqa: F811
    # 2026-03-02 is a Monday and, in Korea, the substitute holiday for Independence Movement Day (1 March).
    return services.create_board(
        first_ad,
        production,
        name="Block 1",
        start_date=dt.date(2026, 3, 2),
        day_minutes=60,
        working_weekdays=[0, 1, 2, 3, 4],
    )
