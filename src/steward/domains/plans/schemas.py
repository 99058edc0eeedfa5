"""Pydantic I/O for success plans, their objectives and items, templates and share links."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from steward.core.schemas import Id, Strict

Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
Kind = Literal["milestone", "task"]
Status = Literal["done", "not_started", "on_track", "behind", "stuck"]
Offset = Annotated[int, Field(ge=0, le=3650)]


class TemplateItem(Strict):
    kind: Kind = "task"
    title: Title
    offset_days: Offset = Field(description="due this many days after the plan starts")


class TemplateObjective(Strict):
    title: Title
    description: Text | None = None
    start_offset_days: Offset = 0
    due_offset_days: Offset
    items: list[TemplateItem] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _order(self) -> TemplateObjective:
        if self.due_offset_days < self.start_offset_days:
            raise ValueError("due_offset_days is before start_offset_days")
        return self


class TemplateCreate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    segment: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = Field(
        None, description="new plans for accounts of this segment start from this template"
    )
    objectives: list[TemplateObjective] = Field(min_length=1, max_length=30)


class TemplateRead(TemplateCreate):
    id: int


class ItemCreate(Strict):
    kind: Kind = "task"
    title: Title
    due_date: date | None = None
    owner_id: Id | None = None


class ItemUpdate(Strict):
    """PATCH: only the fields sent change; `done` ticks the item off or reopens it."""

    title: Title | None = None
    due_date: date | None = None
    owner_id: Id | None = None
    done: bool | None = None


class ObjectiveCreate(Strict):
    title: Title
    description: Text | None = None
    start_date: date
    due_date: date
    owner_id: Id | None = None
    items: list[ItemCreate] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _order(self) -> ObjectiveCreate:
        if self.due_date < self.start_date:
            raise ValueError("due_date is before start_date")
        return self


class ObjectiveUpdate(Strict):
    title: Title | None = None
    description: Text | None = None
    start_date: date | None = None
    due_date: date | None = None
    owner_id: Id | None = None


class PlanCreate(Strict):
    account_id: Id
    title: Title
    owner_id: Id | None = Field(None, description="default: the account's owner")
    start_date: date | None = Field(None, description="template offsets count from here; default today")
    template_id: Id | None = Field(
        None, description="default: the template of the account's segment, if there is one"
    )
    objectives: list[ObjectiveCreate] = Field(default_factory=list, max_length=30)


class PlanUpdate(Strict):
    title: Title | None = None
    owner_id: Id | None = None
    archived: bool | None = None


class ItemRead(BaseModel):
    id: int
    objective_id: int
    kind: Kind
    title: str
    due_date: date | None
    owner_id: int | None
    done: bool
    done_at: datetime | None
    overdue: bool


class ObjectiveRead(BaseModel):
    id: int
    title: str
    description: str | None
    start_date: date
    due_date: date
    owner_id: int | None
    status: Status
    progress: float = Field(description="share of its items done")
    items: list[ItemRead]


class PlanSummary(BaseModel):
    id: int
    account_id: int
    account_name: str
    title: str
    owner_id: int | None
    archived: bool
    status: Status
    progress: float
    start_date: date | None
    due_date: date | None
    shared: bool


class PlanRead(PlanSummary):
    objectives: list[ObjectiveRead]
    share_expires_at: datetime | None
    created_at: datetime


class ShareCreate(Strict):
    expires_in_days: int = Field(90, ge=1, le=730)


class ShareRead(BaseModel):
    path: str = Field(description="open it on this server: /shared/plans/<token>; anyone with it can read")
    expires_at: datetime
