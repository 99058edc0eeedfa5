"""Money is stored in integer minor units; how many minor units make a major one depends on the currency."""

from __future__ import annotations

_ZERO_DECIMAL = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "XAF", "XOF", "UGX", "PYG"})
_THREE_DECIMAL = frozenset({"BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"})


def minor_exponent(currency: str) -> int:
    """Decimal places of the currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD."""
    return 0 if currency in _ZERO_DECIMAL else 3 if currency in _THREE_DECIMAL else 2
