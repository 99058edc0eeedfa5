"""The jobs `steward serve` runs on its own schedule when STEWARD_SCHEDULER is on (the default)."""

from __future__ import annotations

from steward.core.jobs import Periodic
from steward.domains.churn import jobs as churn_jobs
from steward.settings import Settings


def default_jobs(settings: Settings) -> list[Periodic]:
    return [
        Periodic(
            "churn-refresh",
            3600.0,
            lambda: churn_jobs.refresh_models(retrain_days=settings.churn_retrain_days),
        )
    ]
