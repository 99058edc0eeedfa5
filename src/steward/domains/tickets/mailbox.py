"""Inbound e-mail into tickets: a reply (found by In-Reply-To or References, or by "[#123]" in the subject
when the sender is the ticket's requester) is added to its ticket; anything else opens a ticket for the
contact with that address. The same Message-ID posted again is recognised, not stored twice."""

from __future__ import annotations

from sqlalchemy.orm import Session

from steward.domains.contacts import service as contacts_service
from steward.domains.tickets import inbound, queries, service
from steward.domains.tickets.schemas import Attachment, MessageCreate, TicketCreate, TicketDetail


def receive(*, session: Session, workspace_id: int, raw: bytes) -> tuple[TicketDetail, bool]:
    """Returns the ticket and whether it was opened by this message."""
    mail = inbound.parse(raw)
    if mail.message_id:
        seen = queries.by_email_message_ids(session, workspace_id, [mail.message_id])
        if seen is not None:
            return service.detail(session=session, workspace_id=workspace_id, ticket_id=seen), False
    contact = contacts_service.by_email(session=session, workspace_id=workspace_id, address=mail.sender)
    attachments = [Attachment(**a) for a in mail.attachments[:50]]
    thread = _thread(session, workspace_id, mail)
    if thread is not None:
        reply = MessageCreate(body=mail.text or "(no text)", author="customer", attachments=attachments)
        ticket = service.add_message(
            session=session,
            workspace_id=workspace_id,
            ticket_id=thread,
            data=reply,
            actor_id=None,
            email_message_id=mail.message_id,
        )
        return ticket, False
    data = TicketCreate(
        subject=mail.subject,
        body=mail.text,
        channel="email",
        contact_id=contact.id if contact else None,
        requester_email=mail.sender,
        language=mail.language,
        attachments=attachments,
    )
    ticket = service.create_ticket(
        session=session,
        workspace_id=workspace_id,
        data=data,
        actor_id=None,
        actor="customer",
        email_message_id=mail.message_id,
    )
    return ticket, True


def _thread(session: Session, workspace_id: int, mail: inbound.Inbound) -> int | None:
    found = queries.by_email_message_ids(session, workspace_id, mail.refers_to)
    if found is not None:
        return found
    ref = mail.ticket_ref
    if ref is None:
        return None
    ticket = queries.ticket(session, workspace_id, ref)
    if ticket is None:
        return None
    known = {ticket.requester_email or ""}
    if ticket.contact_id is not None:
        contact = contacts_service.get_contact(
            session=session, workspace_id=workspace_id, contact_id=ticket.contact_id
        )
        known.add(contact.email or "")
    # A stranger quoting a ticket number opens a ticket of their own rather than writing into this one.
    return ticket.id if mail.sender in {k.lower() for k in known if k} else None
