"""Journey pages: every journey with where its accounts are, and one journey's funnel: accounts per stage,
median days in each, who is stuck, and time to value per cohort."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from steward.domains.journeys import service as journeys_service
from steward.web.deps import PathId, SessionDep
from steward.web.ui.charts import chart, series
from steward.web.ui.session import CurrentUiUser
from steward.web.ui.templating import templates

router = APIRouter()


@router.get("/journeys", response_class=HTMLResponse)
def journeys_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    ws = user.workspace_id
    reports = [
        journeys_service.report(session=s, workspace_id=ws, journey_id=j.id)
        for j in journeys_service.list_journeys(session=s, workspace_id=ws)
    ]
    return templates.TemplateResponse(request, "journeys.html", {"user": user, "reports": reports})


@router.get("/journeys/{journey_id}", response_class=HTMLResponse)
def journey_page(journey_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    report = journeys_service.report(session=s, workspace_id=user.workspace_id, journey_id=journey_id)
    stages = report.stages
    funnel = chart(
        "bar", [st.name for st in stages],
        [series("On time", [st.accounts - len(st.stuck) for st in stages], tone="green"),
         series("Stuck", [len(st.stuck) for st in stages], tone="red")],
        title="Accounts per stage", horizontal=True, stacked=True,
    )  # fmt: skip
    context: dict[str, Any] = {"user": user, "report": report, "funnel": funnel}
    return templates.TemplateResponse(request, "journey.html", context)
