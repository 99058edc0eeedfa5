"""Revenue metrics on a hand-worked book: ARR movement, NRR, GRR, logo churn, cohorts, renewal forecast."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from steward.analytics.revenue_metrics import (
    arr_by_account,
    arr_matrix,
    arr_series,
    cohort_retention,
    month_ends,
    movement,
    renewal_forecast,
)


def _terms() -> pd.DataFrame:
    rows = [
        ("A", "2025-01-01", "2026-01-01", 1000, "year"),  # renews bigger: expansion
        ("A", "2026-01-01", "2027-01-01", 1200, "year"),
        ("B", "2025-03-01", "2026-03-01", 100, "month"),  # ARR 1,200, not renewed: churn
        ("C", "2025-06-01", None, 50, "month"),  # ARR 600, open-ended
        ("C", "2025-06-01", "2026-02-01", 300, "year"),  # an add-on dropped: contraction
        ("D", "2025-10-15", "2026-10-15", 250, "quarter"),  # ARR 1,000: new in the period
    ]
    frame = pd.DataFrame(
        rows, columns=["account_id", "start_date", "end_date", "amount_minor", "billing_period"]
    )
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


def test_movement_nrr_grr_and_logo_churn() -> None:
    m = movement(_terms(), date(2025, 7, 1), date(2026, 6, 30))
    assert (m.start_arr, m.end_arr) == (3100, 2800)
    assert (m.new, m.expansion, m.contraction, m.churned) == (1000, 200, 300, 1200)
    assert m.start_arr + m.new + m.expansion - m.contraction - m.churned == m.end_arr
    assert m.nrr == pytest.approx(1800 / 3100) and m.grr == pytest.approx(1600 / 3100)
    assert m.logo_churn_rate == pytest.approx(1 / 3)
    empty = movement(_terms(), date(2024, 1, 1), date(2024, 12, 31))
    assert empty.nrr is None and empty.grr is None and empty.logo_churn_rate is None
    with pytest.raises(ValueError, match="must end after it starts"):
        movement(_terms(), date(2026, 1, 1), date(2026, 1, 1))


def test_arr_on_a_day_and_over_time() -> None:
    assert arr_by_account(_terms(), date(2026, 1, 1)).to_dict() == {"A": 1200, "B": 1200, "C": 900, "D": 1000}
    days = month_ends(date(2025, 5, 1), date(2025, 7, 31))
    assert days == [date(2025, 5, 31), date(2025, 6, 30), date(2025, 7, 31)]
    assert arr_series(_terms(), days).tolist() == [2200, 3100, 3100]


def test_arr_matrix_agrees_with_the_day_by_day_filter() -> None:
    """The one-pass matrix (used for cohorts and the ARR chart) against filtering the terms once per day,
    on random books with open-ended, same-day, back-to-back and inverted terms."""
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(1, 60))
        start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
        length = pd.to_timedelta(rng.integers(-5, 500, n), unit="D")
        end = pd.Series(start + length).where(rng.random(n) > 0.2)  # a fifth open-ended
        terms = pd.DataFrame({
            "account_id": rng.integers(0, 12, n), "start_date": start.astype("datetime64[s]"),
            "end_date": end.astype("datetime64[s]"), "amount_minor": rng.integers(1, 10_000, n),
            "billing_period": rng.choice(["month", "quarter", "year"], n),
        })  # fmt: skip
        days = sorted({date(2024, 1, 1) + pd.Timedelta(days=int(d)) for d in rng.integers(0, 1200, 15)})
        matrix = arr_matrix(terms, days)
        for day in days:
            expected = arr_by_account(terms, day)
            got = matrix[day][matrix[day] != 0]
            assert got.to_dict() == expected[expected != 0].to_dict()
    with pytest.raises(ValueError, match="ascending"):
        arr_matrix(_terms(), [date(2026, 1, 2), date(2026, 1, 1)])


def test_cohorts_count_logos_and_revenue_with_expansion() -> None:
    cohorts = cohort_retention(_terms(), today=date(2026, 6, 30), months=12)
    assert cohorts.loc["2025-01", ("revenue", 12)] == pytest.approx(1.2)  # A renewed at 1,200
    assert cohorts.loc["2025-03", ("logos", 0)] == 1 and cohorts.loc["2025-03", ("logos", 12)] == 0
    assert cohorts.loc["2025-06", ("revenue", 9)] == pytest.approx(600 / 900)  # C dropped its add-on
    assert np.isnan(cohorts.loc["2025-10", ("logos", 12)])  # October 2026 has not happened yet


def test_renewal_forecast_weights_by_churn_probability() -> None:
    forecast = renewal_forecast(_terms(), {"B": 0.8, "C": 0.2}, start=date(2025, 7, 1), quarters=4)
    assert forecast["quarter"].tolist() == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    q1 = forecast.set_index("quarter").loc["2026Q1"]
    assert (q1["renewals"], q1["arr_due"], q1["arr_at_risk"]) == (3, 2500, 1200)
    assert q1["expected_arr"] == 1000 + 1200 * 0.2 + 300 * 0.8
