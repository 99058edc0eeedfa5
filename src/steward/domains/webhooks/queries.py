"""Read side of webhook endpoints and deliveries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from steward.domains.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints(session: Session, workspace_id: int) -> list[WebhookEndpoint]:
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.workspace_id == workspace_id)
            .order_by(WebhookEndpoint.id)
        )
    )


def endpoint(session: Session, workspace_id: int, endpoint_id: int) -> WebhookEndpoint | None:
    return session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.id == endpoint_id
        )
    )


def by_name(session: Session, workspace_id: int, name: str) -> WebhookEndpoint | None:
    return session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.name == name
        )
    )


def deliveries(session: Session, workspace_id: int, endpoint_id: int, limit: int) -> list[WebhookDelivery]:
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.workspace_id == workspace_id, WebhookDelivery.endpoint_id == endpoint_id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
    )


def delivery(session: Session, workspace_id: int, delivery_id: int) -> WebhookDelivery | None:
    return session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.workspace_id == workspace_id, WebhookDelivery.id == delivery_id
        )
    )


def is_due(now: datetime) -> ColumnElement[bool]:
    return and_(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)


DUE_ORDER = (WebhookDelivery.next_attempt_at, WebhookDelivery.id)
