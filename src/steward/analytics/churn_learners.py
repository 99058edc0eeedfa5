"""The learners a churn model chooses from (a small boosting grid, logistic regression, their blend) and the
calibrator that turns the chosen one's scores into probabilities, all selected on out-of-fold predictions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from steward.analytics.churn_features import FeatureSpec

# A small grid, from sklearn's default (many rows, interactions) to slow, shallow and regularised (few rows,
# mostly additive signal, where the default overfits and loses to logistic regression). Early stopping holds
# out 10% of the rows: on a few thousand rows that hold-out is too noisy to stop on, so the middle setting
# runs a fixed 200 rounds below 10,000 rows (sklearn's "auto" rule) and stops early above.
BOOSTING_GRID: dict[str, dict[str, Any]] = {
    "default": {"learning_rate": 0.1, "max_leaf_nodes": 31, "min_samples_leaf": 20, "l2_regularization": 0.0},
    "shallow": {"learning_rate": 0.05, "max_leaf_nodes": 8, "min_samples_leaf": 40, "l2_regularization": 1.0},
    "middle": {"learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 20, "l2_regularization": 1.0,
               "early_stopping": "auto", "max_iter": 200},
}  # fmt: skip
BLEND_WEIGHTS = (0.25, 0.5, 0.75)  # share of boosting in a blend with logistic regression


def boosting(spec: FeatureSpec, random_state: int | None, **params: Any) -> Pipeline:
    """Histogram gradient boosting with native categories and missing values; early stopping on 10%."""
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
    settings = {"early_stopping": True, "max_iter": 300, **params}
    model = HistGradientBoostingClassifier(categorical_features=mask, random_state=random_state, **settings)
    return make_pipeline(encode, model)


def logistic(spec: FeatureSpec) -> Pipeline:
    """The plain baseline every churn figure is printed beside: one-hot categories, scaled numbers."""
    encode = ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()),
             spec.numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore"), spec.categorical),
        ]
    )  # fmt: skip
    return make_pipeline(encode, LogisticRegression(max_iter=2000))


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q))).reshape(-1, 1)


@dataclass
class Calibrator:
    """Platt (a logistic curve on the score's log-odds) or isotonic (a monotone step function)."""

    method: str
    fitted: Any = None

    def fit(self, p: np.ndarray, y: np.ndarray) -> Calibrator:
        if self.method == "isotonic":
            self.fitted = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(p, y)
        else:
            self.fitted = LogisticRegression(C=1e4, solver="newton-cholesky").fit(_logit(p), y)
        return self

    def transform(self, p: np.ndarray) -> np.ndarray:
        if self.method == "isotonic":
            # A vanishing share of the raw score breaks the steps' ties: the ranking (ROC AUC) stays the
            # learner's own, the probabilities move by at most 1e-6.
            return np.clip(np.asarray(self.fitted.predict(p), dtype=float) + 1e-6 * (p - 0.5), 0.0, 1.0)
        return np.asarray(self.fitted.predict_proba(_logit(p))[:, 1])


def choose_calibration(p: np.ndarray, y: np.ndarray, seed: int | None) -> tuple[str, dict[str, float]]:
    """Sigmoid or isotonic, whichever has the lower Brier score in 5-fold CV on out-of-fold scores.
    Isotonic needs many rows (Niculescu-Mizil & Caruana 2005); on few it overfits and CV says so."""
    splits = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(p, y))
    brier = {}
    for method in ("sigmoid", "isotonic"):
        calibrated = np.empty_like(p)
        for train, test in splits:
            calibrated[test] = Calibrator(method).fit(p[train], y[train]).transform(p[test])
        brier[method] = round(float(brier_score_loss(y, calibrated)), 5)
    # Ties go to sigmoid: strictly monotone, so it keeps the ranking (isotonic steps merge scores).
    return min(brier, key=lambda m: (brier[m], m != "sigmoid")), brier


@dataclass
class PriorShift:
    """A learner fitted on a sample that kept only a share of one class, its churn odds multiplied by
    `odds` to stand for all the rows again: the prior correction of King & Zeng (2001), 'Logistic
    regression in rare events data'; He et al. (2014) re-calibrate down-sampled boosting the same way,
    q = p / (p + (1 - p) / w) for a negative share w."""

    model: Pipeline
    odds: float

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = np.asarray(self.model.predict_proba(X)[:, 1], dtype=float)
        q = p * self.odds / (p * self.odds + 1 - p)
        return np.column_stack([1 - q, q])


class Blend(ClassifierMixin, BaseEstimator):  # type: ignore[misc]  # sklearn is untyped
    """The fitted churn predictor: one or more fitted pipelines (or PriorShift), their weights, and the
    calibrator."""

    def __init__(self, parts: list[tuple[Any, float]], calibrator: Calibrator, columns: list[str]):
        self.parts = parts
        self.calibrator = calibrator
        self.columns = columns
        self.classes_ = np.array([0, 1])

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> Blend:  # fitted by ChurnModel; here for the sklearn API
        return self

    def score_raw(self, X: pd.DataFrame) -> np.ndarray:
        features = X[self.columns]
        return np.asarray(
            np.sum([w * model.predict_proba(features)[:, 1] for model, w in self.parts], axis=0)
        )

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = self.calibrator.transform(self.score_raw(X))
        return np.column_stack([1 - p, p])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(np.int64)
