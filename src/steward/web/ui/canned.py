"""Canned responses page: agents read them, managers add, edit and delete them."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.errors import DomainError, Forbidden
from steward.core.i18n import NAMES
from steward.core.roles import Role
from steward.domains.tickets import canned
from steward.domains.tickets import service as tickets_service
from steward.domains.tickets.canned_schemas import PLACEHOLDERS, CannedCreate
from steward.web.deps import PathId, SessionDep
from steward.web.ui.forms import first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
PAGE = "/support/canned"


@router.get(PAGE, response_class=HTMLResponse)
def canned_page(
    request: Request, s: SessionDep, user: CurrentUiUser, edit: int = 0, error: str = ""
) -> HTMLResponse:
    _require(user.role, Role.agent)
    ws = user.workspace_id
    rows = canned.list_canned(session=s, workspace_id=ws)
    editing = next((r for r in rows if r.id == edit), None)
    languages = list(NAMES.items())
    if editing and editing.language and editing.language not in NAMES:  # saved through the API: kept on edit
        languages.append((editing.language, editing.language))
    context: dict[str, Any] = {
        "user": user,
        "error": error[:300],
        "rows": rows,
        "editing": editing,
        "languages": languages,
        "placeholders": PLACEHOLDERS,
        "statuses": tickets_service.statuses(session=s, workspace_id=ws),
        "can_edit": user.can(Role.manager),
    }
    return templates.TemplateResponse(request, "support_canned.html", context)


@router.post(PAGE, response_model=None)
def save(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    title: Annotated[str, Form(max_length=100)] = "",
    body: Annotated[str, Form(max_length=20_000)] = "",
    language: Annotated[str, Form(max_length=20)] = "",
    set_status: Annotated[str, Form(max_length=30)] = "",
    canned_id: Annotated[str, Form(max_length=12)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Adds a canned response, or replaces the one `canned_id` names."""
    check_csrf(request, csrf_token, user.csrf_token)
    _require(user.role, Role.manager)
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id}
    try:
        data = CannedCreate(title=title, body=body, language=language or None, set_status=set_status or None)
        if canned_id.isdigit():
            canned.update(**scope, canned_id=int(canned_id), data=data)
        else:
            canned.create(**scope, data=data)
    except (ValidationError, DomainError) as exc:
        again = f"&edit={canned_id}" if canned_id.isdigit() else ""
        return RedirectResponse(
            f"{PAGE}?error={quote(notice(first_error(exc)))}{again}#canned-form", status_code=303
        )
    return RedirectResponse(PAGE, status_code=303)


@router.post(PAGE + "/{canned_id}/delete", response_model=None)
def delete(
    canned_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    _require(user.role, Role.manager)
    try:
        canned.delete(session=s, workspace_id=user.workspace_id, canned_id=canned_id)
    except DomainError as exc:
        return RedirectResponse(f"{PAGE}?error={quote(notice(first_error(exc)))}", status_code=303)
    return RedirectResponse(PAGE, status_code=303)


def _require(role: Role, needed: Role) -> None:
    if not role.allows(needed):
        raise Forbidden(f"canned responses need the {needed.value} role or higher")
