"""Two workers drain one webhook outbox against a real HTTP receiver on 127.0.0.1: every delivery arrives
exactly once, because each worker claims a row (a lease) before calling the target; a lease left by a worker
that died runs out and the delivery is made by another, while a live worker's lease is respected."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.webhooks import service
from steward.domains.webhooks.models import WebhookDelivery
from steward.domains.webhooks.schemas import EndpointCreate
from tests.domains.webhooks.test_delivery import Receiver
from tests.factories import Tenant

DELIVERIES = 500


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def _queue(workspace_id: int, url: str, n: int) -> None:
    with unit_of_work() as s:
        data = EndpointCreate(name="counter", url=url)
        hook = service.create_endpoint(session=s, workspace_id=workspace_id, data=data, allow_private=True)
        for i in range(n):
            service.enqueue(session=s, workspace_id=workspace_id, endpoint_id=hook.id, event="test",
                            payload={"n": i})  # fmt: skip


def _drain(start: threading.Barrier, sent: Counter[int], errors: list[BaseException]) -> None:
    try:
        start.wait()
        while done := sum(service.deliver_due(allow_private=True, limit=50).values()):
            sent[threading.get_ident()] += done
    except BaseException as exc:  # reported by the test, not lost on the thread
        errors.append(exc)


def test_two_workers_deliver_each_once(tenant: Tenant, receiver: Receiver) -> None:
    _queue(tenant.id, receiver.url + "/count", DELIVERIES)
    start, sent, errors = threading.Barrier(2), Counter[int](), []
    workers = [threading.Thread(target=_drain, args=(start, sent, errors)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert not errors, errors
    assert len(sent) == 2, sent  # both workers took part
    received = Counter(headers["x-steward-delivery"] for _, headers, _ in receiver.received)
    assert [d for d, n in received.items() if n > 1] == []
    assert len(received) == DELIVERIES
    with unit_of_work() as s:
        by_status = dict(
            s.execute(select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status)).all()
        )
        assert by_status == {"delivered": DELIVERIES}
        assert s.scalar(select(func.count()).where(WebhookDelivery.claimed_by.is_not(None))) == 0


def test_a_dead_workers_lease_runs_out(tenant: Tenant, receiver: Receiver) -> None:
    _queue(tenant.id, receiver.url + "/count", 2)
    now = now_utc()
    with unit_of_work() as s:
        dead, alive = s.scalars(select(WebhookDelivery.id).order_by(WebhookDelivery.id)).all()
        s.execute(update(WebhookDelivery).where(WebhookDelivery.id == dead)
                  .values(claimed_by="died", claimed_until=now - timedelta(seconds=1)))  # fmt: skip
        s.execute(update(WebhookDelivery).where(WebhookDelivery.id == alive)
                  .values(claimed_by="busy", claimed_until=now + timedelta(minutes=5)))  # fmt: skip
    assert service.deliver_due(allow_private=True)["delivered"] == 1
    with unit_of_work() as s:
        assert s.get(WebhookDelivery, dead).status == "delivered"  # type: ignore[union-attr]
        assert s.get(WebhookDelivery, alive).status == "pending"  # type: ignore[union-attr]
    assert len(receiver.received) == 1
