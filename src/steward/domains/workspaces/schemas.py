"""Pydantic I/O for workspaces and custom-field definitions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from steward.core.schemas import Strict

CustomFieldType = Literal["text", "number", "date", "bool", "url"]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
FieldKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class WorkspaceCreate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    slug: Slug | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"


class WorkspaceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    currency: str
    lifecycle_stages: list[str]
    created_at: datetime


class WorkspaceCreated(BaseModel):
    id: int
    slug: str
    write_key: str


class LifecycleStagesUpdate(Strict):
    stages: list[Annotated[str, StringConstraints(min_length=1, max_length=50)]] = Field(min_length=1)


class CustomFieldCreate(Strict):
    entity: Literal["account", "contact"]
    key: FieldKey
    label: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    type: CustomFieldType


class CustomFieldRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    entity: str
    key: str
    label: str
    type: str
