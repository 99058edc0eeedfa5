"""Live chat in the background: chats whose customer left and did not come back are closed into tickets."""

from __future__ import annotations

import logging
from datetime import datetime

from steward.core.clock import now_utc
from steward.core.db import unit_of_work
from steward.domains.chat import service

log = logging.getLogger(__name__)


def close_abandoned(*, now: datetime | None = None) -> int:
    """Close each chat left past the grace period into a ticket, each in a transaction of its own (one that
    fails is logged and the others still close); returns how many became tickets."""
    now = now or now_utc()
    with unit_of_work() as s:
        due = service.abandoned(session=s, now=now)
    closed = 0
    for workspace_id, conversation_id in due:
        try:
            with unit_of_work() as s:
                ended = service.abandon(
                    session=s, workspace_id=workspace_id, conversation_id=conversation_id, now=now
                )
        except Exception:
            log.exception(
                "closing the abandoned chat %s of workspace %s failed", conversation_id, workspace_id
            )
            continue
        closed += ended is not None
    return closed
