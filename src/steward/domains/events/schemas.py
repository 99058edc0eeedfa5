"""Event intake shapes: a validated message, a rejected one, and the API reads of events and metrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from steward.core.schemas import Strict

TYPES = ("track", "page", "identify", "group")
MAX_MESSAGE_BYTES = 32 * 1024
MAX_BATCH_BYTES = 500 * 1024


@dataclass(frozen=True)
class Message:
    """A Segment message that passed validation, in the shape the store takes."""

    type: str
    message_id: str
    event: str
    user_id: str | None
    anonymous_id: str | None
    group_id: str | None
    timestamp: datetime
    properties: dict[str, Any]  # track/page properties, or identify/group traits
    position: int = 0


@dataclass(frozen=True)
class Rejected:
    position: int
    message_id: str | None
    errors: list[str]
    payload: str = field(repr=False)


class RejectedRead(BaseModel):
    index: int
    messageId: str | None
    errors: list[str]


class IngestResult(BaseModel):
    success: bool = Field(description="true when at least one message was stored (Segment clients read it)")
    accepted: int
    rejected: list[RejectedRead]


class RejectionRead(BaseModel):
    id: int
    message_id: str | None
    position: int
    errors: list[str]
    payload: str
    received_at: datetime
    replayed_at: datetime | None


class RejectionPage(BaseModel):
    total: int
    items: list[RejectionRead]


class EventStats(BaseModel):
    events: int
    rejected: int = Field(description="messages in quarantine, not replayed")
    accounts: int = Field(description="accounts with at least one event")
    contacts: int = Field(description="distinct identified users with at least one event")


class ReplayResult(BaseModel):
    replayed: int
    still_rejected: int


class DayCount(BaseModel):
    day: date
    events: int
    active_users: int


class AccountUsage(BaseModel):
    account_id: int
    as_of: date
    dau: int
    wau: int
    mau: int
    stickiness: float | None = Field(description="DAU / MAU")
    seats: int | None
    seat_utilisation: float | None = Field(description="MAU / licensed seats")
    events_30d: int
    events_prior_30d: int
    trend_30d: float | None = Field(description="events in the last 30 days / the 30 before, minus 1")
    key_events_used: list[str]
    key_events_unused: list[str]
    first_key_event_on: date | None
    days_to_first_value: int | None = Field(
        description="from the first subscription start to the first key event"
    )
    daily: list[DayCount]


class KeyEvents(Strict):
    events: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = Field(
        max_length=100, description="the events that mean a customer got value"
    )


class RecentEvent(BaseModel):
    id: int
    type: str
    event: str
    user_id: str | None
    anonymous_id: str | None
    group_id: str | None
    account_id: int | None
    timestamp: datetime
    received_at: datetime


class EventCount(BaseModel):
    event: str
    count: int
    accounts: int
