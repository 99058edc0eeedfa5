"""Pydantic I/O for CSV imports."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Entity = Literal["accounts", "contacts", "subscriptions", "responses"]
PLANNED_ENTITIES = ("tickets", "transactions")


class ImportResult(BaseModel):
    entity: Entity
    rows: int
    created: int
    updated: int
    dry_run: bool
