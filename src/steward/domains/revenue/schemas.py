"""Pydantic I/O for revenue metrics (money in integer minor units of the workspace currency)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class MovementRead(BaseModel):
    start: date
    end: date
    currency: str
    start_arr_minor: int
    end_arr_minor: int
    new_minor: int
    expansion_minor: int
    contraction_minor: int
    churned_minor: int
    nrr: float | None = Field(description="(start + expansion - contraction - churn) / start")
    grr: float | None = Field(description="(start - contraction - churn) / start")
    logo_churn_rate: float | None
    start_logos: int
    churned_logos: int


class ArrPoint(BaseModel):
    day: date
    arr_minor: int


class CohortRow(BaseModel):
    cohort: str = Field(description="month of the accounts' first subscription, YYYY-MM")
    logos: list[float | None] = Field(description="share still paying k months after the cohort month")
    revenue: list[float | None] = Field(description="share of the cohort's first-month ARR in force")


class RenewalQuarter(BaseModel):
    quarter: str
    renewals: int
    arr_due_minor: int
    arr_at_risk_minor: int = Field(description="ARR of renewals whose account has churn probability >= 0.5")
    expected_arr_minor: int = Field(description="ARR due weighted by 1 - churn probability")


class RevenueOverview(BaseModel):
    currency: str
    movement: MovementRead
    arr: list[ArrPoint]
    cohorts: list[CohortRow]
    renewals: list[RenewalQuarter]
