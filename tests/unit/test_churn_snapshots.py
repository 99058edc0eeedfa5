"""Point-in-time churn features and labels, the backtest, contractual CLV and learner selection."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from steward.analytics.churn import ChurnModel
from steward.analytics.churn_features import infer_features, prepare
from steward.analytics.churn_snapshots import (
    AccountTables,
    churned_within,
    describe,
    features_at,
    labelled_snapshots,
)
from steward.analytics.churn_training import NotEnoughHistory, backtest, score, train
from steward.analytics.ltv import contractual_clv

D = date(2026, 1, 1)


def _d(days: int) -> np.datetime64:
    return np.datetime64(D + timedelta(days=days), "s")


def _tables(subs: list[tuple[int, int, int | None, int]], acts: list[tuple[int, int, str]]) -> AccountTables:
    """subs: (account, start offset, end offset, yearly amount); acts: (account, day offset, kind)."""
    accounts = pd.DataFrame({"account_id": sorted({s[0] for s in subs})})
    for column in ("segment", "tier", "industry", "region"):
        accounts[column] = "x"
    accounts["arr_minor"], accounts["name"] = 0, "n"
    subscriptions = pd.DataFrame({
        "account_id": [s[0] for s in subs],
        "start_date": [_d(s[1]) for s in subs],
        "end_date": [_d(s[2]) if s[2] is not None else np.datetime64("NaT") for s in subs],
        "amount_minor": [s[3] for s in subs], "billing_period": "year", "seats": 10, "auto_renew": 1.0,
        "notice_days": 30, "plan": "Pro",
    })  # fmt: skip
    activities = pd.DataFrame({
        "account_id": [a[0] for a in acts], "day": [_d(a[1]) for a in acts], "kind": [a[2] for a in acts],
    })  # fmt: skip
    return AccountTables(
        accounts, subscriptions, activities, pd.DataFrame({"account_id": [1], "contacts": [3]})
    )


def test_features_use_only_the_past_and_labels_use_the_horizon() -> None:
    tables = _tables(
        subs=[(1, 0, 365, 120_000), (1, 365, 730, 150_000), (2, 0, 365, 50_000), (3, 360, None, 10_000)],
        acts=[(1, 300, "call"), (1, 350, "note"), (1, 380, "meeting"), (2, 100, "email")],
    )
    X = features_at(tables, D + timedelta(days=370))
    assert list(X.index) == [1, 3]  # account 2 had left; 3 had started
    one = X.loc[1]
    assert one["arr"] == 1500.0 and one["arr_change_1y"] == pytest.approx(1.25)
    assert one["days_to_renewal"] == 360 and one["tenure_days"] == 370
    # The meeting on day 380 is after the snapshot: it must not be seen.
    assert one["activities_30d"] == 1 and one["activities_90d"] == 2 and one["meetings_90d"] == 1
    assert one["days_since_activity"] == 20 and one["contacts"] == 3
    assert np.isnan(X.loc[3, "days_since_activity"]) and X.loc[3, "contacts"] == 0
    labels = churned_within(tables, pd.Index([1, 2, 3]), D + timedelta(days=300), 90)
    assert labels.tolist() == [0, 1, 0]  # 1 renewed on day 365; 2 ended on day 365
    snaps = labelled_snapshots(tables, [D + timedelta(days=300), D + timedelta(days=450)], 90)
    assert snaps.y.tolist() == [0, 1, 0, 0] and snaps.accounts.tolist() == [1, 2, 1, 3]


def _history(n: int = 300, seed: int = 0) -> AccountTables:
    """Yearly renewals; customers who stop engaging leave at their next renewal."""
    rng = np.random.default_rng(seed)
    subs, acts = [], []
    for a in range(1, n + 1):
        start, health = int(rng.integers(0, 700)), rng.normal()
        while start < 1200:
            subs.append((a, start, start + 365, int(rng.integers(5, 50)) * 100_000))
            leaves = rng.random() < 1 / (1 + np.exp(1.5 + 1.5 * health))
            rate = 0.08 * np.exp(0.5 * health)
            for day in range(start, start + 365):
                fading = leaves and start + 365 - day < 150
                if rng.random() < rate * (0.2 if fading else 1):
                    acts.append((a, day, "call"))
            if leaves:
                break
            start += 365
    return _tables(subs, acts)


def test_training_backtests_out_of_time_and_scores_with_reasons() -> None:
    tables = _history()
    today = D + timedelta(days=1200)
    trained = train(tables, today=today, horizon_days=90)
    b = trained.backtest
    assert b is not None and len(b.origins) == 3
    assert b.roc_auc > 0.8 and b.churned > 10
    assert abs(b.predicted_churners - b.churned) < 0.5 * b.churned  # calibrated to within half
    risks = score(trained.model, tables, today=today)
    assert risks and all(0 <= r.probability <= 1 for r in risks)
    riskiest = max(risks, key=lambda r: r.probability)
    assert riskiest.reasons and {r["feature"] for r in riskiest.reasons} & {
        "days_to_renewal", "activity_trend", "activities_90d", "activities_30d", "days_since_activity",
        "activities_365d", "meetings_90d",
    }  # fmt: skip


def test_short_history_is_refused_with_counts() -> None:
    tables = _history(n=5)
    with pytest.raises(NotEnoughHistory, match="at least 50 account snapshots"):
        train(tables, today=D + timedelta(days=1200), horizon_days=90)
    snaps = labelled_snapshots(tables, [D + timedelta(days=400)], 90)
    with pytest.raises(NotEnoughHistory):
        backtest(snaps, horizon_days=90)


def test_contractual_clv_is_the_discounted_retention_series() -> None:
    mrr, p, h = 1000.0, 0.1, 90
    r = 0.9 ** (30.4375 / h)
    i = 1.1 ** (1 / 12) - 1
    explicit = sum(mrr * r**t / (1 + i) ** t for t in range(1, 37))
    assert contractual_clv([mrr], [p], horizon_days=h)[0] == pytest.approx(explicit)
    # No churn: the discounted value of 36 months, about 31.1 months of revenue at 10% a year.
    assert contractual_clv([1.0], [0.0], horizon_days=h)[0] == pytest.approx(
        sum(1 / (1 + i) ** t for t in range(1, 37))
    )
    assert contractual_clv([mrr], [1.0], horizon_days=h)[0] == 0
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        contractual_clv([mrr], [1.5], horizon_days=h)


def test_reasons_read_as_sentences() -> None:
    assert describe("days_to_renewal", 39.0) == "renewal in 39 days"
    assert describe("arr_change_1y", 0.79) == "ARR down 21% over a year"
    assert describe("activity_trend", 0.37) == "activity at 37% of its yearly pace"
    assert describe("segment", "SMB") == "segment SMB" and describe("seats", None) == "seats unknown"


def test_logistic_is_chosen_when_churn_is_linear() -> None:
    """On a few hundred rows of linear signal boosting overfits; inner CV picks the logistic model."""
    rng = np.random.default_rng(1)
    X = pd.DataFrame({f"x{i}": rng.normal(size=600) for i in range(6)})
    y = (rng.random(600) < 1 / (1 + np.exp(-(-1.5 + 1.2 * X.x0 - 0.8 * X.x1)))).astype(int)
    spec = infer_features(X)
    model = ChurnModel(spec=spec, random_state=0).fit(prepare(X, spec), y)
    assert model.algorithm_ == "logistic" and model.selection_["logistic"] > model.selection_["boosting"]
    with pytest.raises(ValueError, match="algorithm must be one of"):
        ChurnModel(spec=spec, algorithm="forest").fit(prepare(X, spec), y)
