"""Money is stored in integer minor units; how many minor units make a major one depends on the currency."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_ZERO_DECIMAL = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "XAF", "XOF", "UGX", "PYG"})
_THREE_DECIMAL = frozenset({"BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"})


def minor_exponent(currency: str) -> int:
    """Decimal places of the currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD."""
    return 0 if currency in _ZERO_DECIMAL else 3 if currency in _THREE_DECIMAL else 2


class NotANumber(ValueError):
    pass


class TooPrecise(ValueError):
    """More decimals than the currency's minor unit holds (or not a finite amount at all)."""


def to_minor(text: str, currency: str) -> int:
    """'1,234.50' (major units, as people write them) -> 123450 minor units of `currency`."""
    try:
        value = Decimal(text.replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise NotANumber(text) from None
    minor = value.scaleb(minor_exponent(currency))
    if not value.is_finite() or minor != minor.to_integral_value():
        raise TooPrecise(text)
    return int(minor)
