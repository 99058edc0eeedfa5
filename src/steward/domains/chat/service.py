"""Live chat writes: the widget's identity check, conversations and their messages, read state, transfer, and
the end of a chat, when the transcript becomes a ticket (channel "chat") whose first response is measured
from the customer's first message: ended by an agent (solved), or left by the customer (their last
connection closed and they did not return within ABANDON_GRACE: open, waiting on whoever owes the next
answer). Outside office hours or with no agent online a message is taken as a ticket at once; the
customer's follow-ups for a while after go to the same ticket."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import Invalid, NotFound
from steward.core.security import constant_time_equals
from steward.domains.chat import queries
from steward.domains.chat.models import ChatChannel, ChatConversation, ChatMessage
from steward.domains.chat.schemas import (
    WEEKDAYS,
    AgentMessage,
    ChatSettings,
    ChatSettingsRead,
    ConversationRead,
    CustomerMessage,
    MessageRead,
)
from steward.domains.contacts import service as contacts_service
from steward.domains.tickets import service as tickets_service
from steward.domains.tickets.schemas import MessageCreate, TicketCreate, TicketUpdate
from steward.domains.timeline import service as timeline_service
from steward.domains.timeline.schemas import ActivityCreate

# Follow-ups to a message taken as a ticket go to that ticket for this long after the last one.
OFFLINE_FOLLOW_UP = timedelta(minutes=30)
# A chat whose customer closed their last widget connection and did not come back for this long is closed
# into a ticket by the `chat-abandoned` job (a page reload or a short network loss is not leaving).
ABANDON_GRACE = timedelta(minutes=10)
TIMELINE_BODY = 20_000  # the timeline's limit on a body


@dataclass(frozen=True)
class Visitor:
    """The customer behind a widget connection, verified by the user hash."""

    workspace_id: int
    contact_id: int
    account_id: int | None
    name: str | None


@dataclass(frozen=True)
class Posted:
    conversation: ConversationRead
    message: MessageRead
    offline_ticket_id: int | None = None  # set when the message was taken as a ticket


@dataclass(frozen=True)
class Ended:
    conversation: ConversationRead
    ticket_id: int | None


def user_hash(secret: str, user_id: str) -> str:
    """Hex HMAC-SHA256 of the user id under the channel's secret, as the customer's server makes it."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def channel(*, session: Session, workspace_id: int) -> ChatChannel:
    """The workspace's chat channel, made with a random key and secret the first time it is asked for."""
    row = queries.channel(session, workspace_id)
    if row is None:
        row = ChatChannel(
            workspace_id=workspace_id,
            public_key=secrets.token_urlsafe(18),
            secret="csec_" + secrets.token_urlsafe(32),
            office_hours=None,
            time_zone="UTC",
        )
        session.add(row)
        session.flush()
    return row


def settings(*, session: Session, workspace_id: int, reveal_secret: bool) -> ChatSettingsRead:
    row = channel(session=session, workspace_id=workspace_id)
    return ChatSettingsRead(
        office_hours=row.office_hours,
        time_zone=row.time_zone,
        public_key=row.public_key,
        widget_secret=row.secret if reveal_secret else None,
    )


def set_settings(*, session: Session, workspace_id: int, data: ChatSettings) -> ChatSettingsRead:
    row = channel(session=session, workspace_id=workspace_id)
    row.office_hours = (
        None if data.office_hours is None else {d: list(h) for d, h in data.office_hours.items()}
    )
    row.time_zone = data.time_zone
    session.flush()
    return settings(session=session, workspace_id=workspace_id, reveal_secret=True)


def identify(*, session: Session, public_key: str, user_id: str, hash_: str) -> Visitor:
    """The contact a widget connection speaks for; a wrong key, hash or id is refused alike in shape."""
    row = queries.channel_by_key(session, public_key)
    if row is None:
        raise NotFound("chat widget", repr(public_key[:40]), ("query", "key"))
    if not user_id or not constant_time_equals(user_hash(row.secret, user_id), hash_):
        raise Invalid("user_hash does not match user under this workspace's chat secret", ("query", "hash"))
    try:
        contact = contacts_service.get_by_external_id(
            session=session, workspace_id=row.workspace_id, external_id=user_id
        )
    except NotFound:
        raise Invalid(f"no contact with external id {user_id!r}", ("query", "user")) from None
    return Visitor(row.workspace_id, contact.id, contact.account_id, contact.name)


def is_open(hours: dict[str, list[str]] | None, time_zone: str, now: datetime) -> bool:
    """Within office hours (None: always)."""
    if hours is None:
        return True
    local = now.astimezone(ZoneInfo(time_zone))
    span = hours.get(WEEKDAYS[local.weekday()])
    return span is not None and span[0] <= local.strftime("%H:%M") < span[1]


def within_hours(*, session: Session, workspace_id: int, now: datetime | None = None) -> bool:
    row = channel(session=session, workspace_id=workspace_id)
    return is_open(row.office_hours, row.time_zone, now or now_utc())


def current(*, session: Session, visitor: Visitor) -> tuple[ConversationRead | None, list[MessageRead]]:
    """The visitor's open conversation (or recent offline one) and its messages, to show on reconnect."""
    conv = _current(session, visitor, now_utc())
    if conv is None:
        return None, []
    return ConversationRead.model_validate(conv), transcript(
        session=session, workspace_id=visitor.workspace_id, conversation_id=conv.id
    )


def post_customer_message(
    *, session: Session, visitor: Visitor, data: CustomerMessage, agents_online: bool
) -> Posted:
    """The customer's message in their open conversation (one is started if none); with no agent online or
    outside office hours the conversation is taken as a ticket, and follow-ups go to that ticket."""
    now = now_utc()
    ws = visitor.workspace_id
    conv = _current(session, visitor, now)
    if conv is None:
        conv = ChatConversation(
            workspace_id=ws,
            account_id=visitor.account_id,
            contact_id=visitor.contact_id,
            status="open",
            customer_read_id=0,
            agent_read_id=0,
            started_at=now,
        )
        session.add(conv)
        session.flush()
    message = _add(session, conv, "customer", None, data.body, data.attachments, now)
    if conv.status == "offline" and conv.ticket_id is not None:
        tickets_service.add_message(
            session=session,
            workspace_id=ws,
            ticket_id=conv.ticket_id,
            data=MessageCreate(
                body=data.body, author="customer", attachments=data.attachments, at=message.created_at
            ),
            actor_id=None,
        )
        conv.ended_at = now
        return Posted(_read(conv), _message(message), conv.ticket_id)
    if not agents_online or not within_hours(session=session, workspace_id=ws, now=now):
        conv.status, conv.ended_at = "offline", now
        conv.ticket_id = _to_ticket(session, conv, solved=False, actor_id=None)
        session.flush()
        return Posted(_read(conv), _message(message), conv.ticket_id)
    return Posted(_read(conv), _message(message))


def post_agent_message(*, session: Session, workspace_id: int, agent_id: int, data: AgentMessage) -> Posted:
    """An agent's reply; the first agent to reply to an unassigned conversation takes it."""
    conv = _open(session, workspace_id, data.conversation_id)
    if conv.assignee_id is None:
        conv.assignee_id = agent_id
    message = _add(session, conv, "agent", agent_id, data.body, data.attachments, now_utc())
    conv.agent_read_id = message.id
    return Posted(_read(conv), _message(message))


def mark_read(
    *, session: Session, workspace_id: int, conversation_id: int, message_id: int, side: str
) -> ConversationRead:
    """Read state moves forward only, and only to a message of this conversation."""
    conv = _get(session, workspace_id, conversation_id)
    last = session.scalar(
        select(func.max(ChatMessage.id)).where(
            ChatMessage.conversation_id == conv.id, ChatMessage.id <= message_id
        )
    )
    if last is None:
        raise NotFound("message", message_id, ("body", "message_id"))
    field = "customer_read_id" if side == "customer" else "agent_read_id"
    if last > getattr(conv, field):
        setattr(conv, field, last)
        session.flush()
    return _read(conv)


def transfer(
    *, session: Session, workspace_id: int, conversation_id: int, team_id: int, team_name: str, agent_id: int
) -> tuple[ConversationRead, MessageRead]:
    """Hand the conversation to a team (one of this workspace's, checked by the caller): no one holds it
    until one of the team replies."""
    conv = _open(session, workspace_id, conversation_id)
    conv.team_id, conv.assignee_id = team_id, None
    note = _add(session, conv, "system", agent_id, f"Transferred to {team_name}", [], now_utc())
    return _read(conv), _message(note)


def end(*, session: Session, workspace_id: int, conversation_id: int, agent_id: int | None) -> Ended:
    """End the chat: the transcript becomes a solved ticket, and the customer is asked to rate it."""
    conv = _open(session, workspace_id, conversation_id)
    now = now_utc()
    # Ended only if still open when written: of two agents ending it at once, one makes the ticket.
    done = session.execute(
        update(ChatConversation)
        .where(ChatConversation.id == conv.id, ChatConversation.status == "open")
        .values(status="ended", ended_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 0) != 1:
        raise Invalid(f"conversation {conversation_id} has ended", ("body", "conversation_id"))
    session.refresh(conv)
    if conv.assignee_id is None:
        conv.assignee_id = agent_id
    conv.ticket_id = _to_ticket(session, conv, solved=True, actor_id=agent_id)
    session.flush()
    return Ended(_read(conv), conv.ticket_id)


def customer_left(*, session: Session, visitor: Visitor, now: datetime | None = None) -> int | None:
    """The customer's last widget connection closed: note when on their open chat (its id, if any)."""
    conv = _current(session, visitor, now or now_utc())
    if conv is None or conv.status != "open":
        return None
    conv.customer_left_at = now or now_utc()
    session.flush()
    return conv.id


def customer_back(*, session: Session, visitor: Visitor) -> None:
    """The customer connected again: their open chat is no longer left."""
    conv = _current(session, visitor, now_utc())
    if conv is not None and conv.status == "open" and conv.customer_left_at is not None:
        conv.customer_left_at = None
        session.flush()


def abandoned(*, session: Session, now: datetime | None = None, limit: int = 100) -> list[tuple[int, int]]:
    """(workspace id, conversation id) of the open chats, in every workspace, whose customer left more than
    ABANDON_GRACE before `now`."""
    return queries.left_before(session, (now or now_utc()) - ABANDON_GRACE, limit)


def abandon(
    *, session: Session, workspace_id: int, conversation_id: int, now: datetime | None = None
) -> Ended | None:
    """Close a chat its customer left (and did not come back to) into a ticket, opened at their first message.
    The ticket stays unsolved: waiting on the customer when an agent spoke last, else on the agents (its
    first response still owed if no agent replied). None when the chat is no longer open and left that long
    (ended by an agent, or the customer returned, in the meantime)."""
    now = now or now_utc()
    C = ChatConversation
    done = session.execute(
        update(C)
        .where(
            C.workspace_id == workspace_id,
            C.id == conversation_id,
            C.status == "open",
            C.customer_left_at <= now - ABANDON_GRACE,
        )
        .values(status="abandoned", ended_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 0) != 1:
        return None
    conv = _get(session, workspace_id, conversation_id)
    session.refresh(conv)
    _add(session, conv, "system", None, "The customer left the chat", [], conv.customer_left_at or now)
    conv.ticket_id = _to_ticket(session, conv, solved=False, actor_id=None)
    if conv.ticket_id is not None:
        said = [m for m in queries.messages(session, workspace_id, conv.id) if m.author != "system"]
        if said and said[-1].author == "agent":
            _set_status(session, workspace_id, conv.ticket_id, "paused", None)  # waiting on the customer
    session.flush()
    return Ended(_read(conv), conv.ticket_id)


def ticket_to_rate(*, session: Session, visitor: Visitor, conversation_id: int) -> int:
    """The ticket of this visitor's ended chat, which their rating goes to."""
    conv = _get(session, visitor.workspace_id, conversation_id)
    if conv.contact_id != visitor.contact_id or conv.status != "ended" or conv.ticket_id is None:
        raise NotFound("ended chat", conversation_id, ("body", "conversation_id"))
    return conv.ticket_id


def transcript(*, session: Session, workspace_id: int, conversation_id: int) -> list[MessageRead]:
    conv = _get(session, workspace_id, conversation_id)
    return [_message(m) for m in queries.messages(session, workspace_id, conv.id)]


def conversation(*, session: Session, workspace_id: int, conversation_id: int) -> ConversationRead:
    return _read(_get(session, workspace_id, conversation_id))


def _to_ticket(session: Session, conv: ChatConversation, *, solved: bool, actor_id: int | None) -> int | None:
    """The transcript as a ticket: opened at the customer's first message (so first response is measured
    from it), each later message at its own time; system lines are internal notes."""
    ws = conv.workspace_id
    rows = list(queries.messages(session, ws, conv.id))
    first = next((m for m in rows if m.author == "customer"), None)
    if first is None:
        return None
    name = f" with {conv_name}" if (conv_name := _contact_name(session, conv)) else ""
    ticket = tickets_service.open_ticket(
        session=session,
        workspace_id=ws,
        data=TicketCreate(
            subject=f"Chat{name}: {first.body.splitlines()[0][:200]}"
            if first.body.strip()
            else f"Chat{name}",
            body=first.body,
            account_id=conv.account_id,
            contact_id=conv.contact_id,
            channel="chat",
            team_id=conv.team_id,
            assignee_id=conv.assignee_id,
            attachments=first.attachments,
            created_at=first.created_at,
        ),
        actor_id=None,
        actor="customer",
    )
    for m in rows:
        if m.created_at < first.created_at or m.id == first.id:
            continue
        tickets_service.post_message(
            session=session,
            workspace_id=ws,
            ticket_id=ticket.id,
            data=MessageCreate(
                body=m.body,
                author="customer" if m.author == "customer" else "agent",
                public=m.author != "system",
                attachments=m.attachments,
                at=m.created_at,
            ),
            actor_id=m.author_id,
        )
    _on_timeline(session, conv, ticket.id, ticket.subject, rows, actor_id)
    if solved:
        _set_status(session, ws, ticket.id, "fulfilled", actor_id)
    else:
        tickets_service.replay(session=session, workspace_id=ws, ticket_ids=[ticket.id])
    return ticket.id


def _set_status(session: Session, ws: int, ticket_id: int, behaviour: str, actor_id: int | None) -> None:
    """The ticket moves to the workspace's status with this SLA behaviour ("fulfilled", "paused")."""
    kinds = tickets_service.behaviours(session=session, workspace_id=ws)
    status = next(k for k, b in kinds.items() if b == behaviour)
    data = TicketUpdate(status=status)
    tickets_service.update_ticket(
        session=session, workspace_id=ws, ticket_id=ticket_id, data=data, actor_id=actor_id
    )


def _on_timeline(
    session: Session,
    conv: ChatConversation,
    ticket_id: int,
    subject: str,
    rows: list[ChatMessage],
    actor_id: int | None,
) -> None:
    """The chat on its account's timeline (a note: the timeline has no chat kind yet), with the transcript."""
    if conv.account_id is None:
        return
    lines = [f"{m.created_at:%H:%M} {m.author}: {m.body}" for m in rows]
    transcript = "\n".join(lines)
    body = f"Ticket #{ticket_id}\n{transcript}"[:TIMELINE_BODY]
    timeline_service.log_activity(
        session=session,
        workspace_id=conv.workspace_id,
        author_id=actor_id,
        data=ActivityCreate(
            account_id=conv.account_id,
            kind="note",
            subject=subject,
            body=body,
            occurred_at=rows[0].created_at,
            contact_ids=[conv.contact_id] if conv.contact_id is not None else [],
        ),
    )


def _contact_name(session: Session, conv: ChatConversation) -> str | None:
    if conv.contact_id is None:
        return None
    contact = contacts_service.get_contact(
        session=session, workspace_id=conv.workspace_id, contact_id=conv.contact_id
    )
    return contact.name or contact.email


def _current(session: Session, visitor: Visitor, now: datetime) -> ChatConversation | None:
    conv = queries.latest_for_contact(session, visitor.workspace_id, visitor.contact_id)
    if conv is None or conv.status in ("ended", "abandoned"):
        return None
    if conv.status == "offline" and (conv.ended_at is None or now - conv.ended_at > OFFLINE_FOLLOW_UP):
        return None
    return conv


def _add(
    session: Session,
    conv: ChatConversation,
    author: str,
    author_id: int | None,
    body: str,
    attachments: list,  # type: ignore[type-arg]
    at: datetime,
) -> ChatMessage:
    message = ChatMessage(
        workspace_id=conv.workspace_id,
        conversation_id=conv.id,
        author=author,
        author_id=author_id,
        body=body,
        attachments=[a.model_dump() for a in attachments],
        created_at=at,
    )
    session.add(message)
    session.flush()
    if author == "customer":
        conv.customer_read_id = message.id
    return message


def _get(session: Session, workspace_id: int, conversation_id: int) -> ChatConversation:
    conv = queries.conversation(session, workspace_id, conversation_id)
    if conv is None:
        raise NotFound("conversation", conversation_id, ("body", "conversation_id"))
    return conv


def _open(session: Session, workspace_id: int, conversation_id: int) -> ChatConversation:
    conv = _get(session, workspace_id, conversation_id)
    if conv.status != "open":
        raise Invalid(f"conversation {conversation_id} has ended", ("body", "conversation_id"))
    return conv


def _read(conv: ChatConversation) -> ConversationRead:
    return ConversationRead.model_validate(conv)


def _message(message: ChatMessage) -> MessageRead:
    return MessageRead.model_validate(message)
