"""Pydantic I/O for advocacy requests and the points ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from steward.core.schemas import Id, Strict

Kind = Literal["referral", "review", "case_study", "reference_call", "testimonial", "speaking"]
Status = Literal["asked", "agreed", "completed", "declined"]
# What completing each kind of request earns by default; a workspace may set its own.
DEFAULT_POINTS: dict[str, int] = {
    "referral": 100,
    "review": 50,
    "case_study": 150,
    "reference_call": 75,
    "testimonial": 40,
    "speaking": 200,
}
Notes = Annotated[str, StringConstraints(max_length=5000)]


class RequestCreate(Strict):
    contact_id: Id
    kind: Kind
    notes: Notes | None = None


class RequestUpdate(Strict):
    """Completing awards the kind's points once; moving a completed request back takes them back."""

    status: Status | None = None
    notes: Notes | None = None


class RequestRead(BaseModel):
    id: int
    account_id: int
    contact_id: int
    contact_name: str
    kind: Kind
    status: Status
    notes: str | None
    asked_by: int | None
    created_at: datetime
    completed_at: datetime | None


class PointsCreate(Strict):
    contact_id: Id
    points: int = Field(
        ge=-100_000, le=100_000, description="negative to redeem; the balance cannot go below 0"
    )
    reason: Annotated[str, StringConstraints(min_length=1, max_length=300)]


class PointsRead(BaseModel):
    id: int
    contact_id: int
    points: int
    reason: str
    request_id: int | None
    created_at: datetime


class Advocate(BaseModel):
    contact_id: int
    contact_name: str
    account_id: int
    balance: int
    completed: int = Field(description="requests completed")
    ledger: list[PointsRead] = Field(default_factory=list)


class PointsTable(Strict):
    points: dict[Kind, Annotated[int, Field(ge=0, le=100_000)]]
