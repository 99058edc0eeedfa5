"""HTTP routes for business reviews, their cadence and the review pack."""

from __future__ import annotations

from fastapi import APIRouter, status

from steward.domains.reviews import pack, service
from steward.domains.reviews.schemas import (
    Cadence,
    ReviewCreate,
    ReviewPack,
    ReviewRead,
    ReviewUpdate,
    ScheduleResult,
    Status,
)
from steward.web.deps import Admin, Manager, PathId, QueryId, Reader, SessionDep, Writer

router = APIRouter(tags=["business reviews"])


@router.get("/reviews/cadence", response_model=Cadence)
def get_cadence(s: SessionDep, p: Reader) -> Cadence:
    return service.get_cadence(session=s, workspace_id=p.workspace_id)


@router.put("/reviews/cadence", response_model=Cadence)
def put_cadence(body: Cadence, s: SessionDep, p: Admin) -> Cadence:
    """Days between reviews per segment; accounts of other segments get none."""
    return service.set_cadence(session=s, workspace_id=p.workspace_id, data=body)


@router.post("/reviews/schedule-due", response_model=ScheduleResult)
def schedule_due(s: SessionDep, p: Manager) -> ScheduleResult:
    """What the daily job does, now: a review for each account of a segment with a cadence that has none."""
    return service.schedule_due(session=s, workspace_id=p.workspace_id)


@router.get("/reviews", response_model=list[ReviewRead])
def list_reviews(
    s: SessionDep,
    p: Reader,
    account_id: QueryId = None,
    status: Status | None = None,
    owner_id: QueryId = None,
) -> list[ReviewRead]:
    return service.list_reviews(
        session=s, workspace_id=p.workspace_id, account_id=account_id, status=status, owner_id=owner_id
    )


@router.post("/reviews", response_model=ReviewRead, status_code=status.HTTP_201_CREATED)
def create_review(body: ReviewCreate, s: SessionDep, p: Writer) -> ReviewRead:
    return service.create_review(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/reviews/{review_id}", response_model=ReviewRead)
def get_review(review_id: PathId, s: SessionDep, p: Reader) -> ReviewRead:
    return service.get_review(session=s, workspace_id=p.workspace_id, review_id=review_id)


@router.patch("/reviews/{review_id}", response_model=ReviewRead)
def update_review(review_id: PathId, body: ReviewUpdate, s: SessionDep, p: Writer) -> ReviewRead:
    return service.update_review(session=s, workspace_id=p.workspace_id, review_id=review_id, data=body)


@router.get("/reviews/{review_id}/pack", response_model=ReviewPack)
def review_pack(review_id: PathId, s: SessionDep, p: Reader) -> ReviewPack:
    """The pack from live data for the period since the account's previous review (or 90 days)."""
    return pack.review_pack(session=s, workspace_id=p.workspace_id, review_id=review_id)
