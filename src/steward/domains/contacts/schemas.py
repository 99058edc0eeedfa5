"""Pydantic I/O for contacts."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from steward.core.schemas import BulkResult, Id, Strict, at_most

__all__ = ["BulkResult"]

ExternalId = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Email = Annotated[
    str,
    StringConstraints(
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320, strip_whitespace=True, to_lower=True
    ),
]
Language = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)]
PortalAccess = Literal["none", "own", "company"]
ContactSort = Literal["name", "-name", "updated", "-updated", "id", "-id"]


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _check_zone(value: str) -> str:
    if value not in _zones():
        raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Europe/Warsaw")
    return value


TimeZone = Annotated[str, AfterValidator(_check_zone)]


class ContactFields(Strict):
    account_id: Id | None = None
    account_external_id: ExternalId | None = None
    email: Email | None = None
    name: Annotated[str, StringConstraints(max_length=300)] | None = None
    title: Annotated[str, StringConstraints(max_length=200)] | None = None
    role: Annotated[str, StringConstraints(max_length=50)] | None = Field(
        None,
        description="role on the account: champion, decision_maker, user, billing, executive_sponsor, ...",
    )
    language: Language | None = Field(None, description="BCP 47 tag such as en, zh-Hans, he, pl")
    time_zone: TimeZone | None = None
    portal_access: PortalAccess | None = Field(
        None, description="what the contact sees in the customer portal: own tickets (default), company, none"
    )
    custom: dict[str, Any] = Field(default_factory=dict)


class ContactCreate(ContactFields):
    external_id: ExternalId


class ContactUpdate(ContactFields):
    """PATCH: only the fields sent change; null clears one."""


class ContactBulk(Strict):
    items: Annotated[list[ContactCreate], at_most(5000)] = Field(min_length=1, max_length=5000)


class ContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str
    account_id: Id | None
    email: str | None
    name: str | None
    title: str | None
    role: str | None
    language: str | None
    time_zone: str | None
    portal_access: str | None = None
    custom: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class ContactPage(BaseModel):
    items: list[ContactRead]
    total: int
    next_cursor: str | None


class ContactFilter(BaseModel):
    q: str | None = None
    account_id: Id | None = None
    role: str | None = None
    language: str | None = None
