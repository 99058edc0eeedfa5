"""The success plans a CSM shares with an account (a live share link), as the account's contacts read them in
the customer portal. Another account's plan, an unshared or archived one, or another workspace's is a 404
like a missing one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from steward.core.clock import today_utc
from steward.core.errors import NotFound
from steward.domains.plans import service as plans_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.i18n import N_
from steward.web.ui.plans import gantt
from steward.web.ui.portal import member, page, portal_language

router = APIRouter()

# Plan and objective statuses and item kinds as the `label` filter writes them (domains/plans/schemas.py).
PLAN_WORDS = (
    N_("Done"), N_("Not started"), N_("On track"), N_("Behind"), N_("Stuck"), N_("Milestone"), N_("Task"),
)  # fmt: skip


@router.get("/portal/{slug}/plans/{plan_id}", response_class=HTMLResponse, response_model=None)
def plan_page(slug: str, plan_id: PathId, request: Request, s: SessionDep) -> Response:
    portal, user = member(s, slug, request)
    if user.account_id is None:
        raise NotFound("success plan", plan_id)
    plan = plans_service.shared_plan_of_account(
        session=s, workspace_id=portal.workspace_id, account_id=user.account_id, plan_id=plan_id
    )
    said_in = portal_language(request, user)  # the timeline's dates and words in the page's language
    return page(request, "portal_plan.html", portal, user, plan=plan, gantt=gantt(plan, today_utc(), said_in))
