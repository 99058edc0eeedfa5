"""Bulk changes to the ticked renewals of the renewals list (set the forecast, assign an owner) through one
CSRF-checked form, answered renewal by renewal: one that may not change is reported, never skipped."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, Response

from steward.core.errors import Forbidden, Invalid
from steward.core.roles import WRITE
from steward.core.schemas import MAX_ID
from steward.domains.renewals import worklist
from steward.web.deps import SessionDep
from steward.web.ui.session import CurrentUiUser, check_csrf
from steward.web.ui.templating import templates

router = APIRouter()
MAX_BULK = 200  # ticked renewals in one change: four pages


@router.post("/renewals/bulk", response_model=None)
def bulk(
    request: Request,
    s: SessionDep,
    user: CurrentUiUser,
    action: Annotated[worklist.Action, Form()],
    renewal_ids: Annotated[list[str] | None, Form(max_length=MAX_BULK)] = None,
    forecast: Annotated[str, Form(max_length=20)] = "",
    owner_id: Annotated[str, Form(max_length=20)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Apply one change to every ticked renewal; answers each renewal's outcome (JSON when asked for)."""
    check_csrf(request, csrf_token, user.csrf_token)
    if not user.can(WRITE):
        raise Forbidden("your role can read renewals but not work on them")
    ids = [int(v) for v in renewal_ids or [] if v.isdigit() and 0 < int(v) <= MAX_ID]
    if not ids or len(ids) != len(renewal_ids or []):
        raise Invalid("tick the renewals to change (by their numbers)", ("body", "renewal_ids"))
    owner = None
    if action == "assign":
        if not owner_id.isdigit() or not 0 < int(owner_id) <= MAX_ID:
            raise Invalid("choose who to assign the renewals to", ("body", "owner_id"))
        owner = int(owner_id)
    outcomes = worklist.bulk_change(session=s, workspace_id=user.workspace_id, ids=ids, action=action,
                                    forecast=forecast, owner_id=owner)  # fmt: skip
    changed = sum(o.changed for o in outcomes)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({
            "action": action, "changed": changed, "refused": len(outcomes) - changed,
            "results": [{"id": o.id, "account": o.account_name, "changed": o.changed, "message": o.message}
                        for o in outcomes],
        })  # fmt: skip
    to_list = back == "/renewals" or back.startswith("/renewals?")  # back only to the renewals list
    context = {"user": user, "done": worklist.DONE[action], "outcomes": outcomes, "changed": changed,
               "back": back if to_list else "/renewals"}  # fmt: skip
    return templates.TemplateResponse(request, "renewals_bulk.html", context)
