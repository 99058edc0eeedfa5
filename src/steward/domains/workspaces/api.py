"""HTTP routes for the caller's workspace: settings, lifecycle stages, custom fields."""

from __future__ import annotations

from fastapi import APIRouter, status

from steward.domains.workspaces import queries, service
from steward.domains.workspaces.schemas import (
    CustomFieldCreate,
    CustomFieldRead,
    LifecycleStagesUpdate,
    WorkspaceRead,
)
from steward.web.deps import Admin, Reader, SessionDep

router = APIRouter(prefix="/workspace", tags=["workspace"])


@router.get("", response_model=WorkspaceRead)
def get_workspace(s: SessionDep, p: Reader) -> WorkspaceRead:
    return WorkspaceRead.model_validate(service.get_workspace(session=s, workspace_id=p.workspace_id))


@router.post("/write-key", response_model=dict[str, str])
def rotate_write_key(s: SessionDep, p: Admin) -> dict[str, str]:
    """A new write key for event sources (shown once); the old one is refused from now on."""
    return {"write_key": service.rotate_write_key(session=s, workspace_id=p.workspace_id)}


@router.put("/lifecycle-stages", response_model=WorkspaceRead)
def set_lifecycle_stages(body: LifecycleStagesUpdate, s: SessionDep, p: Admin) -> WorkspaceRead:
    return WorkspaceRead.model_validate(
        service.set_lifecycle_stages(session=s, workspace_id=p.workspace_id, data=body)
    )


@router.get("/custom-fields", response_model=list[CustomFieldRead])
def list_custom_fields(s: SessionDep, p: Reader) -> list[CustomFieldRead]:
    return [CustomFieldRead.model_validate(f) for f in queries.custom_fields(s, p.workspace_id)]


@router.post("/custom-fields", response_model=CustomFieldRead, status_code=status.HTTP_201_CREATED)
def create_custom_field(body: CustomFieldCreate, s: SessionDep, p: Admin) -> CustomFieldRead:
    return CustomFieldRead.model_validate(
        service.create_custom_field(session=s, workspace_id=p.workspace_id, data=body)
    )
