"""Named jobs that want to run as soon as a transaction that made work for them commits (a survey comment
to read), not at their next tick. A domain asks for its job with `after_commit(session, name)` and never
knows who runs it: `steward serve` subscribes a thread of its own (core.jobs.OnDemand), production mode a
queuing of the job for `steward worker`. `listening(name)` says whether anyone runs the job in the
background at all; when nobody does (tests, the CLI), the domain does the work in the request as before."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
_KEY = "steward.wakeups"
_wakers: dict[str, list[Callable[[], None]]] = {}


def subscribe(name: str, waker: Callable[[], None]) -> Callable[[], None]:
    """Call `waker` after each commit that asked for job `name`; returns the function that unsubscribes."""
    _wakers.setdefault(name, []).append(waker)
    return lambda: _wakers[name].remove(waker)


def listening(name: str) -> bool:
    return bool(_wakers.get(name))


def after_commit(session: Session, name: str) -> None:
    """Wake the runners of job `name` once this session's transaction commits (not if it rolls back)."""
    session.info.setdefault(_KEY, set()).add(name)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for name in sorted(session.info.pop(_KEY, ())):
        for waker in list(_wakers.get(name, ())):
            try:
                waker()
            except Exception:  # the transaction is committed: the periodic run catches up later
                log.exception("waking job %s failed", name)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
