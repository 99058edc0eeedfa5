"""Read side of advocacy."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.domains.advocacy.models import AdvocacyRequest, PointsEntry


def request(session: Session, workspace_id: int, request_id: int) -> AdvocacyRequest | None:
    return session.scalar(
        select(AdvocacyRequest).where(
            AdvocacyRequest.workspace_id == workspace_id, AdvocacyRequest.id == request_id
        )
    )


def requests(
    session: Session, workspace_id: int, account_id: int | None, contact_id: int | None, status: str | None
) -> list[AdvocacyRequest]:
    query = select(AdvocacyRequest).where(AdvocacyRequest.workspace_id == workspace_id)
    if account_id is not None:
        query = query.where(AdvocacyRequest.account_id == account_id)
    if contact_id is not None:
        query = query.where(AdvocacyRequest.contact_id == contact_id)
    if status is not None:
        query = query.where(AdvocacyRequest.status == status)
    return list(session.scalars(query.order_by(AdvocacyRequest.id.desc()).limit(500)))


def balance(session: Session, workspace_id: int, contact_id: int) -> int:
    query = select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
        PointsEntry.workspace_id == workspace_id, PointsEntry.contact_id == contact_id
    )
    return int(session.scalar(query) or 0)


def ledger(session: Session, workspace_id: int, contact_id: int) -> list[PointsEntry]:
    query = select(PointsEntry).where(
        PointsEntry.workspace_id == workspace_id, PointsEntry.contact_id == contact_id
    )
    return list(session.scalars(query.order_by(PointsEntry.id.desc()).limit(500)))


def leaders(
    session: Session, workspace_id: int, account_id: int | None, limit: int
) -> list[tuple[int, int, int]]:
    """(contact id, account id, balance), highest first."""
    total = func.sum(PointsEntry.points)
    query = select(PointsEntry.contact_id, func.min(PointsEntry.account_id), total).where(
        PointsEntry.workspace_id == workspace_id
    )
    if account_id is not None:
        query = query.where(PointsEntry.account_id == account_id)
    query = query.group_by(PointsEntry.contact_id).having(total > 0).order_by(total.desc()).limit(limit)
    return [(int(c), int(a), int(t)) for c, a, t in session.execute(query)]


def completed_counts(session: Session, workspace_id: int, contact_ids: list[int]) -> dict[int, int]:
    if not contact_ids:
        return {}
    query = (
        select(AdvocacyRequest.contact_id, func.count())
        .where(
            AdvocacyRequest.workspace_id == workspace_id,
            AdvocacyRequest.status == "completed",
            AdvocacyRequest.contact_id.in_(contact_ids),
        )
        .group_by(AdvocacyRequest.contact_id)
    )
    return {int(c): int(n) for c, n in session.execute(query)}
