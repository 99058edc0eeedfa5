"""The leaders' revenue page: ARR over time, the year's ARR movement with NRR and GRR, cohort retention,
and the renewal forecast weighted by churn risk."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from steward.domains.revenue import service as revenue_service
from steward.web.deps import SessionDep
from steward.web.ui.charts import heat_class, scaled_polyline
from steward.web.ui.session import CurrentUiUser
from steward.web.ui.templating import templates

router = APIRouter()


@router.get("/revenue", response_class=HTMLResponse)
def revenue_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    data = revenue_service.overview(session=s, workspace_id=user.workspace_id, months=24)
    m = data.movement
    bars = [
        ("Start", m.start_arr_minor), ("New", m.new_minor), ("Expansion", m.expansion_minor),
        ("Contraction", -m.contraction_minor), ("Churned", -m.churned_minor), ("End", m.end_arr_minor),
    ]  # fmt: skip
    top = max((abs(v) for _, v in bars), default=0) or 1
    context: dict[str, Any] = {
        "user": user, "data": data, "arr_line": scaled_polyline([p.arr_minor for p in data.arr]),
        "arr_max": max((p.arr_minor for p in data.arr), default=0),
        "bars": [(name, value, round(abs(value) / top * 300)) for name, value in bars],
        "heat": heat_class,
    }  # fmt: skip
    return templates.TemplateResponse(request, "revenue.html", context)
