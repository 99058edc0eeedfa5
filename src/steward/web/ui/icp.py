"""The ideal customer profile page: which firmographic values go with staying and NRR (with 95% intervals
drawn as an SVG chart), and the current customers who fit best."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from steward.domains.icp import service as icp_service
from steward.domains.icp.schemas import IcpProfile, ValueRead
from steward.web.deps import PathId, SessionDep
from steward.web.ui.session import CurrentUiUser
from steward.web.ui.templating import templates

router = APIRouter()
CHART_ROWS = 14  # the values with the strongest lifts either way
LABEL_W, PLOT_W, ROW_H = 230, 380, 22


def interval_chart(profile: IcpProfile) -> dict[str, Any]:
    """Coordinates of a retention-interval chart: one row per value (a line from the low to the high end of
    its 95% interval, a dot at its rate) against a vertical line at the workspace's rate."""
    overall = profile.overall.retention if profile.overall else None
    chosen = [v for v in profile.values if not v.small and v.retention is not None]
    chosen.sort(key=lambda v: -abs(v.lift))
    rows = sorted(chosen[:CHART_ROWS], key=lambda v: -v.lift)
    lows = [v.retention_low or 0.0 for v in rows] + ([overall] if overall is not None else [])
    lo = max(0.0, (min(lows, default=0.0) // 0.1) * 0.1)

    def x(p: float) -> float:
        return round(LABEL_W + (p - lo) / max(1.0 - lo, 1e-6) * PLOT_W, 1)

    def row(i: int, v: ValueRead) -> dict[str, Any]:
        assert v.retention is not None
        return {"y": i * ROW_H + ROW_H // 2 + 4, "label": f"{v.label}: {v.value}",
                "x1": x(v.retention_low or 0), "x2": x(v.retention_high or 1), "cx": x(v.retention),
                "effect": v.effect, "text": f"{v.retention:.0%} ({v.accounts})"}  # fmt: skip

    return {
        "rows": [row(i, v) for i, v in enumerate(rows)],
        "overall_x": x(overall) if overall is not None else None,
        "height": len(rows) * ROW_H + 24,
        "ticks": [(x(t / 10), f"{t * 10}%") for t in range(round(lo * 10), 11)],
        "width": LABEL_W + PLOT_W + 70,
    }


@router.get("/icp", response_class=HTMLResponse)
def icp_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    profile = icp_service.profile(session=s, workspace_id=user.workspace_id, best=15)
    context = {"user": user, "profile": profile, "chart": interval_chart(profile) if profile.ready else None}
    return templates.TemplateResponse(request, "icp.html", context)


@router.get("/icp/accounts/{account_id}", response_class=HTMLResponse)
def account_fit_page(
    account_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser
) -> HTMLResponse:
    """One account's fit and why (computed on request, so the account page itself stays quick)."""
    fit = icp_service.account_fit(session=s, workspace_id=user.workspace_id, account_id=account_id)
    return templates.TemplateResponse(request, "icp_account.html", {"user": user, "fit": fit})
