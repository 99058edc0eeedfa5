"""Pydantic I/O for timeline activities."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from steward.core.schemas import Id, Strict

ActivityKind = Literal[
    "note", "call", "meeting", "email", "milestone", "survey", "billing"
]  # survey: a response, billing: payment trouble from Stripe invoices; both logged by Steward
ACTIVITY_KINDS: tuple[str, ...] = ("note", "call", "meeting", "email", "milestone")


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        raise ValueError("give a time zone, e.g. 2026-03-01T14:00:00Z or +01:00")
    return value.astimezone(UTC) if value is not None else None


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
Subject = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Body = Annotated[str, StringConstraints(max_length=20_000)]


class ActivityCreate(Strict):
    account_id: Id
    kind: ActivityKind
    subject: Subject
    body: Body = ""
    occurred_at: AwareDatetime | None = Field(None, description="defaults to now")
    contact_ids: list[Id] = Field(default_factory=list, max_length=100)


class ActivityUpdate(Strict):
    kind: ActivityKind | None = None
    subject: Subject | None = None
    body: Body | None = None
    occurred_at: AwareDatetime | None = None
    contact_ids: list[Id] | None = Field(None, max_length=100)


class ActivityRead(BaseModel):
    id: int
    account_id: Id
    kind: ActivityKind
    subject: str
    body: str
    occurred_at: datetime
    author_id: int | None
    author_name: str | None
    contact_ids: list[int]
    created_at: datetime


class ActivityPage(BaseModel):
    items: list[ActivityRead]
    next_cursor: str | None
