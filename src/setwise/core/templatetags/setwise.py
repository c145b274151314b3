"""Template helpers: sortable column headers, query-string editing, locale-aware money and countries."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency
from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import get_language, to_locale

register = template.Library()


@register.simple_tag(takes_context=True)
def query(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one); page resets to 1."""
    params: QueryDict = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_header(context: dict[str, Any], key: str, label: str) -> str:
    """A column header link that sorts by ``key``, toggling direction, with an arrow on the sorted column."""
    current = context.get("sort", "")
    descending = current == key
    target = f"-{key}" if descending else key
    arrow = ""
    aria = "none"
    if current == key:
        arrow, aria = " ▲", "ascending"
    elif current == f"-{key}":
        arrow, aria = " ▼", "descending"
    href = query(context, sort=target)
    css = "sorted" if arrow else ""
    return format_html(
        '<a href="{}" class="{}" data-sort="{}" aria-sort="{}" hx-get="{}" hx-target="#table" '
        'hx-push-url="true">{}{}</a>',
        href,
        css,
        key,
        aria,
        href,
        label,
        arrow,
    )


@register.filter
def money(value: Any, currency: str = "USD") -> str:
    """A sum of money formatted for the active language, e.g. ₩1,200,000,000 / ￥1,200,000 / $1,200.00."""
    if value is None or value == "":
        return "—"
    return format_currency(Decimal(value), currency, locale=_locale(get_language() or "en") or "en")


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(to_locale(language))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


@register.filter
def country_name(code: str) -> str:
    """A country's name in the active language (ISO 3166 alpha-2 in, Unicode CLDR name out)."""
    locale = _locale(get_language() or "en")
    if not code or locale is None:
        return code or ""
    return str(locale.territories.get(code.upper(), code))


@register.filter
def language_label(code: str) -> str:
    """A language's name in the active language (ISO 639-1 code in, Unicode CLDR name out)."""
    locale = _locale(get_language() or "en")
    if not code or locale is None:
        return code or ""
    return str(locale.languages.get(code, code))


@register.filter
def percent_of(value: int, total: int) -> float:
    return round(100.0 * value / total, 1) if total else 0.0
