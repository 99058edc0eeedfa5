"""Pydantic I/O for webhook endpoints and deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, StringConstraints

from steward.core.schemas import Strict


class EndpointCreate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    url: Annotated[str, StringConstraints(min_length=8, max_length=2000)]


class EndpointRead(BaseModel):
    id: int
    name: str
    url: str
    enabled: bool
    created_at: datetime


class EndpointCreated(EndpointRead):
    secret: str


class DeliveryRead(BaseModel):
    id: int
    endpoint_id: int
    event: str
    payload: dict[str, Any]
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
