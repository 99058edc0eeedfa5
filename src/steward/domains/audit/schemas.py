"""Pydantic I/O of the audit log: who acted, a record, a page of records, the filters and retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from steward.core.schemas import Strict


class ActorType(StrEnum):
    user = "user"
    api_key = "api_key"
    anonymous = "anonymous"  # a failed sign-in: whoever typed the address


@dataclass(frozen=True)
class Actor:
    """Who is acting in a database session; the recorder stamps it on every record."""

    type: ActorType
    id: int | None
    name: str
    client_ip: str = ""


class AuditRecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_type: ActorType
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: int | None
    client_ip: str
    changes: dict[str, Any]
    note: str


class AuditRecordPage(BaseModel):
    items: list[AuditRecordRead]
    next_cursor: str | None


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None  # exact, or a prefix ending in '.' ('rule.' for every rule action)
    actor_type: ActorType | None = None
    actor_id: int | None = None
    object_type: str | None = None
    object_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


class RetentionRead(BaseModel):
    retention_days: int


class RetentionUpdate(Strict):
    retention_days: Annotated[int, Field(ge=30, le=3650, description="records older than this are purged")]
