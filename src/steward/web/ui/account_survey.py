"""Sending a survey from an account's header: one of the workspace's active surveys to contacts of this
account (managers and admins, as on the survey page), then back to the account's voice of the customer."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from steward.core.errors import DomainError, Forbidden
from steward.core.roles import Role
from steward.core.schemas import MAX_ID
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.surveys import service as surveys_service
from steward.domains.surveys.schemas import SendRequest
from steward.web.deps import PathId, SessionDep
from steward.web.ui.forms import FormError, first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf

router = APIRouter()


@router.post("/accounts/{account_id}/surveys/send", response_model=None)
def send_survey(
    account_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    survey_id: Annotated[str, Form(max_length=20)] = "",
    contact_ids: Annotated[list[str] | None, Form(max_length=5000)] = None,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(Role.manager):
        raise Forbidden("surveys are sent by managers and admins")
    ws = user.workspace_id
    accounts_service.get_account(session=s, workspace_id=ws, account_id=account_id)  # else a 404
    own = {c.id for c in contacts_service.list_for_account(session=s, workspace_id=ws, account_id=account_id)}
    given = [v.strip() for v in contact_ids or [] if v.strip()]
    chosen = [int(v) for v in given if v.isdigit() and int(v) <= MAX_ID]
    error: str | FormError | None = (
        "contacts are chosen by their ids" if len(chosen) != len(given) else _refusal(survey_id, chosen, own)
    )
    if error is None:
        try:
            result = surveys_service.send(
                session=s, workspace_id=ws, survey_id=int(survey_id), data=SendRequest(contact_ids=chosen)
            )
        except DomainError as exc:
            error = first_error(exc)
    if error is not None:
        return RedirectResponse(
            f"/accounts/{account_id}?survey_error={quote(notice(error))}#voice", status_code=303
        )
    return RedirectResponse(f"/accounts/{account_id}?survey_invited={result.invited}#voice", status_code=303)


def _refusal(survey_id: str, chosen: list[int], own: set[int]) -> str | None:
    """Why the form cannot be sent, or None. Only this account's contacts may be asked from its page."""
    if not survey_id.isdigit() or not 0 < int(survey_id) <= MAX_ID:
        return "choose a survey to send"
    if not chosen:
        return "tick at least one contact to ask"
    if any(c not in own for c in chosen):
        return "only this account's contacts can be asked from its page"
    return None
