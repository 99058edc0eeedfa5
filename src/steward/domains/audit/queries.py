"""Read side of the audit log: filtered pages newest first, a workspace's retention, what is due to purge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from steward.core.errors import Invalid
from steward.core.pagination import MAX_INTEGER, decode_cursor, encode_cursor
from steward.domains.audit.models import DEFAULT_RETENTION_DAYS, AuditRecord, AuditSettings
from steward.domains.audit.schemas import AuditFilter


def _filtered(workspace_id: int, f: AuditFilter) -> Select[Any]:
    stmt = select(AuditRecord).where(AuditRecord.workspace_id == workspace_id)
    if f.action is not None:
        if f.action.endswith("."):  # a family: 'rule.' is every rule action
            stmt = stmt.where(AuditRecord.action.startswith(f.action, autoescape=True))
        else:
            stmt = stmt.where(AuditRecord.action == f.action)
    if f.actor_type is not None:
        stmt = stmt.where(AuditRecord.actor_type == f.actor_type.value)
    if f.actor_id is not None:
        stmt = stmt.where(AuditRecord.actor_id == f.actor_id)
    if f.object_type is not None:
        stmt = stmt.where(AuditRecord.object_type == f.object_type)
    if f.object_id is not None:
        stmt = stmt.where(AuditRecord.object_id == f.object_id)
    if f.since is not None:
        stmt = stmt.where(AuditRecord.at >= f.since)
    if f.until is not None:
        stmt = stmt.where(AuditRecord.at < f.until)
    return stmt


def _after_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    (last_id,) = decode_cursor(cursor, 1)
    if not isinstance(last_id, int) or isinstance(last_id, bool) or not 0 < last_id <= MAX_INTEGER:
        raise Invalid("cursor is not one this API issued", ("query", "cursor"))
    return last_id


def page(
    session: Session, workspace_id: int, f: AuditFilter, cursor: str | None, limit: int
) -> tuple[list[AuditRecord], str | None]:
    """Newest first (ids grow with time); the cursor is the last id shown."""
    stmt = _filtered(workspace_id, f)
    before = _after_cursor(cursor)
    if before is not None:
        stmt = stmt.where(AuditRecord.id < before)
    rows = list(session.scalars(stmt.order_by(AuditRecord.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor([rows[-1].id]) if more else None)


def every(session: Session, workspace_id: int, f: AuditFilter, batch: int = 1000) -> Iterator[AuditRecord]:
    """Every matching record, newest first, read a batch at a time (exports of any size in bounded memory)."""
    before: int | None = None
    while True:
        stmt = _filtered(workspace_id, f)
        if before is not None:
            stmt = stmt.where(AuditRecord.id < before)
        rows = list(session.scalars(stmt.order_by(AuditRecord.id.desc()).limit(batch)))
        yield from rows
        if len(rows) < batch:
            return
        before = rows[-1].id


def settings_row(session: Session, workspace_id: int) -> AuditSettings | None:
    return session.get(AuditSettings, workspace_id)


def retention_days(session: Session, workspace_id: int) -> int:
    row = settings_row(session, workspace_id)
    return row.retention_days if row else DEFAULT_RETENTION_DAYS


def workspaces_with_records(session: Session) -> list[int]:
    return list(session.scalars(select(AuditRecord.workspace_id).distinct()))
