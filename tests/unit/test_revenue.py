"""ARR/MRR arithmetic and the per-account roll-up."""

from __future__ import annotations

from datetime import date

from steward.analytics.revenue import SubscriptionTerms, account_rollup, arr_minor, mrr_minor


def test_annualising() -> None:
    assert arr_minor(10_000, "month") == 120_000
    assert arr_minor(30_000, "quarter") == 120_000
    assert arr_minor(120_000, "year") == 120_000
    assert mrr_minor(100_001, "year") == 8_333  # 8333.4 rounds down
    assert mrr_minor(100_006, "year") == 8_334  # 8333.8 rounds up


def test_rollup_counts_revenue_statuses_in_workspace_currency() -> None:
    today = date(2026, 6, 1)
    subs = [
        SubscriptionTerms("active", "USD", 1_000, "month", date(2026, 9, 1)),
        SubscriptionTerms("past_due", "USD", 5_000, "year", date(2026, 7, 1)),
        SubscriptionTerms("trial", "USD", 9_999, "month", date(2026, 6, 15)),
        SubscriptionTerms("canceled", "USD", 9_999, "month", None),
        SubscriptionTerms("active", "EUR", 9_999, "month", date(2026, 6, 2)),
        SubscriptionTerms("active", "USD", 100, "month", date(2026, 1, 1)),
    ]
    assert account_rollup(subs, "USD", today) == (12_000 + 5_000 + 1_200, date(2026, 7, 1))
    assert account_rollup([], "USD", today) == (0, None)
