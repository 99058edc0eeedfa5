"""Churn probability: a learner chosen by inner cross-validation, calibrated, with per-prediction reasons;
and the nested cross-validation that says how good it is (ranking, Brier score, reliability table)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.inspection import permutation_importance
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline

from steward.analytics.churn_features import FeatureSpec
from steward.analytics.churn_learners import (
    BLEND_WEIGHTS,
    BOOSTING_GRID,
    Blend,
    Calibrator,
    boosting,
    choose_calibration,
    logistic,
)

MIN_ROWS = 50
ALGORITHMS = ("auto", "boosting", "logistic")
LARGE_ROWS = 30_000  # from here on, one inner validation split instead of three folds
BLEND_MARGIN = 0.002  # a blend must beat the best single learner by this much inner-CV ROC AUC to be used


def _boosting(spec: FeatureSpec, random_state: int | None) -> Pipeline:
    """scikit-learn's default boosting (the bench's plain comparison)."""
    return boosting(spec, random_state, **BOOSTING_GRID["default"])


def logistic_baseline(spec: FeatureSpec) -> Pipeline:
    """The plain baseline every churn figure is printed beside: one-hot categories, scaled numbers."""
    return logistic(spec)


def _candidate(name: str, spec: FeatureSpec, random_state: int | None) -> Pipeline:
    if name == "logistic":
        return logistic(spec)
    return boosting(spec, random_state, **BOOSTING_GRID[name.removeprefix("boosting:")])


def _inner_splits(y: np.ndarray, groups: np.ndarray | None, seed: int | None) -> list[Any]:
    """Three folds for choosing the learner; grouped so one account's snapshots never straddle a split.
    From LARGE_ROWS rows on, only the first: a third of the rows measures ROC AUC and fits the calibrator
    precisely enough, and three folds would cost three times the fits."""
    if groups is None:
        splits = list(StratifiedKFold(n_splits=3, shuffle=True, random_state=seed).split(y, y))
    else:
        splits = list(StratifiedGroupKFold(n_splits=3, shuffle=True, random_state=seed).split(y, y, groups))
    return splits[:1] if len(y) >= LARGE_ROWS else splits


class ChurnModel:
    """Churn probability, calibrated so that a 0.3 means about 30 of 100 such accounts churn.

    Candidates: histogram gradient boosting (native categories and missing values; the average of a small
    grid of settings), logistic regression, and blends of the two. Each is scored by ROC AUC on three inner
    folds of the training rows only; boosting needs thousands of rows to beat a linear model, and many
    workspaces have hundreds of accounts. The same out-of-fold scores then fit the calibrator (sigmoid or
    isotonic, whichever has the lower cross-validated Brier score), so calibration costs no extra fits;
    the chosen learners are refit on all rows."""

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
        splits = _inner_splits(y, groups, self.random_state)
        names = [f"boosting:{g}" for g in BOOSTING_GRID] if self.algorithm != "logistic" else []
        names += ["logistic"] if self.algorithm != "boosting" else []
        oof = {name: np.zeros(len(y)) for name in names}
        for name in names:
            for train, test in splits:
                model = _candidate(name, self.spec, self.random_state).fit(features.iloc[train], y[train])
                oof[name][test] = model.predict_proba(features.iloc[test])[:, 1]

        def fold_auc(score: np.ndarray) -> float:
            return round(float(np.mean([roc_auc_score(y[test], score[test]) for _, test in splits])), 4)

        self.candidates_ = {name: fold_auc(score) for name, score in oof.items()}
        # Boosting is the average of the grid's settings, not the best of them: on inner folds of a few
        # thousand rows the best setting is mostly noise, and the average scored at or near the best one
        # on every public table tried (bench/RESULTS.md).
        grid = [n for n in names if n != "logistic"]
        if grid:
            oof["boosting"] = np.mean([oof[n] for n in grid], axis=0)
        self.selection_: dict[str, float] = {
            n: fold_auc(oof[n]) for n in ("boosting", "logistic") if n in oof
        }
        self.algorithm_ = max(self.selection_, key=self.selection_.__getitem__)
        shares = {"boosting": 1.0} if self.algorithm_ == "boosting" else {"logistic": 1.0}
        if len(self.selection_) == 2:
            best = max(self.selection_.values()) + BLEND_MARGIN
            for w in BLEND_WEIGHTS:
                blend = fold_auc(w * oof["boosting"] + (1 - w) * oof["logistic"])
                self.candidates_[f"blend:{w}"] = blend
                if blend >= best:
                    best, self.algorithm_, shares = blend, "blend", {"boosting": w, "logistic": 1 - w}
        self.shares_ = shares  # learner -> its weight in the averaged probability
        weights = {n: shares["boosting"] / len(grid) for n in grid} if "boosting" in shares else {}
        weights |= {"logistic": shares["logistic"]} if "logistic" in shares else {}
        held_out = np.sort(np.concatenate([test for _, test in splits]))  # all rows, or one split's third
        score = np.sum([w * oof[name][held_out] for name, w in weights.items()], axis=0)
        method, self.calibration_brier_ = choose_calibration(score, y[held_out], self.random_state)
        self.calibration_ = method
        calibrator = Calibrator(method).fit(score, y[held_out])
        parts = [
            (_candidate(n, self.spec, self.random_state).fit(features, y), w) for n, w in weights.items()
        ]
        self.model_ = Blend(parts, calibrator, self.spec.columns)
        self.reference_ = {
            **{c: float(np.nanmedian(X[c])) if X[c].notna().any() else np.nan for c in self.spec.numeric},
            **{c: X[c].mode().iloc[0] for c in self.spec.categorical},
        }
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self.model_.predict_proba(X)

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
            # A lift that rounds to nothing is no reason ("adds 0.0" would list it as one).
            lifts = [(self.spec.columns[j], round(float(row[j]), 4)) for j in order]
            out.append([(name, lift) for name, lift in lifts if lift > 0])
        return out


RELIABILITY_BINS = 10


def reliability_table(y: np.ndarray, p: np.ndarray, bins: int = RELIABILITY_BINS) -> list[dict[str, Any]]:
    """Predicted probability in equal-width bins against the churn rate observed in each: for calibrated
    probabilities the two agree (the reliability diagram of Murphy & Winkler 1977, as a table)."""
    index = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        inside = index == b
        if inside.any():
            rows.append({
                "bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                "accounts": int(inside.sum()),
                "predicted": round(float(p[inside].mean()), 4),
                "observed": round(float(y[inside].mean()), 4),
            })  # fmt: skip
    return rows


@dataclass(frozen=True)
class Evaluation:
    rows: int
    folds: int
    positive_rate: float
    roc_auc: float
    roc_auc_std: float
    pr_auc: float
    brier: float  # mean squared error of the probability, pooled over the held-out folds
    baseline_roc_auc: float
    baseline_roc_auc_std: float
    baseline_pr_auc: float
    baseline_brier: float
    reliability: list[dict[str, Any]]  # the model's held-out probabilities binned, vs the observed rate
    top_features: list[dict[str, Any]]
    chosen: dict[str, int]  # learner -> folds in which inner CV picked it
    calibration: dict[str, int]  # sigmoid / isotonic -> folds in which inner CV picked it
    seconds: float


def _count(tally: dict[str, int], key: str) -> None:
    tally[key] = tally.get(key, 0) + 1


def evaluate(
    X: pd.DataFrame, y: np.ndarray, spec: FeatureSpec, *, folds: int = 5, seed: int = 0
) -> Evaluation:
    """Nested cross-validation: stratified k outer folds; in each, ChurnModel chooses its learner, boosting
    setting and calibration on inner folds of the training rows only, and is scored on the held-out fold
    beside the logistic baseline fitted on the same rows. Feature importance: the drop in ROC AUC when a
    feature is shuffled in the held-out fold."""
    if len(X) < MIN_ROWS:
        raise ValueError(f"need at least {MIN_ROWS} rows to evaluate; got {len(X)}")
    minority = int(min(y.sum(), len(y) - y.sum()))
    if minority < folds:
        raise ValueError(f"the rarer class has {minority} rows; {folds}-fold cross-validation needs {folds}")
    if not spec.columns:
        raise ValueError("no usable feature columns (all were identifiers, constants or free text)")
    started = time.perf_counter()
    scores: dict[str, list[float]] = {"roc": [], "pr": [], "base_roc": [], "base_pr": []}
    p_all, q_all = np.zeros(len(y)), np.zeros(len(y))
    importance = np.zeros(len(spec.columns))
    chosen: dict[str, int] = {}
    calibration: dict[str, int] = {}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(X, y):
        model = ChurnModel(spec=spec, random_state=seed).fit(X.iloc[train], y[train])
        _count(chosen, model.algorithm_)
        _count(calibration, model.calibration_)
        p = p_all[test] = model.predict_proba(X.iloc[test])[:, 1]
        scores["roc"].append(roc_auc_score(y[test], p))
        scores["pr"].append(average_precision_score(y[test], p))
        baseline = logistic_baseline(spec).fit(X.iloc[train][spec.columns], y[train])
        q = q_all[test] = baseline.predict_proba(X.iloc[test][spec.columns])[:, 1]
        scores["base_roc"].append(roc_auc_score(y[test], q))
        scores["base_pr"].append(average_precision_score(y[test], q))
        result = permutation_importance(
            model.model_,
            X.iloc[test][spec.columns],
            y[test],
            scoring="roc_auc",
            n_repeats=3,
            random_state=seed,
        )
        importance += np.asarray(result["importances_mean"]) / folds
    ranked = sorted(zip(spec.columns, importance, strict=True), key=lambda kv: -kv[1])

    def mean(key: str) -> float:
        return round(float(np.mean(scores[key])), 4)

    return Evaluation(
        rows=len(X),
        folds=folds,
        positive_rate=round(float(y.mean()), 4),
        roc_auc=mean("roc"),
        roc_auc_std=round(float(np.std(scores["roc"])), 4),
        pr_auc=mean("pr"),
        brier=round(float(brier_score_loss(y, p_all)), 4),
        baseline_roc_auc=mean("base_roc"),
        baseline_roc_auc_std=round(float(np.std(scores["base_roc"])), 4),
        baseline_pr_auc=mean("base_pr"),
        baseline_brier=round(float(brier_score_loss(y, q_all)), 4),
        reliability=reliability_table(y, p_all),
        top_features=[{"feature": f, "roc_auc_drop": round(float(v), 4)} for f, v in ranked[:10]],
        chosen=chosen,
        calibration=calibration,
        seconds=round(time.perf_counter() - started, 2),
    )
