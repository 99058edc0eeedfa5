"""Similar tickets: the workspace's recent tickets closest in meaning to one ticket, whatever their language
or wording (the cosine similarity of their e5 vectors, which the reading domain stores once per text and
recurring-issue detection reads too).

The candidates are bounded: the newest MAX_CANDIDATES tickets of the last WINDOW_DAYS. Their vectors are
normally stored already (the daily job stores them, see `store_vectors`); those still missing are embedded
a chunk at a time, newest first, until TIME_BUDGET is spent, so a page never waits long and the next view
finds more."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.errors import NotFound
from steward.domains.reading import service as reading_service
from steward.domains.tickets import queries
from steward.domains.tickets.schemas import SimilarTicket

WINDOW_DAYS = 180
MAX_CANDIDATES = 3000
# Cosine of e5 vectors from which a ticket is shown as similar: looser than recurring.THRESHOLD (the same
# problem), since a related ticket helps an agent too. Measured by bench/ticket_meaning.py: at 0.88 the top
# five hold 85% of a ticket's paraphrases (up to five) and 0.85 unrelated tickets, and 25 of 30 unrelated
# tickets show none (0.87: 89%, 1.05, 18 of 30; 0.89: 76%, 0.56, 28 of 30).
FLOOR = 0.88
CHUNK = 100
TIME_BUDGET = 1.5  # seconds of embedding missing vectors in one request


def similar(
    *, session: Session, workspace_id: int, ticket_id: int, limit: int = 5, now: datetime | None = None
) -> list[SimilarTicket]:
    """Up to `limit` other tickets of the last WINDOW_DAYS at least FLOOR alike, the most similar first."""
    found = queries.ticket_texts(session, workspace_id, ids=[ticket_id])
    if not found:
        raise NotFound("ticket", ticket_id, ("path", "ticket_id"))
    since = (now or now_utc()) - timedelta(days=WINDOW_DAYS)
    candidates = [
        t
        for t in queries.ticket_texts(
            session, workspace_id, since=since, newest_first=True, limit=MAX_CANDIDATES + 1
        )
        if t.id != ticket_id
    ][:MAX_CANDIDATES]
    vectors = _vectors_within_budget(
        session, workspace_id, [found[0].meaning, *(t.meaning for t in candidates)]
    )
    similarity = vectors[1:] @ vectors[0]
    ranked = sorted(
        (i for i in range(len(similarity)) if similarity[i] >= FLOOR), key=lambda i: -similarity[i]
    )[:limit]
    return [
        SimilarTicket(
            id=candidates[i].id,
            subject=candidates[i].subject,
            status=candidates[i].status,
            account_id=candidates[i].account_id,
            similarity=round(float(similarity[i]), 3),
            created_at=candidates[i].created_at,
        )
        for i in ranked
    ]


def store_vectors(*, session: Session, workspace_id: int, now: datetime | None = None) -> int:
    """Store the vectors of the tickets `similar` compares (once per text; those stored are read, not
    recomputed); returns how many tickets that covers."""
    since = (now or now_utc()) - timedelta(days=WINDOW_DAYS)
    rows = queries.ticket_texts(session, workspace_id, since=since, newest_first=True, limit=MAX_CANDIDATES)
    reading_service.vectors(session=session, workspace_id=workspace_id, texts=[t.meaning for t in rows])
    return len(rows)


def _vectors_within_budget(session: Session, workspace_id: int, texts: list[str]) -> np.ndarray:
    """Vectors of a prefix of `texts` (at least the first chunk): the rest once TIME_BUDGET is spent."""
    started = time.monotonic()
    parts: list[np.ndarray] = []
    for start in range(0, len(texts), CHUNK):
        if parts and time.monotonic() - started > TIME_BUDGET:
            break
        parts.append(
            reading_service.vectors(
                session=session, workspace_id=workspace_id, texts=texts[start : start + CHUNK]
            )
        )
    return np.vstack(parts)
