"""What the Data sync page shows: each source with its owner, last run, next run and failing streak (the
back-off it causes), one run's refused rows a page at a time, and who owns a source (told when it fails)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from steward.core.errors import NotFound
from steward.domains.sync import queries, runs, service
from steward.domains.sync.schemas import Problem, RunRead, SourceRead
from steward.domains.users import service as users_service

STREAK_LOOKBACK = 12  # runs read to count a failing streak; longer streaks show as "12 or more"


@dataclass(frozen=True)
class SourceRow:
    source: SourceRead
    owner_id: int | None
    owner: str | None
    last_run: RunRead | None
    next_run_at: datetime | None
    failing: int  # failed or interrupted runs in a row, newest first
    wait_minutes: int | None  # the schedule's wait after the last run, back-off included


@dataclass(frozen=True)
class RefusedPage:
    run: RunRead
    problems: list[Problem]
    page: int
    pages: int
    kept: int  # refusals stored with the run (the first runs.MAX_PROBLEMS); run.refused counts them all


def _row(session: Session, workspace_id: int, source_id: int, owners: dict[int, str]) -> SourceRow:
    src = queries.source(session, workspace_id, source_id)
    if src is None:
        raise NotFound("sync source", source_id)
    recent = queries.runs(session, workspace_id, source_id, limit=STREAK_LOOKBACK)
    failing = 0
    for run in recent:
        if run.status not in runs.FAILED:
            break
        failing += 1
    next_at = runs.next_run_at(src.every_minutes, recent[:8], src.created_at)
    wait = None
    if src.every_minutes is not None and recent:
        wait = int((next_at - recent[0].started_at).total_seconds() // 60) if next_at else None
    return SourceRow(
        source=service.get_source(session=session, workspace_id=workspace_id, source_id=source_id),
        owner_id=src.owner_id, owner=owners.get(src.owner_id) if src.owner_id else None,
        last_run=runs.run_read(recent[0]) if recent else None, next_run_at=next_at,
        failing=failing, wait_minutes=wait,
    )  # fmt: skip


def _owners(session: Session, workspace_id: int, ids: list[int]) -> dict[int, str]:
    return users_service.names_by_id(session=session, workspace_id=workspace_id, ids=ids) if ids else {}


def board(*, session: Session, workspace_id: int) -> list[SourceRow]:
    found = queries.sources(session, workspace_id)
    owners = _owners(session, workspace_id, sorted({s.owner_id for s in found if s.owner_id}))
    return [_row(session, workspace_id, s.id, owners) for s in found]


def source_row(*, session: Session, workspace_id: int, source_id: int) -> SourceRow:
    src = queries.source(session, workspace_id, source_id)
    owners = _owners(session, workspace_id, [src.owner_id] if src and src.owner_id else [])
    return _row(session, workspace_id, source_id, owners)


def refused(
    *, session: Session, workspace_id: int, source_id: int, run_id: int, page: int, size: int
) -> RefusedPage:
    """One page of a run's refused rows with their reasons; a run of another source is not found."""
    run = queries.run(session, workspace_id, run_id)
    if run is None or run.source_id != source_id:
        raise NotFound("sync run", run_id)
    read = runs.run_read(run)
    pages = max(1, -(-len(read.problems) // size))
    page = min(max(page, 1), pages)
    shown = read.problems[(page - 1) * size : page * size]
    return RefusedPage(run=read, problems=shown, page=page, pages=pages, kept=len(read.problems))


def set_owner(*, session: Session, workspace_id: int, source_id: int, owner_id: int | None) -> None:
    """The user told when the source starts failing; None leaves it to the workspace's admins."""
    src = queries.source(session, workspace_id, source_id)
    if src is None:
        raise NotFound("sync source", source_id)
    if owner_id is not None:
        users_service.require_users(
            session=session, workspace_id=workspace_id, ids=[owner_id], loc=("body", "owner_id")
        )
    src.owner_id = owner_id
    session.flush()
