from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    path = request.path
    items = [
        (_("Home"), reverse("core:home"), path == reverse("core:home")),
        (_("Productions"), reverse("productions:list"), path.startswith(reverse("productions:list"))),
        (
            _("Partners"),
            reverse("partners:list"),
            path.startswith(reverse("partners:list")) and not path.startswith(reverse("partners:network")),
        ),
        (_("Network"), reverse("partners:network"), path.startswith(reverse("partners:network"))),
        (_("API"), reverse("api-1.0.0:openapi-view"), False),
    ]
    return {
        "nav_items": [{"label": label, "url": url, "active": active} for label, url, active in items],
        "global_query": request.GET.get("q", "") if path == reverse("core:search") else "",
    }
