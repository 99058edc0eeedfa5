"""Running totals of the raw event log per workspace (events, and the accounts and identified users they
name), written in the same transaction as the events they count, so reading them costs a few rows
however long the history; pruning counts them again from what is left."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from sqlalchemy import String, cast, delete, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from steward.domains.events.models import Event, EventSender, EventTally

SHARDS = 8  # rows per workspace: concurrent batches mostly add to different rows (no single hot row)
ACCOUNT, USER = "a", "u"
KEYS_PER_STATEMENT = 3_000  # three parameters each, inside SQLite's limit of 32,766


def add(
    session: Session, workspace_id: int, events: int, accounts: Iterable[int], users: Iterable[str]
) -> None:
    """Count `events` more, and remember the accounts and users they name."""
    if events <= 0:
        return
    dialect = _dialect(session)
    row = {"workspace_id": workspace_id, "shard": random.randrange(SHARDS), "events": events}
    stmt = dialect.insert(EventTally).values(row)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["workspace_id", "shard"],
            set_={"events": EventTally.events + stmt.excluded.events},
        )
    )
    # Sorted: two batches naming the same keys take their unique-index entries in one order on PostgreSQL (in
    # set order, which differs between processes, they could deadlock).
    keys = sorted({(ACCOUNT, str(a)) for a in accounts} | {(USER, u) for u in users})
    for start in range(0, len(keys), KEYS_PER_STATEMENT):
        chunk = keys[start : start + KEYS_PER_STATEMENT]
        values = [{"workspace_id": workspace_id, "kind": k, "key": v} for k, v in chunk]
        session.execute(dialect.insert(EventSender).values(values).on_conflict_do_nothing())


def read(session: Session, workspace_id: int) -> tuple[int, int, int]:
    """(events, accounts with events, distinct identified users with events)."""
    events = session.scalar(
        select(func.sum(EventTally.events)).where(EventTally.workspace_id == workspace_id)
    )
    per_kind = select(EventSender.kind, func.count()).where(EventSender.workspace_id == workspace_id)
    kinds = {str(k): int(n) for k, n in session.execute(per_kind.group_by(EventSender.kind))}
    return int(events or 0), int(kinds.get(ACCOUNT, 0)), int(kinds.get(USER, 0))


def recount(session: Session, workspace_id: int) -> None:
    """Count this workspace's raw events again from the log (after pruning removed some of them)."""
    session.execute(delete(EventTally).where(EventTally.workspace_id == workspace_id))
    session.execute(delete(EventSender).where(EventSender.workspace_id == workspace_id))
    mine = Event.workspace_id == workspace_id
    total = session.scalar(select(func.count()).where(mine)) or 0
    if total:
        session.execute(insert(EventTally).values(workspace_id=workspace_id, shard=0, events=int(total)))
    for kind, column in ((ACCOUNT, Event.account_id), (USER, Event.user_id)):
        named = (
            select(literal(workspace_id), literal(kind), cast(column, String))
            .where(mine, column.is_not(None))
            .distinct()
        )
        session.execute(insert(EventSender).from_select(["workspace_id", "kind", "key"], named))
    session.flush()


def _dialect(session: Session) -> Any:
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
