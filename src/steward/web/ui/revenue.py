"""The leaders' revenue page: ARR over time, the year's ARR movement with NRR and GRR, cohort retention,
and the renewal forecast weighted by churn risk."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from steward.domains.revenue import service as revenue_service
from steward.web.deps import SessionDep
from steward.web.ui.charts import chart, heat_class, major, series
from steward.web.ui.i18n import N_
from steward.web.ui.session import CurrentUiUser
from steward.web.ui.templating import templates

router = APIRouter()


@router.get("/revenue", response_class=HTMLResponse)
def revenue_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    data = revenue_service.overview(session=s, workspace_id=user.workspace_id, months=24)
    m = data.movement
    bars = [
        (N_("Starting ARR"), m.start_arr_minor), (N_("New"), m.new_minor),
        (N_("Expansion"), m.expansion_minor), (N_("Contraction"), -m.contraction_minor),
        (N_("Churned"), -m.churned_minor), (N_("Ending ARR"), m.end_arr_minor),
    ]  # fmt: skip
    cur = data.currency
    context: dict[str, Any] = {
        "user": user, "data": data, "heat": heat_class,
        "arr_chart": chart(
            "line", [p.day.isoformat() for p in data.arr],
            [series("ARR", [major(p.arr_minor, cur) for p in data.arr])],
            unit="money", currency=cur, title=N_("ARR at each month end over %(months)s months"),
            title_args={"months": len(data.arr)},
        ) if data.arr else None,
        "movement_chart": chart(
            "bar", [name for name, _ in bars],
            [series("ARR", [major(v, cur) for _, v in bars], tones=[_tone(name, v) for name, v in bars])],
            unit="money", currency=cur, title=N_("ARR movement over the year"), words=True,
        ),
    }  # fmt: skip
    return templates.TemplateResponse(request, "revenue.html", context)


def _tone(name: str, value: int) -> str:
    """Start and end in blue, gains in green, losses in red."""
    return "blue" if name in ("Starting ARR", "Ending ARR") else "red" if value < 0 else "green"
