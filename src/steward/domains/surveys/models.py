"""Tables of surveys: the survey (NPS, CSAT, CES or custom, with its questions and audience), the invitations
sent to contacts (each a signed single-use link), the responses with what their comment says (language,
sentiment, themes), and the contacts who asked to get no more surveys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from steward.core.audit import Audited
from steward.core.db import Base, UTCDateTime, created_at_column, updated_at_column


class Survey(Audited, Base):
    __tablename__ = "surveys"
    __audit_type__ = "survey"
    __audit_ignore__ = frozenset({"updated_at"})
    __table_args__ = (UniqueConstraint("public_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # nps | csat | ces | custom
    purpose: Mapped[str] = mapped_column(String(20))  # relationship | transactional
    points: Mapped[int] = mapped_column(Integer, default=5)  # the CSAT scale (custom: its first rating)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recurrence_days: Mapped[int | None] = mapped_column(Integer)
    reminder_days: Mapped[int | None] = mapped_column(Integer)
    expires_days: Mapped[int] = mapped_column(Integer, default=14)
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | paused | archived
    public_key: Mapped[str] = mapped_column(String(40))  # the public link and the in-app widget
    # Random, per survey: the customer's server signs user ids with it (kept as is: the HMAC needs it).
    widget_secret: Mapped[str] = mapped_column(String(64))
    waves: Mapped[int] = mapped_column(Integer, default=0)  # sends made by hand so far
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class SurveyInvite(Base):
    """One contact asked once: the e-mail with its link, one reminder, and the answer's time."""

    __tablename__ = "survey_invites"
    __table_args__ = (
        Index("ix_survey_invites_contact", "workspace_id", "contact_id", "created_at"),
        Index("ix_survey_invites_survey", "survey_id", "wave"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(Integer)
    wave: Mapped[int] = mapped_column(Integer)
    to_address: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(10))
    nonce: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("invite_id"),
        UniqueConstraint("workspace_id", "external_id"),
        Index("ix_survey_responses_ws_time", "workspace_id", "responded_at"),
        Index("ix_survey_responses_survey", "survey_id", "responded_at"),
        Index("ix_survey_responses_account", "workspace_id", "account_id", "responded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("survey_invites.id", ondelete="SET NULL"))
    external_id: Mapped[str | None] = mapped_column(String(200))  # an imported answer's id in its source
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    account_id: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(10))  # email | link | widget | import
    wave: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[int | None] = mapped_column(Integer)
    verdict: Mapped[str | None] = mapped_column(String(10))  # promoter | passive | detractor
    comment: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    language: Mapped[str | None] = mapped_column(String(10))  # of the comment, as detected
    sentiment: Mapped[str | None] = mapped_column(String(10))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    sentiment_confidence: Mapped[float | None] = mapped_column(Float)
    sentiment_source: Mapped[str | None] = mapped_column(String(10))  # model | workspace | analyst
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Per theme found: {"theme", "match" (similarity), "sentiment", "score"} of the part that speaks of it.
    aspects: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    responded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CommentToRead(Base):
    """A response whose comment is stored but not read yet: the queued job "survey-comments" reads it
    (language, sentiment, themes), acts on the work list if `work_list`, and takes this row away. Until
    then the comment shows as being read."""

    __tablename__ = "survey_comments_to_read"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    work_list: Mapped[bool] = mapped_column(Boolean)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SurveyOptOut(Base):
    """A contact who unsubscribed from surveys: no survey of the workspace is sent to them again."""

    __tablename__ = "survey_opt_outs"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = created_at_column()


class LegacyUnsubscribeLink(Base):
    """A contact sent a survey before unsubscribe links named the invitation: their link names the contact's
    id, and it is honoured only while this row exists. It goes with the contact, so a link of a deleted
    contact never reaches whoever is given the id next."""

    __tablename__ = "survey_legacy_unsubscribe_links"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
