"""Live chat steps that join the chat domain with the service desk and the help center in one transaction
each: transfer to one of the workspace's teams, end with the workspace's CSAT scale, the customer's rating of
its ticket, and the help-center articles suggested while the customer writes their first message (counted as
deflections on the chat channel, helpcenter.deflection)."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy.orm import Session

from steward.core.errors import NotFound
from steward.core.i18n import negotiate
from steward.domains.chat import service
from steward.domains.chat.schemas import SUGGESTIONS, ConversationRead, MessageRead
from steward.domains.helpcenter import deflection, finder
from steward.domains.tickets import csat
from steward.domains.tickets import setup as tickets_setup
from steward.domains.tickets.schemas import SCALES, CsatResponse
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings


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


def suggestion_form(visitor: service.Visitor) -> str:
    """A new deflection token for the widget's next first message (a form of the chat channel)."""
    return deflection.form_token(get_settings().secret_key, visitor.workspace_id, visitor.contact_id, "chat")


def suggest(
    *, session: Session, visitor: service.Visitor, text: str, language: str, form: str
) -> list[dict[str, str]]:
    """Up to SUGGESTIONS published articles of the visitor's workspace matching what they type, titled in
    their language when translated; each `path` is the article's public page (the widget puts its own origin
    before it) carrying the form token, so reading it is recorded as a reading on the chat channel."""
    language = negotiate(language)
    slug = workspaces_service.get_workspace(session=session, workspace_id=visitor.workspace_id).slug
    hits = finder.suggestions(session=session, workspace_id=visitor.workspace_id, query=text,
                                  language=language, limit=SUGGESTIONS)  # fmt: skip
    return [
        {
            "title": h.title,
            "language": h.language,
            "path": f"/help/{quote(slug, safe='')}/{language}/articles/{h.source_id}"
            f"?deflect={quote(form, safe='')}",
        }
        for h in hits
    ]


def settle_suggestions(*, session: Session, visitor: service.Visitor, form: str, solved: bool) -> int:
    """The readings of the form's suggestions: `solved` (the visitor said an article answered them) or
    `submitted` (they sent their message anyway). Returns how many were settled."""
    return deflection.settle(session=session, workspace_id=visitor.workspace_id, token=form,
                             secret=get_settings().secret_key, solved=solved)  # fmt: skip
