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
    PriorShift,
    boosting,
    choose_calibration,
    logistic,
)
from steward.analytics.churn_reasons import perturbed_probabilities

MIN_ROWS = 50
ALGORITHMS = ("auto", "boosting", "logistic")
LARGE_ROWS = 30_000  # from here on, one inner validation split instead of three folds
# From here on a learner trains on every row of the rarer class and a random share of the others (at least
# COMMON_PER_RARE for each rare row), its odds scaled back; held-out rows are all scored. On a workspace's
# 261,000 monthly snapshots (3% churned) the backtest's ROC AUC of fits on 25,000 rows was within 0.001 of
# fits on all of them (bench/RESULTS.md), at a seventh of the time.
TRAINING_ROWS = 25_000
COMMON_PER_RARE = 3
HOLDOUT_FOLDS = 10  # without refit, from LARGE_ROWS rows on: a tenth of the rows held out to calibrate
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


def _inner_splits(y: np.ndarray, groups: np.ndarray | None, seed: int | None, holdout: bool) -> list[Any]:
    """Three folds for choosing the learner; grouped so one account's snapshots never straddle a split.
    From LARGE_ROWS rows on, only the first: a third of the rows measures ROC AUC and fits the calibrator
    precisely enough, and three folds would cost three times the fits (with `holdout`, the first of
    HOLDOUT_FOLDS: a smaller share held out). Accounts are dealt to folds by `group_folds` from LARGE_ROWS
    on, by sklearn's StratifiedGroupKFold below (the same folds as before; it is slow only on many)."""
    large = len(y) >= LARGE_ROWS
    folds = HOLDOUT_FOLDS if large and holdout else 3
    if groups is None:
        splits = list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(y, y))
    elif large:
        splits = group_folds(y, groups, folds, seed)
    else:
        splits = list(StratifiedGroupKFold(n_splits=3, shuffle=True, random_state=seed).split(y, y, groups))
    return splits[:1] if large else splits


def group_folds(y: np.ndarray, groups: np.ndarray, folds: int, seed: int | None) -> list[Any]:
    """K folds of whole groups (accounts), stratified: the shuffled accounts with a churned row and those
    without are dealt to the folds in turn, so each fold holds about a k-th of each. What sklearn's
    StratifiedGroupKFold aims at, without its loop over groups (2.4 s for 19,000 accounts here)."""
    ids, inverse = np.unique(groups, return_inverse=True)
    churned = np.bincount(inverse, weights=np.asarray(y, dtype=float), minlength=len(ids)) > 0
    order = np.random.default_rng(seed).permutation(len(ids))
    order = order[np.argsort(churned[order], kind="stable")]
    fold_of = np.empty(len(ids), dtype=np.int64)
    fold_of[order] = np.arange(len(ids)) % folds
    row_fold = fold_of[inverse]
    return [(np.flatnonzero(row_fold != f), np.flatnonzero(row_fold == f)) for f in range(folds)]


def training_rows(
    y: np.ndarray, rows: np.ndarray, rng: np.random.Generator, limit: int | None = None
) -> tuple[np.ndarray, float]:
    """The rows a learner trains on, and the factor that puts its churn odds back on all the rows' class
    ratio (1.0: every row kept). Above `limit` (TRAINING_ROWS) rows: every row of the rarer class and a
    random share of the other, to `limit` rows but at least COMMON_PER_RARE per rare row (negative
    down-sampling, He et al. 2014, 'Practical lessons from predicting clicks'). Not weighted:
    HistGradientBoosting's binning with sample weights costs more than the fit itself."""
    limit = TRAINING_ROWS if limit is None else limit
    if len(rows) <= limit:
        return rows, 1.0
    labels = np.asarray(y)[rows]
    rare_label = 1 if 2 * labels.sum() <= len(labels) else 0
    rare, common = rows[labels == rare_label], rows[labels != rare_label]
    keep = max(limit - len(rare), COMMON_PER_RARE * len(rare))
    if keep >= len(common):
        return rows, 1.0
    kept = np.sort(np.concatenate([rare, rng.choice(common, keep, replace=False)]))
    share = keep / len(common)
    return kept, share if rare_label == 1 else 1 / share


def _fit_on(model: Pipeline, X: pd.DataFrame, y: np.ndarray, rows: np.ndarray | None, odds: float) -> Any:
    """Fit on these rows (None: all of X), odds put back for a sample (see `training_rows`)."""
    fitted = model.fit(X, y) if rows is None else model.fit(X.iloc[rows], y[rows])
    return fitted if odds == 1.0 else PriorShift(fitted, odds)


def fit_logistic_baseline(spec: FeatureSpec, X: pd.DataFrame, y: np.ndarray, seed: int | None) -> Any:
    """The logistic baseline, trained as ChurnModel's learners are: above TRAINING_ROWS on a sample of the
    commoner class, its odds put back (`training_rows`)."""
    y = np.asarray(y)
    rows, odds = training_rows(y, np.arange(len(y)), np.random.default_rng(seed))
    return _fit_on(logistic_baseline(spec), X[spec.columns], y, rows, odds)


class ChurnModel:
    """Churn probability, calibrated so that a 0.3 means about 30 of 100 such accounts churn.

    Candidates: histogram gradient boosting (native categories and missing values; the average of a small
    grid of settings), logistic regression, and blends of the two. Each is scored by ROC AUC on three inner
    folds of the training rows only; boosting needs thousands of rows to beat a linear model, and many
    workspaces have hundreds of accounts. The same out-of-fold scores then fit the calibrator (sigmoid or
    isotonic, whichever has the lower cross-validated Brier score), so calibration costs no extra fits;
    the chosen learners are refit on all rows. With `learners` (another model's `shares_`) the choice is
    not made again: only those learners are fitted, their out-of-fold scores still choose and fit the
    calibrator.
    With `refit=False` and LARGE_ROWS rows or more, the learners fitted on nine tenths of the rows (beside
    the calibrator, fitted on the tenth held out) are the model: half the fits, for backtest origins.
    Above TRAINING_ROWS rows each learner trains on a sample of the retained rows (see `training_rows`)."""

    def __init__(
        self,
        *,
        spec: FeatureSpec,
        algorithm: str = "auto",
        random_state: int | None = None,
        learners: dict[str, float] | None = None,
        refit: bool = True,
    ) -> None:
        self.spec = spec
        self.algorithm = algorithm
        self.random_state = random_state
        self.learners = learners
        self.refit = refit

    def fit(self, X: pd.DataFrame, y: np.ndarray, groups: np.ndarray | None = None) -> ChurnModel:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}; got {self.algorithm!r}")
        features, y = X[self.spec.columns], np.asarray(y)
        splits = _inner_splits(y, groups, self.random_state, holdout=not self.refit)
        rng = np.random.default_rng(self.random_state)
        trained_on = [training_rows(y, train, rng) for train, _ in splits]  # the same rows for every learner
        fixed = self.learners
        boost = "boosting" in fixed if fixed is not None else self.algorithm != "logistic"
        linear = "logistic" in fixed if fixed is not None else self.algorithm != "boosting"
        names = ([f"boosting:{g}" for g in BOOSTING_GRID] if boost else []) + (["logistic"] if linear else [])
        oof = {name: np.zeros(len(y)) for name in names}
        fitted: dict[str, list[Any]] = {name: [] for name in names}  # per split
        for (_, test), (rows, odds) in zip(splits, trained_on, strict=True):
            held_out_rows = features.iloc[test]  # taken once for every learner
            train_rows = features.iloc[rows]
            for name in names:
                model = _fit_on(
                    _candidate(name, self.spec, self.random_state), train_rows, y[rows], None, odds
                )
                oof[name][test] = model.predict_proba(held_out_rows)[:, 1]
                fitted[name].append(model)

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
        if fixed is not None:
            shares = dict(fixed)
            self.algorithm_ = "blend" if len(shares) == 2 else next(iter(shares))
        elif len(self.selection_) == 2:
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
        if self.refit or len(splits) > 1:
            rows, odds = training_rows(y, np.arange(len(y)), rng)
            train_rows = features.iloc[rows]
            parts = [
                (_fit_on(_candidate(n, self.spec, self.random_state), train_rows, y[rows], None, odds), w)
                for n, w in weights.items()
            ]
        else:  # the learners that scored the held-out tenth, on which the calibrator was fitted
            parts = [(fitted[n][0], w) for n, w in weights.items()]
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
        typical = pd.DataFrame({c: [self.reference_[c]] for c in self.spec.columns})
        for column in self.spec.categorical:
            typical[column] = typical[column].astype(object)
        probabilities = perturbed_probabilities(self.model_, X, typical)
        lift = probabilities[:, :1] - probabilities[:, 1:]
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
