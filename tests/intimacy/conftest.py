"""Fixtures of the intimacy tests: the small world of ``factories``."""

from __future__ import annotations

from typing import Any

import pytest

from setwise.productions.models import Production
from tests.intimacy.factories import World, build_world


@pytest.fixture
def world(db: Any, production: Production) -> World:
    return build_world(production)
