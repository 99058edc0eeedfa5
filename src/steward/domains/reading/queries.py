"""Reads of the reading domain: stored vectors by digest, corrections, the workspace's head."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from steward.core.bulk import chunked
from steward.core.pagination import SortSpec, apply_keyset, encode_cursor
from steward.domains.reading.models import Correction, HeadRequest, TextVector, WorkspaceHead


def stored_vectors(
    session: Session, workspace_id: int, model: str, digests: Sequence[str]
) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for chunk in chunked(list(digests), 500):
        rows = session.execute(
            select(TextVector.digest, TextVector.vector).where(
                TextVector.workspace_id == workspace_id,
                TextVector.model == model,
                TextVector.digest.in_(chunk),
            )
        )
        out.update({d: v for d, v in rows})
    return out


def corrections(session: Session, workspace_id: int) -> list[Correction]:
    return list(
        session.scalars(
            select(Correction).where(Correction.workspace_id == workspace_id).order_by(Correction.id)
        )
    )


def corrections_page(
    session: Session, workspace_id: int, cursor: str | None, limit: int
) -> tuple[list[Correction], int, str | None]:
    """The latest corrections first (by when they were last made)."""
    base = select(Correction).where(Correction.workspace_id == workspace_id)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    spec = SortSpec(Correction.updated_at, descending=True)
    rows = list(session.scalars(apply_keyset(base, spec, Correction.id, cursor, limit)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].updated_at, rows[-1].id])
    return rows, int(total), next_cursor


def correction(session: Session, workspace_id: int, correction_id: int) -> Correction | None:
    row = session.get(Correction, correction_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def corrections_for(session: Session, workspace_id: int, refs: Sequence[str]) -> dict[str, Correction]:
    out: dict[str, Correction] = {}
    for chunk in chunked(list(refs), 500):
        rows = session.scalars(
            select(Correction).where(Correction.workspace_id == workspace_id, Correction.ref.in_(chunk))
        )
        out.update({c.ref: c for c in rows})
    return out


def workspace_head(session: Session, workspace_id: int) -> WorkspaceHead | None:
    return session.get(WorkspaceHead, workspace_id)


def head_request(session: Session, workspace_id: int) -> HeadRequest | None:
    return session.get(HeadRequest, workspace_id)


def head_requests(session: Session) -> list[tuple[int, datetime]]:
    rows = session.execute(
        select(HeadRequest.workspace_id, HeadRequest.requested_at).order_by(HeadRequest.requested_at)
    )
    return [(int(w), t) for w, t in rows]
