"""Claiming outbox rows (e-mail, webhooks) before they are sent, so that two workers never send one message.

A worker takes a lease on a few due rows with one conditional UPDATE (claimed_by, claimed_until), then reads
back the rows it won. On PostgreSQL the candidates are picked with FOR UPDATE SKIP LOCKED, so concurrent
workers take different rows instead of queueing behind each other; on SQLite the statement holds the write
lock. The same lease works on both and recovers rows whose worker died: its claim simply runs out."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, String, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from steward.core.clock import now_utc
from steward.core.db import UTCDateTime, unit_of_work
from steward.core.retry import wait_after

# Long enough for a batch of sends at their timeouts; a dead worker's rows wait this long at most.
LEASE = timedelta(minutes=10)
BATCH = 10


class Claimable:
    """An outbox row's key and the lease a worker holds on it while sending it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Sent(Protocol):
    """A delivery row of an outbox: its attempts, status and when to try again."""

    attempts: int
    status: str
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    claimed_by: str | None
    claimed_until: datetime | None


def settle(row: Sent, *, ok: bool, retry: bool, now: datetime) -> str:
    """Record one attempt on a claimed row and release it: delivered, retrying after the back-off of its
    attempt count, or failed (no retry wanted, or the back-off has run out). Returns which."""
    row.attempts, row.claimed_by, row.claimed_until = row.attempts + 1, None, None
    if ok:
        row.status, row.delivered_at, row.next_attempt_at = "delivered", now_utc(), None
        return "delivered"
    wait = wait_after(row.attempts)
    if retry and wait is not None:
        row.next_attempt_at = now + wait
        return "retrying"
    row.status, row.next_attempt_at = "failed", None
    return "failed"


def claim_token() -> str:
    """Who claims: unique per claim, readable in the table (host and process)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def claim(
    session: Session,
    model: type[Claimable],
    due: ColumnElement[bool],
    order_by: Sequence[Any],
    *,
    token: str,
    limit: int,
    lease: timedelta = LEASE,
) -> list[int]:
    """Lease up to `limit` rows matching `due` that nobody holds (or whose lease ran out) to `token`;
    returns their ids in `order_by` order. Run it in its own short transaction."""
    now = now_utc()
    free = or_(model.claimed_until.is_(None), model.claimed_until < now)
    candidates = (
        select(model.id).where(due, free).order_by(*order_by).limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL only; SQLite renders no FOR UPDATE
        .correlate(None)  # its own scan of the table, not the UPDATE's row
    )  # fmt: skip
    session.execute(
        update(model)
        .where(model.id.in_(candidates), free)  # `free` again: a row a concurrent worker won is skipped
        .values(claimed_by=token, claimed_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    won = select(model.id).where(model.claimed_by == token).order_by(*order_by)
    return list(session.scalars(won))


def holds(row: Claimable, token: str) -> bool:
    """Whether this worker's lease on the row is still good (checked right before each send)."""
    return row.claimed_by == token and row.claimed_until is not None and row.claimed_until > now_utc()


def release(session: Session, model: type[Claimable], tokens: Sequence[str]) -> None:
    """Give back every row these claims still hold."""
    session.execute(
        update(model)
        .where(model.claimed_by.in_(tokens))
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )


def drain(
    model: type[Claimable],
    due: ColumnElement[bool],
    order_by: Sequence[Any],
    send: Callable[[str, int], object],
    *,
    limit: int,
) -> None:
    """Claim due rows a few at a time and call `send(token, row_id)` on each, up to `limit` rows; whatever
    is still held at the end (an exception, a lost lease) is given back at once."""
    tokens: list[str] = []
    taken = 0
    try:
        while taken < limit:
            tokens.append(token := claim_token())  # one per batch: what a batch left is not read back
            with unit_of_work() as s:
                ids = claim(s, model, due, order_by, token=token, limit=min(BATCH, limit - taken))
            if not ids:
                return
            taken += len(ids)
            for row_id in ids:
                send(token, row_id)
    finally:
        with unit_of_work() as s:
            release(s, model, tokens)
