"""Pydantic I/O for churn models, account churn scores and the ARR-at-risk ranking."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class ChurnTrain(BaseModel):
    model_config = ConfigDict(extra="forbid")
    horizon_days: int = Field(90, ge=30, le=365, description="predict churn within this many days")


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
