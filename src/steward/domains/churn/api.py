"""HTTP routes for churn: train and list model versions, an account's churn score, the ARR-at-risk ranking."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, status

from steward.core.errors import NotFound
from steward.domains.churn import service
from steward.domains.churn.schemas import (
    AccountChurnRead,
    AtRiskPage,
    ChurnModelPage,
    ChurnModelRead,
    ChurnTrain,
    HealthFallback,
)
from steward.web.deps import Manager, PathId, QueryId, Reader, SessionDep

router = APIRouter(tags=["churn"])


@router.post("/churn/models", response_model=ChurnModelRead, status_code=status.HTTP_201_CREATED)
def train_model(
    s: SessionDep, p: Manager, body: Annotated[ChurnTrain | None, Body()] = None
) -> ChurnModelRead:
    """Train a new model version on the workspace's history, backtest it, and score every account."""
    return service.train_model(
        session=s, workspace_id=p.workspace_id, data=body or ChurnTrain(), trained_by=p.user_id
    )


@router.get("/churn/models", response_model=ChurnModelPage)
def list_models(
    s: SessionDep,
    p: Reader,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ChurnModelPage:
    return service.list_models(session=s, workspace_id=p.workspace_id, cursor=cursor, limit=limit)


@router.get("/churn/models/{model_id}", response_model=ChurnModelRead)
def get_model(model_id: PathId, s: SessionDep, p: Reader) -> ChurnModelRead:
    return service.get_model(session=s, workspace_id=p.workspace_id, model_id=model_id)


@router.get("/churn/at-risk", response_model=AtRiskPage)
def at_risk(
    s: SessionDep,
    p: Reader,
    sort: Literal["arr_at_risk", "probability", "ltv"] = "arr_at_risk",
    owner_id: QueryId = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AtRiskPage:
    """Accounts ranked by ARR at risk (probability x ARR) under the current model."""
    return service.at_risk(
        session=s, workspace_id=p.workspace_id, sort=sort, owner_id=owner_id, cursor=cursor, limit=limit
    )


@router.get("/churn/health-fallback", response_model=HealthFallback)
def health_fallback(
    s: SessionDep, p: Reader, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> HealthFallback:
    """Until the workspace's history can train a churn model: accounts ranked by their latest health score,
    lowest first, labelled as the health score (not a churn probability), with the history a model needs."""
    return service.health_fallback(session=s, workspace_id=p.workspace_id, limit=limit)


@router.get(
    "/accounts/{account_id}/churn",
    response_model=AccountChurnRead,
    responses={404: {"description": "unknown account, or no score yet"}},
)
def account_churn(account_id: PathId, s: SessionDep, p: Reader) -> AccountChurnRead:
    score = service.account_churn(session=s, workspace_id=p.workspace_id, account_id=account_id)
    if score is None:
        raise NotFound("churn score for account", account_id)
    return score
