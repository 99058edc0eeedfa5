"""Success plan pages: the CSM's page (timeline, objectives and items to tick off, the customer link) and
the read-only page a customer opens from a signed link, without an account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.analytics.plans import bar
from steward.core.clock import today_utc
from steward.core.errors import DomainError, Forbidden, NotFound
from steward.core.roles import WRITE
from steward.core.schemas import MAX_ID
from steward.domains.plans import service as plans_service
from steward.domains.plans.schemas import ItemUpdate, PlanCreate, PlanRead, ShareCreate
from steward.domains.users import service as users_service
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep
from steward.web.ui.forms import first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
CHART_WIDTH = 560  # px of the bar area; labels sit to its left


@dataclass(frozen=True)
class GanttRow:
    label: str
    level: int  # 0 objective, 1 item
    status: str
    x: int
    width: int


def gantt(plan: PlanRead, today: date) -> dict[str, Any]:
    """Rows (objectives with their dated items under them), the date ticks and where today falls."""
    if plan.start_date is None or plan.due_date is None:
        return {"rows": [], "today_x": None, "ticks": []}
    first, last = plan.start_date, plan.due_date
    rows: list[GanttRow] = []
    for o in plan.objectives:
        b = bar(o.start_date, o.due_date, first, last)
        rows.append(
            GanttRow(o.title, 0, o.status, round(b.x * CHART_WIDTH), max(round(b.width * CHART_WIDTH), 3))
        )
        for i in o.items:
            if i.due_date is None:
                continue
            m = bar(i.due_date, i.due_date, first, last)
            state = "done" if i.done else "late" if i.overdue else i.kind
            rows.append(GanttRow(i.title, 1, state, round(m.x * CHART_WIDTH), 8))
    span = max((last - first).days, 1)
    ticks = [(round((d - first).days / span * CHART_WIDTH), d) for d in _month_starts(first, last)]
    inside = first <= today <= last
    return {
        "rows": rows,
        "ticks": ticks,
        "today_x": round((today - first).days / span * CHART_WIDTH) if inside else None,
    }


def _month_starts(first: date, last: date) -> list[date]:
    out, d = [], date(first.year, first.month, 1)
    while d <= last:
        if d >= first:
            out.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out[:24]


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(
    plan_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, error: str = ""
) -> HTMLResponse:
    plan = plans_service.get_plan(session=s, workspace_id=user.workspace_id, plan_id=plan_id)
    context: dict[str, Any] = {
        "user": user, "plan": plan, "gantt": gantt(plan, today_utc()), "error": error[:300],
        "can_edit": user.can(WRITE), "share_path": request.query_params.get("shared", "")[:400],
        "users": {u.id: u.name for u in users_service.list_users(session=s, workspace_id=user.workspace_id)},
    }  # fmt: skip
    return templates.TemplateResponse(request, "plan.html", context)


@router.post("/plans/{plan_id}/act", response_model=None)
def act(
    plan_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    item_id: Annotated[str, Form(max_length=20)] = "",
    done: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """The plan page's buttons: tick an item off or reopen it, make a customer link, revoke it."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read success plans but not change them")
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "plan_id": plan_id}
    plans_service.get_plan(**scope)  # 404 before anything else
    try:
        if action == "item" and item_id.isdigit() and int(item_id) <= MAX_ID:
            plans_service.update_item(**scope, item_id=int(item_id), data=ItemUpdate(done=done == "1"))
        elif action == "share":
            link = plans_service.share(**scope, data=ShareCreate(), secret=get_settings().secret_key)
            return RedirectResponse(f"/plans/{plan_id}?shared={quote(link.path)}#share", status_code=303)
        elif action == "revoke":
            plans_service.revoke_share(**scope)
    except DomainError as exc:
        return RedirectResponse(f"/plans/{plan_id}?error={quote(notice(exc.msg))}", status_code=303)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.post("/accounts/{account_id}/plans", response_model=None)
def new_plan(
    account_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    title: Annotated[str, Form(max_length=400)] = "",
    template_id: Annotated[str, Form(max_length=20)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """From the account page: a plan from the chosen template, or the account segment's."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read success plans but not create them")
    template = int(template_id) if template_id.isdigit() and int(template_id) <= MAX_ID else None
    try:
        data = PlanCreate(account_id=account_id, title=title.strip(), template_id=template)
        made = plans_service.create_plan(session=s, workspace_id=user.workspace_id, data=data)
    except (ValidationError, DomainError) as exc:
        message = first_error(exc)
        return RedirectResponse(
            f"/accounts/{account_id}?plan_error={quote(notice(message))}#plans", status_code=303
        )
    return RedirectResponse(f"/plans/{made.id}", status_code=303)


@router.get("/shared/plans/{token}", response_class=HTMLResponse)
def shared_plan(token: str, request: Request, s: SessionDep) -> HTMLResponse:
    """No login: the signed link is the key. A forged, expired or revoked link gets the same 404."""
    headers = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
    try:
        plan = plans_service.shared_plan(session=s, token=token[:500], secret=get_settings().secret_key)
    except NotFound:
        context: dict[str, Any] = {"user": None, "plan": None}
        return templates.TemplateResponse(
            request, "shared_plan.html", context, status_code=404, headers=headers
        )
    context = {"user": None, "plan": plan, "gantt": gantt(plan, today_utc())}  # no user: nothing editable
    return templates.TemplateResponse(request, "shared_plan.html", context, headers=headers)
