"""The Data sync page (managers and admins, as the sync API): every source with its last run, next run and
failing streak; a page per source with its mapping (secrets masked), recent runs, a preview of the first
rows mapped and a "run now" button; a run's refused rows with their reasons, a page at a time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from steward.core.errors import Forbidden, Invalid
from steward.core.roles import Role
from steward.domains.sync import overview, runner, runs, service
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep
from steward.web.ui import admin_labels, sync_edit
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
REFUSED_PAGE = 50
RECENT_RUNS = 20


def _manager(user: UiUser) -> None:
    if not user.can(Role.manager):
        raise Forbidden("data sync is for managers and admins")


@router.get("/sync", response_class=HTMLResponse)
def sync_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _manager(user)
    ws = workspaces_service.get_workspace(session=s, workspace_id=user.workspace_id)
    rows = overview.board(session=s, workspace_id=ws.id)
    context = {"user": user, "rows": rows, "slug": ws.slug, "kinds": sync_edit.KINDS, "labels": admin_labels}
    return templates.TemplateResponse(request, "sync.html", context)


def _source_page(request: Request, s: SessionDep, user: UiUser, source_id: int, **extra: Any) -> HTMLResponse:
    ws = user.workspace_id
    row = overview.source_row(session=s, workspace_id=ws, source_id=source_id)
    context: dict[str, Any] = {
        "user": user, "row": row, "src": row.source, "is_admin": user.can(Role.admin),
        "runs": runs.list_runs(session=s, workspace_id=ws, source_id=source_id, limit=RECENT_RUNS),
        "users": users_service.list_users(session=s, workspace_id=ws) if user.can(Role.admin) else [],
        "preview": None, "preview_error": None, "kinds": sync_edit.KINDS, "labels": admin_labels, **extra,
    }  # fmt: skip
    return templates.TemplateResponse(request, "sync_source.html", context)


@router.get("/sync/{source_id}", response_class=HTMLResponse)
def source_page(source_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _manager(user)
    return _source_page(request, s, user, source_id)


@router.post("/sync/{source_id}/preview", response_class=HTMLResponse)
def preview(
    source_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    """The first rows as read and as they would be written; nothing is written."""
    check_csrf(request, csrf_token, user.csrf_token)
    _manager(user)
    secret = get_settings().secret_key
    try:
        shown = service.preview(
            session=s, workspace_id=user.workspace_id, source_id=source_id, secret=secret, rows=10
        )
    except Invalid as exc:
        return _source_page(
            request, s, user, source_id, preview_error="; ".join(d.msg for d in exc.details())
        )
    return _source_page(request, s, user, source_id, preview=shown)


@router.post("/sync/{source_id}/run")
def run_now(
    source_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Run the sync now (blocking; a sync handler, so in the thread pool) and show the run's record."""
    check_csrf(request, csrf_token, user.csrf_token)
    _manager(user)
    service.get_source(session=s, workspace_id=user.workspace_id, source_id=source_id)  # 404 first
    s.commit()  # the run commits batch by batch in its own transactions
    done = runner.run_source(
        workspace_id=user.workspace_id, source_id=source_id, secret=get_settings().secret_key, trigger="ui"
    )
    return RedirectResponse(f"/sync/{source_id}/runs/{done.id}", status_code=303)


@router.post("/sync/{source_id}/owner")
def set_owner(
    source_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    owner_id: Annotated[str, Form(max_length=12)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Admins choose who is told when the source fails (nobody chosen: the admins)."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(Role.admin):
        raise Forbidden("only admins change a source's owner")
    value = owner_id.strip()
    if value and (not value.isdigit() or int(value) > 2**31 - 1):
        raise Invalid("owner_id must be a user's id", ("body", "owner_id"))
    chosen = int(value) if value else None
    overview.set_owner(session=s, workspace_id=user.workspace_id, source_id=source_id, owner_id=chosen)
    return RedirectResponse(f"/sync/{source_id}", status_code=303)


@router.get("/sync/{source_id}/runs/{run_id}", response_class=HTMLResponse)
def run_page(
    source_id: PathId,
    run_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """One run: its counts, cursor before and after, error, and its refused rows with their reasons."""
    _manager(user)
    ws = user.workspace_id
    src = service.get_source(session=s, workspace_id=ws, source_id=source_id)
    found = overview.refused(
        session=s, workspace_id=ws, source_id=source_id, run_id=run_id, page=page, size=REFUSED_PAGE
    )
    context = {
        "user": user, "src": src, "r": found.run, "found": found, "max_kept": runs.MAX_PROBLEMS,
        "labels": admin_labels,
    }  # fmt: skip
    return templates.TemplateResponse(request, "sync_run.html", context)
