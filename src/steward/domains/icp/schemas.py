"""Pydantic I/O for the ideal customer profile (money in integer minor units of the workspace currency)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from steward.core.schemas import Strict, at_most

Cell = Annotated[str, StringConstraints(max_length=300)] | float | int | bool | None
Effect = Literal["lifts", "sinks", "no clear difference", "too few to tell"]


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
    effect: Effect
    nrr_effect: Effect
    small: bool


class ReasonRead(BaseModel):
    attribute: str
    value: str
    points: float
    text: str = Field(description="the reason in English words; the fields below say it as data")
    kind: Literal["outcomes", "unseen"] = Field(
        description="outcomes: the value's outcomes beside the workspace's; unseen: a value not in the "
        "history, counted as average"
    )
    label: str = Field(description="the attribute's name as shown")
    accounts: int | None = Field(None, description="accounts with this value and a renewal outcome")
    retention: float | None = None
    retention_low: float | None = Field(None, description="95% Wilson interval")
    retention_high: float | None = None
    workspace_retention: float | None = None
    effect: Effect | None = None
    nrr: float | None = None
    workspace_nrr: float | None = None
    nrr_effect: Effect | None = None


class NotReadyRead(BaseModel):
    """Why there is no profile yet, as data (the `message` beside it says the same in English)."""

    why: Literal["too little history", "no varying attribute"]
    needed: int = Field(description="accounts with a renewal outcome a profile needs")
    needed_each: int = Field(description="of which at least this many left and this many stayed")
    has: int = Field(description="accounts with a renewal outcome")
    left: int = Field(description="of which left")


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
    not_ready: NotReadyRead | None = Field(None, description="with basis other than icp: why")
    scorecard: str | None = Field(None, description="with basis 'health score': the score's scorecard")


class IcpProfile(BaseModel):
    ready: bool
    message: str | None = Field(
        None, description="why there is no profile yet, and how much history it needs"
    )
    not_ready: NotReadyRead | None = None
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
