"""Pydantic I/O for subscriptions (money as integer minor units plus an ISO 4217 currency)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field, model_validator

from steward.analytics.revenue import arr_minor, mrr_minor
from steward.core.schemas import BulkResult, Id, Strict, at_most

__all__ = ["BulkResult"]

ExternalId = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
BillingPeriod = Literal["month", "quarter", "year"]
Status = Literal["trial", "active", "past_due", "canceled", "expired"]
SubscriptionSort = Literal["end_date", "-end_date", "arr", "-arr", "start_date", "-start_date", "id", "-id"]
MAX_MINOR = 10**15


class SubscriptionFields(Strict):
    account_id: Id | None = None
    account_external_id: ExternalId | None = None
    plan: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    product: Annotated[str, StringConstraints(max_length=200)] | None = None
    amount_minor: (
        Annotated[int, Field(ge=0, le=MAX_MINOR, description="per billing period, minor units")] | None
    ) = None
    currency: Currency | None = None
    billing_period: BillingPeriod | None = None
    seats: Annotated[int, Field(ge=0, le=10**9)] | None = None
    start_date: date | None = None
    end_date: date | None = Field(None, description="end of the current term, i.e. the renewal date")
    auto_renew: bool | None = None
    notice_days: Annotated[int, Field(ge=0, le=3650)] | None = None
    status: Status | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> SubscriptionFields:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        return self


class SubscriptionCreate(SubscriptionFields):
    external_id: ExternalId
    plan: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    amount_minor: Annotated[int, Field(ge=0, le=MAX_MINOR, description="per billing period, minor units")]
    currency: Currency
    billing_period: BillingPeriod
    start_date: date
    auto_renew: bool = True
    notice_days: Annotated[int, Field(ge=0, le=3650)] = 0
    status: Status = "active"

    @model_validator(mode="after")
    def _needs_account(self) -> SubscriptionCreate:
        if self.account_id is None and not self.account_external_id:
            raise ValueError("a subscription needs account_id or account_external_id")
        return self


class SubscriptionUpdate(SubscriptionFields):
    """PATCH: only the fields sent change."""


class SubscriptionBulk(Strict):
    items: Annotated[list[SubscriptionCreate], at_most(5000)] = Field(min_length=1, max_length=5000)


class SubscriptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str
    account_id: int
    plan: str
    product: str | None
    amount_minor: int
    currency: str
    billing_period: BillingPeriod
    seats: int | None
    start_date: date
    end_date: date | None
    auto_renew: bool
    notice_days: int
    status: Status
    created_at: datetime
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def arr_minor(self) -> int:
        return arr_minor(self.amount_minor, self.billing_period)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def mrr_minor(self) -> int:
        return mrr_minor(self.amount_minor, self.billing_period)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def renewal_notice_date(self) -> date | None:
        """Last day to give notice before the term ends."""
        return self.end_date - timedelta(days=self.notice_days) if self.end_date else None


class SubscriptionPage(BaseModel):
    items: list[SubscriptionRead]
    total: int
    next_cursor: str | None


class SubscriptionFilter(BaseModel):
    account_id: Id | None = None
    status: Status | None = None
    plan: str | None = None
    renews_after: date | None = None
    renews_before: date | None = None
