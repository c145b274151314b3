"""``{% intimacy_links production %}``: the safeguarding and intimacy entries of a production page, each shown only
to those the access layer lets in (everyone on the production may raise a concern)."""

from __future__ import annotations

from typing import Any

from django import template

from setwise.intimacy.access import access_for

register = template.Library()


@register.inclusion_tag("intimacy/partials/production_links.html", takes_context=True)
def intimacy_links(context: template.Context, production: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    access = access_for(user, production)
    return {"production": production, "access": access}
