"""The Usage page: product usage across the workspace. Daily events and active users, the accounts whose
usage falls or whose seats sit idle, and how widely each feature (event) is used; each account links to
its page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from steward.domains.events import usage as events_usage
from steward.domains.events.schemas import USAGE_SORTS
from steward.domains.users import service as users_service
from steward.web.deps import SessionDep
from steward.web.ui.charts import daily_usage
from steward.web.ui.list_labels import USAGE_SORTS as SORT_NAMES
from steward.web.ui.session import CurrentUiUser
from steward.web.ui.templating import templates

router = APIRouter()
SHOWN = 200  # accounts listed; the API gives them all


@router.get("/usage", response_class=HTMLResponse)
def usage_page(request: Request, s: SessionDep, user: CurrentUiUser, sort: str = "trend") -> HTMLResponse:
    sort = sort if sort in USAGE_SORTS else "trend"
    ws = user.workspace_id
    view = events_usage.overview(session=s, workspace_id=ws, sort=sort)
    context: dict[str, Any] = {
        "user": user,
        "view": view,
        "sort": sort,
        "sorts": USAGE_SORTS,
        "sort_names": SORT_NAMES,
        "shown": view.accounts[:SHOWN],
        "owners": {u.id: u.name for u in users_service.list_users(session=s, workspace_id=ws)},
        "trend": view.events_30d / view.events_prior_30d - 1 if view.events_prior_30d else None,
        "usage_chart": daily_usage(view.as_of, view.daily),
    }
    return templates.TemplateResponse(request, "usage.html", context)
