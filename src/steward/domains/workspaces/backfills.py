"""Backfills: data a workspace fills in behind its pages. The filler writes its progress and the state it
resumes from in the same transaction as each piece of data, so a restart goes on from the last commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.domains.workspaces.models import WorkspaceBackfill

# How long a claim holds without a commit: longer than the fill's longest transaction (the churn model, about
# 15 s at 500 accounts on an idle machine), short enough that a killed filler's work is taken up soon.
CLAIM_SECONDS = 180


class ClaimedElsewhere(Exception):
    """Another filler holds the workspace's backfill."""

    def __init__(self, holder: str, until: datetime | None, progress: float) -> None:
        self.holder, self.until, self.progress = holder, until, progress
        super().__init__(
            f"another process ({holder}) is filling this workspace's history, {progress:.0%} done"
        )


def claim(*, session: Session, workspace_id: int, holder: str) -> bool:
    """Take (or renew) the right to fill: one conditional row update, so of two fillers at once only one
    wins; a claim not renewed within CLAIM_SECONDS (its filler died) may be taken. False when nothing is left
    to fill; ClaimedElsewhere when another holds it."""
    now = now_utc()
    taken = session.execute(
        update(WorkspaceBackfill)
        .where(
            WorkspaceBackfill.workspace_id == workspace_id,
            WorkspaceBackfill.finished_at.is_(None),
            or_(
                WorkspaceBackfill.claimed_by.is_(None),
                WorkspaceBackfill.claimed_by == holder,
                WorkspaceBackfill.claimed_until < now,
            ),
        )
        .values(claimed_by=holder, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    )
    if getattr(taken, "rowcount", 0) == 1:
        return True
    row = session.get(WorkspaceBackfill, workspace_id, populate_existing=True)
    if row is None or row.finished_at is not None:
        return False
    raise ClaimedElsewhere(row.claimed_by or "?", row.claimed_until, row.progress)


def release(*, session: Session, workspace_id: int, holder: str) -> None:
    session.execute(
        update(WorkspaceBackfill)
        .where(WorkspaceBackfill.workspace_id == workspace_id, WorkspaceBackfill.claimed_by == holder)
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )


def begin(
    *, session: Session, workspace_id: int, kind: str, state: dict[str, Any], stage: str | None = None,
    current_ready: bool = True,
) -> None:  # fmt: skip
    row = WorkspaceBackfill(workspace_id=workspace_id, kind=kind, progress=0.0, state=state)
    row.stage, row.current_ready = stage, current_ready
    session.add(row)
    session.flush()


def unfinished(*, session: Session, workspace_id: int) -> dict[str, Any] | None:
    """The state to resume from, or None when nothing is left to fill."""
    row = session.get(WorkspaceBackfill, workspace_id)
    return None if row is None or row.finished_at is not None else dict(row.state)


def save(
    *, session: Session, workspace_id: int, progress: float, state: dict[str, Any], holder: str | None = None,
    stage: str | None = None, current_ready: bool = True,
) -> None:  # fmt: skip
    """Progress and resume state, in the transaction of the data they describe; renews `holder`'s claim,
    and refuses (ClaimedElsewhere, rolling the piece back) when another filler took it meanwhile."""
    row = session.get(WorkspaceBackfill, workspace_id, with_for_update=True)
    if row is None:
        raise LookupError(f"workspace {workspace_id} has no backfill")
    if holder is not None:
        if row.claimed_by != holder:
            raise ClaimedElsewhere(row.claimed_by or "?", row.claimed_until, row.progress)
        row.claimed_until = now_utc() + timedelta(seconds=CLAIM_SECONDS)
    row.progress, row.state = min(1.0, max(0.0, progress)), state
    row.stage, row.current_ready = stage, current_ready
    session.flush()


def finish(*, session: Session, workspace_id: int) -> None:
    row = session.get(WorkspaceBackfill, workspace_id, with_for_update=True)
    if row is not None:
        row.progress, row.state, row.finished_at = 1.0, {}, now_utc()  # the resume state is not needed now
        row.stage, row.current_ready = None, True
        row.claimed_by = row.claimed_until = None
        session.flush()


@dataclass(frozen=True)
class Filling:
    """What pages show of an unfinished backfill."""

    share: float  # 0..1
    stage: str | None  # what is being written now
    current_ready: bool  # False while what every page shows is still being written, not only the history


def filling(*, session: Session, workspace_id: int) -> Filling | None:
    """How far an unfinished backfill has got, or None when there is none."""
    row = session.execute(
        select(WorkspaceBackfill.progress, WorkspaceBackfill.stage, WorkspaceBackfill.current_ready).where(
            WorkspaceBackfill.workspace_id == workspace_id, WorkspaceBackfill.finished_at.is_(None)
        )
    ).first()
    return None if row is None else Filling(float(row[0]), row[1], bool(row[2]))
