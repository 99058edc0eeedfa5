"""Alert channel and delivery I/O."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from steward.core.schemas import Id, Strict

# sync_failed: a data sync source started failing (about the workspace, not an account: the channel's
# segment and owner filters do not apply).
AlertEvent = Literal["health_drop", "risk_cta", "sla_breach", "sync_failed"]


class ChannelCreate(Strict):
    """Unknown fields, NUL characters (PostgreSQL text cannot hold them) and NaN are refused."""

    name: str = Field(min_length=1, max_length=200)
    kind: Literal["slack", "teams"]
    url: str = Field(min_length=8, max_length=2000)
    events: list[AlertEvent] = Field(min_length=1, max_length=4)
    # A health drop: the score fell at least this many points in a week (or the grade became the worst).
    drop_points: int = Field(default=10, ge=1, le=100)
    segment: str | None = Field(default=None, min_length=1, max_length=100)
    owner_id: Id | None = None


class ChannelRead(BaseModel):
    id: int
    name: str
    kind: str
    url: str  # masked: scheme, host and the last four characters
    events: list[str]
    drop_points: int
    segment: str | None
    owner_id: int | None
    enabled: bool
    created_at: datetime


class DeliveryRead(BaseModel):
    id: int
    channel_id: int
    event: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_answer: str | None
    created_at: datetime
    delivered_at: datetime | None
