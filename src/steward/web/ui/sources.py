"""The Sources page: how to send events (the write key, rotated here and shown once), the events arriving
live, counts per event over the last week, and the rejected messages with their reasons (replayable)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from steward.core.errors import Forbidden
from steward.core.roles import Role
from steward.domains.events import service as events_service
from steward.domains.workspaces import service as workspaces_service
from steward.web.deps import SessionDep
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    return _render(request, s, user)


def _render(request: Request, s: SessionDep, user: UiUser, **extra: Any) -> HTMLResponse:
    ws = user.workspace_id
    context: dict[str, Any] = {
        "user": user, "stats": events_service.stats(session=s, workspace_id=ws),
        "counts": events_service.event_counts(session=s, workspace_id=ws, days=7),
        "recent": events_service.recent(session=s, workspace_id=ws, limit=20),
        "rejected": events_service.rejections(session=s, workspace_id=ws, limit=20),
        "is_admin": user.can(Role.admin), "is_manager": user.can(Role.manager),
        "host": str(request.base_url).rstrip("/"), "new_key": None, "replayed": None, **extra,
    }  # fmt: skip
    return templates.TemplateResponse(request, "sources.html", context)


@router.get("/sources/recent.json")
def recent(s: SessionDep, user: CurrentUiUser) -> JSONResponse:
    """The newest events, for the page's live table (polled every few seconds)."""
    rows = events_service.recent(session=s, workspace_id=user.workspace_id, limit=20)
    return JSONResponse([r.model_dump(mode="json") for r in rows], headers={"Cache-Control": "no-store"})


@router.post("/sources/act", response_model=None)
def act(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Rotate the write key (admins; the new key is shown on this answer only) or replay the quarantine."""
    check_csrf(request, csrf_token, user.csrf_token)
    ws = user.workspace_id
    if action == "rotate":
        if not user.can(Role.admin):
            raise Forbidden("a new write key needs the admin role")
        key = workspaces_service.rotate_write_key(session=s, workspace_id=ws)
        return _render(request, s, user, new_key=key)
    if action == "replay":
        if not user.can(Role.manager):
            raise Forbidden("replaying rejected messages needs the manager role or higher")
        return _render(request, s, user, replayed=events_service.replay(session=s, workspace_id=ws))
    return _render(request, s, user)
