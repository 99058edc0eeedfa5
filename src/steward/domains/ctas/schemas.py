"""Pydantic I/O for calls to action, their tasks and comments, playbooks and CTA types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from steward.core.schemas import Id, Strict

Priority = Literal["low", "medium", "high", "urgent"]
PRIORITIES: tuple[str, ...] = ("low", "medium", "high", "urgent")
Status = Literal["open", "in_progress", "snoozed", "done", "cancelled"]
OPEN_STATUSES: tuple[str, ...] = ("open", "in_progress", "snoozed")
TypeKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
TaskKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]

DEFAULT_TYPES = {
    "risk": "Risk", "opportunity": "Opportunity", "lifecycle": "Lifecycle", "activity": "Activity",
    "objective": "Objective",
}  # fmt: skip


class CtaCreate(Strict):
    account_id: Id
    type: TypeKey = Field(description="one of the workspace's CTA types (GET /ctas/types)")
    reason: Reason = Field(
        description="why, e.g. 'Health turned red'; open CTAs are unique per type and reason"
    )
    title: Title | None = Field(None, description="defaults to the reason")
    priority: Priority = "medium"
    owner_id: Id | None = Field(None, description="defaults to the account's owner")
    due_date: date | None = None
    contact_ids: list[Id] = Field(default_factory=list, max_length=50)
    playbook_id: Id | None = Field(None, description="apply this playbook's tasks at once")


class CtaUpdate(Strict):
    """PATCH: only the fields sent change. Status 'snoozed' goes through POST /ctas/{id}/snooze."""

    title: Title | None = None
    priority: Priority | None = None
    owner_id: Id | None = None
    due_date: date | None = None
    status: Literal["open", "in_progress", "done", "cancelled"] | None = None
    contact_ids: list[Id] | None = Field(None, max_length=50)


class CtaSnooze(Strict):
    until: date = Field(description="a day after today; the CTA reopens then")
    reason: Reason


class TaskCreate(Strict):
    title: Title
    owner_id: Id | None = None
    due_date: date | None = None


class TaskUpdate(Strict):
    title: Title | None = None
    owner_id: Id | None = None
    due_date: date | None = None
    done: bool | None = None


class CommentCreate(Strict):
    body: Text


class TaskRead(BaseModel):
    id: int
    key: str | None
    title: str
    owner_id: int | None
    due_date: date | None
    depends_on: list[str]
    done: bool
    done_at: datetime | None


class CommentRead(BaseModel):
    id: int
    author_id: int | None
    author: str | None
    body: str
    created_at: datetime


class CtaRead(BaseModel):
    id: int
    account_id: int
    account_name: str
    type: str
    reason: str
    title: str
    priority: Priority
    status: Status
    owner_id: int | None
    due_date: date | None
    overdue: bool
    snoozed_until: date | None
    snooze_reason: str | None
    source: Literal["manual", "rule", "journey", "recurring_issue", "survey"]
    rule_id: int | None
    contact_ids: list[int]
    tasks_open: int
    tasks_total: int
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class CtaDetail(CtaRead):
    tasks: list[TaskRead]
    comments: list[CommentRead]


class CtaPage(BaseModel):
    items: list[CtaRead]
    total: int
    next_cursor: str | None


class PlaybookTask(Strict):
    key: TaskKey = Field(description="unique in the playbook; depends_on names other keys")
    title: Title
    offset_days: int = Field(0, ge=0, le=365, description="due this many days after the playbook is applied")
    owner: Literal["cta_owner", "account_owner", "unassigned"] = "cta_owner"
    depends_on: list[TaskKey] = Field(default_factory=list, max_length=20)


class PlaybookCreate(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    cta_type: TypeKey | None = Field(None, description="offered for CTAs of this type (any type when empty)")
    tasks: list[PlaybookTask] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _keys_unique(self) -> PlaybookCreate:
        keys = [t.key for t in self.tasks]
        duplicate = next((k for i, k in enumerate(keys) if k in keys[:i]), None)
        if duplicate:
            raise ValueError(f"task key {duplicate!r} is used twice")
        return self


class PlaybookRead(PlaybookCreate):
    id: int


class ApplyPlaybook(Strict):
    playbook_id: Id


class CtaTypeIn(Strict):
    key: TypeKey
    label: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class CtaTypes(Strict):
    types: list[CtaTypeIn] = Field(min_length=1, max_length=30)
