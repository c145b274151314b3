"""``{% post_schedule_warnings production %}``: the post milestones the shooting schedule endangers, for the
production health page (the post overview shows the same warnings with the overdue deliverables). Renders nothing
when the schedule leaves post its time."""

from __future__ import annotations

from typing import Any

from django import template

from setwise.post.selectors import schedule_warnings

register = template.Library()


@register.inclusion_tag("post/partials/health_warnings.html")
def post_schedule_warnings(production: Any) -> dict[str, Any]:
    return {"production": production, "warnings": schedule_warnings(production)}
