"""Admin pages for the workspace's users: the list (role, active) and one user's signed-in browsers, each
revocable at once, as the API's DELETE /api/v1/sessions/{id} (and audited the same way)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from steward.core.errors import Forbidden
from steward.core.roles import Role
from steward.domains.audit import service as audit_service
from steward.domains.users import service as users_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import SESSION_COOKIE, CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()


def _admin(user: UiUser) -> None:
    if not user.can(Role.admin):
        raise Forbidden("users and their sessions are for admins")


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _admin(user)
    people = users_service.list_users(session=s, workspace_id=user.workspace_id)
    return templates.TemplateResponse(request, "admin_users.html", {"user": user, "people": people})


@router.get("/admin/users/{user_id}/sessions", response_class=HTMLResponse)
def user_sessions_page(request: Request, user_id: PathId, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _admin(user)
    person = users_service.get_user(session=s, workspace_id=user.workspace_id, user_id=user_id)
    rows = users_service.list_web_sessions(session=s, workspace_id=user.workspace_id, user_id=user_id)
    context = {"user": user, "person": person, "sessions": rows}
    return templates.TemplateResponse(request, "admin_user_sessions.html", context)


@router.post("/admin/users/{user_id}/sessions/{session_id}/revoke")
def revoke_user_session(
    user_id: PathId,
    session_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    _admin(user)
    check_csrf(request, csrf_token, user.csrf_token)
    users_service.get_user(session=s, workspace_id=user.workspace_id, user_id=user_id)
    row = users_service.revoke_web_session(
        session=s, workspace_id=user.workspace_id, session_id=session_id, only_of_user=user_id
    )
    actor = audit_service.actor_of(s)
    if actor is not None:
        audit_service.record(
            session=s, actor=actor, workspace_id=user.workspace_id, action="session.revoke",
            object_type="user", object_id=row.user_id, note=f"session {session_id}: {row.user_agent}"[:200],
        )  # fmt: skip
    if session_id == user.session_id:  # the admin signed this very browser out
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response
    return RedirectResponse(f"/admin/users/{user_id}/sessions", status_code=303)
