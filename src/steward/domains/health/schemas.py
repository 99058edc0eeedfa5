"""Pydantic I/O for health scorecards and account health, and the conversion to analytics.health types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from steward.analytics import health
from steward.core.schemas import Strict

Key = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z][a-z0-9_]*$")]


class ThresholdsIn(Strict):
    kind: Literal["thresholds"] = "thresholds"
    poor: float = Field(description="at or below this the measure scores 0 (at or above, when poor > good)")
    good: float = Field(
        description="at or above this the measure scores 100; set good < poor for 'more is worse'"
    )


class GridIn(Strict):
    kind: Literal["grid"]
    bounds: list[float] = Field(min_length=1, max_length=20)
    points: list[float] = Field(min_length=1, max_length=20)


class MeasureIn(Strict):
    key: Key = Field(description="an input (see GET /health/inputs) or, with a formula, a new name")
    weight: float = Field(gt=0, le=100)
    mapping: Annotated[ThresholdsIn | GridIn, Field(union_mode="left_to_right")]
    formula: str | None = Field(
        None, max_length=500, description="arithmetic over other measures, e.g. a / b"
    )
    stale_after_days: int | None = Field(
        None, ge=1, le=3650,
        description="mark the measure stale when its input was set longer ago than this (churn_probability "
        "defaults to 14, csm_sentiment to 90)",
    )  # fmt: skip


class GroupIn(Strict):
    key: Key
    weight: float = Field(gt=0, le=100)
    measures: list[MeasureIn] = Field(min_length=1, max_length=50)


class GradeIn(Strict):
    label: str = Field(min_length=1, max_length=40)
    low: float = Field(ge=0, le=100)
    high: float = Field(ge=0, le=100)


class RuleIn(Strict):
    field: Literal["segment", "tier", "region", "lifecycle_stage"]
    values: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(min_length=1, max_length=50)


DEFAULT_GRADES = [GradeIn(label="red", low=0, high=50), GradeIn(label="yellow", low=50, high=75),
                  GradeIn(label="green", low=75, high=100)]  # fmt: skip


class ScorecardCreate(Strict):
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
    as_of: date | None = Field(None, description="for dated inputs: the day the value was set")
    stale: bool = Field(False, description="the value is older than the measure's stale_after_days")


class SentimentCreate(Strict):
    score: int = Field(ge=1, le=10, description="1 = about to leave, 10 = thriving")
    comment: str = Field(min_length=1, max_length=4000, description="why: what the CSM has seen")


class SentimentRead(SentimentCreate):
    id: int
    account_id: int
    author_id: int | None
    author: str | None
    created_at: datetime


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
    sentiment: SentimentRead | None = Field(None, description="the latest CSM sentiment, with its comment")


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


class GradeBucket(BaseModel):
    label: str
    accounts: int
    arr_minor: int
    tone: Literal["bad", "mid", "good", "none"] = Field(
        "none", description="its scorecard's lowest grade bad, highest good, the others mid; none: unscored"
    )


class GradeChart(BaseModel):
    scorecard: str = Field(description="a scorecard's name; its grades in the order it lists them")
    grades: list[GradeBucket]


class PortfolioAccount(BaseModel):
    account_id: int
    name: str
    owner_id: int | None
    arr_minor: int
    renewal_date: date | None
    scorecard: str | None
    overall: float | None
    grade: str | None
    week_ago: float | None = Field(description="overall score 7 days before the day")
    change: float | None = Field(description="overall minus week_ago")
    churn_probability: float | None


class PortfolioRead(BaseModel):
    day: date | None = Field(description="the day of the latest scores (None: nothing scored yet)")
    currency: str
    accounts: int
    arr_minor: int
    grades: list[GradeBucket] = Field(description="accounts and ARR per grade; 'unscored' for the rest")
    charts: list[GradeChart] = Field(
        default_factory=list,
        description="the same per scorecard, so Red/Yellow/Green and A-D never share a chart",
    )
    unscored_accounts: int = 0
    at_risk_accounts: int = Field(description="accounts in the lowest grade of their scorecard")
    at_risk_arr_minor: int
    expected_churn_arr_minor: int | None = Field(
        description="sum of ARR x churn probability under the current churn model (None without one)"
    )
    drops: list[PortfolioAccount] = Field(description="the largest falls in health over the week")
    renewals: list[PortfolioAccount] = Field(description="renewals due within renewal_days, soonest first")


class BandRead(BaseModel):
    label: str
    snapshots: int
    churned: int
    churn_rate: float | None


class MeasureAdviceRead(BaseModel):
    key: str
    group: str
    coverage: float = Field(description="share of snapshots where the measure had a value")
    roc_auc: float | None = Field(
        description="of the raw value against churn within the horizon, turned to 0.5-1 (0.5 is chance); "
        "None when the history has too few values"
    )
    direction: Literal["higher_churns", "lower_churns"] | None = Field(
        description="which side of the value churned more"
    )
    mapping_agrees: bool | None = Field(
        description="the current thresholds score the churning side lower (None for grids)"
    )
    mapping: ThresholdsIn | GridIn
    cuts: list[float] | None = Field(
        description="values where the current thresholds cross from red to yellow and yellow to green"
    )
    bands: list[BandRead] = Field(description="churn per grade of the measure's score now, all snapshots")
    suggested_mapping: ThresholdsIn | None = Field(description="None: keep the current mapping")
    suggested_cuts: list[float] | None
    current_bands_later: list[BandRead] = Field(description="current mapping, on the later months")
    suggested_bands_later: list[BandRead] = Field(description="suggested mapping, on the later months")
    weight: float = Field(description="points of 100 the measure weighs now (group x measure weight)")
    suggested_weight: float


class AdviceSplit(BaseModel):
    fit_months: int
    fit_snapshots: int
    fit_churned: int
    fit_until: date = Field(description="the last snapshot the suggestion was fitted on")
    eval_from: date = Field(description="the first snapshot both scorecards are evaluated on")
    eval_months: int
    eval_snapshots: int
    eval_churned: int


class AdviceRead(BaseModel):
    scorecard_id: int
    scorecard: str
    horizon_days: int
    enough_history: bool
    needs: str | None = Field(description="with too little history: how much is needed and what there is")
    months: int = Field(description="monthly snapshots in the history")
    snapshots: int = Field(description="account-months")
    churned_accounts: int
    measures: list[MeasureAdviceRead]
    split: AdviceSplit | None
    current_roc_auc: float | None = Field(description="the current scorecard, on the later months")
    suggested_roc_auc: float | None = Field(description="the suggested scorecard, on the same months")
    suggested: ScorecardCreate | None = Field(description="what applying the advice writes")
    differs: bool = Field(description="the suggestion changes the scorecard (False once applied)")
    fingerprint: str | None = Field(description="send it back to apply exactly this suggestion")


class AdviceApply(Strict):
    horizon_days: int = Field(90, ge=30, le=365)
    fingerprint: str | None = Field(
        None, min_length=1, max_length=64, description="refuse if the advice changed since it was read"
    )


class AdviceApplied(BaseModel):
    scorecard: ScorecardRead
    previous: ScorecardRead
