"""The background work of `steward serve`: the named periodic jobs when STEWARD_SCHEDULER is on (churn
refresh, then the daily health scores, then the daily rules, renewals, reviews and journeys; usage rollups,
webhooks, e-mail and the sentiment heads of workspaces whose analysts corrected readings every few seconds),
and, for accounts whose data changed, their health rescored and then rules and journeys run over them
(STEWARD_RESCORE). Embedded mode runs all of it in-process; with STEWARD_REDIS_URL set, serve only queues
the jobs and `steward worker` processes run them."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from steward.core import changes
from steward.core.changes import Changes
from steward.core.jobs import ChangeWorker, Periodic
from steward.core.queue import RedisQueue
from steward.domains.churn import jobs as churn_jobs
from steward.domains.events import jobs as events_jobs
from steward.domains.health import jobs as health_jobs
from steward.domains.journeys import jobs as journeys_jobs
from steward.domains.mail import jobs as mail_jobs
from steward.domains.reading import jobs as reading_jobs
from steward.domains.renewals import jobs as renewals_jobs
from steward.domains.reviews import jobs as reviews_jobs
from steward.domains.rules import jobs as rules_jobs
from steward.domains.surveys import jobs as surveys_jobs
from steward.domains.tickets import jobs as tickets_jobs
from steward.domains.webhooks import jobs as webhooks_jobs
from steward.settings import Settings


def periodic(settings: Settings) -> list[tuple[str, float, Callable[[], object]]]:
    """(name, every seconds, job), in the order a first tick runs them."""
    return [
        (
            "churn-refresh",
            3600.0,
            lambda: churn_jobs.refresh_models(retrain_days=settings.churn_retrain_days),
        ),
        # After churn: today's health scores read today's churn probabilities.
        ("health-daily", 3600.0, health_jobs.score_today),
        # After health: rules read today's grades; a renewal's first forecast reads health and churn.
        ("rules-daily", 3600.0, rules_jobs.run_daily),
        ("renewals-daily", 3600.0, renewals_jobs.open_due_daily),
        ("reviews-daily", 3600.0, reviews_jobs.schedule_daily),
        ("journeys-daily", 3600.0, journeys_jobs.advance_daily),
        ("recurring-issues", 3600.0, tickets_jobs.detect_daily),
        ("usage-rollup", 10.0, events_jobs.roll_up_all),
        ("sla-breaches", 60.0, tickets_jobs.watch_slas),
        (
            "csat",
            60.0,
            lambda: tickets_jobs.deliver_csat(secret=settings.secret_key, base_url=settings.public_url),
        ),
        ("surveys-daily", 3600.0, surveys_jobs.invite_due),
        (
            "surveys",
            60.0,
            lambda: surveys_jobs.deliver(secret=settings.secret_key, base_url=settings.public_url),
        ),
        (
            "events-archive",
            3600.0,
            lambda: events_jobs.archive_daily(root=settings.data_dir, raw_days=settings.events_raw_days),
        ),
        ("webhooks", 10.0, lambda: webhooks_jobs.deliver_due(allow_private=settings.webhooks_allow_private)),
        # After analysts changed sentiment corrections: their workspace's head, refitted outside transactions.
        ("sentiment-heads", 5.0, reading_jobs.refit_wanted),
        ("email", 10.0, lambda: mail_jobs.deliver_due(smtp_url=settings.smtp_url, sender=settings.mail_from)),
    ]


def default_jobs(settings: Settings) -> list[Periodic]:
    """What the scheduler thread of `steward serve` runs: the jobs themselves, or in production mode the
    queuing of each (once per period across every serve process)."""
    if not settings.redis_url:
        return [Periodic(name, every, job) for name, every, job in periodic(settings)]
    queue = RedisQueue(settings.redis_url)
    return [Periodic(name, every, _queuing(queue, name, every)) for name, every, _ in periodic(settings)]


def _queuing(queue: RedisQueue, name: str, every: float) -> Callable[[], object]:
    def run() -> bool:
        return queue.enqueue(name, once_per_seconds=every * 0.9)

    return run


def handlers(settings: Settings) -> dict[str, Callable[..., object]]:
    """What `steward worker` runs, by job name."""
    table: dict[str, Callable[..., object]] = {name: job for name, _, job in periodic(settings)}
    table["changes"] = lambda changed: on_changes(decode_changes(changed))
    return table


def on_changes(changes: Changes) -> None:
    """Health first, so that the rules and journeys read the new scores."""
    health_jobs.rescore_changed(changes)
    rules_jobs.evaluate_changed(changes)
    journeys_jobs.advance_changed(changes)


def encode_changes(changed: Changes) -> dict[str, list[int] | None]:
    return {str(ws): None if ids is None else sorted(ids) for ws, ids in changed.items()}


def decode_changes(changed: dict[str, list[int] | None]) -> Changes:
    return {int(ws): None if ids is None else set(ids) for ws, ids in changed.items()}


@contextmanager
def rescoring(settings: Settings) -> Iterator[ChangeWorker | None]:
    """While open, committed changes to accounts' inputs rescore their health (see Settings.rescore); in
    production mode each batch of changes is queued for the workers."""
    if settings.rescore == "off":
        yield None
        return
    if settings.redis_url:
        queue = RedisQueue(settings.redis_url)

        def queue_changes(changed: Changes) -> None:
            queue.enqueue("changes", {"changed": encode_changes(changed)})

        unsubscribe = changes.subscribe(queue_changes)
        try:
            yield None
        finally:
            unsubscribe()
        return
    worker = ChangeWorker(on_changes) if settings.rescore == "thread" else None
    if worker:
        worker.start()
    unsubscribe = changes.subscribe(worker.submit if worker else on_changes)
    try:
        yield worker
    finally:
        unsubscribe()
        if worker:
            worker.stop()


def run_worker(settings: Settings, stop: threading.Event, name: str | None = None) -> int:
    """The loop of `steward worker`: take jobs from Redis until `stop`; returns how many were taken."""
    if not settings.redis_url:
        raise ValueError(
            "steward worker needs STEWARD_REDIS_URL (without it, steward serve runs the jobs itself)"
        )
    queue = RedisQueue(settings.redis_url)
    return queue.work(handlers(settings), name or f"{socket.gethostname()}-{os.getpid()}", stop)
