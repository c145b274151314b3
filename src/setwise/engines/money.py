"""Money as ``Decimal`` with its currency: rounding to the currency's minor unit (ISO 4217 via babel: KRW and JPY
have none, USD two), budget line arithmetic, conversion at a dated rate, and estimate at completion."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import get_currency_precision


@lru_cache(maxsize=64)
def minor_digits(currency: str) -> int:
    """Digits after the decimal point of ``currency`` (0 for KRW, JPY, IDR...; 2 for USD, AUD, THB...)."""
    try:
        return int(get_currency_precision(currency.upper()))
    except (KeyError, ValueError):
        return 2


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up to the currency's minor unit."""
    exponent = Decimal(1).scaleb(-minor_digits(currency))
    return Decimal(amount).quantize(exponent, rounding=ROUND_HALF_UP)


def line_amount(units: Decimal, quantity: Decimal, rate: Decimal, fringe_percent: Decimal, currency: str) -> Decimal:
    """A budget line: units (days, weeks...) x quantity (people, items) x rate, plus fringes (payroll taxes,
    insurance, pension) as a percentage of it, rounded to the currency."""
    base = Decimal(units) * Decimal(quantity) * Decimal(rate)
    return round_money(base * (1 + Decimal(fringe_percent) / 100), currency)


def convert(amount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """``amount`` times ``rate`` (units of the target currency per unit of the source), rounded to ``currency``."""
    return round_money(Decimal(amount) * Decimal(rate), currency)


def estimate_at_completion(budget: Decimal, actual: Decimal, to_complete: Decimal | None = None) -> Decimal:
    """Actuals so far plus the estimate to complete: given, or else what is left of the budget (never below
    nothing: an account already over budget is expected to end where it is)."""
    remaining = to_complete if to_complete is not None else max(Decimal(0), Decimal(budget) - Decimal(actual))
    return Decimal(actual) + remaining
