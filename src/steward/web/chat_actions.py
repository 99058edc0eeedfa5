"""Live chat steps that join the chat domain with the service desk in one transaction each: transfer to one
of the workspace's teams, end with the workspace's CSAT scale, and the customer's rating of its ticket."""

from __future__ import annotations

from sqlalchemy.orm import Session

from steward.core.errors import NotFound
from steward.domains.chat import service
from steward.domains.chat.schemas import ConversationRead, MessageRead
from steward.domains.tickets import csat
from steward.domains.tickets import setup as tickets_setup
from steward.domains.tickets.schemas import SCALES, CsatResponse


def transfer(
    *, session: Session, workspace_id: int, conversation_id: int, team_id: int, agent_id: int
) -> tuple[ConversationRead, MessageRead]:
    team = next(
        (t for t in tickets_setup.teams(session=session, workspace_id=workspace_id) if t.id == team_id), None
    )
    if team is None:
        raise NotFound("team", team_id, ("body", "team_id"))
    return service.transfer(
        session=session,
        workspace_id=workspace_id,
        conversation_id=conversation_id,
        team_id=team.id,
        team_name=team.name,
        agent_id=agent_id,
    )


def end(
    *, session: Session, workspace_id: int, conversation_id: int, agent_id: int
) -> tuple[service.Ended, tuple[int, ...]]:
    """The ended chat and the ratings its customer may give (none when the chat had no customer message)."""
    ended = service.end(
        session=session, workspace_id=workspace_id, conversation_id=conversation_id, agent_id=agent_id
    )
    if ended.ticket_id is None:
        return ended, ()
    return ended, SCALES[csat.settings(session=session, workspace_id=workspace_id).scale]


def rate(
    *, session: Session, visitor: service.Visitor, conversation_id: int, rating: int, comment: str
) -> int:
    """The customer's rating of their ended chat, as the chat ticket's CSAT answer; returns the ticket id."""
    ticket_id = service.ticket_to_rate(session=session, visitor=visitor, conversation_id=conversation_id)
    csat.rate_ticket(
        session=session,
        workspace_id=visitor.workspace_id,
        ticket_id=ticket_id,
        data=CsatResponse(rating=rating, comment=comment or None),
    )
    return ticket_id
