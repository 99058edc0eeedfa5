"""Pydantic I/O for business reviews, the cadence per segment and the review pack."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from steward.core.schemas import Id, Strict
from steward.domains.tickets.schemas import SupportSummary

Status = Literal["scheduled", "held", "cancelled"]
Segment = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Cadence(Strict):
    every_days: dict[Segment, Annotated[int, Field(ge=7, le=730)]] = Field(
        default_factory=dict, max_length=100, description="segment -> days between reviews; others get none"
    )


class ReviewCreate(Strict):
    account_id: Id
    due_date: date
    owner_id: Id | None = Field(None, description="default: the account's owner")


class ReviewUpdate(Strict):
    """PATCH: `held` records the review (held_on defaults to today) and schedules the next by the cadence."""

    status: Status | None = None
    due_date: date | None = None
    held_on: date | None = None
    notes: Annotated[str, StringConstraints(max_length=50_000)] | None = None


class ReviewRead(BaseModel):
    id: int
    account_id: int
    account_name: str
    due_date: date
    status: Status
    held_on: date | None
    owner_id: int | None
    notes: str | None
    source: Literal["cadence", "manual"]
    overdue: bool
    created_at: datetime


class ScheduleResult(BaseModel):
    scheduled: int


class Measure(BaseModel):
    key: str
    group: str
    value: float | None
    score: float | None
    contribution: float
    change_since_last_week: float | None


class HealthPart(BaseModel):
    overall: float | None
    grade: str | None
    trend: str | None
    scorecard: str
    strongest: list[Measure] = Field(description="the measures giving the most points")
    weakest: list[Measure] = Field(description="the measures scoring lowest")
    sentiment: str | None


class ObjectivePart(BaseModel):
    title: str
    status: str
    progress: float
    due_date: date


class PlanPart(BaseModel):
    id: int
    title: str
    status: str
    progress: float
    objectives: list[ObjectivePart]


class RenewalPart(BaseModel):
    due_date: date
    plan: str
    status: str
    forecast: str
    current_arr_minor: int
    expected_arr_minor: int
    outcome: str | None


class AdvocacyPart(BaseModel):
    kind: str = Field(description="the advocacy request's kind, e.g. case_study")
    contact_name: str


class ReviewPack(BaseModel):
    review: ReviewRead
    period_start: date
    period_end: date
    owner_name: str | None
    segment: str | None
    currency: str
    arr_minor: int
    arr_year_ago_minor: int
    health: HealthPart | None
    activities: dict[str, int] = Field(description="activities logged in the period, by kind")
    last_activity: date | None
    plans: list[PlanPart]
    renewals: list[RenewalPart]
    open_ctas: dict[str, int] = Field(description="open calls to action by type")
    ctas_closed_in_period: int
    advocacy_completed: list[str] = Field(description="e.g. 'case study by Ana Kovacs'")
    advocacy: list[AdvocacyPart] = Field(
        default_factory=list, description="the same requests as kind and contact, for a page to word them"
    )
    support: SupportSummary | None = Field(None, description="tickets, SLAs, CSAT and recurring issues")
    surveys: None = Field(None, description="NPS and themes: arrive with surveys")
