"""HTTP routes for health: scorecards, recompute and backfill, and an account's explained score."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from steward.core.errors import NotFound
from steward.domains.health import service
from steward.domains.health.schemas import AccountHealthRead, RecomputeResult, ScorecardCreate, ScorecardRead
from steward.web.deps import Manager, PathId, QueryId, Reader, SessionDep

router = APIRouter(tags=["health"])


@router.get("/health/inputs", response_model=list[str])
def inputs(p: Reader) -> list[str]:
    """The inputs a measure can read without a formula."""
    return list(service.INPUTS)


@router.post("/health/scorecards", response_model=ScorecardRead, status_code=status.HTTP_201_CREATED)
def create_scorecard(body: ScorecardCreate, s: SessionDep, p: Manager) -> ScorecardRead:
    """Create a scorecard; every account in force is scored at once."""
    return service.create_scorecard(session=s, workspace_id=p.workspace_id, data=body)


@router.put("/health/scorecards/{scorecard_id}", response_model=ScorecardRead)
def replace_scorecard(
    scorecard_id: PathId,
    body: ScorecardCreate,
    s: SessionDep,
    p: Manager,
    backfill_days: Annotated[int, Query(ge=0, le=service.MAX_BACKFILL_DAYS)] = 0,
) -> ScorecardRead:
    """Replace the definition; today's scores (and backfill_days before) are recomputed at once."""
    return service.replace_scorecard(
        session=s,
        workspace_id=p.workspace_id,
        scorecard_id=scorecard_id,
        data=body,
        backfill_days=backfill_days,
    )


@router.get("/health/scorecards", response_model=list[ScorecardRead])
def list_scorecards(s: SessionDep, p: Reader) -> list[ScorecardRead]:
    return service.list_scorecards(session=s, workspace_id=p.workspace_id)


@router.post("/health/scorecards/{scorecard_id}/recompute", response_model=RecomputeResult)
def recompute(
    scorecard_id: PathId,
    s: SessionDep,
    p: Manager,
    backfill_days: Annotated[int, Query(ge=0, le=service.MAX_BACKFILL_DAYS)] = 0,
) -> RecomputeResult:
    """Score today again and, with backfill_days, each of that many earlier days."""
    return service.recompute(
        session=s, workspace_id=p.workspace_id, scorecard_id=scorecard_id, backfill_days=backfill_days
    )


@router.get("/accounts/{account_id}/health", response_model=AccountHealthRead)
def account_health(
    account_id: PathId, s: SessionDep, p: Reader, scorecard_id: QueryId = None
) -> AccountHealthRead:
    """The account's latest score under a scorecard (the workspace's first unless scorecard_id is given)."""
    result = service.account_health(
        session=s, workspace_id=p.workspace_id, account_id=account_id, scorecard_id=scorecard_id
    )
    if result is None:
        raise NotFound("health score for account", account_id)
    return result
