"""Churn probability: calibrated gradient boosting with per-prediction reasons, and its cross-validation."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from steward.analytics.churn_features import FeatureSpec

MIN_ROWS = 50


def _boosting(spec: FeatureSpec, random_state: int | None) -> Pipeline:
    encode = ColumnTransformer(
        [
            ("num", "passthrough", spec.numeric),
            (
                "cat",
                OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan),
                spec.categorical,
            ),
        ]
    )
    mask = [False] * len(spec.numeric) + [True] * len(spec.categorical)
    model = HistGradientBoostingClassifier(
        categorical_features=mask, early_stopping=True, random_state=random_state
    )
    return make_pipeline(encode, model)


def logistic_baseline(spec: FeatureSpec) -> Pipeline:
    """The plain baseline every churn figure is printed beside: one-hot categories, scaled numbers."""
    encode = ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()),
             spec.numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore"), spec.categorical),
        ]
    )  # fmt: skip
    return make_pipeline(encode, LogisticRegression(max_iter=2000))


ALGORITHMS = ("auto", "boosting", "logistic")


def _candidate(name: str, spec: FeatureSpec, random_state: int | None) -> Pipeline:
    return _boosting(spec, random_state) if name == "boosting" else logistic_baseline(spec)


def _inner_splits(y: np.ndarray, groups: np.ndarray | None, seed: int | None) -> list[Any]:
    """Three folds for choosing the learner; grouped so one account's snapshots never straddle a split."""
    if groups is None:
        return list(StratifiedKFold(n_splits=3, shuffle=True, random_state=seed).split(y, y))
    splitter = StratifiedGroupKFold(n_splits=3, shuffle=True, random_state=seed)
    return list(splitter.split(y, y, groups))


class ChurnModel:
    """Churn probability, Platt-calibrated so that a 0.3 means about 30 of 100 such accounts churn.

    The learner is histogram gradient boosting (native categories, missing values) or, where it does better
    on inner cross-validation of the training rows, logistic regression: boosting needs thousands of rows to
    beat a linear model, and many workspaces have hundreds of accounts."""

    def __init__(
        self, *, spec: FeatureSpec, algorithm: str = "auto", random_state: int | None = None
    ) -> None:
        self.spec = spec
        self.algorithm = algorithm
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y: np.ndarray, groups: np.ndarray | None = None) -> ChurnModel:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}; got {self.algorithm!r}")
        features, y = X[self.spec.columns], np.asarray(y)
        self.selection_: dict[str, float] = {}
        if self.algorithm == "auto":
            for name in ("boosting", "logistic"):
                aucs = [
                    roc_auc_score(
                        y[test],
                        _candidate(name, self.spec, self.random_state)
                        .fit(features.iloc[train], y[train])
                        .predict_proba(features.iloc[test])[:, 1],
                    )
                    for train, test in _inner_splits(y, groups, self.random_state)
                ]
                self.selection_[name] = round(float(np.mean(aucs)), 4)
            self.algorithm_ = max(self.selection_, key=lambda k: self.selection_[k])
        else:
            self.algorithm_ = self.algorithm
        # ensemble=False: one model on all rows, one monotone calibrator, so ranking (ROC AUC) is kept.
        self.model_ = CalibratedClassifierCV(
            _candidate(self.algorithm_, self.spec, self.random_state), method="sigmoid", cv=3, ensemble=False
        ).fit(features, y)
        self.reference_ = {
            **{c: float(np.nanmedian(X[c])) if X[c].notna().any() else np.nan for c in self.spec.numeric},
            **{c: X[c].mode().iloc[0] for c in self.spec.categorical},
        }
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.model_.predict_proba(X[self.spec.columns]))

    def reasons(self, X: pd.DataFrame, top: int = 3) -> list[list[tuple[str, float]]]:
        """Per row, the features that raise its churn probability most: the drop in probability when that
        one feature is set to a typical value (median or most common), others unchanged."""
        base = self.predict_proba(X)[:, 1]
        lift = np.empty((len(X), len(self.spec.columns)))
        for j, column in enumerate(self.spec.columns):
            typical = X.copy()
            typical[column] = self.reference_[column]
            lift[:, j] = base - self.predict_proba(typical)[:, 1]
        out = []
        for row in lift:
            order = np.argsort(-row)[:top]
            out.append([(self.spec.columns[j], round(float(row[j]), 4)) for j in order if row[j] > 0])
        return out


@dataclass(frozen=True)
class Evaluation:
    rows: int
    folds: int
    positive_rate: float
    roc_auc: float
    roc_auc_std: float
    pr_auc: float
    baseline_roc_auc: float
    baseline_pr_auc: float
    top_features: list[dict[str, Any]]
    chosen: dict[str, int]  # learner -> folds in which inner CV picked it
    seconds: float


def evaluate(
    X: pd.DataFrame, y: np.ndarray, spec: FeatureSpec, *, folds: int = 5, seed: int = 0
) -> Evaluation:
    """Stratified k-fold cross-validation of ChurnModel beside the logistic baseline, on the same folds.
    Feature importance: the drop in ROC AUC when a feature is shuffled in the held-out fold."""
    if len(X) < MIN_ROWS:
        raise ValueError(f"need at least {MIN_ROWS} rows to evaluate; got {len(X)}")
    minority = int(min(y.sum(), len(y) - y.sum()))
    if minority < folds:
        raise ValueError(f"the rarer class has {minority} rows; {folds}-fold cross-validation needs {folds}")
    if not spec.columns:
        raise ValueError("no usable feature columns (all were identifiers, constants or free text)")
    started = time.perf_counter()
    scores: dict[str, list[float]] = {"roc": [], "pr": [], "base_roc": [], "base_pr": []}
    importance = np.zeros(len(spec.columns))
    chosen: dict[str, int] = {}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(X, y):
        model = ChurnModel(spec=spec, random_state=seed).fit(X.iloc[train], y[train])
        chosen[model.algorithm_] = chosen.get(model.algorithm_, 0) + 1
        p = model.predict_proba(X.iloc[test])[:, 1]
        scores["roc"].append(roc_auc_score(y[test], p))
        scores["pr"].append(average_precision_score(y[test], p))
        baseline = logistic_baseline(spec).fit(X.iloc[train][spec.columns], y[train])
        q = baseline.predict_proba(X.iloc[test][spec.columns])[:, 1]
        scores["base_roc"].append(roc_auc_score(y[test], q))
        scores["base_pr"].append(average_precision_score(y[test], q))
        result = permutation_importance(
            model.model_, X.iloc[test][spec.columns], y[test], scoring="roc_auc", n_repeats=3,
            random_state=seed,
        )  # fmt: skip
        importance += np.asarray(result["importances_mean"]) / folds
    ranked = sorted(zip(spec.columns, importance, strict=True), key=lambda kv: -kv[1])
    return Evaluation(
        rows=len(X),
        folds=folds,
        positive_rate=round(float(y.mean()), 4),
        roc_auc=round(float(np.mean(scores["roc"])), 4),
        roc_auc_std=round(float(np.std(scores["roc"])), 4),
        pr_auc=round(float(np.mean(scores["pr"])), 4),
        baseline_roc_auc=round(float(np.mean(scores["base_roc"])), 4),
        baseline_pr_auc=round(float(np.mean(scores["base_pr"])), 4),
        top_features=[{"feature": f, "roc_auc_drop": round(float(v), 4)} for f, v in ranked[:10]],
        chosen=chosen,
        seconds=round(time.perf_counter() - started, 2),
    )
