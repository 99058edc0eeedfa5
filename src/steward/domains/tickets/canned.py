"""Canned responses: saved replies an agent picks on a ticket, with the ticket's own names filled in, then
edits and sends like any reply. Those in the ticket's language come first."""

from __future__ import annotations

from sqlalchemy.orm import Session

from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.accounts import service as accounts_service
from steward.domains.contacts import service as contacts_service
from steward.domains.tickets import queries, service
from steward.domains.tickets.canned_schemas import PLACEHOLDER, CannedCreate, CannedForTicket, CannedRead
from steward.domains.tickets.models import CannedResponse, Ticket
from steward.domains.users import service as users_service


def list_canned(*, session: Session, workspace_id: int) -> list[CannedRead]:
    return [CannedRead.model_validate(r) for r in queries.canned_responses(session, workspace_id)]


def create(*, session: Session, workspace_id: int, data: CannedCreate) -> CannedRead:
    _check(session, workspace_id, data, None)
    row = CannedResponse(workspace_id=workspace_id, **data.model_dump())
    session.add(row)
    session.flush()
    return CannedRead.model_validate(row)


def update(*, session: Session, workspace_id: int, canned_id: int, data: CannedCreate) -> CannedRead:
    row = _get(session, workspace_id, canned_id)
    _check(session, workspace_id, data, canned_id)
    for field, value in data.model_dump().items():
        setattr(row, field, value)
    session.flush()
    return CannedRead.model_validate(row)


def delete(*, session: Session, workspace_id: int, canned_id: int) -> None:
    session.delete(_get(session, workspace_id, canned_id))
    session.flush()


def for_ticket(
    *, session: Session, workspace_id: int, ticket_id: int, agent_id: int | None
) -> list[CannedForTicket]:
    """Every canned response filled in for this ticket and agent, the ticket's language first."""
    ticket = queries.ticket(session, workspace_id, ticket_id)
    if ticket is None:
        raise NotFound("ticket", ticket_id)
    values = _values(session, ticket, agent_id)
    rows = sorted(
        queries.canned_responses(session, workspace_id),
        key=lambda r: (r.language != ticket.language, r.title),
    )
    return [
        CannedForTicket(
            id=r.id,
            title=r.title,
            language=r.language,
            set_status=r.set_status,
            body=PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), r.body),
        )
        for r in rows
    ]


def _values(session: Session, ticket: Ticket, agent_id: int | None) -> dict[str, str]:
    ws = ticket.workspace_id
    contact = (
        contacts_service.names(session=session, workspace_id=ws, ids=[ticket.contact_id]).get(
            ticket.contact_id
        )
        if ticket.contact_id
        else None
    )
    name = contact or (ticket.requester_email or "").split("@")[0]
    account = (
        accounts_service.names(session=session, workspace_id=ws, ids=[ticket.account_id]).get(
            ticket.account_id
        )
        if ticket.account_id
        else None
    )
    agents = users_service.names_by_id(session=session, workspace_id=ws, ids=[agent_id]) if agent_id else {}
    return {
        "contact.name": name,
        "contact.first_name": name.split()[0] if name.strip() else "",
        "account.name": account or "",
        "agent.name": agents.get(agent_id or 0, ""),  # an API key without a user has no name
        "ticket.id": str(ticket.id),
        "ticket.subject": ticket.subject,
    }


def _check(session: Session, workspace_id: int, data: CannedCreate, own_id: int | None) -> None:
    if any(r.title == data.title and r.id != own_id for r in queries.canned_responses(session, workspace_id)):
        raise Conflict(f"a canned response titled {data.title!r} exists", ("body", "title"))
    keys = [st.key for st in service.statuses(session=session, workspace_id=workspace_id)]
    if data.set_status is not None and data.set_status not in keys:
        raise Invalid(
            f"unknown status {data.set_status!r}; use one of: {', '.join(keys)}", ("body", "set_status")
        )


def _get(session: Session, workspace_id: int, canned_id: int) -> CannedResponse:
    row = session.get(CannedResponse, canned_id)
    if row is None or row.workspace_id != workspace_id:
        raise NotFound("canned response", canned_id)
    return row
