"""analytics.icp without a database: the Wilson interval on Newcombe's published examples, each account's
outcomes on a hand-worked book, shrinkage of small groups, and quartile bins."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from steward.analytics import icp
from steward.analytics.icp_fit import IcpModel

NEWCOMBE_1998_TABLE_I = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
                         (1, 29, 0.0061, 0.1718)]  # fmt: skip


@pytest.mark.parametrize(("k", "n", "low", "high"), NEWCOMBE_1998_TABLE_I)
def test_wilson_interval_matches_newcombe(k: int, n: int, low: float, high: float) -> None:
    lo, hi = icp.wilson(k, n)
    assert abs(lo - low) < 1e-4 and abs(hi - high) < 1e-4


def test_outcomes_on_a_hand_worked_book() -> None:
    today = date(2026, 6, 1)
    terms = pd.DataFrame(
        [
            (1, "2024-01-01", "2025-01-01", 1000, "year"),  # renewed with expansion: retained, NRR 1.2
            (1, "2025-01-01", "2026-01-01", 1000, "year"),
            (1, "2026-01-01", "2027-01-01", 1200, "year"),
            (2, "2024-03-01", "2025-03-01", 100, "month"),  # left after its first year
            (3, "2026-02-01", "2027-02-01", 500, "year"),  # too young for an outcome
            (4, "2025-01-15", None, 50, "month"),  # open-ended, over a year old: retained, NRR 1
        ],
        columns=["account_id", "start_date", "end_date", "amount_minor", "billing_period"],
    )
    for column in ("start_date", "end_date"):
        terms[column] = pd.to_datetime(terms[column]).astype("datetime64[s]")
    out = icp.outcomes(terms, today)
    assert out["retained"].to_dict() == pytest.approx({1: 1.0, 2: 0.0, 3: float("nan"), 4: 1.0}, nan_ok=True)
    assert out.loc[1, "nrr"] == pytest.approx(1.2) and out.loc[4, "nrr"] == 1.0
    assert pd.isna(out.loc[2, "nrr"]) and pd.isna(out.loc[3, "nrr"])  # no ARR a year ago
    assert out.loc[2, "arr"] == 1200 and out.loc[2, "churned"] == 1 and out.loc[1, "churned"] == 0
    assert out.loc[2, "exposure_years"] == pytest.approx(365 / 365.25)
    with pytest.raises(icp.NotEnoughHistory, match=r"needs at least 30 accounts .* has 3 \(1 left\)"):
        icp.check_history(out)


def test_small_groups_shrink_toward_the_workspace_rate() -> None:
    assert icp.shrunken_lift(3, 3, 0.6) < icp.shrunken_lift(60, 60, 0.6)
    assert abs(icp.shrunken_lift(6, 10, 0.6)) < 1e-9
    assert icp.shrunken_lift(0, 40, 0.6) < icp.shrunken_lift(0, 4, 0.6) < 0


def test_numbers_fall_into_quartile_bins() -> None:
    values = pd.Series([5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, None], dtype=object)
    edges = icp.bin_edges(values)
    assert edges == [17.5, 50.0, 175.0]
    labels = list(icp.bin_labels(values, edges))
    assert (
        labels[0] == "< 18"
        and labels[3] == "50 to < 175"
        and labels[6] == ">= 175"
        and labels[7] == icp.NOT_SET
    )


def test_nothing_to_learn_when_no_attribute_varies() -> None:
    index = pd.Index(range(40))
    columns = {"retained": [1.0, 0.0] * 20, "churned": [0.0, 1.0] * 20}
    outcome = pd.DataFrame(columns, index=index).assign(
        nrr=1.0, arr_now=1.0, arr_ago=1.0, arr=1.0, exposure_years=1.0
    )
    same = pd.DataFrame({"segment": ["SMB"] * 40, "industry": [None] * 40}, index=index, dtype=object)
    with pytest.raises(icp.NoAttributes, match="no firmographic varies"):
        IcpModel().fit(same, outcome, {})
