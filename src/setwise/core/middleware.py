from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class TimezoneMiddleware:
    """Show times in the signed-in user's time zone; production pages switch to the production's zone
    (``activate_production_timezone``). Everything is stored in UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tz = getattr(getattr(request, "user", None), "time_zone", None) or "UTC"
        try:
            timezone.activate(zoneinfo.ZoneInfo(tz))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def activate_production_timezone(production: Any) -> None:
    """For the rest of this request, show times in the production's own time zone (reset by the middleware)."""
    with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):  # an unknown zone keeps the user's
        timezone.activate(zoneinfo.ZoneInfo(production.time_zone))
