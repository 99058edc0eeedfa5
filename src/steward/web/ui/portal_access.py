"""Staff set what a contact sees in the customer portal (own tickets, the account's, or no portal) from the
account page's contact list; the same field is `portal_access` on /api/v1/contacts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from steward.core.errors import Forbidden, Invalid, NotFound
from steward.core.roles import WRITE
from steward.domains.contacts import service as contacts_service
from steward.domains.contacts.schemas import ContactUpdate
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import CurrentUiUser, check_csrf

router = APIRouter()


@router.post("/accounts/{account_id}/contacts/{contact_id}/portal", response_model=None)
def set_portal_access(
    account_id: PathId,
    contact_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    access: Annotated[str, Form(max_length=10)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read contacts but not change their portal access")
    contact = contacts_service.get_contact(session=s, workspace_id=user.workspace_id, contact_id=contact_id)
    if contact.account_id != account_id:
        raise NotFound("contact", contact_id)
    try:
        data = ContactUpdate(portal_access=access)  # checked by the schema
    except ValidationError:
        raise Invalid("portal access is one of none, own, company", ("body", "access")) from None
    contacts_service.update_contact(
        session=s, workspace_id=user.workspace_id, contact_id=contact_id, data=data
    )
    return RedirectResponse(f"/accounts/{account_id}#contacts", status_code=303)
