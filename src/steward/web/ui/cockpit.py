"""The CSM cockpit (today's and overdue CTAs, renewals due and health drops, workload per CSM) and the CTA
page where the work is done: status, snooze, tasks, comments and playbooks."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.clock import today_utc
from steward.core.errors import DomainError, Forbidden
from steward.core.roles import WRITE
from steward.core.schemas import MAX_ID
from steward.domains.ctas import service as ctas_service
from steward.domains.ctas import worklist
from steward.domains.ctas.schemas import CommentCreate, CtaCreate, CtaSnooze, CtaUpdate, TaskUpdate
from steward.domains.health import portfolio as health_portfolio
from steward.domains.users import service as users_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.cockpit_bulk import cockpit_link, cta_list
from steward.web.ui.forms import FormError, first_error
from steward.web.ui.notices import notice
from steward.web.ui.saved_views import panel
from steward.web.ui.session import CurrentUiUser, UiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()


@router.get("/cockpit", response_class=HTMLResponse)
def cockpit(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    everyone: bool = False,
    type_: Annotated[str | None, Query(alias="type", max_length=40)] = None,
    status: Literal["", "open", "in_progress", "snoozed"] = "",
    priority: Literal["", "low", "medium", "high", "urgent"] = "",
    sort: worklist.Sort = "due",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    ws = user.workspace_id
    owners = None if everyone else [user.id]
    types = ctas_service.cta_types(session=s, workspace_id=ws)
    chosen = [type_] if type_ in types else []
    filters: dict[str, Any] = {
        "everyone": "true" if everyone else "", "type": type_ if chosen else "", "status": status,
        "priority": priority, "sort": sort, "page": page,
    }  # fmt: skip
    listing = cta_list(s, ws, owners, chosen, filters)
    overdue = ctas_service.list_ctas(
        session=s, workspace_id=ws, owner_ids=owners, overdue=True, limit=1
    ).total
    book = health_portfolio.portfolio(session=s, workspace_id=ws, owner_ids=owners, limit=8)
    users = {u.id: u.name for u in users_service.list_users(session=s, workspace_id=ws)}
    context: dict[str, Any] = {
        "user": user, "listing": listing, "overdue": overdue, "book": book, "everyone": everyone,
        "types": types, "type": filters["type"], "users": users, "filters": filters, "sorts": worklist.SORTS,
        "here": cockpit_link(filters),
        "link": lambda **changes: cockpit_link({**filters, "page": 1, **changes}),
        "can_bulk": user.can(WRITE), "tomorrow": today_utc() + timedelta(days=1),
        "workload": ctas_service.workload(session=s, workspace_id=ws) if everyone else [],
        "views": panel(s, user, "cockpit", request),
    }  # fmt: skip
    return templates.TemplateResponse(request, "cockpit.html", context)


@router.get("/ctas/{cta_id}", response_class=HTMLResponse)
def cta_page(cta_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    return _render(request, s, user, cta_id)


def _render(
    request: Request,
    s: SessionDep,
    user: UiUser,
    cta_id: int,
    error: str | FormError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    ws = user.workspace_id
    cta = ctas_service.get_cta(session=s, workspace_id=ws, cta_id=cta_id)
    context: dict[str, Any] = {
        "user": user, "cta": cta, "error": error, "can_edit": user.can(WRITE),
        "users": {u.id: u.name for u in users_service.list_users(session=s, workspace_id=ws)},
        "types": ctas_service.cta_types(session=s, workspace_id=ws),
        "playbooks": [b for b in ctas_service.list_playbooks(session=s, workspace_id=ws)
                      if b.cta_type in (None, cta.type)],
    }  # fmt: skip
    return templates.TemplateResponse(request, "cta.html", context, status_code=status_code)


@router.post("/ctas/{cta_id}/act", response_model=None)
def act(
    cta_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[str, Form(max_length=20)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    status: Annotated[str, Form(max_length=20)] = "",
    until: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=400)] = "",
    body: Annotated[str, Form(max_length=40_000)] = "",
    task_id: Annotated[str, Form(max_length=20)] = "",
    done: Annotated[str, Form(max_length=5)] = "",
    playbook_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """One form endpoint for the CTA page's buttons: status, snooze, comment, task, playbook."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read CTAs but not work on them")
    scope: dict[str, Any] = {"session": s, "workspace_id": user.workspace_id, "cta_id": cta_id}
    ctas_service.get_cta(**scope)  # 404 before anything else
    try:
        if action == "status":
            ctas_service.update_cta(**scope, data=CtaUpdate(status=status))
        elif action == "snooze":
            ctas_service.snooze_cta(**scope, data=CtaSnooze(until=until, reason=reason))
        elif action == "comment":
            ctas_service.add_comment(**scope, author_id=user.id, data=CommentCreate(body=body))
        elif action == "task":
            task = int(task_id) if task_id.isdigit() and int(task_id) <= MAX_ID else 0
            ctas_service.update_task(**scope, task_id=task, data=TaskUpdate(done=done == "1"))
        elif action == "playbook" and playbook_id.isdigit() and int(playbook_id) <= MAX_ID:
            ctas_service.apply_playbook(**scope, playbook_id=int(playbook_id))
    except (ValidationError, DomainError) as exc:
        return _render(request, s, user, cta_id, error=first_error(exc), status_code=422)
    return RedirectResponse(f"/ctas/{cta_id}", status_code=303)


@router.post("/accounts/{account_id}/ctas", response_model=None)
def new_cta(
    account_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    type: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=400)] = "",
    priority: Annotated[str, Form(max_length=10)] = "medium",
    due_date: Annotated[str, Form(max_length=20)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read CTAs but not create them")
    try:
        data = CtaCreate(account_id=account_id, type=type, reason=reason.strip(), priority=priority,
                         due_date=due_date or None)  # fmt: skip
        made = ctas_service.create_cta(session=s, workspace_id=user.workspace_id, data=data)
    except (ValidationError, DomainError) as exc:
        message = first_error(exc)
        return RedirectResponse(
            f"/accounts/{account_id}?cta_error={quote(notice(message))}#ctas", status_code=303
        )
    return RedirectResponse(f"/ctas/{made.id}", status_code=303)
