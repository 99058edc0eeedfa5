"""Success plans: made by hand or from a template (the account's segment picks one by default), worked
item by item, their status computed from dates and progress, and shared with the customer through a
signed link that expires and can be revoked."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from steward.analytics import plans as maths
from steward.core.clock import now_utc, today_utc
from steward.core.errors import Conflict, Invalid, NotFound
from steward.core.security import signed, unsigned
from steward.domains.accounts import service as accounts_service
from steward.domains.plans import queries
from steward.domains.plans.models import PlanItem, PlanObjective, PlanTemplate, SuccessPlan
from steward.domains.plans.schemas import (
    ItemCreate,
    ItemRead,
    ItemUpdate,
    ObjectiveCreate,
    ObjectiveRead,
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
from steward.domains.users import service as users_service

SHARE_PURPOSE = "success-plan"


def create_template(*, session: Session, workspace_id: int, data: TemplateCreate) -> TemplateRead:
    for t in queries.templates(session, workspace_id):
        if t.name == data.name:
            raise Conflict(f"a plan template named {data.name!r} exists", ("body", "name"))
        if data.segment is not None and t.segment == data.segment:
            raise Conflict(
                f"template {t.name!r} is already the one for segment {data.segment!r}", ("body", "segment")
            )
    row = PlanTemplate(
        workspace_id=workspace_id, name=data.name, segment=data.segment,
        objectives=[o.model_dump() for o in data.objectives],
    )  # fmt: skip
    session.add(row)
    session.flush()
    return TemplateRead(id=row.id, **data.model_dump())


def list_templates(*, session: Session, workspace_id: int) -> list[TemplateRead]:
    return [
        TemplateRead(id=t.id, name=t.name, segment=t.segment, objectives=t.objectives)
        for t in queries.templates(session, workspace_id)
    ]


def create_plan(*, session: Session, workspace_id: int, data: PlanCreate) -> PlanRead:
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    try:
        account = accounts_service.get_account(**scope, account_id=data.account_id)
    except NotFound:
        raise Invalid(
            f"no account with id {data.account_id} in this workspace", ("body", "account_id")
        ) from None
    start = data.start_date or today_utc()
    objectives = (
        _from_template(session, workspace_id, data.template_id, account.segment, start) + data.objectives
    )
    users_service.require_users(**scope, ids=[data.owner_id], loc=("body", "owner_id"))
    _require_owners(session, workspace_id, objectives, ("body", "objectives"))
    row = SuccessPlan(workspace_id=workspace_id, account_id=account.id, title=data.title,
                      owner_id=data.owner_id or account.owner_id)  # fmt: skip
    session.add(row)
    session.flush()
    for position, objective in enumerate(objectives):
        _add_objective(session, row, objective, position)
    session.flush()
    return get_plan(**scope, plan_id=row.id)


def _from_template(
    session: Session, workspace_id: int, template_id: int | None, segment: str | None, start: date
) -> list[ObjectiveCreate]:
    templates = queries.templates(session, workspace_id)
    if template_id is not None:
        chosen = next((t for t in templates if t.id == template_id), None)
        if chosen is None:
            raise Invalid(f"no plan template with id {template_id}", ("body", "template_id"))
    else:
        chosen = next((t for t in templates if segment and t.segment == segment), None)
    if chosen is None:
        return []

    def day(offset: int) -> date:
        return start + timedelta(days=offset)

    return [
        ObjectiveCreate(
            title=o["title"], description=o.get("description"), start_date=day(o["start_offset_days"]),
            due_date=day(o["due_offset_days"]),
            items=[ItemCreate(kind=i["kind"], title=i["title"], due_date=day(i["offset_days"]))
                   for i in o["items"]],
        )
        for o in chosen.objectives
    ]  # fmt: skip


def _require_owners(
    session: Session, workspace_id: int, objectives: Sequence[ObjectiveCreate], loc: tuple[str, ...]
) -> None:
    owners = [o.owner_id for o in objectives] + [i.owner_id for o in objectives for i in o.items]
    users_service.require_users(session=session, workspace_id=workspace_id, ids=owners, loc=loc)


def _add_objective(
    session: Session, plan: SuccessPlan, data: ObjectiveCreate, position: int
) -> PlanObjective:
    objective = PlanObjective(
        workspace_id=plan.workspace_id, plan_id=plan.id, title=data.title, description=data.description,
        start_date=data.start_date, due_date=data.due_date, owner_id=data.owner_id, position=position,
    )  # fmt: skip
    session.add(objective)
    session.flush()
    session.add_all(_item(plan, objective, i, n) for n, i in enumerate(data.items))
    return objective


def _item(plan: SuccessPlan, objective: PlanObjective, data: ItemCreate, position: int) -> PlanItem:
    return PlanItem(
        workspace_id=plan.workspace_id, plan_id=plan.id, objective_id=objective.id, kind=data.kind,
        title=data.title, due_date=data.due_date, owner_id=data.owner_id, position=position,
    )  # fmt: skip


def get_plan(*, session: Session, workspace_id: int, plan_id: int) -> PlanRead:
    return _read(session, workspace_id, _get(session, workspace_id, plan_id))


def list_plans(
    *, session: Session, workspace_id: int, account_id: int | None = None, archived: bool | None = False
) -> list[PlanSummary]:
    rows = queries.plans(session, workspace_id, account_id, archived)
    return [PlanSummary(**_read(session, workspace_id, r).model_dump()) for r in rows]


def update_plan(*, session: Session, workspace_id: int, plan_id: int, data: PlanUpdate) -> PlanRead:
    row = _get(session, workspace_id, plan_id)
    sent = data.model_fields_set
    if "owner_id" in sent:
        users_service.require_users(session=session, workspace_id=workspace_id, ids=[data.owner_id],
                                    loc=("body", "owner_id"))  # fmt: skip
    for name in sent & {"title", "owner_id", "archived"}:
        value = getattr(data, name)
        if value is None and name != "owner_id":
            raise Invalid(f"{name} cannot be null", ("body", name))
        setattr(row, name, value)
    session.flush()
    return get_plan(session=session, workspace_id=workspace_id, plan_id=plan_id)


def add_objective(*, session: Session, workspace_id: int, plan_id: int, data: ObjectiveCreate) -> PlanRead:
    row = _get(session, workspace_id, plan_id)
    _require_owners(session, workspace_id, [data], ("body", "owner_id"))
    _add_objective(session, row, data, len(queries.objectives(session, [row.id])))
    session.flush()
    return get_plan(session=session, workspace_id=workspace_id, plan_id=plan_id)


def update_objective(
    *, session: Session, workspace_id: int, plan_id: int, objective_id: int, data: ObjectiveUpdate
) -> PlanRead:
    _get(session, workspace_id, plan_id)
    objective = queries.objective(session, plan_id, objective_id)
    if objective is None:
        raise NotFound("objective", objective_id)
    sent = data.model_fields_set
    if "owner_id" in sent:
        users_service.require_users(session=session, workspace_id=workspace_id, ids=[data.owner_id],
                                    loc=("body", "owner_id"))  # fmt: skip
    for name in sent:
        value = getattr(data, name)
        if value is None and name in ("title", "start_date", "due_date"):
            raise Invalid(f"{name} cannot be null", ("body", name))
        setattr(objective, name, value)
    if objective.due_date < objective.start_date:
        raise Invalid("due_date is before start_date", ("body", "due_date"))
    session.flush()
    return get_plan(session=session, workspace_id=workspace_id, plan_id=plan_id)


def add_item(
    *, session: Session, workspace_id: int, plan_id: int, objective_id: int, data: ItemCreate
) -> PlanRead:
    row = _get(session, workspace_id, plan_id)
    objective = queries.objective(session, plan_id, objective_id)
    if objective is None:
        raise NotFound("objective", objective_id)
    users_service.require_users(session=session, workspace_id=workspace_id, ids=[data.owner_id],
                                loc=("body", "owner_id"))  # fmt: skip
    count = sum(1 for i in queries.items(session, [plan_id]) if i.objective_id == objective_id)
    session.add(_item(row, objective, data, count))
    session.flush()
    return get_plan(session=session, workspace_id=workspace_id, plan_id=plan_id)


def update_item(
    *, session: Session, workspace_id: int, plan_id: int, item_id: int, data: ItemUpdate
) -> PlanRead:
    _get(session, workspace_id, plan_id)
    item = queries.item(session, plan_id, item_id)
    if item is None:
        raise NotFound("plan item", item_id)
    sent = data.model_fields_set
    if "owner_id" in sent:
        users_service.require_users(session=session, workspace_id=workspace_id, ids=[data.owner_id],
                                    loc=("body", "owner_id"))  # fmt: skip
    for name in sent & {"title", "due_date", "owner_id"}:
        if name == "title" and data.title is None:
            raise Invalid("title cannot be null", ("body", "title"))
        setattr(item, name, getattr(data, name))
    if "done" in sent:
        if data.done is None:
            raise Invalid("done cannot be null", ("body", "done"))
        item.done_at = (item.done_at or now_utc()) if data.done else None
    session.flush()
    return get_plan(session=session, workspace_id=workspace_id, plan_id=plan_id)


def share(*, session: Session, workspace_id: int, plan_id: int, data: ShareCreate, secret: str) -> ShareRead:
    """A new customer link; the links made before stop working."""
    row = _get(session, workspace_id, plan_id)
    row.share_nonce = secrets.token_urlsafe(12)
    row.share_expires_at = now_utc() + timedelta(days=data.expires_in_days)
    session.flush()
    expires = str(int(row.share_expires_at.timestamp()))
    token = signed(secret, SHARE_PURPOSE, str(row.id), row.share_nonce, expires)
    return ShareRead(path=f"/shared/plans/{token}", expires_at=row.share_expires_at)


def revoke_share(*, session: Session, workspace_id: int, plan_id: int) -> PlanRead:
    row = _get(session, workspace_id, plan_id)
    row.share_nonce = row.share_expires_at = None
    session.flush()
    return get_plan(session=session, workspace_id=workspace_id, plan_id=plan_id)


def shared_plan(*, session: Session, token: str, secret: str) -> PlanRead:
    """The plan a customer link names, if the link is genuine, current and not revoked: one answer for
    every failure, so a guess learns nothing."""
    parts = unsigned(secret, SHARE_PURPOSE, token, 3)
    gone = NotFound("shared plan", "link", ("path", "token"))
    if parts is None or not parts[0].isdigit() or not parts[2].isdigit():
        raise gone
    row = queries.plan_by_id(session, int(parts[0]))
    if (
        row is None or row.archived or row.share_nonce != parts[1] or row.share_expires_at is None
        or row.share_expires_at < now_utc() or int(parts[2]) != int(row.share_expires_at.timestamp())
    ):  # fmt: skip
        raise gone
    return _read(session, row.workspace_id, row)


def _get(session: Session, workspace_id: int, plan_id: int) -> SuccessPlan:
    row = queries.plan(session, workspace_id, plan_id)
    if row is None:
        raise NotFound("success plan", plan_id)
    return row


def _read(session: Session, workspace_id: int, row: SuccessPlan) -> PlanRead:
    today = today_utc()
    items = queries.items(session, [row.id])
    objectives = []
    for o in queries.objectives(session, [row.id]):
        mine = [i for i in items if i.objective_id == o.id]
        status = maths.objective_status(
            o.start_date, o.due_date, [maths.Item(i.due_date, i.done_at is not None) for i in mine], today
        )
        objectives.append(ObjectiveRead(
            id=o.id, title=o.title, description=o.description, start_date=o.start_date, due_date=o.due_date,
            owner_id=o.owner_id, status=status,
            progress=_progress(mine), items=[_item_read(i, today) for i in mine],
        ))  # fmt: skip
    name = accounts_service.names(session=session, workspace_id=workspace_id, ids=[row.account_id])
    return PlanRead(
        id=row.id, account_id=row.account_id, account_name=name.get(row.account_id, ""), title=row.title,
        owner_id=row.owner_id, archived=row.archived,
        status=maths.plan_status([o.status for o in objectives]),
        progress=_progress(items), start_date=min((o.start_date for o in objectives), default=None),
        due_date=max((o.due_date for o in objectives), default=None), shared=_shared(row),
        objectives=objectives, share_expires_at=row.share_expires_at if _shared(row) else None,
        created_at=row.created_at,
    )  # fmt: skip


def _shared(row: SuccessPlan) -> bool:
    return (
        row.share_nonce is not None and row.share_expires_at is not None and row.share_expires_at > now_utc()
    )


def _progress(items: Sequence[PlanItem]) -> float:
    return round(sum(i.done_at is not None for i in items) / len(items), 4) if items else 0.0


def _item_read(i: PlanItem, today: date) -> ItemRead:
    return ItemRead(
        id=i.id, objective_id=i.objective_id, kind=i.kind, title=i.title,
        due_date=i.due_date, owner_id=i.owner_id, done=i.done_at is not None, done_at=i.done_at,
        overdue=i.done_at is None and i.due_date is not None and i.due_date < today,
    )  # fmt: skip


def shared_with_account(*, session: Session, workspace_id: int, account_id: int) -> list[PlanSummary]:
    """The account's plans its CSM shares with the customer now (a live share link): the portal lists them."""
    rows = queries.plans(session, workspace_id, account_id, False)
    return [PlanSummary(**_read(session, workspace_id, r).model_dump()) for r in rows if _shared(r)]


def shared_plan_of_account(*, session: Session, workspace_id: int, account_id: int, plan_id: int) -> PlanRead:
    """One of those plans for a contact of the account; any other plan is not found, as a missing one."""
    row = queries.plan(session, workspace_id, plan_id)
    if row is None or row.account_id != account_id or row.archived or not _shared(row):
        raise NotFound("success plan", plan_id)
    return _read(session, workspace_id, row)
