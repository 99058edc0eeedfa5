"""HTTP routes of the feedback reader: what survey comments, tickets or timeline notes say, and the analysts'
corrections of single readings with the sentiment head the workspace learns from them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from steward.domains.feedback import service
from steward.domains.feedback.schemas import (
    CorrectionCreate,
    CorrectionPage,
    CorrectionResult,
    FeedbackReport,
    ModelReport,
    Source,
)
from steward.web.deps import PathId, Reader, SessionDep, Writer

router = APIRouter(tags=["feedback"])


@router.get("/feedback", response_model=FeedbackReport)
def feedback_report(
    s: SessionDep,
    p: Reader,
    source: Source = "surveys",
    start: date | None = None,
    end: date | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = service.LIMIT,
) -> FeedbackReport:
    """Languages, sentiment and themes (configured, then discovered) of the texts in [start, end)
    (default: the last 90 days): survey comments, what customers wrote in tickets, or the team's notes of
    calls and meetings; the newest `limit` texts."""
    return service.report(
        session=s, workspace_id=p.workspace_id, source=source, start=start, end=end, limit=limit
    )


@router.post(
    "/feedback/corrections",
    response_model=CorrectionResult,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "an earlier correction of the same text was replaced"}},
)
def correct(body: CorrectionCreate, response: Response, s: SessionDep, p: Writer) -> CorrectionResult:
    """Correct how Steward read one text: its sentiment, its themes (the workspace's configured theme names)
    or both. A survey comment's reading changes at once: the analyst's sentiment with score +1, 0 or -1
    (`sentiment_source` "analyst"), standing also for what the comment says about each theme. A ticket's or
    note's shows wherever it is read. The workspace's sentiment head is refitted from the sentiment
    corrections (from 5 on) in the request, about a second; `model` says what it learned."""
    result, created = service.correct(session=s, workspace_id=p.workspace_id, data=body, author_id=p.user_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return result


@router.get("/feedback/corrections", response_model=CorrectionPage)
def list_corrections(
    s: SessionDep,
    p: Reader,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CorrectionPage:
    """The workspace's corrections, the latest first."""
    return service.corrections(session=s, workspace_id=p.workspace_id, cursor=cursor, limit=limit)


@router.delete("/feedback/corrections/{correction_id}", response_model=ModelReport)
def delete_correction(correction_id: PathId, s: SessionDep, p: Writer) -> ModelReport:
    """Withdraw a correction: the head is refitted without it (below 5 sentiment corrections the workspace
    reads with the built-in head again) and a survey comment is read afresh."""
    return service.delete_correction(session=s, workspace_id=p.workspace_id, correction_id=correction_id)


@router.get("/feedback/model", response_model=ModelReport)
def sentiment_model(s: SessionDep, p: Reader) -> ModelReport:
    """The sentiment head the workspace reads with, and how well it agrees with the analysts' corrections."""
    return service.model(session=s, workspace_id=p.workspace_id)
