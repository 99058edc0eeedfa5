"""How early a churn warning comes: over a backtest's past days, flag the accounts whose risk passes the
threshold that reaches a chosen precision, then count the churners flagged and the days from each one's
first flag to its churn."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

DEFAULT_PRECISION = 0.5


@dataclass(frozen=True)
class LeadTime:
    name: str  # what ranked the accounts: all signals, the previous feature set, the health score alone
    precision_target: float
    roc_auc: float | None
    threshold: float | None  # the lowest risk flagged (for the health score: the highest score flagged)
    precision: float | None  # reached on the backtest days (None: no threshold reaches the target)
    churners: int  # accounts that churned within the horizon of some backtest day
    flagged: int  # of them, flagged on a backtest day before they churned
    flagged_share: float | None
    median_lead_days: float | None  # days from the first flag to the churn, median over flagged churners
    note: str = ""


def precision_threshold(y: np.ndarray, risk: np.ndarray, target: float) -> tuple[float, float] | None:
    """The lowest risk at which flagging everything at or above it still reaches `target` precision (the
    most churners found at that precision), with the precision reached; None when no threshold does."""
    order = np.argsort(-risk, kind="stable")
    hits = np.cumsum(y[order])
    precision = hits / np.arange(1, len(y) + 1)
    # Only cut between distinct risks: tied accounts are flagged together.
    sorted_risk = risk[order]
    boundary = np.append(sorted_risk[1:] != sorted_risk[:-1], True)
    ok = np.flatnonzero((precision >= target) & boundary & (hits > 0))
    if not ok.size:
        return None
    k = int(ok[-1])
    return float(sorted_risk[k]), float(precision[k])


def lead_time(
    name: str,
    *,
    y: np.ndarray,
    risk: np.ndarray,
    accounts: np.ndarray,
    days: np.ndarray,
    churn_days: pd.Series,
    target: float = DEFAULT_PRECISION,
) -> LeadTime:
    """`risk` per backtest row (account, day, churned within the horizon y); NaN risk is never flagged.
    `churn_days`: account id -> the day its last subscription ended."""
    known = ~np.isnan(risk)
    churner_ids = np.unique(accounts[y == 1])
    if not known.any() or y[known].min() == y[known].max():
        why = "no value on the backtest days" if not known.any() else "one outcome only"
        return LeadTime(name, target, None, None, None, len(churner_ids), 0, None, None, why)
    auc = round(float(roc_auc_score(y[known], risk[known])), 4)
    cut = precision_threshold(y[known], risk[known], target)
    if cut is None:
        return LeadTime(name, target, auc, None, None, len(churner_ids), 0, 0.0, None,
                        f"no threshold reaches {target:.0%} precision")  # fmt: skip
    threshold, reached = cut
    flagged = known & (np.nan_to_num(risk, nan=-np.inf) >= threshold) & (y == 1)
    first = pd.Series(days[flagged]).groupby(accounts[flagged]).min()
    ends = pd.to_datetime(churn_days.reindex(first.index))
    lead = (ends - pd.to_datetime(first)).dt.days.dropna().clip(lower=0)
    return LeadTime(
        name=name,
        precision_target=target,
        roc_auc=auc,
        threshold=round(threshold, 4),
        precision=round(reached, 4),
        churners=len(churner_ids),
        flagged=len(first),
        flagged_share=round(len(first) / len(churner_ids), 4) if len(churner_ids) else None,
        median_lead_days=float(lead.median()) if len(lead) else None,
    )
