"""A failing source tells its owner: on the first failure after a success (or of a source never run
before), an e-mail through the mail outbox to the owner (no owner: the workspace's active admins) and a
`sync_failed` alert to the chat channels that want it. Once per failing streak, never once per retry: the
back-off keeps retrying quietly, and a successful run ends the streak so the next failure tells again."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.roles import Role
from steward.domains.alerts import service as alerts_service
from steward.domains.mail import service as mail_service
from steward.domains.sync.models import SyncRun, SyncSource
from steward.domains.users import service as users_service

log = logging.getLogger(__name__)
EVENT = "sync_failed"


def _streak_started(session: Session, run: SyncRun) -> bool:
    """Whether this failed run starts a streak: the run before it that ended (interrupted runs never
    reached their end, so they neither start nor end one) did not fail."""
    before = session.scalar(
        select(SyncRun.status)
        .where(
            SyncRun.workspace_id == run.workspace_id,
            SyncRun.source_id == run.source_id,
            SyncRun.id < run.id,
            SyncRun.status.in_(("succeeded", "failed")),
        )
        .order_by(SyncRun.id.desc())
        .limit(1)
    )
    return before != "failed"


def _recipients(session: Session, src: SyncSource) -> list[tuple[str, str]]:
    """(name, address) of the owner if active, else of the workspace's active admins."""
    people = users_service.list_users(session=session, workspace_id=src.workspace_id)
    owner = [(u.name, u.email) for u in people if u.id == src.owner_id and u.is_active]
    return owner or [(u.name, u.email) for u in people if u.is_active and u.role == Role.admin.value]


def on_failure(*, session: Session, workspace_id: int, run_id: int, public_url: str | None) -> int:
    """Tell the owner about a failed run if it starts a failing streak; returns the e-mails queued."""
    run = session.scalar(select(SyncRun).where(SyncRun.workspace_id == workspace_id, SyncRun.id == run_id))
    if run is None or run.status != "failed" or not _streak_started(session, run):
        return 0
    src = session.scalar(
        select(SyncSource).where(SyncSource.workspace_id == workspace_id, SyncSource.id == run.source_id)
    )
    if src is None:
        return 0
    error = run.error or "no reason recorded"
    link = f"{public_url.rstrip('/')}/sync/{src.id}/runs/{run.id}" if public_url else f"/sync/{src.id}"
    retry = (
        f"It runs every {src.every_minutes} minutes; after each failure in a row it waits twice as long "
        "(at most a day). You will not be told again until it has succeeded and then fails once more."
        if src.every_minutes
        else "It has no schedule: it runs again when someone runs it."
    )
    recipients = _recipients(session, src)
    body = (
        f"The data sync source {src.name!r} ({src.kind} -> {src.target}) failed at "
        f"{run.started_at:%Y-%m-%d %H:%M} UTC:\n\n{error}\n\n{retry}\n\nRuns and refused rows: {link}\n"
    )
    items = [
        mail_service.Outgoing(to_address=address, subject=f"Data sync failing: {src.name}"[:300], body=body)
        for _, address in recipients
    ]
    queued, _ = mail_service.enqueue(session=session, workspace_id=workspace_id, items=items)
    owner = recipients[0][0] if src.owner_id and recipients else None
    alerts_service.raise_workspace_alert(
        session=session, workspace_id=workspace_id, event=EVENT, key=f"sync:{src.id}:{run.id}",
        subject=f"Data sync: {src.name}", what=error[:500], owner=owner,
    )  # fmt: skip
    return queued
