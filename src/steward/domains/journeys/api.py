"""HTTP routes for journeys: define, switch on or off, advance now, import history, and the report."""

from __future__ import annotations

from fastapi import APIRouter, status

from steward.domains.journeys import service
from steward.domains.journeys.schemas import (
    AdvanceResult,
    HistoryImport,
    JourneyCreate,
    JourneyRead,
    JourneyReport,
    JourneyUpdate,
)
from steward.web.deps import Manager, PathId, Reader, SessionDep

router = APIRouter(tags=["journeys"])


@router.get("/journeys", response_model=list[JourneyRead])
def list_journeys(s: SessionDep, p: Reader) -> list[JourneyRead]:
    return service.list_journeys(session=s, workspace_id=p.workspace_id)


@router.post("/journeys", response_model=JourneyRead, status_code=status.HTTP_201_CREATED)
def create_journey(body: JourneyCreate, s: SessionDep, p: Manager) -> JourneyRead:
    """Stages in order, each with the conditions (rule fields) that move an account on."""
    return service.create_journey(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/journeys/{journey_id}", response_model=JourneyRead)
def get_journey(journey_id: PathId, s: SessionDep, p: Reader) -> JourneyRead:
    return service.get_journey(session=s, workspace_id=p.workspace_id, journey_id=journey_id)


@router.patch("/journeys/{journey_id}", response_model=JourneyRead)
def update_journey(journey_id: PathId, body: JourneyUpdate, s: SessionDep, p: Manager) -> JourneyRead:
    return service.update_journey(session=s, workspace_id=p.workspace_id, journey_id=journey_id, data=body)


@router.post("/journeys/{journey_id}/advance", response_model=AdvanceResult)
def advance(journey_id: PathId, s: SessionDep, p: Manager) -> AdvanceResult:
    """What changes and the daily job do: let accounts join, move on and finish, now."""
    return service.advance(session=s, workspace_id=p.workspace_id, journey_id=journey_id)


@router.post("/journeys/{journey_id}/history", response_model=dict[str, int])
def import_history(journey_id: PathId, body: HistoryImport, s: SessionDep, p: Manager) -> dict[str, int]:
    """Past stage dates for accounts not on the journey yet (all or nothing)."""
    n = service.import_history(session=s, workspace_id=p.workspace_id, journey_id=journey_id, data=body)
    return {"accounts": n}


@router.get("/journeys/{journey_id}/report", response_model=JourneyReport)
def report(journey_id: PathId, s: SessionDep, p: Reader) -> JourneyReport:
    """Accounts per stage, median days in each, stuck accounts, and time to value per start month."""
    return service.report(session=s, workspace_id=p.workspace_id, journey_id=journey_id)
