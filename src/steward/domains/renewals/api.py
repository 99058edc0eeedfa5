"""HTTP routes for renewal opportunities, their settings, the pipeline and the outcomes report."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from steward.core.clock import today_utc
from steward.domains.renewals import service
from steward.domains.renewals.schemas import (
    Forecast,
    OpenDueResult,
    OutcomeReport,
    PipelineQuarter,
    RenewalClose,
    RenewalPage,
    RenewalRead,
    RenewalSettings,
    RenewalUpdate,
)
from steward.web.deps import Admin, Manager, PathId, QueryId, QueryIds, Reader, SessionDep, Writer

router = APIRouter(tags=["renewals"])


@router.get("/renewals/settings", response_model=RenewalSettings)
def get_settings(s: SessionDep, p: Reader) -> RenewalSettings:
    return service.get_settings(session=s, workspace_id=p.workspace_id)


@router.put("/renewals/settings", response_model=RenewalSettings)
def put_settings(body: RenewalSettings, s: SessionDep, p: Admin) -> RenewalSettings:
    """How many days ahead opportunities open, and the churn reason codes."""
    return service.set_settings(session=s, workspace_id=p.workspace_id, data=body)


@router.post("/renewals/open-due", response_model=OpenDueResult)
def open_due(s: SessionDep, p: Manager) -> OpenDueResult:
    """What the daily job does, now: open the coming renewals and refresh automatic forecasts."""
    return service.open_due(session=s, workspace_id=p.workspace_id)


@router.get("/renewals/pipeline", response_model=list[PipelineQuarter])
def pipeline(s: SessionDep, p: Reader, owner_id: QueryIds = None) -> list[PipelineQuarter]:
    """Open renewals by quarter and forecast category."""
    return service.pipeline(session=s, workspace_id=p.workspace_id, owner_ids=owner_id)


@router.get("/renewals/outcomes", response_model=OutcomeReport)
def outcomes(s: SessionDep, p: Reader, start: date | None = None, end: date | None = None) -> OutcomeReport:
    """Renewals due in [start, end] (default: the last 365 days) that were closed: NRR, GRR, churn reasons."""
    end = end or today_utc()
    return service.outcomes(
        session=s, workspace_id=p.workspace_id, start=start or end - timedelta(days=365), end=end
    )


@router.get("/renewals", response_model=RenewalPage)
def list_renewals(
    s: SessionDep,
    p: Reader,
    status: Literal["open", "closed", "all"] = "open",
    forecast: Annotated[list[Forecast] | None, Query()] = None,
    owner_id: QueryIds = None,
    account_id: QueryId = None,
    quarter: Annotated[str | None, Query(pattern=r"^\d{4}[Qq][1-4]$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RenewalPage:
    return service.list_renewals(
        session=s, workspace_id=p.workspace_id, status=status, forecasts=forecast or [], owner_ids=owner_id,
        account_id=account_id, quarter=quarter, limit=limit, offset=offset,
    )  # fmt: skip


@router.get("/renewals/{renewal_id}", response_model=RenewalRead)
def get_renewal(renewal_id: PathId, s: SessionDep, p: Reader) -> RenewalRead:
    return service.get_renewal(session=s, workspace_id=p.workspace_id, renewal_id=renewal_id)


@router.patch("/renewals/{renewal_id}", response_model=RenewalRead)
def update_renewal(renewal_id: PathId, body: RenewalUpdate, s: SessionDep, p: Writer) -> RenewalRead:
    """Forecast, expected ARR, owner, notes; a forecast set here stays (the daily refresh leaves it)."""
    return service.update_renewal(session=s, workspace_id=p.workspace_id, renewal_id=renewal_id, data=body)


@router.post("/renewals/{renewal_id}/close", response_model=RenewalRead)
def close_renewal(renewal_id: PathId, body: RenewalClose, s: SessionDep, p: Writer) -> RenewalRead:
    """Renewed, upsell or downsell write the next term; churned needs a reason code."""
    return service.close_renewal(session=s, workspace_id=p.workspace_id, renewal_id=renewal_id, data=body)
