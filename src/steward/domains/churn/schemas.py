"""Pydantic I/O for churn models, account churn scores and the ARR-at-risk ranking."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class ChurnTrain(BaseModel):
    model_config = ConfigDict(extra="forbid")
    horizon_days: int = Field(90, ge=30, le=365, description="predict churn within this many days")
    flag_precision: float = Field(
        0.5, ge=0.05, le=0.95,
        description="the backtest's lead time flags accounts at the risk that reaches this precision",
    )  # fmt: skip


class LeadTimeRead(BaseModel):
    name: str = Field(description="what ranked the accounts: this model, the previous features, health alone")
    precision_target: float
    roc_auc: float | None
    threshold: float | None = Field(
        description="risk at or above which accounts were flagged on the last backtest day, set on the days "
        "before it (health score alone: at or below)"
    )
    precision: float | None = Field(
        description="precision of the flags on the backtest days after the first, each flagged at the "
        "threshold set on the days before it (it may fall short of the target)"
    )
    churners: int = Field(
        description="accounts that churned within the horizon of a backtest day after the first"
    )
    flagged: int = Field(description="of them, flagged on such a day before they churned")
    flagged_share: float | None
    median_lead_days: float | None = Field(description="median days from the first flag to the churn")
    note: str = ""


class BacktestRead(BaseModel):
    origins: list[date] = Field(
        description="past days predicted, each by a model that saw only what was known"
    )
    rows: int
    churned: int
    roc_auc: float
    pr_auc: float
    baseline_roc_auc: float = Field(description="logistic regression on the same split")
    brier: float
    predicted_churners: float
    top_decile_capture: float = Field(description="share of churners among the riskiest 10% of accounts")
    lead_time: list[LeadTimeRead] = Field(
        default_factory=list,
        description="churners flagged at the chosen precision and how early, beside the previous feature set "
        "and the health score alone on the same days",
    )


class ChurnModelRead(BaseModel):
    id: int
    version: int
    horizon_days: int
    trained_through: date
    rows: int
    churned: int
    algorithm: str
    selection_roc_auc: dict[str, float]
    features: list[str]
    backtest: BacktestRead | None
    accounts_scored: int
    seconds: float
    created_at: datetime


class ChurnModelPage(BaseModel):
    items: list[ChurnModelRead]
    total: int
    next_cursor: str | None = None


class ChurnReason(BaseModel):
    feature: str
    label: str
    text: str = Field(description="the reason in words, e.g. 'renewal in 39 days'")
    value: float | str | None
    adds: float = Field(description="how much this value raises the probability over a typical value")


class AccountChurnRead(BaseModel):
    account_id: int
    probability: float
    horizon_days: int
    arr_minor: int
    arr_at_risk_minor: int
    ltv_minor: int = Field(description="expected discounted revenue over 36 months")
    currency: str
    reasons: list[ChurnReason]
    model_id: int
    model_version: int
    scored_at: datetime


class AtRiskItem(AccountChurnRead):
    name: str


class AtRiskPage(BaseModel):
    items: list[AtRiskItem]
    total: int
    next_cursor: str | None = None


class HealthFallbackItem(BaseModel):
    account_id: int
    name: str
    health_score: float
    grade: str | None
    day: date = Field(description="the day the score was computed")


class HealthFallback(BaseModel):
    """Accounts ranked by health score, lowest first: what stands in for the churn model until the
    workspace's history can train one."""

    label: str = Field(description="says this is the health score, not a churn model, and what is needed")
    needed: str
    items: list[HealthFallbackItem]
    total: int
