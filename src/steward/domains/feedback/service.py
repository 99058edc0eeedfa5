"""Voice of the customer across sources: the same offline reading (language, sentiment, configured and
discovered themes) applied to survey comments, to what customers wrote in tickets, and to the team's
timeline notes of calls and meetings. Survey comments are read when they arrive; tickets and notes are
read on request, the newest first up to a limit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from steward.analytics import feedback, text
from steward.core.clock import report_window, start_of_day
from steward.domains.feedback.schemas import FeedbackReport, Source
from steward.domains.reading import service as reading_service
from steward.domains.surveys import service as surveys_service
from steward.domains.tickets import service as tickets_service
from steward.domains.timeline import service as timeline_service

NOTE_KINDS = ("note", "call", "meeting")
LIMIT = 2000  # texts read per request: about two seconds on one core


def report(
    *,
    session: Session,
    workspace_id: int,
    source: Source,
    start: date | None = None,
    end: date | None = None,
    limit: int = LIMIT,
) -> FeedbackReport:
    start, end = report_window(start, end, 90)
    scope: dict[str, Any] = {"session": session, "workspace_id": workspace_id}
    since, until = start_of_day(start), start_of_day(end)
    if source == "surveys":
        said = surveys_service.comments(**scope, since=since, until=until, limit=limit)
    else:
        rows: Sequence[tuple[int, int | None, datetime, str]]
        if source == "tickets":
            rows = tickets_service.customer_texts(**scope, since=since, until=until, limit=limit)
        else:
            rows = timeline_service.texts(**scope, kinds=NOTE_KINDS, since=since, until=until, limit=limit)
        items = [(f"{source[:-1]}:{i}", t) for i, _, _, t in rows]
        said = read(**scope, items=items, themes=surveys_service.themes(**scope))
    vectors = reading_service.vectors(**scope, texts=[s.text for s in said])
    return _report(source, start, end, said, vectors)


def read(
    *, session: Session, workspace_id: int, items: Sequence[tuple[str, str]], themes: Sequence[text.Theme]
) -> list[feedback.Said]:
    """(ref, text) pairs read for language, sentiment, themes and sentiment per theme."""
    found = reading_service.read(
        session=session, workspace_id=workspace_id, texts=[t for _, t in items], themes=themes
    )
    return [
        feedback.Said(
            ref=ref,
            text=t,
            language=a.language,
            sentiment=a.sentiment,
            score=a.score,
            themes=a.themes,
            aspects={x.theme: (x.sentiment, x.score) for x in a.aspects},
        )
        for (ref, t), a in zip(items, found, strict=True)
    ]


def _report(
    source: Source, start: date, end: date, said: Sequence[feedback.Said], vectors: np.ndarray
) -> FeedbackReport:
    scores = [s.score for s in said if s.score is not None]
    return FeedbackReport(
        source=source,
        start=start.isoformat(),
        end=end.isoformat(),
        texts=len(said),
        languages=dict(Counter(s.language or "und" for s in said).most_common()),
        sentiment={k: sum(1 for s in said if s.sentiment == k) for k in ("positive", "neutral", "negative")},
        mean_sentiment=round(sum(scores) / len(scores), 4) if scores else None,
        themes=[surveys_service.theme_summary(t) for t in feedback.theme_stats(said, vectors=vectors)],
    )
