"""Pydantic I/O for health scorecards and account health, and the conversion to analytics.health types."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from steward.analytics import health

Key = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")]


class ThresholdsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["thresholds"] = "thresholds"
    poor: float = Field(description="at or below this the measure scores 0 (at or above, when poor > good)")
    good: float = Field(
        description="at or above this the measure scores 100; set good < poor for 'more is worse'"
    )


class GridIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["grid"]
    bounds: list[float] = Field(min_length=1, max_length=20)
    points: list[float] = Field(min_length=1, max_length=20)


class MeasureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key = Field(description="an input (see GET /health/inputs) or, with a formula, a new name")
    weight: float = Field(gt=0, le=100)
    mapping: Annotated[ThresholdsIn | GridIn, Field(union_mode="left_to_right")]
    formula: str | None = Field(
        None, max_length=500, description="arithmetic over other measures, e.g. a / b"
    )


class GroupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key
    weight: float = Field(gt=0, le=100)
    measures: list[MeasureIn] = Field(min_length=1, max_length=50)


class GradeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1, max_length=40)
    low: float = Field(ge=0, le=100)
    high: float = Field(ge=0, le=100)


class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: Literal["segment", "tier", "region", "lifecycle_stage"]
    values: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(min_length=1, max_length=50)


DEFAULT_GRADES = [GradeIn(label="red", low=0, high=50), GradeIn(label="yellow", low=50, high=75),
                  GradeIn(label="green", low=75, high=100)]  # fmt: skip


class ScorecardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    groups: list[GroupIn] = Field(min_length=1, max_length=20)
    grades: list[GradeIn] = Field(default_factory=lambda: list(DEFAULT_GRADES), min_length=1, max_length=10)
    rules: list[RuleIn] = Field(
        default_factory=list,
        max_length=10,
        description="accounts this scorecard scores, by their current segment, tier, region or lifecycle "
        "stage: all rules must match; none means every account. An account's own scorecard is the first "
        "(oldest) whose rules it matches, else the first without rules",
    )

    def to_analytics(self) -> health.Scorecard:
        def mapping(m: ThresholdsIn | GridIn) -> health.Thresholds | health.PointGrid:
            if isinstance(m, ThresholdsIn):
                return health.Thresholds(poor=m.poor, good=m.good)
            return health.PointGrid(bounds=tuple(m.bounds), points=tuple(m.points))

        return health.Scorecard(
            groups=tuple(
                health.Group(g.key, g.weight, tuple(
                    health.Measure(m.key, m.weight, mapping(m.mapping), formula=m.formula) for m in g.measures
                ))
                for g in self.groups
            ),
            grades=tuple(health.Grade(x.label, x.low, x.high) for x in self.grades),
        )  # fmt: skip


class ScorecardRead(ScorecardCreate):
    id: int


class MeasureScore(BaseModel):
    key: str
    group: str
    value: float | None
    score: float | None
    contribution: float = Field(description="points of the overall score this measure gives")
    missing: bool
    change_since_last_week: float | None = Field(description="change in contribution over 7 days")


class HealthPoint(BaseModel):
    day: date
    overall: float | None
    grade: str | None


class ChildrenRollup(BaseModel):
    scored: int = Field(description="direct children with a score under this scorecard on the same day")
    mean: float
    arr_weighted: float


class AccountHealthRead(BaseModel):
    account_id: int
    scorecard_id: int
    scorecard: str
    day: date
    overall: float | None
    grade: str | None
    trend: Literal["up", "down", "same"] | None = Field(
        description="against 7 days earlier, 2-point tolerance"
    )
    groups: dict[str, float | None]
    measures: list[MeasureScore]
    history: list[HealthPoint]
    children: ChildrenRollup | None = Field(
        description="for a parent: its direct children's scores rolled up"
    )


class RecomputeResult(BaseModel):
    scorecard_id: int
    days: int
    accounts: int
    rows_written: int


class GradeOutcome(BaseModel):
    snapshots: int
    churn_rate: float | None


class ValidationReport(BaseModel):
    scorecard: str
    horizon_days: int
    roc_auc: float = Field(description="of (100 - score) against churn within the horizon; 0.5 is chance")
    accounts: int
    snapshots: int = Field(description="account-months scored")
    churned: int
    churn_rate_by_grade: dict[str, GradeOutcome]
