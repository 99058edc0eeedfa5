"""Tables of the service desk: tickets with their messages and full change history, teams, business-hours
calendars, SLA policies, and the SLA clocks and metric events replayed from each ticket's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    member_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    last_assigned_id: Mapped[int | None] = mapped_column(Integer)  # round-robin cursor


class CannedResponse(Base):
    """A saved reply an agent inserts and edits before sending; {{ placeholders }} are filled per ticket."""

    __tablename__ = "canned_responses"
    __table_args__ = (UniqueConstraint("workspace_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(20))  # offered first on tickets in this language
    set_status: Mapped[str | None] = mapped_column(String(30))  # the status the reply form then proposes
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_ws_status", "workspace_id", "status"),
        Index("ix_tickets_ws_account", "workspace_id", "account_id"),
        Index("ix_tickets_ws_created", "workspace_id", "created_at"),
        Index("ix_tickets_ws_sla_due", "workspace_id", "sla_due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    requester_email: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    channel: Mapped[str] = mapped_column(String(20))  # email | web | api | chat
    priority: Mapped[str] = mapped_column(String(10))
    type: Mapped[str | None] = mapped_column(String(50))
    category: Mapped[str | None] = mapped_column(String(100))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    sla_policy_id: Mapped[int | None] = mapped_column(Integer)
    # Kept by each SLA replay, so the queue sorts and filters on the ticket alone: the earliest due moment
    # of its open clocks, and whether a clock was breached (an open one past due counts too).
    sla_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sla_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = updated_at_column()
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TicketMessage(Base):
    """A public reply (customer or agent) or an internal note; attachments are kept as metadata only."""

    __tablename__ = "ticket_messages"
    __table_args__ = (
        Index("ix_ticket_messages_ticket", "ticket_id", "id"),
        Index("ix_ticket_messages_ws_email_id", "workspace_id", "email_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(10))  # customer | agent
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    public: Mapped[bool] = mapped_column(Boolean)
    body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    email_message_id: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TicketChange(Base):
    """Every change of every field, with who made it: the history, and what the SLA clocks replay."""

    __tablename__ = "ticket_changes"
    __table_args__ = (Index("ix_ticket_changes_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(30))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(10))  # agent | customer | system | rule
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class BusinessCalendar(Base):
    __tablename__ = "business_calendars"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    time_zone: Mapped[str] = mapped_column(String(64))
    hours: Mapped[dict[str, list[list[str]]]] = mapped_column(JSON)  # {"mon": [["09:00", "17:00"]], ...}
    holidays: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO dates
    created_at: Mapped[datetime] = created_at_column()


class SlaPolicy(Audited, Base):
    """Policies are tried in `position` order; the first whose filter matches the ticket applies."""

    __tablename__ = "sla_policies"
    __audit_type__ = "sla_policy"
    __audit_ignore__ = frozenset({"updated_at"})
    __table_args__ = (Index("ix_sla_policies_ws_position", "workspace_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    filter: Mapped[dict[str, list[Any]]] = mapped_column(JSON)
    targets: Mapped[dict[str, dict[str, int | None]]] = mapped_column(JSON)  # priority -> metric -> minutes
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("business_calendars.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class SlaClock(Base):
    """One measured SLA clock of a ticket, rewritten whenever the ticket changes."""

    __tablename__ = "sla_clocks"
    __table_args__ = (
        Index("ix_sla_clocks_ticket", "ticket_id"),
        Index("ix_sla_clocks_ws_open_due", "workspace_id", "fulfilled_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    policy_id: Mapped[int | None] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(10))
    target_minutes: Mapped[int] = mapped_column(Integer)
    activated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    business_seconds: Mapped[float] = mapped_column(Float)
    breached: Mapped[bool] = mapped_column(Boolean)  # by fulfilment; an open clock is breached once due
    assignee_id: Mapped[int | None] = mapped_column(Integer)  # who held the ticket when measured
    team_id: Mapped[int | None] = mapped_column(Integer)


class SlaEvent(Base):
    """The metric events (activate, pause, resume, fulfil, breach) of each clock, as replayed."""

    __tablename__ = "sla_events"
    __table_args__ = (Index("ix_sla_events_ticket", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class SlaWarning(Base):
    """A "breaching soon" warning sent for one deadline of one clock: never twice for the same deadline."""

    __tablename__ = "sla_warnings"
    __table_args__ = (UniqueConstraint("ticket_id", "metric", "seq", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recipients: Mapped[int] = mapped_column(Integer)


class TicketModel(Base):
    """A classifier trained on the workspace's own labelled tickets, for one field (type, category or
    priority). Pickled by Steward and read back only by the same scikit-learn version."""

    __tablename__ = "ticket_models"
    __table_args__ = (Index("ix_ticket_models_ws_field", "workspace_id", "field", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(20))
    tickets: Mapped[int] = mapped_column(Integer)
    classes: Mapped[list[str]] = mapped_column(JSON)
    weighted_f1: Mapped[float | None] = mapped_column(Float)  # held-out, measured when trained
    artifact: Mapped[bytes] = mapped_column(LargeBinary)
    sklearn_version: Mapped[str] = mapped_column(String(20))
    trained_at: Mapped[datetime] = created_at_column()


class RecurringIssue(Base):
    """Similar tickets from several accounts within a rolling window: support's signal, handed to success."""

    __tablename__ = "recurring_issues"
    __table_args__ = (Index("ix_recurring_issues_ws_status", "workspace_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    terms: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))  # open | handed_off | resolved
    tickets: Mapped[int] = mapped_column(Integer)
    accounts: Mapped[int] = mapped_column(Integer)
    last_week: Mapped[int] = mapped_column(Integer)  # tickets in the last 7 days
    week_before: Mapped[int] = mapped_column(Integer)
    growing: Mapped[bool] = mapped_column(Boolean)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class RecurringIssueTicket(Base):
    __tablename__ = "recurring_issue_tickets"
    __table_args__ = (
        UniqueConstraint("issue_id", "ticket_id"),
        Index("ix_recurring_issue_tickets_ticket", "ticket_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    issue_id: Mapped[int] = mapped_column(ForeignKey("recurring_issues.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(Integer)


class CsatSurvey(Base):
    """The satisfaction survey of a solved ticket: one per ticket, answered once through its signed link."""

    __tablename__ = "csat_surveys"
    __table_args__ = (
        UniqueConstraint("ticket_id"),
        Index("ix_csat_surveys_ws_sent", "workspace_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(Integer)
    agent_id: Mapped[int | None] = mapped_column(Integer)  # who held the ticket when it was solved
    team_id: Mapped[int | None] = mapped_column(Integer)
    to_address: Mapped[str | None] = mapped_column(String(320))
    scale: Mapped[str] = mapped_column(String(10))  # five | thumbs | emoji
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    nonce: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
