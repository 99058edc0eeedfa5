"""The ideal customer profile page: which firmographic values go with staying and NRR (with 95% intervals
drawn as a chart), and the current customers who fit best."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from steward.domains.icp import service as icp_service
from steward.domains.icp.schemas import IcpProfile
from steward.web.deps import PathId, SessionDep
from steward.web.ui.charts import chart, series
from steward.web.ui.i18n import N_, gettext_for
from steward.web.ui.session import CurrentUiUser
from steward.web.ui.templating import templates

router = APIRouter()
CHART_ROWS = 14  # the values with the strongest lifts either way
EFFECT_TONES = {"lifts": "green", "sinks": "red"}


def interval_chart(profile: IcpProfile, say: Callable[[str], str] = str) -> dict[str, Any]:
    """Share who stayed per value: its 95% interval as a floating bar (green when above the workspace's rate
    even after Bonferroni, red when below, grey when unclear), its rate as a marker, and the workspace's
    rate as a line across all values; `say` translates the attributes' names (the values are data)."""
    overall = profile.overall.retention if profile.overall else None
    chosen = [v for v in profile.values if not v.small and v.retention is not None]
    chosen.sort(key=lambda v: -abs(v.lift))
    rows = sorted(chosen[:CHART_ROWS], key=lambda v: -v.lift)
    lows = [v.retention_low or 0.0 for v in rows] + ([overall] if overall is not None else [])
    lo = max(0.0, (min(lows, default=0.0) // 0.1) * 0.1)

    def pct(p: float) -> float:
        return round(p * 100, 1)

    shown = [
        series(N_("95% interval"),
               [[pct(v.retention_low or 0.0), pct(v.retention_high or 1.0)] for v in rows],
               tones=[EFFECT_TONES.get(v.effect, "grey") for v in rows]),
        series(N_("Stayed"), [pct(v.retention or 0.0) for v in rows], tone="slate", kind="line", points=True),
    ]  # fmt: skip
    if overall is not None:
        shown.append(series(N_("Workspace"), [pct(overall)] * len(rows), tone="violet", kind="line"))
    return chart(
        "bar", [f"{say(v.label)}: {v.value} ({v.accounts})" for v in rows], shown, unit="percent",
        title=N_("Share who stayed and its 95% interval per value, against the workspace's rate"),
        horizontal=True, range_=(round(lo * 100), 100),
    )  # fmt: skip


@router.get("/icp", response_class=HTMLResponse)
def icp_page(request: Request, s: SessionDep, user: CurrentUiUser) -> HTMLResponse:
    profile = icp_service.profile(session=s, workspace_id=user.workspace_id, best=15)
    spec = interval_chart(profile, gettext_for(request, user)) if profile.ready else None
    context = {"user": user, "profile": profile, "interval_chart": spec if spec and spec["labels"] else None}
    return templates.TemplateResponse(request, "icp.html", context)


@router.get("/icp/accounts/{account_id}", response_class=HTMLResponse)
def account_fit_page(
    account_id: PathId, request: Request, s: SessionDep, user: CurrentUiUser
) -> HTMLResponse:
    """One account's fit and why (computed on request, so the account page itself stays quick)."""
    fit = icp_service.account_fit(session=s, workspace_id=user.workspace_id, account_id=account_id)
    return templates.TemplateResponse(request, "icp_account.html", {"user": user, "fit": fit})
