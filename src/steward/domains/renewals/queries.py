"""Read side of renewal opportunities."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, select, tuple_
from sqlalchemy.orm import Session

from steward.domains.renewals.models import RenewalOpportunity

R = RenewalOpportunity


def get(session: Session, workspace_id: int, renewal_id: int) -> RenewalOpportunity | None:
    return session.scalar(select(R).where(R.workspace_id == workspace_id, R.id == renewal_id))


def existing_keys(
    session: Session, workspace_id: int, keys: Collection[tuple[int, date]]
) -> set[tuple[int, date]]:
    """Which (subscription id, due date) pairs already have an opportunity."""
    if not keys:
        return set()
    query = select(R.subscription_id, R.due_date).where(
        R.workspace_id == workspace_id, tuple_(R.subscription_id, R.due_date).in_(list(keys))
    )
    return {(int(s), d) for s, d in session.execute(query)}


def open_auto(session: Session, workspace_id: int) -> list[RenewalOpportunity]:
    """Open opportunities whose forecast nobody set by hand (the daily refresh may change it)."""
    query = select(R).where(R.workspace_id == workspace_id, R.status == "open", R.forecast_by == "auto")
    return list(session.scalars(query))


def by_ids(session: Session, workspace_id: int, ids: Collection[int]) -> list[RenewalOpportunity]:
    return list(session.scalars(select(R).where(R.workspace_id == workspace_id, R.id.in_(list(ids)))))


def filtered(
    workspace_id: int,
    status: str,
    forecasts: Collection[str],
    owner_ids: Collection[int] | None,
    account_id: int | None,
    due_from: date | None,
    due_to: date | None,
    account_ids: Collection[int] | None = None,
) -> Select[Any]:
    query = select(R).where(R.workspace_id == workspace_id)
    if account_ids is not None:  # a search: the accounts it found
        query = query.where(R.account_id.in_(account_ids))
    if status != "all":
        query = query.where(R.status == status)
    if forecasts:
        query = query.where(R.forecast.in_(forecasts))
    if owner_ids is not None:
        query = query.where(R.owner_id.in_(owner_ids))
    if account_id is not None:
        query = query.where(R.account_id == account_id)
    if due_from is not None:
        query = query.where(R.due_date >= due_from)
    if due_to is not None:
        query = query.where(R.due_date <= due_to)
    return query


def every(session: Session, query: Select[Any]) -> list[RenewalOpportunity]:
    return list(session.scalars(query.order_by(R.due_date, R.id)))


ORDERS: dict[str, tuple[Any, ...]] = {
    "due": (R.due_date, R.id),
    "arr": (R.current_arr_minor.desc(), R.due_date, R.id),
    "expected": (R.expected_arr_minor.desc(), R.due_date, R.id),
    # at risk, then best case, then commit; soonest first within each
    "risk": (case({"at_risk": 0, "best_case": 1}, value=R.forecast, else_=2), R.due_date, R.id),
}


def page(
    session: Session, query: Select[Any], limit: int, offset: int, sort: str = "due"
) -> tuple[int, list[RenewalOpportunity]]:
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(*ORDERS[sort]).limit(limit).offset(offset))
    return int(total), list(rows)


def closed_between(session: Session, workspace_id: int, start: date, end: date) -> list[RenewalOpportunity]:
    query = select(R).where(
        R.workspace_id == workspace_id, R.status == "closed", R.due_date >= start, R.due_date <= end
    )
    return list(session.scalars(query))
