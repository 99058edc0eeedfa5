"""Pydantic I/O for renewal opportunities, the renewal settings, the pipeline and closed outcomes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from steward.core.schemas import Id, Strict

Forecast = Literal["commit", "best_case", "at_risk"]
RenewalSort = Literal["due", "arr", "expected", "risk"]
Outcome = Literal["renewed", "upsell", "downsell", "churned"]
ReasonCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Minor = Annotated[int, Field(ge=0, le=10**15)]
DEFAULT_REASONS = [
    "price", "budget", "competitor", "product_gap", "low_adoption", "champion_left", "acquired", "support",
    "other",
]  # fmt: skip


class RenewalSettings(Strict):
    lead_days: int = Field(
        120, ge=1, le=730, description="open an opportunity this many days before a term ends"
    )
    churn_reasons: list[ReasonCode] = Field(
        default_factory=lambda: list(DEFAULT_REASONS), min_length=1, max_length=50
    )


class RenewalUpdate(Strict):
    """PATCH: only the fields sent change; a forecast set here is kept by the daily refresh."""

    forecast: Forecast | None = None
    expected_arr_minor: Minor | None = None
    owner_id: Id | None = None
    notes: Annotated[str, StringConstraints(max_length=20_000)] | None = None


class RenewalClose(Strict):
    outcome: Outcome
    outcome_arr_minor: Minor | None = Field(
        None, description="ARR of the next term; renewed defaults to the current ARR, churned to 0"
    )
    churn_reason: ReasonCode | None = Field(None, description="required when churned; one of the workspace's")
    notes: Annotated[str, StringConstraints(max_length=20_000)] | None = None


class RenewalRead(BaseModel):
    id: int
    account_id: int
    account_name: str
    subscription_id: int
    plan: str
    due_date: date
    days_left: int
    current_arr_minor: int
    expected_arr_minor: int
    forecast: Forecast
    forecast_by: Literal["auto", "person"]
    status: Literal["open", "closed"]
    outcome: Outcome | None
    outcome_arr_minor: int | None
    churn_reason: str | None
    next_subscription_id: int | None
    owner_id: int | None
    notes: str | None
    created_at: datetime
    closed_at: datetime | None


class RenewalPage(BaseModel):
    total: int
    items: list[RenewalRead]


class PipelineCell(BaseModel):
    forecast: Forecast
    count: int
    expected_arr_minor: int


class PipelineQuarter(BaseModel):
    quarter: str
    count: int
    current_arr_minor: int
    expected_arr_minor: int
    cells: list[PipelineCell]


class ReasonRow(BaseModel):
    reason: str
    count: int
    arr_minor: int


class OutcomeRow(BaseModel):
    outcome: Outcome
    count: int
    current_arr_minor: int


class OutcomeReport(BaseModel):
    start: date
    end: date
    closed: int
    current_arr_minor: int = Field(description="ARR that came up for renewal and was closed")
    renewed_arr_minor: int
    nrr: float | None = Field(description="renewed ARR / ARR up for renewal")
    grr: float | None = Field(description="as NRR with each renewal capped at its current ARR")
    by_outcome: list[OutcomeRow]
    churn_by_reason: list[ReasonRow]


class OpenDueResult(BaseModel):
    opened: int
    forecasts_refreshed: int
