"""Renewal maths against hand-worked cases: first forecasts, outcome amounts, renewal NRR and GRR."""

from __future__ import annotations

import pytest

from steward.analytics.renewals import Closed, default_forecast, outcome_problem, summarise


@pytest.mark.parametrize(
    ("probability", "health", "auto_renew", "expected"),
    [
        (0.6, 90.0, True, "at_risk"),  # churn risk outweighs health
        (None, 35.0, True, "at_risk"),
        (0.1, 80.0, True, "commit"),
        (None, None, True, "commit"),  # nothing says otherwise
        (0.1, 80.0, False, "best_case"),  # someone has to sign
        (0.3, 80.0, True, "best_case"),
        (0.1, 60.0, True, "best_case"),
    ],
)
def test_first_forecast(
    probability: float | None, health: float | None, auto_renew: bool, expected: str
) -> None:
    assert default_forecast(probability, health, auto_renew) == expected


def test_outcome_amounts_must_fit_the_outcome() -> None:
    assert outcome_problem("renewed", 1000, 1000) is None
    assert outcome_problem("renewed", 1000, 1100) is not None
    assert outcome_problem("upsell", 1000, 1100) is None
    assert outcome_problem("upsell", 1000, 1000) is not None
    assert outcome_problem("downsell", 1000, 400) is None
    assert outcome_problem("downsell", 1000, 0) is not None
    assert outcome_problem("churned", 1000, 0) is None
    assert outcome_problem("churned", 1000, 5) is not None


def test_nrr_and_grr_of_closed_renewals() -> None:
    # 4 renewals up for 1000 each: flat, +500, -300, churned. NRR = (1000+1500+700+0)/4000 = 0.8;
    # GRR caps the upsell at 1000: (1000+1000+700+0)/4000 = 0.675.
    closed = [
        Closed("renewed", 1000, 1000, None),
        Closed("upsell", 1000, 1500, None),
        Closed("downsell", 1000, 700, None),
        Closed("churned", 1000, 0, "price"),
    ]
    s = summarise(closed)
    assert (s.closed, s.current_arr, s.renewed_arr) == (4, 4000, 3200)
    assert s.nrr == pytest.approx(0.8) and s.grr == pytest.approx(0.675)
    assert s.by_outcome["churned"] == (1, 1000) and s.churn_by_reason == {"price": (1, 1000)}
    empty = summarise([])
    assert empty.nrr is None and empty.grr is None
