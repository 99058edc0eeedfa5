"""Pydantic I/O for journeys: stages with exit criteria, history imports and the journey report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from steward.core.schemas import Id, Strict, at_most
from steward.domains.rules.schemas import ConditionIn

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=100)]
DONE = "done"


class Stage(Strict):
    key: Key
    name: Label
    exit_when: list[ConditionIn] = Field(
        default_factory=list,
        max_length=20,
        description="the account moves on once all hold (rule fields); empty only on the last stage",
    )
    expected_days: int | None = Field(None, ge=1, le=730, description="an account here longer is stuck")
    value: bool = Field(
        False, description="reaching this stage is the customer's first value (time to value)"
    )
    celebrate: Literal["none", "cta", "email_owner"] = Field(
        "none", description="on reaching the stage: a Lifecycle CTA for the CSM, or an e-mail to them"
    )


class JourneyFields(Strict):
    enter_when: list[ConditionIn] = Field(
        default_factory=list, max_length=20, description="accounts that meet these join at the first stage"
    )
    stages: list[Stage] = Field(min_length=2, max_length=20)

    @field_validator("stages")
    @classmethod
    def _shape(cls, stages: list[Stage]) -> list[Stage]:
        keys = [s.key for s in stages]
        if len(set(keys)) != len(keys) or DONE in keys:
            raise ValueError(f"stage keys must be distinct and not {DONE!r}")
        if any(not s.exit_when for s in stages[:-1]):
            raise ValueError("every stage but the last needs exit_when: what moves an account on")
        if sum(s.value for s in stages) > 1:
            raise ValueError("at most one stage is the value stage")
        return stages


class JourneyCreate(JourneyFields):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    enabled: bool = True


class JourneyUpdate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    enabled: bool | None = None


class JourneyRead(JourneyCreate):
    id: int
    created_at: datetime


class HistoryItem(Strict):
    account_id: Id
    stage: Key = Field(description=f"a stage key, or {DONE!r} for finishing the journey")
    on: date


class HistoryImport(Strict):
    """Stage dates from before Steward (another tool, a spreadsheet): each account's moves in date order."""

    items: Annotated[list[HistoryItem], at_most(5000)] = Field(min_length=1, max_length=5000)


class AdvanceResult(BaseModel):
    entered: int
    moved: int
    completed: int
    celebrated: int


class StuckAccount(BaseModel):
    account_id: int
    name: str
    days: int


class StageReport(BaseModel):
    key: str
    name: str
    accounts: int = Field(description="in this stage now")
    median_days: float | None = Field(description="of the stays that ended")
    expected_days: int | None
    stuck: list[StuckAccount]


class CohortRow(BaseModel):
    cohort: str
    accounts: int
    reached_value: int
    median_days_to_value: float | None


class JourneyReport(BaseModel):
    journey: JourneyRead
    accounts: int
    completed: int
    stages: list[StageReport]
    time_to_value: list[CohortRow]
