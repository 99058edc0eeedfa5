"""Pydantic I/O for the ideal customer profile (money in integer minor units of the workspace currency)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from steward.core.schemas import Strict, at_most

Cell = Annotated[str, StringConstraints(max_length=300)] | float | int | bool | None


class GroupRead(BaseModel):
    accounts: int = Field(description="accounts with a renewal outcome (customers for a year or more)")
    retained: int
    retention: float | None
    retention_low: float | None = Field(description="95% Wilson interval")
    retention_high: float | None
    nrr_accounts: int = Field(description="accounts with ARR a year ago")
    nrr: float | None = Field(description="ARR today / ARR a year ago of those accounts")
    nrr_low: float | None = Field(description="95% bootstrap interval over accounts")
    nrr_high: float | None
    ltv_minor: int | None = Field(description="average ARR x expected lifetime (1 / departures per year)")


class ValueRead(GroupRead):
    attribute: str
    label: str
    value: str
    lift: float = Field(description="log-odds of staying, shrunk toward the workspace rate, minus its own")
    effect: Literal["lifts", "sinks", "no clear difference", "too few to tell"]
    nrr_effect: Literal["lifts", "sinks", "no clear difference", "too few to tell"]
    small: bool


class ReasonRead(BaseModel):
    attribute: str
    value: str
    points: float
    text: str


class FitRead(BaseModel):
    score: int = Field(ge=0, le=100, description="percentile among the workspace's customers with an outcome")
    retention_probability: float
    expected_nrr: float | None
    reasons: list[ReasonRead]


class AccountFitRead(BaseModel):
    account_id: int
    name: str
    basis: Literal["icp", "health score", "none"]
    score: int | None
    retention_probability: float | None = None
    expected_nrr: float | None = None
    reasons: list[ReasonRead] = Field(default_factory=list)
    message: str | None = None


class IcpProfile(BaseModel):
    ready: bool
    message: str | None = Field(
        None, description="why there is no profile yet, and how much history it needs"
    )
    needed: int
    has: int = Field(description="accounts with a renewal outcome")
    currency: str
    overall: GroupRead | None
    attributes: list[str]
    values: list[ValueRead]
    best_fit: list[AccountFitRead]


Prospect = dict[Annotated[str, StringConstraints(max_length=100)], Cell]


class ProspectScore(Strict):
    prospects: Annotated[
        list[dict[Annotated[str, StringConstraints(max_length=100)], Cell]], at_most(5000)
    ] = Field(min_length=1, max_length=5000)


class RowIssueRead(BaseModel):
    row: int | None = Field(description="1-based position in the request (or data row of the file)")
    column: str | None
    msg: str


class ProspectFitRead(FitRead):
    row: int
    name: str | None


class ProspectScoreRead(BaseModel):
    scored: int
    rejected: int
    results: list[ProspectFitRead]
    errors: list[RowIssueRead]
    warnings: list[RowIssueRead]
