"""Alert channels and their outbox: the events that matter (a health drop, a new Risk CTA, an SLA breach)
are queued in the transaction that caused them, once per channel and occurrence, and a periodic job posts
them to Slack or Teams with the webhooks' retries and back-off; one slow target only costs its timeout."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.core import outbox, secretbox
from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.alerts import messages, queries
from steward.domains.alerts.models import AlertChannel, AlertDelivery
from steward.domains.alerts.schemas import ChannelCreate, ChannelRead, DeliveryRead
from steward.domains.users import service as users_service
from steward.domains.webhooks import service as webhooks_service

PURPOSE = "alert-channel-url"
HEADLINES = {"health_drop": "Health drop", "risk_cta": "New Risk CTA", "sla_breach": "SLA breached",
             "sync_failed": "Data sync failing", "test": "Test message"}  # fmt: skip


@dataclass(frozen=True)
class Alert:
    """One occurrence: `key` tells it apart from others of the same event (queued once per channel)."""

    account_id: int
    key: str
    what: str
    drop: float | None = None  # health drops only: points lost, checked against each channel's threshold


def create_channel(
    *, session: Session, workspace_id: int, data: ChannelCreate, secret: str, allow_private: bool
) -> ChannelRead:
    if data.owner_id is not None:
        users_service.require_users(
            session=session, workspace_id=workspace_id, ids=[data.owner_id], loc=("body", "owner_id")
        )
    if queries.by_name(session, workspace_id, data.name):
        raise Conflict(f"an alert channel named {data.name!r} exists", ("body", "name"))
    problem = webhooks_service.url_problem(url=data.url, allow_private=allow_private)  # last: it looks up DNS
    if problem:
        raise Invalid(problem, ("body", "url"))
    row = AlertChannel(
        workspace_id=workspace_id, name=data.name, kind=data.kind, events=sorted(set(data.events)),
        url_sealed=secretbox.seal(data.url, secret=secret, purpose=PURPOSE), url_hint=_mask(data.url),
        drop_points=data.drop_points, segment=data.segment, owner_id=data.owner_id, enabled=True,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return _read(row)


def list_channels(*, session: Session, workspace_id: int) -> list[ChannelRead]:
    return [_read(r) for r in queries.channels(session, workspace_id)]


def delete_channel(*, session: Session, workspace_id: int, channel_id: int) -> None:
    session.delete(_get(session, workspace_id, channel_id))
    session.flush()


def send_test(*, session: Session, workspace_id: int, channel_id: int) -> DeliveryRead:
    row = _get(session, workspace_id, channel_id)
    facts = {"headline": HEADLINES["test"], "account": "Steward", "account_id": None, "owner": None,
             "what": f"Alerts from this workspace will arrive here ({', '.join(row.events)})."}  # fmt: skip
    queued = _queue(session, row, "test", f"test:{now_utc().isoformat()}", facts)
    if queued is None:
        raise Conflict("a test message was queued for this channel at this very moment; try again")
    return _to_read(queued)


def deliveries(
    *, session: Session, workspace_id: int, channel_id: int, limit: int = 50
) -> list[DeliveryRead]:
    _get(session, workspace_id, channel_id)
    return [_to_read(d) for d in queries.deliveries(session, workspace_id, channel_id, limit)]


def watching(*, session: Session, workspace_id: int, event: str) -> bool:
    """Whether any channel wants this event: callers skip the work of finding occurrences otherwise."""
    return bool(queries.channels(session, workspace_id, event))


def raise_alerts(*, session: Session, workspace_id: int, event: str, alerts: Iterable[Alert]) -> int:
    """Queue these occurrences to every enabled channel that wants the event and whose filters (segment,
    owner) match the account; an occurrence already queued to a channel is not queued again. Returns how
    many deliveries were queued."""
    channels = queries.channels(session, workspace_id, event)
    items = list(alerts)
    if not channels or not items:
        return 0
    accounts = {
        a.id: a
        for a in accounts_service.by_ids(
            session=session, workspace_id=workspace_id, ids={i.account_id for i in items}
        )
    }
    owner_ids = [a.owner_id for a in accounts.values() if a.owner_id is not None]
    owners = users_service.names_by_id(session=session, workspace_id=workspace_id, ids=owner_ids)
    done = queries.queued_keys(session, [c.id for c in channels], [i.key for i in items])
    queued = 0
    for item in items:
        account = accounts.get(item.account_id)
        if account is None:
            continue
        owner = owners.get(account.owner_id) if account.owner_id else None
        facts = {"headline": HEADLINES[event], "account": account.name, "account_id": account.id,
                 "owner": owner, "what": item.what}  # fmt: skip
        for channel in channels:
            if (channel.id, item.key) in done or not _matches(channel, account, item):
                continue
            done.add((channel.id, item.key))
            queued += _queue(session, channel, event, item.key, facts) is not None
    return queued


def raise_workspace_alert(
    *, session: Session, workspace_id: int, event: str, key: str, subject: str, what: str, owner: str | None
) -> int:
    """Queue an occurrence that concerns no account (a failing data sync source) to every enabled channel
    that wants the event; account filters (segment, owner) do not apply. Returns how many were queued."""
    channels = queries.channels(session, workspace_id, event)
    if not channels:
        return 0
    done = queries.queued_keys(session, [c.id for c in channels], [key])
    facts = {
        "headline": HEADLINES[event],
        "account": subject,
        "account_id": None,
        "owner": owner,
        "what": what,
    }
    return sum(
        _queue(session, c, event, key, facts) is not None for c in channels if (c.id, key[:200]) not in done
    )


def deliver_due(
    *, secret: str, allow_private: bool, public_url: str | None, now: datetime | None = None, limit: int = 100
) -> dict[str, int]:
    """Send every due delivery, each on its own: claimed, read, posted outside any transaction, recorded."""
    when = now or now_utc()
    counts = {"delivered": 0, "retrying": 0, "failed": 0}

    def send_one(token: str, delivery_id: int) -> None:
        with unit_of_work() as s:
            row = s.get(AlertDelivery, delivery_id)
            channel = s.get(AlertChannel, row.channel_id) if row else None
            if row is None or channel is None or row.status != "pending" or not outbox.holds(row, token):
                return
            url = secretbox.unseal(channel.url_sealed, secret=secret, purpose=PURPOSE)
            payload = messages.body(channel.kind, dict(row.facts), public_url)
        attempt = webhooks_service.post_json(url=url, payload=payload, allow_private=allow_private)
        with unit_of_work() as s:
            row = s.get(AlertDelivery, delivery_id)
            if row is not None:
                counts[_record(row, attempt, when)] += 1

    outbox.drain(AlertDelivery, queries.is_due(when), queries.DUE_ORDER, send_one, limit=limit)
    return counts


def _matches(channel: AlertChannel, account: Any, item: Alert) -> bool:
    if channel.segment is not None and account.segment != channel.segment:
        return False
    if channel.owner_id is not None and account.owner_id != channel.owner_id:
        return False
    # A drop below the channel's threshold does not count; a turn to the worst grade (drop None) always does.
    return item.drop is None or item.drop >= channel.drop_points


def _queue(
    session: Session, channel: AlertChannel, event: str, key: str, facts: dict[str, Any]
) -> AlertDelivery | None:
    """Queue one delivery; None when another transaction queued the same one first (two processes
    rescoring one account at once): the alert is out either way, and the caller's work is not rolled back."""
    row = AlertDelivery(
        workspace_id=channel.workspace_id, channel_id=channel.id, event=event, dedupe_key=key[:200],
        facts=facts, status="pending", attempts=0, next_attempt_at=now_utc(),
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row


def _record(row: AlertDelivery, attempt: webhooks_service.Attempt, now: datetime) -> str:
    row.last_status_code, row.last_answer = attempt.status_code, (attempt.error or "")[:500] or None
    return outbox.settle(row, ok=attempt.ok, retry=attempt.retry, now=now)


def _mask(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/…{url[-4:]}"


def _get(session: Session, workspace_id: int, channel_id: int) -> AlertChannel:
    row = queries.channel(session, workspace_id, channel_id)
    if row is None:
        raise NotFound("alert channel", channel_id)
    return row


def _read(row: AlertChannel) -> ChannelRead:
    return ChannelRead(
        id=row.id, name=row.name, kind=row.kind, url=row.url_hint, events=list(row.events),
        drop_points=row.drop_points, segment=row.segment, owner_id=row.owner_id, enabled=row.enabled,
        created_at=row.created_at,
    )  # fmt: skip


def _to_read(row: AlertDelivery) -> DeliveryRead:
    return DeliveryRead.model_validate(row, from_attributes=True)
