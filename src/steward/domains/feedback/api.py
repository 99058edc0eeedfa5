"""HTTP route of the feedback reader: what survey comments, tickets or timeline notes say."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from steward.domains.feedback import service
from steward.domains.feedback.schemas import FeedbackReport, Source
from steward.web.deps import Reader, SessionDep

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
