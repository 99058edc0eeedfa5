"""HTTP routes for the ideal customer profile: the profile, one account's fit, and scoring prospects."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from steward.domains.icp import service
from steward.domains.icp.schemas import AccountFitRead, IcpProfile, ProspectScore, ProspectScoreRead
from steward.web.deps import PathId, Reader, SessionDep

router = APIRouter(prefix="/icp", tags=["icp"])


@router.get("/profile", response_model=IcpProfile)
def get_profile(s: SessionDep, p: Reader, best: Annotated[int, Query(ge=0, le=200)] = 20) -> IcpProfile:
    """Which firmographic values go with staying, NRR and lifetime value (95% intervals, counts, small groups
    flagged), and the `best` best-fitting current customers. Computed from the workspace's history on
    request; `ready` is false, with a message saying how much history is needed, when it has too little."""
    return service.profile(session=s, workspace_id=p.workspace_id, best=best)


@router.get("/accounts/{account_id}", response_model=AccountFitRead)
def get_account_fit(account_id: PathId, s: SessionDep, p: Reader) -> AccountFitRead:
    """The account's ICP fit (0-100, its percentile among the workspace's customers) with the reasons; with
    too little history, its health score, labelled as such (`basis`)."""
    return service.account_fit(session=s, workspace_id=p.workspace_id, account_id=account_id)


@router.post("/score", response_model=ProspectScoreRead)
def score(body: ProspectScore, s: SessionDep, p: Reader) -> ProspectScoreRead:
    """Score prospects (objects of attribute -> value, e.g. segment, industry, region, seats): bad rows are
    listed in `errors` (row = 1-based position), the rest scored; 422 when no row can be scored or the
    workspace has too little history. Nothing is stored."""
    return service.score_prospects(session=s, workspace_id=p.workspace_id, rows=body.prospects)
