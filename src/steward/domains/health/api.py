"""HTTP routes for health: scorecards, recompute and backfill, and an account's explained score."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from steward.core.errors import NotFound
from steward.domains.health import advice, portfolio, scoring, service
from steward.domains.health.schemas import (
    AccountHealthRead,
    AdviceApplied,
    AdviceApply,
    AdviceRead,
    PortfolioRead,
    RecomputeResult,
    ScorecardCreate,
    ScorecardRead,
    SentimentCreate,
    SentimentRead,
)
from steward.domains.health.scoring import MAX_BACKFILL_DAYS
from steward.web.deps import Admin, Manager, PathId, QueryId, QueryIds, Reader, SessionDep, Writer

router = APIRouter(tags=["health"])


@router.get("/health/inputs", response_model=list[str])
def inputs(s: SessionDep, p: Reader) -> list[str]:
    """The inputs a measure can read without a formula (custom_<key>: a number or yes/no attribute)."""
    return service.inputs(session=s, workspace_id=p.workspace_id)


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
    backfill_days: Annotated[int, Query(ge=0, le=MAX_BACKFILL_DAYS)] = 0,
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
    backfill_days: Annotated[int, Query(ge=0, le=MAX_BACKFILL_DAYS)] = 0,
) -> RecomputeResult:
    """Score today again and, with backfill_days, each of that many earlier days."""
    return scoring.recompute(
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


@router.post(
    "/accounts/{account_id}/sentiment", response_model=SentimentRead, status_code=status.HTTP_201_CREATED
)
def add_sentiment(account_id: PathId, body: SentimentCreate, s: SessionDep, p: Writer) -> SentimentRead:
    """Log the CSM's sentiment (1-10) with a comment; it feeds the `csm_sentiment` measure at once."""
    return service.add_sentiment(
        session=s, workspace_id=p.workspace_id, account_id=account_id, author_id=p.user_id, data=body
    )


@router.get("/accounts/{account_id}/sentiment", response_model=list[SentimentRead])
def list_sentiments(
    account_id: PathId, s: SessionDep, p: Reader, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[SentimentRead]:
    """The account's sentiment log, newest first."""
    return service.sentiments(session=s, workspace_id=p.workspace_id, account_id=account_id, limit=limit)


@router.get("/health/portfolio", response_model=PortfolioRead)
def get_portfolio(
    s: SessionDep,
    p: Reader,
    owner_id: QueryIds = None,
    renewal_days: Annotated[int, Query(ge=1, le=365)] = 90,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> PortfolioRead:
    """Accounts and ARR by health grade, ARR at risk, the week's biggest drops and upcoming renewals."""
    return portfolio.portfolio(
        session=s, workspace_id=p.workspace_id, owner_ids=owner_id, renewal_days=renewal_days, limit=limit
    )


@router.get("/health/scorecards/{scorecard_id}/advice", response_model=AdviceRead)
def get_advice(
    scorecard_id: PathId,
    s: SessionDep,
    p: Reader,
    horizon_days: Annotated[int, Query(ge=30, le=365)] = 90,
) -> AdviceRead:
    """How well each measure separated accounts that churned within horizon_days over monthly snapshots,
    suggested thresholds and weights, and both scorecards' ROC AUC on later months than the suggestion
    was fitted on. Nothing changes until an admin applies it."""
    return advice.advise(
        session=s, workspace_id=p.workspace_id, scorecard_id=scorecard_id, horizon_days=horizon_days
    )


@router.post("/health/scorecards/{scorecard_id}/advice/apply", response_model=AdviceApplied)
def apply_advice(scorecard_id: PathId, body: AdviceApply, s: SessionDep, p: Admin) -> AdviceApplied:
    """Write the suggested thresholds and weights into the scorecard (admins only) and score today again.
    Send the fingerprint read with the advice: a suggestion that changed since is refused (409)."""
    return advice.apply_advice(
        session=s, workspace_id=p.workspace_id, scorecard_id=scorecard_id, user_id=p.user_id,
        horizon_days=body.horizon_days, expected=body.fingerprint,
    )  # fmt: skip
