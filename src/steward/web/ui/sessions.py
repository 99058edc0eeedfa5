"""Your own account page: the UI language you read Steward in, and your signed-in browsers, each with its
device and last use and a button that signs one out at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from steward.core.errors import Invalid
from steward.core.i18n import LANGUAGES, NAMES
from steward.domains.audit import service as audit_service
from steward.domains.users import service as users_service
from steward.domains.users.schemas import LanguageChoice
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import SESSION_COOKIE, CurrentUiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()


@router.get("/account/sessions", response_class=HTMLResponse)
def sessions_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    rows = users_service.list_web_sessions(session=s, workspace_id=user.workspace_id, user_id=user.id)
    languages = [(code, NAMES[code]) for code in LANGUAGES]
    return templates.TemplateResponse(
        request, "sessions.html", {"user": user, "sessions": rows, "languages": languages}
    )


@router.post("/account/language")
def set_language(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    language: Annotated[str, Form(max_length=16)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Your UI language, one of the nine; an empty choice follows the browser's Accept-Language again."""
    check_csrf(request, csrf_token, user.csrf_token)
    try:
        choice = LanguageChoice(language=language)
    except ValidationError as exc:
        raise Invalid(exc.errors()[0]["msg"], ("body", "language")) from exc
    users_service.set_language(session=s, workspace_id=user.workspace_id, user_id=user.id, data=choice)
    return RedirectResponse("/account/sessions", status_code=303)


@router.post("/account/sessions/{session_id}/revoke")
def revoke_own_session(
    session_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token, user.csrf_token)
    row = users_service.revoke_web_session(
        session=s, workspace_id=user.workspace_id, session_id=session_id, only_of_user=user.id
    )
    actor = audit_service.actor_of(s)
    if actor is not None:
        audit_service.record(
            session=s, actor=actor, workspace_id=user.workspace_id, action="session.revoke",
            object_type="user", object_id=user.id, note=f"session {session_id}: {row.user_agent}"[:200],
        )  # fmt: skip
    if session_id == user.session_id:  # this browser: off to the login page
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response
    return RedirectResponse("/account/sessions", status_code=303)
