"""HTTP routes for calls to action, their tasks and comments, playbooks and CTA types."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from steward.domains.ctas import service
from steward.domains.ctas.schemas import (
    ApplyPlaybook,
    CommentCreate,
    CommentRead,
    CtaCreate,
    CtaDetail,
    CtaPage,
    CtaSnooze,
    CtaTypes,
    CtaUpdate,
    PlaybookCreate,
    PlaybookRead,
    Status,
    TaskCreate,
    TaskRead,
    TaskUpdate,
    TypeKey,
)
from steward.web.deps import Admin, Manager, PathId, QueryId, QueryIds, Reader, SessionDep, Writer

router = APIRouter(tags=["ctas"])


@router.get("/ctas/types", response_model=dict[str, str])
def get_types(s: SessionDep, p: Reader) -> dict[str, str]:
    """The workspace's CTA types, key -> label."""
    return service.cta_types(session=s, workspace_id=p.workspace_id)


@router.put("/ctas/types", response_model=dict[str, str])
def put_types(body: CtaTypes, s: SessionDep, p: Admin) -> dict[str, str]:
    """Replace the CTA types; a type that open CTAs use cannot be dropped."""
    return service.set_cta_types(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/ctas", response_model=CtaPage)
def list_ctas(
    s: SessionDep,
    p: Reader,
    owner_id: QueryIds = None,
    account_id: QueryId = None,
    status_: Annotated[Literal["open", "closed", "all"] | Status, Query(alias="status")] = "open",
    type_: Annotated[list[TypeKey] | None, Query(alias="type")] = None,
    overdue: bool = False,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CtaPage:
    """CTAs soonest due first; `status=open` (the default) includes in progress and snoozed."""
    return service.list_ctas(
        session=s, workspace_id=p.workspace_id, owner_ids=owner_id, account_id=account_id, status=status_,
        types=type_ or [], overdue=overdue, cursor=cursor, limit=limit,
    )  # fmt: skip


@router.post("/ctas", response_model=CtaDetail, status_code=status.HTTP_201_CREATED)
def create_cta(body: CtaCreate, s: SessionDep, p: Writer) -> CtaDetail:
    return service.create_cta(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/ctas/{cta_id}", response_model=CtaDetail)
def get_cta(cta_id: PathId, s: SessionDep, p: Reader) -> CtaDetail:
    return service.get_cta(session=s, workspace_id=p.workspace_id, cta_id=cta_id)


@router.patch("/ctas/{cta_id}", response_model=CtaDetail)
def update_cta(cta_id: PathId, body: CtaUpdate, s: SessionDep, p: Writer) -> CtaDetail:
    """Change fields; status done or cancelled closes the CTA, open or in_progress reopens it."""
    return service.update_cta(session=s, workspace_id=p.workspace_id, cta_id=cta_id, data=body)


@router.post("/ctas/{cta_id}/snooze", response_model=CtaDetail)
def snooze(cta_id: PathId, body: CtaSnooze, s: SessionDep, p: Writer) -> CtaDetail:
    return service.snooze_cta(session=s, workspace_id=p.workspace_id, cta_id=cta_id, data=body)


@router.post("/ctas/{cta_id}/tasks", response_model=TaskRead, status_code=status.HTTP_201_CREATED)
def add_task(cta_id: PathId, body: TaskCreate, s: SessionDep, p: Writer) -> TaskRead:
    return service.add_task(session=s, workspace_id=p.workspace_id, cta_id=cta_id, data=body)


@router.patch("/ctas/{cta_id}/tasks/{task_id}", response_model=TaskRead)
def update_task(cta_id: PathId, task_id: PathId, body: TaskUpdate, s: SessionDep, p: Writer) -> TaskRead:
    """`done: true` ticks a task off (refused while a task it depends on is open)."""
    return service.update_task(
        session=s, workspace_id=p.workspace_id, cta_id=cta_id, task_id=task_id, data=body
    )


@router.post("/ctas/{cta_id}/comments", response_model=CommentRead, status_code=status.HTTP_201_CREATED)
def add_comment(cta_id: PathId, body: CommentCreate, s: SessionDep, p: Writer) -> CommentRead:
    return service.add_comment(
        session=s, workspace_id=p.workspace_id, cta_id=cta_id, author_id=p.user_id, data=body
    )


@router.post("/ctas/{cta_id}/playbook", response_model=CtaDetail)
def apply_playbook(cta_id: PathId, body: ApplyPlaybook, s: SessionDep, p: Writer) -> CtaDetail:
    """Add the playbook's tasks to the CTA (tasks it already has from that playbook are skipped)."""
    return service.apply_playbook(
        session=s, workspace_id=p.workspace_id, cta_id=cta_id, playbook_id=body.playbook_id
    )


@router.get("/playbooks", response_model=list[PlaybookRead])
def list_playbooks(s: SessionDep, p: Reader) -> list[PlaybookRead]:
    return service.list_playbooks(session=s, workspace_id=p.workspace_id)


@router.post("/playbooks", response_model=PlaybookRead, status_code=status.HTTP_201_CREATED)
def create_playbook(body: PlaybookCreate, s: SessionDep, p: Manager) -> PlaybookRead:
    return service.create_playbook(session=s, workspace_id=p.workspace_id, data=body)
