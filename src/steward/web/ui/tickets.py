"""Agent pages of the service desk (the queue is in ticket_queue.py): the ticket with its conversation,
reply or internal note, fields, SLA clocks, history, suggestions, CSAT, and the tickets most like it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import pass_context
from jinja2.runtime import Context
from pydantic import ValidationError

from steward.core.clock import now_utc
from steward.core.errors import DomainError, Forbidden
from steward.core.i18n import LANGUAGES
from steward.core.roles import Role
from steward.domains.accounts import service as accounts_service
from steward.domains.helpcenter import finder
from steward.domains.tickets import canned, classifier, csat, recurring, setup, similar
from steward.domains.tickets import service as tickets_service
from steward.domains.tickets.schemas import PRIORITIES, MessageCreate, TicketRead, TicketUpdate
from steward.domains.users import service as users_service
from steward.domains.workspaces import service as workspaces_service
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep
from steward.web.ui import i18n
from steward.web.ui.forms import FormError, first_error
from steward.web.ui.notices import notice
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates
from steward.web.ui.ticket_side import requester_account

router = APIRouter()
SOON_MINUTES = 60  # "breaching soon" in the queue and the timers' warning colour
ARTICLES = 3  # help-center articles suggested beside the reply


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket_page(
    ticket_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser, error: str = ""
) -> HTMLResponse:
    ws = user.workspace_id
    ticket = tickets_service.detail(session=s, workspace_id=ws, ticket_id=ticket_id)
    account = (
        accounts_service.get_account(session=s, workspace_id=ws, account_id=ticket.account_id)
        if ticket.account_id
        else None
    )
    alike = similar.similar(session=s, workspace_id=ws, ticket_id=ticket_id)
    context: dict[str, Any] = {
        "user": user,
        "t": ticket,
        "account": account,
        "error": error[:300],
        "now": now_utc(),
        "users": _users(s, ws),
        "teams": {t.id: t.name for t in setup.teams(session=s, workspace_id=ws)},
        "statuses": tickets_service.statuses(session=s, workspace_id=ws),
        "priorities": PRIORITIES,
        "suggestions": classifier.suggest(session=s, workspace_id=ws, ticket_id=ticket_id),
        "responses": csat.responses(session=s, workspace_id=ws, ticket_id=ticket_id),
        "issues": [i for i in recurring.for_ticket(session=s, workspace_id=ws, ticket_id=ticket_id)],
        "similar": alike,
        "similar_days": similar.WINDOW_DAYS,
        "account_names": accounts_service.names(
            session=s, workspace_id=ws, ids=[t.account_id for t in alike if t.account_id]
        ),
        "can_act": user.can(Role.agent),
        "canned": canned.for_ticket(session=s, workspace_id=ws, ticket_id=ticket_id, agent_id=user.id)
        if user.can(Role.agent)
        else [],
        "articles": articles_for(s, ws, ticket.subject, ticket.language, str(request.base_url)),
        **requester_account(s, ws, account, ticket_id),
    }
    return templates.TemplateResponse(request, "ticket.html", context)


@router.post("/tickets/{ticket_id}/reply", response_model=None)
def reply(
    ticket_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    body: Annotated[str, Form(max_length=200_000)] = "",
    visibility: Annotated[str, Form(max_length=10)] = "public",
    status: Annotated[str, Form(max_length=30)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A public reply or an internal note, optionally with a new status."""
    check_csrf(request, csrf_token, user.csrf_token)
    _require_agent(user.role)
    try:
        data = MessageCreate(body=body, public=visibility != "note", status=status or None)
        tickets_service.add_message(
            session=s, workspace_id=user.workspace_id, ticket_id=ticket_id, data=data, actor_id=user.id
        )
    except (ValidationError, DomainError) as exc:
        return _back(ticket_id, first_error(exc))
    return RedirectResponse(f"/tickets/{ticket_id}#conversation", status_code=303)


@router.post("/tickets/{ticket_id}/update", response_model=None)
def update(
    ticket_id: PathId,
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    status: Annotated[str, Form(max_length=30)] = "",
    priority: Annotated[str, Form(max_length=10)] = "",
    assignee_id: Annotated[str, Form(max_length=12)] = "",
    type: Annotated[str, Form(max_length=50)] = "",
    category: Annotated[str, Form(max_length=100)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token, user.csrf_token)
    _require_agent(user.role)
    values: dict[str, Any] = {
        "status": status or None,
        "priority": priority or None,
        "type": type or None,
        "category": category or None,
    }
    values = {k: v for k, v in values.items() if v is not None}
    if assignee_id:
        values["assignee_id"] = int(assignee_id) if assignee_id.isdigit() else -1
    try:
        data = TicketUpdate.model_validate(values)
        tickets_service.update_ticket(
            session=s, workspace_id=user.workspace_id, ticket_id=ticket_id, data=data, actor_id=user.id
        )
    except (ValidationError, DomainError) as exc:
        return _back(ticket_id, first_error(exc))
    return RedirectResponse(f"/tickets/{ticket_id}", status_code=303)


def articles_for(
    s: SessionDep, ws: int, subject: str, language: str | None, base: str
) -> list[tuple[str, str]]:
    """(title, public link) of the help-center articles the customer portal would suggest for this subject,
    in the ticket's language when the help center has it."""
    lang = language if language in LANGUAGES else "en"
    found = finder.find(session=s, workspace_id=ws, query=subject, language=lang, limit=ARTICLES,
                        record=False, embed=None)  # fmt: skip
    if not found.hits:
        return []
    slug = workspaces_service.get_workspace(session=s, workspace_id=ws).slug
    root = get_settings().link_base(base)
    return [(h.title, f"{root}/help/{slug}/{lang}/articles/{h.source_id}") for h in found.hits]


def _require_agent(role: Role) -> None:
    if not role.allows(Role.agent):
        raise Forbidden("answering tickets needs the agent role or higher")


def _back(ticket_id: int, message: str | FormError) -> RedirectResponse:
    return RedirectResponse(f"/tickets/{ticket_id}?error={quote(notice(message))}#act", status_code=303)


def ticket_table(s: SessionDep, ws: int, items: list[TicketRead], more_accounts: list[int]) -> dict[str, Any]:
    """What _ticket_table.html reads: the rows, and the names of their accounts (and of `more_accounts`),
    users and statuses."""
    ids = [t.account_id for t in items if t.account_id] + more_accounts
    return {
        "items": items,
        "accounts": accounts_service.names(session=s, workspace_id=ws, ids=ids),
        "users": _users(s, ws),
        "now": now_utc(),
        "statuses": {st.key: st.label for st in tickets_service.statuses(session=s, workspace_id=ws)},
    }


def _users(s: SessionDep, ws: int) -> dict[int, str]:
    return {u.id: u.name for u in users_service.list_users(session=s, workspace_id=ws)}


def _english(message: str) -> str:
    return message


def span_text(minutes: int, gettext: Callable[[str], str] = _english) -> str:
    """A length of time as an agent reads it: "2 d 4 h", "3 h 20 min", "25 min" (never "3,140 min")."""
    minutes = abs(minutes)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    if days:
        if hours:
            return gettext("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
        return gettext("%(days)s d") % {"days": days}
    if hours:
        if mins:
            return gettext("%(hours)s h %(mins)s min") % {"hours": hours, "mins": mins}
        return gettext("%(hours)s h") % {"hours": hours}
    return gettext("%(mins)s min") % {"mins": mins}


def until(due: datetime | None, now: datetime, gettext: Callable[[str], str] = _english) -> tuple[str, str]:
    """("2 d 4 h left" | "overdue by 3 h", css class) for an SLA deadline; tickets.js words it the same
    (with the words _sla_words.html gives it in the page's language)."""
    if due is None:
        return "—", "muted"
    minutes = int((due - now).total_seconds() // 60)
    if minutes < 0:
        return gettext("overdue by %(span)s") % {"span": span_text(minutes, gettext)}, "sla-breached"
    left = gettext("%(span)s left") % {"span": span_text(minutes, gettext)}
    return left, "sla-soon" if minutes <= SOON_MINUTES else ""


@pass_context
def _page_until(ctx: Context, due: datetime | None, now: datetime) -> tuple[str, str]:
    return until(due, now, i18n.gettext_in(ctx))


@pass_context
def _page_span(ctx: Context, minutes: int) -> str:
    return span_text(minutes, i18n.gettext_in(ctx))


templates.env.globals["sla_until"] = _page_until
templates.env.filters["span"] = _page_span
