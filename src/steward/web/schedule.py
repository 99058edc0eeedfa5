"""The background work `steward serve` runs: the periodic jobs when STEWARD_SCHEDULER is on (churn refresh,
then the daily health scores, then the daily rules and renewals), and, for accounts whose data changed,
their health rescored and then the rules run over them (STEWARD_RESCORE)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from steward.core import changes
from steward.core.changes import Changes
from steward.core.jobs import ChangeWorker, Periodic
from steward.domains.churn import jobs as churn_jobs
from steward.domains.health import jobs as health_jobs
from steward.domains.journeys import jobs as journeys_jobs
from steward.domains.mail import jobs as mail_jobs
from steward.domains.renewals import jobs as renewals_jobs
from steward.domains.reviews import jobs as reviews_jobs
from steward.domains.rules import jobs as rules_jobs
from steward.domains.webhooks import jobs as webhooks_jobs
from steward.settings import Settings


def default_jobs(settings: Settings) -> list[Periodic]:
    return [
        Periodic(
            "churn-refresh",
            3600.0,
            lambda: churn_jobs.refresh_models(retrain_days=settings.churn_retrain_days),
        ),
        # After churn: today's health scores read today's churn probabilities.
        Periodic("health-daily", 3600.0, health_jobs.score_today),
        # After health: rules read today's grades.
        Periodic("rules-daily", 3600.0, rules_jobs.run_daily),
        # After health and churn: the first forecast of a renewal reads both.
        Periodic("renewals-daily", 3600.0, renewals_jobs.open_due_daily),
        Periodic("reviews-daily", 3600.0, reviews_jobs.schedule_daily),
        Periodic("journeys-daily", 3600.0, journeys_jobs.advance_daily),
        Periodic(
            "webhooks", 10.0, lambda: webhooks_jobs.deliver_due(allow_private=settings.webhooks_allow_private)
        ),
        Periodic(
            "email",
            10.0,
            lambda: mail_jobs.deliver_due(smtp_url=settings.smtp_url, sender=settings.mail_from),
        ),
    ]


def on_changes(changes: Changes) -> None:
    """Health first, so that the rules and journeys read the new scores."""
    health_jobs.rescore_changed(changes)
    rules_jobs.evaluate_changed(changes)
    journeys_jobs.advance_changed(changes)


@contextmanager
def rescoring(settings: Settings) -> Iterator[ChangeWorker | None]:
    """While open, committed changes to accounts' inputs rescore their health (see Settings.rescore)."""
    if settings.rescore == "off":
        yield None
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
