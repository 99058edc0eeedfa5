"""Reads for data sync: sources and runs of one workspace, and the digests a source last wrote."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from steward.core.bulk import chunked
from steward.domains.sync.models import SyncRecord, SyncRun, SyncSource


def source(session: Session, workspace_id: int, source_id: int) -> SyncSource | None:
    return session.scalar(
        select(SyncSource).where(SyncSource.workspace_id == workspace_id, SyncSource.id == source_id)
    )


def source_by_name(session: Session, workspace_id: int, name: str) -> SyncSource | None:
    return session.scalar(
        select(SyncSource).where(SyncSource.workspace_id == workspace_id, SyncSource.name == name)
    )


def sources(session: Session, workspace_id: int) -> list[SyncSource]:
    stmt = select(SyncSource).where(SyncSource.workspace_id == workspace_id).order_by(SyncSource.name)
    return list(session.scalars(stmt))


def scheduled_sources(session: Session) -> list[SyncSource]:
    """Every workspace's sources with a schedule (the scheduler's job spans workspaces)."""
    return list(session.scalars(select(SyncSource).where(SyncSource.every_minutes.is_not(None))))


def run(session: Session, workspace_id: int, run_id: int) -> SyncRun | None:
    return session.scalar(select(SyncRun).where(SyncRun.workspace_id == workspace_id, SyncRun.id == run_id))


def runs(session: Session, workspace_id: int, source_id: int, limit: int) -> list[SyncRun]:
    stmt = (
        select(SyncRun)
        .where(SyncRun.workspace_id == workspace_id, SyncRun.source_id == source_id)
        .order_by(SyncRun.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def mark_interrupted(session: Session, workspace_id: int, source_id: int) -> None:
    """Runs left "running" by a process that died: they end as interrupted when the next run starts."""
    session.execute(
        update(SyncRun)
        .where(
            SyncRun.workspace_id == workspace_id,
            SyncRun.source_id == source_id,
            SyncRun.status == "running",
        )
        .values(status="interrupted", error="the process running this sync stopped before it finished")
    )


def digests(
    session: Session, workspace_id: int, source_id: int, external_ids: Sequence[str]
) -> dict[str, str]:
    """external_id -> digest last written by this source, by primary key in driver-level chunks (SQLAlchemy's
    expanding IN renders every parameter on each call, which cost more than the lookup)."""
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    out: dict[str, str] = {}
    for chunk in chunked(list(external_ids), 5000):
        sql = (
            f"SELECT external_id, digest FROM sync_records WHERE source_id = {mark} "
            f"AND workspace_id = {mark} AND external_id IN ({', '.join([mark] * len(chunk))})"
        )
        out.update(dict(conn.exec_driver_sql(sql, (source_id, workspace_id, *chunk)).all()))
    return out


def linked_ids(session: Session, workspace_id: int, kind: str, api_object: str) -> list[str]:
    """External ids written by this workspace's sources of one kind and object (HubSpot companies,
    Salesforce Accounts): the accounts linked to that CRM."""
    stmt = (
        select(SyncRecord.external_id)
        .join(SyncSource, SyncSource.id == SyncRecord.source_id)
        .where(
            SyncRecord.workspace_id == workspace_id,
            SyncSource.workspace_id == workspace_id,
            SyncSource.kind == kind,
            SyncSource.api_object == api_object,
        )
        .distinct()
        .order_by(SyncRecord.external_id)
    )
    return list(session.scalars(stmt))
