"""Renewal opportunities as numbers: the forecast category an opportunity starts in, whether an outcome's
amount fits its kind, and what closed renewals did to revenue (renewal NRR and GRR, churn by reason)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

FORECASTS = ("commit", "best_case", "at_risk")
OUTCOMES = ("renewed", "upsell", "downsell", "churned")
# A first guess that the CSM overrides: a risky account is at risk, a healthy auto-renewing one is commit.
AT_RISK_PROBABILITY, AT_RISK_HEALTH = 0.5, 40.0
COMMIT_PROBABILITY, COMMIT_HEALTH = 0.2, 70.0


def default_forecast(churn_probability: float | None, health: float | None, auto_renew: bool) -> str:
    if (churn_probability is not None and churn_probability >= AT_RISK_PROBABILITY) or (
        health is not None and health < AT_RISK_HEALTH
    ):
        return "at_risk"
    calm = churn_probability is None or churn_probability < COMMIT_PROBABILITY
    if auto_renew and calm and (health is None or health >= COMMIT_HEALTH):
        return "commit"
    return "best_case"


def outcome_problem(outcome: str, current_arr: int, outcome_arr: int) -> str | None:
    """Why this amount cannot be this outcome (None when it fits): a renewal keeps the ARR, an upsell
    raises it, a downsell lowers it to something above zero, a churn ends it."""
    if outcome == "renewed" and outcome_arr != current_arr:
        return f"a renewal keeps the ARR of {current_arr}; a different amount is an upsell or a downsell"
    if outcome == "upsell" and outcome_arr <= current_arr:
        return f"an upsell renews above the current ARR of {current_arr}"
    if outcome == "downsell" and not 0 < outcome_arr < current_arr:
        return f"a downsell renews above 0 and below the current ARR of {current_arr}"
    if outcome == "churned" and outcome_arr != 0:
        return "a churned renewal renews nothing: leave the amount out or send 0"
    return None


@dataclass(frozen=True)
class Closed:
    outcome: str
    current_arr: int
    outcome_arr: int
    churn_reason: str | None


@dataclass(frozen=True)
class OutcomeSummary:
    """Closed renewals of a period. NRR = renewed ARR / ARR up for renewal; GRR caps each renewal at its
    current ARR, so upsells cannot hide churn and downsells. None when nothing was up for renewal."""

    closed: int
    current_arr: int
    renewed_arr: int
    nrr: float | None
    grr: float | None
    by_outcome: dict[str, tuple[int, int]]  # outcome -> (count, ARR up for renewal)
    churn_by_reason: dict[str, tuple[int, int]]  # reason -> (count, ARR lost)


def summarise(closed: Sequence[Closed]) -> OutcomeSummary:
    current = sum(c.current_arr for c in closed)
    renewed = sum(c.outcome_arr for c in closed)
    kept = sum(min(c.outcome_arr, c.current_arr) for c in closed)
    by_outcome: dict[str, tuple[int, int]] = {}
    reasons: dict[str, tuple[int, int]] = {}
    for c in closed:
        n, arr = by_outcome.get(c.outcome, (0, 0))
        by_outcome[c.outcome] = (n + 1, arr + c.current_arr)
        if c.outcome == "churned":
            key = c.churn_reason or "unknown"
            n, arr = reasons.get(key, (0, 0))
            reasons[key] = (n + 1, arr + c.current_arr)
    return OutcomeSummary(
        closed=len(closed), current_arr=current, renewed_arr=renewed,
        nrr=renewed / current if current else None, grr=kept / current if current else None,
        by_outcome=by_outcome, churn_by_reason=dict(sorted(reasons.items(), key=lambda kv: -kv[1][1])),
    )  # fmt: skip
