"""HTTP routes for success plans, their objectives and items, templates and customer share links."""

from __future__ import annotations

from fastapi import APIRouter, status

from steward.domains.plans import service
from steward.domains.plans.schemas import (
    ItemCreate,
    ItemUpdate,
    ObjectiveCreate,
    ObjectiveUpdate,
    PlanCreate,
    PlanRead,
    PlanSummary,
    PlanUpdate,
    ShareCreate,
    ShareRead,
    TemplateCreate,
    TemplateRead,
)
from steward.settings import get_settings
from steward.web.deps import Manager, PathId, QueryId, Reader, SessionDep, Writer

router = APIRouter(tags=["success plans"])


@router.get("/plans/templates", response_model=list[TemplateRead])
def list_templates(s: SessionDep, p: Reader) -> list[TemplateRead]:
    return service.list_templates(session=s, workspace_id=p.workspace_id)


@router.post("/plans/templates", response_model=TemplateRead, status_code=status.HTTP_201_CREATED)
def create_template(body: TemplateCreate, s: SessionDep, p: Manager) -> TemplateRead:
    """Objectives and items offset in days from a plan's start; `segment` makes it that segment's default."""
    return service.create_template(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/plans", response_model=list[PlanSummary])
def list_plans(
    s: SessionDep, p: Reader, account_id: QueryId = None, archived: bool = False
) -> list[PlanSummary]:
    return service.list_plans(
        session=s, workspace_id=p.workspace_id, account_id=account_id, archived=archived
    )


@router.post("/plans", response_model=PlanRead, status_code=status.HTTP_201_CREATED)
def create_plan(body: PlanCreate, s: SessionDep, p: Writer) -> PlanRead:
    return service.create_plan(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/plans/{plan_id}", response_model=PlanRead)
def get_plan(plan_id: PathId, s: SessionDep, p: Reader) -> PlanRead:
    """With each objective's status (done, not started, on track, behind, stuck) from dates and progress."""
    return service.get_plan(session=s, workspace_id=p.workspace_id, plan_id=plan_id)


@router.patch("/plans/{plan_id}", response_model=PlanRead)
def update_plan(plan_id: PathId, body: PlanUpdate, s: SessionDep, p: Writer) -> PlanRead:
    return service.update_plan(session=s, workspace_id=p.workspace_id, plan_id=plan_id, data=body)


@router.post("/plans/{plan_id}/objectives", response_model=PlanRead, status_code=status.HTTP_201_CREATED)
def add_objective(plan_id: PathId, body: ObjectiveCreate, s: SessionDep, p: Writer) -> PlanRead:
    return service.add_objective(session=s, workspace_id=p.workspace_id, plan_id=plan_id, data=body)


@router.patch("/plans/{plan_id}/objectives/{objective_id}", response_model=PlanRead)
def update_objective(
    plan_id: PathId, objective_id: PathId, body: ObjectiveUpdate, s: SessionDep, p: Writer
) -> PlanRead:
    return service.update_objective(
        session=s, workspace_id=p.workspace_id, plan_id=plan_id, objective_id=objective_id, data=body
    )


@router.post(
    "/plans/{plan_id}/objectives/{objective_id}/items",
    response_model=PlanRead,
    status_code=status.HTTP_201_CREATED,
)
def add_item(plan_id: PathId, objective_id: PathId, body: ItemCreate, s: SessionDep, p: Writer) -> PlanRead:
    return service.add_item(
        session=s, workspace_id=p.workspace_id, plan_id=plan_id, objective_id=objective_id, data=body
    )


@router.patch("/plans/{plan_id}/items/{item_id}", response_model=PlanRead)
def update_item(plan_id: PathId, item_id: PathId, body: ItemUpdate, s: SessionDep, p: Writer) -> PlanRead:
    return service.update_item(
        session=s, workspace_id=p.workspace_id, plan_id=plan_id, item_id=item_id, data=body
    )


@router.post("/plans/{plan_id}/share", response_model=ShareRead)
def share(plan_id: PathId, body: ShareCreate, s: SessionDep, p: Writer) -> ShareRead:
    """A read-only link for the customer (no account needed); it replaces any earlier link."""
    return service.share(
        session=s, workspace_id=p.workspace_id, plan_id=plan_id, data=body, secret=get_settings().secret_key
    )


@router.delete("/plans/{plan_id}/share", response_model=PlanRead)
def revoke_share(plan_id: PathId, s: SessionDep, p: Writer) -> PlanRead:
    """Every customer link to this plan stops working."""
    return service.revoke_share(session=s, workspace_id=p.workspace_id, plan_id=plan_id)
