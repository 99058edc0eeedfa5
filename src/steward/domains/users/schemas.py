"""Pydantic I/O for users and API keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from steward.core.i18n import LANGUAGES
from steward.core.roles import Role
from steward.core.schemas import Id, Strict
from steward.domains.users.scopes import DEFAULT_SCOPES, check_scope

Email = Annotated[
    str,
    StringConstraints(
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320, to_lower=True, strip_whitespace=True
    ),
]


class UserCreate(Strict):
    email: Email
    name: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    role: Role
    password: Annotated[str, StringConstraints(min_length=10, max_length=1000)] | None = None
    time_zone: str = "UTC"


class UserUpdate(Strict):
    """What an admin may change of a user; fields left out stay as they are."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)] | None = None
    role: Role | None = None
    is_active: bool | None = None


def _supported_language(value: str) -> str:
    if value and value not in LANGUAGES:
        raise ValueError(f"not a supported language; choose one of {', '.join(LANGUAGES)} or none")
    return value


class LanguageChoice(Strict):
    """A user's own choice of UI language: one of the supported languages, or "" to follow the browser."""

    language: Annotated[str, StringConstraints(max_length=16), AfterValidator(_supported_language)] = ""


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    role: Role
    time_zone: str
    is_active: bool
    created_at: datetime


Scope = Annotated[str, StringConstraints(max_length=60), AfterValidator(check_scope)]


class ApiKeyCreate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = "api key"
    role: Role
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=50)] = Field(
        default_factory=lambda: list(DEFAULT_SCOPES),
        description="read, write, or per area (events:write is an intake key); the role still applies",
    )
    expires_at: datetime | None = Field(
        default=None, description="refused from this time on (UTC if no zone)"
    )
    owner_id: Id | None = Field(
        default=None, description="the user the key belongs to; it stops working when they are deactivated"
    )

    @field_validator("scopes")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        return sorted(set(value))

    @field_validator("expires_at")
    @classmethod
    def _in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        try:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError:
            raise ValueError("the time is out of range in UTC") from None
        if value <= datetime.now(UTC):
            raise ValueError("must be in the future")
        return value


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    owner_id: int | None = None


class ApiKeyCreated(ApiKeyRead):
    key: str


class WebSessionRead(BaseModel):
    """A signed-in browser: its device (user agent), when it signed in, was last used and expires."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    user_agent: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user (browser) or an API key; always bound to one workspace."""

    workspace_id: int
    role: Role
    user_id: int | None
    name: str
    key_id: int | None = None  # the API key's id, for the audit log
    scopes: tuple[str, ...] = DEFAULT_SCOPES  # a signed-in person's are all of them
    owner_id: int | None = None  # the API key's owner: whose own things (saved views) the key reaches


class TwoFactorRequirement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    required: bool = Field(description="every user of the workspace must sign in with a second factor")
