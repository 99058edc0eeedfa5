"""HTTP routes for data sync sources: configure (admin), preview, run and read runs (manager)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from steward.domains.sync import overview, runner, runs, service
from steward.domains.sync.schemas import (
    Preview,
    RunRead,
    SourceCreate,
    SourceRead,
    SourceStatus,
    SourceUpdate,
)
from steward.settings import get_settings
from steward.web.deps import Admin, Manager, PathId, SessionDep

router = APIRouter(prefix="/sync/sources", tags=["sync"])


@router.post("", response_model=SourceRead, status_code=status.HTTP_201_CREATED)
def create_source(body: SourceCreate, s: SessionDep, p: Admin) -> SourceRead:
    """Admins only: a source reads databases or files the Steward server can reach. The URL's password is
    stored encrypted and shown back as ***."""
    secret = get_settings().secret_key
    created = service.create_source(session=s, workspace_id=p.workspace_id, data=body, secret=secret)
    if p.user_id is not None:  # whoever adds it in the browser owns it (told when it fails)
        overview.set_owner(session=s, workspace_id=p.workspace_id, source_id=created.id, owner_id=p.user_id)
    return created


@router.get("", response_model=list[SourceRead])
def list_sources(s: SessionDep, p: Manager) -> list[SourceRead]:
    return service.list_sources(session=s, workspace_id=p.workspace_id)


@router.get("/{source_id}", response_model=SourceRead)
def get_source(source_id: PathId, s: SessionDep, p: Manager) -> SourceRead:
    return service.get_source(session=s, workspace_id=p.workspace_id, source_id=source_id)


@router.patch("/{source_id}", response_model=SourceRead)
def update_source(source_id: PathId, body: SourceUpdate, s: SessionDep, p: Admin) -> SourceRead:
    secret = get_settings().secret_key
    return service.update_source(
        session=s, workspace_id=p.workspace_id, source_id=source_id, data=body, secret=secret
    )


@router.delete("/{source_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_source(source_id: PathId, s: SessionDep, p: Admin) -> None:
    service.delete_source(session=s, workspace_id=p.workspace_id, source_id=source_id)


@router.post("/{source_id}/preview", response_model=Preview)
def preview(
    source_id: PathId, s: SessionDep, p: Manager, rows: Annotated[int, Query(ge=1, le=100)] = 10
) -> Preview:
    """The first rows as read and as they would be written; nothing is written."""
    secret = get_settings().secret_key
    return service.preview(
        session=s, workspace_id=p.workspace_id, source_id=source_id, secret=secret, rows=rows
    )


@router.post("/{source_id}/runs", response_model=RunRead, status_code=status.HTTP_201_CREATED)
def run_now(source_id: PathId, s: SessionDep, p: Manager) -> RunRead:
    """Run the sync now and answer with its record: a source that cannot be read ends the run as failed
    with the error, and the record says so (the request itself succeeds)."""
    service.get_source(session=s, workspace_id=p.workspace_id, source_id=source_id)  # 404 before running
    s.commit()  # the run commits batch by batch in its own transactions
    return runner.run_source(
        workspace_id=p.workspace_id, source_id=source_id, secret=get_settings().secret_key, trigger="api"
    )


@router.get("/{source_id}/runs", response_model=list[RunRead])
def list_runs(
    source_id: PathId, s: SessionDep, p: Manager, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[RunRead]:
    """Newest first: counts, cursor before and after, duration, the error and the refused rows."""
    return runs.list_runs(session=s, workspace_id=p.workspace_id, source_id=source_id, limit=limit)


@router.get("/{source_id}/status", response_model=SourceStatus)
def source_status(source_id: PathId, s: SessionDep, p: Manager) -> SourceStatus:
    """The source, its last run (status, counts, error) and when its schedule runs it next (later after
    failures: the interval doubles with each failure in a row, up to a day)."""
    source = service.get_source(session=s, workspace_id=p.workspace_id, source_id=source_id)
    last, next_at = runs.status(session=s, workspace_id=p.workspace_id, source_id=source_id)
    return SourceStatus(source=source, last_run=last, next_run_at=next_at)
