"""Webhooks: endpoints (each with its own signing secret, shown once), the durable outbox that rules
write to, and delivery with retries and back-off; a target that times out or fails is recorded and
retried, and never holds up other deliveries or the rule that queued it."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from steward.core import outbox
from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.webhooks import queries, send
from steward.domains.webhooks.models import WebhookDelivery, WebhookEndpoint
from steward.domains.webhooks.schemas import DeliveryRead, EndpointCreate, EndpointCreated, EndpointRead


def create_endpoint(
    *, session: Session, workspace_id: int, data: EndpointCreate, allow_private: bool
) -> EndpointCreated:
    problem = send.address_problem(data.url, allow_private)
    if problem:
        raise Invalid(problem, ("body", "url"))
    if queries.by_name(session, workspace_id, data.name):
        raise Conflict(f"a webhook named {data.name!r} exists", ("body", "name"))
    row = WebhookEndpoint(
        workspace_id=workspace_id, name=data.name, url=data.url, secret="whsec_" + secrets.token_urlsafe(32)
    )
    session.add(row)
    session.flush()
    return EndpointCreated(**_read(row).model_dump(), secret=row.secret)


def list_endpoints(*, session: Session, workspace_id: int) -> list[EndpointRead]:
    return [_read(r) for r in queries.endpoints(session, workspace_id)]


def endpoint_exists(*, session: Session, workspace_id: int, endpoint_id: int) -> bool:
    return queries.endpoint(session, workspace_id, endpoint_id) is not None


def enqueue(
    *, session: Session, workspace_id: int, endpoint_id: int, event: str, payload: dict[str, Any]
) -> int:
    """Queue a delivery in the caller's transaction: it is sent only if that transaction commits."""
    row = WebhookDelivery(
        workspace_id=workspace_id, endpoint_id=endpoint_id, event=event, payload=payload, status="pending",
        attempts=0, next_attempt_at=now_utc(),
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


def deliveries(
    *, session: Session, workspace_id: int, endpoint_id: int, limit: int = 50
) -> list[DeliveryRead]:
    if queries.endpoint(session, workspace_id, endpoint_id) is None:
        raise NotFound("webhook", endpoint_id)
    return [
        DeliveryRead.model_validate(d, from_attributes=True)
        for d in queries.deliveries(session, workspace_id, endpoint_id, limit)
    ]


def retry(*, session: Session, workspace_id: int, delivery_id: int) -> DeliveryRead:
    """Send a failed (or pending) delivery again at the next pass."""
    row = queries.delivery(session, workspace_id, delivery_id)
    if row is None:
        raise NotFound("delivery", delivery_id)
    if row.status == "delivered":
        raise Invalid("this delivery succeeded already", ("path", "delivery_id"))
    row.status, row.attempts, row.next_attempt_at = "pending", 0, now_utc()
    session.flush()
    return DeliveryRead.model_validate(row, from_attributes=True)


def deliver_due(*, allow_private: bool, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Attempt every delivery that is due, each on its own: claim it (so no other worker sends it too),
    read it, call the target outside any transaction, record the outcome. Returns counts by outcome."""
    when = now or now_utc()
    counts = {"delivered": 0, "retrying": 0, "failed": 0}

    def send_one(token: str, delivery_id: int) -> None:
        with unit_of_work() as s:
            row = s.get(WebhookDelivery, delivery_id)
            target = s.get(WebhookEndpoint, row.endpoint_id) if row else None
            if row is None or target is None or row.status != "pending" or not outbox.holds(row, token):
                return
            call = (target.url, target.secret, row.id, row.event, dict(row.payload))
        attempt = send.post(*call, allow_private=allow_private)
        with unit_of_work() as s:
            row = s.get(WebhookDelivery, delivery_id)
            if row is not None:
                counts[_record(row, attempt, when)] += 1

    outbox.drain(WebhookDelivery, queries.is_due(when), queries.DUE_ORDER, send_one, limit=limit)
    return counts


def _record(row: WebhookDelivery, attempt: send.Attempt, now: datetime) -> str:
    row.last_status_code, row.last_error = attempt.status_code, attempt.error
    return outbox.settle(row, ok=attempt.ok, retry=attempt.retry, now=now)


def _read(row: WebhookEndpoint) -> EndpointRead:
    return EndpointRead(id=row.id, name=row.name, url=row.url, enabled=row.enabled, created_at=row.created_at)


Attempt = send.Attempt  # what post_json answers


def post_json(*, url: str, payload: dict[str, Any], allow_private: bool) -> send.Attempt:
    """For other domains (alerts to chat tools): one unsigned POST under the webhooks' address rules."""
    return send.post_json(url, payload, allow_private)


def url_problem(*, url: str, allow_private: bool) -> str | None:
    return send.address_problem(url, allow_private)
