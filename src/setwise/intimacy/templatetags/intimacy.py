"""``{% intimacy_links production %}``: the safeguarding and intimacy entries of a production page, each shown only
to those the access layer lets in (everyone on the production may raise a concern), and, for those who re-plan,
the scenes that need re-planning (a consent withdrawn; never who or why)."""

from __future__ import annotations

from typing import Any

from django import template

from setwise.intimacy import services
from setwise.intimacy.access import access_for

register = template.Library()


@register.inclusion_tag("intimacy/partials/production_links.html", takes_context=True)
def intimacy_links(context: template.Context, production: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    access = access_for(user, production)
    scenes = services.scenes_needing_replanning(production) if access.told_of_replanning else []
    replanning = [f"{s.episode}-{s.number}" if production.episodes > 1 else s.number for s in scenes]
    return {"production": production, "access": access, "replanning": replanning}
