"""Read side of business reviews."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.domains.reviews.models import BusinessReview

B = BusinessReview


def review(session: Session, workspace_id: int, review_id: int) -> BusinessReview | None:
    return session.scalar(select(B).where(B.workspace_id == workspace_id, B.id == review_id))


def reviews(
    session: Session, workspace_id: int, account_id: int | None, status: str | None, owner_id: int | None
) -> list[BusinessReview]:
    query = select(B).where(B.workspace_id == workspace_id)
    if account_id is not None:
        query = query.where(B.account_id == account_id)
    if status is not None:
        query = query.where(B.status == status)
    if owner_id is not None:
        query = query.where(B.owner_id == owner_id)
    return list(session.scalars(query.order_by(B.due_date, B.id).limit(1000)))


def scheduled_accounts(session: Session, workspace_id: int) -> set[int]:
    query = select(B.account_id).where(B.workspace_id == workspace_id, B.status == "scheduled")
    return {int(a) for a in session.scalars(query)}


def last_held(session: Session, workspace_id: int) -> dict[int, date]:
    query = (
        select(B.account_id, func.max(B.held_on))
        .where(B.workspace_id == workspace_id, B.status == "held")
        .group_by(B.account_id)
    )
    return {int(a): d for a, d in session.execute(query) if d is not None}


def previous_held(session: Session, workspace_id: int, account_id: int, before: date) -> date | None:
    query = select(func.max(B.held_on)).where(
        B.workspace_id == workspace_id, B.account_id == account_id, B.status == "held", B.held_on < before
    )
    return session.scalar(query)
