"""The audit log's service: pages and exports for admins, the retention setting and its purge. Records are
written by the recorder (domains.audit.recorder) and never changed afterwards."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import delete
from sqlalchemy.orm import Session

from steward.core.db import unit_of_work, utcnow
from steward.domains.audit import queries
from steward.domains.audit.models import AuditRecord, AuditSettings
from steward.domains.audit.recorder import PURGE_OPTION, act_as, actor_of, record
from steward.domains.audit.schemas import Actor, ActorType, AuditFilter, AuditRecordPage, AuditRecordRead

__all__ = ["Actor", "ActorType", "act_as", "actor_of", "record"]

ExportFormat = Literal["csv", "jsonl"]
CSV_COLUMNS = [
    "id", "at", "actor_type", "actor_id", "actor_name", "action", "object_type", "object_id", "client_ip",
    "note", "changes",
]  # fmt: skip


def records_page(
    *, session: Session, workspace_id: int, f: AuditFilter, cursor: str | None, limit: int
) -> AuditRecordPage:
    rows, next_cursor = queries.page(session, workspace_id, f, cursor, limit)
    return AuditRecordPage(items=[AuditRecordRead.model_validate(r) for r in rows], next_cursor=next_cursor)


def log_export(*, session: Session, workspace_id: int, f: AuditFilter, fmt: ExportFormat) -> None:
    """An export of the log is itself an audited act, recorded before the first line is sent."""
    actor = actor_of(session)
    if actor is not None:
        filters = {k: str(v) for k, v in vars(f).items() if v is not None}
        record(
            session=session, actor=actor, workspace_id=workspace_id, action="audit.export",
            object_type="audit_log", object_id=None, note=f"{fmt} {json.dumps(filters)}"[:200],
        )  # fmt: skip


def export_lines(*, workspace_id: int, f: AuditFilter, fmt: ExportFormat) -> Iterator[str]:
    """The matching records as CSV or JSON lines, newest first. It reads in its own transaction because the
    response streams after the request's own session has closed."""
    with unit_of_work() as session:
        if fmt == "csv":
            yield _csv_line(CSV_COLUMNS)
        for row in queries.every(session, workspace_id, f):
            item = AuditRecordRead.model_validate(row).model_dump(mode="json")
            if fmt == "jsonl":
                yield json.dumps(item, separators=(",", ":")) + "\n"
            else:
                item["changes"] = json.dumps(item["changes"], separators=(",", ":"))
                yield _csv_line([_cell(item[c]) for c in CSV_COLUMNS])


def _csv_line(values: list[Any]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@"):  # a spreadsheet must not read a cell as a formula
        return "'" + text
    return text


def get_retention(*, session: Session, workspace_id: int) -> int:
    return queries.retention_days(session, workspace_id)


def set_retention(*, session: Session, workspace_id: int, days: int) -> int:
    row = queries.settings_row(session, workspace_id)
    if row is None:
        session.add(AuditSettings(workspace_id=workspace_id, retention_days=days))
    else:
        row.retention_days = days
    session.flush()
    return days


def purge_expired(*, session: Session) -> int:
    """Delete the records older than each workspace's retention; the number deleted."""
    now = utcnow()
    deleted = 0
    for workspace_id in queries.workspaces_with_records(session):
        cutoff = now - timedelta(days=queries.retention_days(session, workspace_id))
        stmt = (
            delete(AuditRecord)
            .where(AuditRecord.workspace_id == workspace_id, AuditRecord.at < cutoff)
            .execution_options(**{PURGE_OPTION: True}, synchronize_session=False)
        )
        deleted += session.execute(stmt).rowcount  # type: ignore[attr-defined]
    session.flush()
    return deleted
