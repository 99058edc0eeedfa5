"""Churn at workspace scale: training on a sample of the retained rows with the odds put back, folds of whole
accounts, a learner reused without choosing again, and reasons from only the trees that use a feature."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from steward.analytics import churn
from steward.analytics.churn import ChurnModel, group_folds, training_rows
from steward.analytics.churn_features import infer_features, prepare
from steward.analytics.churn_learners import PriorShift
from steward.analytics.churn_reasons import _every_copy, perturbed_probabilities
from tests.unit.test_churn import messy_table


def test_training_rows_keep_the_rare_class_and_put_the_odds_back() -> None:
    rng = np.random.default_rng(0)
    n = 60_000
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-3.5 + 1.2 * x)))).astype(int)
    churned = int(y.sum())
    rows, odds = training_rows(y, np.arange(n), np.random.default_rng(1), limit=20_000)
    assert len(rows) == 20_000 and y[rows].sum() == churned  # every churner kept
    assert odds == pytest.approx((20_000 - churned) / (n - churned))
    rows, odds = training_rows(y, np.arange(n), np.random.default_rng(1), limit=5_000)
    assert len(rows) == churned * (1 + churn.COMMON_PER_RARE)  # never fewer retained than 3 per churner
    assert training_rows(y, np.arange(5_000), np.random.default_rng(1), limit=10_000)[1] == 1.0
    # A logistic regression on the sample, its odds scaled back, predicts the full rows' churn rate and
    # slope (King & Zeng's prior correction: only the intercept moves).
    rows, odds = training_rows(y, np.arange(n), np.random.default_rng(1), limit=10_000)
    fitted = LogisticRegression().fit(x[rows, None], y[rows])
    shifted = PriorShift(fitted, odds)
    p = shifted.predict_proba(x[:, None])[:, 1]
    assert abs(p.mean() - y.mean()) < 0.003
    assert fitted.coef_[0, 0] == pytest.approx(1.2, abs=0.1)


def test_group_folds_keep_accounts_whole_and_spread_the_churners() -> None:
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(900), 12)
    churner = rng.random(900) < 0.1
    y = (churner[groups] & (np.tile(np.arange(12), 900) >= 9)).astype(int)  # churned on the last 3 rows
    folds = group_folds(y, groups, 3, seed=0)
    seen = np.concatenate([test for _, test in folds])
    assert np.array_equal(np.sort(seen), np.arange(len(y)))
    for train, test in folds:
        assert not set(groups[train]) & set(groups[test])
        assert abs(y[test].sum() - y.sum() / 3) <= 3  # churned accounts dealt evenly (3 rows each)


def test_sampled_training_ranks_and_calibrates(monkeypatch: pytest.MonkeyPatch) -> None:
    """With TRAINING_ROWS below the rows, the learners see a sample; held-out rows all score and calibrate."""
    monkeypatch.setattr(churn, "TRAINING_ROWS", 1_500)
    frame, y = messy_table(6000, seed=5)
    spec = infer_features(frame.drop(columns=["churned"]))
    X = prepare(frame, spec)
    model = ChurnModel(spec=spec, random_state=0).fit(X.iloc[:4500], y[:4500])
    assert isinstance(model.model_.parts[0][0], PriorShift)
    p = model.predict_proba(X.iloc[4500:])[:, 1]
    assert abs(p.mean() - y[4500:].mean()) < 0.05


def test_reused_learners_are_fitted_without_choosing(monkeypatch: pytest.MonkeyPatch) -> None:
    frame, y = messy_table(2000, seed=6)
    spec = infer_features(frame.drop(columns=["churned"]))
    X = prepare(frame, spec)
    chosen = ChurnModel(spec=spec, random_state=0).fit(X, y)
    reused = ChurnModel(spec=spec, random_state=0, learners={"boosting": 0.5, "logistic": 0.5}).fit(X, y)
    assert reused.algorithm_ == "blend" and reused.shares_ == {"boosting": 0.5, "logistic": 0.5}
    assert not any(name.startswith("blend:") for name in reused.candidates_)  # no choice made
    only = ChurnModel(spec=spec, random_state=0, learners={"boosting": 1.0}).fit(X, y)
    assert set(only.selection_) == {"boosting"} and chosen.algorithm_ in {"boosting", "logistic", "blend"}
    # Without refit (one split from LARGE_ROWS on): the model is the learner that scored the held-out rows.
    monkeypatch.setattr(churn, "LARGE_ROWS", 500)
    held = ChurnModel(spec=spec, random_state=0, learners={"boosting": 1.0}, refit=False).fit(X, y)
    assert len(held.model_.parts) == len(churn.BOOSTING_GRID)
    assert abs(held.predict_proba(X)[:, 1].mean() - y.mean()) < 0.05


@pytest.mark.parametrize("learners", [{"boosting": 1.0}, {"boosting": 0.5, "logistic": 0.5}])
def test_reasons_from_the_trees_that_use_a_feature_match_predicting_every_copy(
    learners: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(churn, "TRAINING_ROWS", 1_000)  # PriorShift parts too
    frame, y = messy_table(1500, seed=7)
    spec = infer_features(frame.drop(columns=["churned"]))
    X = prepare(frame, spec)
    X.loc[X.index[:50], "weekly_usage"] = np.nan  # missing values move to the typical value too
    model = ChurnModel(spec=spec, random_state=0, learners=learners).fit(X, y)
    typical = pd.DataFrame({c: [model.reference_[c]] for c in spec.columns}).astype(
        dict.fromkeys(spec.categorical, object)
    )
    fast = perturbed_probabilities(model.model_, X, typical)
    every = np.sum([w * _every_copy(m, X[spec.columns], typical) for m, w in model.model_.parts], axis=0)
    slow = model.model_.calibrator.transform(every.ravel()).reshape(every.shape)
    assert np.abs(fast - slow).max() < 1e-9
    assert np.allclose(fast[:, 0], model.predict_proba(X)[:, 1])
