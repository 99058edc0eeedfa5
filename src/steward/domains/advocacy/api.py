"""HTTP routes for advocacy requests, the points table and the points ledger."""

from __future__ import annotations

from fastapi import APIRouter, status

from steward.domains.advocacy import service
from steward.domains.advocacy.schemas import (
    Advocate,
    PointsCreate,
    PointsTable,
    RequestCreate,
    RequestRead,
    RequestUpdate,
    Status,
)
from steward.web.deps import Admin, Manager, PathId, QueryId, Reader, SessionDep, Writer

router = APIRouter(tags=["advocacy"])


@router.get("/advocacy/points-table", response_model=dict[str, int])
def get_points_table(s: SessionDep, p: Reader) -> dict[str, int]:
    """What completing each kind of request earns."""
    return service.points_table(session=s, workspace_id=p.workspace_id)


@router.put("/advocacy/points-table", response_model=dict[str, int])
def put_points_table(body: PointsTable, s: SessionDep, p: Admin) -> dict[str, int]:
    return service.set_points_table(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/advocacy/requests", response_model=list[RequestRead])
def list_requests(
    s: SessionDep,
    p: Reader,
    account_id: QueryId = None,
    contact_id: QueryId = None,
    status: Status | None = None,
) -> list[RequestRead]:
    return service.list_requests(
        session=s, workspace_id=p.workspace_id, account_id=account_id, contact_id=contact_id, status=status
    )


@router.post("/advocacy/requests", response_model=RequestRead, status_code=status.HTTP_201_CREATED)
def create_request(body: RequestCreate, s: SessionDep, p: Writer) -> RequestRead:
    return service.create_request(session=s, workspace_id=p.workspace_id, data=body, asked_by=p.user_id)


@router.patch("/advocacy/requests/{request_id}", response_model=RequestRead)
def update_request(request_id: PathId, body: RequestUpdate, s: SessionDep, p: Writer) -> RequestRead:
    """`completed` earns the kind's points; leaving completed takes them back (refused once spent)."""
    return service.update_request(session=s, workspace_id=p.workspace_id, request_id=request_id, data=body)


@router.post("/advocacy/points", response_model=Advocate, status_code=status.HTTP_201_CREATED)
def add_points(body: PointsCreate, s: SessionDep, p: Manager) -> Advocate:
    """A bonus, a correction or a redemption (negative points)."""
    return service.add_points(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/advocacy/contacts/{contact_id}", response_model=Advocate)
def get_advocate(contact_id: PathId, s: SessionDep, p: Reader) -> Advocate:
    """A contact's balance, completed requests and ledger."""
    return service.advocate(session=s, workspace_id=p.workspace_id, contact_id=contact_id)


@router.get("/advocacy/leaderboard", response_model=list[Advocate])
def leaderboard(s: SessionDep, p: Reader, account_id: QueryId = None) -> list[Advocate]:
    return service.leaderboard(session=s, workspace_id=p.workspace_id, account_id=account_id)
