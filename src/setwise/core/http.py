"""Request types for views: a signed-in user and django-htmx's details (for type checking only)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from setwise.accounts.models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    """What a @login_required view receives."""

    user: User
