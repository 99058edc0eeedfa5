"""Two workers drain one e-mail outbox through a real SMTP server (aiosmtpd): every message arrives exactly
once, because each worker claims a row (a lease) before sending it; a lease left by a worker that died runs
out and the message is sent by another, while a live worker's lease is respected."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select, update

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.mail import service as mail_service
from steward.domains.mail.models import Email
from tests.factories import Tenant
from tests.smtp import Handler

SENDER = "Steward <steward@example.com>"
MESSAGES = 500


def _queue(workspace_id: int, n: int) -> None:
    items = [mail_service.Outgoing(f"user{i}@example.net", f"Note {i}", "Hello") for i in range(n)]
    with unit_of_work() as s:
        assert mail_service.enqueue(session=s, workspace_id=workspace_id, items=items) == (n, 0)


def _drain(url: str, start: threading.Barrier, sent: Counter[int], errors: list[BaseException]) -> None:
    try:
        start.wait()
        while done := sum(mail_service.deliver_due(smtp_url=url, sender=SENDER, limit=50).values()):
            sent[threading.get_ident()] += done
    except BaseException as exc:  # reported by the test, not lost on the thread
        errors.append(exc)


def test_two_workers_send_each_message_once(tenant: Tenant, smtp_server: tuple[str, Handler]) -> None:
    url, handler = smtp_server
    _queue(tenant.id, MESSAGES)
    start, sent, errors = threading.Barrier(2), Counter[int](), []
    workers = [threading.Thread(target=_drain, args=(url, start, sent, errors)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert not errors, errors
    assert len(sent) == 2, sent  # both workers took part
    received = Counter(str(m["Message-ID"]) for m in handler.messages)
    assert [mid for mid, n in received.items() if n > 1] == []
    assert len(received) == MESSAGES
    with unit_of_work() as s:
        by_status = dict(s.execute(select(Email.status, func.count()).group_by(Email.status)).all())
        assert by_status == {"sent": MESSAGES}
        assert s.scalar(select(func.count()).where(Email.claimed_by.is_not(None))) == 0  # all released


def test_a_dead_workers_lease_runs_out(tenant: Tenant, smtp_server: tuple[str, Handler]) -> None:
    url, handler = smtp_server
    _queue(tenant.id, 2)
    now = now_utc()
    with unit_of_work() as s:
        dead, alive = s.scalars(select(Email.id).order_by(Email.id)).all()
        s.execute(update(Email).where(Email.id == dead)
                  .values(claimed_by="died", claimed_until=now - timedelta(seconds=1)))  # fmt: skip
        s.execute(update(Email).where(Email.id == alive)
                  .values(claimed_by="busy", claimed_until=now + timedelta(minutes=5)))  # fmt: skip
    assert mail_service.deliver_due(smtp_url=url, sender=SENDER)["sent"] == 1
    with unit_of_work() as s:
        assert s.get(Email, dead).status == "sent"  # type: ignore[union-attr]
        assert s.get(Email, alive).status == "queued"  # type: ignore[union-attr]
    assert len(handler.messages) == 1
