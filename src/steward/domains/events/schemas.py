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


class AccountAdoption(BaseModel):
    account_id: int
    name: str
    owner_id: int | None
    mau: int
    seats: int | None
    seat_utilisation: float | None = Field(description="MAU / licensed seats")
    events_30d: int
    trend_30d: float | None = Field(description="events in the last 30 days / the 30 before, minus 1")
    key_events_used: int = Field(description="how many of the workspace's key events it has ever used")
    days_to_first_value: int | None


class FeatureUse(BaseModel):
    event: str
    key: bool = Field(description="one of the workspace's key events")
    events: int = Field(description="in the last 30 days")
    accounts: int = Field(description="accounts that used it in the last 30 days")
    share: float = Field(description="of the accounts with any usage in the last 30 days")


USAGE_SORTS = ("trend", "utilisation", "mau", "events", "name")


class UsageOverview(BaseModel):
    as_of: date
    accounts_active: int = Field(description="accounts with any event in the last 30 days")
    accounts_falling: int = Field(description="accounts whose 30-day trend is below -25%")
    accounts_underused: int = Field(description="accounts using under half of their seats")
    events_30d: int
    events_prior_30d: int
    key_events: list[str]
    features: list[FeatureUse]
    accounts: list[AccountAdoption]
    daily: list[DayCount] = Field(description="the workspace's events and distinct active users per day")


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
