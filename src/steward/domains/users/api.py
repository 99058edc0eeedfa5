"""HTTP routes for users and API keys (admin only, except reading who you are)."""

from __future__ import annotations

from fastapi import APIRouter, status

from steward.domains.audit import service as audit_service
from steward.domains.users import queries, service, twofactor
from steward.domains.users.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    TwoFactorRequirement,
    UserCreate,
    UserRead,
    UserUpdate,
    WebSessionRead,
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


@router.get("/users/{user_id}/sessions", response_model=list[WebSessionRead])
def list_sessions(user_id: PathId, s: SessionDep, p: Admin) -> list[WebSessionRead]:
    """The user's signed-in browsers, newest first, with device and last use."""
    rows = service.list_web_sessions(session=s, workspace_id=p.workspace_id, user_id=user_id)
    return [WebSessionRead.model_validate(r) for r in rows]


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_session(session_id: PathId, s: SessionDep, p: Admin) -> None:
    """Sign that browser out; its next request is sent to the login page."""
    row = service.revoke_web_session(session=s, workspace_id=p.workspace_id, session_id=session_id)
    actor = audit_service.actor_of(s)
    if actor is not None:
        audit_service.record(
            session=s, actor=actor, workspace_id=p.workspace_id, action="session.revoke",
            object_type="user", object_id=row.user_id, note=f"session {session_id}: {row.user_agent}"[:200],
        )  # fmt: skip


@router.get("/workspace/two-factor", response_model=TwoFactorRequirement)
def get_two_factor_requirement(s: SessionDep, p: Admin) -> TwoFactorRequirement:
    return TwoFactorRequirement(required=twofactor.workspace_requires(session=s, workspace_id=p.workspace_id))


@router.put("/workspace/two-factor", response_model=TwoFactorRequirement)
def set_two_factor_requirement(body: TwoFactorRequirement, s: SessionDep, p: Admin) -> TwoFactorRequirement:
    """Require two-factor sign-in of every user: one without it enrols right after the password."""
    twofactor.set_workspace_requirement(session=s, workspace_id=p.workspace_id, required=body.required)
    return body


@router.delete("/users/{user_id}/two-factor", status_code=status.HTTP_204_NO_CONTENT)
def reset_two_factor(user_id: PathId, s: SessionDep, p: Admin) -> None:
    """Remove a user's second factor (a lost phone); they sign in with the password alone, or enrol again."""
    user = twofactor.reset(session=s, workspace_id=p.workspace_id, user_id=user_id)
    actor = audit_service.actor_of(s)
    if actor is not None:
        audit_service.record(
            session=s, actor=actor, workspace_id=p.workspace_id, action="user.two_factor_reset",
            object_type="user", object_id=user.id, note=f"reset for {user.email}"[:200],
        )  # fmt: skip
