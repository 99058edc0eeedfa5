"""Pydantic I/O for the e-mail outbox, bounces and suppressed addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["queued", "sent", "bounced", "failed", "suppressed"]


class EmailRead(BaseModel):
    id: int
    account_id: int | None
    contact_id: int | None
    rule_id: int | None
    to_address: str
    subject: str
    status: Status
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    bounced_at: datetime | None


class EmailPage(BaseModel):
    total: int
    items: list[EmailRead]


class SuppressionRead(BaseModel):
    address: str
    reason: str
    email_id: int | None
    created_at: datetime


class BounceResult(BaseModel):
    bounced: list[str] = Field(description="addresses now suppressed")
    matched_emails: list[int] = Field(description="outbox e-mails this report is about")
    delayed: list[str] = Field(description="recipients reported as delayed (nothing suppressed)")
