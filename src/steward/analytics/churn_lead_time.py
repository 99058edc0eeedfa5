"""How early a churn warning comes: over a backtest's past days, flag the accounts whose risk passes the
threshold that reached a chosen precision on the earlier backtest days, then count the churners flagged and
the days from each one's first flag to its churn. The threshold is never set on the rows it flags: each
backtest day after the first is flagged at the threshold of the days before it (rolling, like the backtest's
origins), so the precision reported is the one the flags really had, and may fall short of the target."""

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
    # The lowest risk flagged on the last backtest day, set on the days before it (for the health score: the
    # highest score flagged).
    threshold: float | None
    precision: float | None  # of the flags on the later backtest days (None: nothing flagged)
    churners: int  # accounts that churned within the horizon of a later backtest day (all but the first)
    flagged: int  # of them, flagged on a later backtest day before they churned
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
    """`risk` per backtest row (account, day, churned within the horizon y); NaN risk is never flagged. Each
    day after the first is flagged at the threshold that reached `target` on the days before it.
    `churn_days`: account id -> the day its last subscription ended."""
    origins = np.unique(days)
    later = days > origins[0]  # the first day has no earlier one to set its threshold
    churner_ids = np.unique(accounts[later & (y == 1)])
    known = ~np.isnan(risk)
    if not known.any() or y[known].min() == y[known].max():
        why = "no value on the backtest days" if not known.any() else "one outcome only"
        return LeadTime(name, target, None, None, None, len(churner_ids), 0, None, None, why)
    auc = round(float(roc_auc_score(y[known], risk[known])), 4)
    if len(origins) < 2:
        return LeadTime(name, target, auc, None, None, len(churner_ids), 0, None, None,
                        "one backtest day: no earlier one to set the threshold on")  # fmt: skip
    flags = np.zeros(len(y), dtype=bool)
    threshold = None
    for origin in origins[1:]:
        earlier = known & (days < origin)
        cut = precision_threshold(y[earlier], risk[earlier], target)
        threshold = None if cut is None else cut[0]
        if threshold is not None:
            flags |= known & (days == origin) & (np.nan_to_num(risk, nan=-np.inf) >= threshold)
    if not flags.any():
        return LeadTime(name, target, auc, None, None, len(churner_ids), 0, 0.0 if len(churner_ids) else None,
                        None, f"no threshold reaches {target:.0%} precision on the earlier days")  # fmt: skip
    hit = flags & (y == 1)
    first = pd.Series(days[hit]).groupby(accounts[hit]).min()
    ends = pd.to_datetime(churn_days.reindex(first.index))
    lead = (ends - pd.to_datetime(first)).dt.days.dropna().clip(lower=0)
    return LeadTime(
        name=name,
        precision_target=target,
        roc_auc=auc,
        threshold=None if threshold is None else round(threshold, 4),
        precision=round(float(y[flags].mean()), 4),
        churners=len(churner_ids),
        flagged=len(first),
        flagged_share=round(len(first) / len(churner_ids), 4) if len(churner_ids) else None,
        median_lead_days=float(lead.median()) if len(lead) else None,
    )
