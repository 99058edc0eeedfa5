"""The service desk as a customer sees it in the portal: only the tickets a contact may see (their own, or
their account's with company access), only public messages, replies added as customer messages, and a
new ticket from the portal form. A ticket outside that scope is "not found", never "forbidden"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import NotFound
from steward.domains.tickets import csat, service
from steward.domains.tickets.models import CsatSurvey, Ticket
from steward.domains.tickets.schemas import (
    Attachment,
    CsatResponse,
    MessageCreate,
    MessageRead,
    TicketCreate,
    TicketDetail,
    TicketRead,
)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a contact of one workspace, with the account whose tickets company access shows."""

    workspace_id: int
    contact_id: int
    account_id: int | None
    company: bool


@dataclass(frozen=True)
class CustomerTicket:
    ticket: TicketRead
    status_label: str
    solved: bool
    messages: list[MessageRead]
    rating: int | None
    scale: str | None


def _scope(viewer: Viewer) -> ColumnElement[bool]:
    mine = Ticket.contact_id == viewer.contact_id
    if viewer.company and viewer.account_id is not None:
        return or_(mine, Ticket.account_id == viewer.account_id)
    return mine


def tickets(*, session: Session, viewer: Viewer, limit: int = 200) -> list[TicketRead]:
    query = (
        select(Ticket)
        .where(Ticket.workspace_id == viewer.workspace_id, _scope(viewer))
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    now = now_utc()
    return [TicketRead.listed(t, now) for t in session.scalars(query)]


def _visible(session: Session, viewer: Viewer, ticket_id: int) -> Ticket:
    query = select(Ticket).where(
        Ticket.id == ticket_id, Ticket.workspace_id == viewer.workspace_id, _scope(viewer)
    )
    ticket = session.scalars(query).first()
    if ticket is None:
        raise NotFound("ticket", ticket_id)
    return ticket


def ticket(*, session: Session, viewer: Viewer, ticket_id: int) -> CustomerTicket:
    """One ticket the viewer may see, with its public conversation (internal notes never leave)."""
    _visible(session, viewer, ticket_id)
    full: TicketDetail = service.detail(
        session=session, workspace_id=viewer.workspace_id, ticket_id=ticket_id
    )
    kinds = service.statuses(session=session, workspace_id=viewer.workspace_id)
    label = next((s.label for s in kinds if s.key == full.status), full.status)
    behaviour = next((s.behaviour for s in kinds if s.key == full.status), "")
    survey = session.scalars(select(CsatSurvey).where(CsatSurvey.ticket_id == ticket_id)).first()
    return CustomerTicket(
        ticket=TicketRead(**full.model_dump(exclude={"messages", "history", "clocks"})),
        status_label=label,
        solved=behaviour == "fulfilled" or full.solved_at is not None,
        messages=[m for m in full.messages if m.public],
        rating=survey.rating if survey else None,
        scale=survey.scale if survey else None,
    )


def reply(
    *, session: Session, viewer: Viewer, ticket_id: int, body: str, attachments: Sequence[Attachment] = ()
) -> None:
    """A customer message on the ticket (reopening it when solved, as an e-mailed reply would), with the
    details of the files the customer named (metadata only)."""
    _visible(session, viewer, ticket_id)
    data = MessageCreate(body=body, public=True, author="customer", attachments=list(attachments))
    service.add_message(
        session=session, workspace_id=viewer.workspace_id, ticket_id=ticket_id, data=data, actor_id=None
    )


def rate(*, session: Session, viewer: Viewer, ticket_id: int, rating: int, comment: str | None) -> None:
    """The solved ticket's CSAT answer, given in the portal instead of through the e-mailed link."""
    _visible(session, viewer, ticket_id)
    data = CsatResponse(rating=rating, comment=comment)
    csat.rate_ticket(session=session, workspace_id=viewer.workspace_id, ticket_id=ticket_id, data=data)


def open_ticket(
    *,
    session: Session,
    viewer: Viewer,
    subject: str,
    body: str,
    email: str | None,
    attachments: Sequence[Attachment] = (),
) -> int:
    data = TicketCreate(
        subject=subject, body=body, contact_id=viewer.contact_id, account_id=viewer.account_id,
        requester_email=email, channel="web", attachments=list(attachments),
    )  # fmt: skip
    made = service.create_ticket(session=session, workspace_id=viewer.workspace_id, data=data, actor_id=None,
                                 actor="customer")  # fmt: skip
    return made.id
