"""``{% reports_panel production %}``: the production page's entry to daily reports, plan versus actual and health,
with what needs attention now: working-hour violations of the last two weeks of reports, open incidents and
scenes sent back to be rescheduled (counts only; names stay on the pages that may show them)."""

from __future__ import annotations

from typing import Any

from django import template

from setwise.accounts.permissions import has_production_perm
from setwise.accounts.roles import Perm
from setwise.reports import selectors

register = template.Library()


@register.inclusion_tag("reports/partials/production_panel.html", takes_context=True)
def reports_panel(context: template.Context, production: Any) -> dict[str, Any]:
    user = getattr(context.get("request"), "user", None)
    if user is None or not has_production_perm(user, Perm.VIEW_PRODUCTION, production):
        return {"production": production, "visible": False}
    return {
        "production": production,
        "visible": True,
        "can_report": has_production_perm(user, Perm.EDIT_SCHEDULE, production),
        "attention": selectors.attention(production),
    }


@register.inclusion_tag("reports/partials/to_reschedule.html")
def to_reschedule(board: Any) -> dict[str, Any]:
    """The boneyard's note of the scenes daily reports sent back (not shot, or only partly): to reschedule."""
    return {"board": board, "strips": list(selectors.to_reschedule(board)[:50])}
