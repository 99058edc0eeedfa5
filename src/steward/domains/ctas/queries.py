"""Read side of calls to action, tasks, comments, playbooks and CTA types."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import Subquery, Table, case, func, literal, select
from sqlalchemy.orm import Session

from steward.core.pagination import SortSpec, apply_keyset, encode_cursor
from steward.domains.ctas.models import Cta, CtaComment, CtaTask, CtaType, Playbook
from steward.domains.ctas.schemas import PRIORITIES

CTAS = cast(Table, Cta.__table__)
FAR = date(9999, 12, 31)  # sorts CTAs without a due date last


@dataclass(frozen=True)
class CtaFilter:
    owner_ids: Collection[int] | None = None
    account_id: int | None = None
    statuses: Sequence[str] = ()
    types: Sequence[str] = ()
    due_before: date | None = None


def cta(session: Session, workspace_id: int, cta_id: int) -> Cta | None:
    return session.scalar(select(Cta).where(Cta.workspace_id == workspace_id, Cta.id == cta_id))


def page(
    session: Session, workspace_id: int, f: CtaFilter, cursor: str | None, limit: int
) -> tuple[list[Cta], int, str | None]:
    """Soonest due first (no due date last), keyset on (due date, id)."""
    stmt = select(Cta).where(Cta.workspace_id == workspace_id)
    if f.owner_ids is not None:
        stmt = stmt.where(Cta.owner_id.in_(f.owner_ids))
    if f.account_id is not None:
        stmt = stmt.where(Cta.account_id == f.account_id)
    if f.statuses:
        stmt = stmt.where(Cta.status.in_(f.statuses))
    if f.types:
        stmt = stmt.where(Cta.type.in_(f.types))
    if f.due_before is not None:
        stmt = stmt.where(Cta.due_date < f.due_before)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    due = func.coalesce(Cta.due_date, literal(FAR))
    rows = list(session.scalars(apply_keyset(stmt, SortSpec(due, False), Cta.id, cursor, limit)))
    if len(rows) <= limit:
        return rows, total, None
    rows = rows[:limit]
    return rows, total, encode_cursor([(rows[-1].due_date or FAR).isoformat(), rows[-1].id])


def sorted_ids(
    session: Session,
    workspace_id: int,
    f: CtaFilter,
    priority: str | None,
    sort: str,
    account_values: Subquery | None,
    offset: int,
    limit: int,
) -> tuple[list[tuple[int, int]], int]:
    """One page of (CTA id, account id) in the cockpit's sort, with the total, ordered and paged in SQL.
    Ties go by due date (none last) then id; for "arr" and "health" `account_values` (columns account_id,
    value) gives each account's value, accounts without one last (ARR largest first, health lowest)."""
    stmt = select(Cta.id, Cta.account_id).where(Cta.workspace_id == workspace_id, Cta.status.in_(f.statuses))
    if f.owner_ids is not None:
        stmt = stmt.where(Cta.owner_id.in_(f.owner_ids))
    if f.types:
        stmt = stmt.where(Cta.type.in_(f.types))
    if priority:
        stmt = stmt.where(Cta.priority == priority)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    by_due: list[Any] = [Cta.due_date.is_(None), Cta.due_date, Cta.id]
    order: list[Any] = by_due
    if sort == "priority":
        rank = case({p: i for i, p in enumerate(PRIORITIES)}, value=Cta.priority, else_=-1)
        order = [rank.desc(), *by_due]
    elif sort == "created":
        order = [Cta.created_at.desc(), Cta.id.desc()]
    elif sort in ("arr", "health") and account_values is not None:
        # a correlated lookup, not a join: SQLite scans a joined subquery once per CTA, this uses indexes
        value = select(account_values.c.value).where(account_values.c.account_id == Cta.account_id)
        by_value = value.scalar_subquery().desc() if sort == "arr" else value.scalar_subquery().asc()
        order = [by_value.nulls_last(), *by_due]
    rows = session.execute(stmt.order_by(*order).offset(offset).limit(limit))
    return [(int(i), int(a)) for i, a in rows], total


def open_by_key(
    session: Session, workspace_id: int, account_ids: Collection[int], keys: Collection[str]
) -> dict[tuple[int, str], Cta]:
    """Open CTAs by (account id, "type|reason")."""
    if not account_ids:
        return {}
    rows = session.scalars(
        select(Cta).where(
            Cta.workspace_id == workspace_id, Cta.account_id.in_(account_ids), Cta.open_key.in_(keys)
        )
    )
    return {(r.account_id, r.open_key or ""): r for r in rows}


def tasks(session: Session, cta_ids: Collection[int]) -> list[CtaTask]:
    if not cta_ids:
        return []
    return list(
        session.scalars(select(CtaTask).where(CtaTask.cta_id.in_(cta_ids)).order_by(CtaTask.position))
    )


def task_counts(session: Session, cta_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """CTA id -> (open tasks, all tasks)."""
    if not cta_ids:
        return {}
    rows = session.execute(
        select(CtaTask.cta_id, func.count(), func.count(CtaTask.done_at))
        .where(CtaTask.cta_id.in_(cta_ids))
        .group_by(CtaTask.cta_id)
    )
    return {int(c): (int(n) - int(done), int(n)) for c, n, done in rows}


def task(session: Session, workspace_id: int, cta_id: int, task_id: int) -> CtaTask | None:
    return session.scalar(
        select(CtaTask).where(
            CtaTask.workspace_id == workspace_id, CtaTask.cta_id == cta_id, CtaTask.id == task_id
        )
    )


def comments(session: Session, cta_id: int) -> list[CtaComment]:
    return list(
        session.scalars(
            select(CtaComment)
            .where(CtaComment.cta_id == cta_id)
            .order_by(CtaComment.created_at, CtaComment.id)
        )
    )


def playbooks(session: Session, workspace_id: int) -> list[Playbook]:
    return list(
        session.scalars(select(Playbook).where(Playbook.workspace_id == workspace_id).order_by(Playbook.id))
    )


def playbook(session: Session, workspace_id: int, playbook_id: int) -> Playbook | None:
    return session.scalar(
        select(Playbook).where(Playbook.workspace_id == workspace_id, Playbook.id == playbook_id)
    )


def playbook_by_name(session: Session, workspace_id: int, name: str) -> Playbook | None:
    return session.scalar(
        select(Playbook).where(Playbook.workspace_id == workspace_id, Playbook.name == name)
    )


def types(session: Session, workspace_id: int) -> list[CtaType]:
    return list(
        session.scalars(
            select(CtaType).where(CtaType.workspace_id == workspace_id).order_by(CtaType.position)
        )
    )


def types_in_use(session: Session, workspace_id: int) -> set[str]:
    rows = session.scalars(
        select(Cta.type).where(Cta.workspace_id == workspace_id, Cta.open_key.is_not(None))
    )
    return set(rows)


def wake(session: Session, today: date) -> list[tuple[int, int]]:
    """Reopen CTAs snoozed until today or earlier; returns (workspace id, account id) of each."""
    rows = list(session.scalars(select(Cta).where(Cta.status == "snoozed", Cta.snoozed_until <= today)))
    for row in rows:
        row.status, row.snoozed_until = "open", None
    return [(r.workspace_id, r.account_id) for r in rows]


def counts_by_owner(session: Session, workspace_id: int, today: date) -> dict[Any, tuple[int, int]]:
    """Owner id -> (open CTAs, overdue open CTAs)."""
    rows = session.execute(
        select(Cta.owner_id, func.count(), func.count().filter(Cta.due_date < today))
        .where(Cta.workspace_id == workspace_id, Cta.open_key.is_not(None))
        .group_by(Cta.owner_id)
    )
    return {o: (int(n), int(late or 0)) for o, n, late in rows}


def ctas_by_id(session: Session, workspace_id: int, ids: Collection[int]) -> list[Cta]:
    return list(session.scalars(select(Cta).where(Cta.workspace_id == workspace_id, Cta.id.in_(ids))))
