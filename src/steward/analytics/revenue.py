"""Recurring-revenue arithmetic on integer minor units (no database, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
# Statuses whose subscriptions count as recurring revenue; a trial has not converted yet.
REVENUE_STATUSES = frozenset({"active", "past_due"})


def arr_minor(amount_minor: int, billing_period: str) -> int:
    """Annual recurring revenue of one subscription: the amount per period times periods per year."""
    return amount_minor * PERIODS_PER_YEAR[billing_period]


def mrr_minor(amount_minor: int, billing_period: str) -> int:
    """Monthly recurring revenue, rounded half up to a whole minor unit."""
    return (arr_minor(amount_minor, billing_period) * 2 + 12) // 24


@dataclass(frozen=True)
class SubscriptionTerms:
    status: str
    currency: str
    amount_minor: int
    billing_period: str
    end_date: date | None


def account_rollup(subs: Iterable[SubscriptionTerms], currency: str, today: date) -> tuple[int, date | None]:
    """An account's ARR (revenue-bearing subscriptions in the workspace currency) and next renewal date."""
    arr = 0
    renewals: list[date] = []
    for sub in subs:
        if sub.status not in REVENUE_STATUSES or sub.currency != currency:
            continue
        arr += arr_minor(sub.amount_minor, sub.billing_period)
        if sub.end_date is not None and sub.end_date >= today:
            renewals.append(sub.end_date)
    return arr, min(renewals, default=None)


def seats_and_first_start(
    terms: Iterable[Sequence[Any]], day: date
) -> tuple[dict[int, int], dict[int, date]]:
    """From model terms (account_id, start, end, amount, period, seats, ...): per account the seats of its
    terms in force on `day`, and the day its first term started."""
    seats: dict[int, int] = {}
    first: dict[int, date] = {}
    for account_id, start, end, _, _, n, *_ in terms:
        if start <= day and (end is None or end > day):
            seats[account_id] = seats.get(account_id, 0) + int(n or 0)
        first[account_id] = min(first.get(account_id, start), start)
    return seats, first
