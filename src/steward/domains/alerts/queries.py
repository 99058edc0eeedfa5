"""Read side of alert channels and deliveries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from steward.domains.alerts.models import AlertChannel, AlertDelivery


def channels(session: Session, workspace_id: int, event: str | None = None) -> list[AlertChannel]:
    rows = session.scalars(
        select(AlertChannel).where(AlertChannel.workspace_id == workspace_id).order_by(AlertChannel.id)
    )
    return [r for r in rows if event is None or (r.enabled and event in r.events)]


def channel(session: Session, workspace_id: int, channel_id: int) -> AlertChannel | None:
    return session.scalar(
        select(AlertChannel).where(AlertChannel.workspace_id == workspace_id, AlertChannel.id == channel_id)
    )


def by_name(session: Session, workspace_id: int, name: str) -> AlertChannel | None:
    return session.scalar(
        select(AlertChannel).where(AlertChannel.workspace_id == workspace_id, AlertChannel.name == name)
    )


def queued_keys(session: Session, channel_ids: list[int], keys: list[str]) -> set[tuple[int, str]]:
    rows = session.execute(
        select(AlertDelivery.channel_id, AlertDelivery.dedupe_key).where(
            AlertDelivery.channel_id.in_(channel_ids), AlertDelivery.dedupe_key.in_(keys)
        )
    )
    return {(int(c), str(k)) for c, k in rows}


def deliveries(session: Session, workspace_id: int, channel_id: int, limit: int) -> list[AlertDelivery]:
    return list(
        session.scalars(
            select(AlertDelivery)
            .where(AlertDelivery.workspace_id == workspace_id, AlertDelivery.channel_id == channel_id)
            .order_by(AlertDelivery.id.desc())
            .limit(limit)
        )
    )


def is_due(now: datetime) -> ColumnElement[bool]:
    return and_(AlertDelivery.status == "pending", AlertDelivery.next_attempt_at <= now)


DUE_ORDER = (AlertDelivery.next_attempt_at, AlertDelivery.id)
