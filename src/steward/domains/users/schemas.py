"""Pydantic I/O for users and API keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from steward.core.roles import Role
from steward.core.schemas import Strict

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


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    role: Role
    time_zone: str
    is_active: bool
    created_at: datetime


class ApiKeyCreate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = "api key"
    role: Role


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user (browser) or an API key; always bound to one workspace."""

    workspace_id: int
    role: Role
    user_id: int | None
    name: str
    key_id: int | None = None  # the API key's id, for the audit log
