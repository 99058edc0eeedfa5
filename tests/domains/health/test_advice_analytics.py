"""The scorecard advisor's pure compute: a planted measure outranks noise, the time split fits on earlier
months only, thresholds land between the values that split churn, and too little history says so."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from steward.analytics import scorecard_advice as advice
from steward.analytics.health import Grade, Group, Measure, Scorecard, Thresholds, validate

CARD = Scorecard(
    groups=(
        Group("engagement", 50, (Measure("usage", 100, Thresholds(poor=0, good=1000)),)),
        Group("other", 50, (Measure("noise", 100, Thresholds(poor=0, good=1)),)),
    ),
    grades=(Grade("red", 0, 50), Grade("yellow", 50, 75), Grade("green", 75, 100)),
)


def _history(
    months: int = 12, accounts: int = 150, seed: int = 0
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """Churners used the product little (usage 0-40 against 30-100); `noise` is a coin."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(months):
        day = np.datetime64(date(2025, 1, 1) + timedelta(days=30 * k), "D")
        churn = rng.random(accounts) < 0.2
        usage = np.where(churn, rng.uniform(0, 40, accounts), rng.uniform(30, 100, accounts))
        for a in range(accounts):
            rows.append((k * 1000 + a, day, usage[a], float(rng.random() < 0.5), int(churn[a])))
    frame = pd.DataFrame(rows, columns=["account", "day", "usage", "noise", "y"])
    return (
        frame[["usage", "noise"]],
        frame["y"].to_numpy(),
        frame["day"].to_numpy(),
        frame["account"].to_numpy(),
    )


def test_planted_measure_outranks_noise_and_the_suggestion_separates_better() -> None:
    raw, y, days, accounts = _history()
    out = advice.advise(CARD, raw, y, days, accounts, horizon_days=90)
    assert out.enough and out.needs is None
    by = {m.key: m for m in out.measures}
    assert by["usage"].auc is not None and by["usage"].auc > 0.85 and by["usage"].direction == "lower_churns"
    assert by["noise"].auc is not None and by["noise"].auc < 0.6
    assert by["usage"].agrees is True  # more usage scores higher, and less usage churned
    assert by["usage"].suggested_weight > by["noise"].suggested_weight
    assert by["usage"].weight == by["noise"].weight == 50
    # The current thresholds put every account in red; the suggestion splits near 30-40.
    assert [b.label for b in by["usage"].bands] == ["red", "yellow", "green"]
    assert by["usage"].bands[0].snapshots == len(y)
    found = by["usage"].suggested
    assert found is not None and found.good > found.poor
    red_cut = found.poor + 0.5 * (found.good - found.poor)
    assert 15 < red_cut < 45
    later = by["usage"].suggested_bands
    assert later[0].churn_rate is not None and later[-1].churn_rate is not None
    assert later[0].churn_rate > 0.5 > later[-1].churn_rate
    assert out.suggested_auc is not None and out.current_auc is not None
    assert out.suggested_auc > out.current_auc
    assert out.suggested_card is not None
    validate(out.suggested_card)  # weights sum to 100 at each level, all positive


def test_the_time_split_fits_on_earlier_months_only() -> None:
    raw, y, days, accounts = _history()
    out = advice.advise(CARD, raw, y, days, accounts, horizon_days=90)
    split = out.split
    assert split is not None
    assert split.fit_until + pd.Timedelta(days=90) <= split.eval_from  # no fitted label sees later months
    assert split.eval_months == 4 and split.fit_months == 6  # 3 months between: the horizon
    assert split.fit_snapshots == 6 * 150 and split.eval_snapshots == 4 * 150
    # Scrambling the later months' labels changes their AUCs but not the suggestion fitted before them.
    later = pd.DatetimeIndex(days) >= split.eval_from
    y2 = y.copy()
    y2[later] = np.random.default_rng(1).permutation(y2[later])
    again = advice.advise(CARD, raw, y2, days, accounts, horizon_days=90)
    assert again.suggested_card == out.suggested_card
    assert again.suggested_auc != out.suggested_auc


def test_too_little_history_says_how_much_is_needed() -> None:
    raw, y, days, accounts = _history(months=4, accounts=20)
    out = advice.advise(CARD, raw, y, days, accounts)
    assert not out.enough and out.measures == [] and out.suggested_auc is None
    assert out.needs is not None and out.needs.startswith(
        "needs monthly snapshots over at least 6 months with at least 10 churned accounts; has 4 months"
    )


def test_thresholds_cut_between_values_in_either_direction() -> None:
    v = np.repeat([0.0, 1, 2, 3, 4, 5], 50)
    y = (v >= 4).astype(np.int64)  # 4 or more open tickets: churned
    found = advice.best_thresholds(v, y)
    assert found is not None and found.poor > found.good  # more is worse
    scores = found.score(v)
    assert (scores[v >= 4] < 50).all() and (scores[v < 4] >= 50).all()
    assert advice.best_thresholds(v, np.zeros_like(y)) is None  # nobody churned: nothing to split


@pytest.mark.parametrize("shares", [[1.0, 0.0, 0.0], [3.0, 3.0, 3.0], [0.2, 0.5, 99.3]])
def test_whole_weights_sum_to_100_and_none_is_zero(shares: list[float]) -> None:
    weights = advice._whole(shares)
    assert sum(weights) == 100 and min(weights) >= 1 and all(w == int(w) for w in weights)
