"""HTTP routes for the account timeline (notes, calls, meetings, emails, milestones)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from steward.core.schemas import MAX_ID
from steward.domains.timeline import service
from steward.domains.timeline.schemas import (
    ActivityCreate,
    ActivityKind,
    ActivityPage,
    ActivityRead,
    ActivityUpdate,
)
from steward.web.deps import Agent, Manager, PathId, Reader, SessionDep

router = APIRouter(prefix="/timeline", tags=["timeline"])


@router.get("", response_model=ActivityPage)
def list_activities(
    account_id: Annotated[int, Query(ge=1, le=MAX_ID)],
    s: SessionDep,
    p: Reader,
    kind: Annotated[list[ActivityKind] | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ActivityPage:
    """An account's activities, newest first."""
    return service.list_for_account(
        session=s, workspace_id=p.workspace_id, account_id=account_id, limit=limit, cursor=cursor, kinds=kind
    )


@router.post("", response_model=ActivityRead, status_code=status.HTTP_201_CREATED)
def log_activity(body: ActivityCreate, s: SessionDep, p: Agent) -> ActivityRead:
    return service.log_activity(session=s, workspace_id=p.workspace_id, author_id=p.user_id, data=body)


@router.get("/{activity_id}", response_model=ActivityRead)
def get_activity(activity_id: PathId, s: SessionDep, p: Reader) -> ActivityRead:
    return service.get_activity(session=s, workspace_id=p.workspace_id, activity_id=activity_id)


@router.patch("/{activity_id}", response_model=ActivityRead)
def update_activity(activity_id: PathId, body: ActivityUpdate, s: SessionDep, p: Agent) -> ActivityRead:
    return service.update_activity(session=s, workspace_id=p.workspace_id, activity_id=activity_id, data=body)


@router.delete("/{activity_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_activity(activity_id: PathId, s: SessionDep, p: Manager) -> None:
    service.delete_activity(session=s, workspace_id=p.workspace_id, activity_id=activity_id)
