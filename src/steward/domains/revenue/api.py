"""HTTP route for revenue metrics."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from steward.domains.revenue import service
from steward.domains.revenue.schemas import RevenueOverview
from steward.web.deps import Reader, SessionDep

router = APIRouter(tags=["revenue"])


@router.get("/revenue", response_model=RevenueOverview)
def overview(
    s: SessionDep,
    p: Reader,
    start: date | None = None,
    end: date | None = None,
    months: Annotated[int, Query(ge=1, le=36)] = 12,
) -> RevenueOverview:
    """ARR movement, NRR and GRR over [start, end] (default: the last 12 months), ARR by month end,
    cohort retention curves and the renewal forecast by quarter."""
    return service.overview(session=s, workspace_id=p.workspace_id, start=start, end=end, months=months)
