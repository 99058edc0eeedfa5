"""Reads of the reading domain: stored vectors by digest, corrections, the workspace's head."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.bulk import chunked
from steward.domains.reading.models import Correction, TextVector, WorkspaceHead


def stored_vectors(session: Session, workspace_id: int, model: str, digests: Sequence[str]) -> dict[str, bytes]:
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
