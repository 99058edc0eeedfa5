"""The advocacy forms of the account page: ask a contact for a referral, review or reference, and move the
request on (completing it earns the contact points)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from steward.core.errors import DomainError, Forbidden
from steward.core.roles import WRITE
from steward.domains.advocacy import service as advocacy_service
from steward.domains.advocacy.schemas import RequestCreate, RequestUpdate
from steward.web.deps import PathId, SessionDep
from steward.web.ui.forms import first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf

router = APIRouter()


@router.post("/accounts/{account_id}/advocacy", response_model=None)
def ask(
    account_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    contact_id: Annotated[str, Form(max_length=20)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    notes: Annotated[str, Form(max_length=5000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    _can_write(user)
    try:
        data = RequestCreate(contact_id=contact_id, kind=kind, notes=notes.strip() or None)
        advocacy_service.create_request(
            session=s, workspace_id=user.workspace_id, data=data, asked_by=user.id
        )
    except (ValidationError, DomainError) as exc:
        return _back(account_id, exc)
    return RedirectResponse(f"/accounts/{account_id}#advocacy", status_code=303)


@router.post("/advocacy/requests/{request_id}/act", response_model=None)
def move(
    request_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    status: Annotated[str, Form(max_length=20)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    _can_write(user)
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "request_id": request_id}
    try:
        made = advocacy_service.update_request(**scope, data=RequestUpdate(status=status))
    except (ValidationError, DomainError) as exc:
        return _back(advocacy_service.get_request(**scope).account_id, exc)
    return RedirectResponse(f"/accounts/{made.account_id}#advocacy", status_code=303)


def _can_write(user: Any) -> None:
    if not user.can(WRITE):
        raise Forbidden("your role can read advocacy but not change it")


def _back(account_id: int, exc: ValidationError | DomainError) -> RedirectResponse:
    message = first_error(exc)
    return RedirectResponse(
        f"/accounts/{account_id}?advocacy_error={quote(notice(message))}#advocacy", status_code=303
    )
