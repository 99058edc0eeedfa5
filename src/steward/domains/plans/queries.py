"""Read side of success plans."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.domains.plans.models import PlanItem, PlanObjective, PlanTemplate, SuccessPlan


def plan(session: Session, workspace_id: int, plan_id: int) -> SuccessPlan | None:
    return session.scalar(
        select(SuccessPlan).where(SuccessPlan.workspace_id == workspace_id, SuccessPlan.id == plan_id)
    )


def plans(
    session: Session, workspace_id: int, account_id: int | None, archived: bool | None
) -> list[SuccessPlan]:
    query = select(SuccessPlan).where(SuccessPlan.workspace_id == workspace_id)
    if account_id is not None:
        query = query.where(SuccessPlan.account_id == account_id)
    if archived is not None:
        query = query.where(SuccessPlan.archived == archived)
    return list(session.scalars(query.order_by(SuccessPlan.id.desc()).limit(500)))


def objectives(session: Session, plan_ids: Collection[int]) -> list[PlanObjective]:
    query = select(PlanObjective).where(PlanObjective.plan_id.in_(list(plan_ids)))
    return list(session.scalars(query.order_by(PlanObjective.position, PlanObjective.id)))


def items(session: Session, plan_ids: Collection[int]) -> list[PlanItem]:
    query = select(PlanItem).where(PlanItem.plan_id.in_(list(plan_ids)))
    return list(session.scalars(query.order_by(PlanItem.position, PlanItem.id)))


def objective(session: Session, plan_id: int, objective_id: int) -> PlanObjective | None:
    return session.scalar(
        select(PlanObjective).where(PlanObjective.plan_id == plan_id, PlanObjective.id == objective_id)
    )


def item(session: Session, plan_id: int, item_id: int) -> PlanItem | None:
    return session.scalar(select(PlanItem).where(PlanItem.plan_id == plan_id, PlanItem.id == item_id))


def templates(session: Session, workspace_id: int) -> list[PlanTemplate]:
    query = select(PlanTemplate).where(PlanTemplate.workspace_id == workspace_id)
    return list(session.scalars(query.order_by(PlanTemplate.name)))


def plan_by_id(session: Session, plan_id: int) -> SuccessPlan | None:
    """Any workspace's plan: only for a signed customer link, which names its plan."""
    return session.get(SuccessPlan, plan_id)
