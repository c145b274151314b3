"""Template filters of the breakdown: page lengths in eighths."""

from __future__ import annotations

from typing import Any

from django import template

from setwise.breakdown.models import format_eighths

register = template.Library()


@register.filter
def eighths(value: Any) -> str:
    """``11`` -> ``1 3/8``."""
    try:
        return format_eighths(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def signed_eighths(value: Any) -> str:
    """A length change: ``+3/8``, ``−1 1/8``, ``0``."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return ""
    if n == 0:
        return "0"
    return ("+" if n > 0 else "−") + format_eighths(abs(n))
