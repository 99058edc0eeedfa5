"""The agents' ticket queue: views (mine, everyone's, breached, breaching soon, unassigned, solved)
narrowed by search and filters, sorted and paged, all in the query string so a view can be bookmarked;
and bulk actions on the ticked rows (assign, close), CSRF-checked, for agents and above."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from steward.core.errors import Forbidden, Invalid
from steward.core.roles import Role
from steward.core.schemas import MAX_ID
from steward.domains.tickets import service as tickets_service
from steward.domains.tickets.schemas import PRIORITIES, TicketUpdate
from steward.web.deps import SessionDep
from steward.web.ui.i18n import N_
from steward.web.ui.saved_views import panel
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates
from steward.web.ui.tickets import SOON_MINUTES, ticket_table

router = APIRouter()
PAGE_SIZE = 50
MAX_BULK = 200  # ticked rows in one action: four pages of the queue
Tab = Literal["mine", "open", "breached", "soon", "unassigned", "solved"]
Sort = Literal["due", "priority", "newest", "oldest", "updated"]
SORTS = {  # N_: extracted for the catalogue, translated where shown
    "due": N_("Next SLA deadline"),
    "priority": N_("Priority (urgent first)"),
    "newest": N_("Newest"),
    "oldest": N_("Oldest"),
    "updated": N_("Recently updated"),
}
Priority = Literal["", "low", "normal", "high", "urgent"]


@router.get("/tickets", response_class=HTMLResponse)
def queue_page(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    tab: Tab = "open",
    q: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=30)] = "",
    priority: Priority = "",
    assignee: Annotated[str, Query(max_length=20, pattern=r"^(|me|none|\d{1,18})$")] = "",
    account: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    breached: bool = False,
    sort: Sort = "due",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    done: Literal["assigned", "closed"] | None = None,
    count: Annotated[int, Query(ge=0, le=MAX_BULK)] = 0,
) -> HTMLResponse:
    ws = user.workspace_id
    kinds = tickets_service.behaviours(session=s, workspace_id=ws)
    if status and status not in kinds:
        raise Invalid(
            f"unknown status {status!r}; this workspace has: {', '.join(kinds)}", ("query", "status")
        )
    scope = _tab_scope(tab, user.id, kinds)
    if status:
        scope["statuses"] = [status]
    if assignee:
        scope.pop("unassigned", None)
        scope.pop("assignee_id", None)
        if assignee == "none":
            scope["unassigned"] = True
        else:
            scope["assignee_id"] = user.id if assignee == "me" else int(assignee)
    listing = tickets_service.queue(
        session=s, workspace_id=ws, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, search=q,
        priority=priority or None, order=sort, breached=breached or scope.pop("breached", False),
        account_id=account, **scope,
    )  # fmt: skip
    filters = {"tab": tab, "q": q, "status": status, "priority": priority, "assignee": assignee,
               "account": account or "", "breached": "true" if breached else "", "sort": sort}  # fmt: skip
    context: dict[str, Any] = {
        "user": user, "tab": tab, "page": page, "account": account, "total": listing.total,
        "page_size": PAGE_SIZE, "soon_minutes": SOON_MINUTES, "filters": filters,
        "here": _link(filters), "link": lambda **changes: _link({**filters, **changes}),
        "is_filtered": bool(q or status or priority or assignee or breached),
        "sorts": SORTS, "priorities": PRIORITIES,
        "all_statuses": tickets_service.statuses(session=s, workspace_id=ws),
        "can_bulk": user.can(Role.agent), "done": done, "count": count,
        "views": panel(s, user, "tickets", request),
        **ticket_table(s, ws, listing.items, [account] if account else []),
    }  # fmt: skip
    return templates.TemplateResponse(request, "tickets.html", context)


@router.post("/tickets/bulk", response_model=None)
def bulk(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[Literal["assign", "close"], Form()],
    ticket_ids: Annotated[list[str] | None, Form(max_length=MAX_BULK)] = None,
    assignee_id: Annotated[str, Form(max_length=20)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Assign or close every ticked ticket in one transaction: one that is not this workspace's is not
    found, and then none of them changes."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(Role.agent):
        raise Forbidden("changing tickets needs the agent role or higher")
    ids = [int(v) for v in ticket_ids or [] if v.isdigit() and 0 < int(v) <= MAX_ID]
    if not ids or len(ids) != len(ticket_ids or []):
        raise Invalid("tick the tickets to change (by their numbers)", ("body", "ticket_ids"))
    data = _bulk_change(
        action, assignee_id, tickets_service.behaviours(session=s, workspace_id=user.workspace_id)
    )
    for ticket_id in dict.fromkeys(ids):
        tickets_service.update_ticket(
            session=s, workspace_id=user.workspace_id, ticket_id=ticket_id, data=data, actor_id=user.id
        )
    done = "assigned" if action == "assign" else "closed"
    query = back.removeprefix("/tickets?") if back.startswith("/tickets?") else ""  # only back to the queue
    kept = "&".join(p for p in query.split("&") if p and not p.startswith(("done=", "count=")))
    return RedirectResponse(
        f"/tickets?{kept}{'&' if kept else ''}{urlencode({'done': done, 'count': len(set(ids))})}", 303
    )


def _bulk_change(action: str, assignee_id: str, kinds: dict[str, str]) -> TicketUpdate:
    if action == "close":
        closed = next((k for k, b in kinds.items() if b == "fulfilled"), None)
        if closed is None:
            raise Invalid("this workspace has no status that closes a ticket", ("body", "action"))
        return TicketUpdate(status=closed)
    if not assignee_id.isdigit() or not 0 < int(assignee_id) <= MAX_ID:
        raise Invalid("choose who to assign the tickets to", ("body", "assignee_id"))
    return TicketUpdate(assignee_id=int(assignee_id))


def _tab_scope(tab: str, user_id: int, kinds: dict[str, str]) -> dict[str, Any]:
    if tab == "mine":
        return {"assignee_id": user_id}
    if tab == "breached":
        return {"breached": True}
    if tab == "soon":
        return {"due_within_minutes": SOON_MINUTES}
    if tab == "unassigned":
        return {"unassigned": True}
    if tab == "solved":
        return {"statuses": [k for k, b in kinds.items() if b == "fulfilled"]}
    return {}


def _link(filters: dict[str, Any]) -> str:
    """The queue's address for these filters, without the empty ones (and the defaults)."""
    kept = {k: v for k, v in filters.items() if v not in ("", None) and (k, v) not in DEFAULTS}
    return "/tickets" + (f"?{urlencode(kept)}" if kept else "")


DEFAULTS = {("tab", "open"), ("sort", "due"), ("page", 1)}
