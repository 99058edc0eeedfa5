"""The jobs `steward serve` runs on its own schedule when STEWARD_SCHEDULER is on (the default): churn
refresh, then the daily health scores."""

from __future__ import annotations

from steward.core.jobs import Periodic
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
