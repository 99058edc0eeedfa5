"""Which accounts' data changed in a transaction, handed to listeners once it commits. Domains record a
change without knowing who reacts (health rescoring does), so no domain imports another for it; a
rolled-back transaction hands on nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import event
from sqlalchemy.orm import Session

# workspace id -> changed account ids, or None for "every account of the workspace"
Changes = dict[int, set[int] | None]
Listener = Callable[[Changes], None]
# Changes part way through a pipeline of stages: stage index -> the changes to run from that stage on.
Staged = dict[int, Changes]

log = logging.getLogger(__name__)
_KEY = "steward.changed_accounts"
_listeners: list[Listener] = []


def record(session: Session, workspace_id: int, account_ids: Iterable[int | None] | None) -> None:
    """Note that these accounts' data changed (None: every account of the workspace)."""
    pending: Changes = session.info.setdefault(_KEY, {})
    if account_ids is None or (workspace_id in pending and pending[workspace_id] is None):
        pending[workspace_id] = None
        return
    known = pending.setdefault(workspace_id, set())
    assert known is not None
    known.update(int(a) for a in account_ids if a is not None)


def merge(into: Changes, more: Changes) -> None:
    for workspace_id, ids in more.items():
        if ids is None or into.get(workspace_id, set()) is None:
            into[workspace_id] = None
        else:
            into.setdefault(workspace_id, set()).update(ids)  # type: ignore[union-attr]


def run_stages(stages: Sequence[Callable[[Changes], object]], work: Staged) -> Staged:
    """Each workspace through the stages in order, one workspace at a time. A workspace whose stage raises
    stops there (the later stages would read stale results) and is returned under that stage, to be retried
    from it without repeating the stages it passed; the other workspaces go on."""
    failed: Staged = {}
    flowing: Changes = {}
    for index, stage in enumerate(stages):
        merge(flowing, work.get(index, {}))
        for workspace_id, ids in list(flowing.items()):
            try:
                stage({workspace_id: ids})
            except Exception:  # any failure: this workspace waits for its retry, the others go on
                name = getattr(stage, "__qualname__", stage)
                log.exception("%s failed for workspace %s", name, workspace_id)
                failed.setdefault(index, {})[workspace_id] = ids
                del flowing[workspace_id]
    return failed


def subscribe(listener: Listener) -> Callable[[], None]:
    """Call `listener` after each commit that recorded changes; returns the function that unsubscribes."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending: Changes | None = session.info.pop(_KEY, None)
    if pending:
        for listener in list(_listeners):
            try:
                listener(pending)
            except Exception:  # the transaction is committed: a listener's failure must not undo the answer
                log.exception("change listener %r failed", listener)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
