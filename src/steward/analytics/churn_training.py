"""Training a workspace's churn model on its own history, and the out-of-time backtest that says how far
to trust it: fit on the snapshots whose outcome was known at a past day, predict that day, compare."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from steward.analytics.churn import ChurnModel, fit_logistic_baseline
from steward.analytics.churn_features import FeatureSpec
from steward.analytics.churn_lead_time import DEFAULT_PRECISION, LeadTime, lead_time
from steward.analytics.churn_signals import ALL_FAMILIES, FAMILIES
from steward.analytics.churn_snapshots import (
    AccountTables,
    Snapshots,
    features_at,
    labelled_snapshots,
    snapshot_days,
    snapshot_spec,
)

MIN_CLASS_ROWS = 10
MIN_ROWS = 50
SNAPSHOT_EVERY_DAYS = 30
# A backtest origin's model is not refit on all its history: from churn.LARGE_ROWS rows on it is the learner
# fitted on nine tenths of the accounts beside the calibrator fitted on the tenth held out (below, three
# folds and a refit as in training). On 20,000 generated accounts, in the same run: the backtest ROC AUC
# 0.9754 either way in half the time; the previous feature set's comparison 0.9530 against 0.9562 with
# refits, its churners flagged at 50% precision 279 against 311 of 995 (bench/RESULTS.md).
ORIGIN_REFIT = False


class NotEnoughHistory(ValueError):
    """The workspace's history cannot train or test a model yet."""


@dataclass(frozen=True)
class Backtest:
    origins: list[str]  # the past days predicted, each from a model that saw only what was known then
    rows: int
    churned: int
    roc_auc: float
    pr_auc: float
    baseline_roc_auc: float
    brier: float
    predicted_churners: float  # sum of probabilities
    top_decile_capture: float  # share of the churners found in the riskiest 10% of accounts
    # Churners flagged at the chosen precision and how early: this model, the previous feature set
    # (subscriptions, activity, contacts) and the health score alone, on the same days.
    lead_time: list[LeadTime] = field(default_factory=list)


@dataclass
class TrainedChurnModel:
    model: ChurnModel
    horizon_days: int
    trained_through: date  # last snapshot day whose outcome was known
    rows: int
    churned: int
    backtest: Backtest | None

    def summary(self) -> dict[str, Any]:
        return {
            "algorithm": self.model.algorithm_,
            "selection_roc_auc": self.model.selection_,
            "features": self.model.spec.columns,
            "dropped_features": self.model.spec.dropped,
            "backtest": asdict(self.backtest) if self.backtest else None,
        }


def _check(snapshots: Snapshots, what: str) -> None:
    churned = int(snapshots.y.sum())
    kept = len(snapshots.y) - churned
    if len(snapshots.y) < MIN_ROWS or min(churned, kept) < MIN_CLASS_ROWS:
        raise NotEnoughHistory(
            f"{what} needs at least {MIN_ROWS} account snapshots with {MIN_CLASS_ROWS} churned and "
            f"{MIN_CLASS_ROWS} retained; the history gives {len(snapshots.y)} with {churned} churned"
        )


def _fit(
    snapshots: Snapshots,
    spec: FeatureSpec,
    seed: int,
    chosen: ChurnModel | None = None,
    refit: bool = True,
) -> ChurnModel:
    """With `chosen`, that model's learners, without choosing again (the calibration is this fit's own)."""
    model = ChurnModel(spec=spec, random_state=seed, refit=refit, learners=chosen.shares_ if chosen else None)
    return model.fit(snapshots.X, snapshots.y, groups=snapshots.accounts)


def _subset(snapshots: Snapshots, mask: np.ndarray) -> Snapshots:
    return Snapshots(
        X=snapshots.X[mask].reset_index(drop=True),
        y=snapshots.y[mask],
        accounts=snapshots.accounts[mask],
        days=snapshots.days[mask],
    )


PREVIOUS_FAMILIES: tuple[str, ...] = ()  # the feature set before the signal families: subscriptions etc.


@dataclass(frozen=True)
class Predictions:
    """A backtest's pooled rows: outcome, this model's and the logistic baseline's probability, the account,
    the day predicted, and the rows' features."""

    y: np.ndarray
    p: np.ndarray
    q: np.ndarray | None
    accounts: np.ndarray
    days: np.ndarray
    X: pd.DataFrame
    origins: list[str]


def predictions(
    snapshots: Snapshots,
    *,
    horizon_days: int,
    origins: int = 3,
    seed: int = 0,
    families: tuple[str, ...] = ALL_FAMILIES,
    chosen: ChurnModel | None = None,
    baseline: bool = True,
) -> Predictions:
    """Rolling origin: for each of the last `origins` snapshot days, train on the snapshots whose outcome
    was known on that day (with these signal families), predict the day, pool the predictions. With
    `chosen` (the production model) each origin fits its learners instead of choosing again; with
    `baseline`, the logistic baseline's predictions too (q)."""
    days = np.unique(snapshots.days)
    y_all, p_all, q_all, used, rows = [], [], [], [], []
    for origin in days[-origins:]:
        history = _subset(snapshots, snapshots.days <= origin - np.timedelta64(horizon_days, "D"))
        target = _subset(snapshots, snapshots.days == origin)
        try:
            _check(history, "a backtest origin")
        except NotEnoughHistory:
            continue
        spec = snapshot_spec(history.X, families)
        model = _fit(history, spec, seed, chosen, refit=ORIGIN_REFIT)
        y_all.append(target.y)
        p_all.append(model.predict_proba(target.X)[:, 1])
        if baseline:
            q_all.append(fit_logistic_baseline(spec, history.X, history.y, seed)
                         .predict_proba(target.X[spec.columns])[:, 1])  # fmt: skip
        used.append(str(origin))
        rows.append(snapshots.days == origin)
    if not used:
        raise NotEnoughHistory("no backtest origin has enough earlier history to train on")
    order = np.concatenate([np.flatnonzero(r) for r in rows])  # each origin's rows, as pooled above
    return Predictions(
        y=np.concatenate(y_all), p=np.concatenate(p_all), q=np.concatenate(q_all) if baseline else None,
        accounts=snapshots.accounts[order], days=snapshots.days[order],
        X=snapshots.X.iloc[order].reset_index(drop=True), origins=used,
    )  # fmt: skip


def backtest(
    snapshots: Snapshots,
    *,
    horizon_days: int,
    origins: int = 3,
    seed: int = 0,
    families: tuple[str, ...] = ALL_FAMILIES,
    churn_days: pd.Series | None = None,
    precision: float = DEFAULT_PRECISION,
    chosen: ChurnModel | None = None,
) -> Backtest:
    """The rolling-origin backtest's figures; with `churn_days` (account -> day it left), also the lead
    time at `precision` beside the previous feature set and the health score alone, in the same run.
    `chosen`: as in `predictions`, for this model's origins and the previous feature set's."""
    pred = predictions(snapshots, horizon_days=horizon_days, origins=origins, seed=seed, families=families,
                       chosen=chosen)  # fmt: skip
    y, p, q, used = pred.y, pred.p, pred.q, pred.origins
    assert q is not None  # asked for above (baseline=True)
    if y.min() == y.max():
        raise NotEnoughHistory("the backtest days hold only one outcome (all churned or all retained)")
    top = np.argsort(-p)[: max(1, len(p) // 10)]
    leads = [] if churn_days is None else lead_times(
        pred, snapshots, horizon_days=horizon_days, origins=origins, seed=seed, families=families,
        churn_days=churn_days, precision=precision, chosen=chosen,
    )  # fmt: skip
    return Backtest(
        origins=used,
        rows=len(y),
        churned=int(y.sum()),
        roc_auc=round(float(roc_auc_score(y, p)), 4),
        pr_auc=round(float(average_precision_score(y, p)), 4),
        baseline_roc_auc=round(float(roc_auc_score(y, q)), 4),
        brier=round(float(brier_score_loss(y, p)), 4),
        predicted_churners=round(float(p.sum()), 1),
        top_decile_capture=round(float(y[top].sum() / y.sum()), 4),
        lead_time=leads,
    )


def lead_times(
    pred: Predictions,
    snapshots: Snapshots,
    *,
    horizon_days: int,
    origins: int,
    seed: int,
    families: tuple[str, ...],
    churn_days: pd.Series,
    precision: float,
    chosen: ChurnModel | None = None,
) -> list[LeadTime]:
    """This model's lead time, the previous feature set's (trained again on the same days) and the health
    score's alone (lower is riskier), on the same backtest rows; each flags a day at the threshold set on
    the days before it (churn_lead_time.lead_time)."""
    rows: dict[str, Any] = {
        "y": pred.y, "accounts": pred.accounts, "days": pred.days, "churn_days": churn_days,
        "target": precision,
    }  # fmt: skip
    name = "all signals" if families == ALL_FAMILIES else "signals: " + (", ".join(families) or "none")
    out = [lead_time(name, risk=pred.p, **rows)]
    carried = [c for f in families for c in FAMILIES[f] if c in snapshots.X.columns]
    if carried:  # without signal columns the previous feature set is this model: no second run
        old = predictions(snapshots, horizon_days=horizon_days, origins=origins, seed=seed,
                          families=PREVIOUS_FAMILIES, chosen=chosen, baseline=False)  # fmt: skip
        out.append(lead_time("previous features (subscriptions, activity, contacts)", risk=old.p, **rows))
    nothing = np.full(len(pred.y), np.nan)
    score = pred.X["health_score"].to_numpy(dtype=float) if "health_score" in pred.X else nothing
    health = lead_time("health score alone", risk=-score, **rows)
    if health.threshold is not None:  # say it as a score: flagged at or below this health score
        health = replace(health, threshold=-health.threshold)
    out.append(health)
    return out


def churn_days(tables: AccountTables) -> pd.Series:
    """Account id -> the day its last subscription ended (absent while one runs without an end)."""
    subs = tables.subscriptions
    last = subs.groupby("account_id")["end_date"].max()
    open_ended = subs["end_date"].isna().groupby(subs["account_id"]).any()
    return last[~open_ended.reindex(last.index, fill_value=False)]


def train(
    tables: AccountTables,
    *,
    today: date,
    horizon_days: int = 90,
    seed: int = 0,
    families: tuple[str, ...] = ALL_FAMILIES,
    precision: float = DEFAULT_PRECISION,
) -> TrainedChurnModel:
    """Fit on every snapshot whose outcome is known today (with these signal families, where the tables
    carry them); backtest, with the lead time at `precision`, when the history allows it. The snapshots
    are computed once, for the fit and every backtest origin of both feature sets; the learner is chosen
    once, on all of them, and the origins fit that choice (each calibrated on its own history)."""
    days = snapshot_days(tables, today - timedelta(days=horizon_days), SNAPSHOT_EVERY_DAYS)
    snapshots = labelled_snapshots(tables, days, horizon_days)
    _check(snapshots, "training")
    model = _fit(snapshots, snapshot_spec(snapshots.X, families), seed)
    try:
        tested: Backtest | None = backtest(
            snapshots, horizon_days=horizon_days, seed=seed, families=families,
            churn_days=churn_days(tables), precision=precision, chosen=model,
        )  # fmt: skip
    except NotEnoughHistory:
        tested = None
    return TrainedChurnModel(
        model=model, horizon_days=horizon_days, trained_through=days[-1], rows=len(snapshots.y),
        churned=int(snapshots.y.sum()), backtest=tested,
    )  # fmt: skip


@dataclass(frozen=True)
class AccountRisk:
    account_id: int
    probability: float
    reasons: list[dict[str, Any]]  # feature, value, probability it adds


def score(model: ChurnModel, tables: AccountTables, *, today: date, top: int = 3) -> list[AccountRisk]:
    """Churn probability within the model's horizon for every account in force today, with its reasons."""
    X = features_at(tables, today)
    if X.empty:
        return []
    probabilities = model.predict_proba(X)[:, 1]
    reasons = model.reasons(X, top=top)
    values = {c: X[c].to_numpy() for c in model.spec.columns}  # one row at a time through pandas is slow
    return [
        AccountRisk(
            account_id=int(account_id),
            probability=round(float(probabilities[i]), 4),
            reasons=[{"feature": f, "value": _plain(values[f][i]), "adds": lift} for f, lift in reasons[i]],
        )
        for i, account_id in enumerate(X.index)
    ]


def _plain(value: Any) -> float | str | None:
    if isinstance(value, str):
        return value
    return None if pd.isna(value) else round(float(value), 2)
