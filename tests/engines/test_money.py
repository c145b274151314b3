from decimal import Decimal

import pytest

from setwise.engines.money import convert, estimate_at_completion, line_amount, minor_digits, round_money


@pytest.mark.parametrize(("currency", "digits"), [("KRW", 0), ("JPY", 0), ("USD", 2), ("THB", 2), ("XYZ", 2)])
def test_minor_digits(currency: str, digits: int) -> None:
    assert minor_digits(currency) == digits


def test_rounding_is_per_currency_and_half_up() -> None:
    assert round_money(Decimal("1234.5"), "KRW") == Decimal("1235")
    assert round_money(Decimal("1234.565"), "USD") == Decimal("1234.57")
    assert str(round_money(Decimal("10"), "JPY")) == "10"


def test_line_amount_with_fringes() -> None:
    # 20 days x 3 people x 250,000 KRW with 9.5% fringes
    assert line_amount(Decimal(20), Decimal(3), Decimal(250000), Decimal("9.5"), "KRW") == Decimal(16425000)
    assert line_amount(Decimal("2.5"), Decimal(1), Decimal("99.99"), Decimal(0), "USD") == Decimal("249.98")


def test_convert_and_eac() -> None:
    assert convert(Decimal(1400000), Decimal("0.000714"), "USD") == Decimal("999.60")
    assert estimate_at_completion(Decimal(100), Decimal(30)) == Decimal(100)
    assert estimate_at_completion(Decimal(100), Decimal(130)) == Decimal(130)  # over budget stays where it is
    assert estimate_at_completion(Decimal(100), Decimal(30), Decimal(90)) == Decimal(120)
