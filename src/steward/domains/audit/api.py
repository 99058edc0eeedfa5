"""HTTP routes of the audit log, for admins only: filtered pages, CSV or JSON-lines export, retention.
There is deliberately no route that edits or deletes a record."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from steward.core.errors import Invalid
from steward.domains.audit import service
from steward.domains.audit.schemas import (
    ActorType,
    AuditFilter,
    AuditRecordPage,
    RetentionRead,
    RetentionUpdate,
)
from steward.web.deps import Admin, QueryId, SessionDep

router = APIRouter(tags=["audit"])

ACTION = r"^[a-z][a-z_]*(\.[a-z_]*)?$"
OBJECT_TYPE = r"^[a-z][a-z_]*$"


def _utc(value: datetime | None, name: str) -> datetime | None:
    # A time without a zone is read as UTC, as every time Steward stores.
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        raise Invalid("the time is out of range in UTC", ("query", name)) from None


def audit_filter(
    action: Annotated[
        str | None,
        Query(max_length=60, pattern=ACTION, description="an action, or a family ending in '.' (rule.)"),
    ] = None,
    actor_type: ActorType | None = None,
    actor_id: QueryId = None,
    object_type: Annotated[str | None, Query(max_length=40, pattern=OBJECT_TYPE)] = None,
    object_id: QueryId = None,
    since: Annotated[datetime | None, Query(description="from this time (ISO 8601; UTC if no zone)")] = None,
    until: Annotated[datetime | None, Query(description="before this time")] = None,
) -> AuditFilter:
    since, until = _utc(since, "since"), _utc(until, "until")
    if since is not None and until is not None and until <= since:
        raise Invalid("until must be after since", ("query", "until"))
    return AuditFilter(
        action=action, actor_type=actor_type, actor_id=actor_id, object_type=object_type,
        object_id=object_id, since=since, until=until,
    )  # fmt: skip


Filters = Annotated[AuditFilter, Depends(audit_filter)]


@router.get("/audit", response_model=AuditRecordPage)
def list_audit_records(
    f: Filters,
    s: SessionDep,
    p: Admin,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AuditRecordPage:
    """Newest first; pass `next_cursor` back as `cursor` for the next page."""
    return service.records_page(session=s, workspace_id=p.workspace_id, f=f, cursor=cursor, limit=limit)


@router.get(
    "/audit/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
)
def export_audit_records(
    f: Filters, s: SessionDep, p: Admin, format: Literal["csv", "jsonl"] = "csv"
) -> StreamingResponse:
    """Every matching record, newest first; the export itself is recorded."""
    service.log_export(session=s, workspace_id=p.workspace_id, f=f, fmt=format)
    return export_response(p.workspace_id, f, format)


def export_response(workspace_id: int, f: AuditFilter, fmt: Literal["csv", "jsonl"]) -> StreamingResponse:
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
    name = f"audit-{datetime.now(UTC):%Y%m%d-%H%M%S}.{fmt}"
    return StreamingResponse(
        service.export_lines(workspace_id=workspace_id, f=f, fmt=fmt),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/audit/retention", response_model=RetentionRead)
def get_retention(s: SessionDep, p: Admin) -> RetentionRead:
    return RetentionRead(retention_days=service.get_retention(session=s, workspace_id=p.workspace_id))


@router.put("/audit/retention", response_model=RetentionRead)
def put_retention(body: RetentionUpdate, s: SessionDep, p: Admin) -> RetentionRead:
    days = service.set_retention(session=s, workspace_id=p.workspace_id, days=body.retention_days)
    return RetentionRead(retention_days=days)
