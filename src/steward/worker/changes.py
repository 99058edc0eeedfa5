"""The work for accounts whose data changed: health rescored first, then rules and journeys over them (they
read the new scores). A workspace that fails at a stage is retried from that stage, so the rules that already
ran for it (and their webhooks and e-mails) are not run twice; the other workspaces go on."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from steward.core import changes
from steward.core.changes import Changes, Staged, run_stages
from steward.core.jobs import ChangeWorker
from steward.core.queue import RedisQueue, Unfinished
from steward.domains.health import jobs as health_jobs
from steward.domains.journeys import jobs as journeys_jobs
from steward.domains.rules import jobs as rules_jobs
from steward.settings import Settings

log = logging.getLogger(__name__)
STAGES = (health_jobs.rescore_changed, rules_jobs.evaluate_changed, journeys_jobs.advance_changed)
Encoded = dict[str, list[int] | None]


def on_changes(changed: Changes) -> None:
    """Inline: every stage now; what fails is logged (the thread and the workers retry it)."""
    if failed := run_stages(STAGES, {0: changed}):
        log.error("changed accounts left unfinished: %s", failed)


def run_queued(changed: Encoded | None = None, staged: dict[str, Encoded] | None = None) -> None:
    """The queued job "changes": new changes, or what a failed run left, by the stage to resume from."""
    work: Staged = {int(stage): decode(enc) for stage, enc in (staged or {}).items()}
    if changed:
        changes.merge(work.setdefault(0, {}), decode(changed))
    if failed := run_stages(STAGES, work):
        left = {str(stage): encode(c) for stage, c in failed.items()}
        raise Unfinished({"staged": left}, f"{sum(map(len, failed.values()))} workspaces failed")


def encode(changed: Changes) -> Encoded:
    return {str(ws): None if ids is None else sorted(ids) for ws, ids in changed.items()}


def decode(changed: Encoded) -> Changes:
    return {int(ws): None if ids is None else set(ids) for ws, ids in changed.items()}


@contextmanager
def rescoring(settings: Settings) -> Iterator[ChangeWorker | None]:
    """While open, committed changes to accounts' inputs run the stages (see Settings.rescore); in production
    mode each batch of changes is queued for the workers."""
    if settings.rescore == "off":
        yield None
        return
    if settings.redis_url:
        queue = RedisQueue(settings.redis_url)

        def queue_changes(changed: Changes) -> None:
            queue.enqueue("changes", {"changed": encode(changed)})

        unsubscribe = changes.subscribe(queue_changes)
        try:
            yield None
        finally:
            unsubscribe()
        return
    worker = ChangeWorker(STAGES) if settings.rescore == "thread" else None
    if worker:
        worker.start()
    unsubscribe = changes.subscribe(worker.submit if worker else on_changes)
    try:
        yield worker
    finally:
        unsubscribe()
        if worker:
            worker.stop()
