"""The cockpit's CTA list sorted by due date, priority, account ARR, health or creation, filtered and paged in
the query string; and bulk changes to the ticked CTAs (assign, snooze until a day, close) through one
CSRF-checked form, answered CTA by CTA (one that may not change is reported, never skipped)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from steward.core.errors import Forbidden, Invalid
from steward.core.roles import WRITE
from steward.core.schemas import MAX_ID
from steward.domains.accounts import service as accounts_service
from steward.domains.ctas import service as ctas_service
from steward.domains.ctas import worklist
from steward.domains.ctas.schemas import OPEN_STATUSES
from steward.domains.health import service as health_service
from steward.web.deps import SessionDep
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
PAGE_SIZE = 50
MAX_BULK = 200  # ticked CTAs in one change: four pages


def cta_list(
    s: Session,
    ws: int,
    owners: list[int] | None,
    types: list[str],
    filters: dict[str, Any],
) -> dict[str, Any]:
    """One page of CTAs for the cockpit (filters: status, priority, sort, page), with the total."""
    statuses = [filters["status"]] if filters["status"] else list(OPEN_STATUSES)
    values = None
    if filters["sort"] == "arr":
        values = accounts_service.arr_values(workspace_id=ws)
    elif filters["sort"] == "health":
        values = health_service.current_values(session=s, workspace_id=ws)
    rows, total = worklist.page(
        session=s, workspace_id=ws, owner_ids=owners, statuses=statuses, types=types,
        priority=filters["priority"] or None, sort=filters["sort"], account_values=values,
        offset=(filters["page"] - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    items = ctas_service.reads(session=s, workspace_id=ws, ids=[i for i, _ in rows])
    page_accounts = accounts_service.by_ids(session=s, workspace_id=ws, ids={a for _, a in rows})
    return {
        "ctas": items, "total": total, "page_size": PAGE_SIZE,
        "arr": {a.id: a.arr_minor for a in page_accounts},
        "health": health_service.current_scores(session=s, workspace_id=ws, accounts=page_accounts),
    }  # fmt: skip


def cockpit_link(filters: dict[str, Any]) -> str:
    """The cockpit's address for these filters, without the empty ones and the defaults."""
    kept = {k: v for k, v in filters.items() if v not in ("", None, False) and (k, v) not in DEFAULTS}
    return "/cockpit" + (f"?{urlencode(kept)}" if kept else "")


DEFAULTS = {("sort", "due"), ("page", 1)}


@router.post("/cockpit/bulk", response_model=None)
def bulk(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[worklist.Action, Form()],
    cta_ids: Annotated[list[str] | None, Form(max_length=MAX_BULK)] = None,
    owner_id: Annotated[str, Form(max_length=20)] = "",
    until: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=400)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Apply one change to every ticked CTA; answers each CTA's outcome (JSON when asked for)."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read CTAs but not work on them")
    ids = [int(v) for v in cta_ids or [] if v.isdigit() and 0 < int(v) <= MAX_ID]
    if not ids or len(ids) != len(cta_ids or []):
        raise Invalid("tick the CTAs to change (by their numbers)", ("body", "cta_ids"))
    owner = None
    if action == "assign":
        if not owner_id.isdigit() or not 0 < int(owner_id) <= MAX_ID:
            raise Invalid("choose who to assign the CTAs to", ("body", "owner_id"))
        owner = int(owner_id)
    day = _day(until) if action == "snooze" else None
    outcomes = worklist.bulk_change(session=s, workspace_id=user.workspace_id, ids=ids, action=action,
                                    owner_id=owner, until=day, reason=reason)  # fmt: skip
    changed = sum(o.changed for o in outcomes)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({
            "action": action, "changed": changed, "refused": len(outcomes) - changed,
            "results": [{"id": o.id, "title": o.title, "changed": o.changed, "message": o.message}
                        for o in outcomes],
        })  # fmt: skip
    to_cockpit = back == "/cockpit" or back.startswith("/cockpit?")  # back only to the cockpit
    context = {"user": user, "action": action, "done": worklist.DONE[action], "outcomes": outcomes,
               "changed": changed, "back": back if to_cockpit else "/cockpit"}  # fmt: skip
    return templates.TemplateResponse(request, "cockpit_bulk.html", context)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid("give the day the CTAs come back as YYYY-MM-DD", ("body", "until")) from None
