"""HTTP routes for users and API keys (admin only, except reading who you are)."""

from __future__ import annotations

from fastapi import APIRouter, status

from steward.domains.users import queries, service
from steward.domains.users.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from steward.web.deps import Admin, PathId, Reader, SessionDep

router = APIRouter(tags=["users"])


@router.get("/users", response_model=list[UserRead])
def list_users(s: SessionDep, p: Reader) -> list[UserRead]:
    return [UserRead.model_validate(u) for u in service.list_users(session=s, workspace_id=p.workspace_id)]


@router.post("/users", response_model=UserRead, status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, s: SessionDep, p: Admin) -> UserRead:
    return UserRead.model_validate(service.create_user(session=s, workspace_id=p.workspace_id, data=body))


@router.patch("/users/{user_id}", response_model=UserRead)
def update_user(user_id: PathId, body: UserUpdate, s: SessionDep, p: Admin) -> UserRead:
    """Change a user's name, role or whether they may sign in (recorded in the audit log)."""
    user = service.update_user(session=s, workspace_id=p.workspace_id, user_id=user_id, data=body)
    return UserRead.model_validate(user)


@router.get("/api-keys", response_model=list[ApiKeyRead])
def list_api_keys(s: SessionDep, p: Admin) -> list[ApiKeyRead]:
    return [ApiKeyRead.model_validate(k) for k in queries.api_keys(s, p.workspace_id)]


@router.post("/api-keys", response_model=ApiKeyCreated, status_code=status.HTTP_201_CREATED)
def create_api_key(body: ApiKeyCreate, s: SessionDep, p: Admin) -> ApiKeyCreated:
    """The key is shown in this response only; Steward stores its digest."""
    return service.create_api_key(session=s, workspace_id=p.workspace_id, data=body)


@router.delete("/api-keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_api_key(key_id: PathId, s: SessionDep, p: Admin) -> None:
    service.revoke_api_key(session=s, workspace_id=p.workspace_id, key_id=key_id)
