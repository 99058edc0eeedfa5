"""The background work `steward serve` runs: the periodic jobs when STEWARD_SCHEDULER is on (churn refresh,
then the daily health scores), and the rescoring of accounts whose inputs changed (STEWARD_RESCORE)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from steward.core import changes
from steward.core.jobs import ChangeWorker, Periodic
from steward.domains.churn import jobs as churn_jobs
from steward.domains.health import jobs as health_jobs
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
    ]


@contextmanager
def rescoring(settings: Settings) -> Iterator[ChangeWorker | None]:
    """While open, committed changes to accounts' inputs rescore their health (see Settings.rescore)."""
    if settings.rescore == "off":
        yield None
        return
    worker = ChangeWorker(health_jobs.rescore_changed) if settings.rescore == "thread" else None
    if worker:
        worker.start()
    unsubscribe = changes.subscribe(worker.submit if worker else health_jobs.rescore_changed)
    try:
        yield worker
    finally:
        unsubscribe()
        if worker:
            worker.stop()
