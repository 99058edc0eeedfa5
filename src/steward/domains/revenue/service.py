"""Reads for revenue metrics: the workspace's subscription terms through the analytics in one overview."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from steward.analytics import revenue_metrics as rm
from steward.core.clock import today_utc
from steward.core.errors import Invalid
from steward.domains.churn import service as churn_service
from steward.domains.revenue.schemas import ArrPoint, CohortRow, MovementRead, RenewalQuarter, RevenueOverview
from steward.domains.subscriptions import service as subscriptions_service
from steward.domains.workspaces import service as workspaces_service

TERM_COLUMNS = ["account_id", "start_date", "end_date", "amount_minor", "billing_period"]


def _terms(session: Session, workspace_id: int, account_ids: Collection[int] | None = None) -> pd.DataFrame:
    rows = subscriptions_service.model_terms(
        session=session, workspace_id=workspace_id, account_ids=account_ids
    )
    frame = pd.DataFrame([r[:5] for r in rows], columns=TERM_COLUMNS)
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame


def account_arr(*, session: Session, workspace_id: int, account_id: int, days: Sequence[date]) -> list[int]:
    """The account's ARR in force on each of these days (minor units)."""
    terms = _terms(session, workspace_id, [account_id])
    return [int(rm.arr_by_account(terms, d).get(account_id, 0)) for d in days]


def overview(
    *,
    session: Session,
    workspace_id: int,
    start: date | None = None,
    end: date | None = None,
    months: int = 12,
) -> RevenueOverview:
    """Movement over [start, end] (default: the last 12 months), ARR at each month end of the last
    `months` months, cohort retention for `months` months, and the next four quarters' renewals."""
    today = today_utc()
    end = end or today
    start = start or end - timedelta(days=365)
    if end <= start:
        raise Invalid(f"end ({end}) must come after start ({start})", ("query", "end"))
    currency = workspaces_service.get_workspace(session=session, workspace_id=workspace_id).currency
    terms = _terms(session, workspace_id)
    m = rm.movement(terms, start, end)
    days = rm.month_ends(today - timedelta(days=31 * months), today)
    cohorts = rm.cohort_retention(terms, today, months) if len(terms) else pd.DataFrame()
    forecast = rm.renewal_forecast(
        terms, churn_service.probabilities(session=session, workspace_id=workspace_id), start=today
    )
    return RevenueOverview(
        currency=currency,
        movement=MovementRead(
            start=start,
            end=end,
            currency=currency,
            start_arr_minor=m.start_arr,
            end_arr_minor=m.end_arr,
            new_minor=m.new,
            expansion_minor=m.expansion,
            contraction_minor=m.contraction,
            churned_minor=m.churned,
            nrr=m.nrr,
            grr=m.grr,
            logo_churn_rate=m.logo_churn_rate,
            start_logos=m.start_logos,
            churned_logos=m.churned_logos,
        ),
        arr=[ArrPoint(day=d, arr_minor=v) for d, v in rm.arr_series(terms, days).items()],
        cohorts=[
            CohortRow(cohort=str(cohort), logos=_cells(logos), revenue=_cells(revenue))
            for cohort, logos, revenue in zip(
                cohorts.index, _kind(cohorts, "logos"), _kind(cohorts, "revenue"), strict=True
            )
        ],
        renewals=[
            RenewalQuarter(
                quarter=r.quarter,
                renewals=r.renewals,
                arr_due_minor=r.arr_due,
                arr_at_risk_minor=r.arr_at_risk,
                expected_arr_minor=r.expected_arr,
            )
            for r in forecast.itertuples()
        ],
    )


def _kind(cohorts: pd.DataFrame, kind: str) -> np.ndarray:
    """The cohort grid's logos or revenue columns as a (cohorts, months) array."""
    if cohorts.empty:
        return np.zeros((0, 0))
    return cohorts[kind].to_numpy(dtype=np.float64)


def _cells(values: np.ndarray) -> list[float | None]:
    return [None if np.isnan(v) else round(float(v), 4) for v in values]
