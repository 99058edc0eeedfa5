"""Pydantic I/O for accounts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from steward.core.schemas import BulkItemResult, BulkResult, Id, Strict, at_most

__all__ = ["BulkItemResult", "BulkResult"]

ExternalId = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(max_length=100, strip_whitespace=True)]
Domain = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$", max_length=255, strip_whitespace=True)
]
AccountSort = Literal[
    "name", "-name", "arr", "-arr", "renewal", "-renewal", "updated", "-updated", "id", "-id"
]


class AccountFields(Strict):
    """Everything about an account except its identity; shared by create, upsert and update."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)] | None = None
    domain: Domain | None = None
    parent_external_id: ExternalId | None = Field(None, description="external_id of the parent account")
    parent_id: Id | None = Field(
        None, description="id of the parent account (alternative to parent_external_id)"
    )
    segment: ShortText | None = None
    tier: ShortText | None = None
    industry: ShortText | None = None
    region: ShortText | None = None
    lifecycle_stage: ShortText | None = None
    owner_id: Id | None = None
    owner_email: str | None = Field(None, description="email of the owning CSM (alternative to owner_id)")
    custom: dict[str, Any] = Field(default_factory=dict)


class AccountCreate(AccountFields):
    external_id: ExternalId
    name: Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]


class AccountUpdate(AccountFields):
    """PATCH: only the fields sent are changed; send null to clear one."""


class AccountBulk(Strict):
    items: Annotated[list[AccountCreate], at_most(5000)] = Field(min_length=1, max_length=5000)


class AccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str
    name: str
    domain: str | None
    parent_id: Id | None
    segment: str | None
    tier: str | None
    industry: str | None
    region: str | None
    lifecycle_stage: str | None
    owner_id: Id | None
    custom: dict[str, Any]
    arr_minor: int
    next_renewal_date: date | None
    created_at: datetime
    updated_at: datetime


class AccountPage(BaseModel):
    items: list[AccountRead]
    total: int
    next_cursor: str | None


class AccountFilter(BaseModel):
    q: str | None = None
    segment: str | None = None
    tier: str | None = None
    lifecycle_stage: str | None = None
    owner_id: Id | None = None
    parent_id: Id | None = None
    region: str | None = None
    industry: str | None = None
