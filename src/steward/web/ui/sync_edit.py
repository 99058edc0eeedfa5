"""Configuring a data sync source in the browser (admins, as the API): a new source's form (its kind chosen
first), the same form to edit one, and deleting one. "Preview" reads the first rows of the form's source as
typed and shows them mapped without saving anything (the source is made inside a savepoint that is rolled
back). The form works without JavaScript: blank mapping rows are always there and "More rows" adds some."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from steward.core.errors import DomainError, Forbidden, Invalid
from steward.core.roles import Role
from steward.domains.sync import overview, service
from steward.domains.sync.schemas import API_KINDS, OBJECTS, Kind, Preview, SourceRead
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep
from steward.web.ui import admin_labels, sync_form
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.sync_form import Draft, FormErrors
from steward.web.ui.templating import templates

router = APIRouter()
Action = Literal["save", "preview", "more", "refresh"]
DraftDep = Annotated[Draft, Depends(sync_form.read_form)]
KINDS = {"sql": "SQL database", "file": "Files (CSV or Parquet)", "stripe": "Stripe", "hubspot": "HubSpot",
         "salesforce": "Salesforce"}  # fmt: skip


def _admin(user: UiUser) -> None:
    if not user.can(Role.admin):
        raise Forbidden("only admins configure data sync sources")


@contextmanager
def _rolled_back(s: Session) -> Iterator[None]:
    savepoint = s.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()


def _form(
    request: Request, s: Session, user: UiUser, d: Draft, *, src: SourceRead | None = None,
    errors: list[tuple[str, str]] | None = None, preview: Preview | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    if d.kind not in KINDS:
        d.kind = "sql"
    target = sync_form.target_of(d)
    # A push maps measures to CRM fields: typed, not chosen.
    health = d.object == "health" or not sync_form.has_fields(target)
    context: dict[str, Any] = {
        "user": user, "d": d, "src": src, "kinds": KINDS, "objects": list(OBJECTS.get(d.kind, {})),
        "is_api": d.kind in API_KINDS, "target": target, "targets": sync_form.TARGETS, "health": health,
        "fields": [] if health else sync_form.allowed_fields(s, user.workspace_id, target),
        "errors": errors or [], "preview": preview, "labels": admin_labels,
        "action": f"/sync/{src.id}/edit" if src else "/sync/new",
    }  # fmt: skip
    return templates.TemplateResponse(request, "sync_form.html", context, status_code=status)


@router.get("/sync/new", response_class=HTMLResponse)
def new_form(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    kind: Annotated[Kind, Query()] = "sql",
    object: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    _admin(user)
    objects = OBJECTS.get(kind, {})
    chosen = object if object in objects else next(iter(objects), "")
    return _form(request, s, user, sync_form.new_draft(kind, chosen))


@router.post("/sync/new", response_class=HTMLResponse)
def create(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    d: DraftDep,
    action: Annotated[Action, Form()] = "save",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    _admin(user)
    if action in ("more", "refresh"):
        return _redisplay(request, s, user, d, action)
    secret = get_settings().secret_key
    ws = user.workspace_id
    try:
        body = sync_form.create_body(d, secret=secret, workspace_id=ws, user_id=user.id)
        if action == "preview":
            with _rolled_back(s):
                made = service.create_source(session=s, workspace_id=ws, data=body, secret=secret)
                shown = service.preview(session=s, workspace_id=ws, source_id=made.id, secret=secret, rows=10)
            return _again(request, s, user, d, preview=shown)
        with s.begin_nested():  # a refused source leaves nothing behind (this handler catches the error)
            created = service.create_source(session=s, workspace_id=ws, data=body, secret=secret)
    except (FormErrors, DomainError) as exc:
        return _again(request, s, user, d, errors=sync_form.messages(exc), status=422)
    overview.set_owner(session=s, workspace_id=ws, source_id=created.id, owner_id=user.id)
    return RedirectResponse(f"/sync/{created.id}", status_code=303)


def _again(
    request: Request, s: Session, user: UiUser, d: Draft, *, src: SourceRead | None = None, **extra: Any
) -> HTMLResponse:
    """The form back as typed, its secrets sealed (never shown as text)."""
    sync_form.seal_secrets(
        d, secret=get_settings().secret_key, workspace_id=user.workspace_id, user_id=user.id
    )
    return _form(request, s, user, d, src=src, **extra)


def _redisplay(
    request: Request, s: Session, user: UiUser, d: Draft, action: str, src: SourceRead | None = None
) -> HTMLResponse:
    if action == "more":
        d.extra_rows = min(d.extra_rows + sync_form.MORE_ROWS, 100)
    return _again(request, s, user, d, src=src)


@router.get("/sync/{source_id}/edit", response_class=HTMLResponse)
def edit_form(source_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    _admin(user)
    src = service.get_source(session=s, workspace_id=user.workspace_id, source_id=source_id)
    return _form(request, s, user, sync_form.draft_of(src), src=src)


@router.post("/sync/{source_id}/edit", response_class=HTMLResponse)
def edit(
    source_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    d: DraftDep,
    action: Annotated[Action, Form()] = "save",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    _admin(user)
    ws = user.workspace_id
    src = service.get_source(session=s, workspace_id=ws, source_id=source_id)
    # What cannot change on a saved source comes from it, not from the form.
    d.name, d.kind, d.object = src.name, src.kind, src.object or ""
    d.target = src.target
    if action in ("more", "refresh"):
        return _redisplay(request, s, user, d, action, src)
    secret = get_settings().secret_key
    try:
        body = sync_form.update_body(d, src, secret=secret, workspace_id=ws, user_id=user.id)
        if action == "preview":
            with _rolled_back(s):
                service.update_source(session=s, workspace_id=ws, source_id=src.id, data=body, secret=secret)
                shown = service.preview(session=s, workspace_id=ws, source_id=src.id, secret=secret, rows=10)
            return _again(request, s, user, d, src=src, preview=shown)
        with s.begin_nested():  # a refused edit changes nothing (update_source sets fields, then checks)
            service.update_source(session=s, workspace_id=ws, source_id=src.id, data=body, secret=secret)
    except (FormErrors, DomainError) as exc:
        return _again(request, s, user, d, src=src, errors=sync_form.messages(exc), status=422)
    return RedirectResponse(f"/sync/{src.id}", status_code=303)


@router.post("/sync/{source_id}/delete")
def delete(
    source_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    confirm: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Deleting takes the ticked "yes, delete" box as well as the button (no script asks)."""
    check_csrf(request, csrf_token, user.csrf_token)
    _admin(user)
    if confirm != "yes":
        raise Invalid("tick the box to confirm deleting the source and its runs", ("body", "confirm"))
    service.delete_source(session=s, workspace_id=user.workspace_id, source_id=source_id)
    return RedirectResponse("/sync", status_code=303)
